"""The dashboard tile: "Check what benefits you could get", with the latest check's news."""

from __future__ import annotations

from portal.selectors import tenancies_for_user

from .models import BenefitsCheck

# What the tile shows of a check. Its answers and results (large JSON) are left unread:
# reading them back cost the dashboard several milliseconds a request.
TILE_FIELDS = ("id", "user_id", "tenancy_id", "created_at", "missing_monthly_pence")


def benefits_tile_context(*, user, tenancies) -> dict | None:
    """One query: the user's latest check, if any (as `selectors.latest_check_for_user`)."""
    if not tenancies:
        return None
    latest = (
        BenefitsCheck.objects.filter(user=user, tenancy__in=tenancies_for_user(user=user))
        .order_by("-created_at", "-id")
        .only(*TILE_FIELDS)
        .first()
    )
    return {"latest": latest}
