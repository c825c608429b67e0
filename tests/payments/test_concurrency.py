"""Duplicate and simultaneous deliveries on PostgreSQL: one inbox row, one credit, no 5xx.

Each request runs in its own thread with its own database connection and commits for real
(transaction=True), so processing (Celery inline) runs after each commit, as in production.
"""

import json
import os
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connections
from django.test import Client

from payments.models import PaymentAttempt, StripeEvent
from tests.payments.conftest import balance, start_card_payment, stripe_credits
from tests.payments.fakes import WEBHOOK_URL, sign

ROUNDS = int(os.environ.get("PAYMENTS_CONCURRENCY_ROUNDS", "3"))


def post_all(bodies: list[str], *, user=None) -> list[int]:
    """POST every body to the webhook at the same moment, one thread each."""
    barrier = threading.Barrier(len(bodies))

    def send(body: str) -> int:
        try:
            client = Client()
            headers = {"HTTP_STRIPE_SIGNATURE": sign(body)}
            barrier.wait(timeout=30)
            return client.post(
                WEBHOOK_URL, data=body, content_type="application/json", **headers
            ).status_code
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=len(bodies)) as pool:
        return list(pool.map(send, bodies))


@pytest.fixture
def paid(fake_stripe, payer):
    def paid():
        user, account = payer
        attempt = start_card_payment(user, account, 5000)
        return account, attempt, fake_stripe.pay_checkout(attempt.checkout_session_id)

    return paid


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_same_event_five_times_in_a_row_then_twenty_at_once(fake_stripe, paid):
    for _ in range(ROUNDS):
        account, attempt, pi = paid()
        before = balance(account)
        event = fake_stripe.event("payment_intent.succeeded", pi)
        body = json.dumps(event)
        client = Client()
        for _ in range(5):
            response = client.post(
                WEBHOOK_URL,
                data=body,
                content_type="application/json",
                HTTP_STRIPE_SIGNATURE=sign(body),
            )
            assert response.status_code == 200
        statuses = post_all([body] * 20)
        assert statuses == [200] * 20
        assert StripeEvent.objects.filter(event_id=event["id"]).count() == 1
        assert stripe_credits(account).filter(external_id=pi["id"]).count() == 1
        assert balance(account) == before - 5000


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_every_success_event_at_once_credits_once(fake_stripe, paid):
    for _ in range(ROUNDS):
        account, attempt, pi = paid()
        before = balance(account)
        events = [
            fake_stripe.event(
                "checkout.session.completed", fake_stripe.session(attempt.checkout_session_id)
            ),
            fake_stripe.event("payment_intent.succeeded", pi),
            fake_stripe.event("charge.succeeded", fake_stripe.charge_of(pi["id"])),
        ]
        bodies = [json.dumps(event) for event in events for _ in range(6)]
        assert post_all(bodies) == [200] * len(bodies)
        assert StripeEvent.objects.filter(event_id__in=[e["id"] for e in events]).count() == 3
        assert stripe_credits(account).filter(external_id=pi["id"]).count() == 1
        assert balance(account) == before - 5000
        attempt.refresh_from_db()
        assert attempt.status == PaymentAttempt.Status.SUCCEEDED


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_pay_clicks_make_one_attempt_and_one_stripe_session(fake_stripe, payer):
    user, account = payer
    for _ in range(ROUNDS):
        token = str(uuid.uuid4())
        barrier = threading.Barrier(2)

        def click(token=token, barrier=barrier):
            try:
                client = Client()
                client.force_login(user)
                barrier.wait(timeout=30)
                response = client.post(
                    "/pay/", {"account": account.reference, "amount": "50", "form_token": token}
                )
                return response.status_code, response.get("Location")
            finally:
                connections.close_all()

        with ThreadPoolExecutor(max_workers=2) as pool:
            results = list(pool.map(lambda _: click(), range(2)))
        assert [status for status, _ in results] == [303, 303]
        assert results[0][1] == results[1][1]
        assert PaymentAttempt.objects.filter(form_token=token).count() == 1
        attempt = PaymentAttempt.objects.get(form_token=token)
        creates = [
            call
            for call in fake_stripe.calls_of("checkout_payment_create")
            if call["client_reference_id"] == str(attempt.pk)
        ]
        assert len(creates) == 1
