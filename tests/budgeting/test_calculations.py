"""The pure arithmetic: exact conversions, one rounding, the SFS summary formulas. No database."""

import ast
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from budgeting import calculations
from budgeting.calculations import (
    FORTNIGHTLY,
    FOUR_WEEKLY,
    INCOME,
    MONTHLY,
    QUARTERLY,
    SPENDING,
    WEEKLY,
    YEARLY,
    Debt,
    Guideline,
    Item,
    guideline_for,
    monthly_total,
    round_pence,
    summarise,
    to_monthly,
)

FREQUENCIES = [WEEKLY, FORTNIGHTLY, FOUR_WEEKLY, MONTHLY, QUARTERLY, YEARLY]
# Twelve times each frequency's monthly factor: an integer, so the oracle below is integer-only.
TWELFTHS = {WEEKLY: 52, FORTNIGHTLY: 26, FOUR_WEEKLY: 13, MONTHLY: 12, QUARTERLY: 4, YEARLY: 1}


@pytest.mark.parametrize(
    ("pence", "frequency", "monthly"),
    [
        (10000, WEEKLY, 43333),  # £100 a week is £433.33 a month
        (20000, FORTNIGHTLY, 43333),  # £200 a fortnight
        (40000, FOUR_WEEKLY, 43333),  # £400 every four weeks
        (120000, YEARLY, 10000),  # £1,200 a year is £100.00
        (30000, QUARTERLY, 10000),  # £300 a quarter is £100.00
        (43333, MONTHLY, 43333),
        (0, WEEKLY, 0),
        (1, WEEKLY, 4),  # 4.333p
        (3, YEARLY, 0),  # 0.25p
        (6, YEARLY, 1),  # 0.5p rounds up
        (9500, WEEKLY, 41167),  # £95 a week rent: £411.666... -> £411.67
        (11250, WEEKLY, 48750),
    ],
)
def test_worked_examples_convert_exactly_to_the_penny(pence, frequency, monthly):
    assert to_monthly(pence, frequency) == monthly


def test_a_total_is_rounded_once_not_line_by_line():
    # Three lots of £100 a week: £1,300.00 a month, not 3 x £433.33 = £1,299.99.
    items = [Item(f"i{n}", INCOME, 10000, WEEKLY) for n in range(3)]
    assert summarise(items).income_monthly_pence == 130000
    assert sum(to_monthly(i.amount_pence, i.frequency) for i in items) == 129999


def test_weekly_totals_come_from_the_exact_monthly_total():
    summary = summarise(
        [Item("wage", INCOME, 10000, WEEKLY), Item("rent", SPENDING, 43333, MONTHLY)]
    )
    assert summary.income_weekly_pence == 10000
    assert summary.spending_weekly_pence == 10000  # 43333 * 12 / 52 = 9999.92
    assert summary.surplus_weekly_pence == 0


@pytest.mark.parametrize(
    ("value", "pence"),
    [
        (Fraction(1, 2), 1),
        (Fraction(-1, 2), -1),
        (Fraction(149, 100), 1),
        (Fraction(3, 2), 2),
        (Fraction(5, 2), 3),  # not banker's rounding
        (Fraction(-5, 2), -3),
        (Fraction(7), 7),
    ],
)
def test_half_a_penny_rounds_away_from_zero(value, pence):
    assert round_pence(value) == pence


def test_the_sfs_summary_formulas():
    summary = summarise(
        [
            Item("wage", INCOME, 200000, MONTHLY),
            Item("rent", SPENDING, 50000, MONTHLY),
            Item("savings", SPENDING, 1000, MONTHLY, section="savings"),
        ],
        [
            Debt("rent_arrears", True, 60000, 5000, MONTHLY),
            Debt("council_tax_arrears", True, 30000, 1000, WEEKLY),
            Debt("credit_cards", False, 100000, 2500, MONTHLY),
        ],
        debt_admin_fee_pence=0,
    )
    assert summary.surplus_monthly_pence == 149000
    assert summary.available_for_priority_debts_pence == 149000
    assert summary.priority_payments_monthly_pence == 5000 + 4333
    assert summary.available_for_non_priority_debts_pence == 149000 - 9333
    assert summary.priority_owed_pence == 90000
    assert summary.non_priority_owed_pence == 100000
    assert summary.non_priority_payments_monthly_pence == 2500
    assert summary.available_for_payment_plan_pence == 149000


def test_a_shortfall_is_negative_and_leaves_nothing_for_a_plan():
    summary = summarise(
        [Item("uc", INCOME, 50000, MONTHLY), Item("rent", SPENDING, 60000, MONTHLY)]
    )
    assert summary.is_shortfall
    assert summary.surplus_monthly_pence == -10000
    assert summary.available_for_payment_plan_pence == 0


def test_section_totals_are_each_rounded_once():
    summary = summarise(
        [
            Item("a", SPENDING, 10000, WEEKLY, section="home"),
            Item("b", SPENDING, 10000, WEEKLY, section="home"),
            Item("c", SPENDING, 100, MONTHLY, section="water"),
        ]
    )
    assert summary.section_monthly_pence == {"home": 86667, "water": 100}


GUIDELINES = [
    Guideline("food_housekeeping", 1, 0, 29000),
    Guideline("food_housekeeping", 1, 1, 41000),
    Guideline("food_housekeeping", 2, 0, 48000),
    Guideline("food_housekeeping", 2, 2, 72000),
]


@pytest.mark.parametrize(
    ("adults", "children", "expected"),
    [
        (1, 0, 29000),
        (1, 1, 41000),
        (1, 5, 41000),  # more children than the table: its largest row for one adult
        (3, 0, 48000),  # more adults than the table
        (2, 1, None),  # a combination the table does not have
        (2, 9, 72000),
    ],
)
def test_guideline_lookup(adults, children, expected):
    assert (
        guideline_for(GUIDELINES, category="food_housekeeping", adults=adults, children=children)
        == expected
    )


def test_no_guideline_rows_means_no_notes():
    assert guideline_for([], category="food_housekeeping", adults=1, children=0) is None
    items = [Item("groceries", SPENDING, 100000, MONTHLY, guideline_category="food_housekeeping")]
    assert summarise(items).guideline_notes == ()


def test_flexible_spending_above_the_guideline_gets_a_note():
    items = [
        Item("groceries", SPENDING, 7500, WEEKLY, guideline_category="food_housekeeping"),
        Item("pets", SPENDING, 1000, MONTHLY, guideline_category="food_housekeeping"),
        Item("clothes", SPENDING, 1000, MONTHLY, guideline_category="personal"),
    ]
    notes = summarise(items, guidelines=GUIDELINES, adults=1, children=0).guideline_notes
    assert len(notes) == 1
    assert notes[0].category == "food_housekeeping"
    assert notes[0].spent_monthly_pence == 33500
    assert notes[0].over_by_pence == 33500 - 29000


def test_spending_exactly_at_the_guideline_gets_no_note():
    items = [Item("groceries", SPENDING, 29000, MONTHLY, guideline_category="food_housekeeping")]
    assert summarise(items, guidelines=GUIDELINES).guideline_notes == ()


@pytest.mark.parametrize("bad", [100.0, 1e2, True, "100", None])
def test_anything_but_whole_pence_is_refused(bad):
    with pytest.raises(TypeError):
        to_monthly(bad, WEEKLY)
    with pytest.raises(TypeError):
        summarise([Item("x", INCOME, bad, WEEKLY)])


def test_unknown_frequency_and_negative_amounts_are_refused():
    with pytest.raises(ValueError):
        to_monthly(100, "daily")
    with pytest.raises(ValueError):
        summarise([Item("x", INCOME, -1, WEEKLY)])


def test_the_module_is_pure_and_has_no_float():
    source = Path(calculations.__file__).read_text()
    tree = ast.parse(source)
    imported = {
        alias.name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in (
            node.names if isinstance(node, ast.Import) else [ast.alias(node.module or "")]
        )
    }
    assert imported <= {"__future__", "collections", "dataclasses", "fractions", "typing"}
    assert not any(
        isinstance(n, ast.Constant) and isinstance(n.value, float) for n in ast.walk(tree)
    )
    assert not any(isinstance(n, ast.Name) and n.id == "float" for n in ast.walk(tree))


# ------------------------------------------------------------------------------------------
# Properties

amounts = st.integers(min_value=0, max_value=10_000_000)
frequencies = st.sampled_from(FREQUENCIES)
lines = st.lists(st.tuples(amounts, frequencies, st.booleans()), max_size=60)


def _oracle_round(twelfths: int, denominator: int) -> int:
    """Integer-only rounding of twelfths/denominator, half up (values are never negative)."""
    return (2 * twelfths + denominator) // (2 * denominator)


@given(lines)
def test_monthly_totals_are_the_exact_sum_rounded_once(entries):
    items = [
        Item(f"l{n}", INCOME if is_income else SPENDING, pence, frequency)
        for n, (pence, frequency, is_income) in enumerate(entries)
    ]
    summary = summarise(items)
    income_twelfths = sum(p * TWELFTHS[f] for p, f, inc in entries if inc)
    spending_twelfths = sum(p * TWELFTHS[f] for p, f, inc in entries if not inc)
    assert summary.income_monthly_pence == _oracle_round(income_twelfths, 12)
    assert summary.spending_monthly_pence == _oracle_round(spending_twelfths, 12)
    # Weekly: the monthly exact total x 12/52, so twelfths / 52.
    assert summary.income_weekly_pence == _oracle_round(income_twelfths, 52)
    assert summary.spending_weekly_pence == _oracle_round(spending_twelfths, 52)
    # Rounding once is never more than half a penny from the exact total...
    assert abs(Fraction(income_twelfths, 12) - summary.income_monthly_pence) <= Fraction(1, 2)
    # ...while rounding line by line can drift by up to half a penny a line.
    line_by_line = sum(to_monthly(p, f) for p, f, inc in entries if inc)
    assert abs(line_by_line - summary.income_monthly_pence) <= (len(entries) + 1) // 2 + 1


@given(lines, st.lists(st.tuples(amounts, amounts, frequencies, st.booleans()), max_size=10))
def test_surplus_is_income_minus_spending_to_the_penny_and_everything_is_int(entries, debts):
    items = [
        Item(f"l{n}", INCOME if is_income else SPENDING, pence, frequency)
        for n, (pence, frequency, is_income) in enumerate(entries)
    ]
    summary = summarise(
        items,
        [
            Debt(f"d{n}", priority, owed, paid, f)
            for n, (owed, paid, f, priority) in enumerate(debts)
        ],
    )
    assert (
        summary.surplus_monthly_pence
        == summary.income_monthly_pence - summary.spending_monthly_pence
    )
    assert (
        summary.surplus_weekly_pence == summary.income_weekly_pence - summary.spending_weekly_pence
    )
    assert (
        summary.available_for_non_priority_debts_pence
        == summary.surplus_monthly_pence - summary.priority_payments_monthly_pence
    )
    figures = [
        summary.income_monthly_pence,
        summary.spending_monthly_pence,
        summary.surplus_monthly_pence,
        summary.income_weekly_pence,
        summary.spending_weekly_pence,
        summary.surplus_weekly_pence,
        summary.priority_owed_pence,
        summary.priority_payments_monthly_pence,
        summary.non_priority_owed_pence,
        summary.non_priority_payments_monthly_pence,
        summary.available_for_priority_debts_pence,
        summary.available_for_non_priority_debts_pence,
        *summary.section_monthly_pence.values(),
    ]
    assert all(type(figure) is int for figure in figures)


@given(lines)
def test_totals_equal_the_sum_of_exact_fractions_rounded_once(entries):
    from budgeting.calculations import monthly_exact, weekly_exact

    items = [
        Item(f"l{n}", INCOME if is_income else SPENDING, pence, frequency)
        for n, (pence, frequency, is_income) in enumerate(entries)
    ]
    summary = summarise(items)
    income = sum((monthly_exact(p, f) for p, f, inc in entries if inc), Fraction(0))
    spending = sum((monthly_exact(p, f) for p, f, inc in entries if not inc), Fraction(0))
    assert summary.income_monthly_pence == round_pence(income)
    assert summary.spending_monthly_pence == round_pence(spending)
    assert summary.income_weekly_pence == round_pence(weekly_exact(income))
    assert summary.spending_weekly_pence == round_pence(weekly_exact(spending))


@given(st.lists(st.tuples(amounts, frequencies), max_size=40))
def test_monthly_total_matches_summarise(pairs):
    items = [Item(f"l{n}", SPENDING, p, f) for n, (p, f) in enumerate(pairs)]
    assert monthly_total(pairs) == summarise(items).spending_monthly_pence


@given(amounts, frequencies)
def test_a_surplus_and_a_shortfall_never_disagree_between_month_and_week(pence, frequency):
    summary = summarise(
        [Item("in", INCOME, pence, frequency), Item("out", SPENDING, 50000, MONTHLY)]
    )
    if summary.surplus_monthly_pence > 0:
        assert summary.surplus_weekly_pence >= 0
    if summary.surplus_monthly_pence < 0:
        assert summary.surplus_weekly_pence <= 0
