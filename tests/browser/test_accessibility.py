"""Every page of the foundation passes axe-core (no serious or critical violations) and reflows
at 320px without horizontal scrolling, in normal and error states."""

import datetime as dt

import pytest
from django.urls import reverse

from portal.models import LedgerEntry
from tests.browser.axe import WIDTHS, assert_accessible
from tests.factories import LedgerEntryFactory, TenancyMemberFactory, tenant_with_account

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def tenant_with_history():
    user, account = tenant_with_account()
    LedgerEntry.objects.bulk_create(
        LedgerEntryFactory.build(
            account=account,
            posted_on=dt.date(2026, 1, 5) + dt.timedelta(weeks=week),
            amount_pence=9500 if week % 2 else -12345,
            kind="charge" if week % 2 else "payment",
            description="Rent" if week % 2 else "Payment, thank you",
        )
        for week in range(40)
    )
    return user, account


@pytest.mark.parametrize("width", WIDTHS)
def test_public_pages(signed_in_page, live_server, width):
    page = signed_in_page(width=width)
    for path in ("/", reverse("account_login"), reverse("account_signup")):
        page.goto(live_server.url + path)
        assert_accessible(page, f"{path} at {width}px", one_h1=False)


@pytest.mark.parametrize("width", WIDTHS)
def test_sign_in_error_state(signed_in_page, live_server, width):
    page = signed_in_page(width=width)
    page.goto(live_server.url + reverse("account_login"))
    page.fill("input[name=login]", "nobody@example.com")
    page.fill("input[name=password]", "wrong-password")
    page.locator("#main-content form button").last.click()
    page.wait_for_selector(".govuk-error-summary")
    assert_accessible(page, f"login error at {width}px", one_h1=False)


@pytest.mark.parametrize("width", WIDTHS)
def test_tenant_pages(signed_in_page, live_server, tenant_with_history, width):
    user, account = tenant_with_history
    page = signed_in_page(user, width=width)
    statement = reverse("portal:statement", args=[account.reference])
    for path in (reverse("portal:dashboard"), statement, statement + "?page=2"):
        page.goto(live_server.url + path)
        assert page.locator("h1").count() == 1
        assert_accessible(page, f"{path} at {width}px", one_h1=False)

    page.goto(live_server.url + statement + "?date_from_0=31&date_from_1=2&date_from_2=2026")
    page.wait_for_selector(".govuk-error-summary")
    assert_accessible(page, f"statement filter error at {width}px", one_h1=False)


@pytest.mark.parametrize("width", WIDTHS)
def test_link_page_and_its_errors(signed_in_page, live_server, width):
    user, account = tenant_with_account()
    TenancyMemberFactory(tenancy=account.tenancy, name="Someone Else")
    page = signed_in_page(user, width=width)
    page.goto(live_server.url + reverse("portal:link"))
    assert_accessible(page, f"link at {width}px", one_h1=False)
    page.fill("input[name=reference]", "NOPE")
    page.fill("input[name=postcode]", "M1 3HE")
    page.locator("#main-content form button").last.click()
    page.wait_for_selector(".govuk-error-summary")
    assert_accessible(page, f"link error at {width}px", one_h1=False)


@pytest.mark.parametrize("width", WIDTHS)
def test_officer_home(signed_in_page, live_server, officer, width):
    page = signed_in_page(officer, width=width)
    page.goto(live_server.url + reverse("casework:home"))
    assert "Officer home" in page.content()
    assert_accessible(page, f"officer home at {width}px", one_h1=False)
