"""Reads for the payment pages. Tenant reads take `user=` and go through portal's chokepoint
(`tenancies_for_user`): anything else raises Http404, exactly as if it did not exist."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.db.models import QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from portal.models import Account
from portal.selectors import account_get_for_user, counted_entries, tenancies_for_user

from .models import Mandate, PaymentAttempt, StripeEvent

# Pending payments stay on the tenant's pages this long at most (a card payment is confirmed
# in seconds; a Direct Debit in about a week).
PENDING_SHOWN_FOR = dt.timedelta(days=14)


@dataclass(frozen=True)
class PayableAccount:
    account: Account
    balance_pence: int

    @property
    def owed_pence(self) -> int:
        return max(self.balance_pence, 0)

    @property
    def default_amount_pence(self) -> int | None:
        """What is owed, when it is something the form accepts."""
        owed = self.owed_pence
        if settings.PAYMENTS_MIN_PENCE <= owed <= settings.PAYMENTS_MAX_PENCE:
            return owed
        return None


def payable_accounts_for_user(*, user) -> list[PayableAccount]:
    """Every account on the user's tenancies, with its balance (one grouped query)."""
    accounts = list(
        Account.objects.filter(tenancy__in=tenancies_for_user(user=user))
        .select_related("tenancy")
        .order_by("tenancy__start_date", "tenancy_id", "id")
    )
    balances = dict(
        counted_entries()
        .filter(account__in=[account.pk for account in accounts])
        .values_list("account_id")
        .annotate(total=Sum("amount_pence"))
    )
    return [PayableAccount(account, balances.get(account.pk) or 0) for account in accounts]


def payable_account_get_for_user(*, user, reference: str) -> PayableAccount:
    account = account_get_for_user(user=user, reference=reference)
    balance = counted_entries().filter(account=account).aggregate(total=Sum("amount_pence"))
    return PayableAccount(account, balance["total"] or 0)


def attempt_get_for_user(*, user, attempt_id: uuid.UUID) -> PaymentAttempt:
    """A payment on one of the user's accounts (a joint tenant sees the other's), else 404."""
    attempt = (
        PaymentAttempt.objects.select_related("account", "account__tenancy")
        .filter(pk=attempt_id, account__tenancy__in=tenancies_for_user(user=user))
        .first()
    )
    if attempt is None:
        raise Http404("No such payment")
    return attempt


def mandate_get_for_user(*, user, mandate_id: uuid.UUID) -> Mandate:
    mandate = (
        Mandate.objects.select_related("account", "account__tenancy")
        .filter(pk=mandate_id, account__tenancy__in=tenancies_for_user(user=user))
        .first()
    )
    if mandate is None:
        raise Http404("No such Direct Debit")
    return mandate


def mandates_by_account(*, accounts: list[Account]) -> dict[int, Mandate]:
    """Each account's current mandate: the live one, else the latest (one query)."""
    current: dict[int, Mandate] = {}
    for mandate in Mandate.objects.filter(account__in=accounts).order_by("created_at"):
        held = current.get(mandate.account_id)
        if held is None or mandate.is_live or not held.is_live:
            current[mandate.account_id] = mandate
    return current


def pending_attempts(*, accounts: list[Account]) -> QuerySet[PaymentAttempt]:
    """Payments sent to Stripe and not yet confirmed, newest first."""
    return (
        PaymentAttempt.objects.filter(
            account__in=accounts,
            status=PaymentAttempt.Status.PENDING,
            created_at__gte=timezone.now() - PENDING_SHOWN_FOR,
        )
        .select_related("account")
        .order_by("-created_at")
    )


def unmatched_events(*, older_than: dt.timedelta | None = None) -> QuerySet[StripeEvent]:
    """For officers: Stripe events that credited nothing and need a person to look."""
    events = StripeEvent.objects.filter(status=StripeEvent.Status.UNMATCHED)
    if older_than is not None:
        events = events.filter(received_at__lt=timezone.now() - older_than)
    return events.order_by("received_at")
