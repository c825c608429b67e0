"""Payments' panel on the officer's case page: recent card payments and Direct Debit
collections, the Direct Debit mandates, and any Stripe event about this tenancy's payments
that credited nothing and needs a person (`selectors.unmatched_events`). Read-only; four
queries. Registered from `PaymentsConfig.ready()`."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.models import Account
from portal.tiles import CasePanel, register_case_panel

from .models import Mandate, PaymentAttempt
from .selectors import mandates_by_account, unmatched_events

RECENT_ATTEMPTS = 10


def payments_case_panel_context(*, tenancy, officer) -> dict:
    accounts = list(Account.objects.filter(tenancy=tenancy).order_by("id"))
    attempts = list(
        PaymentAttempt.objects.filter(account__tenancy=tenancy)
        .select_related("account")
        .order_by("-created_at")[:RECENT_ATTEMPTS]
    )
    mandates = mandates_by_account(accounts=accounts)
    tenancy_attempts = PaymentAttempt.objects.filter(account__tenancy=tenancy)
    tenancy_mandates = Mandate.objects.filter(account__tenancy=tenancy)
    unmatched = list(
        unmatched_events().filter(
            Q(object_id__in=tenancy_attempts.values("payment_intent_id"))
            | Q(object_id__in=tenancy_attempts.values("checkout_session_id"))
            | Q(object_id__in=tenancy_mandates.values("setup_intent_id"))
            | Q(object_id__in=tenancy_mandates.values("checkout_session_id"))
        )[:20]
    )
    by_id = {account.pk: account for account in accounts}
    return {
        "attempts": attempts,
        "mandates": [(by_id[account_id], mandate) for account_id, mandate in mandates.items()],
        "unmatched": unmatched,
    }


def register_case_panels() -> None:
    register_case_panel(
        CasePanel(
            key="payments",
            title=_("Payments and Direct Debit"),
            template="payments/case_panel.html",
            order=40,
            context=payments_case_panel_context,
        )
    )
