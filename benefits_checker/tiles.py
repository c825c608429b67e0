"""The dashboard tile: "Check what benefits you could get", with the latest check's news."""

from __future__ import annotations

from .selectors import latest_check_for_user


def benefits_tile_context(*, user, tenancies) -> dict | None:
    """One query: the user's latest check, if any."""
    if not tenancies:
        return None
    return {"latest": latest_check_for_user(user=user)}
