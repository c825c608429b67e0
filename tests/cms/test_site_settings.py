"""Site settings reach every template; empty fields fall back to the Django settings."""

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from cms.context_processors import DEFAULT_ADVICE_LINES
from cms.models import PortalSettings

pytestmark = pytest.mark.django_db


def header_and_footer(client, path="/"):
    soup = BeautifulSoup(client.get(path).content, "html.parser")
    return soup.select_one("header").text, soup.select_one("footer").text


def test_without_settings_the_landlord_comes_from_django_settings(client):
    header, footer = header_and_footer(client)
    assert settings.LANDLORD_NAME in header
    assert settings.LANDLORD_PHONE in footer


def test_settings_editors_fill_in_replace_the_defaults_and_gaps_fall_back(client):
    PortalSettings.objects.create(
        site=Site.objects.get(is_default_site=True),
        landlord_name="Canal Side Housing",
        phone="0161 496 0000",
    )
    header, footer = header_and_footer(client)
    assert "Canal Side Housing" in header
    assert "0161 496 0000" in footer
    assert settings.LANDLORD_OPENING_HOURS in footer  # left empty: the server's value


def test_every_page_gets_the_settings_not_only_wagtail_pages(client):
    PortalSettings.objects.create(
        site=Site.objects.get(is_default_site=True), landlord_name="Canal Side Housing"
    )
    header, _ = header_and_footer(client, "/accounts/login/")
    assert "Canal Side Housing" in header


def test_context_offers_advice_lines_other_ways_to_pay_footer_links_and_phase(rf):
    from cms.context_processors import site_content

    request = rf.get("/")
    context = site_content(request)
    assert [line["phone"] for line in context["advice_lines"]] == [
        "0800 144 8848",
        "0800 138 1111",
        "0808 808 4000",
    ]
    assert list(context["other_ways_to_pay"]) == list(settings.PAYMENTS_OTHER_WAYS_TO_PAY)
    assert list(context["footer_links"]) == []
    assert context["phase_banner"]["tag"] == "Beta"


def test_editors_can_turn_the_phase_banner_off_and_set_their_own_lists(rf):
    from cms import demo_content as c
    from cms.context_processors import site_content

    PortalSettings.objects.create(
        site=Site.objects.get(is_default_site=True),
        phase_tag="",
        footer_links=c._with_ids([{"type": "link", "value": {"text": "Privacy", "url": "/p/"}}]),
    )
    context = site_content(rf.get("/"))
    assert not context["phase_banner"]
    assert [link["text"] for link in context["footer_links"]] == ["Privacy"]
    assert len(context["advice_lines"]) == len(DEFAULT_ADVICE_LINES)


def test_reading_the_settings_is_one_query_and_never_writes(client):
    with CaptureQueriesContext(connection) as captured:
        client.get("/accounts/login/")
    settings_queries = [q["sql"] for q in captured if "cms_portalsettings" in q["sql"]]
    assert len(settings_queries) == 1
    assert settings_queries[0].lstrip().upper().startswith("SELECT")
    assert not PortalSettings.objects.exists()
