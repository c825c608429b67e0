"""Browser tests: Debian's Chromium driven by Playwright, with axe-core for accessibility.

Never a downloaded browser: Chromium comes from Debian (`apt-get install chromium`), and
.ci/run installs it when missing.
"""

import os
import shutil

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Chromium's background services try to reach the internet; this machine has none.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Playwright's sync API runs an event loop in this thread; the test's own ORM calls are safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI") == "true":
            pytest.fail("Chromium is missing: .ci/run should have installed Debian's chromium")
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def signed_in_page(browser, live_server, client):
    """A page factory: `signed_in_page(user, width)` opens a context signed in as `user`."""
    contexts = []

    def open_page(user=None, width=1280):
        context = browser.new_context(viewport={"width": width, "height": 900})
        contexts.append(context)
        if user is not None:
            client.force_login(user)
            context.add_cookies(
                [
                    {
                        "name": "sessionid",
                        "value": client.cookies["sessionid"].value,
                        "url": live_server.url,
                    }
                ]
            )
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture(autouse=True)
def _site_tree(transactional_db):
    """Browser tests run with transaction=True, and each one's flush empties every table,
    migration-made rows included: put the Wagtail site and home page back first."""
    from tests.cms.helpers import ensure_site

    ensure_site()
