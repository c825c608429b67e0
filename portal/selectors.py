"""Reads of tenant data. Every tenant-facing read goes through a function here that takes `user=`.

This is the access chokepoint: a tenant sees a tenancy only through their own link to it, and
asking for anything else raises Http404, exactly as if it did not exist.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db.models import (
    BigIntegerField,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    Window,
)
from django.db.models.functions import Coalesce
from django.http import Http404

from .models import Account, ImportRun, LedgerEntry, Tenancy, TenancyMember

RECENT_ENTRIES = 5
# A regular charge older than this is no longer running (the account has stopped charging).
CHARGE_STALE_AFTER_DAYS = 45


def counted_entries() -> QuerySet[LedgerEntry]:
    """Entries that count towards a balance: everything but superseded provisional entries."""
    return LedgerEntry.objects.filter(superseded_by__isnull=True)


def tenancies_for_user(*, user) -> QuerySet[Tenancy]:
    """The tenancies this login is linked to, through a lead or joint tenant's membership."""
    if not user.is_authenticated:
        return Tenancy.objects.none()
    return Tenancy.objects.filter(
        members__user=user,
        members__role__in=[TenancyMember.Role.LEAD, TenancyMember.Role.JOINT],
    ).distinct()


def account_get_for_user(*, user, reference: str) -> Account:
    """The account with this reference, if it is on one of the user's tenancies; else 404."""
    if "\x00" in reference:  # PostgreSQL refuses NUL in text: no such reference can exist
        raise Http404("No such account")
    account = (
        Account.objects.select_related("tenancy")
        .filter(reference=reference, tenancy__in=tenancies_for_user(user=user))
        .first()
    )
    if account is None:
        raise Http404("No such account")
    return account


@dataclass(frozen=True)
class NextCharge:
    due_on: dt.date
    amount_pence: int


@dataclass
class AccountSummary:
    account: Account
    balance_pence: int
    weekly_charge_pence: int | None
    next_charge: NextCharge | None
    recent_entries: list[LedgerEntry] = field(default_factory=list)

    @property
    def owes(self) -> bool:
        return self.balance_pence > 0

    @property
    def in_credit(self) -> bool:
        return self.balance_pence < 0

    @property
    def in_arrears(self) -> bool:
        """Owing on an account charged every week or month, beyond the charge just made."""
        return self.account.kind in Account.PERIODIC_KINDS and self.balance_pence > 0

    @property
    def weeks_in_arrears(self) -> str | None:
        """How many weeks of the regular charge the balance is, to one decimal place."""
        if not self.in_arrears or not self.weekly_charge_pence:
            return None
        tenths = (self.balance_pence * 10 + self.weekly_charge_pence // 2) // (
            self.weekly_charge_pence
        )
        return f"{tenths // 10}.{tenths % 10}"


@dataclass
class TenancySummary:
    tenancy: Tenancy
    accounts: list[AccountSummary]

    @property
    def total_balance_pence(self) -> int:
        return sum(summary.balance_pence for summary in self.accounts)


def _next_charge(*, last_on, previous_on, amount_pence, today: dt.date) -> NextCharge | None:
    """Project the next regular charge from the last two: same interval, same amount."""
    if last_on is None or amount_pence is None or amount_pence <= 0:
        return None
    if (today - last_on).days > CHARGE_STALE_AFTER_DAYS:
        return None
    interval = (last_on - previous_on).days if previous_on else 7
    if interval <= 0 or interval > 31:
        interval = 7
    due = last_on + dt.timedelta(days=interval)
    while due <= today:
        due += dt.timedelta(days=interval)
    return NextCharge(due_on=due, amount_pence=amount_pence)


def _weekly_charge(*, account: Account, last_amount, last_on, previous_on) -> int | None:
    if account.kind == Account.Kind.RENT and account.tenancy.weekly_rent_pence:
        return account.tenancy.weekly_rent_pence
    if account.kind not in Account.PERIODIC_KINDS or not last_amount or last_amount <= 0:
        return None
    interval = (last_on - previous_on).days if previous_on else 7
    if interval <= 0:
        return None
    return (last_amount * 7 + interval // 2) // interval


def _with_balances(accounts: QuerySet[Account]) -> QuerySet[Account]:
    """Each account with its balance (`ledger_balance_pence`), summed in the same query."""
    total = (
        counted_entries()
        .filter(account_id=OuterRef("pk"))
        .order_by()
        .values("account_id")
        .annotate(total=Sum("amount_pence"))
        .values("total")
    )
    return accounts.annotate(
        ledger_balance_pence=Coalesce(
            Subquery(total, output_field=BigIntegerField()),
            Value(0),
            output_field=BigIntegerField(),
        )
    )


def dashboard_for_user(*, user, today: dt.date | None = None) -> list[TenancySummary]:
    """Every account on each of the user's tenancies, with balance, arrears, next charge and
    the latest entries. Two queries however long the history: the accounts with their
    balances, and every account's latest entries and last two charges."""
    accounts = _with_balances(
        Account.objects.filter(tenancy__in=tenancies_for_user(user=user))
        .select_related("tenancy")
        .order_by("tenancy__start_date", "tenancy_id", "id")
    )
    return _summaries(accounts=list(accounts), today=today or dt.date.today())


def tenancy_summary(*, tenancy: Tenancy, today: dt.date | None = None) -> TenancySummary:
    """One tenancy's accounts with balances, arrears and recent entries, for the officers'
    side (officers see every tenancy, so this takes no `user=`; never call it from a
    tenant's view)."""
    accounts = list(
        _with_balances(
            Account.objects.filter(tenancy=tenancy).select_related("tenancy").order_by("id")
        )
    )
    summaries = _summaries(accounts=accounts, today=today or dt.date.today())
    return summaries[0] if summaries else TenancySummary(tenancy=tenancy, accounts=[])


def _summaries(*, accounts: list[Account], today: dt.date) -> list[TenancySummary]:
    ledger = _ledger_heads(account_ids=[account.pk for account in accounts])

    by_tenancy: dict[int, TenancySummary] = {}
    for account in accounts:
        head = ledger.get(account.pk, _LedgerHead())
        last, previous = (head.charges + [None, None])[:2]
        last_on = last.posted_on if last else None
        last_pence = last.amount_pence if last else None
        previous_on = previous.posted_on if previous else None
        summary = AccountSummary(
            account=account,
            balance_pence=account.ledger_balance_pence,
            weekly_charge_pence=_weekly_charge(
                account=account, last_amount=last_pence, last_on=last_on, previous_on=previous_on
            ),
            next_charge=(
                _next_charge(
                    last_on=last_on, previous_on=previous_on, amount_pence=last_pence, today=today
                )
                if account.tenancy.is_current and account.kind in Account.PERIODIC_KINDS
                else None
            ),
            recent_entries=head.recent,
        )
        by_tenancy.setdefault(
            account.tenancy_id, TenancySummary(tenancy=account.tenancy, accounts=[])
        ).accounts.append(summary)
    return list(by_tenancy.values())


@dataclass
class _LedgerHead:
    """What the dashboard needs of one account's ledger beyond its balance: its newest
    entries and its last two regular charges."""

    recent: list[LedgerEntry] = field(default_factory=list)
    charges: list[LedgerEntry] = field(default_factory=list)


# For each account, its newest entries and its last two charges, read backwards along the
# (account, posted_on, id) index: a few rows each however long the history. Plain SQL because
# the ORM cannot put LIMIT inside UNION ALL on SQLite; this form runs on PostgreSQL and SQLite
# alike. Only placeholders and fixed words are formatted into it.
_HEAD_PART_SQL = (
    "SELECT * FROM (SELECT e.*, '{part}' AS part FROM portal_ledgerentry e"
    " WHERE e.account_id = %s AND e.superseded_by_id IS NULL{kind_filter}"
    " ORDER BY e.posted_on DESC, e.id DESC LIMIT %s) AS {alias}"
)


def _ledger_heads(*, account_ids: list[int]) -> dict[int, _LedgerHead]:
    if not account_ids:
        return {}
    heads = {account_id: _LedgerHead() for account_id in account_ids}

    parts, params = [], []
    for number, account_id in enumerate(account_ids):
        parts.append(_HEAD_PART_SQL.format(part="recent", kind_filter="", alias=f"r{number}"))
        params += [account_id, RECENT_ENTRIES]
        parts.append(
            _HEAD_PART_SQL.format(part="charge", kind_filter=" AND e.kind = %s", alias=f"c{number}")
        )
        params += [account_id, LedgerEntry.Kind.CHARGE.value, 2]
    for entry in LedgerEntry.objects.raw(" UNION ALL ".join(parts), params):
        head = heads[entry.account_id]
        (head.recent if entry.part == "recent" else head.charges).append(entry)
    return heads


@dataclass(frozen=True)
class StatementFilter:
    date_from: dt.date | None = None
    date_to: dt.date | None = None

    def as_q(self) -> Q:
        q = Q()
        if self.date_from:
            q &= Q(posted_on__gte=self.date_from)
        if self.date_to:
            q &= Q(posted_on__lte=self.date_to)
        return q


def statement_entries(*, account: Account, date_filter: StatementFilter) -> QuerySet:
    """The account's entries in the range, newest first, each with the balance after it.

    `running_pence` is the running total within the range; add `opening_balance` for the
    balance after each entry. Callers get the account from `account_get_for_user`.
    """
    return (
        counted_entries()
        .filter(account=account)
        .filter(date_filter.as_q())
        .annotate(
            running_pence=Window(
                Sum("amount_pence"), order_by=[F("posted_on").asc(), F("id").asc()]
            )
        )
        .order_by("-posted_on", "-id")
    )


def opening_balance(*, account: Account, date_filter: StatementFilter) -> int:
    """The balance before the first day of the range (0 with no start date)."""
    if not date_filter.date_from:
        return 0
    total = (
        counted_entries()
        .filter(account=account, posted_on__lt=date_filter.date_from)
        .aggregate(total=Sum("amount_pence"))["total"]
    )
    return total or 0


def statement_rows_for_csv(
    *, account: Account, date_filter: StatementFilter
) -> Iterator[tuple[LedgerEntry, int]]:
    """Each entry in the range with the balance after it, oldest first, streamed."""
    balance = opening_balance(account=account, date_filter=date_filter)
    entries = (
        counted_entries()
        .filter(account=account)
        .filter(date_filter.as_q())
        .order_by("posted_on", "id")
        .iterator(chunk_size=2000)
    )
    for entry in entries:
        balance += entry.amount_pence
        yield entry, balance


def import_runs_recent(*, limit: int = 20) -> QuerySet[ImportRun]:
    """For officers: the latest imports from the housing system and how they went."""
    return ImportRun.objects.order_by("-started_at")[:limit]
