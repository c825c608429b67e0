"""Fixtures shared with other suites: the browser (Debian's Chromium through Playwright) and
the URL walk's two tenants."""

import pytest

from tests.browser.conftest import browser, signed_in_page  # noqa: F401 - fixtures
from tests.test_url_access import two_tenants  # noqa: F401 - the URL walk's fixture


@pytest.fixture
def site_tree(transactional_db):
    """Browser tests run with transaction=True: put the Wagtail site and home page back."""
    from tests.cms.helpers import ensure_site

    ensure_site()
