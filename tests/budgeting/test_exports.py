"""CSV and JSON in the SFS structure, as documented in docs/interfaces.md."""

import csv
import io
import json

import pytest

from budgeting import exports
from budgeting.categories import LINES
from budgeting.selectors import DebtAnswer, LineAnswer, budget_version_get_for_user
from tests.budgeting.helpers import submitted_budget

pytestmark = pytest.mark.django_db


@pytest.fixture
def budget(tenant_and_tenancy):
    user, tenancy = tenant_and_tenancy
    submitted_budget(
        user,
        tenancy,
        lines={
            "client_wages": LineAnswer(40000, "weekly"),
            "universal_credit": LineAnswer(10000, "monthly"),
            "rent": LineAnswer(9500, "weekly"),
            "groceries": LineAnswer(7500, "weekly"),
            "savings_contribution": LineAnswer(1000, "monthly"),
            "other_essential": LineAnswer(2000, "monthly", description="=HYPERLINK(evil)"),
            "mobile_phone": LineAnswer(0, "monthly", not_paid=True),
        },
        debts={
            "rent_arrears": DebtAnswer(50000, 1000, "weekly"),
            "credit_cards": DebtAnswer(120000, 2500, "monthly"),
        },
    )
    return budget_version_get_for_user(user=user, tenancy_reference=tenancy.reference, number=1)


def test_json_follows_the_sfs_data_entry_schema(budget):
    data = exports.budget_json(budget=budget)
    json.dumps(data)  # serialisable as it is
    assert data["format"] == "tenant-portal-budget/1"
    assert data["housing-tenure"] == "Tenant - social"
    assert data["client-employment-status"] == ["Part-time"]
    assert data["dependent-children-under-16"] == 1
    assert data["total-number-in-household"] == 2
    income = data["monthly-income"]
    assert income["earnings"]["client-salary-or-wages"] == {"monthly-amount": "1733.33"}
    assert income["benefits"]["tax-credits-universal-credit"] == {"monthly-amount": "100.00"}
    assert income["benefits"]["child-benefit"] == {"monthly-amount": "0.00"}
    assert income["total-monthly-income"] == "1833.33"
    fixed = data["monthly-outgoings"]["fixed-costs"]
    assert fixed["home-contents"]["rent"] == {"monthly-amount": "411.67"}
    assert fixed["other-essential"]["other-essential-costs"] == [
        {"monthly-amount": "20.00", "notes": "=HYPERLINK(evil)"}
    ]
    flexible = data["monthly-outgoings"]["flexible-costs"]
    assert flexible["food-housekeeping"]["groceries"] == {"monthly-amount": "325.00"}
    assert flexible["total-flexible-costs"] == "325.00"
    assert data["savings"] == {
        "savings-contribution": "10.00",
        "savings-contribution-considered": True,
    }
    overview = data["overview"]
    # Outgoings 411.67 + 20 + 325 = 756.67; savings 10; left 1066.66.
    assert overview["total-monthly-outgoings"] == "756.67"
    assert overview["income-minus-outgoings"] == "1076.66"
    assert overview["total-available-for-priority-debts"] == "1066.66"
    debts = data["debts"]
    assert debts["priority-debts"] == [
        {
            "creditor": "Rent arrears",
            "amount-owed": "500.00",
            "repayment-offer": "43.33",
            "notes": "Current payment, not an offer",
        }
    ]
    assert debts["total-priority-debt-offers"] == "43.33"
    assert debts["total-available-for-non-priority-debts"] == "1023.33"
    assert debts["non-priority-debts"][0]["ccj"] is False
    assert data["portal"]["weekly"]["surplus"] == "246.16"  # 423.08 - 176.92


def test_no_amount_in_the_json_is_a_float(budget):
    def walk(value):
        if isinstance(value, dict):
            for item in value.values():
                yield from walk(item)
        elif isinstance(value, list):
            for item in value:
                yield from walk(item)
        else:
            yield value

    assert not any(isinstance(value, float) for value in walk(exports.budget_json(budget=budget)))


def test_csv_has_every_sfs_line_totals_debts_and_the_overview(budget):
    rows = list(csv.DictReader(io.StringIO(exports.budget_csv(budget=budget))))
    assert list(rows[0]) == exports.CSV_COLUMNS
    by_element = {row["sfs_element"]: row for row in rows}
    wages = by_element["client-salary-or-wages"]
    assert (wages["amount"], wages["frequency"], wages["monthly_amount"]) == (
        "400.00",
        "weekly",
        "1733.33",
    )
    assert by_element["mobile-phone"]["notes"] == "Does not pay this"
    assert by_element["other-essential-costs"]["notes"] == "'=HYPERLINK(evil)"  # not a formula
    assert by_element["total-benefits"]["monthly_amount"] == "100.00"
    assert by_element["total-available-for-priority-debts"]["monthly_amount"] == "1066.66"
    assert by_element["total-priority-debts"]["amount_owed"] == "500.00"
    debts = [row for row in rows if row["sfs_group"] == "debts"]
    assert [(d["label"], d["amount_owed"], d["monthly_amount"]) for d in debts] == [
        ("Rent arrears", "500.00", "43.33"),
        ("Credit cards and store cards", "1200.00", "25.00"),
    ]
    assert by_element["dependent-children-under-16"]["value"] == "1"
    line_elements = {line.sfs for line in LINES.values()}
    sfs_lines = [
        row
        for row in rows
        if row["sfs_element"] in line_elements and row["sfs_group"] != "overview"
    ]
    assert len(sfs_lines) == len(LINES) == 88
