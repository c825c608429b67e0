"""The home page, an advice page using every block, the advice section and search pass axe-core
(no serious or critical violations) and reflow at 320px without scrolling sideways."""

import pytest

from cms.demo_content import seed_content
from tests.browser.axe import WIDTHS, assert_accessible
from tests.cms.helpers import advice_index, advice_page, ensure_site, every_block, make_image

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def site_with_content():
    """The page tree comes from the migrations, but a transactional test before this one may
    have flushed it away: rebuild it if need be, then add the demo content."""
    ensure_site()
    seed_content()


@pytest.fixture
def every_block_page(site_with_content):
    index = advice_index()
    target = index.get_children().live().first()
    return advice_page(
        index,
        title="Every block",
        body=every_block(make_image(), link_to=target),
        tools=["balance", "pay"],
        related=[target],
    )


@pytest.mark.parametrize("width", WIDTHS)
def test_home_and_advice_pages(signed_in_page, live_server, every_block_page, width):
    page = signed_in_page(width=width)
    for path in ("/", every_block_page.url, "/advice/", "/advice/ways-to-pay/"):
        page.goto(live_server.url + path)
        assert page.locator("h1").count() == 1, path
        assert_accessible(page, f"{path} at {width}px", one_h1=False)


@pytest.mark.parametrize("width", WIDTHS)
def test_every_block_page_with_its_accordion_opened(
    signed_in_page, live_server, every_block_page, width
):
    page = signed_in_page(width=width)
    page.goto(live_server.url + every_block_page.url)
    page.locator(".govuk-accordion__section-button").first.click()
    page.locator(".govuk-details__summary").first.click()
    assert page.locator(".govuk-accordion__section--expanded").count() == 1
    assert_accessible(page, f"every block, opened, at {width}px", one_h1=False)


@pytest.mark.parametrize("width", WIDTHS)
def test_search_results_and_no_results(signed_in_page, live_server, width):
    page = signed_in_page(width=width)
    for query in ("rent", "zzzzzz"):
        page.goto(f"{live_server.url}/search/?q={query}")
        assert_accessible(page, f"search {query} at {width}px", one_h1=False)
