"""How the database connection is configured (config/settings/base.py)."""

from __future__ import annotations

import pytest

from config.settings.base import with_prepared_statements

POSTGRES = "django.db.backends.postgresql"


def test_postgresql_may_prepare_only_what_asks_to_be_prepared(monkeypatch):
    monkeypatch.delenv("DATABASE_PREPARED_STATEMENTS", raising=False)
    database = with_prepared_statements({"ENGINE": POSTGRES, "OPTIONS": {"sslmode": "require"}})
    # psycopg prepares a statement run this many times: never, in practice. Only `prepare=True`.
    assert database["OPTIONS"] == {"sslmode": "require", "prepare_threshold": 2**31 - 1}


@pytest.mark.parametrize("value", ["false", "0", "off"])
def test_preparing_can_be_turned_off_for_a_connection_pooler(monkeypatch, value):
    monkeypatch.setenv("DATABASE_PREPARED_STATEMENTS", value)
    database = with_prepared_statements({"ENGINE": POSTGRES})
    assert "prepare_threshold" not in database.get("OPTIONS", {})


def test_sqlite_is_left_alone(monkeypatch):
    monkeypatch.delenv("DATABASE_PREPARED_STATEMENTS", raising=False)
    database = {"ENGINE": "django.db.backends.sqlite3", "NAME": "db.sqlite3"}
    assert with_prepared_statements(dict(database)) == database
