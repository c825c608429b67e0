"""The dashboard served whole from the cache (portal/dashboard_cache.py): every change to what
it shows appears on the next request, whoever made it and however; per-request values are
fresh; nothing is shared between logins. The cache needs PostgreSQL's xmin, so most tests
here are PostgreSQL-only; the declaration check runs everywhere."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Site

from arrangements.models import Arrangement
from casework.models import BreathingSpace
from cms.models import PortalSettings
from portal import dashboard_cache
from portal.models import LedgerEntry
from portal.tiles import all_tiles
from tests.arrangements.factories import ArrangementFactory
from tests.factories import (
    LedgerEntryFactory,
    TenancyMemberFactory,
    UserFactory,
    add_to_group,
    tenant_with_account,
)

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("portal:dashboard")
TABLE = re.compile(r'(?:FROM|JOIN)\s+"([a-z0-9_]+)"')

# Tables a dashboard request reads that are not the page's data: the session and the login
# (read for every request, whatever the page), the officer flag's groups (cached with their own
# version), the CMS's site settings and pages (retired by the content generation in
# DASHBOARD_CACHE_VERSION_KEYS).
NOT_PAGE_DATA = {
    "django_session",
    "portal_user",  # the login, loaded for every request; the page shows none of its fields
    "auth_group",
    "portal_user_groups",
    "cms_portalsettings",
    "wagtailimages_image",  # the logo: an image save starts a new content generation too
    "wagtailcore_site",
    "wagtailcore_page",
    "wagtailcore_locale",
    "django_content_type",
}


@pytest.fixture
def cached(settings):
    settings.DASHBOARD_CACHE_SECONDS = 600
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def tenant(client):
    user, account = tenant_with_account()
    LedgerEntryFactory(account=account, amount_pence=40000, posted_on=dt.date(2026, 11, 2))
    client.force_login(user)
    return user, account


def page(client, **extra) -> str:
    response = client.get(DASHBOARD, **extra)
    assert response.status_code == 200
    return response.content.decode()


def queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        page(client)
    return len(captured)


def declared_tables() -> set[str]:
    from django.apps import apps

    return {apps.get_model(label)._meta.db_table for label, _ in dashboard_cache.reads()}


# --- Declarations: everywhere -------------------------------------------------------------


def test_every_tile_declares_what_it_reads():
    assert {tile.key for tile in all_tiles()} >= {
        "payments",
        "budget",
        "benefits",
        "breathing_space",
        "payment-plan",
        "referrals",
    }
    for tile in all_tiles():
        assert tile.reads, f"tile {tile.key} declares no reads"


def test_everything_a_dashboard_request_reads_is_declared_or_versioned(client, settings):
    """The whole request, tiles and templates included, with a budget, a plan, a Breathing
    Space and arrears so that every tile does its work."""
    settings.DASHBOARD_CACHE_SECONDS = 0
    user, account = tenant_with_account()
    LedgerEntryFactory(account=account, amount_pence=400000, posted_on=dt.date(2026, 11, 2))
    ArrangementFactory(tenancy=account.tenancy, accounts=[account])
    BreathingSpace.objects.create(
        tenancy=account.tenancy,
        kind=BreathingSpace.Kind.STANDARD,
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate() + dt.timedelta(days=59),
        recorded_by=UserFactory(),
    )
    client.force_login(user)
    with CaptureQueriesContext(connection) as captured:
        page(client)
    read = {table for query in captured for table in TABLE.findall(query["sql"])}
    undeclared = read - declared_tables() - NOT_PAGE_DATA
    assert not undeclared, f"declare these in the tile's reads: {sorted(undeclared)}"


def test_a_path_must_lead_to_the_login_or_a_tenancy():
    with pytest.raises(ValueError, match="must lead through foreign keys"):
        dashboard_cache._scope_condition(LedgerEntry, "account", {})


def test_the_cms_content_generation_retires_cached_dashboards(settings):
    from cms.caching import GENERATION_KEY

    assert GENERATION_KEY in settings.DASHBOARD_CACHE_VERSION_KEYS


def test_without_postgresql_or_when_off_the_page_is_always_rendered(settings):
    settings.DASHBOARD_CACHE_SECONDS = 0
    assert not dashboard_cache.enabled()


# --- The cache at work: PostgreSQL ---------------------------------------------------------

# Each write commits on its own, as in production: a row's xmin is the transaction that last
# wrote it, so writes inside one test transaction would look alike.
pg = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def pg_test(function):
    for mark in pg:
        function = mark(function)
    return function


@pg_test
def test_the_second_visit_comes_from_the_cache(client, tenant, cached):
    first = page(client)
    rendered = queries(client)
    assert rendered <= 4  # the session and the login (the fingerprint uses psycopg directly)
    second = page(client)
    strip = re.compile(r'value="[^"]+"|data-seconds-left="\d+"')
    assert strip.sub("", first) == strip.sub("", second)
    assert "£400.00" in second


@pg_test
def test_a_new_ledger_entry_shows_at_once(client, tenant, cached):
    _, account = tenant
    assert "£400.00" in page(client)
    LedgerEntryFactory(account=account, amount_pence=-15000, kind="payment")
    assert "£250.00" in page(client)


@pg_test
def test_a_raw_sql_update_shows_at_once(client, tenant, cached):
    """The importer writes with SQL, not the ORM: no signal would tell a cache."""
    _, account = tenant
    assert "£400.00" in page(client)
    entry = LedgerEntry.objects.get(account=account)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE portal_ledgerentry SET amount_pence = 30000 WHERE id = %s", [entry.pk]
        )
    assert "£300.00" in page(client)


@pg_test
def test_a_queryset_update_of_a_tile_row_shows_at_once(client, tenant, cached):
    _, account = tenant
    plan = ArrangementFactory(tenancy=account.tenancy, accounts=[account])
    assert "Your plan: waiting for a decision." in page(client)
    Arrangement.objects.filter(pk=plan.pk).update(status=Arrangement.Status.LIVE)
    assert "Your plan: agreed." in page(client)


@pg_test
def test_a_deleted_row_shows_at_once(client, tenant, cached):
    _, account = tenant
    space = BreathingSpace.objects.create(
        tenancy=account.tenancy,
        kind=BreathingSpace.Kind.STANDARD,
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate() + dt.timedelta(days=59),
        recorded_by=UserFactory(),
    )
    assert "You have a Breathing Space" in page(client)
    space.delete()
    assert "You have a Breathing Space" not in page(client)


@pytest.mark.postgres  # retired by the content generation, not by xmin
def test_an_editors_change_to_the_site_settings_shows_at_once(client, tenant, cached):
    page(client)
    PortalSettings.objects.update_or_create(
        site=Site.objects.get(is_default_site=True),
        defaults={"landlord_name": "Canal Side Housing"},
    )
    assert "Canal Side Housing" in page(client)


@pg_test
def test_a_new_day_renders_afresh(client, tenant, cached):
    user, _ = tenant
    with time_machine.travel(dt.datetime(2026, 11, 23, 23, 50, tzinfo=dt.UTC), tick=False):
        client.force_login(user)
        page(client)
        assert queries(client) <= 4
    with time_machine.travel(dt.datetime(2026, 11, 24, 0, 5, tzinfo=dt.UTC), tick=False):
        assert queries(client) > 4


@pg_test
def test_each_language_has_its_own_page(client, tenant, cached):
    assert 'lang="en-GB"' in page(client)
    client.cookies["portal_language"] = "cy"
    assert 'lang="cy"' in page(client)


@pg_test
def test_logins_never_share_a_page(client, tenant, cached):
    """Joint tenants see the same accounts, but each has their own cached page (tiles such
    as the budget and the benefits check are their own)."""
    user, account = tenant
    joint = UserFactory(name="Second Tenant")
    TenancyMemberFactory(tenancy=account.tenancy, user=joint, role="joint")
    page(client)
    assert queries(client) <= 4
    other = Client()
    other.force_login(joint)
    assert queries(other) > 4  # not the first login's page: rendered for this login
    assert queries(other) <= 4  # and now cached for it
    assert "£400.00" in page(other)


@pg_test
def test_the_csrf_token_and_session_clock_are_this_requests(tenant, cached):
    user, _ = tenant
    first = Client(enforce_csrf_checks=True)
    first.force_login(user)
    second = Client(enforce_csrf_checks=True)  # another browser: another CSRF secret
    second.force_login(user)  # (signing in changes the login's row: sign both in first)
    page(first)  # rendered and stored, with a token for the first browser's secret
    with CaptureQueriesContext(connection) as captured:
        cached_page = page(second)
    assert len(captured) <= 4  # from the cache
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', cached_page).group(1)
    assert "\x00" not in cached_page
    assert re.search(r'data-seconds-left="\d+"', cached_page)
    # The token on the cached page is this browser's: it signs the person out.
    response = second.post(reverse("account_logout"), {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert "_auth_user_id" not in second.session


@pg_test
def test_a_flash_message_is_never_lost_to_the_cache(client, tenant, cached):
    page(client)
    page(client)
    # What a view's messages.success() leaves for the next page: the messages cookie.
    storage = CookieStorage(RequestFactory().get("/"))
    message = Message(constants.SUCCESS, "Your tenancy is now linked.")
    client.cookies[CookieStorage.cookie_name] = storage._encode([message])
    assert "Your tenancy is now linked." in page(client)
    assert "Your tenancy is now linked." not in page(client)  # shown once, then gone


@pg_test
def test_joining_a_group_renders_afresh(client, tenant, cached, settings):
    """The header links officers to their queue: a change of groups retires the page."""
    user, _ = tenant
    page(client)
    assert queries(client) <= 4
    add_to_group(user, settings.INCOME_OFFICER_GROUP)
    assert queries(client) > 4


@pg_test
def test_a_page_rendered_while_a_write_lands_is_not_stored(client, tenant, cached, monkeypatch):
    """The key is read before rendering: if the rows change meanwhile, storing the page under
    the old key could show them for a fingerprint that no longer matches."""
    _, account = tenant
    real = dashboard_cache.fingerprint
    calls = []

    def fingerprint_with_a_write_after_the_first(user):
        calls.append(1)
        if len(calls) == 2:  # after the render, before the second look
            LedgerEntryFactory(account=account, amount_pence=100, kind="charge")
        return real(user)

    monkeypatch.setattr(dashboard_cache, "fingerprint", fingerprint_with_a_write_after_the_first)
    page(client)
    monkeypatch.setattr(dashboard_cache, "fingerprint", real)
    assert not cache_keys()  # nothing stored
    assert "£401.00" in page(client)


def cache_keys() -> list[str]:
    """The dashboard pages in the cache (the test cache is local memory or Redis)."""
    backend = cache._cache if hasattr(cache, "_cache") else None
    if isinstance(backend, dict):  # LocMemCache
        return [key for key in backend if dashboard_cache.KEY_PREFIX in key]
    return [
        key.decode() for key in cache._cache.get_client().keys(f"*{dashboard_cache.KEY_PREFIX}*")
    ]


@pg_test
def test_a_query_string_is_rendered_as_usual(client, tenant, cached):
    page(client)
    assert queries(client) <= 4
    with CaptureQueriesContext(connection) as captured:
        assert client.get(DASHBOARD, {"x": "1"}).status_code == 200
    assert len(captured) > 4


@pg_test
def test_the_fingerprint_is_parsed_and_planned_once_a_connection(tenant):
    """Run on every visit, it must be a prepared statement: Django turns preparing off unless
    the database settings allow it (config.settings.base.with_prepared_statements)."""
    user, _ = tenant
    first = dashboard_cache.fingerprint(user)
    assert dashboard_cache.fingerprint(user) == first
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT generic_plans + custom_plans FROM pg_prepared_statements "
            "WHERE statement LIKE %s",
            ["%FROM portal_tenancymember WHERE user_id%"],
        )
        (runs,) = cursor.fetchone()
    assert runs >= 2


@pg_test
def test_the_xmin_sum_is_the_rows_xmin_sum(tenant):
    """The fingerprint's sum, worked out from age(xmin), against the plain one."""
    user, account = tenant
    LedgerEntryFactory(account=account, amount_pence=-100, kind="payment")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*), sum(xmin::text::bigint) - 3 * count(*) FROM portal_ledgerentry "
            "WHERE account_id = %s",
            [account.pk],
        )
        count, total = cursor.fetchone()
    ledger = dashboard_cache.reads().index(("portal.LedgerEntry", "account__tenancy"))
    assert dashboard_cache.fingerprint(user).split(";")[ledger] == f"{count}/{total}"
