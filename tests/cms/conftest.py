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
