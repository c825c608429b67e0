"""Reads of payment plans. Tenant reads take `user=` and go through portal's chokepoint
(`tenancies_for_user`): another tenant's plan raises Http404, exactly as if it did not exist.
Officer reads (the decision screen, the case panel, monitoring, the export) take no `user=`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Prefetch, Sum
from django.http import Http404

from budgeting.selectors import (
    answers_from_budget,
    budget_latest_for_tenancy,
    budget_latest_submitted_for_user,
    budget_summary,
)
from casework.selectors import breathing_space_active
from payments.models import Mandate
from payments.selectors import mandates_by_account
from portal.models import Account, LedgerEntry, Tenancy
from portal.selectors import (
    AccountSummary,
    TenancySummary,
    counted_entries,
    dashboard_for_user,
    tenancies_for_user,
)

from . import policy
from . import schedule as sched
from .models import (
    Arrangement,
    ArrangementDecision,
    ArrangementStateChange,
    CounterOffer,
    PolicySettings,
)


def grace_days() -> int:
    return int(getattr(settings, "ARRANGEMENTS_GRACE_DAYS", 5))


def policy_limits() -> policy.Limits:
    row = PolicySettings.current()
    return policy.Limits(
        max_weeks_to_clear=row.max_weeks_to_clear,
        max_arrears_pence=row.max_arrears_pence,
        broken_plan_lookback_days=row.broken_plan_lookback_days,
        require_budget=row.require_budget,
    )


# --- The tenant's side ----------------------------------------------------------------------


@dataclass
class PlanContext:
    """What the proposal page needs: the tenancy, its accounts and what is owed."""

    summary: TenancySummary

    @property
    def tenancy(self) -> Tenancy:
        return self.summary.tenancy

    @property
    def rent(self) -> AccountSummary | None:
        for account in self.summary.accounts:
            if account.account.kind == Account.Kind.RENT:
                return account
        return None

    @property
    def others_owed(self) -> list[AccountSummary]:
        """Accounts besides rent with money owed, which the tenant may add to the plan."""
        return [
            account
            for account in self.summary.accounts
            if account.account.kind != Account.Kind.RENT and account.balance_pence > 0
        ]

    def covered(self, references: list[str]) -> list[AccountSummary]:
        rent = self.rent
        chosen = [a for a in self.others_owed if a.account.reference in set(references)]
        return ([rent] if rent else []) + chosen

    @staticmethod
    def owed(accounts: list[AccountSummary]) -> int:
        return sum(account.balance_pence for account in accounts)

    @staticmethod
    def weekly_charge(accounts: list[AccountSummary]) -> int:
        return sum(
            account.weekly_charge_pence or 0
            for account in accounts
            if account.account.kind in Account.PERIODIC_KINDS
        )


def plan_context_for_user(*, user, today: dt.date | None = None) -> PlanContext | None:
    """The user's current tenancy with a rent account (the first, if they have several), with
    its balances; None if they have none."""
    for summary in dashboard_for_user(user=user, today=today):
        if summary.tenancy.is_current and any(
            a.account.kind == Account.Kind.RENT for a in summary.accounts
        ):
            return PlanContext(summary=summary)
    return None


def _with_history(queryset):
    return queryset.select_related("tenancy", "mandate").prefetch_related(
        "accounts",
        Prefetch("decisions", queryset=ArrangementDecision.objects.select_related("actor")),
        Prefetch("counter_offers", queryset=CounterOffer.objects.all()),
        Prefetch("state_changes", queryset=ArrangementStateChange.objects.all()),
    )


def arrangement_open_for_tenancy(*, tenancy: Tenancy) -> Arrangement | None:
    return (
        _with_history(Arrangement.objects.filter(tenancy=tenancy))
        .filter(status__in=Arrangement.OPEN_STATUSES)
        .first()
    )


def arrangements_for_user(*, user) -> list[Arrangement]:
    return list(
        Arrangement.objects.filter(tenancy__in=tenancies_for_user(user=user)).select_related(
            "tenancy"
        )
    )


def arrangement_get_for_user(*, user, arrangement_id: int) -> Arrangement:
    """A plan on one of the user's tenancies (a joint tenant sees the other's), else 404."""
    arrangement = (
        _with_history(Arrangement.objects.filter(pk=arrangement_id))
        .filter(tenancy__in=tenancies_for_user(user=user))
        .first()
    )
    if arrangement is None:
        raise Http404("No such payment plan")
    return arrangement


def budget_available_monthly(*, tenancy: Tenancy, user=None) -> int | None:
    """What the latest submitted budget leaves each month for a plan; None with no budget.

    With `user` (the tenant's own pages and proposal): that tenant's own latest budget only, as
    a joint tenant's budget is private to them. Without (officers): the latest by anyone on
    the tenancy (`budget_latest_for_tenancy`, the officers' read)."""
    if user is not None:
        budget = budget_latest_submitted_for_user(user=user, tenancy=tenancy)
    else:
        budget = budget_latest_for_tenancy(tenancy=tenancy)
    if budget is None:
        return None
    return budget_summary(answers=answers_from_budget(budget)).available_for_payment_plan_pence


def broken_plan_on(*, tenancy: Tenancy) -> dt.date | None:
    """The last day a plan on this tenancy broke (went behind), if ever."""
    change = (
        ArrangementStateChange.objects.filter(
            arrangement__tenancy=tenancy,
            to_status=Arrangement.Status.BREACHED,
        )
        .exclude(from_status=Arrangement.Status.BREACHED)
        .order_by("-on")
        .first()
    )
    return change.on if change else None


def rent_mandate(*, tenancy: Tenancy) -> Mandate | None:
    """The rent account's current Direct Debit (live if there is one), or None."""
    accounts = list(Account.objects.filter(tenancy=tenancy, kind=Account.Kind.RENT))
    mandates = mandates_by_account(accounts=accounts)
    for account in accounts:
        mandate = mandates.get(account.pk)
        if mandate is not None and mandate.is_live:
            return mandate
    return None


def breathing_space_for(*, arrangement: Arrangement, on: dt.date | None = None):
    """The Breathing Space in force that covers any of the plan's accounts, or None."""
    space = breathing_space_active(tenancy=arrangement.tenancy, on=on)
    if space is None:
        return None
    if not space.account_references:
        return space
    covered = {account.reference for account in arrangement.accounts.all()}
    return space if covered & set(space.account_references) else None


# --- Progress against the plan ---------------------------------------------------------------


@dataclass(frozen=True)
class Progress:
    """Where the tenant is against their plan on `on`: positive `ahead_pence` is ahead."""

    on: dt.date
    balance_pence: int
    expected_pence: int
    schedule: sched.Schedule
    next_instalment: sched.Instalment | None
    all_due: bool  # every payment has fallen due (and its grace has passed)

    @property
    def ahead_pence(self) -> int:
        return self.expected_pence - self.balance_pence

    @property
    def behind(self) -> bool:
        return self.balance_pence > self.expected_pence

    @property
    def cleared(self) -> bool:
        """Nothing owed, or every payment made as the plan asked."""
        return self.balance_pence <= 0 or (self.all_due and not self.behind)


def covered_balance(*, arrangement: Arrangement) -> int:
    ids = [account.pk for account in arrangement.accounts.all()]
    total = counted_entries().filter(account_id__in=ids).aggregate(total=Sum("amount_pence"))
    return total["total"] or 0


def charges_since_start(*, arrangement: Arrangement, on: dt.date) -> int:
    ids = [account.pk for account in arrangement.accounts.all()]
    total = (
        counted_entries()
        .filter(
            account_id__in=ids,
            kind=LedgerEntry.Kind.CHARGE,
            posted_on__gt=arrangement.balance_on,
            posted_on__lte=on,
        )
        .aggregate(total=Sum("amount_pence"))
    )
    return total["total"] or 0


def plan_progress(*, arrangement: Arrangement, on: dt.date) -> Progress:
    """The expected balance (the issue's rule, as Hackney's): the starting balance, less the
    lump sum and the instalments due, plus the charges since the start (less the ongoing
    charge each payment includes). A payment counts as due only once the grace days after
    its date have passed, so a payment still clearing never makes a plan late."""
    plan = arrangement.schedule()
    cutoff = on - dt.timedelta(days=grace_days())
    expected = sched.expected_balance(
        schedule=plan,
        starting_balance_pence=arrangement.starting_balance_pence,
        cutoff=cutoff,
        covers_charge=arrangement.covers_charge,
        charge_pence=arrangement.charge_pence,
        charges_since_start_pence=charges_since_start(arrangement=arrangement, on=on),
    )
    last_due = plan.clears_on
    return Progress(
        on=on,
        balance_pence=covered_balance(arrangement=arrangement),
        expected_pence=expected,
        schedule=plan,
        next_instalment=plan.next_after(on),
        all_due=last_due is not None and last_due <= cutoff,
    )


# --- Officers ------------------------------------------------------------------------------


def arrangement_get_for_officer(*, arrangement_id: int) -> Arrangement:
    arrangement = _with_history(Arrangement.objects.filter(pk=arrangement_id)).first()
    if arrangement is None:
        raise Http404("No such payment plan")
    return arrangement


def arrangements_for_tenancy(*, tenancy: Tenancy, limit: int = 10) -> list[Arrangement]:
    """The tenancy's plans, newest first, with decisions, offers and history (4 queries)."""
    return list(_with_history(Arrangement.objects.filter(tenancy=tenancy))[:limit])


def case_panel_context(*, tenancy: Tenancy, officer) -> dict | None:
    return {"arrangements": arrangements_for_tenancy(tenancy=tenancy)}


def running_arrangements():
    return (
        Arrangement.objects.filter(status__in=Arrangement.RUNNING_STATUSES)
        .select_related("tenancy")
        .prefetch_related("accounts")
        .order_by("pk")
    )


def arrangements_changed_since(*, since: dt.date):
    return (
        Arrangement.objects.filter(updated_at__date__gte=since)
        .select_related("tenancy")
        .prefetch_related("accounts", "decisions")
        .order_by("updated_at", "pk")
    )


# --- The dashboard tile and subject access ---------------------------------------------------


def tile_context(*, user, tenancies) -> dict | None:
    """The "Payment plan" tile: the open plan, or an offer to make one when rent is owed.
    One query."""
    current = [summary for summary in tenancies if summary.tenancy.is_current]
    if not current:
        return None
    plan = (
        Arrangement.objects.filter(
            tenancy__in=[summary.tenancy for summary in current],
            status__in=Arrangement.OPEN_STATUSES,
        )
        .order_by("-created_at")
        .first()
    )
    owed = sum(
        account.balance_pence
        for summary in current
        for account in summary.accounts
        if account.balance_pence > 0
    )
    if plan is None and owed <= 0:
        return None
    return {"plan": plan, "owed_pence": owed}


def arrangements_for_subject_access(*, user) -> list[dict]:
    rows = []
    plans = _with_history(Arrangement.objects.filter(tenancy__in=tenancies_for_user(user=user)))
    for plan in plans:
        rows.append(
            {
                "plan": plan.pk,
                "tenancy": plan.tenancy.reference,
                "accounts": ", ".join(a.reference for a in plan.accounts.all()),
                "status": plan.get_status_display(),
                "amount_towards_arrears_pence": plan.amount_pence,
                "frequency": plan.get_frequency_display(),
                "start_on": plan.start_on.isoformat(),
                "includes_ongoing_charge": plan.covers_charge,
                "ongoing_charge_pence": plan.charge_pence,
                "lump_sum_pence": plan.lump_sum_pence,
                "payment_method": plan.get_payment_method_display(),
                "starting_balance_pence": plan.starting_balance_pence,
                "proposed_at": plan.created_at.isoformat(),
                "decisions": "; ".join(
                    f"{d.at:%Y-%m-%d} {d.get_action_display()}"
                    + (f" ({d.get_reason_display()})" if d.reason else "")
                    for d in plan.decisions.all()
                ),
            }
        )
    return rows
