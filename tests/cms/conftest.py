import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def fresh_cache():
    """Cached page fragments must not leak from one test to the next (or to other apps' tests)."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def index(db):
    from tests.cms.helpers import advice_index

    return advice_index()


@pytest.fixture
def welsh_client():
    """A browser that has chosen Welsh (the language cookie)."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    return client
