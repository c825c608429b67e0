"""The tenant's dashboard tile: a Breathing Space is in place, until when, and what it means.

The portal passes the tenancies it already checked belong to this tenant, so this reads only
those (one query)."""

from __future__ import annotations

from django.utils import timezone

from .selectors import breathing_spaces_active_for_tenancies


def breathing_space_tile_context(*, user, tenancies) -> dict | None:
    """Shown only while a Breathing Space is in force on one of the tenant's tenancies."""
    # The dashboard passes TenancySummary objects; plain tenancies work too.
    owned = [getattr(item, "tenancy", item) for item in tenancies]
    by_id = {tenancy.pk: tenancy for tenancy in owned}
    if not by_id:
        return None
    spaces = breathing_spaces_active_for_tenancies(tenancy_ids=list(by_id), on=timezone.localdate())
    if not spaces:
        return None
    return {
        "spaces": [
            {"tenancy": by_id[tenancy_id], "space": space}
            for tenancy_id, space in sorted(spaces.items())
        ],
        "several": len(by_id) > 1,
    }
