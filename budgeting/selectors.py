"""Reads of budgets. Tenant reads take `user=` and raise 404 for anything that user may not see.

A tenant reaches a tenancy only through `portal.selectors.tenancies_for_user`, and a budget only
through their own login and that tenancy: another tenant's budget (or a joint tenant's) looks
exactly like one that does not exist. Officers read through `budget_latest_for_tenancy`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from django.db.models import Max, Prefetch, Subquery, Sum, prefetch_related_objects
from django.http import Http404

from portal.models import Account, LedgerEntry, Tenancy
from portal.selectors import counted_entries, tenancies_for_user

from . import calculations
from .categories import (
    DEBT_KINDS,
    INCOME,
    LINE_SECTION,
    LINES,
    RENT_ARREARS_KEY,
    RENT_KEY,
    SECTION_KEYS,
    SERVICE_CHARGES_KEY,
)
from .models import Budget, BudgetDebt, BudgetLine, GuidelineFigure, GuidelineSet

# Where a figure came from when the tenant did not type it.
SOURCE_TENANCY = "tenancy"

HOUSEHOLD_FIELDS = (
    "has_partner",
    "children_under_16",
    "children_16_to_18",
    "other_dependants",
    "non_dependants",
    "vehicles",
    "employment_status",
    "partner_employment_status",
)


@dataclass(frozen=True)
class LineAnswer:
    """One line as the tenant answered it (or as it was filled in for them)."""

    amount_pence: int
    frequency: str
    not_paid: bool = False
    description: str = ""
    source: str = ""

    def same_figures(self, other: LineAnswer | None) -> bool:
        return other is not None and (
            self.amount_pence,
            self.frequency,
            self.not_paid,
            self.description,
        ) == (other.amount_pence, other.frequency, other.not_paid, other.description)


@dataclass(frozen=True)
class DebtAnswer:
    balance_pence: int
    payment_pence: int
    frequency: str
    source: str = ""

    def same_figures(self, other: DebtAnswer | None) -> bool:
        return other is not None and (
            self.balance_pence,
            self.payment_pence,
            self.frequency,
        ) == (other.balance_pence, other.payment_pence, other.frequency)


@dataclass
class BudgetAnswers:
    """Everything a budget says, whether it is a saved draft, a version or a starting point."""

    household: dict = field(default_factory=dict)
    lines: dict[str, LineAnswer] = field(default_factory=dict)
    debts: dict[str, DebtAnswer] = field(default_factory=dict)
    sections_done: list[str] = field(default_factory=list)
    budget: Budget | None = None  # the saved budget these answers are, if any
    copied_from: Budget | None = None  # for a starting point: the version it copies

    @property
    def is_saved_draft(self) -> bool:
        return self.budget is not None and self.budget.is_draft

    @property
    def adults(self) -> int:
        return 1 + (1 if self.household.get("has_partner") else 0)

    @property
    def children(self) -> int:
        return (self.household.get("children_under_16") or 0) + (
            self.household.get("children_16_to_18") or 0
        )

    def next_section_to_answer(self) -> str | None:
        for key in SECTION_KEYS:
            if key not in self.sections_done:
                return key
        return None


@dataclass(frozen=True)
class TenancyPrefill:
    """What the tenancy's accounts say: the rent, service charges and rent arrears."""

    lines: dict[str, LineAnswer]
    debts: dict[str, DebtAnswer]


@dataclass(frozen=True)
class GuidelineTable:
    name: str = ""
    illustrative: bool = False
    figures: tuple[calculations.Guideline, ...] = ()


_ANSWER_PREFETCHES = (
    Prefetch("lines", queryset=BudgetLine.objects.order_by("id")),
    Prefetch("debts", queryset=BudgetDebt.objects.order_by("id")),
)


def _budgets_with_answers():
    return Budget.objects.select_related("tenancy").prefetch_related(*_ANSWER_PREFETCHES)


def answers_from_budget(budget: Budget) -> BudgetAnswers:
    """A saved budget's answers (its lines and debts should be prefetched)."""
    return BudgetAnswers(
        household={name: getattr(budget, name) for name in HOUSEHOLD_FIELDS},
        lines={
            line.key: LineAnswer(
                amount_pence=line.amount_pence,
                frequency=line.frequency,
                not_paid=line.not_paid,
                description=line.description,
                source=line.source,
            )
            for line in budget.lines.all()
            if line.key in LINES
        },
        debts={
            debt.key: DebtAnswer(
                balance_pence=debt.balance_pence,
                payment_pence=debt.payment_pence,
                frequency=debt.frequency,
                source=debt.source,
            )
            for debt in budget.debts.all()
            if debt.key in DEBT_KINDS
        },
        sections_done=[key for key in SECTION_KEYS if key in (budget.sections_done or [])],
        budget=budget,
    )


# ------------------------------------------------------------------------------------------
# Tenant reads


def budget_tenancy_get_for_user(*, user, tenancy_reference: str) -> Tenancy:
    """The user's own tenancy with this reference, else 404."""
    tenancy = tenancies_for_user(user=user).filter(reference=tenancy_reference).first()
    if tenancy is None:
        raise Http404("No such tenancy")
    return tenancy


def budget_draft_for_user(*, user, tenancy: Tenancy) -> Budget | None:
    return (
        _budgets_with_answers()
        .filter(user=user, tenancy=tenancy, status=Budget.Status.DRAFT)
        .first()
    )


def budget_draft_header_for_user(*, user, tenancy: Tenancy) -> Budget | None:
    """The user's draft for this tenancy without its answers (one query)."""
    return Budget.objects.filter(user=user, tenancy=tenancy, status=Budget.Status.DRAFT).first()


def budget_latest_submitted_for_user(*, user, tenancy: Tenancy) -> Budget | None:
    return (
        _budgets_with_answers()
        .filter(user=user, tenancy=tenancy, status=Budget.Status.SUBMITTED)
        .order_by("-number")
        .first()
    )


def budget_versions_for_user(*, user, tenancy: Tenancy) -> list[Budget]:
    """The user's submitted versions for this tenancy, newest first, with their answers."""
    return list(
        _budgets_with_answers()
        .filter(user=user, tenancy=tenancy, status=Budget.Status.SUBMITTED)
        .order_by("-number")
    )


def budget_version_get_for_user(*, user, tenancy_reference: str, number: int) -> Budget:
    """One of the user's own submitted versions, else 404."""
    budget = (
        _budgets_with_answers()
        .filter(
            user=user,
            tenancy__in=tenancies_for_user(user=user),
            tenancy__reference=tenancy_reference,
            number=number,
            status=Budget.Status.SUBMITTED,
        )
        .first()
    )
    if budget is None:
        raise Http404("No such budget")
    return budget


def budget_answers_for_user(*, user, tenancy: Tenancy) -> BudgetAnswers:
    """What the wizard shows: the user's draft, or else where a new draft would start.

    A new draft starts from the latest submitted version (with the rent and service charges
    brought up to date if they came from the rent account), or, for a first budget, from what
    the tenancy's accounts say. Reading this never writes.
    """
    draft = budget_draft_for_user(user=user, tenancy=tenancy)
    if draft is not None:
        return answers_from_budget(draft)
    prefill = tenancy_budget_prefill(tenancy=tenancy)
    latest = budget_latest_submitted_for_user(user=user, tenancy=tenancy)
    if latest is None:
        return BudgetAnswers(lines=dict(prefill.lines), debts=dict(prefill.debts))
    answers = answers_from_budget(latest)
    for key, fresh in prefill.lines.items():
        old = answers.lines.get(key)
        if old is not None and old.source == SOURCE_TENANCY:
            answers.lines[key] = fresh
    for key, fresh in prefill.debts.items():
        old = answers.debts.get(key)
        if old is not None and old.source == SOURCE_TENANCY:
            answers.debts[key] = replace(
                fresh, payment_pence=old.payment_pence, frequency=old.frequency
            )
    answers.budget = None
    answers.copied_from = latest
    return answers


def _frequency_between(last: dt.date, previous: dt.date | None) -> str | None:
    """How often a charge is made, from the dates of the last two charges."""
    if previous is None:
        return calculations.WEEKLY  # as the dashboard assumes: social rents are weekly
    months = (last.year - previous.year) * 12 + last.month - previous.month
    if last.day == previous.day and months in (1, 3, 12):
        return {1: calculations.MONTHLY, 3: calculations.QUARTERLY, 12: calculations.YEARLY}[months]
    days = (last - previous).days
    for low, high, frequency in (
        (6, 8, calculations.WEEKLY),
        (13, 15, calculations.FORTNIGHTLY),
        (27, 29, calculations.FOUR_WEEKLY),
        (30, 31, calculations.MONTHLY),
    ):
        if low <= days <= high:
            return frequency
    return None


def tenancy_budget_prefill(*, tenancy: Tenancy) -> TenancyPrefill:
    """The rent (the tenancy's weekly rent), the service charges (the service charge account's
    last charge, at the interval between its last two) and the rent arrears (the rent account's
    balance, if owed). Two queries. Callers get the tenancy from a `user=` selector."""
    lines: dict[str, LineAnswer] = {}
    debts: dict[str, DebtAnswer] = {}
    if tenancy.weekly_rent_pence > 0:
        lines[RENT_KEY] = LineAnswer(
            amount_pence=tenancy.weekly_rent_pence,
            frequency=calculations.WEEKLY,
            source=SOURCE_TENANCY,
        )
    charges = list(
        counted_entries()
        .filter(
            account__tenancy=tenancy,
            account__kind=Account.Kind.SERVICE_CHARGE,
            kind=LedgerEntry.Kind.CHARGE,
        )
        .order_by("-posted_on", "-id")
        .values_list("amount_pence", "posted_on")[:2]
    )
    if charges and charges[0][0] > 0:
        frequency = _frequency_between(charges[0][1], charges[1][1] if len(charges) > 1 else None)
        if frequency:
            lines[SERVICE_CHARGES_KEY] = LineAnswer(
                amount_pence=charges[0][0], frequency=frequency, source=SOURCE_TENANCY
            )
    owed = (
        counted_entries()
        .filter(account__tenancy=tenancy, account__kind=Account.Kind.RENT)
        .aggregate(total=Sum("amount_pence"))["total"]
    )
    if owed and owed > 0:
        debts[RENT_ARREARS_KEY] = DebtAnswer(
            balance_pence=owed,
            payment_pence=0,
            frequency=calculations.MONTHLY,
            source=SOURCE_TENANCY,
        )
    return TenancyPrefill(lines=lines, debts=debts)


# ------------------------------------------------------------------------------------------
# Officers


def budget_latest_for_tenancy(*, tenancy: Tenancy) -> Budget | None:
    """For officers (read-only): the latest submitted version by anyone on the tenancy."""
    return (
        _budgets_with_answers()
        .select_related("user")
        .filter(tenancy=tenancy, status=Budget.Status.SUBMITTED)
        .order_by("-submitted_at", "-id")
        .first()
    )


# ------------------------------------------------------------------------------------------
# Guidelines and the summary


def guidelines_in_use(*, today: dt.date | None = None) -> GuidelineTable:
    """The guideline set in use today (the newest marked in use that has started). One query;
    an empty table when there is none."""
    today = today or dt.date.today()
    current = (
        GuidelineSet.objects.filter(in_use=True, valid_from__lte=today)
        .order_by("-valid_from", "-id")
        .values("pk")[:1]
    )
    figures = list(
        GuidelineFigure.objects.filter(guideline_set=Subquery(current)).select_related(
            "guideline_set"
        )
    )
    if not figures:
        return GuidelineTable()
    guideline_set = figures[0].guideline_set
    return GuidelineTable(
        name=guideline_set.name,
        illustrative=guideline_set.illustrative,
        figures=tuple(
            calculations.Guideline(
                category=figure.category,
                adults=figure.adults,
                children=figure.children,
                monthly_pence=figure.monthly_pence,
            )
            for figure in figures
        ),
    )


def budget_summary(
    *, answers: BudgetAnswers, guidelines: GuidelineTable | None = None
) -> calculations.Summary:
    """The totals of a budget's answers (no queries)."""
    items = []
    for key, answer in answers.lines.items():
        if answer.not_paid or answer.amount_pence == 0:
            continue
        section = LINE_SECTION[key]
        items.append(
            calculations.Item(
                key=key,
                kind=calculations.INCOME if section.kind == INCOME else calculations.SPENDING,
                amount_pence=answer.amount_pence,
                frequency=answer.frequency,
                section=section.key,
                guideline_category=section.guideline,
            )
        )
    debts = [
        calculations.Debt(
            key=key,
            priority=DEBT_KINDS[key].priority,
            balance_pence=answer.balance_pence,
            payment_pence=answer.payment_pence,
            frequency=answer.frequency,
        )
        for key, answer in answers.debts.items()
    ]
    return calculations.summarise(
        items,
        debts,
        guidelines=guidelines.figures if guidelines else (),
        adults=answers.adults,
        children=answers.children,
    )


def budget_next_number(*, user, tenancy: Tenancy) -> int:
    latest = Budget.objects.filter(user=user, tenancy=tenancy).aggregate(n=Max("number"))["n"]
    return (latest or 0) + 1


# ------------------------------------------------------------------------------------------
# The dashboard tile


def budget_tile_context(*, user, tenancies) -> dict | None:
    """The "Your budget" tile: the latest submitted budget's surplus or shortfall, and whether
    a draft is in progress. Four queries however many budgets there are."""
    tenancy_ids = [getattr(item, "tenancy", item).pk for item in tenancies]
    if not tenancy_ids:
        return None
    # Lines and debts are read only when the summary is not cached (_submitted_summary).
    latest = (
        Budget.objects.select_related("tenancy")
        .filter(user=user, tenancy_id__in=tenancy_ids, status=Budget.Status.SUBMITTED)
        .order_by("-submitted_at", "-id")
        .first()
    )
    draft = (
        Budget.objects.filter(user=user, tenancy_id__in=tenancy_ids, status=Budget.Status.DRAFT)
        .select_related("tenancy")
        .order_by("-updated_at")
        .first()
    )
    context = {"latest": latest, "draft": draft, "summary": None}
    if latest is not None:
        context["summary"] = _submitted_summary(latest)
    return context


# A submitted budget is a fixed version: its summary is worked out once and cached (keyed by
# its id and times, so a changed budget is a new key), which saves the dashboard two queries.
_TILE_SUMMARY_SECONDS = 24 * 60 * 60


def _submitted_summary(budget: Budget) -> calculations.Summary:
    from django.core.cache import cache

    submitted = budget.submitted_at.timestamp() if budget.submitted_at else 0
    key = f"budgeting:tile-summary:{budget.pk}:{budget.updated_at.timestamp()}:{submitted}"
    summary = cache.get(key)
    if summary is None:
        prefetch_related_objects([budget], *_ANSWER_PREFETCHES)
        summary = budget_summary(answers=answers_from_budget(budget))
        cache.set(key, summary, _TILE_SUMMARY_SECONDS)
    return summary
