"""Welsh Wagtail pages: the Welsh home page, routing by the language cookie, and English pages
shown to Welsh readers (marked as English) until they are translated."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.core.management import call_command
from wagtail.models import Locale, Page, WorkflowPage

from cms.demo_content import HOME_TOOLS, WELSH_HOME, WELSH_TOOLS
from cms.models import AdvicePage, HomePage
from tests.cms.helpers import advice_index, advice_page, home_page

pytestmark = pytest.mark.django_db
COOKIE = settings.LANGUAGE_COOKIE_NAME


def welsh_home() -> HomePage:
    return HomePage.objects.get(locale__language_code="cy")


def test_the_welsh_locale_exists_beside_english():
    assert set(Locale.objects.values_list("language_code", flat=True)) == {"en-gb", "cy"}
    assert settings.WAGTAIL_I18N_ENABLED


def test_seed_content_makes_a_welsh_translation_of_the_home_page_once():
    call_command("seed_content")
    english, welsh = home_page(), welsh_home()
    assert welsh.translation_key == english.translation_key
    assert welsh.get_parent().pk == english.get_parent().pk  # a sibling under the tree root
    assert welsh.live and welsh.title == WELSH_HOME["title"] == "Eich cyfrif rhent"
    assert [block.value["tool"] for block in welsh.tools] == HOME_TOOLS
    assert [block.value["title"] for block in welsh.tools] == [
        WELSH_TOOLS[key][0] for key in HOME_TOOLS
    ]
    pages = Page.objects.count()
    call_command("seed_content")
    assert Page.objects.count() == pages
    assert HomePage.objects.filter(locale__language_code="cy").count() == 1


def test_the_welsh_home_page_gets_the_review_workflow_of_the_english_one():
    call_command("seed_content")
    english = WorkflowPage.objects.get(page=home_page())
    assert WorkflowPage.objects.get(page=welsh_home()).workflow_id == english.workflow_id


def test_editors_cannot_add_a_second_home_page_by_hand():
    assert not HomePage.can_create_at(Page.get_first_root_node())


def test_the_home_page_follows_the_language_cookie(client):
    call_command("seed_content")
    english = client.get("/").content.decode()
    assert '<html lang="en-GB"' in english and "Your rent account</h1>" in english
    client.cookies[COOKIE] = "cy"
    welsh = client.get("/").content.decode()
    assert '<html lang="cy"' in welsh
    assert '<h1 class="govuk-heading-xl">Eich cyfrif rhent</h1>' in welsh
    assert "Beth allwch chi ei wneud" in welsh  # "What you can do"
    assert ">Talu eich rhent</a>" in welsh  # a tool, in Welsh
    assert "Chwilio’r cyngor" in welsh  # the search box's label
    assert "Pay your rent" not in welsh


def test_a_welsh_reader_gets_english_advice_marked_as_english_until_it_is_translated(client):
    call_command("seed_content")
    page = AdvicePage.objects.live().first()
    client.cookies[COOKIE] = "cy"
    response = client.get(page.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="cy"' in html
    assert re.search(r'<div lang="en-gb">\s*<h1 class="govuk-heading-xl">', html)
    assert "Adolygwyd y dudalen ddiwethaf" in html  # the layout around it is Welsh
    # Its related pages are English too, and the links say so.
    related = r'<a class="govuk-link" href="/advice/[^"]+" lang="en-gb" hreflang="en-gb">'
    assert re.search(related, html)
    # The Welsh home lists the English advice, marked as English.
    home = client.get("/").content.decode()
    assert re.search(r'<section [^>]*aria-labelledby="advice-heading" lang="en-gb">', home)


def test_a_welsh_reader_still_gets_404_for_a_page_that_does_not_exist(client):
    call_command("seed_content")
    client.cookies[COOKIE] = "cy"
    assert client.get("/advice/no-such-page/").status_code == 404


def test_english_readers_see_no_language_marks_on_english_pages(client):
    page = advice_page(advice_index(), title="Paying by phone")
    html = client.get(page.url).content.decode()
    assert 'lang="en-gb"' not in html
