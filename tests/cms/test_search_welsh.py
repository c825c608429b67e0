"""/search/ in the reader's language: with Welsh active it looks in the Welsh tree and in the
English advice not translated yet (marked lang="en-gb"), never listing a page and its
translation both; English readers get exactly what they got before."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from wagtail.models import Locale

from cms import demo_content as c
from cms.models import AdvicePage
from tests.cms.helpers import advice_page, home_page

pytestmark = pytest.mark.django_db
COOKIE = settings.LANGUAGE_COOKIE_NAME


@pytest.fixture
def welsh():
    return Locale.objects.get(language_code="cy")


@pytest.fixture
def advice(index, welsh):
    """English advice, one page of it translated into Welsh (wagtail-localize's way: a copy for
    translation under the Welsh home page and advice section, then published)."""
    rent = advice_page(
        index,
        title="Paying your rent",
        slug="paying-your-rent",
        summary="Ways to pay, and what to do if you cannot.",
        body=[c.text("<p>StepChange can help if paying your rent is hard.</p>")],
    )
    space = advice_page(
        index,
        title="Breathing Space",
        slug="breathing-space",
        summary="Time to get debt advice without more charges.",
        body=[c.text("<p>Breathing Space pauses most debt recovery.</p>")],
    )
    for source in (home_page(), index):
        source.copy_for_translation(welsh).save_revision().publish()
    rent_cy = translate(rent, welsh, title="Talu eich rhent", text="Gall StepChange helpu.")
    return {"rent": rent, "space": space, "rent_cy": rent_cy}


def translate(page: AdvicePage, locale: Locale, *, title: str, text: str, publish: bool = True):
    copy = page.copy_for_translation(locale)
    copy.title = copy.draft_title = title
    copy.summary = f"{title}: crynodeb."
    copy.body = c._with_ids([c.text(f"<p>{text}</p>")])
    revision = copy.save_revision()
    if publish:
        revision.publish()
    return AdvicePage.objects.get(pk=copy.pk)


def results(client, query: str) -> list[tuple[str, str | None, str]]:
    """(title, lang of the result, address) for each result, in order."""
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    return [
        (item.select_one("h2 a").text, item.get("lang"), item.select_one("h2 a")["href"])
        for item in soup.select(".portal-advice-list__item")
    ]


def test_welsh_search_finds_welsh_advice_at_the_shared_address(welsh_client, advice):
    found = results(welsh_client, "rhent")
    assert found == [("Talu eich rhent", None, "/advice/paying-your-rent/")]
    page = welsh_client.get(found[0][2]).content.decode()
    assert "Talu eich rhent</h1>" in page


def test_welsh_search_finds_english_advice_not_translated_yet_once_marked_english(
    welsh_client, advice
):
    assert results(welsh_client, "breathing") == [
        ("Breathing Space", "en-gb", "/advice/breathing-space/")
    ]


def test_welsh_search_never_lists_a_page_and_its_translation(welsh_client, advice):
    # "StepChange" is in the English page and in its Welsh translation: only the Welsh is listed.
    assert [title for title, _, _ in results(welsh_client, "StepChange")] == ["Talu eich rhent"]
    # Words only the English page has do not bring it back: at its address a Welsh reader gets
    # the Welsh page.
    assert results(welsh_client, "paying") == []
    # Words in both a translated and an untranslated page: each page once.
    advice_page(
        advice["rent"].get_parent().specific,
        title="Debt recovery",
        slug="debt-recovery",
        body=[c.text("<p>StepChange and others give free advice.</p>")],
    )
    titles = [title for title, _, _ in results(welsh_client, "StepChange")]
    assert sorted(titles) == ["Debt recovery", "Talu eich rhent"]


def test_a_welsh_translation_still_in_draft_leaves_the_english_page_in_welsh_results(
    welsh_client, advice, welsh
):
    translate(advice["space"], welsh, title="Lle i Anadlu", text="Seibiant.", publish=False)
    assert results(welsh_client, "breathing") == [
        ("Breathing Space", "en-gb", "/advice/breathing-space/")
    ]
    assert results(welsh_client, "anadlu") == []


def test_english_search_is_unchanged_by_welsh_pages(client, advice):
    assert results(client, "StepChange") == [
        ("Paying your rent", None, "/advice/paying-your-rent/")
    ]
    assert results(client, "rhent") == []
    assert results(client, "breathing") == [("Breathing Space", None, "/advice/breathing-space/")]
    html = client.get("/search/", {"q": "rent"}).content.decode()
    assert 'lang="en-gb"' not in html


def test_welsh_search_breadcrumbs_start_at_the_welsh_home_page(welsh_client, advice):
    soup = BeautifulSoup(welsh_client.get("/search/", {"q": "rhent"}).content, "html.parser")
    crumbs = [a.text.strip() for a in soup.select(".govuk-breadcrumbs a")]
    assert crumbs[0] == home_page().get_translation(Locale.objects.get(language_code="cy")).title


def test_welsh_search_without_a_welsh_home_page_is_the_english_search(welsh_client, index):
    advice_page(index, title="Breathing Space", slug="breathing-space")
    assert results(welsh_client, "breathing") == [
        ("Breathing Space", None, "/advice/breathing-space/")
    ]
