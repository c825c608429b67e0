import datetime as dt

import pytest

from portal.models import Account, LedgerEntry
from tests.factories import AccountFactory, LedgerEntryFactory, tenant_with_account


@pytest.fixture
def tenant_and_tenancy(db):
    """A tenant on a tenancy with £95 a week rent, £12.50 a week service charges and £190
    of rent arrears."""
    user, rent = tenant_with_account()
    tenancy = rent.tenancy
    service = AccountFactory(tenancy=tenancy, kind=Account.Kind.SERVICE_CHARGE)
    for week in range(4):
        day = dt.date(2026, 10, 5) + dt.timedelta(weeks=week)
        LedgerEntryFactory(account=rent, posted_on=day, amount_pence=9500)
        LedgerEntryFactory(account=service, posted_on=day, amount_pence=1250)
        if week < 2:
            LedgerEntryFactory(
                account=rent, posted_on=day, amount_pence=-9500, kind=LedgerEntry.Kind.PAYMENT
            )
    return user, tenancy
