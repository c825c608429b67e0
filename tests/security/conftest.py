"""Fixtures shared with other suites: the URL walk's two tenants (the browser fixtures are in
tests/conftest.py)."""

import pytest

from tests.test_url_access import two_tenants  # noqa: F401 - the URL walk's fixture


@pytest.fixture
def site_tree(transactional_db):
    """Browser tests run with transaction=True: put the Wagtail site and home page back."""
    from tests.cms.helpers import ensure_site

    ensure_site()
