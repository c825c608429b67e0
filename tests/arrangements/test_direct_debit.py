"""Direct Debit plans: each instalment's collection is created ahead of its date, once per
key; a failed collection (or no Direct Debit to collect on) opens a work item. Stripe is
mocked only at payments/stripe_client.py, by the payments tests' FakeStripe."""

import datetime as dt
import uuid

import pytest

from arrangements import services
from arrangements.models import Arrangement, PlanCollection
from casework.models import WorkItem
from payments import stripe_client
from payments.models import Mandate, PaymentAttempt, StripeCustomer
from payments.sync import payment_sync
from tests.arrangements.helpers import propose
from tests.budgeting.helpers import submitted_budget
from tests.payments.conftest import fake_stripe, stripe_keys  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture
def mandate(owing, fake_stripe):  # noqa: F811
    user, account = owing
    customer = fake_stripe.customer_create(metadata={}, idempotency_key="c1")
    StripeCustomer.objects.create(account=account, customer_id=customer["id"])
    return Mandate.objects.create(
        account=account,
        user=user,
        customer_id=customer["id"],
        status=Mandate.Status.ACTIVE,
        mandate_id=f"mandate_{uuid.uuid4().hex[:14]}",
        payment_method_id=f"pm_{uuid.uuid4().hex[:14]}",
    )


@pytest.fixture
def dd_plan(owing, today):
    user, account = owing
    submitted_budget(user, account.tenancy)
    plan = propose(user, today=today, method="direct_debit", start=D(2026, 11, 27))
    assert plan.status == Arrangement.Status.LIVE
    return plan


def test_instalments_due_soon_are_collected_once_with_the_plan_key(dd_plan, mandate, fake_stripe):  # noqa: F811
    report = services.collections_create_due(today=D(2026, 11, 23))
    assert report.created == 1  # 27 Nov; 4 Dec is beyond the 7 days
    attempt = PaymentAttempt.objects.get()
    assert attempt.collection_key == f"plan:{dd_plan.pk}:2026-11-27"
    assert (attempt.amount_pence, attempt.due_on) == (11500, D(2026, 11, 27))
    assert attempt.mandate == mandate
    again = services.collections_create_due(today=D(2026, 11, 23))
    assert again.created == 0
    assert len(fake_stripe.calls_of("payment_intent_create_collection")) == 1
    services.collections_create_due(today=D(2026, 11, 28))  # now 4 Dec is within reach
    assert sorted(PaymentAttempt.objects.values_list("due_on", flat=True)) == [
        D(2026, 11, 27),
        D(2026, 12, 4),
    ]


def test_a_failed_collection_opens_one_work_item(dd_plan, mandate, fake_stripe):  # noqa: F811
    services.collections_create_due(today=D(2026, 11, 23))
    attempt = PaymentAttempt.objects.get()
    fake_stripe.set_payment_intent(
        attempt.payment_intent_id, "requires_payment_method", failure_code="insufficient_funds"
    )
    payment_sync(attempt.payment_intent_id)
    attempt.refresh_from_db()
    assert attempt.status == PaymentAttempt.Status.FAILED
    assert services.collections_check_failures() == 1
    assert services.collections_check_failures() == 0
    item = WorkItem.objects.get(kind=WorkItem.Kind.DIRECT_DEBIT_FAILED)
    assert item.subject_id == str(dd_plan.pk)
    assert PlanCollection.objects.get().failure_handled_at is not None


def test_no_active_direct_debit_opens_a_work_item_and_calls_nothing(dd_plan, fake_stripe):  # noqa: F811
    report = services.collections_create_due(today=D(2026, 11, 23))
    assert report.not_possible == 1
    assert not fake_stripe.calls_of("payment_intent_create_collection")
    assert WorkItem.objects.filter(kind=WorkItem.Kind.DIRECT_DEBIT_FAILED).count() == 1


def test_stripe_down_is_tried_again_next_run_with_the_same_key(dd_plan, mandate, fake_stripe):  # noqa: F811
    fake_stripe.fail_next(
        "payment_intent_create_collection", stripe_client.StripeUnavailable("timed out")
    )
    assert services.collections_create_due(today=D(2026, 11, 23)).retry_later == 1
    assert services.collections_create_due(today=D(2026, 11, 24)).created == 1
    keys = {c["idempotency_key"] for c in fake_stripe.calls_of("payment_intent_create_collection")}
    assert keys == {f"collection:plan:{dd_plan.pk}:2026-11-27"}
    assert PaymentAttempt.objects.count() == 1


def test_card_plans_make_no_collections(owing, today, fake_stripe, mandate):  # noqa: F811
    user, account = owing
    submitted_budget(user, account.tenancy)
    propose(user, today=today, method="card")
    assert services.collections_create_due(today=today).created == 0
    assert not PaymentAttempt.objects.exists()
