"""Nightly reconciliation: repairs what lost webhooks missed, and a second run changes nothing."""

import datetime as dt
import json
import logging

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from payments import inbox, reconcile, tasks
from payments.models import PaymentAttempt, StripeEvent
from portal.models import LedgerEntry
from tests.payments.conftest import start_card_payment, stripe_credits
from tests.payments.fakes import post_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def deliver(client, django_capture_on_commit_callbacks):
    def deliver(event):
        with django_capture_on_commit_callbacks(execute=True):
            assert post_event(client, event).status_code == 200

    return deliver


def _writes(queries):
    return [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]


@pytest.fixture
def day_of_payments(fake_stripe, payer, deliver):
    """Three card payments and one refund; the webhook for the third payment never arrived."""
    user, account = payer
    pis = []
    for amount in (5000, 2000, 1234):
        attempt = start_card_payment(user, account, amount)
        pis.append(fake_stripe.pay_checkout(attempt.checkout_session_id))
    deliver(fake_stripe.event("payment_intent.succeeded", pis[0]))
    deliver(fake_stripe.event("payment_intent.succeeded", pis[1]))
    deliver(fake_stripe.event("charge.refunded", fake_stripe.refund(pis[1]["id"], 500)))
    lost = fake_stripe.event("payment_intent.succeeded", pis[2])  # never delivered
    return pis, lost


def test_reconciliation_repairs_a_lost_webhook_and_a_second_run_changes_nothing(
    fake_stripe, day_of_payments, django_capture_on_commit_callbacks
):
    pis, lost = day_of_payments
    assert stripe_credits().count() == 2

    with django_capture_on_commit_callbacks(execute=True):
        report = reconcile.reconcile()
    assert report.events_added == [f"{lost['id']} payment_intent.succeeded: processed"]
    assert report.payments_changed == []  # the event repaired it before the sweep looked
    assert stripe_credits().count() == 3
    assert report.stripe_net_pence == 5000 + 2000 + 1234 - 500
    assert report.totals_agree
    assert StripeEvent.objects.get(event_id=lost["id"]).source == "reconcile"

    with CaptureQueriesContext(connection) as queries:
        second = reconcile.reconcile()
    assert second.changes == []
    assert not _writes(queries)
    assert second.totals_agree


def test_reconciliation_repairs_from_payment_intents_when_no_event_is_left(
    fake_stripe, day_of_payments
):
    pis, lost = day_of_payments
    fake_stripe.events.remove(lost)
    report = reconcile.reconcile()
    assert report.events_added == []
    assert any(pis[2]["id"] in change for change in report.payments_changed)
    assert stripe_credits().filter(external_id=pis[2]["id"]).count() == 1
    assert reconcile.reconcile().changes == []


def test_reconciliation_looks_back_three_days(fake_stripe, payer):
    now = timezone.now()
    reconcile.reconcile(now=now)
    since = int((now - dt.timedelta(days=3)).timestamp())
    assert fake_stripe.calls_of("events_list")[0]["created_gte"] == since
    assert fake_stripe.calls_of("payment_intents_list")[0]["created_gte"] == since
    assert "payment_intent.succeeded" in fake_stripe.calls_of("events_list")[0]["types"]


def test_an_event_stored_while_the_broker_was_down_is_processed_by_the_sweep(
    fake_stripe, payer, django_capture_on_commit_callbacks
):
    user, account = payer
    attempt = start_card_payment(user, account, 5000)
    pi = fake_stripe.pay_checkout(attempt.checkout_session_id)
    event = fake_stripe.event("payment_intent.succeeded", pi)
    with django_capture_on_commit_callbacks(execute=False):  # queued, but the queue is lost
        inbox.event_receive(payload=json.dumps(event).encode(), signature=_sign(event))
    stored = StripeEvent.objects.get()
    assert stored.status == "received"
    assert reconcile.inbox_sweep() == 0  # too fresh: its task may still be on its way
    StripeEvent.objects.update(received_at=timezone.now() - dt.timedelta(minutes=5))
    assert tasks.sweep_inbox.apply().get() == 1
    assert stripe_credits().count() == 1


def _sign(event):
    from tests.payments.fakes import sign

    return sign(json.dumps(event))


def test_events_unmatched_for_a_day_are_reported(fake_stripe, payer, deliver, caplog):
    pi = fake_stripe.make_payment_intent(amount=700, metadata={"attempt_id": "nobody"})
    deliver(fake_stripe.event("payment_intent.succeeded", pi))
    assert reconcile.reconcile().unmatched_over_24h == []
    StripeEvent.objects.update(received_at=timezone.now() - dt.timedelta(hours=25))
    caplog.set_level(logging.INFO)
    report = reconcile.reconcile()
    assert len(report.unmatched_over_24h) == 1
    assert pi["id"] in report.unmatched_over_24h[0]
    assert any(r.name == "payments.review" and r.levelno == logging.ERROR for r in caplog.records)
    assert report.unknown_payment_intents == [pi["id"]]


def test_checkouts_that_expired_without_a_webhook_are_closed(fake_stripe, payer):
    user, account = payer
    opened = start_card_payment(user, account, 5000)
    fake_stripe.expire_checkout(opened.checkout_session_id)
    never_sent = PaymentAttempt.objects.create(account=account, user=user, amount_pence=900)
    PaymentAttempt.objects.update(checkout_expires_at=timezone.now() - dt.timedelta(hours=1))
    report = reconcile.reconcile()
    opened.refresh_from_db()
    never_sent.refresh_from_db()
    assert (opened.status, never_sent.status) == ("expired", "expired")
    assert len(report.payments_changed) == 2
    assert reconcile.reconcile().changes == []
    assert not LedgerEntry.objects.filter(source="stripe").exists()


def test_the_beat_task_returns_a_report(fake_stripe, payer):
    result = tasks.reconcile.apply().get()
    assert result["changed"] == 0
    assert result["totals_agree"] is True
