"""Tasks are queued only after commit, never on rollback, and carry ids only."""

import json
import re
from functools import partial

import pytest
from django.db import transaction

from payments import inbox, sync
from tests.payments.conftest import start_card_payment
from tests.payments.fakes import sign

pytestmark = pytest.mark.django_db

ID = re.compile(r"^([0-9]+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$")


class Boom(Exception):
    pass


def receive(event):
    payload = json.dumps(event)
    return inbox.event_receive(payload=payload.encode(), signature=sign(payload))


@pytest.fixture
def paid(fake_stripe, payer):
    user, account = payer
    attempt = start_card_payment(user, account)
    return fake_stripe.pay_checkout(attempt.checkout_session_id)


def test_a_committed_webhook_queues_exactly_one_task(
    fake_stripe, paid, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        receive(fake_stripe.event("payment_intent.succeeded", paid))
    assert len(callbacks) == 1


def test_a_rolled_back_webhook_queues_nothing(
    fake_stripe, paid, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks() as callbacks,
        pytest.raises(Boom),
        transaction.atomic(),
    ):
        receive(fake_stripe.event("payment_intent.succeeded", paid))
        raise Boom
    assert callbacks == []


def test_a_rolled_back_credit_sends_no_receipt(
    fake_stripe, paid, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks() as callbacks,
        pytest.raises(Boom),
        transaction.atomic(),
    ):
        assert sync.payment_sync(paid["id"])
        raise Boom
    assert callbacks == []
    with django_capture_on_commit_callbacks() as callbacks:
        sync.payment_sync(paid["id"])
    assert len(callbacks) == 1  # the receipt


def test_task_arguments_are_ids_only(fake_stripe, paid, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        receive(fake_stripe.event("payment_intent.succeeded", paid))
    assert len(callbacks) == 2  # processing, then (queued by processing) the receipt
    for callback in callbacks:
        assert isinstance(callback, partial)
        assert callback.func.__name__ == "delay"
        assert callback.keywords == {}
        for arg in callback.args:
            assert isinstance(arg, int | str)
            assert ID.match(str(arg)), arg
