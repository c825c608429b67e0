import datetime as dt
import uuid

import pytest

from payments import services
from portal.models import LedgerEntry
from tests.factories import LedgerEntryFactory, tenant_with_account
from tests.payments.fakes import WEBHOOK_SECRET, FakeStripe


@pytest.fixture
def stripe_keys(settings):
    """Stripe set up, in test mode, as a landlord would configure it."""
    settings.STRIPE_SECRET_KEY = "sk_test_" + "x" * 24
    settings.STRIPE_PUBLISHABLE_KEY = "pk_test_" + "x" * 24
    settings.STRIPE_WEBHOOK_SECRETS = [WEBHOOK_SECRET]
    settings.STRIPE_LIVE_MODE = False
    return settings


@pytest.fixture
def fake_stripe(monkeypatch, stripe_keys):
    return FakeStripe().install(monkeypatch)


@pytest.fixture
def payer(db):
    """A tenant who owes £190.00 rent."""
    user, account = tenant_with_account()
    LedgerEntryFactory(account=account, amount_pence=19000, posted_on=dt.date(2026, 11, 2))
    return user, account


def balance(account) -> int:
    return sum(
        LedgerEntry.objects.filter(account=account, superseded_by__isnull=True).values_list(
            "amount_pence", flat=True
        )
    )


def stripe_credits(account=None):
    entries = LedgerEntry.objects.filter(source="stripe", kind="payment")
    return entries.filter(account=account) if account else entries


def start_card_payment(user, account, amount_pence=5000):
    return services.card_payment_start(
        user=user,
        account=account,
        amount_pence=amount_pence,
        form_token=uuid.uuid4(),
        base_url="http://testserver/",
    )
