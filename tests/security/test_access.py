"""Check 16 (mass assignment) and check 19 (CSRF and safe methods): the webhook is the only
CSRF-exempt view, every form needs its token, GET and HEAD never write, and extra POST fields
are ignored."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import Resolver404, resolve, reverse
from rest_framework.views import APIView

from arrangements.models import Arrangement
from budgeting.models import Budget
from portal.models import AuditEvent, TenancyMember
from tests.audiences import AUTH, OFFICER, PUBLIC, TENANT, TENANT_OBJECT
from tests.factories import (
    LedgerEntryFactory,
    TenancyFactory,
    TenancyMemberFactory,
    UserFactory,
    tenant_with_account,
)
from tests.test_url_access import all_routes, routes_for

pytestmark = pytest.mark.django_db

# The only view that may skip the CSRF check: Stripe cannot send our token; its signature
# (checked before anything is stored) is the proof instead.
CSRF_EXEMPT_ALLOWED = {"payments:stripe_webhook"}

# What an officer's GET may write: the audit trail of who looked at which case, which
# UK GDPR accountability needs (check 24: "an officer viewing special-category data").
OFFICER_GET_AUDIT_ACTIONS = {"case.viewed", "case.special_category_viewed"}
# And a tenant's: the record that they downloaded everything held about them (a subject access
# export, /my-account/my-data/), as the audit catalogue asks.
TENANT_GET_AUDIT_ACTIONS = {"data.exported"}
WRITES = ("INSERT", "UPDATE", "DELETE")


def _csrf_exempt_views() -> dict[str, object]:
    """Every view the URL walk reaches that is marked csrf_exempt, by name, with its path."""
    exempt = {}
    for route in all_routes():
        path = route.sample_path()
        try:
            match = resolve(path)
        except Resolver404:
            continue
        if getattr(match.func, "csrf_exempt", False):
            exempt[match.view_name] = (path, match.func)
    return exempt


def test_the_webhook_is_the_only_csrf_exempt_view_of_ours_or_a_plain_django_view():
    exempt = _csrf_exempt_views()
    assert "payments:stripe_webhook" in exempt
    others = {name: found for name, found in exempt.items() if name not in CSRF_EXEMPT_ALLOWED}
    # The rest are Wagtail's admin APIs (Django REST framework views, read-only JSON for the
    # page and document choosers). DRF marks every APIView csrf_exempt and then enforces CSRF
    # itself for session-authenticated unsafe requests; they sit under /cms-admin/, behind
    # AdminAreaGuardMiddleware (editors with MFA only).
    for name, (path, func) in others.items():
        view_class = getattr(func, "cls", None)
        assert view_class is not None and issubclass(view_class, APIView), name
        assert path.startswith("/cms-admin/"), name


def test_wagtails_admin_apis_still_refuse_unsafe_requests_without_a_token(editor):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(editor)
    exempt = _csrf_exempt_views()
    apis = [path for name, (path, _) in exempt.items() if name not in CSRF_EXEMPT_ALLOWED]
    assert apis
    for path in apis:
        with CaptureQueriesContext(connection) as queries:
            response = strict.post(path, {"anything": "1"})
        assert response.status_code in (403, 404, 405), (path, response.status_code)
        assert not _writes(queries.captured_queries, allow_audit=set()), path


def _post_routes(*audiences):
    return [route for route in routes_for(*audiences) if route.name not in CSRF_EXEMPT_ALLOWED]


def test_every_form_of_ours_refuses_a_post_without_its_token(two_tenants, officer):
    strict = Client(enforce_csrf_checks=True)
    checked = 0
    for user, audiences in (
        (two_tenants["a"], (TENANT, TENANT_OBJECT)),
        (officer, (OFFICER,)),
        (None, (PUBLIC, AUTH)),
    ):
        strict.logout()
        if user is not None:
            strict.force_login(user)
        for route in _post_routes(*audiences):
            if not route.ours and audiences != (PUBLIC, AUTH):
                continue
            if route.pattern == "" or route.pattern.startswith(("^", "documents/")):
                continue  # Wagtail's page tree and documents: GET-only
            path = route.sample_path(**two_tenants["values"])
            with CaptureQueriesContext(connection) as queries:
                response = strict.post(path, {"anything": "1"})
            assert response.status_code == 403, (path, response.status_code)
            assert not _writes(queries.captured_queries, allow_audit=set()), path
            checked += 1
    assert checked > 30


def _writes(queries, *, allow_audit: set[str]) -> list[str]:
    found = []
    for query in queries:
        sql = query["sql"].lstrip().upper()
        if not sql.startswith(WRITES):
            continue
        if "DJANGO_SESSION" in sql:
            continue  # the session's last-activity time (portal.sessions)
        if allow_audit and sql.startswith('INSERT INTO "PORTAL_AUDITEVENT"'):
            continue  # checked against allow_audit by the caller
        found.append(query["sql"])
    return found


@pytest.mark.parametrize("method", ["get", "head"])
def test_tenant_get_and_head_write_only_the_audit_of_an_export(
    client,
    two_tenants,
    method,
):
    client.force_login(two_tenants["a"])
    before = set(AuditEvent.objects.values_list("pk", flat=True))
    for route in routes_for(TENANT, TENANT_OBJECT):
        path = route.sample_path(**two_tenants["values"])
        with CaptureQueriesContext(connection) as queries:
            response = getattr(client, method)(path)
        # HEAD: 200, or 405 from views that allow GET only (require_GET)
        assert response.status_code in ((200,) if method == "get" else (200, 405)), path
        assert not _writes(queries.captured_queries, allow_audit=TENANT_GET_AUDIT_ACTIONS), (
            method,
            path,
        )
    new = AuditEvent.objects.exclude(pk__in=before)
    assert set(new.values_list("action", flat=True)) <= TENANT_GET_AUDIT_ACTIONS


@pytest.mark.parametrize("method", ["get", "head"])
def test_officer_get_and_head_write_only_the_audit_of_what_they_looked_at(
    client,
    two_tenants,
    officer,
    method,
):
    client.force_login(officer)
    before = set(AuditEvent.objects.values_list("pk", flat=True))
    visited = 0
    for route in routes_for(OFFICER):
        path = route.sample_path(**two_tenants["values"])
        with CaptureQueriesContext(connection) as queries:
            response = getattr(client, method)(path)
        assert response.status_code < 500, path
        visited += response.status_code == 200 and method == "get"
        assert not _writes(queries.captured_queries, allow_audit=OFFICER_GET_AUDIT_ACTIONS), (
            method,
            path,
        )
    assert visited >= 3 or method == "head"
    new = AuditEvent.objects.exclude(pk__in=before)
    assert set(new.values_list("action", flat=True)) <= OFFICER_GET_AUDIT_ACTIONS
    assert all(event.actor_id == officer.pk for event in new)


# --- Mass assignment: fields a form does not have are ignored ----------------------------------

PRIVILEGE_FIELDS = {
    "is_staff": "on",
    "is_superuser": "on",
    "is_active": "on",
    "groups": "1",
    "user": "1",
    "user_id": "1",
    "tenant_id": "1",
    "tenancy": "1",
    "tenancy_id": "1",
    "approved_by": "1",
    "status": "approved",
    "amount_pence": "1",
    "role": "lead",
}


def test_linking_a_tenancy_ignores_extra_fields(client):
    tenancy = TenancyFactory(reference="T900001", postcode="M1 3HE")
    TenancyMemberFactory(
        tenancy=tenancy,
        name="Jo Joint",
        date_of_birth=dt.date(1990, 7, 1),
        role=TenancyMember.Role.JOINT,
    )
    other = TenancyFactory()
    user = UserFactory()
    client.force_login(user)
    data = (
        {
            "reference": "T900001",
            "date_of_birth_0": "1",
            "date_of_birth_1": "7",
            "date_of_birth_2": "1990",
            "postcode": "M1 3HE",
        }
        | PRIVILEGE_FIELDS
        | {"tenancy_id": str(other.pk)}
    )
    response = client.post(reverse("portal:link"), data)
    assert response.status_code == 302
    user.refresh_from_db()
    assert not user.is_staff and not user.is_superuser
    assert not user.groups.exists()
    member = TenancyMember.objects.get(user=user)
    assert member.tenancy == tenancy
    assert member.role == TenancyMember.Role.JOINT
    assert not other.members.filter(user=user).exists()


def test_a_budget_page_ignores_extra_fields(client):
    user, account = tenant_with_account()
    other_user, other_account = tenant_with_account()
    client.force_login(user)
    data = (
        {
            "has_partner": "no",
            "children_under_16": "2",
            "children_16_to_18": "0",
            "other_dependants": "0",
            "non_dependants": "0",
            "vehicles": "0",
            "employment_status": "part_time",
        }
        | PRIVILEGE_FIELDS
        | {
            "status": "submitted",
            "user": str(other_user.pk),
            "tenancy": str(other_account.tenancy.pk),
            "number": "99",
        }
    )
    url = reverse("budgeting:section", args=[account.tenancy.reference, "household"])
    response = client.post(url, data)
    assert response.status_code == 302
    budget = Budget.objects.get()
    assert budget.user == user
    assert budget.tenancy == account.tenancy
    assert budget.status == Budget.Status.DRAFT
    assert budget.number == 1
    user.refresh_from_db()
    assert not user.is_staff


def test_a_payment_plan_proposal_ignores_extra_fields(client, officer):
    user, account = tenant_with_account()
    LedgerEntryFactory(account=account, amount_pence=50000, posted_on=dt.date(2026, 11, 2))
    data = (
        {
            "form_token": "5f7d2d0e-8a53-4e55-9d43-4a6e4a0c1a11",
            "amount": "20.00",
            "frequency": "weekly",
            "start_day": "27",
            "start_month": "11",
            "start_year": "2026",
            "covers_charge": "yes",
            "lump_sum": "",
            "payment_method": "card",
            "action": "submit",
        }
        | PRIVILEGE_FIELDS
        | {
            "status": "live",
            "approved_by": str(officer.pk),
            "amount_pence": "1",
            "decided_by": str(officer.pk),
        }
    )
    with time_machine.travel(dt.datetime(2026, 11, 23, 10, 0), tick=False):
        client.force_login(user)
        response = client.post(reverse("arrangements:propose"), data)
    assert response.status_code == 303, response.content.decode()[:2000]
    plan = Arrangement.objects.get()
    assert plan.amount_pence == 2000
    assert plan.status == Arrangement.Status.PROPOSED  # no budget: an officer decides
    assert list(plan.accounts.all()) == [account]
    user.refresh_from_db()
    assert not user.is_staff
