"""Bacs Direct Debit: setting up a mandate, its status, collections and their lifecycle."""

import datetime as dt
import logging
import uuid

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from payments import reconcile, services, stripe_client
from payments.models import Mandate, PaymentAttempt
from portal.models import LedgerEntry
from tests.payments.conftest import balance, stripe_credits
from tests.payments.fakes import post_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def deliver(client, django_capture_on_commit_callbacks):
    def deliver(event):
        with django_capture_on_commit_callbacks(execute=True):
            response = post_event(client, event)
        assert response.status_code == 200, response.content
        return response

    return deliver


def set_up_mandate(client, fake_stripe, account, deliver, *, status="active"):
    """The tenant sets up a Direct Debit through the page and Stripe; the bank says `status`."""
    response = client.post(
        reverse("payments:direct_debit"),
        {"account": account.reference, "form_token": str(uuid.uuid4())},
    )
    assert response.status_code == 303
    mandate = Mandate.objects.get(account=account)
    assert response["Location"] == mandate.checkout_url
    seti = fake_stripe.complete_setup(mandate.checkout_session_id)
    deliver(
        fake_stripe.event(
            "checkout.session.completed", fake_stripe.session(mandate.checkout_session_id)
        )
    )
    if status != "pending":
        stripe_mandate = fake_stripe.set_mandate(seti["mandate"], status=status)
        deliver(fake_stripe.event("mandate.updated", stripe_mandate))
    mandate.refresh_from_db()
    return mandate


@pytest.fixture
def active_mandate(client, fake_stripe, payer, deliver):
    user, account = payer
    client.force_login(user)
    return set_up_mandate(client, fake_stripe, account, deliver)


def test_setting_up_a_direct_debit_shows_pending_then_active_with_the_bank_reference(
    client, fake_stripe, payer, deliver
):
    user, account = payer
    client.force_login(user)
    mandate = set_up_mandate(client, fake_stripe, account, deliver, status="pending")
    assert mandate.status == Mandate.Status.PENDING
    assert mandate.bank_last4 == "2345"
    assert mandate.reference.startswith("RIVERSIDE-")
    setup = fake_stripe.calls_of("checkout_setup_create")[0]
    assert setup["idempotency_key"] == f"mandate-setup:{mandate.pk}"

    page = client.get(reverse("payments:direct_debit")).content.decode()
    assert "Pending" in page and "Ending 2345" in page and mandate.reference in page

    # setup_intent.succeeded also fires: the same outcome, nothing changes.
    deliver(
        fake_stripe.event(
            "setup_intent.succeeded", fake_stripe.setup_intents[mandate.setup_intent_id]
        )
    )
    stripe_mandate = fake_stripe.set_mandate(mandate.mandate_id, status="active")
    updated = fake_stripe.event("mandate.updated", stripe_mandate)
    deliver(updated)
    mandate.refresh_from_db()
    assert mandate.status == Mandate.Status.ACTIVE
    assert mandate.last_event_id == updated["id"]
    page = client.get(reverse("payments:direct_debit_detail", args=[mandate.pk])).content.decode()
    assert "Your Direct Debit is active" in page


def test_a_mandate_update_arriving_before_the_set_up_is_applied_later(
    client, fake_stripe, payer, deliver
):
    user, account = payer
    client.force_login(user)
    client.post(
        reverse("payments:direct_debit"),
        {"account": account.reference, "form_token": str(uuid.uuid4())},
    )
    mandate = Mandate.objects.get()
    seti = fake_stripe.complete_setup(mandate.checkout_session_id)
    early = fake_stripe.event(
        "mandate.updated", fake_stripe.set_mandate(seti["mandate"], status="active")
    )
    deliver(early)  # we do not know this mandate yet: kept as unmatched
    deliver(
        fake_stripe.event(
            "checkout.session.completed", fake_stripe.session(mandate.checkout_session_id)
        )
    )
    mandate.refresh_from_db()
    assert mandate.status == Mandate.Status.ACTIVE  # the set-up read the mandate as it is now
    reconcile.inbox_sweep()
    assert not mandate.__class__.objects.filter(status="setting_up").exists()


def test_the_bank_cancelling_a_mandate_makes_it_inactive_and_tells_officers(
    client, fake_stripe, active_mandate, deliver, caplog
):
    caplog.set_level(logging.INFO)
    stripe_mandate = fake_stripe.set_mandate(
        active_mandate.mandate_id, status="inactive", revocation_reason="account_closed"
    )
    deliver(fake_stripe.event("mandate.updated", stripe_mandate))
    active_mandate.refresh_from_db()
    assert active_mandate.status == Mandate.Status.INACTIVE
    assert active_mandate.revocation_reason == "account_closed"
    assert any(
        r.name == "payments.review" and "mandate cancelled" in r.getMessage()
        for r in caplog.records
    )


def test_a_tenant_can_cancel_their_direct_debit(client, fake_stripe, active_mandate):
    url = reverse("payments:direct_debit_cancel", args=[active_mandate.pk])
    assert "Are you sure" in client.get(url).content.decode()
    response = client.post(url)
    assert response.status_code == 303
    active_mandate.refresh_from_db()
    assert active_mandate.status == Mandate.Status.INACTIVE
    detach = fake_stripe.calls_of("payment_method_detach")
    assert detach == [
        {
            "payment_method_id": active_mandate.payment_method_id,
            "idempotency_key": f"mandate-cancel:{active_mandate.pk}",
        }
    ]
    # The page offers a new one.
    assert "Set up a Direct Debit" in client.get(reverse("payments:direct_debit")).content.decode()


def test_a_double_click_on_set_up_makes_one_stripe_session(client, fake_stripe, payer):
    user, account = payer
    client.force_login(user)
    data = {"account": account.reference, "form_token": str(uuid.uuid4())}
    first = client.post(reverse("payments:direct_debit"), data)
    second = client.post(reverse("payments:direct_debit"), data)
    assert first["Location"] == second["Location"]
    assert len(fake_stripe.calls_of("checkout_setup_create")) == 1
    assert Mandate.objects.count() == 1


# --- Collections ----------------------------------------------------------------------------


def collect(mandate, amount=2500, due=dt.date(2027, 1, 8), key=None):
    return services.collection_create(
        mandate=mandate,
        amount_pence=amount,
        due_on=due,
        idempotency_key=key or f"plan:1:{due.isoformat()}",
    )


def test_processing_then_succeeded_credits_only_on_success(
    client, fake_stripe, active_mandate, deliver, django_capture_on_commit_callbacks
):
    account = active_mandate.account
    with django_capture_on_commit_callbacks(execute=True):
        attempt = collect(active_mandate)
    assert attempt.status == PaymentAttempt.Status.PENDING
    created = fake_stripe.calls_of("payment_intent_create_collection")[0]
    assert created["idempotency_key"] == "collection:plan:1:2027-01-08"
    assert created["mandate_id"] == active_mandate.mandate_id
    pi = fake_stripe.payment_intents[attempt.payment_intent_id]

    deliver(fake_stripe.event("payment_intent.processing", pi))
    assert balance(account) == 19000  # pending is not cleared money
    assert "pending" in client.get(reverse("portal:dashboard")).content.decode()

    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(days=4)):
        fake_stripe.set_payment_intent(pi["id"], "succeeded")
        deliver(fake_stripe.event("payment_intent.succeeded", pi))
    attempt.refresh_from_db()
    assert attempt.status == PaymentAttempt.Status.SUCCEEDED
    assert balance(account) == 19000 - 2500
    assert stripe_credits(account).get().description == "Direct Debit payment, thank you"
    assert len(mail.outbox) == 1  # the receipt


def test_processing_then_failed_credits_nothing_and_tells_the_tenant_once(
    fake_stripe, active_mandate, deliver, django_capture_on_commit_callbacks
):
    attempt = collect(active_mandate)
    pi = fake_stripe.payment_intents[attempt.payment_intent_id]
    deliver(fake_stripe.event("payment_intent.processing", pi))
    fake_stripe.set_payment_intent(
        pi["id"], "requires_payment_method", failure_code="insufficient_funds"
    )
    failed = fake_stripe.event("payment_intent.payment_failed", pi)
    deliver(failed)
    deliver(failed)  # redelivered
    deliver(fake_stripe.event("payment_intent.payment_failed", pi))  # a second event object
    with django_capture_on_commit_callbacks(execute=True):
        reconcile.reconcile()
    attempt.refresh_from_db()
    assert attempt.status == PaymentAttempt.Status.FAILED
    assert attempt.failure_code == "insufficient_funds"
    assert not stripe_credits().exists()
    assert balance(attempt.account) == 19000
    assert len(mail.outbox) == 1
    assert "did not go through" in mail.outbox[0].subject


def test_a_dispute_months_after_success_is_a_new_reversing_entry(
    fake_stripe, active_mandate, deliver
):
    attempt = collect(active_mandate)
    pi = fake_stripe.set_payment_intent(attempt.payment_intent_id, "succeeded")
    deliver(fake_stripe.event("payment_intent.succeeded", pi))
    credit = stripe_credits().get()
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(days=150)):
        # A Direct Debit Guarantee claim: final as soon as it is raised.
        dispute = fake_stripe.dispute(pi["id"], status="needs_response")
        with CaptureQueriesContext(connection) as queries:
            deliver(fake_stripe.event("charge.dispute.created", dispute))
    ledger_writes = [
        q["sql"]
        for q in queries.captured_queries
        if "portal_ledgerentry" in q["sql"]
        and q["sql"].lstrip().upper().startswith(("UPDATE", "DELETE"))
    ]
    assert not ledger_writes
    reversal = LedgerEntry.objects.get(reverses=credit)
    assert (reversal.amount_pence, reversal.external_id) == (2500, dispute["id"])
    assert reversal.posted_on > credit.posted_on
    attempt.refresh_from_db()
    assert attempt.status == PaymentAttempt.Status.DISPUTED
    assert balance(attempt.account) == 19000


def test_a_collection_is_made_once_per_key(fake_stripe, active_mandate):
    first = collect(active_mandate)
    again = collect(active_mandate)
    assert again.pk == first.pk
    assert len(fake_stripe.calls_of("payment_intent_create_collection")) == 1
    with pytest.raises(services.PaymentConflict):
        collect(active_mandate, amount=9999)


def test_a_collection_retried_after_a_timeout_sends_the_same_idempotency_key(
    fake_stripe, active_mandate
):
    fake_stripe.fail_next(
        "payment_intent_create_collection", stripe_client.StripeUnavailable("timed out")
    )
    with pytest.raises(stripe_client.StripeUnavailable):
        collect(active_mandate)
    attempt = collect(active_mandate)
    keys = [c["idempotency_key"] for c in fake_stripe.calls_of("payment_intent_create_collection")]
    assert keys == ["collection:plan:1:2027-01-08"] * 2
    assert attempt.status == PaymentAttempt.Status.PENDING
    assert PaymentAttempt.objects.count() == 1


def test_no_collection_without_an_active_mandate(fake_stripe, active_mandate):
    Mandate.objects.filter(pk=active_mandate.pk).update(status=Mandate.Status.INACTIVE)
    active_mandate.refresh_from_db()
    with pytest.raises(services.MandateNotActive):
        collect(active_mandate)
    assert not PaymentAttempt.objects.exists()
    assert not fake_stripe.calls_of("payment_intent_create_collection")
