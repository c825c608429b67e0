import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal import tiles
from portal.models import Account, LedgerEntry
from portal.selectors import dashboard_for_user
from tests.factories import (
    AccountFactory,
    LedgerEntryFactory,
    TenancyMemberFactory,
    UserFactory,
    tenant_with_account,
)

pytestmark = pytest.mark.django_db
DASHBOARD = reverse("portal:dashboard")


def weekly_history(account, *, weeks, rent=9500, paid=9500, start=dt.date(2026, 1, 5)):
    entries = []
    for week in range(weeks):
        day = start + dt.timedelta(weeks=week)
        entries.append(LedgerEntryFactory.build(account=account, posted_on=day, amount_pence=rent))
        if paid:
            entries.append(
                LedgerEntryFactory.build(
                    account=account,
                    posted_on=day,
                    amount_pence=-paid,
                    kind=LedgerEntry.Kind.PAYMENT,
                    description="Payment",
                )
            )
    LedgerEntry.objects.bulk_create(entries)


def test_a_login_with_no_tenancy_is_sent_to_link_one(client):
    client.force_login(UserFactory())
    response = client.get(DASHBOARD)
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:link")


def test_dashboard_shows_every_account_with_its_balance_arrears_and_next_charge(client):
    user, rent = tenant_with_account(tenancy__weekly_rent_pence=9500)
    weekly_history(rent, weeks=10, paid=4750)  # paid half each week: £475.00 owed
    garage = AccountFactory(tenancy=rent.tenancy, kind=Account.Kind.GARAGE)
    LedgerEntryFactory(account=garage, amount_pence=1200, posted_on=dt.date(2026, 3, 2))
    LedgerEntryFactory(
        account=garage, amount_pence=-123456, posted_on=dt.date(2026, 3, 3), kind="payment"
    )
    court = AccountFactory(tenancy=rent.tenancy, kind=Account.Kind.COURT_COSTS)
    LedgerEntryFactory(account=court, amount_pence=35500, description="Court fee")

    client.force_login(user)
    response = client.get(DASHBOARD)
    body = response.content.decode()
    assert response.status_code == 200
    assert "£475.00 owed" in body
    assert "In arrears" in body
    assert "5.0 weeks of rent" in body
    assert "£1,222.56 in credit" in body  # garage overpaid
    assert "£355.00 owed" in body
    assert "Court costs" in body and "Garage rent" in body
    assert body.count("See full statement") == 3


def test_next_charge_follows_the_weekly_pattern_after_today():
    user, rent = tenant_with_account()
    weekly_history(rent, weeks=3, start=dt.date(2026, 11, 2))  # 2, 9, 16 November
    [tenancy] = dashboard_for_user(user=user, today=dt.date(2026, 11, 22))
    [summary] = tenancy.accounts
    assert summary.next_charge.due_on == dt.date(2026, 11, 23)
    assert summary.next_charge.amount_pence == 9500
    assert summary.balance_pence == 0
    assert not summary.in_arrears


def test_no_next_charge_for_a_former_tenancy_or_one_off_debts():
    user, rent = tenant_with_account(tenancy__end_date=dt.date(2026, 10, 1))
    weekly_history(rent, weeks=3, start=dt.date(2026, 9, 7))
    [tenancy] = dashboard_for_user(user=user, today=dt.date(2026, 11, 22))
    assert tenancy.accounts[0].next_charge is None


def test_recent_entries_are_the_five_latest_newest_first():
    user, rent = tenant_with_account()
    weekly_history(rent, weeks=6, paid=0)
    [tenancy] = dashboard_for_user(user=user)
    recent = tenancy.accounts[0].recent_entries
    assert len(recent) == 5
    assert [entry.posted_on for entry in recent] == sorted(
        (entry.posted_on for entry in recent), reverse=True
    )
    assert recent[0].posted_on == dt.date(2026, 1, 5) + dt.timedelta(weeks=5)


def test_superseded_provisional_entries_do_not_count_twice():
    user, rent = tenant_with_account()
    LedgerEntryFactory(account=rent, amount_pence=10000)
    hms = LedgerEntryFactory(account=rent, amount_pence=-5000, kind="payment")
    LedgerEntryFactory(
        account=rent, amount_pence=-5000, kind="payment", source="stripe", superseded_by=hms
    )
    [tenancy] = dashboard_for_user(user=user)
    assert tenancy.accounts[0].balance_pence == 5000


def test_a_tenant_never_sees_another_tenancy(client):
    user, mine = tenant_with_account()
    _, theirs = tenant_with_account()
    LedgerEntryFactory(account=theirs, description="THEIR-CANARY")
    client.force_login(user)
    body = client.get(DASHBOARD).content.decode()
    assert mine.reference in body
    assert theirs.reference not in body
    assert "THEIR-CANARY" not in body


def test_occupants_linked_by_mistake_see_nothing():
    user = UserFactory()
    account = AccountFactory()
    TenancyMemberFactory(tenancy=account.tenancy, user=user, role="occupant")
    assert dashboard_for_user(user=user) == []


def test_dashboard_runs_a_fixed_number_of_queries_for_ten_years_of_history(
    client, django_assert_max_num_queries, monkeypatch
):
    def queries_for(weeks):
        user, rent = tenant_with_account()
        weekly_history(rent, weeks=weeks, start=dt.date(2016, 11, 7))
        garage = AccountFactory(tenancy=rent.tenancy, kind=Account.Kind.GARAGE)
        weekly_history(garage, weeks=weeks, rent=1200, paid=1000, start=dt.date(2016, 11, 7))
        client.force_login(user)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(DASHBOARD).status_code == 200
        return len(queries)

    # With every app's tiles: the count does not grow with the history.
    assert queries_for(520) == queries_for(1)
    # The portal's own part: session (read, save), user, accounts, balances, ledger heads,
    # officer menu, site settings.
    monkeypatch.setattr(tiles, "_TILES", {})
    with django_assert_max_num_queries(10):
        client.get(DASHBOARD)


def test_the_dashboard_links_to_the_tenants_own_data(client):
    """Subject access is a right: the page that lists it is one click from the account."""
    user, _ = tenant_with_account()
    client.force_login(user)
    body = client.get(DASHBOARD).content.decode()
    assert f'href="{reverse("portal:my_data")}"' in body
    assert "See the personal data we hold about you" in body
