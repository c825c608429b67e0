"""The SFS category tree as data: complete, unique, and pure."""

import ast
from pathlib import Path

from budgeting import categories
from budgeting.categories import (
    BENEFIT_INCOME_KEYS,
    DEBT_KINDS,
    INCOME,
    LINES,
    SECTIONS,
    SECTIONS_BY_KEY,
    SPENDING,
)

# The SFS data entry schema's elements (DDS v1.1), group by group.
SFS_GROUPS = {
    "earnings": {"client-salary-or-wages", "partner-salary-or-wages", "other-earnings"},
    "benefits": {
        "tax-credits-universal-credit",
        "jobseekers-allowance-income-based",
        "jobseekers-allowance-contribution-based",
        "income-support",
        "working-tax-credit",
        "child-tax-credit",
        "child-benefit",
        "employment-support-allowance",
        "disability-benefits",
        "carers-allowance",
        "local-housing-allowance",
        "council-tax-support",
        "other-benefits",
    },
    "pensions": {"state-pensions", "private-work-pensions", "pension-credit", "other-pensions"},
    "other-income": {
        "maintenance-child-support",
        "boarders-lodgers",
        "non-dependants-contributions",
        "student-loans-grants",
        "other-other-income",
    },
    "home-contents": {
        "rent",
        "ground-rent-service-charges",
        "mortgage",
        "mortgage-endowment",
        "secured-loans",
        "council-tax-rates",
        "appliance-furniture-rental",
        "tv-licence",
        "other-home-contents",
    },
    "utilities": {"gas", "electricity", "other-utilities"},
    "water": {"water-supply", "water-waste"},
    "care-health": {
        "childcare-costs",
        "adult-care-costs",
        "child-maintenance-child-support",
        "prescriptions-medicines",
        "dentistry-opticians",
        "other-care-health",
    },
    "transport-travel": {
        "public-transport",
        "hire-purchase-conditional-sale-vehicle",
        "car-insurance",
        "road-tax",
        "mot-ongoing-maintenance",
        "breakdown-cover",
        "fuel-parking-toll-road-charges",
        "other-transport-travel",
    },
    "school": {"school-uniform", "after-school-clubs-school-trips", "other-school"},
    "pensions-insurance": {
        "pension-payments",
        "life-insurance",
        "mortgage-payment-protection-insurance",
        "buildings-contents-insurance",
        "health-insurance",
        "other-pensions-insurances",
    },
    "professional": {
        "professional-courses",
        "union-fees",
        "professional-fees",
        "other-professional",
    },
    "other-essential": {"other-essential-costs"},
    "communications-leisure": {
        "home-phone-internet-tv",
        "mobile-phone",
        "hobbies-leisure-sport",
        "gifts",
        "pocket-money",
        "newspapers-magazines-stationery-postage",
        "other-communications-leisure",
    },
    "food-housekeeping": {
        "groceries",
        "nappies-baby-items",
        "school-work-meals",
        "laundry-dry-cleaning",
        "alcohol",
        "smoking-products",
        "vet-bills-pet-insurance",
        "house-repairs-maintenance",
        "other-food-housekeeping",
    },
    "personal": {"clothing-footwear", "hairdressing", "toiletries", "other-personal"},
    "savings": {"savings-contribution"},
}


def test_every_sfs_line_is_there_once_and_nothing_is_added():
    found = {
        section.sfs: {line.sfs for line in section.lines} for section in SECTIONS if section.lines
    }
    assert found == SFS_GROUPS


def test_keys_are_unique_across_the_whole_tree():
    line_keys = [line.key for section in SECTIONS for line in section.lines]
    debt_keys = [debt.key for section in SECTIONS for debt in section.debts]
    assert len(line_keys) == len(set(line_keys)) == len(LINES)
    assert len(debt_keys) == len(set(debt_keys)) == len(DEBT_KINDS)
    assert not set(line_keys) & set(debt_keys)
    assert len(SECTIONS_BY_KEY) == len(SECTIONS)


def test_benefit_income_keys_are_income_lines_and_include_what_the_checker_needs():
    for key in BENEFIT_INCOME_KEYS:
        assert categories.LINE_SECTION[key].kind == INCOME
    assert {
        "universal_credit",
        "housing_benefit",
        "child_benefit",
        "pension_credit",
        "council_tax_support",
        "disability_benefits",
        "carers_allowance",
        "state_pension",
        "other_benefits",
    } <= set(BENEFIT_INCOME_KEYS)


def test_sections_run_household_income_spending_then_debts():
    kinds = [section.kind for section in SECTIONS]
    assert kinds[0] == "household"
    assert kinds[-2:] == ["priority_debts", "other_debts"]
    first_spending = kinds.index(SPENDING)
    assert all(kind == INCOME for kind in kinds[1:first_spending])


def test_flexible_sections_carry_the_three_guideline_categories():
    assert {s.guideline for s in SECTIONS if s.guideline} == {
        "communications_leisure",
        "food_housekeeping",
        "personal",
    }


def test_priority_debts_cover_the_issue_list():
    priority = {k for k, d in DEBT_KINDS.items() if d.priority}
    assert priority == {
        "rent_arrears",
        "council_tax_arrears",
        "energy_arrears",
        "water_arrears",
        "magistrates_fines",
        "child_maintenance_arrears",
        "tv_licence_arrears",
        "hmrc",
    }


def test_the_module_has_no_django_import():
    tree = ast.parse(Path(categories.__file__).read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            assert not (node.module or "").startswith("django")
        if isinstance(node, ast.Import):
            assert not any(alias.name.startswith("django") for alias in node.names)
