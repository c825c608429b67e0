"""Opening work items: one per subject, and a priority that reads the rent arrears right."""

import datetime as dt

import pytest

from casework.models import WorkItem
from casework.services import work_item_close, work_item_open
from portal.models import Account
from tests.factories import AccountFactory, LedgerEntryFactory, TenancyFactory

pytestmark = pytest.mark.django_db


def owe(account, weeks, weekly_pence):
    for week in range(weeks):
        LedgerEntryFactory(
            account=account,
            amount_pence=weekly_pence,
            posted_on=dt.date(2026, 11, 16) - dt.timedelta(weeks=week),
            external_id=f"{account.reference}-{week}",
        )


def test_only_the_rent_accounts_weeks_count_as_weeks_of_rent_owed():
    tenancy = TenancyFactory(weekly_rent_pence=10000)
    owe(AccountFactory(tenancy=tenancy, kind=Account.Kind.RENT), weeks=3, weekly_pence=10000)
    owe(AccountFactory(tenancy=tenancy, kind=Account.Kind.GARAGE), weeks=8, weekly_pence=1000)
    item = work_item_open(
        kind=WorkItem.Kind.PLAN_DECISION,
        tenancy=tenancy,
        subject_type="tests.subject",
        subject_id="1",
        summary="Plan to decide",
    )
    assert item.priority_parts == [{"label": "3.0 weeks of rent owed", "points": 30}]


def test_opening_twice_gives_one_item_and_closing_twice_closes_once():
    tenancy = TenancyFactory()
    first = work_item_open(
        kind=WorkItem.Kind.REFERRAL_REVIEW,
        tenancy=tenancy,
        subject_type="tests.subject",
        subject_id="7",
        summary="Referral to review",
    )
    again = work_item_open(
        kind=WorkItem.Kind.REFERRAL_REVIEW,
        tenancy=tenancy,
        subject_type="tests.subject",
        subject_id="7",
        summary="Referral to review",
    )
    assert first.pk == again.pk
    assert work_item_close(subject_type="tests.subject", subject_id="7") == 1
    assert work_item_close(subject_type="tests.subject", subject_id="7") == 0
