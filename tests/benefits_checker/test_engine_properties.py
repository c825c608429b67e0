"""Properties of the engine over many generated households (hypothesis)."""

from __future__ import annotations

import dataclasses
import datetime as dt

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from benefits_checker.engine import Adult, Child, Household, NonDependant, calculate, load_rates
from portal.money import format_pence

ON = dt.date(2026, 10, 1)
RATES = load_rates("2026-27")
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

pounds = st.integers(min_value=0, max_value=800_000)  # up to £8,000 a month, in pence

adults = st.builds(
    Adult,
    age=st.integers(min_value=18, max_value=90),
    monthly_earnings=st.one_of(st.just(0), pounds),
    lcwra=st.booleans(),
    lcwra_new_claimant=st.booleans(),
    carer=st.booleans(),
    carers_allowance=st.booleans(),
    monthly_state_pension=st.one_of(st.just(0), st.integers(0, 150_000)),
    monthly_private_pension=st.one_of(st.just(0), st.integers(0, 100_000)),
    pip_daily_living=st.sampled_from([None, None, None, "standard", "enhanced"]),
    attendance_allowance=st.sampled_from([None, None, None, "lower"]),
    health_condition=st.booleans(),
)
children = st.builds(
    Child,
    age=st.integers(min_value=0, max_value=19),
    disabled=st.booleans(),
    severely_disabled=st.sampled_from([False, False, False, True]),
    sex=st.sampled_from(["F", "M", None]),
    disability_no_benefit=st.booleans(),
)
non_dependants = st.builds(
    NonDependant,
    age=st.integers(min_value=16, max_value=80),
    monthly_earnings=st.one_of(st.just(0), st.integers(0, 400_000)),
    pension_credit=st.booleans(),
    care_benefit=st.booleans(),
)
households = st.builds(
    Household,
    adults=st.lists(adults, min_size=1, max_size=2),
    children=st.lists(children, max_size=6),
    monthly_rent=st.integers(min_value=0, max_value=200_000),
    bedrooms=st.integers(min_value=0, max_value=6),
    non_dependants=st.lists(non_dependants, max_size=2),
    savings=st.one_of(st.just(0), st.integers(0, 2_500_000)),
    married=st.booleans(),
    monthly_childcare=st.one_of(st.just(0), st.integers(0, 250_000)),
    london=st.booleans(),
    nation=st.sampled_from(["england", "england", "wales", "scotland"]),
)

AMOUNTS = (
    "universal_credit",
    "uc_standard_allowance",
    "uc_child_element",
    "uc_housing_costs_element",
    "uc_earnings_deduction",
    "uc_benefit_cap_reduction",
    "housing_benefit",
    "pension_credit",
    "child_benefit",
    "net_earnings",
    "spare_bedrooms",
)


@SETTINGS
@given(households)
def test_no_amount_is_ever_negative(household):
    result = calculate(household, on=ON, rates=RATES)
    for name in AMOUNTS:
        assert getattr(result, name) >= 0, name
    assert (result.council_tax_reduction or 0) >= 0
    assert result.uc_benefit_cap_reduction <= result.uc_maximum
    assert result.explanation


@SETTINGS
@given(households, st.integers(min_value=1, max_value=300_000))
def test_more_earnings_never_raise_universal_credit(household, extra):
    before = calculate(household, on=ON, rates=RATES)
    assume(before.route == "universal_credit")
    richer = dataclasses.replace(household, adults=list(household.adults))
    richer.adults[0] = dataclasses.replace(
        household.adults[0], monthly_earnings=household.adults[0].monthly_earnings + extra
    )
    after = calculate(richer, on=ON, rates=RATES)
    # Two cliffs the rules put in on purpose, where earning more can raise UC: starting work
    # meets the childcare element's work condition, and reaching 16 hours at the National
    # Living Wage lifts the benefit cap. A third is in tax: Marriage Allowance stops when the
    # recipient becomes a higher-rate taxpayer, so take-home pay can dip. Each is tested on
    # its own below; everywhere else, more pay never means more UC.
    assume(household.adults[0].monthly_earnings > 0 or not household.monthly_childcare)
    assume(before.benefit_cap_exempt == after.benefit_cap_exempt)
    assume(after.net_earnings >= before.net_earnings)
    assert after.universal_credit <= before.universal_credit


@SETTINGS
@given(households, children)
def test_another_child_never_lowers_universal_credit_and_child_benefit_below_the_cap(
    household, child
):
    before = calculate(household, on=ON, rates=RATES)
    assume(before.route == "universal_credit")
    bigger = dataclasses.replace(household, children=[*household.children, child])
    after = calculate(bigger, on=ON, rates=RATES)
    total_before = before.universal_credit + before.child_benefit
    total_after = after.universal_credit + after.child_benefit
    assert total_after >= total_before
    if after.uc_benefit_cap_reduction and after.universal_credit:
        cap = RATES.cap_london_family if household.london else RATES.cap_family
        assert total_after == cap + after.uc_childcare_element


@SETTINGS
@given(households, st.integers(min_value=1, max_value=1_000_000))
def test_more_savings_never_raise_any_award(household, extra):
    before = calculate(household, on=ON, rates=RATES)
    after = calculate(
        dataclasses.replace(household, savings=household.savings + extra), on=ON, rates=RATES
    )
    assert after.universal_credit <= before.universal_credit
    assert after.pension_credit <= before.pension_credit
    assert after.housing_benefit <= before.housing_benefit


@SETTINGS
@given(households)
def test_the_working_ends_with_the_award_it_explains(household):
    result = calculate(household, on=ON, rates=RATES)
    if result.route == "universal_credit":
        last = result.working["universal_credit"][-1]
        if last.startswith("Universal Credit:"):
            assert last == f"Universal Credit: {format_pence(result.universal_credit)} a month"
        else:
            assert result.universal_credit == 0
    else:
        assert (
            f"{format_pence(result.pension_credit)} a month"
            in (result.working["pension_credit"][-1])
        )


def test_the_benefit_cap_earnings_cliff_is_real():
    """Reaching 16 hours at the NLW lifts the cap: one penny more pay, more UC."""
    household = Household(
        adults=[Adult(age=30, monthly_earnings=88122)], monthly_rent=150_000, bedrooms=1
    )
    below = calculate(household, on=ON, rates=RATES)
    household.adults[0].monthly_earnings = 88123
    at = calculate(household, on=ON, rates=RATES)
    assert below.uc_benefit_cap_reduction > 0
    assert at.benefit_cap_exempt
    assert at.universal_credit > below.universal_credit


def test_starting_work_meets_the_childcare_work_condition():
    household = Household(adults=[Adult(age=30)], children=[Child(age=2)], monthly_childcare=50_000)
    idle = calculate(household, on=ON, rates=RATES)
    household.adults[0].monthly_earnings = 10_000
    working = calculate(household, on=ON, rates=RATES)
    assert idle.uc_childcare_element == 0
    assert working.uc_childcare_element == 42_500
    assert working.universal_credit > idle.universal_credit
