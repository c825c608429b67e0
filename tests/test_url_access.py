"""Walks every URL pattern the site has and proves who can reach it.

- Our own routes must each be listed with their audience, in ROUTES here or in an app's
  `tests/<app>/url_audiences.py` (`AUDIENCES`, and `sample_values(*, tenant, account)` giving
  URL arguments that name tenant A's objects). A new route that is not listed fails
  `test_every_route_is_known`, so nobody can add a page without saying who it is for.
- Tenant pages send anonymous visitors to sign in, and a tenant asking for another tenancy's
  object gets 404. GET never writes to the database.
- Everything under the Wagtail and Django admin prefixes (hundreds of third-party routes) is
  requested with sample arguments: anonymous visitors go to sign in, tenants get 404.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern

from tests.audiences import ADMIN, AUTH, OFFICER, PUBLIC, TENANT, TENANT_OBJECT
from tests.factories import tenant_with_account

pytestmark = pytest.mark.django_db


# Our own routes, by name, and who they are for; each app adds its own in url_audiences.py.
ROUTES = {
    "healthz": PUBLIC,
    "cms_admin_login": ADMIN,
    "django_admin_login": ADMIN,
}
SAMPLERS = []
for _module_file in sorted(Path(__file__).parent.glob("*/url_audiences.py")):
    _module = importlib.import_module(f"tests.{_module_file.parent.name}.url_audiences")
    ROUTES.update(_module.AUDIENCES)
    if hasattr(_module, "sample_values"):
        SAMPLERS.append(_module.sample_values)

# Third-party URL trees, by the prefix they are mounted at.
PREFIXES = {
    "accounts/": AUTH,
    "cms-admin/": ADMIN,
    "django-admin/": ADMIN,
    "documents/": PUBLIC,
    "": PUBLIC,  # Wagtail's page tree
}

# Concrete paths for routes written as regular expressions (converters are filled in for
# the rest). A new regex route fails the walk until it is given a sample here.
REGEX_SAMPLES = {
    "accounts/^confirm-email/(?P<key>[-:\\w]+)/$": "accounts/confirm-email/abc/",
    "accounts/^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$": (
        "accounts/password/reset/key/1-abc/"
    ),
    "cms-admin/pages/^(?P<pk>\\d+)/revisions/compare/(?P<revision_id_a>live|earliest|\\d+)"
    "\\.\\.\\.(?P<revision_id_b>live|latest|\\d+)/$": (
        "cms-admin/pages/1/revisions/compare/live...latest/"
    ),
    "cms-admin/^.*/$": "cms-admin/anything/",
    "django-admin/(?P<url>.*)$": "django-admin/anything",
    "documents/^(\\d+)/(.*)$": "documents/1/file.pdf",
    "^((?:[\\w\\-]+/)*)$": "",
}
# Regex routes that change with the installed apps, matched by how they start.
REGEX_SAMPLE_PREFIXES = {
    "django-admin/^(?P<app_label>": "django-admin/portal/",
}
REGEX_RESOLVER_PREFIXES = ("cms-admin/api/main/^",)

OUR_APPS = {
    "config",
    "portal",
    "payments",
    "budgeting",
    "benefits_checker",
    "casework",
    "cms",
    "arrangements",
    "referrals",
}

CONVERTER_SAMPLES = {
    "int": "1",
    "str": "sample",
    "slug": "sample",
    "uuid": "00000000-0000-0000-0000-000000000000",
    "path": "sample/path",
}


@dataclass(frozen=True)
class Route:
    pattern: str  # the full pattern, prefixes included
    name: str | None  # namespaced name, if any
    callback_module: str
    is_regex: bool

    @property
    def ours(self) -> bool:
        return self.callback_module.split(".")[0] in OUR_APPS

    def audience(self) -> str | None:
        if self.ours and self.name in ROUTES:
            return ROUTES[self.name]
        if self.ours:
            return None
        for prefix, audience in PREFIXES.items():
            if self.pattern.replace("^", "").startswith(prefix):
                return audience
        return None

    def sample_path(self, **values: str) -> str | None:
        if self.is_regex:
            sample = REGEX_SAMPLES.get(self.pattern)
            for prefix, prefix_sample in REGEX_SAMPLE_PREFIXES.items():
                if sample is None and self.pattern.startswith(prefix):
                    sample = prefix_sample
            if sample is None and self.pattern.startswith(REGEX_RESOLVER_PREFIXES):
                sample = re.sub(r"\(\?P<\w+>[^)]*\)", "1", self.pattern).replace("^", "")
                sample = sample.replace("$", "")
            return None if sample is None else "/" + sample

        def fill(match: re.Match) -> str:
            converter, name = match.group(1) or "str", match.group(2)
            return values.get(name, CONVERTER_SAMPLES.get(converter, "sample"))

        return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", fill, self.pattern)


def _walk(patterns, prefix="", namespace=None, regex=False) -> Iterator[Route]:
    for entry in patterns:
        is_regex = regex or isinstance(entry.pattern, RegexPattern)
        if isinstance(entry, URLResolver):
            ns = entry.namespace
            full_ns = ":".join(filter(None, [namespace, ns])) or None
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), full_ns, is_regex)
        elif isinstance(entry, URLPattern):
            callback = entry.callback
            module = getattr(callback, "__module__", "") or ""
            if hasattr(callback, "view_class"):
                module = callback.view_class.__module__
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            yield Route(prefix + str(entry.pattern), name, module, is_regex)


def all_routes() -> list[Route]:
    return list(_walk(get_resolver().url_patterns))


def test_every_route_is_known():
    unknown = [route for route in all_routes() if route.audience() is None]
    assert not unknown, (
        "Add these routes to ROUTES (ours) or PREFIXES (third-party) in tests/test_url_access.py "
        f"and say who may use them: {[(r.pattern, r.name, r.callback_module) for r in unknown]}"
    )


def test_every_route_can_be_exercised():
    missing = [route.pattern for route in all_routes() if route.sample_path() is None]
    assert not missing, f"Give these regex routes a sample path in REGEX_SAMPLES: {missing}"


def test_every_listed_route_exists():
    names = {route.name for route in all_routes()}
    assert set(ROUTES) <= names, f"ROUTES lists routes that no longer exist: {set(ROUTES) - names}"


def _writes(queries) -> list[str]:
    statements = []
    for query in queries:
        sql = query["sql"].lstrip().upper()
        # Exempt: the session, and the audit trail (viewing your data is audited: privacy).
        if sql.startswith(("INSERT", "UPDATE", "DELETE")) and not re.search(
            r'DJANGO_SESSION|^INSERT INTO "PORTAL_AUDITEVENT"', sql
        ):
            statements.append(query["sql"])
    return statements


@pytest.fixture
def two_tenants():
    """Tenant A, whose objects the routes name, and tenant B, who must not see them."""
    user_a, account_a = tenant_with_account()
    user_b, account_b = tenant_with_account()
    values = {}
    for sampler in SAMPLERS:
        values.update(sampler(tenant=user_a, account=account_a))
        sampler(tenant=user_b, account=account_b)  # B has objects of every kind too
    return {"a": user_a, "b": user_b, "values": values}


def routes_for(*audiences: str) -> list[Route]:
    return [route for route in all_routes() if route.audience() in audiences]


def test_anonymous_visitors_are_sent_to_sign_in_from_every_tenant_and_officer_page(
    client, two_tenants
):
    for route in routes_for(TENANT, TENANT_OBJECT, OFFICER):
        path = route.sample_path(**two_tenants["values"])
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/accounts/login/?next="), path


def test_tenant_pages_work_for_their_owner_and_never_write_on_get(client, two_tenants):
    client.force_login(two_tenants["a"])
    for route in routes_for(TENANT, TENANT_OBJECT):
        path = route.sample_path(**two_tenants["values"])
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200, path
        assert not _writes(queries.captured_queries), path


def test_another_tenants_objects_are_not_found_by_any_method(client, two_tenants):
    client.force_login(two_tenants["b"])
    for route in routes_for(TENANT_OBJECT):
        path = route.sample_path(**two_tenants["values"])
        for method in ("get", "post", "put", "patch", "delete"):
            with CaptureQueriesContext(connection) as queries:
                response = getattr(client, method)(path)
            assert response.status_code in (404, 405), (method, path, response.status_code)
            assert not _writes(queries.captured_queries), (method, path)
        assert client.get(path).status_code == 404, path


def test_tenants_cannot_reach_officer_pages(client, two_tenants):
    client.force_login(two_tenants["a"])
    for route in routes_for(OFFICER):
        path = route.sample_path(**two_tenants["values"])
        assert client.get(path).status_code in (403, 404), path
        assert client.post(path).status_code in (403, 404, 405), path


def test_every_admin_route_refuses_tenants_and_sends_anonymous_visitors_to_sign_in(
    client, two_tenants
):
    admin_routes = routes_for(ADMIN)
    assert len(admin_routes) > 100  # Wagtail's and Django's admin trees are all walked
    for route in admin_routes:
        path = route.sample_path()
        client.logout()
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/accounts/login/"), path
        client.force_login(two_tenants["a"])
        assert client.get(path).status_code == 404, path
        assert client.post(path).status_code == 404, path


def test_public_and_auth_pages_never_fail(client, two_tenants):
    for signed_in in (False, True):
        if signed_in:
            client.force_login(two_tenants["a"])
        for route in routes_for(PUBLIC, AUTH):
            path = route.sample_path()
            response = client.get(path)
            assert response.status_code < 500, path
