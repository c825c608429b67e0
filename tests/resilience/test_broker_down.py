"""Check 29, the broker (Redis) down: a Stripe webhook is still verified and stored in the
PostgreSQL inbox and answered 2xx; nothing is credited twice or lost; when the broker is back
the inbox sweep processes it exactly once."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from django.utils import timezone

from config.celery import app as celery_app
from payments import tasks
from payments.models import PaymentAttempt, StripeEvent
from portal.models import LedgerEntry
from tests.factories import LedgerEntryFactory, tenant_with_account
from tests.payments.fakes import WEBHOOK_SECRET, FakeStripe, post_event

pytestmark = pytest.mark.django_db

DOWN_URL = "redis://127.0.0.1:1/6"  # nothing listens on port 1


@pytest.fixture
def fake_stripe(settings, monkeypatch):
    settings.STRIPE_SECRET_KEY = "sk_test_" + "x" * 24
    settings.STRIPE_WEBHOOK_SECRETS = [WEBHOOK_SECRET]
    settings.STRIPE_LIVE_MODE = False
    return FakeStripe().install(monkeypatch)


def _fresh_connections():
    celery_app._pool = None
    if "amqp" in celery_app.__dict__:
        celery_app.amqp._producer_pool = None


@pytest.fixture
def broker_down(settings, monkeypatch):
    """Tasks go to a broker that is not there, as in production with Redis stopped."""
    settings.CELERY_BROKER_URL = DOWN_URL
    # Celery reads CELERY_BROKER_URL from the environment before its own setting (CI sets it).
    monkeypatch.setenv("CELERY_BROKER_URL", DOWN_URL)
    monkeypatch.setattr(celery_app.conf, "task_always_eager", False)
    monkeypatch.setattr(celery_app.conf, "broker_url", DOWN_URL)
    monkeypatch.setattr(
        celery_app.conf,
        "broker_transport_options",
        {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    )
    monkeypatch.setattr(
        celery_app.conf,
        "task_publish_retry_policy",
        {"max_retries": 1, "interval_start": 0, "interval_step": 0.1, "interval_max": 0.1},
    )
    _fresh_connections()
    yield
    _fresh_connections()


@pytest.fixture
def paid(fake_stripe):
    """A tenant owing £190 who has paid £50 through Checkout: Stripe knows, we do not yet."""
    from payments import services

    user, account = tenant_with_account()
    LedgerEntryFactory(account=account, amount_pence=19000, posted_on=dt.date(2026, 11, 2))
    attempt = services.card_payment_start(
        user=user,
        account=account,
        amount_pence=5000,
        form_token=__import__("uuid").uuid4(),
        base_url="http://testserver/",
    )
    payment_intent = fake_stripe.pay_checkout(attempt.checkout_session_id)
    return account, attempt, payment_intent


def credits(account):
    return LedgerEntry.objects.filter(account=account, source="stripe", kind="payment")


def test_with_the_broker_down_a_webhook_is_stored_and_answered(
    client, broker_down, fake_stripe, paid, django_capture_on_commit_callbacks, caplog
):
    account, attempt, payment_intent = paid
    event = fake_stripe.event("payment_intent.succeeded", payment_intent)
    began = time.perf_counter()
    with django_capture_on_commit_callbacks(execute=True):
        response = post_event(client, event)
    took = time.perf_counter() - began
    assert response.status_code == 200
    assert took < 10
    stored = StripeEvent.objects.get(event_id=event["id"])
    assert stored.status == StripeEvent.Status.RECEIVED  # kept, waiting for the worker
    assert not credits(account).exists()
    # The queueing failure was logged (by the robust on_commit), not raised as a 500.
    assert any(record.levelname in ("ERROR", "WARNING") for record in caplog.records)

    # Stripe redelivers while the broker is still down: still one row, still 2xx.
    with django_capture_on_commit_callbacks(execute=True):
        assert post_event(client, event).status_code == 200
    assert StripeEvent.objects.filter(event_id=event["id"]).count() == 1


def test_when_the_broker_returns_the_sweep_processes_the_stored_event_once(
    client, broker_down, fake_stripe, paid, django_capture_on_commit_callbacks, monkeypatch
):
    account, attempt, payment_intent = paid
    event = fake_stripe.event("payment_intent.succeeded", payment_intent)
    with django_capture_on_commit_callbacks(execute=True):
        assert post_event(client, event).status_code == 200
    assert not credits(account).exists()

    # Redis is back (tasks run inline here, as a worker would run them) and the beat's sweep
    # comes round a few minutes later.
    monkeypatch.setattr(celery_app.conf, "task_always_eager", True)
    StripeEvent.objects.update(received_at=timezone.now() - dt.timedelta(minutes=5))
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.sweep_inbox.apply().get() == 1
        tasks.sweep_inbox.apply().get()  # the next sweep finds nothing more to do
    assert StripeEvent.objects.get(event_id=event["id"]).status == StripeEvent.Status.PROCESSED
    assert credits(account).count() == 1
    assert credits(account).get().amount_pence == -5000
    attempt.refresh_from_db()
    assert attempt.status == PaymentAttempt.Status.SUCCEEDED
