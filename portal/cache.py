"""A Redis cache that survives Redis being down: every failure is a cache miss.

Nothing the portal must remember lives only in the cache (sessions, balances, the webhook
inbox are in PostgreSQL), so when Redis is unreachable a page should be slower, never an error.
Django's own RedisCache raises instead. This subclass:

- answers a failed read as a miss (the default), a failed write as "not stored" (False), so
  `{% cache %}` fragments and Wagtail's page cache render from the database;
- uses short socket timeouts (0.5 s unless the URL says otherwise), so a hung Redis costs at
  most that, not the operating system's default;
- after a failure, stops asking Redis for a few seconds (`retry_after`, default 5) in every
  thread of the process, so a dead Redis costs one timeout per process every few seconds
  instead of one per cache call, and logs one warning each time it gives up.

allauth's sign-in rate limits (keys `allauth:rl:...`) must keep counting while Redis is down:
treating them as misses would make allauth refuse every sign-in (its lock is never taken),
locking tenants out of their balances for the whole outage. So those keys alone fall back to a
cache in this process's memory while Redis is down: sign-ins work and are still limited, per
process rather than across the site (so an outage multiplies the allowance by the number of web
processes, a bounded and temporary loosening). Nothing else falls back: other keys are
invalidated by generation counters that must be shared, so for them a miss is the safe answer.

Selected for redis:// and rediss:// cache URLs in config/settings/base.py. See docs/resilience.md.
"""

from __future__ import annotations

import logging
import threading
import time

import redis
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient

logger = logging.getLogger(__name__)

FAILURES = (redis.exceptions.RedisError, OSError)

# location -> monotonic time until which Redis is treated as down (shared by all threads).
_down_until: dict[str, float] = {}
_guard = threading.Lock()

# Keys that must keep working while Redis is down: allauth's rate limits and their locks.
LOCAL_FALLBACK_PREFIX = "allauth:rl:"
# This process's stand-in for those keys (LocMemCache is thread-safe).
_local = LocMemCache("portal-rate-limits-fallback", {"OPTIONS": {"MAX_ENTRIES": 10_000}})


def cache_degraded() -> bool:
    """Whether a Redis cache in this process is being left alone after a failure: the pages
    say so in a banner (reliability check 29), since payments may take longer to show."""
    now = time.monotonic()
    return any(now < until for until in list(_down_until.values()))


class ReusingRedisCacheClient(RedisCacheClient):
    """Django's client makes a new `redis.Redis` for every cache call, which builds its table of
    reply handlers each time (about a tenth of a millisecond). A `redis.Redis` is safe to share
    between threads (each command takes a connection from the pool), so keep one per pool."""

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = getattr(pool, "_portal_client", None)
        if client is None:
            client = pool._portal_client = self._client(connection_pool=pool)
        return client


class FailureTolerantRedisCache(RedisCache):
    def __init__(self, server, params):
        params = dict(params)
        # django-environ upper-cases URL options for backends other than Django's own.
        options = {key.lower(): value for key, value in (params.get("OPTIONS") or {}).items()}
        self.retry_after = float(options.pop("retry_after", 5))
        options.setdefault("socket_connect_timeout", 0.5)
        options.setdefault("socket_timeout", 0.5)
        params["OPTIONS"] = options
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient
        self._location = ",".join(self._servers)

    # --- the breaker ----------------------------------------------------------------------

    def _is_down(self) -> bool:
        until = _down_until.get(self._location)
        return until is not None and time.monotonic() < until

    def _failed(self, operation: str, exc: BaseException) -> None:
        with _guard:
            already_down = self._is_down()
            _down_until[self._location] = time.monotonic() + self.retry_after
        if not already_down:
            logger.warning(
                "cache unavailable (%s: %s); carrying on without it for %ss",
                operation,
                type(exc).__name__,
                self.retry_after,
            )

    def _recovered(self) -> None:
        if self._location in _down_until:
            with _guard:
                _down_until.pop(self._location, None)

    def _call(self, operation: str, fallback, *args, **kwargs):
        if self._is_down():
            return self._fallback(operation, fallback, args)
        try:
            result = getattr(super(), operation)(*args, **kwargs)
        except FAILURES as exc:
            self._failed(operation, exc)
            return self._fallback(operation, fallback, args)
        self._recovered()
        return result

    def _fallback(self, operation: str, fallback, args):
        """What a call gets while Redis is down: a rate-limit key is served from this
        process's memory; anything else gets the miss or "not stored" answer."""
        key = args[0] if args else None
        if isinstance(key, str) and key.startswith(LOCAL_FALLBACK_PREFIX):
            return getattr(_local, operation)(*args)
        return fallback

    # --- the cache API --------------------------------------------------------------------

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", False, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call("get", default, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", None, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", False, key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", False, key, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", {}, keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", False, key, version)

    def incr(self, key, delta=1, version=None):
        missing = object()
        result = self._call("incr", missing, key, delta, version)
        if result is missing:
            raise ValueError(f"Key '{key}' not found")  # as for any key the cache does not hold
        return result

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", list(data), data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", None, keys, version)

    def clear(self):
        return self._call("clear", None)
