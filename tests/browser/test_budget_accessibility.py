"""The budget's pages pass axe-core (no serious or critical violations) and reflow at 320px
without scrolling sideways, in normal and error states, for tenants and officers."""

import pytest
from django.urls import reverse

from budgeting.selectors import DebtAnswer, LineAnswer
from tests.browser.axe import WIDTHS, assert_accessible
from tests.budgeting.helpers import fill_budget, submitted_budget
from tests.factories import tenant_with_account

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def tenant_with_budget():
    """Version 1 submitted with a shortfall and priority debts (so the advice shows), and a
    draft version 2 for the wizard's pages."""
    user, account = tenant_with_account()
    tenancy = account.tenancy
    submitted_budget(
        user,
        tenancy,
        lines={
            "universal_credit": LineAnswer(60000, "monthly"),
            "rent": LineAnswer(9500, "weekly"),
            "groceries": LineAnswer(12000, "weekly"),
            "mobile_phone": LineAnswer(0, "monthly", not_paid=True),
        },
        debts={"rent_arrears": DebtAnswer(250000, 500, "weekly")},
    )
    fill_budget(user, tenancy)
    return user, tenancy


@pytest.mark.parametrize("width", WIDTHS)
def test_budget_pages(signed_in_page, live_server, tenant_with_budget, width):
    user, tenancy = tenant_with_budget
    ref = tenancy.reference
    page = signed_in_page(user, width=width)
    paths = [
        reverse("budgeting:start"),
        reverse("budgeting:section", args=[ref, "household"]),
        reverse("budgeting:section", args=[ref, "benefits"]),
        reverse("budgeting:section", args=[ref, "other-essential"]),
        reverse("budgeting:section", args=[ref, "priority-debts"]),
        reverse("budgeting:check", args=[ref]),
        reverse("budgeting:version", args=[ref, 1]),
        reverse("budgeting:version_print", args=[ref, 1]),
        reverse("portal:dashboard"),
    ]
    for path in paths:
        page.goto(live_server.url + path)
        assert_accessible(page, f"{path} at {width}px")
    assert (
        "Get free debt advice"
        in page.goto(live_server.url + reverse("budgeting:version", args=[ref, 1])).text()
    )


@pytest.mark.parametrize("width", WIDTHS)
def test_budget_error_states(signed_in_page, live_server, tenant_with_budget, width):
    user, tenancy = tenant_with_budget
    ref = tenancy.reference
    page = signed_in_page(user, width=width)

    page.goto(live_server.url + reverse("budgeting:section", args=[ref, "home"]))
    page.fill("input[name='rent-amount']", "")
    page.fill("input[name='council_tax-amount']", "12.345")
    page.fill("input[name='service_charges-amount']", "lots")
    page.locator("#main-content form button.govuk-button").first.click()
    page.wait_for_selector(".govuk-error-summary")
    assert page.title().startswith("Error:")
    assert page.input_value("input[name='council_tax-amount']") == "12.345"
    assert_accessible(page, f"home errors at {width}px")

    page.goto(live_server.url + reverse("budgeting:section", args=[ref, "household"]))
    page.fill("input[name='children_under_16']", "several")
    page.locator("#main-content form button.govuk-button").first.click()
    page.wait_for_selector(".govuk-error-summary")
    assert_accessible(page, f"household errors at {width}px")

    page.goto(live_server.url + reverse("budgeting:section", args=[ref, "other-debts"]))
    page.fill("input[name='loans-payment']", "-20")
    page.locator("#main-content form button.govuk-button").first.click()
    page.wait_for_selector(".govuk-error-summary")
    assert_accessible(page, f"debt errors at {width}px")


@pytest.mark.parametrize("width", WIDTHS)
def test_officer_budget_page(signed_in_page, live_server, officer, tenant_with_budget, width):
    _, tenancy = tenant_with_budget
    page = signed_in_page(officer, width=width)
    page.goto(live_server.url + reverse("budgeting:officer_latest", args=[tenancy.reference]))
    assert "Budget for" in page.content()
    assert_accessible(page, f"officer budget at {width}px")
