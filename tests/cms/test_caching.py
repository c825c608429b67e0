"""The home page and advice pages are cached per site, language and page version, and run a
fixed number of queries however much they hold."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms import demo_content as c
from cms.caching import new_content_generation
from tests.cms.helpers import advice_page, every_block, home_page, make_image

pytestmark = pytest.mark.django_db

ADVICE_PAGE_MAX_QUERIES = 10  # site, routing (2 per level), restrictions, settings
HOME_PAGE_MAX_QUERIES = 6


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def first_visit(client, url):
    new_content_generation()  # no page fragment or settings left from earlier visits
    return queries(client, url)


def test_advice_pages_run_a_fixed_number_of_queries(client, index, django_assert_max_num_queries):
    others = [advice_page(index, title=f"Other {n}") for n in range(8)]
    small = advice_page(index, title="Small", related=others[:1], tools=["balance"])
    plain_blocks = [block for block in every_block(make_image()) if block["type"] != "image"]
    big = advice_page(
        index,
        title="Big",
        body=plain_blocks * 3,
        related=others,
        tools=["balance", "pay", "direct_debit", "budget"],
    )
    client.get(index.url)  # warm Django's own caches (content types, site root paths)
    # First visits render everything: still the same count, however many blocks and links.
    # (A new generation before each: the settings are cached per generation too.)
    assert first_visit(client, small.url) == first_visit(client, big.url)
    # Later visits come from the cache.
    with django_assert_max_num_queries(ADVICE_PAGE_MAX_QUERIES):
        client.get(big.url)
    client.get(small.url)  # its fragment too, in this generation
    assert queries(client, small.url) == queries(client, big.url)


def test_a_page_using_every_block_is_served_from_the_cache(
    client, index, django_assert_max_num_queries
):
    target = advice_page(index, title="Target")
    page = advice_page(index, title="Every block", body=every_block(make_image(), link_to=target))
    first = client.get(page.url).content
    with django_assert_max_num_queries(ADVICE_PAGE_MAX_QUERIES):
        again = client.get(page.url).content
    assert again == first


def test_home_page_runs_a_fixed_number_of_queries(client, index, django_assert_max_num_queries):
    home = home_page()
    home.tools = c._with_ids([c.tool("balance"), c.tool("pay")])
    home.save_revision().publish()
    advice_page(index, title="One")
    client.get("/")  # warm Django's own caches (content types, site root paths)
    new_content_generation()  # but not the page fragment
    cold_few = queries(client, "/")
    for n in range(10):
        advice_page(index, title=f"More {n}")
    assert queries(client, "/") == cold_few  # publishing started a new generation: cold again
    with django_assert_max_num_queries(HOME_PAGE_MAX_QUERIES):
        client.get("/")


def test_publishing_a_related_page_refreshes_pages_that_show_it(client, index):
    other = advice_page(index, title="Priority debts")
    page = advice_page(index, title="Breathing Space", related=[other])
    assert "Priority debts" in client.get(page.url).content.decode()
    other.title = "Which debts to pay first"
    other.save_revision().publish()
    assert "Which debts to pay first" in client.get(page.url).content.decode()


def test_changing_the_site_settings_refreshes_cached_pages(client, index):
    from wagtail.models import Site

    from cms.models import PortalSettings

    page = advice_page(index, title="Rent", body=[c.contact("landlord")])
    client.get(page.url)
    PortalSettings.objects.create(
        site=Site.objects.get(is_default_site=True), phone="0161 000 0000"
    )
    assert "0161 000 0000" in client.get(page.url).content.decode()


def test_the_user_part_of_the_layout_is_never_cached(client, tenant, index):
    page = advice_page(index, title="Rent")
    assert "Sign in" in client.get(page.url).content.decode()
    client.force_login(tenant)
    html = client.get(page.url).content.decode()
    assert "Sign out" in html
