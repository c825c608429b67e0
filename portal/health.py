"""What /healthz/ reports: can this process reach its database, cache and broker?"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.cache import cache
from django.db import connection

logger = logging.getLogger(__name__)


def _database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def _cache() -> str:
    cache.set("healthz", "1", timeout=10)
    return "ok" if cache.get("healthz") == "1" else "error"


def _broker() -> str:
    if not settings.CELERY_BROKER_URL:
        return "ok"  # no broker: tasks run inline
    from config.celery import app

    # The URL from settings, not the app's cached configuration, so a changed broker is seen.
    with app.connection_for_write(url=settings.CELERY_BROKER_URL) as conn:
        conn.ensure_connection(max_retries=1, timeout=2)
    return "ok"


def health_report() -> dict:
    checks = {}
    for name, check in (("database", _database), ("cache", _cache), ("broker", _broker)):
        try:
            checks[name] = check()
        except Exception:  # a health check reports failure instead of raising
            logger.exception("health check failed: %s", name)
            checks[name] = "error"
    return {
        "checks": checks,
        "broker": "configured" if settings.CELERY_BROKER_URL else "inline",
    }
