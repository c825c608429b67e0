"""Processing webhook events: re-read Stripe, check against our own record, credit once."""

import itertools
import logging
import uuid

import pytest
from django.core import mail
from django.db import IntegrityError, connection, transaction

from payments import reconcile
from payments.models import PaymentAttempt, StripeEvent
from portal.models import LedgerEntry
from tests.factories import tenant_with_account
from tests.payments.conftest import balance, start_card_payment, stripe_credits
from tests.payments.fakes import post_event

pytestmark = pytest.mark.django_db

SUCCESS_EVENTS = ("checkout.session.completed", "payment_intent.succeeded", "charge.succeeded")


@pytest.fixture
def deliver(client, django_capture_on_commit_callbacks):
    """Post a signed event and run what it queues (Celery runs tasks inline in tests)."""

    def deliver(event):
        with django_capture_on_commit_callbacks(execute=True):
            response = post_event(client, event)
        assert response.status_code == 200, response.content
        return response

    return deliver


@pytest.fixture
def paid_by_card(fake_stripe, payer):
    """A tenant who went through Checkout and paid £50.00: Stripe knows, we do not yet."""
    user, account = payer
    attempt = start_card_payment(user, account, 5000)
    pi = fake_stripe.pay_checkout(attempt.checkout_session_id)
    return attempt, pi


def success_events(fake_stripe, attempt, pi) -> dict[str, dict]:
    return {
        "checkout.session.completed": fake_stripe.event(
            "checkout.session.completed", fake_stripe.session(attempt.checkout_session_id)
        ),
        "payment_intent.succeeded": fake_stripe.event("payment_intent.succeeded", pi),
        "charge.succeeded": fake_stripe.event("charge.succeeded", fake_stripe.charge_of(pi["id"])),
    }


@pytest.mark.parametrize("order", list(itertools.permutations(SUCCESS_EVENTS)))
def test_the_three_success_events_in_any_order_credit_once(
    fake_stripe, payer, paid_by_card, deliver, order
):
    user, account = payer
    attempt, pi = paid_by_card
    events = success_events(fake_stripe, attempt, pi)
    for event_type in order:
        deliver(events[event_type])
    credit = stripe_credits(account).get()
    assert credit.external_id == pi["id"]
    assert credit.amount_pence == -5000
    assert balance(account) == 19000 - 5000
    attempt.refresh_from_db()
    assert attempt.status == PaymentAttempt.Status.SUCCEEDED
    assert attempt.payment_intent_id == pi["id"]
    assert StripeEvent.objects.filter(status="processed").count() == 3
    assert len(mail.outbox) == 1
    assert "£50.00" in mail.outbox[0].body
    assert mail.outbox[0].to == [user.email]


def test_a_second_credit_for_the_same_payment_intent_is_refused_by_the_database(
    fake_stripe, paid_by_card, deliver
):
    attempt, pi = paid_by_card
    deliver(fake_stripe.event("payment_intent.succeeded", pi))
    credit = stripe_credits().get()
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO portal_ledgerentry (account_id, amount_pence, posted_on, kind, "
            "description, source, external_id, created_at) "
            "VALUES (%s, -5000, '2026-11-20', 'payment', 'again', 'stripe', %s, %s)",
            [credit.account_id, pi["id"], "2026-11-20 10:00:00+00:00"],
        )


def test_a_late_stale_event_never_moves_a_payment_backwards(fake_stripe, paid_by_card, deliver):
    attempt, pi = paid_by_card
    fake_stripe.payment_intents[pi["id"]]["status"] = "processing"
    processing = fake_stripe.event(
        "payment_intent.processing", fake_stripe.payment_intents[pi["id"]]
    )
    fake_stripe.set_payment_intent(pi["id"], "succeeded")
    deliver(fake_stripe.event("payment_intent.succeeded", fake_stripe.payment_intents[pi["id"]]))
    deliver(processing)  # arrives last, says "processing": Stripe now says succeeded
    attempt.refresh_from_db()
    assert attempt.status == PaymentAttempt.Status.SUCCEEDED
    assert stripe_credits().count() == 1


def test_a_declined_card_leaves_the_payment_open_for_another_card(fake_stripe, payer, deliver):
    user, account = payer
    attempt = start_card_payment(user, account, 5000)
    pi = fake_stripe.pay_checkout(attempt.checkout_session_id, pi_status="requires_payment_method")
    fake_stripe.set_payment_intent(
        pi["id"], "requires_payment_method", failure_code="card_declined"
    )
    deliver(
        fake_stripe.event("payment_intent.payment_failed", fake_stripe.payment_intents[pi["id"]])
    )
    attempt.refresh_from_db()
    assert attempt.status == PaymentAttempt.Status.PENDING
    assert attempt.failure_code == "card_declined"
    fake_stripe.set_payment_intent(pi["id"], "succeeded")
    deliver(fake_stripe.event("payment_intent.succeeded", fake_stripe.payment_intents[pi["id"]]))
    attempt.refresh_from_db()
    assert attempt.status == PaymentAttempt.Status.SUCCEEDED
    assert stripe_credits().count() == 1
    assert len(mail.outbox) == 1  # the receipt; no failure notice for a card tried again


def test_an_expired_checkout_ends_the_attempt(fake_stripe, payer, deliver):
    user, account = payer
    attempt = start_card_payment(user, account, 5000)
    session = fake_stripe.expire_checkout(attempt.checkout_session_id)
    deliver(fake_stripe.event("checkout.session.expired", session))
    attempt.refresh_from_db()
    assert attempt.status == PaymentAttempt.Status.EXPIRED
    assert not stripe_credits().exists()


# --- Mismatches: never credited, kept for officers -----------------------------------------


def _assert_flagged(caplog, problem):
    event = StripeEvent.objects.get(type="payment_intent.succeeded")
    assert event.status == StripeEvent.Status.UNMATCHED
    assert event.problem == problem
    assert not stripe_credits().exists()
    review = [r for r in caplog.records if r.name == "payments.review"]
    assert len(review) == 1
    assert problem in review[0].getMessage()


def test_an_amount_that_differs_from_ours_is_not_credited(fake_stripe, payer, deliver, caplog):
    user, account = payer
    attempt = start_card_payment(user, account, 5000)
    pi = fake_stripe.pay_checkout(attempt.checkout_session_id, amount=500)
    caplog.set_level(logging.INFO)
    deliver(fake_stripe.event("payment_intent.succeeded", pi))
    _assert_flagged(caplog, "amount")


def test_a_currency_other_than_pounds_is_not_credited(fake_stripe, payer, deliver, caplog):
    user, account = payer
    attempt = start_card_payment(user, account, 5000)
    pi = fake_stripe.make_payment_intent(
        amount=5000, currency="eur", metadata={"attempt_id": str(attempt.pk)}
    )
    caplog.set_level(logging.INFO)
    deliver(fake_stripe.event("payment_intent.succeeded", pi))
    _assert_flagged(caplog, "currency")


def test_a_live_mode_payment_is_not_credited_by_a_test_mode_site(
    fake_stripe, payer, deliver, caplog
):
    user, account = payer
    attempt = start_card_payment(user, account, 5000)
    pi = fake_stripe.make_payment_intent(
        amount=5000, livemode=True, metadata={"attempt_id": str(attempt.pk)}
    )
    caplog.set_level(logging.INFO)
    deliver(fake_stripe.event("payment_intent.succeeded", pi))
    _assert_flagged(caplog, "livemode")


def test_a_live_mode_event_is_not_acted_on(fake_stripe, paid_by_card, deliver, caplog):
    attempt, pi = paid_by_card
    caplog.set_level(logging.INFO)
    deliver(fake_stripe.event("payment_intent.succeeded", pi, livemode=True))
    _assert_flagged(caplog, "livemode")


def test_metadata_naming_another_tenants_account_is_not_credited(
    fake_stripe, payer, deliver, caplog
):
    user, account = payer
    _, other_account = tenant_with_account()
    attempt = start_card_payment(user, account, 5000)
    pi = fake_stripe.make_payment_intent(
        amount=5000,
        metadata={"attempt_id": str(attempt.pk), "account_ref": other_account.reference},
    )
    caplog.set_level(logging.INFO)
    deliver(fake_stripe.event("payment_intent.succeeded", pi))
    _assert_flagged(caplog, "owner")
    assert not LedgerEntry.objects.filter(account=other_account).exists()


def test_another_customers_payment_naming_our_attempt_is_not_credited(
    fake_stripe, payer, deliver, caplog
):
    user, account = payer
    attempt = start_card_payment(user, account, 5000)
    pi = fake_stripe.make_payment_intent(
        amount=5000, customer="cus_someone_else", metadata={"attempt_id": str(attempt.pk)}
    )
    caplog.set_level(logging.INFO)
    deliver(fake_stripe.event("payment_intent.succeeded", pi))
    _assert_flagged(caplog, "owner")


# --- Events before our records, and unknown types -----------------------------------------


def test_an_event_for_a_payment_not_yet_committed_is_kept_and_credited_once_later(
    fake_stripe, payer, deliver
):
    user, account = payer
    attempt_id = uuid.uuid4()
    pi = fake_stripe.make_payment_intent(
        amount=5000, metadata={"attempt_id": str(attempt_id), "account_ref": account.reference}
    )
    response = deliver(fake_stripe.event("payment_intent.succeeded", pi))
    assert response.status_code == 200
    event = StripeEvent.objects.get()
    assert (event.status, event.problem) == ("unmatched", "unknown_object")

    PaymentAttempt.objects.create(
        id=attempt_id, account=account, user=user, amount_pence=5000, status="pending"
    )
    assert reconcile.inbox_sweep() == 1
    assert reconcile.inbox_sweep() == 0
    assert stripe_credits(account).count() == 1
    event.refresh_from_db()
    assert event.status == "processed"


def test_an_unknown_event_type_is_stored_and_ignored(
    fake_stripe, client, django_capture_on_commit_callbacks
):
    event = fake_stripe.event("customer.created", {"id": "cus_123", "object": "customer"})
    with django_capture_on_commit_callbacks() as callbacks:
        response = post_event(client, event)
    assert response.status_code == 200
    stored = StripeEvent.objects.get()
    assert (stored.type, stored.status) == ("customer.created", "processed")
    assert callbacks == []


# --- Refunds and disputes: new reversing entries ------------------------------------------


def test_a_full_refund_is_a_new_entry_reversing_the_credit(fake_stripe, paid_by_card, deliver):
    attempt, pi = paid_by_card
    deliver(fake_stripe.event("payment_intent.succeeded", pi))
    charge = fake_stripe.refund(pi["id"], 5000)
    event = fake_stripe.event("charge.refunded", charge)
    deliver(event)
    deliver(event)  # again: nothing more
    credit = stripe_credits().get()
    reversal = LedgerEntry.objects.get(kind="refund")
    assert (reversal.amount_pence, reversal.reverses_id, reversal.source) == (
        5000,
        credit.pk,
        "stripe",
    )
    credit.refresh_from_db()
    assert credit.amount_pence == -5000  # the credit itself is never changed
    attempt.refresh_from_db()
    assert attempt.status == PaymentAttempt.Status.REFUNDED
    assert balance(credit.account) == 19000


def test_a_partial_refund_reverses_only_what_was_refunded(fake_stripe, paid_by_card, deliver):
    attempt, pi = paid_by_card
    charge = fake_stripe.refund(pi["id"], 1250)
    deliver(fake_stripe.event("charge.refunded", charge))  # before the success event
    deliver(fake_stripe.event("payment_intent.succeeded", pi))
    assert stripe_credits().count() == 1
    assert LedgerEntry.objects.get(kind="refund").amount_pence == 1250
    attempt.refresh_from_db()
    assert attempt.status == PaymentAttempt.Status.SUCCEEDED
    assert balance(attempt.account) == 19000 - 5000 + 1250


def test_a_card_dispute_reverses_the_credit_only_when_lost(fake_stripe, paid_by_card, deliver):
    attempt, pi = paid_by_card
    deliver(fake_stripe.event("payment_intent.succeeded", pi))
    dispute = fake_stripe.dispute(pi["id"], status="needs_response")
    deliver(fake_stripe.event("charge.dispute.created", dispute))
    attempt.refresh_from_db()
    assert attempt.status == PaymentAttempt.Status.DISPUTED
    assert not LedgerEntry.objects.filter(reverses__isnull=False).exists()

    lost = fake_stripe.dispute(pi["id"], status="lost", dispute_id=dispute["id"])
    deliver(fake_stripe.event("charge.dispute.closed", lost))
    reversal = LedgerEntry.objects.get(reverses__isnull=False)
    assert (reversal.external_id, reversal.amount_pence) == (dispute["id"], 5000)
    assert balance(attempt.account) == 19000


def test_a_card_dispute_we_win_takes_nothing_back(fake_stripe, paid_by_card, deliver):
    attempt, pi = paid_by_card
    deliver(fake_stripe.event("payment_intent.succeeded", pi))
    dispute = fake_stripe.dispute(pi["id"], status="won")
    deliver(fake_stripe.event("charge.dispute.closed", dispute))
    assert not LedgerEntry.objects.filter(reverses__isnull=False).exists()
    assert balance(attempt.account) == 19000 - 5000
