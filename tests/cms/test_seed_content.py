"""seed_content: the demo advice, created once; running it again changes nothing."""

import pytest
from django.core.management import call_command
from wagtail.models import Page, Revision

from cms.demo_content import ADVICE
from cms.models import AdvicePage, HomePage, PortalSettings
from tests.cms.helpers import home_page

pytestmark = pytest.mark.django_db


def snapshot():
    settings_row = PortalSettings.objects.get()
    return {
        "pages": sorted(Page.objects.values_list("id", "title", "live", "latest_revision_id")),
        "revisions": Revision.objects.count(),
        "settings": (
            list(settings_row.advice_lines.raw_data),
            list(settings_row.other_ways_to_pay.raw_data),
            list(settings_row.footer_links.raw_data),
        ),
    }


def test_seed_content_twice_changes_nothing(capsys):
    call_command("seed_content")
    first = snapshot()
    call_command("seed_content")
    assert snapshot() == first
    assert "nothing changed" in capsys.readouterr().out


def test_seed_content_makes_at_least_ten_published_advice_pages_with_real_content():
    call_command("seed_content")
    pages = AdvicePage.objects.live()
    assert pages.count() == len(ADVICE) >= 10
    for page in pages:
        assert page.summary
        assert "Being written" not in str(page.body.raw_data), page.title
        assert page.related_tools, page.title
        assert page.related_pages.exists(), page.title
        assert len(page.summary) <= 300
    home = home_page()
    assert isinstance(home, HomePage)
    assert [block.value["tool"] for block in home.tools][:3] == ["balance", "pay", "direct_debit"]


def test_seed_content_never_overwrites_what_editors_wrote():
    call_command("seed_content")
    page = AdvicePage.objects.get(slug="breathing-space")
    page.title = "Breathing Space (edited)"
    page.save_revision().publish()
    call_command("seed_content")
    page.refresh_from_db()
    assert page.title == "Breathing Space (edited)"


def test_every_seeded_page_renders(client):
    call_command("seed_content")
    for page in AdvicePage.objects.live():
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        assert "crown" not in response.content.decode().lower()
