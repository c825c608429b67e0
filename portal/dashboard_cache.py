"""The tenant dashboard, kept whole in the cache for as long as nothing it shows has changed.

The dashboard is the page tenants open most, and nearly every visit shows exactly what the last
one did. Rendering it costs a dozen queries and a large template; serving it from the cache
costs one query and a cache read. It must never show a stale balance, so the cache key holds a
fingerprint of every row the page is drawn from, read from PostgreSQL on every request:

- for each table the page reads (the accounts, the ledger, the memberships, and the tables each
  tile declares in `Tile.reads`), the number of the tenant's rows and the sum of their `xmin`,
  the id of the transaction that last wrote each row. Any insert, update or delete, by the ORM,
  a queryset `update()` or the importer's raw SQL, changes one or the other;
- today's date (arrears and next charges are worked out from it), the language, and hashes of
  the code, templates, translations and settings (a deploy or a configuration change starts
  afresh).

Stored with the page are the versions it was made under: the logins' groups version (the
header's officer link) and each cache key in `settings.DASHBOARD_CACHE_VERSION_KEYS` (the CMS's
content generation: site settings, the footer). They are read in the same round trip as the
page, and a page made under other versions is not used.

What changes with the clock alone within a day (a payment stops being "pending" after 14 days)
shows within `DASHBOARD_CACHE_SECONDS` (10 minutes), the longest a page is kept.

Per-request values are not cached: the CSRF token and the session clock are put back into the
stored page on every hit. A request with a query string, with flash messages waiting, or while
the cache is failing is rendered as usual. Only PostgreSQL has `xmin`: elsewhere (SQLite in
development) the page is always rendered.

`tests/portal/test_dashboard_cache.py` checks that every table a tile reads is declared, and
that each kind of change shows at once.
"""

from __future__ import annotations

import hashlib
import os
import re
from functools import cache as once
from pathlib import Path

import psycopg
from django.apps import apps
from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone, translation

from .cache import cache_degraded
from .context_processors import GROUPS_VERSION_KEY
from .tiles import all_tiles

KEY_PREFIX = "dashboard:v1:"
# What the dashboard itself reads, before any tile: (model, path to the tenancy or the login).
DASHBOARD_READS = (
    ("portal.TenancyMember", "user"),
    ("portal.Tenancy", "pk"),
    ("portal.Account", "tenancy"),
    ("portal.LedgerEntry", "account__tenancy"),
)
# The sum of the rows' xmin, without turning each xid into text and back (PostgreSQL has no
# cast from xid to a number; that round trip was most of the cost of the ledger's sum). age(xmin)
# is `now - xmin` for a `now` fixed within the statement, so count * (now - 3) - sum(now -
# xmin) is sum(xmin) - 3 * count: the same whenever the rows are, whatever `now` is. (Both
# wrap at 2**31, which at worst changes the key once, a cache miss, never a stale page.)
_XMIN_SUM = "count(*) * age('3'::xid)::bigint - coalesce(sum(age(xmin)), 0)"
_CSRF_VALUE = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*(")')
_SECONDS_LEFT = re.compile(rb'(data-seconds-left=")[^"]*(")')
_CSRF_MARK = b"\x00csrf\x00"
_SECONDS_MARK = b"\x00seconds\x00"


def enabled() -> bool:
    return connection.vendor == "postgresql" and settings.DASHBOARD_CACHE_SECONDS > 0


def dashboard_response(request, render_page) -> HttpResponse:
    """The dashboard for `request`: from the cache when nothing on it has changed, otherwise
    `render_page()`, stored for next time. `render_page` returns the rendered response."""
    if not enabled() or request.GET or len(get_messages(request)) or cache_degraded():
        return render_page()
    key = _key(request)
    version_keys = [GROUPS_VERSION_KEY, *settings.DASHBOARD_CACHE_VERSION_KEYS]
    # One round trip: the stored page and the versions it must have been made under.
    found = cache.get_many([key, *version_keys])
    versions = tuple(found.get(name) for name in version_keys)
    stored = found.get(key)
    if stored is not None and stored[0] == versions and None not in versions:
        return HttpResponse(_fill(stored[1], request), content_type="text/html; charset=utf-8")
    response = render_page()
    if response.status_code == 200 and not response.streaming and not cache_degraded():
        # Read again after rendering, which makes any version that was missing. A write that
        # landed while the page was rendered changes the key: then the page is not stored, as
        # it might show rows the key's fingerprint does not (a row added, then deleted again).
        versions = tuple(cache.get_many(version_keys).get(name) for name in version_keys)
        if None not in versions and _key(request) == key:
            page = (versions, _blank(response.content))
            cache.set(key, page, settings.DASHBOARD_CACHE_SECONDS)
    return response


def _key(request) -> str:
    user = request.user
    parts = [
        str(user.pk),
        translation.get_language() or "",
        timezone.localdate().isoformat(),
        _code_version(),
        _settings_version(),
        fingerprint(user),
    ]
    return KEY_PREFIX + hashlib.sha256("|".join(parts).encode()).hexdigest()


def fingerprint(user) -> str:
    """Row counts and `xmin` sums of everything the dashboard shows this login: one query."""
    connection.ensure_connection()
    # A server-binding psycopg cursor (Django's binds on the client, which cannot prepare), so
    # the statement is parsed once per connection.
    with psycopg.Cursor(connection.connection) as cursor:
        cursor.execute(_fingerprint_sql(_all_reads()), {"user": user.pk}, prepare=True)
        return ";".join(f"{count}/{total}" for _, count, total in cursor.fetchall())


@once
def _all_reads() -> tuple[tuple[str, str], ...]:
    return tuple(reads())


def reads() -> list[tuple[str, str]]:
    """Every (model, path) the dashboard and its tiles read, without repeats, in order."""
    seen: dict[tuple[str, str], None] = dict.fromkeys(DASHBOARD_READS)
    for tile in all_tiles():
        seen.update(dict.fromkeys(tile.reads))
    return list(seen)


@once
def _fingerprint_sql(pairs: tuple[tuple[str, str], ...]) -> str:
    """One statement, written once a process: a row of (count, xmin sum) per model, in order.

    Hand-written rather than the ORM's joins, as it runs on every visit. The login's
    memberships, and each table a path passes through (the accounts, the budgets), are read
    once, into a CTE holding their ids as an array (which the tables below are compared with,
    `= ANY`) and their own count and xmin sum (so a model that is both read and passed through
    is scanned once)."""
    # Every name below comes from model metadata, never from a request: hence the noqa S608s.
    ctes = {
        _cte_name(apps.get_model("portal.TenancyMember"), "user"): (
            "SELECT coalesce(array_agg(tenancy_id), '{}') AS ids, count(*) AS rows, "  # noqa: S608
            f"{_XMIN_SUM} AS xmins "
            "FROM portal_tenancymember WHERE user_id = %(user)s"
        )
    }
    conditions = [_scope_condition(apps.get_model(label), path, ctes) for label, path in pairs]
    branches = []
    for order, ((label, path), condition) in enumerate(zip(pairs, conditions, strict=True)):
        model = apps.get_model(label)
        cte = _cte_name(model, path)
        if cte in ctes:
            branches.append(f"SELECT {order} AS n, rows, xmins::text FROM {cte}")  # noqa: S608
        else:
            branches.append(
                f"SELECT {order} AS n, count(*), ({_XMIN_SUM})::text "  # noqa: S608
                f"FROM {_quote(model._meta.db_table)} WHERE {condition}"
            )
    with_clause = ", ".join(f"{name} AS MATERIALIZED ({sql})" for name, sql in ctes.items())
    return (
        f"WITH {with_clause} "  # noqa: S608
        f"SELECT * FROM ({' UNION ALL '.join(branches)}) AS rows_read ORDER BY n"
    )


def _cte_name(model, path: str) -> str:
    return f"rows_{model._meta.db_table}_{path}"


def _scope_condition(model, path: str, ctes: dict[str, str]) -> str:
    """SQL limiting `model`'s rows to this login's: `path` leads, through foreign keys, to the
    login itself or to a tenancy the login is a member of. A table passed through on the way
    becomes a CTE in `ctes` (shared by every path through it)."""
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    tenancy_model = apps.get_model("portal.Tenancy")
    mine = _cte_name(apps.get_model("portal.TenancyMember"), "user")
    in_mine = f"= ANY((SELECT ids FROM {mine})::bigint[])"  # noqa: S608
    if path == "pk":
        if model is user_model:
            return f"{_quote(model._meta.pk.column)} = %(user)s"
        if model is tenancy_model:
            return f"{_quote(model._meta.pk.column)} {in_mine}"
    else:
        name, _, rest = path.partition("__")
        field = model._meta.get_field(name)
        if field.many_to_one and not rest:
            if field.related_model is user_model:
                return f"{_quote(field.column)} = %(user)s"
            if field.related_model is tenancy_model:
                return f"{_quote(field.column)} {in_mine}"
        elif field.many_to_one:
            parent = field.related_model
            cte = _cte_name(parent, rest)
            if cte not in ctes:
                condition = _scope_condition(parent, rest, ctes)
                ctes[cte] = (
                    f"SELECT coalesce(array_agg({_quote(parent._meta.pk.column)}), '{{}}') "  # noqa: S608
                    f"AS ids, count(*) AS rows, {_XMIN_SUM} AS xmins "
                    f"FROM {_quote(parent._meta.db_table)} WHERE {condition}"
                )
            return f"{_quote(field.column)} = ANY((SELECT ids FROM {cte})::bigint[])"  # noqa: S608
    raise ValueError(
        f"{model._meta.label}: {path!r} must lead through foreign keys to the login or to a "
        "tenancy (or be 'pk' on either)"
    )


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def _blank(body: bytes) -> bytes:
    """The page as stored: the per-request values replaced by marks."""
    body = _CSRF_VALUE.sub(rb"\g<1>" + _CSRF_MARK + rb"\g<2>", body)
    return _SECONDS_LEFT.sub(rb"\g<1>" + _SECONDS_MARK + rb"\g<2>", body)


def _fill(body: bytes, request) -> bytes:
    """The stored page with this request's CSRF token and session clock put back."""
    clock = getattr(request, "session_clock", None)
    seconds = str(getattr(clock, "seconds_left", "")).encode()
    return body.replace(_CSRF_MARK, get_token(request).encode()).replace(_SECONDS_MARK, seconds)


@once
def _code_version() -> str:
    """A hash of our code, templates, translations and static files, once a process."""
    root = Path(settings.BASE_DIR)
    digest = hashlib.sha256()
    for path in sorted(_source_files(root)):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@once
def _settings_version() -> str:
    """A hash of the settings (plain values only), once a process: a changed landlord name or
    Stripe key shows at once after the restart that applies it."""
    plain = (str, int, float, bool, list, tuple, dict, type(None))
    values = sorted(
        (name, repr(getattr(settings, name)))
        for name in dir(settings)
        if name.isupper() and isinstance(getattr(settings, name), plain)
    )
    return hashlib.sha256(repr(values).encode()).hexdigest()[:16]


_SKIP_DIRS = {"node_modules", "media", "staticfiles", "var", "tests", "bench", "docs"}
_SOURCE_SUFFIXES = {".py", ".html", ".txt", ".mo", ".css", ".js"}


def _source_files(root: Path):
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(".") and d not in _SKIP_DIRS]
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        for name in files:
            if Path(name).suffix in _SOURCE_SUFFIXES:
                yield Path(folder) / name
