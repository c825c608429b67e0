"""A payment, refund or dispute that both Stripe and the housing system report counts once,
whichever copy arrives first: the HMS row's payment_ref names the Stripe object, and the
portal's provisional entry is superseded by the HMS entry (by the import when the portal's
copy came first; by payments.sync, at creation, when the HMS copy came first)."""

import csv
import datetime as dt

import pytest
from django.db.models import Sum

from payments import sync
from payments.models import PaymentAttempt
from portal import imports
from portal.models import LedgerEntry
from portal.signals import officer_attention_needed
from tests.factories import AccountFactory, TenancyFactory
from tests.payments.conftest import balance, start_card_payment, stripe_credits

pytestmark = pytest.mark.django_db


def ledger_file(path, account, rows):
    """rows: (entry_id, entry_type, amount, payment_ref)."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(imports.LEDGER_COLUMNS)
        for entry_id, entry_type, amount, payment_ref in rows:
            writer.writerow(
                [
                    account.tenancy.reference,
                    account.reference,
                    account.kind,
                    entry_id,
                    dt.date.today().isoformat(),
                    entry_type,
                    amount,
                    "From the housing system",
                    payment_ref,
                ]
            )
    return path


@pytest.fixture
def paid(fake_stripe, payer):
    """A card payment of £50.00 that Stripe says succeeded (not yet synced)."""
    user, account = payer
    attempt = start_card_payment(user, account, 5000)
    pi = fake_stripe.pay_checkout(attempt.checkout_session_id)
    return account, attempt, pi


def run_sync(pi_id, capture):
    with capture(execute=True):
        return sync.payment_sync(pi_id)


def test_the_housing_system_row_stores_its_payment_ref(tmp_path, payer):
    _, account = payer
    imports.ledger_import_file(
        path=ledger_file(tmp_path / "a.csv", account, [("HMS-1", "payment", "-5.00", "pi_x")])
    )
    assert LedgerEntry.objects.get(external_id="HMS-1").payment_ref == "pi_x"


def test_a_card_credit_arriving_after_the_housing_systems_row_is_created_superseded(
    paid, tmp_path, django_capture_on_commit_callbacks
):
    account, _, pi = paid
    path = ledger_file(tmp_path / "a.csv", account, [("HMS-PAY-1", "payment", "-50.00", pi["id"])])
    assert imports.ledger_import_file(path=path).status == "completed"
    assert balance(account) == 19000 - 5000

    run_sync(pi["id"], django_capture_on_commit_callbacks)

    credit = stripe_credits(account).get()
    assert credit.superseded_by == LedgerEntry.objects.get(external_id="HMS-PAY-1")
    assert balance(account) == 19000 - 5000  # once, not twice
    # Syncing again changes nothing.
    assert not run_sync(pi["id"], django_capture_on_commit_callbacks)
    assert balance(account) == 19000 - 5000


def test_a_card_credit_arriving_before_the_housing_systems_row_is_superseded_by_the_import(
    paid, tmp_path, django_capture_on_commit_callbacks
):
    account, _, pi = paid
    run_sync(pi["id"], django_capture_on_commit_callbacks)
    assert balance(account) == 19000 - 5000

    path = ledger_file(tmp_path / "a.csv", account, [("HMS-PAY-1", "payment", "-50.00", pi["id"])])
    imports.ledger_import_file(path=path)

    assert stripe_credits(account).get().superseded_by.external_id == "HMS-PAY-1"
    assert balance(account) == 19000 - 5000


def test_an_hms_row_on_another_tenancy_never_supersedes_a_card_credit(
    paid, tmp_path, django_capture_on_commit_callbacks
):
    account, _, pi = paid
    other = AccountFactory(reference="R777777", tenancy=TenancyFactory(reference="T777777"))
    imports.ledger_import_file(
        path=ledger_file(tmp_path / "a.csv", other, [("HMS-9", "payment", "-50.00", pi["id"])])
    )

    run_sync(pi["id"], django_capture_on_commit_callbacks)

    assert stripe_credits(account).get().superseded_by is None
    assert balance(account) == 19000 - 5000


def test_a_charge_carrying_the_payment_ref_does_not_supersede_the_credit(
    paid, tmp_path, django_capture_on_commit_callbacks
):
    account, _, pi = paid
    imports.ledger_import_file(
        path=ledger_file(tmp_path / "a.csv", account, [("HMS-C", "charge", "50.00", pi["id"])])
    )

    run_sync(pi["id"], django_capture_on_commit_callbacks)

    assert stripe_credits(account).get().superseded_by is None


@pytest.mark.parametrize("hms_first", [True, False])
def test_a_refund_reported_by_both_counts_once(
    fake_stripe, paid, tmp_path, django_capture_on_commit_callbacks, hms_first
):
    account, attempt, pi = paid
    run_sync(pi["id"], django_capture_on_commit_callbacks)
    fake_stripe.refund(pi["id"], 2000)
    refund_id = fake_stripe.refunds[pi["id"]][0]["id"]
    rows = [
        ("HMS-PAY-1", "payment", "-50.00", pi["id"]),
        ("HMS-RE-1", "refund", "20.00", refund_id),
    ]
    path = ledger_file(tmp_path / "a.csv", account, rows)

    if hms_first:
        imports.ledger_import_file(path=path)
        run_sync(pi["id"], django_capture_on_commit_callbacks)
    else:
        run_sync(pi["id"], django_capture_on_commit_callbacks)
        imports.ledger_import_file(path=path)

    portal_refund = LedgerEntry.objects.get(source="stripe", external_id=refund_id)
    assert portal_refund.superseded_by == LedgerEntry.objects.get(external_id="HMS-RE-1")
    assert balance(account) == 19000 - 5000 + 2000


@pytest.mark.parametrize("hms_first", [True, False])
def test_a_lost_dispute_reported_by_both_counts_once(
    fake_stripe, paid, tmp_path, django_capture_on_commit_callbacks, hms_first
):
    account, attempt, pi = paid
    run_sync(pi["id"], django_capture_on_commit_callbacks)
    dispute = fake_stripe.dispute(pi["id"], status="lost")
    rows = [
        ("HMS-PAY-1", "payment", "-50.00", pi["id"]),
        ("HMS-DP-1", "adjustment", "50.00", dispute["id"]),
    ]
    path = ledger_file(tmp_path / "a.csv", account, rows)

    if hms_first:
        imports.ledger_import_file(path=path)
        run_sync(pi["id"], django_capture_on_commit_callbacks)
    else:
        run_sync(pi["id"], django_capture_on_commit_callbacks)
        imports.ledger_import_file(path=path)

    reversal = LedgerEntry.objects.get(source="stripe", external_id=dispute["id"])
    assert reversal.superseded_by == LedgerEntry.objects.get(external_id="HMS-DP-1")
    assert balance(account) == 19000
    counted = LedgerEntry.objects.filter(account=account, superseded_by__isnull=True)
    assert counted.aggregate(total=Sum("amount_pence"))["total"] == 19000


# --- Disputes need an officer ---------------------------------------------------------------


@pytest.fixture
def signals_sent():
    sent = []

    def receiver(sender, **kwargs):
        sent.append({"sender": sender, **{k: v for k, v in kwargs.items() if k != "signal"}})

    officer_attention_needed.connect(receiver, dispatch_uid="test-payment-dispute")
    yield sent
    officer_attention_needed.disconnect(dispatch_uid="test-payment-dispute")


def test_a_dispute_asks_for_an_officer_once(
    fake_stripe, paid, signals_sent, django_capture_on_commit_callbacks
):
    account, attempt, pi = paid
    run_sync(pi["id"], django_capture_on_commit_callbacks)
    assert signals_sent == []

    dispute = fake_stripe.dispute(pi["id"], status="needs_response")
    run_sync(pi["id"], django_capture_on_commit_callbacks)
    run_sync(pi["id"], django_capture_on_commit_callbacks)  # redelivered
    fake_stripe.dispute(pi["id"], status="lost", dispute_id=dispute["id"])
    run_sync(pi["id"], django_capture_on_commit_callbacks)  # the same dispute, lost

    assert signals_sent == [
        {
            "sender": "payments",
            "kind": "payment_dispute",
            "tenancy_id": account.tenancy_id,
            "subject_type": "payments.paymentattempt",
            "subject_id": str(attempt.pk),
            "summary": "Card payment disputed",
            "link": "",
        }
    ]
    attempt.refresh_from_db()
    assert attempt.status == PaymentAttempt.Status.DISPUTED


def test_an_early_warning_asks_for_no_officer(
    fake_stripe, paid, signals_sent, django_capture_on_commit_callbacks
):
    _, _, pi = paid
    run_sync(pi["id"], django_capture_on_commit_callbacks)
    fake_stripe.dispute(pi["id"], status="warning_needs_response")
    run_sync(pi["id"], django_capture_on_commit_callbacks)

    assert signals_sent == []


def test_a_dispute_opens_one_work_item_for_officers(
    fake_stripe, paid, django_capture_on_commit_callbacks
):
    from casework.models import WorkItem

    _, attempt, pi = paid
    run_sync(pi["id"], django_capture_on_commit_callbacks)
    fake_stripe.dispute(pi["id"], status="needs_response")
    run_sync(pi["id"], django_capture_on_commit_callbacks)
    run_sync(pi["id"], django_capture_on_commit_callbacks)

    item = WorkItem.objects.get(subject_type="payments.paymentattempt")
    assert (item.kind, item.subject_id) == ("payment_dispute", str(attempt.pk))
    assert item.summary == "Card payment disputed"
