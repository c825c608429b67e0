"""The payment plan pages pass axe-core (no serious or critical violations) and reflow at
320px: the form, its error state, the preview, the status page, the counter-offer page and the
officer's decision screen."""

import pytest
from django.urls import reverse

from arrangements.models import Arrangement
from tests.arrangements.factories import CounterOfferFactory
from tests.browser.axe import WIDTHS, assert_accessible
from tests.factories import LedgerEntryFactory, tenant_with_account

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def owing():
    user, account = tenant_with_account()
    LedgerEntryFactory(account=account, amount_pence=50000)
    return user, account


def visit(page, live_server, path, label):
    page.goto(live_server.url + path)
    assert page.locator("h1").count() == 1, label
    assert_accessible(page, label, one_h1=False)


@pytest.mark.parametrize("width", WIDTHS)
def test_the_tenants_plan_pages_and_the_forms_error_state(
    signed_in_page, live_server, owing, width
):
    user, _ = owing
    page = signed_in_page(user, width=width)
    visit(page, live_server, reverse("arrangements:start"), f"form at {width}px")

    page.fill("#amount", "0.20")
    page.locator("#main-content form button[value=preview]").click()
    page.wait_for_selector(".govuk-error-summary")
    assert page.title().startswith("Error:")
    assert page.input_value("#amount") == "0.20"
    assert_accessible(page, f"form errors at {width}px", one_h1=False)

    page.fill("#amount", "20")
    page.locator("#payment_method-2").check()
    from django.utils import timezone

    today = timezone.localdate()
    page.fill("#start_day", str(today.day))
    page.fill("#start_month", str(today.month))
    page.fill("#start_year", str(today.year))
    page.locator("#main-content form button[value=preview]").click()
    page.wait_for_selector("text=Check your payment plan")
    assert_accessible(page, f"preview at {width}px", one_h1=False)

    page.locator("#main-content form button[value=submit]").click()
    page.wait_for_selector("text=Your payment plan")
    assert_accessible(page, f"status at {width}px", one_h1=False)


@pytest.mark.parametrize("width", WIDTHS)
def test_the_counter_offer_and_the_officers_screen(
    signed_in_page, live_server, owing, officer, width
):
    from tests.arrangements.factories import ArrangementFactory

    user, account = owing
    plan = ArrangementFactory(
        tenancy=account.tenancy, accounts=[account], status=Arrangement.Status.COUNTERED
    )
    CounterOfferFactory(arrangement=plan)
    page = signed_in_page(user, width=width)
    visit(page, live_server, reverse("arrangements:respond", args=[plan.pk]), f"offer at {width}px")
    page.locator("#main-content form button").click()
    page.wait_for_selector(".govuk-error-summary")
    assert_accessible(page, f"offer error at {width}px", one_h1=False)

    Arrangement.objects.filter(pk=plan.pk).update(status=Arrangement.Status.PROPOSED)
    officer_page = signed_in_page(officer, width=width)
    visit(
        officer_page,
        live_server,
        reverse("arrangements:officer_decide", args=[plan.pk]),
        f"decision at {width}px",
    )
    officer_page.locator("button[value=reject]").click()
    officer_page.wait_for_selector(".govuk-error-summary")
    assert_accessible(officer_page, f"decision error at {width}px", one_h1=False)
