"""The dashboard tile, the case panel and the advice signpost."""

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from portal.selectors import dashboard_for_user
from portal.tiles import case_panels_for, tiles_for
from referrals.selectors import referral_tile_context
from tests.factories import tenant_with_account
from tests.referrals.factories import submitted_referral

pytestmark = pytest.mark.django_db


def test_the_tile_shows_for_large_arrears(household, settings, django_assert_max_num_queries):
    user, _tenancy = household  # owes £950.00 on rent
    settings.REFERRALS_LARGE_ARREARS_PENCE = 50_000
    summaries = dashboard_for_user(user=user)
    with django_assert_max_num_queries(1):
        context = referral_tile_context(user=user, tenancies=summaries)
    assert context["large_arrears"] and context["referral"] is None
    settings.REFERRALS_LARGE_ARREARS_PENCE = 100_000
    assert referral_tile_context(user=user, tenancies=summaries) is None


def test_the_tile_shows_an_open_referral(client, household, settings):
    user, tenancy = household
    settings.REFERRALS_LARGE_ARREARS_PENCE = 10_000_000
    referral = submitted_referral(user=user, tenancy=tenancy)
    tiles = dict(
        (tile.key, data)
        for tile, data in tiles_for(user=user, tenancies=dashboard_for_user(user=user))
    )
    assert tiles["referrals"]["referral"] == referral
    client.force_login(user)
    page = client.get(reverse("portal:dashboard")).content.decode()
    assert reverse("referrals:status", args=[referral.pk]) in page


def test_no_tile_without_arrears_or_referral():
    user, _account = tenant_with_account()
    assert referral_tile_context(user=user, tenancies=dashboard_for_user(user=user)) is None


def test_the_case_panel_lists_referrals_and_consent(household, officer):
    user, tenancy = household
    referral = submitted_referral(user=user, tenancy=tenancy, categories=["core", "health"])
    panels = {
        panel.key: (panel, data)
        for panel, data in case_panels_for(tenancy=tenancy, officer=officer)
    }
    panel, data = panels["referrals"]
    assert data["referrals"] == [referral]
    html = render_to_string(panel.template, {"data": data, "panel": panel})
    assert reverse("referrals:officer", args=[referral.pk]) in html
    assert "includes health" in html and "2026-11-en" in html


def test_the_signpost_uses_the_cms_advice_lines():
    request = RequestFactory().get("/")
    lines = [{"name": "Local Advice Line", "phone": "0100 000 0000", "text": "Our partner."}]
    html = render_to_string(
        "components/advice_signpost.html",
        {"advice_lines": lines, "landlord": {"phone": "0300 123 4567", "opening_hours": "9 to 5"}},
        request=request,
    )
    assert "Local Advice Line" in html and 'href="tel:01000000000"' in html
    assert reverse("referrals:start") in html


def test_the_signpost_has_the_national_lines_by_default(client, household):
    user, _tenancy = household
    client.force_login(user)
    page = client.get(reverse("referrals:start")).content.decode()
    for number in ("0800 144 8848", "0800 138 1111", "0808 808 4000"):
        assert number in page
