"""The payments tile on the tenant's dashboard: Direct Debit first, then card, and any payment
still waiting for confirmation (the pending part of the statement). Two queries."""

from __future__ import annotations

from . import selectors, stripe_client


def payments_tile_context(*, user, tenancies) -> dict | None:
    accounts = [summary.account for tenancy in tenancies for summary in tenancy.accounts]
    if not accounts:
        return None
    mandates = selectors.mandates_by_account(accounts=accounts)
    return {
        "configured": stripe_client.is_configured(),
        "pending": list(selectors.pending_attempts(accounts=accounts)[:5]),
        "active_mandates": [
            mandate for mandate in mandates.values() if mandate.status == mandate.Status.ACTIVE
        ],
        "live_mandates": [mandate for mandate in mandates.values() if mandate.is_live],
    }


def pending_statement_panel_context(*, user, account) -> dict | None:
    """Payments on this account sent to Stripe and not yet confirmed: shown above the
    statement until the credit lands in the ledger. One query."""
    pending = list(selectors.pending_attempts(accounts=[account])[:10])
    return {"pending": pending} if pending else None
