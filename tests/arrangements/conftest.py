import datetime as dt

import pytest
import time_machine

from portal.models import LedgerEntry
from tests.factories import LedgerEntryFactory, tenant_with_account

TODAY = dt.date(2026, 11, 23)  # a Monday


@pytest.fixture
def today():
    """Frozen time: Monday 23 November 2026, 10:00 in London."""
    with time_machine.travel(dt.datetime(2026, 11, 23, 10, 0), tick=False):
        yield TODAY


@pytest.fixture
def owing(db):
    """A tenant whose rent is £95.00 a week and who owes £500.00."""
    user, account = tenant_with_account()
    LedgerEntryFactory(
        account=account,
        amount_pence=40500,
        posted_on=dt.date(2026, 11, 2),
        kind=LedgerEntry.Kind.ADJUSTMENT,
        description="Arrears brought forward",
    )
    LedgerEntryFactory(account=account, amount_pence=9500, posted_on=dt.date(2026, 11, 16))
    return user, account


def charge(account, on, amount=9500):
    return LedgerEntryFactory(account=account, amount_pence=amount, posted_on=on)


def pay(account, on, amount):
    return LedgerEntryFactory(
        account=account,
        amount_pence=-amount,
        posted_on=on,
        kind=LedgerEntry.Kind.PAYMENT,
        description="Payment",
    )
