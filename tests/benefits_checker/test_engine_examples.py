"""Worked examples, one or more per rule, with the arithmetic written out from the published
rates (../shared/reference/rates-and-rules-2026-27.md). Amounts are pence a month unless a name
says otherwise. No database: the engine is pure Python."""

from __future__ import annotations

import datetime as dt

import pytest

from benefits_checker.engine import (
    Adult,
    Child,
    CouncilTax,
    Household,
    NonDependant,
    calculate,
    load_rates,
)
from benefits_checker.engine.council_tax import load_council_tax

MAY_2026 = dt.date(2026, 5, 1)  # 2026/27 rates
OCT_2026 = dt.date(2026, 10, 1)  # after the September 2026 free school meals change
MAY_2025 = dt.date(2025, 5, 1)  # 2025/26 rates


def weekly_to_monthly(pence: int) -> int:
    return round(pence * 52 / 12)  # test-side check; the engine uses integers only


def monthly_to_weekly(pence: int) -> int:
    return round(pence * 12 / 52)


def single(age=30, **adult):
    return Adult(age=age, **adult)


# (name, household, date, expected fields). Each expected value is the published arithmetic.
EXAMPLES = [
    # --- The issue's three examples -----------------------------------------------------------
    (
        "single 25+, no income, £400 rent, one bedroom",
        Household(adults=[single(30)], monthly_rent=40000, bedrooms=1),
        MAY_2026,
        {"universal_credit": 42490 + 40000, "uc_housing_costs_element": 40000},  # £824.90
    ),
    (
        "the same with £7,000 savings: tariff income £17.40",
        Household(adults=[single(30)], monthly_rent=40000, bedrooms=1, savings=700000),
        MAY_2026,
        # (7,000 - 6,000) / 250 = 4 steps x £4.35 = £17.40; 824.90 - 17.40 = £807.50
        {"uc_capital_income": 4 * 435, "universal_credit": 42490 + 40000 - 4 * 435},
    ),
    (
        "a 28-year-old in a two-bedroom home, £450 rent: 14% off",
        Household(adults=[single(28)], monthly_rent=45000, bedrooms=2),
        MAY_2026,
        # 14% of £450 = £63.00; £450 - £63 = £387.00; 424.90 + 387.00 = £811.90
        {
            "uc_under_occupancy_reduction": 6300,
            "uc_housing_costs_element": 38700,
            "universal_credit": 81190,
            "spare_bedrooms": 1,
        },
    ),
    # --- Standard allowance -----------------------------------------------------------------
    (
        "single under 25",
        Household(adults=[single(22)]),
        MAY_2026,
        {"uc_standard_allowance": 33858, "universal_credit": 33858},
    ),
    (
        "couple both under 25",
        Household(adults=[single(20), single(24)]),
        MAY_2026,
        {"uc_standard_allowance": 52834},
    ),
    (
        "couple, one 25 or over",
        Household(adults=[single(20), single(25)]),
        MAY_2026,
        {"uc_standard_allowance": 66697},
    ),
    (
        "2025/26 rates are picked by date: single 25+",
        Household(adults=[single(30)]),
        MAY_2025,
        {"uc_standard_allowance": 40014, "universal_credit": 40014},
    ),
    # --- Size criteria ------------------------------------------------------------------------
    (
        "two spare bedrooms: 25% off",
        Household(adults=[single(30)], monthly_rent=48000, bedrooms=3),
        MAY_2026,
        # 25% of £480 = £120; £480 - £120 = £360; 424.90 + 360 = £784.90
        {"uc_under_occupancy_reduction": 12000, "universal_credit": 42490 + 36000},
    ),
    (
        "a boy of 12 and a girl of 8 need two rooms; two girls of 11 and 14 share",
        Household(
            adults=[single(40)],
            children=[
                Child(age=12, sex="M"),
                Child(age=8, sex="F"),
                Child(age=11, sex="F"),
                Child(age=14, sex="F"),
            ],
            monthly_rent=60000,
            bedrooms=4,
        ),
        MAY_2026,
        # 1 (parent) + boy 12 alone + girls 11 and 14 together + girl 8 alone... but the odd
        # older girl shares with the younger girl: girls 11+14 pair, girl 8 alone = 1 + 1 + 1 + 1
        {"bedrooms_allowed": 4, "spare_bedrooms": 0, "uc_under_occupancy_reduction": 0},
    ),
    (
        "two children under 10 share whatever their sex",
        Household(
            adults=[single(30)],
            children=[Child(age=3, sex="M"), Child(age=6, sex="F")],
            monthly_rent=50000,
            bedrooms=3,
        ),
        MAY_2026,
        # allowed 1 + 1 = 2; has 3: one spare, 14% of £500 = £70
        {"bedrooms_allowed": 2, "uc_under_occupancy_reduction": 7000},
    ),
    (
        "a child without a sex given shares only under 10",
        Household(
            adults=[single(30)],
            children=[Child(age=11), Child(age=13)],
            monthly_rent=50000,
            bedrooms=3,
        ),
        MAY_2026,
        {"bedrooms_allowed": 3, "spare_bedrooms": 0},
    ),
    (
        "an overnight carer adds a bedroom",
        Household(
            adults=[single(50, pip_daily_living="enhanced")],
            monthly_rent=45000,
            bedrooms=2,
            overnight_carer=True,
        ),
        MAY_2026,
        {"bedrooms_allowed": 2, "uc_under_occupancy_reduction": 0},
    ),
    # --- Child elements -----------------------------------------------------------------------
    (
        "no two-child limit from 6 April 2026; the first child born before 6 April 2017 at "
        "the higher rate",
        Household(
            adults=[single(35)],
            children=[Child(age=12, sex="F"), Child(age=7), Child(age=5), Child(age=2)],
        ),
        MAY_2026,
        # 351.88 + 3 x 303.94 = £1,263.70
        {"uc_child_element": 35188 + 3 * 30394},
    ),
    (
        "a child aged 9 on 6 April 2026 counts as born after 6 April 2017",
        Household(adults=[single(35)], children=[Child(age=9)]),
        MAY_2026,
        {"uc_child_element": 30394},
    ),
    (
        "a date of birth decides exactly: born 1 January 2017 is before 6 April 2017",
        Household(adults=[single(35)], children=[Child(date_of_birth=dt.date(2017, 1, 1))]),
        MAY_2026,
        {"uc_child_element": 35188},
    ),
    (
        "2025/26: the two-child limit leaves out a third child born after April 2017",
        Household(adults=[single(35)], children=[Child(age=8), Child(age=5), Child(age=2)]),
        MAY_2025,
        # 2025/26 rate £292.81 for 2 children (age 8 on 6 April 2025 is born after April 2017)
        {"uc_child_element": 2 * 29281},
    ),
    (
        "disabled child additions: lower and higher",
        Household(
            adults=[single(35)],
            children=[Child(age=4, disabled=True), Child(age=6, severely_disabled=True)],
        ),
        MAY_2026,
        # 164.79 + 514.71 = £679.50
        {"uc_disabled_child_element": 16479 + 51471, "benefit_cap_exempt": True},
    ),
    # --- Health and carer elements ------------------------------------------------------------
    (
        "LCWRA, protected rate",
        Household(adults=[single(45, lcwra=True)]),
        MAY_2026,
        {"uc_lcwra_element": 42980, "universal_credit": 42490 + 42980},
    ),
    (
        "LCWRA, new claim from 6 April 2026",
        Household(adults=[single(45, lcwra=True, lcwra_new_claimant=True)]),
        MAY_2026,
        {"uc_lcwra_element": 21726},
    ),
    (
        "carer element",
        Household(adults=[single(45, carer=True)]),
        MAY_2026,
        {"uc_carer_element": 20934, "universal_credit": 42490 + 20934},
    ),
    (
        "the same person with LCWRA and caring gets only the LCWRA element",
        Household(adults=[single(45, carer=True, lcwra=True)]),
        MAY_2026,
        {"uc_lcwra_element": 42980, "uc_carer_element": 0},
    ),
    (
        "a couple: one with LCWRA, the other caring, get both",
        Household(adults=[single(45, lcwra=True), single(44, carer=True)]),
        MAY_2026,
        {"uc_lcwra_element": 42980, "uc_carer_element": 20934},
    ),
    # --- Childcare ------------------------------------------------------------------------------
    (
        "childcare: 85% of costs",
        Household(
            adults=[single(30, monthly_earnings=100000)],
            children=[Child(age=3)],
            monthly_childcare=60000,
        ),
        MAY_2026,
        # 85% of £600 = £510.00
        {"uc_childcare_element": 51000},
    ),
    (
        "childcare: capped for one child",
        Household(
            adults=[single(30, monthly_earnings=100000)],
            children=[Child(age=3)],
            monthly_childcare=150000,
        ),
        MAY_2026,
        # 85% of £1,500 = £1,275.00, over the £1,071.09 cap for one child
        {"uc_childcare_element": 107109},
    ),
    (
        "childcare: capped for two or more",
        Household(
            adults=[single(30, monthly_earnings=100000)],
            children=[Child(age=3), Child(age=1)],
            monthly_childcare=250000,
        ),
        MAY_2026,
        # 85% of £2,500 = £2,125.00, over the £1,836.16 cap for two or more children
        {"uc_childcare_element": 183616},
    ),
    (
        "childcare needs the work condition",
        Household(adults=[single(30)], children=[Child(age=3)], monthly_childcare=60000),
        MAY_2026,
        {"uc_childcare_element": 0},
    ),
    # --- Non-dependants (UC) -------------------------------------------------------------------
    (
        "a non-dependant earning: £96.55 off the housing costs",
        Household(
            adults=[single(50)],
            non_dependants=[NonDependant(age=30, monthly_earnings=150000)],
            monthly_rent=45000,
            bedrooms=2,
        ),
        MAY_2026,
        # 450.00 - 96.55 = £353.45
        {"uc_non_dep_deductions": 9655, "uc_housing_costs_element": 45000 - 9655},
    ),
    (
        "no deduction for a non-dependant under 21",
        Household(
            adults=[single(50)],
            non_dependants=[NonDependant(age=20)],
            monthly_rent=45000,
            bedrooms=2,
        ),
        MAY_2026,
        {"uc_non_dep_deductions": 0},
    ),
    (
        "no deduction when the renter gets PIP daily living",
        Household(
            adults=[single(50, pip_daily_living="standard")],
            non_dependants=[NonDependant(age=30)],
            monthly_rent=45000,
            bedrooms=2,
        ),
        MAY_2026,
        {"uc_non_dep_deductions": 0},
    ),
    # --- Earnings: tax, NI, work allowance, taper ------------------------------------------------
    (
        "lone parent earning £1,500 a month: net pay, work allowance with housing, 55% taper",
        Household(
            adults=[single(30, monthly_earnings=150000)],
            children=[Child(age=5)],
            monthly_rent=50000,
            bedrooms=2,
        ),
        MAY_2026,
        # tax (18,000 - 12,570) x 20% / 12 = £90.50; NI (1,500 - 1,048) x 8% = £36.16
        # net 1,500 - 90.50 - 36.16 = £1,373.34; less £427 work allowance = £946.34
        # 55% = £520.487 -> £520.49; max 424.90 + 303.94 + 500 = £1,228.84; UC £708.35
        {
            "income_tax": 9050,
            "national_insurance": 3616,
            "net_earnings": 137334,
            "uc_work_allowance": 42700,
            "uc_earnings_deduction": 52049,
            "universal_credit": 42490 + 30394 + 50000 - 52049,
        },
    ),
    (
        "the higher work allowance without housing costs",
        Household(adults=[single(40, lcwra=True, monthly_earnings=100000)]),
        MAY_2026,
        # £1,000 gross: no tax (12,000 < 12,570), NI (1,000 < 1,048) none; 1,000 - 710 = 290
        # 55% of 290 = £159.50
        {"uc_work_allowance": 71000, "uc_earnings_deduction": 15950},
    ),
    (
        "no work allowance without children or LCWRA: 55% of all net pay",
        Household(adults=[single(30, monthly_earnings=80000)]),
        MAY_2026,
        # 55% of £800 = £440; 424.90 - 440 < 0, so nothing
        {"uc_earnings_deduction": 44000, "universal_credit": 0},
    ),
    (
        "Marriage Allowance: the partner under the allowance transfers £1,260",
        Household(
            adults=[single(35, monthly_earnings=200000), single(34)],
            married=True,
        ),
        MAY_2026,
        # tax (24,000 - 12,570) x 20% = 2,286 less 20% x 1,260 = 252: 2,034 / 12 = £169.50
        # NI (2,000 - 1,048) x 8% = £76.16; net 2,000 - 169.50 - 76.16 = £1,754.34
        {"income_tax": 16950, "national_insurance": 7616, "net_earnings": 175434},
    ),
    (
        "higher-rate pay: 40% above the basic rate band, 2% NI above the upper limit",
        Household(adults=[single(40, monthly_earnings=600000)]),
        MAY_2026,
        # 72,000 a year: 37,700 x 20% + (72,000 - 50,270) x 40% = 7,540 + 8,692 = 16,232 / 12
        # = £1,352.67; NI (4,189 - 1,048) x 8% + (6,000 - 4,189) x 2% = 251.28 + 36.22
        {"income_tax": 135267, "national_insurance": 25128 + 3622},
    ),
    # --- Unearned income and capital --------------------------------------------------------------
    (
        "Carer's Allowance counts in full: £86.45 x 52 / 12 = £374.62",
        Household(adults=[single(45, carer=True, carers_allowance=True)]),
        MAY_2026,
        {
            "uc_unearned_income": 37462,
            "universal_credit": 42490 + 20934 - 37462,
            "benefit_cap_exempt": True,
        },
    ),
    (
        "savings over £16,000: no UC",
        Household(adults=[single(30)], monthly_rent=40000, savings=1600001),
        MAY_2026,
        {"universal_credit": 0},
    ),
    (
        "savings of exactly £6,000: no tariff income",
        Household(adults=[single(30)], savings=600000),
        MAY_2026,
        {"uc_capital_income": 0},
    ),
    (
        "savings of £6,000.01: one step of £4.35 (each £250 or part)",
        Household(adults=[single(30)], savings=600001),
        MAY_2026,
        {"uc_capital_income": 435},
    ),
    # --- Benefit cap ---------------------------------------------------------------------------
    (
        "benefit cap, single outside London: £1,229.42",
        Household(adults=[single(30)], monthly_rent=100000, bedrooms=1),
        MAY_2026,
        # 424.90 + 1,000 = 1,424.90; over the cap by 195.48
        {"uc_benefit_cap_reduction": 142490 - 122942, "universal_credit": 122942},
    ),
    (
        "benefit cap, single in London: £1,413.92",
        Household(adults=[single(30)], monthly_rent=100000, bedrooms=1, london=True),
        MAY_2026,
        {"uc_benefit_cap_reduction": 142490 - 141392, "universal_credit": 141392},
    ),
    (
        "benefit cap, family: Universal Credit plus Child Benefit capped at £1,835.00",
        Household(
            adults=[single(35)],
            children=[Child(age=a, sex="M") for a in (1, 3, 5, 7, 9)],
            monthly_rent=90000,
            bedrooms=3,
        ),
        MAY_2026,
        # max 424.90 + 5 x 303.94 + 900 = 2,844.60; CB (27.05 + 4 x 17.90) x 52 / 12 = 427.48
        # 2,844.60 + 427.48 - 1,835.00 = 1,437.08
        {
            "child_benefit": 42748,
            "uc_benefit_cap_reduction": 143708,
            "universal_credit": 284460 - 143708,
        },
    ),
    (
        "the cap does not apply with take-home pay of 16 hours at the NLW (£881.23)",
        Household(adults=[single(30, monthly_earnings=90000)], monthly_rent=150000),
        MAY_2026,
        {"uc_benefit_cap_reduction": 0, "benefit_cap_exempt": True},
    ),
    (
        "just under the earnings line the cap applies",
        Household(adults=[single(30, monthly_earnings=88122)], monthly_rent=150000),
        MAY_2026,
        {"benefit_cap_exempt": False},
    ),
    (
        "the cap does not apply when someone gets PIP",
        Household(adults=[single(30, pip_mobility="standard")], monthly_rent=150000),
        MAY_2026,
        {"uc_benefit_cap_reduction": 0, "benefit_cap_exempt": True},
    ),
    (
        "the childcare element is taken out of the cap",
        Household(
            adults=[single(30, monthly_earnings=50000)],
            children=[Child(age=2), Child(age=4)],
            monthly_rent=120000,
            bedrooms=2,
            monthly_childcare=40000,
        ),
        MAY_2026,
        # max 424.90 + 2 x 303.94 + 85% x 400 (340) + 1,200 = 2,572.78; earnings 500 - 427
        # = 73 x 55% = 40.15; before cap 2,532.63; CB (27.05 + 17.90) x 52 / 12 = 194.78
        # total 2,727.41 - 1,835 = 892.41, less the 340 childcare element = 552.41
        {"uc_childcare_element": 34000, "uc_benefit_cap_reduction": 55241},
    ),
    # --- Mixed-age couple ---------------------------------------------------------------------
    (
        "a mixed-age couple claims UC, with the State Pension as income",
        Household(
            adults=[single(70, monthly_state_pension=100000), single(60)],
            monthly_rent=45000,
            bedrooms=1,
        ),
        MAY_2026,
        # 666.97 + 450 - 1,000 = £116.97
        {"universal_credit": 66697 + 45000 - 100000, "pension_credit": 0},
    ),
    # --- Pension Credit ---------------------------------------------------------------------------
    (
        "Pension Credit guarantee, single, no income: £238.00 a week",
        Household(adults=[single(70)]),
        MAY_2026,
        # 238.00 x 52 / 12 = £1,031.33
        {"guarantee_credit_weekly": 23800, "pension_credit": weekly_to_monthly(23800)},
    ),
    (
        "Pension Credit couple with a State Pension",
        Household(adults=[single(70, monthly_state_pension=120000), single(68)]),
        MAY_2026,
        # 1,200 x 12 / 52 = 276.92 a week; 363.25 - 276.92 = £86.33
        {"guarantee_credit_weekly": 36325 - 27692},
    ),
    (
        "severe disability addition with Attendance Allowance and nobody else at home",
        Household(adults=[single(75, attendance_allowance="higher")]),
        MAY_2026,
        # 238.00 + 86.05 = £324.05
        {"guarantee_credit_weekly": 23800 + 8605, "benefit_cap_exempt": False},
    ),
    (
        "no severe disability addition with a non-dependant at home",
        Household(
            adults=[single(75, attendance_allowance="higher")],
            non_dependants=[NonDependant(age=40)],
        ),
        MAY_2026,
        {"guarantee_credit_weekly": 23800},
    ),
    (
        "carer addition with Carer's Allowance counted as income",
        Household(adults=[single(70, carers_allowance=True)]),
        MAY_2026,
        # 238.00 + 48.15 - 86.45 = £199.70
        {"guarantee_credit_weekly": 23800 + 4815 - 8645},
    ),
    (
        "savings above £10,000 count as £1 a week for each £500 or part",
        Household(adults=[single(70)], savings=1050001),
        MAY_2026,
        # 500.01 over: 2 steps = £2 a week
        {"guarantee_credit_weekly": 23800 - 200},
    ),
    (
        "Savings Credit for someone who reached pension age before April 2016",
        Household(adults=[single(80, monthly_state_pension=85000, monthly_private_pension=20000)]),
        MAY_2026,
        # income 1,050 x 12 / 52 = 242.31; 60% x (242.31 - 208.07) = 20.54, capped at 17.96
        # less 40% x (242.31 - 238.00) = 1.72: £16.24 a week
        {"guarantee_credit_weekly": 0, "savings_credit_weekly": 1796 - 172},
    ),
    # --- Housing Benefit at pension age --------------------------------------------------------
    (
        "full Housing Benefit with Guarantee Credit, never more than the rent",
        Household(adults=[single(70)], monthly_rent=40000, bedrooms=3),
        MAY_2026,
        # 400 x 12 / 52 = 92.31 a week; no bedroom reduction at pension age; 92.31 x 52 / 12
        # = 400.01, held to the £400 rent
        {"housing_benefit_weekly": 9231, "housing_benefit": 40000, "spare_bedrooms": 2},
    ),
    (
        "Housing Benefit tapered at 65% above the applicable amount",
        Household(adults=[single(70, monthly_state_pension=130000)], monthly_rent=45000),
        MAY_2026,
        # income 1,300 x 12 / 52 = 300.00; no Guarantee Credit (300 > 238); applicable amount
        # £238.00 (pension age reached after April 2021): excess 62.00 x 65% = 40.30
        # rent 450 x 12 / 52 = 103.85; HB 103.85 - 40.30 = £63.55 a week
        {"housing_benefit_weekly": 10385 - 4030},
    ),
    (
        "HB non-dependant deduction by income band: £1,500 a month is £346.15 a week",
        Household(
            adults=[single(70, monthly_state_pension=130000)],
            non_dependants=[NonDependant(age=40, monthly_earnings=150000)],
            monthly_rent=45000,
            bedrooms=2,
        ),
        MAY_2026,
        # band £279 - £364.99: £64.35; 103.85 - 64.35 - 40.30 = £(-0.80) -> 0
        {"housing_benefit_weekly": max(0, 10385 - 6435 - 4030)},
    ),
    (
        "HB capital over £16,000 without Guarantee Credit: none",
        Household(
            adults=[single(70, monthly_state_pension=130000)],
            monthly_rent=45000,
            savings=1700000,
        ),
        MAY_2026,
        {"housing_benefit": 0},
    ),
    # --- Council Tax Reduction, pension age -------------------------------------------------
    (
        "pension-age CTR with Guarantee Credit: the whole bill",
        Household(adults=[single(70)], council_tax=CouncilTax(annual_bill=180000)),
        MAY_2026,
        {"council_tax_reduction": 15000},  # £1,800 a year = £150 a month
    ),
    (
        "pension-age CTR tapered at 20%",
        Household(
            adults=[single(70, monthly_state_pension=130000)],
            council_tax=CouncilTax(annual_bill=180000),
        ),
        MAY_2026,
        # excess income £62.00 a week x 20% = £12.40 a week = £644.80 a year
        # 1,800 - 644.80 = £1,155.20 a year = £96.27 a month
        {"council_tax_reduction": round((180000 - 1240 * 52) / 12)},
    ),
    # --- Child Benefit -----------------------------------------------------------------------
    (
        "Child Benefit, one child: £27.05 a week",
        Household(adults=[single(30)], children=[Child(age=4)]),
        MAY_2026,
        {"child_benefit": weekly_to_monthly(2705)},  # £117.22
    ),
    (
        "Child Benefit, two children: £27.05 + £17.90",
        Household(adults=[single(30)], children=[Child(age=4), Child(age=1)]),
        MAY_2026,
        {"child_benefit": weekly_to_monthly(2705 + 1790)},  # £194.78
    ),
    (
        "High Income Child Benefit Charge at £70,000: half clawed back",
        Household(
            adults=[single(40, monthly_earnings=583333), single(38)],
            children=[Child(age=4)],
        ),
        MAY_2026,
        # (69,999.96 - 60,000) / 200 = 49.99 -> 49% of 27.05 x 52 = 1,406.60 -> £689.23
        {"hicbc_annual": 2705 * 52 * 49 // 100},
    ),
]


@pytest.mark.parametrize(
    ("household", "on", "expected"),
    [example[1:] for example in EXAMPLES],
    ids=[example[0] for example in EXAMPLES],
)
def test_worked_example(household, on, expected):
    result = calculate(household, on=on)
    actual = {key: getattr(result, key) for key in expected}
    assert actual == expected, "\n".join(result.explanation)


def test_the_working_reads_as_the_issue_writes_it():
    result = calculate(Household(adults=[single(28)], monthly_rent=45000, bedrooms=2), on=MAY_2026)
    assert "Housing costs: £450.00 rent less 14% for one spare bedroom = £387.00" in (
        result.explanation
    )
    assert result.explanation[-2:] == [
        "Universal Credit: £811.90 a month",
        "Council Tax Reduction: each council sets its own scheme for people of working age. "
        "Ask your council: you may get help with your council tax bill.",
    ]


def test_every_amount_in_the_working_is_formatted_as_money():
    household = Household(
        adults=[single(30, monthly_earnings=123456), single(29)],
        children=[Child(age=3), Child(age=11, sex="F")],
        monthly_rent=56789,
        bedrooms=3,
        savings=712345,
        married=True,
    )
    for line in calculate(household, on=MAY_2026).explanation:
        assert "£-" not in line
        assert ".0 " not in line  # no float-looking amounts


def test_working_age_council_tax_reduction_with_the_example_scheme():
    council_tax = load_council_tax()
    household = Household(
        adults=[single(30)],
        monthly_rent=40000,
        council_tax_band="E",
        council_tax=council_tax,
    )
    result = calculate(household, on=MAY_2026)
    # Band E £2,786.67 is capped at the band D bill of £2,280.00; no income: 90% (the scheme's
    # most) = £2,052.00 a year = £171.00 a month.
    assert result.council_tax_reduction == 17100
    assert "help only up to the band D bill of £2,280.00" in result.explanation[-1]


def test_working_age_council_tax_reduction_is_none_without_a_scheme():
    result = calculate(Household(adults=[single(30)]), on=MAY_2026)
    assert result.council_tax_reduction is None


@pytest.mark.parametrize(
    ("household", "expected_keys"),
    [
        (Household(adults=[single(40, lcwra=True)]), {"pip"}),
        (Household(adults=[single(75, health_condition=True)]), {"attendance_allowance"}),
        (Household(adults=[single(40, carer=True)]), {"carers_allowance"}),
        (
            Household(adults=[single(40, carer=True, monthly_earnings=120000)]),
            set(),  # take-home pay over £204 a week: no Carer's Allowance
        ),
        (
            Household(adults=[single(40)], children=[Child(age=6, disability_no_benefit=True)]),
            {"dla_child"},
        ),
        (Household(adults=[single(40, lcwra=True, pip_daily_living="standard")]), set()),
    ],
)
def test_flags(household, expected_keys):
    result = calculate(household, on=MAY_2026)
    assert {flag.key for flag in result.flags} == expected_keys
    for flag in result.flags:
        assert flag.url.startswith("https://")
        assert "£" in flag.amount


def test_carers_allowance_flag_gives_its_rate_and_earnings_limit():
    result = calculate(Household(adults=[single(40, carer=True)]), on=MAY_2026)
    (flag,) = result.flags
    assert flag.amount == "£86.45 a week"
    assert "£204.00 a week" in flag.why


@pytest.mark.parametrize(
    ("household", "on", "present", "absent"),
    [
        (
            Household(adults=[single(30)], children=[Child(age=7)], monthly_rent=50000),
            OCT_2026,
            {"free_school_meals", "warm_home_discount", "broadband_social_tariff"},
            set(),
        ),
        (
            # before September 2026 free school meals need take-home pay under £616.67
            Household(
                adults=[single(30, monthly_earnings=110000)],
                children=[Child(age=7)],
                monthly_rent=50000,
            ),
            MAY_2026,
            {"crisis_and_resilience_fund", "help_to_save"},
            {"free_school_meals", "budgeting_advance"},
        ),
        (
            Household(adults=[single(22)], children=[Child(age=0)], monthly_rent=40000),
            MAY_2026,
            {"healthy_start", "budgeting_advance", "water_social_tariff"},
            {"help_to_save"},
        ),
        (
            Household(adults=[single(45, monthly_earnings=400000)], monthly_rent=40000),
            MAY_2026,
            {"crisis_and_resilience_fund"},  # not limited to benefit claimants
            {"warm_home_discount", "broadband_social_tariff"},
        ),
        (
            Household(adults=[single(70)], monthly_rent=40000),
            MAY_2026,
            {"warm_home_discount", "broadband_social_tariff"},
            {"budgeting_advance", "help_to_save"},
        ),
    ],
)
def test_other_help(household, on, present, absent):
    keys = {item.key for item in calculate(household, on=on).other_help}
    assert present <= keys
    assert not (absent & keys)


def test_healthy_start_amount_for_a_baby():
    result = calculate(
        Household(adults=[single(22)], children=[Child(age=0)], monthly_rent=40000), on=MAY_2026
    )
    (item,) = [item for item in result.other_help if item.key == "healthy_start"]
    assert item.amount.startswith("£8.50 a week")


def test_crisis_and_resilience_fund_mentions_a_shortfall_from_the_bedroom_reduction():
    result = calculate(Household(adults=[single(28)], monthly_rent=45000, bedrooms=2), on=MAY_2026)
    (item,) = [item for item in result.other_help if item.key == "crisis_and_resilience_fund"]
    assert "spare bedroom reduction" in item.why


def test_scotland_names_its_own_benefits_and_mitigation():
    result = calculate(
        Household(
            adults=[single(40, lcwra=True)], monthly_rent=45000, bedrooms=2, nation="scotland"
        ),
        on=MAY_2026,
    )
    assert result.flags[0].title == "Adult Disability Payment"
    assert any("Discretionary Housing Payments" in item.title for item in result.other_help)
    assert any(note.startswith("Scotland:") for note in result.notes)


def test_rates_version_is_recorded():
    assert calculate(Household(adults=[single(30)]), on=MAY_2026).rates_version == "2026-27"
    assert calculate(Household(adults=[single(30)]), on=MAY_2025).rates_version == "2025-26"


def test_a_rates_object_can_be_passed_in():
    rates = load_rates("2025-26")
    result = calculate(Household(adults=[single(30)]), on=MAY_2026, rates=rates)
    assert result.uc_standard_allowance == 40014
