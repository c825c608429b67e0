"""Browser tests: Debian's Chromium driven by Playwright, with axe-core for accessibility.

The `browser` and `signed_in_page` fixtures live in tests/conftest.py, so that browser tests in
other folders (security, privacy) share the one Playwright instance a session may have.
"""

import pytest


@pytest.fixture(autouse=True)
def _site_tree(transactional_db):
    """Browser tests run with transaction=True, and each one's flush empties every table,
    migration-made rows included: put the Wagtail site and home page back first."""
    from tests.cms.helpers import ensure_site

    ensure_site()
