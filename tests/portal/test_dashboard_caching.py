"""What the dashboard no longer asks the database on every request (docs/performance.md), and
that each cached answer is still right the moment it changes."""

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import Site

from cms.models import PortalSettings
from tests.factories import add_to_group, tenant_with_account

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("portal:dashboard")
OFFICER_LINK = reverse("casework:home")


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def signed_in(client):
    user, account = tenant_with_account()
    client.force_login(user)
    return client, user, account


def queries_on(client, table: str) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(DASHBOARD).status_code == 200
    return [query["sql"] for query in captured if table in query["sql"]]


def test_the_site_settings_are_read_once_then_from_the_cache(signed_in):
    client, _, _ = signed_in
    assert len(queries_on(client, "cms_portalsettings")) == 1
    assert queries_on(client, "cms_portalsettings") == []


def test_an_editors_change_to_the_site_settings_shows_on_the_next_request(signed_in):
    client, _, _ = signed_in
    assert settings.LANDLORD_NAME in client.get(DASHBOARD).content.decode()
    row = PortalSettings.objects.create(
        site=Site.objects.get(is_default_site=True), landlord_name="Canal Side Housing"
    )
    assert "Canal Side Housing" in client.get(DASHBOARD).content.decode()
    row.landlord_name = "Riverside Homes"
    row.save()
    assert "Riverside Homes" in client.get(DASHBOARD).content.decode()
    row.delete()
    assert settings.LANDLORD_NAME in client.get(DASHBOARD).content.decode()


def test_a_tenants_officer_flag_costs_no_query_once_known(signed_in):
    client, _, _ = signed_in
    assert len(queries_on(client, "auth_group")) == 1
    assert queries_on(client, "auth_group") == []


def test_joining_or_leaving_the_officers_shows_or_hides_their_menu_at_once(signed_in):
    client, user, _ = signed_in
    assert OFFICER_LINK not in client.get(DASHBOARD).content.decode()
    add_to_group(user, settings.INCOME_OFFICER_GROUP)
    assert OFFICER_LINK in client.get(DASHBOARD).content.decode()
    user.groups.clear()
    assert OFFICER_LINK not in client.get(DASHBOARD).content.decode()


def test_the_benefits_tile_leaves_a_checks_answers_and_results_unread(signed_in):
    import datetime as dt

    from benefits_checker.models import BenefitsCheck
    from benefits_checker.tiles import benefits_tile_context
    from portal.selectors import dashboard_for_user

    _, user, account = signed_in
    BenefitsCheck.objects.create(
        user=user,
        tenancy=account.tenancy,
        answers={"big": "x" * 1000},
        results={"big": "y" * 1000},
        rates_version="2026-27",
        estimated_on=dt.date(2026, 11, 2),
        missing_monthly_pence=4200,
    )
    with CaptureQueriesContext(connection) as captured:
        context = benefits_tile_context(user=user, tenancies=dashboard_for_user(user=user))
    (query,) = [q["sql"] for q in captured if "benefits_checker_benefitscheck" in q["sql"]]
    assert '"answers"' not in query and '"results"' not in query
    assert context["latest"].missing_monthly_pence == 4200


def test_the_budget_tile_works_a_submitted_budgets_summary_out_once(signed_in):
    from budgeting.selectors import LineAnswer, budget_tile_context
    from tests.budgeting.helpers import submitted_budget

    _, user, account = signed_in
    submitted_budget(
        user, account.tenancy, lines={"universal_credit": LineAnswer(50000, "monthly")}
    )
    first = budget_tile_context(user=user, tenancies=[account.tenancy])
    with CaptureQueriesContext(connection) as captured:
        again = budget_tile_context(user=user, tenancies=[account.tenancy])
    assert len(captured) == 2  # the latest budget and the draft; no lines or debts
    assert again["summary"] == first["summary"]
    assert again["summary"].surplus_monthly_pence == 50000
