"""Check 29, Stripe failing: errors and timeouts give the tenant a friendly page with other ways
to pay, never a 500; no half-made payment is left (nothing credited, nothing pending at Stripe,
and what never reached Stripe is closed by the nightly reconciliation). Stripe is faked at
payments/stripe_client.py only."""

from __future__ import annotations

import datetime as dt
import json
import uuid

import pytest

from payments import inbox, reconcile, stripe_client
from payments.models import Mandate, PaymentAttempt, StripeEvent
from portal.models import LedgerEntry
from tests.factories import LedgerEntryFactory, tenant_with_account
from tests.payments.fakes import WEBHOOK_SECRET, FakeStripe

pytestmark = pytest.mark.django_db

PAY = "/pay/"
DIRECT_DEBIT = "/pay/direct-debit/"
FAILURES = [
    stripe_client.StripeUnavailable("Request timed out after 10 seconds"),
    stripe_client.StripeUnavailable("Stripe answered 500 Internal Server Error"),
    stripe_client.StripeRefused("Stripe refused the request (400)"),
]


@pytest.fixture
def fake_stripe(settings, monkeypatch):
    settings.STRIPE_SECRET_KEY = "sk_test_" + "x" * 24
    settings.STRIPE_PUBLISHABLE_KEY = "pk_test_" + "x" * 24
    settings.STRIPE_WEBHOOK_SECRETS = [WEBHOOK_SECRET]
    settings.STRIPE_LIVE_MODE = False
    return FakeStripe().install(monkeypatch)


@pytest.fixture
def tenant(client):
    user, account = tenant_with_account()
    LedgerEntryFactory(account=account, amount_pence=19000, posted_on=dt.date(2026, 11, 2))
    client.force_login(user)
    return user, account


def ledger_snapshot():
    return sorted(LedgerEntry.objects.values_list("external_id", "amount_pence"))


def pay(client, account, token):
    return client.post(
        PAY, {"account": account.reference, "amount": "50.00", "form_token": str(token)}
    )


@pytest.mark.parametrize("failure", FAILURES, ids=["timeout", "server-error", "refused"])
@pytest.mark.parametrize("call", ["customer_create", "checkout_payment_create"])
def test_a_failing_stripe_gives_a_friendly_page_and_no_payment(
    client, tenant, fake_stripe, call, failure
):
    _, account = tenant
    before = ledger_snapshot()
    fake_stripe.fail_next(call, failure)
    response = pay(client, account, uuid.uuid4())
    body = response.content.decode()
    assert response.status_code == 503
    assert "could not reach our card payment provider" in body
    assert "Post Office" in body  # the other ways to pay are on the page
    assert "Traceback" not in body and "StripeUnavailable" not in body
    assert ledger_snapshot() == before
    assert not PaymentAttempt.objects.filter(checkout_session_id__isnull=False).exists()
    assert not PaymentAttempt.objects.exclude(status=PaymentAttempt.Status.CREATED).exists()


def test_a_payment_that_never_reached_stripe_is_closed_by_reconciliation(
    client, tenant, fake_stripe, time_machine
):
    _, account = tenant
    fake_stripe.fail_next("checkout_payment_create", FAILURES[0])
    assert pay(client, account, uuid.uuid4()).status_code == 503
    attempt = PaymentAttempt.objects.get()
    assert attempt.status == PaymentAttempt.Status.CREATED  # kept, so a retry reuses its key
    time_machine.move_to(attempt.checkout_expires_at + reconcile.CHECKOUT_GRACE, tick=False)
    time_machine.shift(dt.timedelta(minutes=1))
    reconcile.reconcile()
    attempt.refresh_from_db()
    assert attempt.status == PaymentAttempt.Status.EXPIRED
    assert not LedgerEntry.objects.filter(source="stripe").exists()
    report = reconcile.reconcile()  # a second run changes nothing
    assert not report.payments_changed


def test_a_failed_direct_debit_set_up_does_not_block_the_next_try(client, tenant, fake_stripe):
    _, account = tenant
    fake_stripe.fail_next("checkout_setup_create", FAILURES[0])
    first = client.post(
        DIRECT_DEBIT, {"account": account.reference, "form_token": str(uuid.uuid4())}
    )
    assert first.status_code == 503
    assert "could not reach our payment provider" in first.content.decode()
    retry = client.post(
        DIRECT_DEBIT, {"account": account.reference, "form_token": str(uuid.uuid4())}
    )
    assert retry.status_code == 303
    assert retry["Location"].startswith("https://")
    live = Mandate.objects.filter(status__in=Mandate.LIVE_STATUSES)
    assert live.count() == 1 and live.get().checkout_session_id


def test_cancelling_a_direct_debit_while_stripe_is_down_leaves_it_as_it_was(
    client, tenant, fake_stripe
):
    user, account = tenant
    mandate = Mandate.objects.create(
        account=account,
        user=user,
        customer_id="cus_x",
        mandate_id="mandate_x",
        payment_method_id="pm_x",
        status=Mandate.Status.ACTIVE,
    )
    fake_stripe.fail_next("payment_method_detach", FAILURES[1])
    response = client.post(f"/pay/direct-debit/{mandate.pk}/cancel/")
    assert response.status_code == 503
    assert "could not cancel your Direct Debit just now" in response.content.decode()
    mandate.refresh_from_db()
    assert mandate.status == Mandate.Status.ACTIVE


def test_stripe_failing_while_a_webhook_is_processed_loses_nothing(client, tenant, fake_stripe):
    from payments import services

    user, account = tenant
    attempt = services.card_payment_start(
        user=user,
        account=account,
        amount_pence=5000,
        form_token=uuid.uuid4(),
        base_url="http://testserver/",
    )
    payment_intent = fake_stripe.pay_checkout(attempt.checkout_session_id)
    event = fake_stripe.event("payment_intent.succeeded", payment_intent)
    payload = json.dumps(event)
    received = inbox.event_store(event=event, payload=payload)
    fake_stripe.fail_next("payment_intent_retrieve", FAILURES[0])
    with pytest.raises(stripe_client.StripeUnavailable):  # the task retries with backoff
        inbox.event_process(event_pk=received)
    assert StripeEvent.objects.get(pk=received).status == StripeEvent.Status.RECEIVED
    assert not LedgerEntry.objects.filter(source="stripe").exists()
    assert inbox.event_process(event_pk=received) == StripeEvent.Status.PROCESSED
    assert inbox.event_process(event_pk=received) is None  # done: a redelivery is a no-op
    assert LedgerEntry.objects.filter(source="stripe").count() == 1


def test_stripe_calls_have_a_short_timeout(settings):
    client = stripe_client.client_build()
    http = client._requestor._client  # stripe-python's HTTP client
    assert http._timeout == (stripe_client.CONNECT_TIMEOUT_SECONDS, settings.STRIPE_TIMEOUT_SECONDS)


@pytest.fixture
def silent_stripe():
    """A server on 127.0.0.1 that accepts connections and never answers: a hung Stripe."""
    import socket
    import threading

    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    held = []
    stop = threading.Event()

    def accept():
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}"
    stop.set()
    thread.join()
    for connection in held:
        connection.close()
    server.close()


def test_a_hung_stripe_gives_the_friendly_page_within_the_time_limit(
    client, tenant, settings, silent_stripe
):
    """The real client and HTTP stack against a socket that never answers: the page comes back
    as the friendly 503 once both tries have timed out, with nothing credited."""
    import time

    settings.STRIPE_SECRET_KEY = "sk_test_" + "x" * 24
    settings.STRIPE_PUBLISHABLE_KEY = "pk_test_" + "x" * 24
    settings.STRIPE_WEBHOOK_SECRETS = [WEBHOOK_SECRET]
    settings.STRIPE_LIVE_MODE = False
    settings.STRIPE_API_BASE = silent_stripe
    settings.STRIPE_TIMEOUT_SECONDS = 1
    stripe_client._local.__dict__.clear()  # no client built before these settings
    _, account = tenant
    before = ledger_snapshot()
    began = time.monotonic()
    response = pay(client, account, uuid.uuid4())
    took = time.monotonic() - began
    stripe_client._local.__dict__.clear()
    assert response.status_code == 503
    assert "could not reach our card payment provider" in response.content.decode()
    assert took >= 2  # it really waited for both tries
    assert took < 2 * settings.STRIPE_TIMEOUT_SECONDS + stripe_client.RETRY_BACKOFF_SECONDS + 1.5
    assert ledger_snapshot() == before


def test_the_default_stripe_timeout_keeps_a_request_under_ten_seconds():
    """Two tries, each at most the connection and answer limits, and the pause between."""
    from config.settings import base

    per_try = stripe_client.CONNECT_TIMEOUT_SECONDS + base.STRIPE_TIMEOUT_SECONDS
    assert 2 * per_try + stripe_client.RETRY_BACKOFF_SECONDS < 10
    import stripe

    assert stripe_client.RETRY_BACKOFF_SECONDS >= stripe._http_client.HTTPClient.INITIAL_DELAY
    assert base.STRIPE_API_BASE == ""  # Stripe's own address unless set
