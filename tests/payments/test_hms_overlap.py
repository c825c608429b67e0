"""A card payment credited from Stripe, then confirmed by the housing system's ledger file:
the balance counts it once (portal.imports supersedes the provisional Stripe credit)."""

import csv
import datetime as dt

import pytest

from portal import imports
from portal.models import LedgerEntry
from portal.selectors import dashboard_for_user
from tests.payments.conftest import balance, start_card_payment, stripe_credits

pytestmark = pytest.mark.django_db

COLUMNS = imports.LEDGER_COLUMNS


def ledger_file(path, account, rows):
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for entry_id, amount, payment_ref in rows:
            writer.writerow(
                [
                    account.tenancy.reference,
                    account.reference,
                    account.kind,
                    entry_id,
                    dt.date.today().isoformat(),
                    "payment",
                    amount,
                    "Payment received, thank you",
                    payment_ref,
                ]
            )
    return path


def test_the_housing_systems_copy_of_a_card_payment_supersedes_ours(
    fake_stripe, payer, tmp_path, django_capture_on_commit_callbacks
):
    from payments import sync

    user, account = payer
    attempt = start_card_payment(user, account, 5000)
    pi = fake_stripe.pay_checkout(attempt.checkout_session_id)
    with django_capture_on_commit_callbacks(execute=True):
        sync.payment_sync(pi["id"])
    assert balance(account) == 19000 - 5000

    path = ledger_file(tmp_path / "ledger.csv", account, [("HMS-PAY-1", "-50.00", pi["id"])])
    run = imports.ledger_import_file(path=path)
    assert run.status == "completed", run.message

    credit = stripe_credits(account).get()
    hms = LedgerEntry.objects.get(source="hms", external_id="HMS-PAY-1")
    assert credit.superseded_by_id == hms.pk
    assert balance(account) == 19000 - 5000
    (tenancy,) = dashboard_for_user(user=user)
    assert tenancy.accounts[0].balance_pence == 19000 - 5000

    # The same payment reported again by Stripe changes nothing.
    with django_capture_on_commit_callbacks(execute=True):
        assert not sync.payment_sync(pi["id"])
    assert balance(account) == 19000 - 5000
