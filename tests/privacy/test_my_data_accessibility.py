"""The "Your data" page passes axe-core (no serious or critical violations) and reflows at
320px without sideways scrolling, with a fully populated tenant (tables and summary cards)."""

import pytest
from django.urls import reverse

from tests.browser.axe import WIDTHS, assert_accessible
from tests.browser.conftest import _site_tree  # noqa: F401 (fixture)
from tests.privacy.factories import populated_tenant

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", WIDTHS)
def test_the_your_data_page_is_accessible_and_reflows(signed_in_page, live_server, width):  # noqa: F811
    mine = populated_tenant()
    page = signed_in_page(mine.user, width=width)
    page.goto(live_server.url + reverse("portal:my_data"))
    assert page.locator("h1").count() == 1
    assert mine.marker in page.content()
    assert_accessible(page, f"my data at {width}px", one_h1=False)
    # The contents list links to every section.
    page.locator("#main-content ul.govuk-list a").first.click()
    assert_accessible(page, f"my data, first section, at {width}px", one_h1=False)
