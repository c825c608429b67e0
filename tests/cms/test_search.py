"""/search/ finds advice with Wagtail search (the database backend; PostgreSQL full text in
production)."""

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.db import connection

from cms.demo_content import seed_content
from tests.cms.helpers import advice_page

pytestmark = pytest.mark.django_db


def result_titles(response):
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    return [a.text for a in soup.select(".portal-advice-list h2 a")]


def test_search_finds_a_seeded_advice_page(client):
    seed_content()
    titles = result_titles(client.get("/search/", {"q": "breathing space"}))
    assert titles[0] == "Breathing Space"


def test_search_finds_words_in_the_body_of_a_page(client, index):
    advice_page(
        index,
        title="Direct Debit explained",
        body=[{"type": "rich_text", "value": "<p>The guarantee protects you from mistakes.</p>"}],
    )
    assert result_titles(client.get("/search/", {"q": "guarantee"})) == ["Direct Debit explained"]


def test_search_leaves_out_unpublished_pages(client, index):
    page = advice_page(index, title="Secret draft about bailiffs")
    page.unpublish()
    response = client.get("/search/", {"q": "bailiffs"})
    assert result_titles(response) == []
    assert "No results for “bailiffs”" in response.content.decode()


def test_search_page_without_words_shows_just_the_box(client):
    response = client.get("/search/")
    assert response.status_code == 200
    assert b'name="q"' in response.content
    assert b"result" not in response.content.split(b"<main")[1]


def test_search_survives_odd_input(client, index):
    advice_page(index, title="Rent")
    for query in ("'; DROP TABLE", "a" * 5000, "\u202e", "rent&page=999", "(((("):
        assert client.get("/search/", {"q": query, "page": "x"}).status_code == 200


def test_search_backend_follows_the_database_engine():
    backend = settings.WAGTAILSEARCH_BACKENDS["default"]
    assert backend["BACKEND"] == "wagtail.search.backends.database"
    if connection.vendor == "postgresql":
        assert backend["SEARCH_CONFIG"] == "english"
    else:
        assert "SEARCH_CONFIG" not in backend


@pytest.mark.postgres
def test_postgres_search_stems_english_words(client, index):
    advice_page(
        index,
        title="Ways to pay",
        body=[{"type": "rich_text", "value": "<p>Paying by card is quick.</p>"}],
    )
    assert result_titles(client.get("/search/", {"q": "pays"})) == ["Ways to pay"]
