import os
import shutil

import pytest
from django.conf import settings

from tests.factories import UserFactory, add_to_group

IN_CI = os.environ.get("CI") == "true"


def pytest_collection_modifyitems(config, items):
    """Tests marked `postgres` need PostgreSQL. Locally they skip on SQLite; in CI they must run."""
    from django.db import connection

    if connection.vendor == "postgresql":
        return
    for item in items:
        if "postgres" in item.keywords:
            if IN_CI:
                raise pytest.UsageError(
                    "CI=true but the database is not PostgreSQL: set DATABASE_URL"
                )
            item.add_marker(pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL)"))


@pytest.fixture(autouse=True)
def _each_test_starts_in_english():
    """A request read in Welsh leaves Welsh active in the thread (Django's LocaleMiddleware does
    not switch it back), which would otherwise leak into whichever test runs next."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


def give_totp(user):
    """Turn MFA on for a user, as if they had enrolled an authenticator app."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


@pytest.fixture
def tenant(db):
    return UserFactory()


@pytest.fixture
def officer(db):
    user = add_to_group(UserFactory(), settings.INCOME_OFFICER_GROUP)
    give_totp(user)
    return user


@pytest.fixture
def officer_without_mfa(db):
    return add_to_group(UserFactory(), settings.INCOME_OFFICER_GROUP)


@pytest.fixture
def editor(db):
    user = add_to_group(UserFactory(is_staff=True), settings.EDITOR_GROUP)
    give_totp(user)
    return user


# --- Browser tests: Debian's Chromium driven by Playwright ------------------------------------
# Never a downloaded browser: Chromium comes from Debian (`apt-get install chromium`), and
# .ci/run installs it when missing. Defined here, once, because Playwright's sync API allows one
# instance per thread and browser tests live in several folders.

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
