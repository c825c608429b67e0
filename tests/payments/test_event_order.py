"""Any arrival order, any duplicates: the ledger ends as Stripe's final state says, and a
payment's status never moves backwards (Hypothesis; PAYMENTS_HYPOTHESIS_EXAMPLES=500 for the
full check)."""

import datetime as dt
import json
import os
import uuid

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from payments import inbox, services
from payments.models import Mandate, PaymentAttempt
from portal.models import LedgerEntry
from tests.factories import LedgerEntryFactory, tenant_with_account
from tests.payments.fakes import sign

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("PAYMENTS_HYPOTHESIS_EXAMPLES", "40"))

# Lives a Direct Debit collection can have at Stripe, one happening at a time.
SCRIPTS = {
    "succeeds": ["processing", "succeeded"],
    "fails": ["processing", "failed"],
    "part refunded": ["processing", "succeeded", "refund 1000"],
    "refunded": ["processing", "succeeded", "refund 2500"],
    "claimed": ["processing", "succeeded", "dispute needs_response", "dispute lost"],
    "refunded then claimed": ["processing", "succeeded", "refund 1000", "dispute lost"],
    "inquiry": [
        "processing",
        "succeeded",
        "dispute warning_needs_response",
        "dispute warning_closed",
    ],
}
RANK = {
    "created": 0,
    "pending": 1,
    "succeeded": 2,
    "failed": 2,
    "expired": 2,
    "refunded": 3,
    "disputed": 4,
}


def happen(fake, pi_id, step, dispute_id):
    """Make `step` happen at Stripe; return the event Stripe sends about it."""
    pi = fake.payment_intents[pi_id]
    if step == "processing":
        return fake.event("payment_intent.processing", fake.set_payment_intent(pi_id, "processing"))
    if step == "succeeded":
        return fake.event("payment_intent.succeeded", fake.set_payment_intent(pi_id, "succeeded"))
    if step == "failed":
        fake.set_payment_intent(pi_id, "requires_payment_method", failure_code="account_closed")
        return fake.event("payment_intent.payment_failed", pi)
    kind, value = step.split()
    if kind == "refund":
        return fake.event("charge.refunded", fake.refund(pi_id, int(value)))
    dispute = fake.dispute(pi_id, status=value, dispute_id=dispute_id)
    closed = value in ("lost", "won", "warning_closed")
    return fake.event("charge.dispute.closed" if closed else "charge.dispute.created", dispute)


def expected(script: list[str]) -> tuple[int, str]:
    """(net change to the balance, final status) after the whole life."""
    if "failed" in script:
        return 0, "failed"
    net = -2500
    status = "succeeded"
    refunded = sum(int(step.split()[1]) for step in script if step.startswith("refund"))
    net += refunded
    if refunded >= 2500:
        status = "refunded"
    disputes = [step.split()[1] for step in script if step.startswith("dispute")]
    if disputes and not disputes[0].startswith("warning"):
        status = "disputed"
        net += 2500  # a Bacs claim is final: the money goes back
    return net, status


@st.composite
def lives(draw):
    name = draw(st.sampled_from(sorted(SCRIPTS)))
    script = SCRIPTS[name]
    # When each event is delivered (at or after the step that made it), and how often.
    deliveries = draw(
        st.lists(
            st.tuples(st.integers(0, len(script) - 1), st.integers(0, len(script) - 1)),
            max_size=12,
        )
    )
    return script, deliveries


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(life=lives())
def test_any_order_of_events_ends_as_stripe_says_and_never_goes_backwards(
    fake_stripe, django_capture_on_commit_callbacks, life
):
    script, deliveries = life
    user, account = tenant_with_account()
    LedgerEntryFactory(account=account, amount_pence=10000)
    mandate = Mandate.objects.create(
        account=account,
        user=user,
        customer_id="cus_x",
        status="active",
        mandate_id=f"mandate_{uuid.uuid4().hex}",
        payment_method_id=f"pm_{uuid.uuid4().hex}",
    )
    attempt = services.collection_create(
        mandate=mandate,
        amount_pence=2500,
        due_on=dt.date(2027, 1, 8),
        idempotency_key=uuid.uuid4().hex,
    )
    pi_id = attempt.payment_intent_id
    fake_stripe.payment_intents[pi_id]["status"] = "requires_confirmation"
    dispute_id = f"dp_{uuid.uuid4().hex}"

    schedule: dict[int, list[int]] = {}
    for event_index, delay in deliveries:
        schedule.setdefault(min(event_index + delay, len(script) - 1), []).append(event_index)
    events = []
    seen = [attempt.status]

    def deliver(event):
        payload = json.dumps(event)
        with django_capture_on_commit_callbacks(execute=True):
            inbox.event_receive(payload=payload.encode(), signature=sign(payload))
        seen.append(PaymentAttempt.objects.get(pk=attempt.pk).status)

    for step_index, step in enumerate(script):
        events.append(happen(fake_stripe, pi_id, step, dispute_id))
        for event_index in schedule.get(step_index, []):
            if event_index < len(events):
                deliver(events[event_index])
    for event in events:  # everything arrives in the end (Stripe retries for 3 days)
        deliver(event)

    net, status = expected(script)
    entries = LedgerEntry.objects.filter(account=account, source="stripe")
    assert sum(entries.values_list("amount_pence", flat=True)) == net, (script, deliveries)
    assert entries.filter(kind="payment").count() == (0 if status == "failed" else 1)
    assert seen[-1] == status
    ranks = [RANK[s] for s in seen]
    assert ranks == sorted(ranks), seen
    assert not ("failed" in seen and "succeeded" in seen)
