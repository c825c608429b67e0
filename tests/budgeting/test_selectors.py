"""Reads: what the tenancy's accounts fill in, the guidelines in use, officers' latest version."""

import datetime as dt

import pytest

from budgeting import selectors
from budgeting.models import GuidelineFigure, GuidelineSet
from portal.models import Account, LedgerEntry
from tests.budgeting.helpers import fill_budget, submitted_budget
from tests.factories import AccountFactory, LedgerEntryFactory, TenancyFactory, tenant_with_account

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("dates", "frequency"),
    [
        ((dt.date(2026, 10, 12),), "weekly"),
        ((dt.date(2026, 10, 5), dt.date(2026, 10, 12)), "weekly"),
        ((dt.date(2026, 10, 5), dt.date(2026, 10, 19)), "fortnightly"),
        ((dt.date(2026, 10, 5), dt.date(2026, 11, 2)), "four_weekly"),
        ((dt.date(2026, 1, 1), dt.date(2026, 2, 1)), "monthly"),
        ((dt.date(2026, 2, 1), dt.date(2026, 3, 1)), "monthly"),  # 28 days, same day of month
        ((dt.date(2026, 1, 15), dt.date(2026, 4, 15)), "quarterly"),
        ((dt.date(2025, 4, 1), dt.date(2026, 4, 1)), "yearly"),
        ((dt.date(2026, 1, 5), dt.date(2026, 3, 20)), None),  # no pattern: not filled in
    ],
)
def test_service_charges_are_filled_in_at_their_own_frequency(dates, frequency):
    tenancy = TenancyFactory()
    account = AccountFactory(tenancy=tenancy, kind=Account.Kind.SERVICE_CHARGE)
    for day in dates:
        LedgerEntryFactory(account=account, posted_on=day, amount_pence=2500)
    prefill = selectors.tenancy_budget_prefill(tenancy=tenancy)
    line = prefill.lines.get("service_charges")
    assert (line.frequency if line else None) == frequency
    if line:
        assert (line.amount_pence, line.source) == (2500, "tenancy")


def test_a_tenancy_in_credit_or_with_no_rent_fills_in_nothing():
    tenancy = TenancyFactory(weekly_rent_pence=0)
    rent = AccountFactory(tenancy=tenancy)
    LedgerEntryFactory(account=rent, amount_pence=-5000, kind=LedgerEntry.Kind.PAYMENT)
    prefill = selectors.tenancy_budget_prefill(tenancy=tenancy)
    assert prefill.lines == {} and prefill.debts == {}


def test_the_prefill_takes_two_queries(tenant_and_tenancy, django_assert_num_queries):
    _, tenancy = tenant_and_tenancy
    with django_assert_num_queries(2):
        selectors.tenancy_budget_prefill(tenancy=tenancy)


def test_a_budget_is_found_only_by_its_own_tenant(tenant_and_tenancy):
    from django.http import Http404

    user, tenancy = tenant_and_tenancy
    submitted_budget(user, tenancy)
    other, _ = tenant_with_account()
    assert (
        selectors.budget_version_get_for_user(
            user=user, tenancy_reference=tenancy.reference, number=1
        ).number
        == 1
    )
    with pytest.raises(Http404):
        selectors.budget_version_get_for_user(
            user=other, tenancy_reference=tenancy.reference, number=1
        )
    with pytest.raises(Http404):
        selectors.budget_tenancy_get_for_user(user=other, tenancy_reference=tenancy.reference)


def test_officers_get_the_latest_submitted_version_never_a_draft(tenant_and_tenancy):
    user, tenancy = tenant_and_tenancy
    assert selectors.budget_latest_for_tenancy(tenancy=tenancy) is None
    fill_budget(user, tenancy)
    assert selectors.budget_latest_for_tenancy(tenancy=tenancy) is None
    from budgeting import services

    services.budget_submit(user=user, tenancy=tenancy)
    second = submitted_budget(user, tenancy)
    fill_budget(user, tenancy)  # version 3, a draft
    latest = selectors.budget_latest_for_tenancy(tenancy=tenancy)
    assert latest.pk == second.pk and latest.number == 2


def test_the_shipped_guidelines_are_illustrative_and_in_use():
    table = selectors.guidelines_in_use(today=dt.date(2026, 6, 1))
    assert table.illustrative
    assert table.name == "Illustrative, not SFS figures"
    assert {g.category for g in table.figures} == {
        "communications_leisure",
        "food_housekeeping",
        "personal",
    }


def test_the_newest_guideline_set_in_use_that_has_started_wins():
    real = GuidelineSet.objects.create(name="SFS 2027", in_use=True, valid_from=dt.date(2027, 4, 5))
    GuidelineFigure.objects.create(
        guideline_set=real, category="personal", adults=1, children=0, monthly_pence=7000
    )
    assert selectors.guidelines_in_use(today=dt.date(2027, 4, 4)).illustrative
    table = selectors.guidelines_in_use(today=dt.date(2027, 4, 5))
    assert table.name == "SFS 2027" and not table.illustrative
    assert [g.monthly_pence for g in table.figures] == [7000]
    GuidelineSet.objects.update(in_use=False)
    assert selectors.guidelines_in_use(today=dt.date(2027, 4, 5)).figures == ()
