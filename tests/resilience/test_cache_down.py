"""Check 29, Redis down: the cache (portal/cache.py) treats Redis being unreachable as a miss,
so tenant pages still render balances from PostgreSQL; sessions are in the database; the health
check still says the cache is down; when Redis returns the cache is used again."""

from __future__ import annotations

import datetime as dt
import os
import time

import environ
import pytest
import redis
from django.core.cache import cache, caches
from django.urls import reverse

from cms.caching import content_generation
from portal import cache as cache_module
from portal.cache import FailureTolerantRedisCache
from tests.factories import LedgerEntryFactory, tenant_with_account

pytestmark = pytest.mark.django_db

DOWN_URL = "redis://127.0.0.1:1/6"  # nothing listens on port 1
REDIS_URL = os.environ.get("RESILIENCE_REDIS_URL", "redis://127.0.0.1:6379/6")


def cache_settings(url: str, **options) -> dict:
    config = environ.Env.cache_url_config(url)
    config.setdefault("OPTIONS", {}).update(options)
    return {"default": config}


@pytest.fixture(autouse=True)
def fresh_breaker():
    """Each test starts with Redis presumed up (the breaker is shared by the process)."""
    cache_module._down_until.clear()
    yield
    cache_module._down_until.clear()


@pytest.fixture
def redis_down(settings):
    settings.CACHES = cache_settings(DOWN_URL)
    yield
    caches["default"].close()


def test_a_redis_cache_url_gets_the_failure_tolerant_backend():
    assert environ.Env.cache_url_config(DOWN_URL)["BACKEND"] == (
        "portal.cache.FailureTolerantRedisCache"
    )
    assert environ.Env.cache_url_config("rediss://cache.example:6380/1")["BACKEND"] == (
        "portal.cache.FailureTolerantRedisCache"
    )


def test_sessions_do_not_live_in_the_cache(settings):
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"


def test_with_redis_down_the_dashboard_and_statement_show_balances(client, redis_down):
    assert isinstance(cache, FailureTolerantRedisCache) or isinstance(
        caches["default"], FailureTolerantRedisCache
    )
    user, account = tenant_with_account()
    LedgerEntryFactory(account=account, amount_pence=19000, posted_on=dt.date(2026, 11, 2))
    LedgerEntryFactory(
        account=account, amount_pence=-5000, kind="payment", posted_on=dt.date(2026, 11, 3)
    )
    client.force_login(user)  # the session is written to PostgreSQL, not Redis
    began = time.perf_counter()
    dashboard = client.get(reverse("portal:dashboard"))
    statement = client.get(reverse("portal:statement", args=[account.reference]))
    took = time.perf_counter() - began
    assert dashboard.status_code == 200
    assert "£140.00" in dashboard.content.decode()
    assert statement.status_code == 200
    assert "£140.00" in statement.content.decode()
    assert client.get(reverse("portal:my_data")).status_code == 200
    assert took < 10  # no request waits on a dead Redis for long


def test_with_redis_down_the_cms_content_generation_still_answers(redis_down):
    assert content_generation() == "unknown"


def test_with_redis_down_the_health_check_says_so(client, redis_down):
    response = client.get("/healthz/")
    assert response.status_code == 503
    assert response.json()["checks"]["cache"] == "error"
    assert response.json()["checks"]["database"] == "ok"


def test_every_cache_operation_degrades_to_a_miss(redis_down):
    down = caches["default"]
    assert down.get("k") is None
    assert down.get("k", "fallback") == "fallback"
    assert down.set("k", 1) is None
    assert down.add("k", 1) is False
    assert down.touch("k") is False
    assert down.delete("k") is False
    assert down.get_many(["a", "b"]) == {}
    assert down.has_key("k") is False
    assert sorted(down.set_many({"a": 1, "b": 2})) == ["a", "b"]
    assert down.delete_many(["a"]) is None
    assert down.clear() is None
    with pytest.raises(ValueError):
        down.incr("k")


def test_after_a_failure_redis_is_left_alone_for_a_while(settings, caplog):
    settings.CACHES = cache_settings(DOWN_URL + "?retry_after=30")
    down = caches["default"]
    tries = []
    real = down._cache.get_client

    def counting(*args, **kwargs):
        tries.append(1)
        return real(*args, **kwargs)

    down._cache.get_client = counting
    for _ in range(20):
        down.get("k")
    assert len(tries) == 1  # one connection attempt, then nineteen instant misses
    assert sum("cache unavailable" in record.getMessage() for record in caplog.records) == 1
    down.close()


def _real_redis():
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.RedisError as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but Redis is not reachable: {exc}")
        pytest.skip(f"needs Redis ({exc})")
    finally:
        client.close()


def test_when_redis_returns_the_cache_is_used_again(settings):
    _real_redis()
    settings.CACHES = cache_settings(REDIS_URL + "?retry_after=0.2&key_prefix=resilience")
    live = caches["default"]
    live.set("greeting", "hello", 30)
    assert live.get("greeting") == "hello"

    pool_client = live._cache.get_client
    live._cache.get_client = lambda *a, **k: (_ for _ in ()).throw(redis.ConnectionError("down"))
    assert live.get("greeting") is None  # Redis "goes down": a miss, not an error
    live._cache.get_client = pool_client  # Redis comes back
    assert live.get("greeting") is None  # still inside the quiet period
    time.sleep(0.3)
    assert live.get("greeting") == "hello"
    live.delete("greeting")
    live.close()


# Signing in while Redis is down: allauth's rate limits fall back to this process's memory.

BASE_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key"}


@pytest.fixture
def redis_down_with_limits(redis_down, settings):
    settings.ACCOUNT_RATE_LIMITS = BASE_RATE_LIMITS
    cache_module._local.clear()
    yield
    cache_module._local.clear()


def test_with_redis_down_a_tenant_can_still_sign_in(client, tenant, redis_down_with_limits):
    from tests.security.helpers import sign_in

    response = sign_in(client, tenant)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(tenant.pk)
    assert client.get(reverse("portal:dashboard")).status_code in (200, 302)


def test_with_redis_down_failed_sign_ins_are_still_limited(client, tenant, redis_down_with_limits):
    from tests.security.helpers import TOO_MANY, sign_in

    for _ in range(5):
        response = sign_in(client, tenant, password="wrong-password-1")
        assert response.status_code == 200
        assert TOO_MANY not in response.content.decode()
    response = sign_in(client, tenant)  # the right password, after five wrong ones
    assert TOO_MANY in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_only_rate_limit_keys_fall_back_to_memory(redis_down_with_limits):
    cache.set("allauth:rl:login_failed:5/300s:abc", [1.0], 60)
    assert cache.get("allauth:rl:login_failed:5/300s:abc") == [1.0]
    assert cache.add("allauth:rl:x:lock", True, 5) is True
    assert cache.add("allauth:rl:x:lock", True, 5) is False  # a real lock, not always "taken"
    cache.set("page-fragment", "stale?", 60)
    assert cache.get("page-fragment") is None  # everything else is a miss while Redis is down


DEGRADED = "Some parts of this service are not working as usual"


def test_with_redis_down_pages_say_the_service_is_degraded(client, redis_down):
    user, account = tenant_with_account()
    client.force_login(user)
    page = client.get(reverse("portal:dashboard")).content.decode()
    assert DEGRADED in page
    assert 'aria-labelledby="service-degraded-title"' in page
    assert "£" in page  # the balances are still there


def test_with_the_cache_working_there_is_no_banner(client):
    user, account = tenant_with_account()
    client.force_login(user)
    assert DEGRADED not in client.get(reverse("portal:dashboard")).content.decode()
