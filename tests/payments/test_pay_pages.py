"""The tenant's payment pages: /pay/, the return pages, /pay/direct-debit/ and the tile."""

import datetime as dt
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from payments import stripe_client
from payments.models import Mandate, PaymentAttempt
from tests.factories import AccountFactory, UserFactory, tenant_with_account
from tests.test_bad_input import NASTY

pytestmark = pytest.mark.django_db

PAY = "/pay/"
DIRECT_DEBIT = "/pay/direct-debit/"


@pytest.fixture
def signed_in(client, payer):
    user, account = payer
    client.force_login(user)
    return user, account


def pay(client, account, amount, token=None):
    return client.post(
        PAY,
        {"account": account.reference, "amount": amount, "form_token": token or str(uuid.uuid4())},
    )


def test_the_paths_are_the_ones_in_the_design():
    assert reverse("payments:pay") == PAY
    assert reverse("payments:direct_debit") == DIRECT_DEBIT
    assert reverse("payments:stripe_webhook") == "/payments/stripe/webhook/"


# --- Without Stripe keys (the demo) -------------------------------------------------------


def test_without_stripe_keys_the_pages_list_other_ways_to_pay(client, signed_in, settings):
    settings.STRIPE_SECRET_KEY = ""
    _, account = signed_in
    page = client.get(PAY)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Card payments are not set up on this website" in text
    for way in settings.PAYMENTS_OTHER_WAYS_TO_PAY:
        assert way["heading"] in text
    assert pay(client, account, "50").status_code == 200
    assert not PaymentAttempt.objects.exists()
    dd = client.get(DIRECT_DEBIT).content.decode()
    assert "You cannot set up a Direct Debit on this website" in dd


def test_the_dashboard_tile_says_where_to_pay_without_stripe(client, signed_in, settings):
    settings.STRIPE_SECRET_KEY = ""
    page = client.get(reverse("portal:dashboard")).content.decode()
    assert "Ways to pay" in page


# --- Access -------------------------------------------------------------------------------


@pytest.mark.parametrize("path", [PAY, DIRECT_DEBIT])
def test_anonymous_visitors_are_sent_to_sign_in(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_login_without_a_tenancy_is_sent_to_link_one(client, fake_stripe):
    client.force_login(UserFactory())
    assert client.get(PAY)["Location"] == reverse("portal:link")


def test_another_tenants_account_is_not_found(client, signed_in, fake_stripe):
    _, other = tenant_with_account()
    assert client.get(PAY, {"account": other.reference}).status_code == 404
    assert pay(client, other, "50").status_code == 404
    response = client.post(
        DIRECT_DEBIT, {"account": other.reference, "form_token": str(uuid.uuid4())}
    )
    assert response.status_code == 404
    assert not PaymentAttempt.objects.exists()
    assert not Mandate.objects.exists()
    assert not fake_stripe.calls


def test_another_tenants_payment_and_direct_debit_are_not_found(client, signed_in, fake_stripe):
    other_user, other_account = tenant_with_account()
    attempt = PaymentAttempt.objects.create(
        account=other_account, user=other_user, amount_pence=100
    )
    mandate = Mandate.objects.create(account=other_account, user=other_user, customer_id="cus_x")
    for url in (
        reverse("payments:paid", args=[attempt.pk]),
        reverse("payments:pay_cancelled", args=[attempt.pk]),
        reverse("payments:direct_debit_detail", args=[mandate.pk]),
        reverse("payments:direct_debit_cancel", args=[mandate.pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert (
        client.post(reverse("payments:direct_debit_cancel", args=[mandate.pk])).status_code == 404
    )
    mandate.refresh_from_db()
    assert mandate.status == Mandate.Status.SETTING_UP


# --- Choosing the account and the amount --------------------------------------------------


def test_the_amount_defaults_to_what_is_owed(client, signed_in, fake_stripe):
    page = client.get(PAY).content.decode()
    assert 'value="190.00"' in page
    assert "You owe £190.00 on this account" in page
    # Direct Debit is offered first.
    assert page.index("Set up a Direct Debit") < page.index("Continue to payment")


def test_with_several_accounts_the_tenant_chooses_one_first(client, signed_in, fake_stripe):
    user, account = signed_in
    garage = AccountFactory(tenancy=account.tenancy, kind="garage")
    page = client.get(PAY).content.decode()
    assert "Which account do you want to pay?" in page
    assert garage.reference in page and account.reference in page
    error = client.get(PAY, {"choose": "1"}).content.decode()
    assert "Select the account you want to pay" in error
    assert error.count('href="#account"') == 1
    chosen = client.get(PAY, {"account": garage.reference, "choose": "1"}).content.decode()
    assert f'name="account" value="{garage.reference}"' in chosen
    assert 'value=""' in chosen.split('id="amount"')[1][:400]  # nothing owed on the garage


BAD_AMOUNTS = [
    ("", "Enter how much you want to pay"),
    ("   ", "Enter how much you want to pay"),
    ("fifty", "Enter an amount in pounds and pence, like 12.50"),
    ("12.5x", "Enter an amount in pounds and pence, like 12.50"),
    ("1e3", "Enter an amount in pounds and pence, like 12.50"),
    ("NaN", "Enter an amount in pounds and pence, like 12.50"),
    ("12.345", "Enter an amount with no more than 2 decimal places, like 12.50"),
    ("-5", "Enter the amount without a minus sign, like 12.50"),
    ("-£5.00", "Enter the amount without a minus sign, like 12.50"),
    ("0", "Amount must be £1 or more"),
    ("0.99", "Amount must be £1 or more"),
    ("10000.01", "Amount must be £10,000 or less"),
    ("99999999999999999999", "Amount must be £10,000 or less"),
    ("1" * 40, "Enter an amount in pounds and pence, like 12.50"),
]


@pytest.mark.parametrize(("amount", "message"), BAD_AMOUNTS)
def test_a_bad_amount_gets_a_clear_message_and_nothing_is_sent_to_stripe(
    client, signed_in, fake_stripe, amount, message
):
    _, account = signed_in
    response = pay(client, account, amount)
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert '<a href="#amount">' in page  # the error summary links to the field
    assert "<title>Error: " in page
    assert "govuk-input--error" in page
    assert not PaymentAttempt.objects.exists()
    assert not fake_stripe.calls


@pytest.mark.parametrize("amount", ["1", "£1", "10000", "£10,000.00", "1,234.56", " 95.5 "])
def test_amounts_within_the_limits_go_to_stripe(client, signed_in, fake_stripe, amount):
    _, account = signed_in
    response = pay(client, account, amount)
    assert response.status_code == 303
    assert response["Location"].startswith("https://checkout.stripe.com/")


def test_hostile_input_never_gives_a_500(client, signed_in, fake_stripe):
    _, account = signed_in
    for value in NASTY:
        for field in ("amount", "account", "form_token"):
            data = {"account": account.reference, "amount": "5", "form_token": str(uuid.uuid4())}
            data[field] = value
            assert client.post(PAY, data).status_code in (200, 404), (field, value[:20])
        assert client.get(PAY, {"account": value}).status_code in (200, 404)


# --- Starting a payment: one session per form -----------------------------------------------


def test_paying_creates_one_checkout_session_and_sends_the_tenant_to_it(
    client, signed_in, fake_stripe
):
    user, account = signed_in
    response = pay(client, account, "£1,234.56")
    attempt = PaymentAttempt.objects.get()
    assert response.status_code == 303
    assert response["Location"] == attempt.checkout_url
    assert attempt.status == PaymentAttempt.Status.PENDING
    assert (attempt.amount_pence, attempt.user, attempt.account) == (123456, user, account)
    call = fake_stripe.calls_of("checkout_payment_create")[0]
    assert call["amount_pence"] == 123456
    assert call["idempotency_key"] == f"checkout:{attempt.pk}"
    assert call["client_reference_id"] == str(attempt.pk)
    assert call["metadata"]["attempt_id"] == str(attempt.pk)
    assert call["success_url"] == f"http://testserver/pay/{attempt.pk}/"
    assert call["cancel_url"] == f"http://testserver/pay/{attempt.pk}/cancelled/"
    customer = fake_stripe.calls_of("customer_create")[0]
    assert customer["idempotency_key"].startswith(f"customer:{account.pk}:")


def test_a_double_click_makes_one_stripe_session(client, signed_in, fake_stripe):
    _, account = signed_in
    token = str(uuid.uuid4())
    first = pay(client, account, "50", token)
    second = pay(client, account, "50", token)
    assert first["Location"] == second["Location"]
    assert len(fake_stripe.calls_of("checkout_payment_create")) == 1
    assert PaymentAttempt.objects.count() == 1


def test_the_same_form_with_a_different_amount_is_refused_kindly(client, signed_in, fake_stripe):
    _, account = signed_in
    token = str(uuid.uuid4())
    pay(client, account, "50", token)
    response = pay(client, account, "60", token)
    assert response.status_code == 409
    assert "You changed the payment after you started it" in response.content.decode()
    assert token not in response.content.decode()  # a new form token to start again with
    assert len(fake_stripe.calls_of("checkout_payment_create")) == 1


def test_when_stripe_is_down_pressing_pay_again_retries_the_same_payment(
    client, signed_in, fake_stripe
):
    _, account = signed_in
    fake_stripe.fail_next("checkout_payment_create", stripe_client.StripeUnavailable("timeout"))
    token = str(uuid.uuid4())
    failed = pay(client, account, "50", token)
    assert failed.status_code == 503
    assert "could not reach our card payment provider" in failed.content.decode()
    assert token in failed.content.decode()
    retried = pay(client, account, "50", token)
    assert retried.status_code == 303
    attempt = PaymentAttempt.objects.get()
    keys = [call["idempotency_key"] for call in fake_stripe.calls_of("checkout_payment_create")]
    assert keys == [f"checkout:{attempt.pk}"] * 2
    assert (
        len({call["expires_at"] for call in fake_stripe.calls_of("checkout_payment_create")}) == 1
    )


def test_a_form_left_open_too_long_starts_again(client, signed_in, fake_stripe):
    user, account = signed_in
    token = uuid.uuid4()
    PaymentAttempt.objects.create(
        account=account,
        user=user,
        amount_pence=5000,
        form_token=token,
        checkout_expires_at=timezone.now() + dt.timedelta(minutes=10),
    )
    response = pay(client, account, "50", str(token))
    assert response.status_code == 200
    assert "This page was open too long" in response.content.decode()
    assert PaymentAttempt.objects.get().status == PaymentAttempt.Status.EXPIRED
    assert not fake_stripe.calls_of("checkout_payment_create")


# --- Coming back from Stripe ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "session", "heading"),
    [
        ("pending", True, "Payment received"),
        ("created", True, "Payment received"),
        ("created", False, "You have not paid"),
        ("succeeded", True, "Payment complete"),
        ("failed", True, "Your payment did not go through"),
        ("expired", True, "You have not paid"),
    ],
)
def test_the_return_page_says_what_happened(client, signed_in, status, session, heading):
    user, account = signed_in
    attempt = PaymentAttempt.objects.create(
        account=account,
        user=user,
        amount_pence=5000,
        status=status,
        checkout_session_id=f"cs_test_{uuid.uuid4().hex}" if session else None,
    )
    page = client.get(reverse("payments:paid", args=[attempt.pk])).content.decode()
    assert heading in page
    assert "£50.00" in page


def test_a_payment_waiting_for_confirmation_shows_as_pending_on_the_dashboard(
    client, signed_in, fake_stripe
):
    _, account = signed_in
    pay(client, account, "50")
    page = client.get(reverse("portal:dashboard")).content.decode()
    assert "Waiting for confirmation" in page
    assert "£50.00" in page
    assert page.index("Set up a Direct Debit") < page.index("Pay by card")


def test_the_cancel_page_offers_another_try(client, signed_in, fake_stripe):
    _, account = signed_in
    pay(client, account, "50")
    attempt = PaymentAttempt.objects.get()
    page = client.get(reverse("payments:pay_cancelled", args=[attempt.pk])).content.decode()
    assert "You have not paid" in page
    assert f"/pay/?account={account.reference}" in page


def test_direct_debit_page_when_stripe_is_down(client, signed_in, fake_stripe):
    _, account = signed_in
    fake_stripe.fail_next("checkout_setup_create", stripe_client.StripeUnavailable("down"))
    response = client.post(
        DIRECT_DEBIT, {"account": account.reference, "form_token": str(uuid.uuid4())}
    )
    assert response.status_code == 503
    assert "could not reach our payment provider" in response.content.decode()


def test_a_missing_or_damaged_form_token_asks_to_try_again(client, signed_in, fake_stripe):
    _, account = signed_in
    for token in ("", "not-a-uuid"):
        response = client.post(
            PAY, {"account": account.reference, "amount": "50", "form_token": token}
        )
        page = response.content.decode()
        assert response.status_code == 200
        assert "Something went wrong. Check the amount and select Continue to payment again" in page
        assert "valid UUID" not in page and "This field is required" not in page
        assert 'name="form_token" value=""' not in page
    assert not fake_stripe.calls
