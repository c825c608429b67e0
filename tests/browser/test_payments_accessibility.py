"""The payment pages pass axe-core (no serious or critical violations) and reflow at 320px,
with and without Stripe keys, and in their error states."""

import uuid

import pytest
from django.urls import reverse

from payments.models import Mandate, PaymentAttempt
from tests.browser.axe import WIDTHS, assert_accessible
from tests.factories import AccountFactory, LedgerEntryFactory, tenant_with_account
from tests.payments.fakes import WEBHOOK_SECRET, FakeStripe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def stripe_on(settings, monkeypatch):
    settings.STRIPE_SECRET_KEY = "sk_test_" + "x" * 24
    settings.STRIPE_WEBHOOK_SECRETS = [WEBHOOK_SECRET]
    settings.STRIPE_LIVE_MODE = False
    return FakeStripe().install(monkeypatch)


@pytest.fixture
def stripe_off(settings):
    settings.STRIPE_SECRET_KEY = ""
    settings.STRIPE_WEBHOOK_SECRETS = []


@pytest.fixture
def tenant():
    user, account = tenant_with_account()
    LedgerEntryFactory(account=account, amount_pence=19000)
    return user, account


def visit(page, live_server, path, label):
    page.goto(live_server.url + path)
    assert page.locator("h1").count() == 1, label
    assert_accessible(page, label, one_h1=False)


@pytest.mark.parametrize("width", WIDTHS)
def test_payment_pages_without_stripe_keys(signed_in_page, live_server, tenant, stripe_off, width):
    user, _ = tenant
    page = signed_in_page(user, width=width)
    for path in (reverse("payments:pay"), reverse("payments:direct_debit")):
        visit(page, live_server, path, f"{path} without keys at {width}px")
        assert "Other ways to pay" in page.content()


@pytest.mark.parametrize("width", WIDTHS)
def test_pay_by_card_and_its_errors(signed_in_page, live_server, tenant, stripe_on, width):
    user, account = tenant
    page = signed_in_page(user, width=width)
    visit(page, live_server, reverse("payments:pay"), f"pay at {width}px")
    page.fill("#amount", "12.345")
    page.locator("#main-content form button").click()
    page.wait_for_selector(".govuk-error-summary")
    assert page.title().startswith("Error:")
    assert_accessible(page, f"pay error at {width}px", one_h1=False)

    AccountFactory(tenancy=account.tenancy, kind="garage")
    visit(page, live_server, reverse("payments:pay"), f"choose account at {width}px")
    page.locator("#main-content form button").click()
    page.wait_for_selector(".govuk-error-summary")
    assert_accessible(page, f"choose account error at {width}px", one_h1=False)


@pytest.mark.parametrize("width", WIDTHS)
def test_the_pages_stripe_sends_tenants_back_to(
    signed_in_page, live_server, tenant, stripe_on, width
):
    user, account = tenant
    attempt = PaymentAttempt.objects.create(
        account=account,
        user=user,
        amount_pence=5000,
        status="pending",
        checkout_session_id=f"cs_test_{uuid.uuid4().hex}",
    )
    page = signed_in_page(user, width=width)
    for path in (
        reverse("payments:paid", args=[attempt.pk]),
        reverse("payments:pay_cancelled", args=[attempt.pk]),
        reverse("portal:dashboard"),
    ):
        visit(page, live_server, path, f"{path} at {width}px")


@pytest.mark.parametrize("width", WIDTHS)
def test_direct_debit_pages(signed_in_page, live_server, tenant, stripe_on, width):
    user, account = tenant
    page = signed_in_page(user, width=width)
    visit(page, live_server, reverse("payments:direct_debit"), f"direct debit (none) at {width}px")

    mandate = Mandate.objects.create(
        account=account,
        user=user,
        customer_id="cus_x",
        status="active",
        mandate_id=f"mandate_{uuid.uuid4().hex}",
        payment_method_id="pm_x",
        bank_last4="2345",
        reference="RIVERSIDE-ABC123",
    )
    for path in (
        reverse("payments:direct_debit"),
        reverse("payments:direct_debit_detail", args=[mandate.pk]),
        reverse("payments:direct_debit_cancel", args=[mandate.pk]),
    ):
        visit(page, live_server, path, f"{path} at {width}px")


@pytest.mark.parametrize("width", WIDTHS)
def test_direct_debit_error_state(signed_in_page, live_server, tenant, stripe_on, width):
    from payments import stripe_client

    user, _ = tenant
    stripe_on.fail_next("checkout_setup_create", stripe_client.StripeUnavailable("down"))
    page = signed_in_page(user, width=width)
    visit(page, live_server, reverse("payments:direct_debit"), f"direct debit at {width}px")
    page.locator("#main-content form button").first.click()
    page.wait_for_selector(".govuk-error-summary")
    assert_accessible(page, f"direct debit error at {width}px", one_h1=False)
