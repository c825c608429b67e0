"""The panels other apps put on the case page (budget, benefits check, payments) and the
tenant's Breathing Space tile on their dashboard."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from benefits_checker.models import BenefitsCheck
from casework.models import BreathingSpace
from payments.models import Mandate, PaymentAttempt, StripeEvent
from portal.models import AuditEvent
from tests.budgeting.helpers import submitted_budget
from tests.factories import UserFactory, tenant_with_account

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(client, officer):
    user, account = tenant_with_account()
    client.force_login(officer)
    return user, account, account.tenancy


def case_page(client, tenancy) -> str:
    response = client.get(reverse("casework:case", args=[tenancy.reference]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_budget_panel_shows_the_latest_budget_and_links_to_it(client, case):
    user, _, tenancy = case
    assert "No one on this tenancy has submitted a budget yet." in case_page(client, tenancy)
    submitted_budget(user, tenancy)
    page = case_page(client, tenancy)
    assert 'id="panel-budget-heading">Budget</h2>' in page
    assert "Money coming in" in page and "Left over" in page
    assert f"/budget/officer/{tenancy.reference}/" in page


def check(tenancy, user, *, shared, health):
    answers = {"health": {"me": {"lcwra": "no", "disability_benefit": "none", "condition": "no"}}}
    if health:
        answers["health"]["me"]["disability_benefit"] = "pip_daily_enhanced"
    return BenefitsCheck.objects.create(
        user=user,
        tenancy=tenancy,
        answers=answers,
        results={
            "amounts": {"universal_credit": 41234},
            "already": {},
            "gaps": {"universal_credit": 41234},
            "working": {},
            "total": 41234,
            "missing": 41234,
            "flags": [],
            "other_help": [],
            "grants": [],
            "notes": [],
        },
        rates_version="2026-27",
        estimated_on=dt.date(2026, 11, 1),
        total_monthly_pence=41234,
        missing_monthly_pence=41234,
        involves_health_data=health,
        share_with_officer=shared,
    )


def test_the_benefits_panel_shows_nothing_the_tenant_did_not_share(client, case):
    user, _, tenancy = case
    assert "No one on this tenancy has done a benefits check yet." in case_page(client, tenancy)
    check(tenancy, user, shared=False, health=True)
    page = case_page(client, tenancy)
    assert "has not chosen to share it" in page
    assert "£412.34" not in page and "PIP" not in page
    assert not AuditEvent.objects.filter(action="case.special_category_viewed").exists()


def test_a_shared_check_shows_the_estimate_without_health_audit_when_it_has_none(client, case):
    user, _, tenancy = case
    check(tenancy, user, shared=True, health=False)
    page = case_page(client, tenancy)
    assert "£412.34 a month" in page and "Universal Credit" in page
    assert not AuditEvent.objects.filter(action="case.special_category_viewed").exists()


def test_shared_health_answers_are_shown_and_their_viewing_audited(client, officer, case):
    user, _, tenancy = case
    shared = check(tenancy, user, shared=True, health=True)
    page = case_page(client, tenancy)
    assert "PIP daily living, enhanced rate" in page
    event = AuditEvent.objects.get(action="case.special_category_viewed")
    assert (event.actor, event.tenancy, event.subject_id) == (officer, tenancy, str(shared.pk))
    assert "pip" not in str(event.detail).lower()


def test_the_payments_panel_shows_payments_mandates_and_unmatched_events(client, case):
    user, account, tenancy = case
    assert "No payments have been made through the portal." in case_page(client, tenancy)
    PaymentAttempt.objects.create(
        account=account,
        user=user,
        amount_pence=2550,
        status=PaymentAttempt.Status.FAILED,
        payment_intent_id="pi_case_1",
        failure_message="Your card was declined.",
    )
    Mandate.objects.create(
        account=account,
        user=user,
        customer_id="cus_1",
        status=Mandate.Status.ACTIVE,
        reference="MANDREF1",
    )
    StripeEvent.objects.create(
        event_id="evt_case_1",
        type="payment_intent.succeeded",
        object_id="pi_case_1",
        stripe_created_at=timezone.now(),
        payload="{}",
        status=StripeEvent.Status.UNMATCHED,
        problem=StripeEvent.Problem.AMOUNT,
        received_at=timezone.now(),
    )
    StripeEvent.objects.create(
        event_id="evt_other",
        type="payment_intent.succeeded",
        object_id="pi_someone_else",
        stripe_created_at=timezone.now(),
        payload="{}",
        status=StripeEvent.Status.UNMATCHED,
        received_at=timezone.now(),
    )
    page = case_page(client, tenancy)
    assert "£25.50" in page and "Your card was declined." in page
    assert "MANDREF1" in page and "Active" in page
    assert "Amount differs from ours" in page
    assert page.count("payment_intent.succeeded") == 1


# ------------------------------------------------------------------------------------------
# The tenant's tile


def test_the_tenant_sees_their_breathing_space_in_plain_words(client):
    user, account = tenant_with_account()
    client.force_login(user)
    dashboard = reverse("portal:dashboard")
    assert "You have a Breathing Space" not in client.get(dashboard).content.decode()
    start = timezone.localdate() - dt.timedelta(days=10)
    BreathingSpace.objects.create(
        tenancy=account.tenancy,
        kind=BreathingSpace.Kind.STANDARD,
        starts_on=start,
        ends_on=start + dt.timedelta(days=59),
        recorded_by=UserFactory(),
    )
    page = client.get(dashboard).content.decode()
    assert "You have a Breathing Space" in page
    ends = start + dt.timedelta(days=59)
    assert f"It lasts until {ends.day} {ends:%B} {ends.year}" in page
    assert "we will not send you letters chasing the money you owe" in page
    assert "You still need to pay your rent" in page


def test_the_tile_says_nothing_about_the_kind_and_goes_when_it_ends(client):
    user, account = tenant_with_account()
    client.force_login(user)
    space = BreathingSpace.objects.create(
        tenancy=account.tenancy,
        kind=BreathingSpace.Kind.MENTAL_HEALTH_CRISIS,
        starts_on=timezone.localdate(),
        recorded_by=UserFactory(),
    )
    page = client.get(reverse("portal:dashboard")).content.decode()
    assert "You have a Breathing Space" in page
    assert "mental health" not in page.lower()
    space.ended_early_on = timezone.localdate()
    space.save()
    assert (
        "You have a Breathing Space" not in client.get(reverse("portal:dashboard")).content.decode()
    )


def test_another_tenants_breathing_space_is_not_shown(client):
    user, _ = tenant_with_account()
    _, other = tenant_with_account()
    BreathingSpace.objects.create(
        tenancy=other.tenancy,
        kind=BreathingSpace.Kind.STANDARD,
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate() + dt.timedelta(days=59),
        recorded_by=UserFactory(),
    )
    client.force_login(user)
    assert (
        "You have a Breathing Space" not in client.get(reverse("portal:dashboard")).content.decode()
    )
