"""The arithmetic of a budget (an income and expenditure statement).

Pure: no Django, no database. Amounts are integer pence; a float is refused. Conversions to a
month are exact fractions (weekly x 52/12, fortnightly x 26/12, four-weekly x 13/12, quarterly
x 4/12, yearly / 12) and a total is rounded to the penny once, at the end, from the exact sum
of its items, half a penny rounding away from zero. So £100 a week is £433.33 a month, and
three items of £100 a week total £1,300.00 a month, not 3 x £433.33.

The summary follows the Standard Financial Statement's formulas:

    available for priority debts     = income - outgoings - savings - debt admin fee
    available for non-priority debts = available for priority debts - priority debt payments

Here "spending" is the outgoings plus the savings contribution, so the surplus (negative: a
shortfall) is income - spending, and is what is available for priority debts when there is no
debt admin fee (the portal charges none).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import NamedTuple

WEEKLY = "weekly"
FORTNIGHTLY = "fortnightly"
FOUR_WEEKLY = "four_weekly"
MONTHLY = "monthly"
QUARTERLY = "quarterly"
YEARLY = "yearly"

# Each frequency as a fraction of a month.
MONTHLY_FACTORS: dict[str, Fraction] = {
    WEEKLY: Fraction(52, 12),
    FORTNIGHTLY: Fraction(26, 12),
    FOUR_WEEKLY: Fraction(13, 12),
    MONTHLY: Fraction(1),
    QUARTERLY: Fraction(4, 12),
    YEARLY: Fraction(1, 12),
}
WEEKS_PER_MONTH = Fraction(52, 12)
# Each factor in twelfths of a month is a whole number (weekly: 52), so an exact total can be
# kept as a whole number of twelfth-pence and turned into pence once, at the end. Same
# arithmetic as the Fractions, without their cost on every addition.
TWELFTHS: dict[str, int] = {
    frequency: (factor * 12).numerator for frequency, factor in MONTHLY_FACTORS.items()
}
if any((factor * 12).denominator != 1 for factor in MONTHLY_FACTORS.values()):
    raise ValueError("every frequency must be a whole number of twelfths of a month")

INCOME = "income"
SPENDING = "spending"


def _pence(value: int, what: str = "amount") -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{what} must be whole pence (int), not {type(value).__name__}")
    return value


def monthly_exact(amount_pence: int, frequency: str) -> Fraction:
    """The exact monthly value of an amount paid at a frequency."""
    try:
        factor = MONTHLY_FACTORS[frequency]
    except KeyError:
        raise ValueError(f"unknown frequency {frequency!r}") from None
    return _pence(amount_pence) * factor


def round_pence(value: Fraction) -> int:
    """Round an exact amount to whole pence, half a penny away from zero."""
    if not isinstance(value, Fraction | int) or isinstance(value, bool):
        raise TypeError(f"expected a Fraction, not {type(value).__name__}")
    value = Fraction(value)
    magnitude = (abs(value.numerator) * 2 + value.denominator) // (2 * value.denominator)
    return -magnitude if value < 0 else magnitude


def _round_ratio(numerator: int, denominator: int) -> int:
    """numerator / denominator in whole pence, half away from zero: round_pence without
    building a Fraction (denominator > 0)."""
    magnitude = (abs(numerator) * 2 + denominator) // (2 * denominator)
    return -magnitude if numerator < 0 else magnitude


def to_monthly(amount_pence: int, frequency: str) -> int:
    """One amount as pence a month: to_monthly(10000, "weekly") == 43333."""
    return round_pence(monthly_exact(amount_pence, frequency))


def _twelfths(amount_pence: int, frequency: str) -> int:
    """An amount's exact monthly value, in twelfths of a penny."""
    try:
        return _pence(amount_pence) * TWELFTHS[frequency]
    except KeyError:
        raise ValueError(f"unknown frequency {frequency!r}") from None


def monthly_total(amounts: Iterable[tuple[int, str]]) -> int:
    """The monthly total of (pence, frequency) pairs: exact sum, rounded once."""
    return _round_ratio(sum(_twelfths(p, f) for p, f in amounts), 12)


def weekly_exact(monthly: Fraction) -> Fraction:
    return Fraction(monthly) / WEEKS_PER_MONTH


class Item(NamedTuple):
    """A line of income or spending as entered: an amount and how often."""

    key: str
    kind: str  # INCOME or SPENDING
    amount_pence: int
    frequency: str
    section: str = ""
    guideline_category: str | None = None


class Debt(NamedTuple):
    """A debt: what is owed and what is paid towards it now, at a frequency."""

    key: str
    priority: bool
    balance_pence: int
    payment_pence: int
    frequency: str


class Guideline(NamedTuple):
    """A monthly spending guideline for one flexible category and household size."""

    category: str
    adults: int
    children: int
    monthly_pence: int


@dataclass(frozen=True)
class GuidelineNote:
    """A flexible category where the household spends more than the guideline."""

    category: str
    spent_monthly_pence: int
    guideline_monthly_pence: int

    @property
    def over_by_pence(self) -> int:
        return self.spent_monthly_pence - self.guideline_monthly_pence


@dataclass(frozen=True)
class Summary:
    income_monthly_pence: int
    spending_monthly_pence: int
    income_weekly_pence: int
    spending_weekly_pence: int
    section_monthly_pence: dict[str, int]
    debt_admin_fee_pence: int
    priority_owed_pence: int
    priority_payments_monthly_pence: int
    non_priority_owed_pence: int
    non_priority_payments_monthly_pence: int
    guideline_notes: tuple[GuidelineNote, ...]

    @property
    def surplus_monthly_pence(self) -> int:
        """Income minus spending each month; negative is a shortfall."""
        return self.income_monthly_pence - self.spending_monthly_pence

    @property
    def surplus_weekly_pence(self) -> int:
        return self.income_weekly_pence - self.spending_weekly_pence

    @property
    def is_shortfall(self) -> bool:
        return self.surplus_monthly_pence < 0

    @property
    def available_for_priority_debts_pence(self) -> int:
        return self.surplus_monthly_pence - self.debt_admin_fee_pence

    @property
    def available_for_non_priority_debts_pence(self) -> int:
        return self.available_for_priority_debts_pence - self.priority_payments_monthly_pence

    @property
    def available_for_payment_plan_pence(self) -> int:
        """What could go towards priority debts such as rent arrears (never below 0)."""
        return max(0, self.available_for_priority_debts_pence)


def guideline_for(
    guidelines: Sequence[Guideline], *, category: str, adults: int, children: int
) -> int | None:
    """The guideline for this household, or None if the table has none.

    A household larger than the table uses the largest row there is (capped adults first, then
    children for that number of adults); a missing combination has no guideline.
    """
    rows = [g for g in guidelines if g.category == category]
    if not rows or adults < 1:
        return None
    adults_key = min(max(0, adults), max(g.adults for g in rows))
    for_adults = [g for g in rows if g.adults == adults_key]
    if not for_adults:
        return None
    children_key = min(max(0, children), max(g.children for g in for_adults))
    for row in for_adults:
        if row.children == children_key:
            return row.monthly_pence
    return None


def summarise(
    items: Iterable[Item],
    debts: Iterable[Debt] = (),
    *,
    guidelines: Sequence[Guideline] = (),
    adults: int = 1,
    children: int = 0,
    debt_admin_fee_pence: int = 0,
) -> Summary:
    """Totals, surplus or shortfall, what is left for debts and the guideline notes.

    Exact totals are kept in twelfths of a penny (see TWELFTHS) and rounded once each.
    """
    income = spending = 0
    by_section: dict[str, int] = {}
    by_category: dict[str, int] = {}
    for item in items:
        exact = _twelfths(item.amount_pence, item.frequency)
        if item.amount_pence < 0:
            raise ValueError(f"{item.key}: amounts are 0 or more")
        if item.kind == INCOME:
            income += exact
        elif item.kind == SPENDING:
            spending += exact
        else:
            raise ValueError(f"{item.key}: unknown kind {item.kind!r}")
        by_section[item.section] = by_section.get(item.section, 0) + exact
        if item.guideline_category:
            category = item.guideline_category
            by_category[category] = by_category.get(category, 0) + exact

    priority_owed = non_priority_owed = 0
    priority_paid = non_priority_paid = 0
    for debt in debts:
        paid = _twelfths(debt.payment_pence, debt.frequency)
        owed = _pence(debt.balance_pence, "balance")
        if debt.priority:
            priority_owed += owed
            priority_paid += paid
        else:
            non_priority_owed += owed
            non_priority_paid += paid

    def monthly(twelfths: int) -> int:
        return _round_ratio(twelfths, 12)

    def weekly(twelfths: int) -> int:
        return _round_ratio(twelfths, 52)  # monthly x 12/52 = twelfths / 52

    notes = []
    for category, exact in by_category.items():
        guideline = guideline_for(guidelines, category=category, adults=adults, children=children)
        spent = monthly(exact)
        if guideline is not None and spent > guideline:
            notes.append(
                GuidelineNote(
                    category=category, spent_monthly_pence=spent, guideline_monthly_pence=guideline
                )
            )

    return Summary(
        income_monthly_pence=monthly(income),
        spending_monthly_pence=monthly(spending),
        income_weekly_pence=weekly(income),
        spending_weekly_pence=weekly(spending),
        section_monthly_pence={key: monthly(value) for key, value in by_section.items()},
        debt_admin_fee_pence=_pence(debt_admin_fee_pence, "debt admin fee"),
        priority_owed_pence=priority_owed,
        priority_payments_monthly_pence=monthly(priority_paid),
        non_priority_owed_pence=non_priority_owed,
        non_priority_payments_monthly_pence=monthly(non_priority_paid),
        guideline_notes=tuple(notes),
    )
