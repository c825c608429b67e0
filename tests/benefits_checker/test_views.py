"""The tenant's check at /benefits/: prefilled from the tenancy, GOV.UK error messages, no 500
on bad input, saved with its rates version, shown only to its owner."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.urls import reverse

from benefits_checker.engine import rates_for
from benefits_checker.models import BenefitsCheck, CouncilTaxScheme, GrantScheme
from tests.factories import TenancyMemberFactory, tenant_with_account
from tests.test_bad_input import NASTY

pytestmark = pytest.mark.django_db


@pytest.fixture
def family():
    """A lead tenant of 34, a joint tenant (partner) of 33 and a child of 8 on a 3-bedroom
    tenancy at £120 a week."""
    user, account = tenant_with_account()
    tenancy = account.tenancy
    tenancy.bedrooms = 3
    tenancy.weekly_rent_pence = 12000
    tenancy.save()
    me = tenancy.members.get(user=user)
    me.date_of_birth = dt.date(1992, 3, 1)
    me.save()
    partner = TenancyMemberFactory(
        tenancy=tenancy, name="Pat Partner", date_of_birth=dt.date(1993, 5, 5), role="joint"
    )
    child = TenancyMemberFactory(
        tenancy=tenancy, name="Kit Child", date_of_birth=dt.date(2018, 1, 10), role="occupant"
    )
    return user, tenancy, partner, child


def step_url(slug):
    return reverse("benefits_checker:step", args=[slug])


def answer_everything(client, partner, child, *, current_uc="0"):
    pages = [
        (
            "people",
            {f"p{partner.pk}-relationship": "partner", f"p{child.pk}-relationship": "child"},
        ),
        ("partner", {"married": "no"}),
        ("children", {f"c{child.pk}-sex": "F", f"c{child.pk}-disability": "none"}),
        (
            "health",
            {
                f"{who}-{field}": value
                for who in ("me", "partner")
                for field, value in (
                    ("lcwra", "no"),
                    ("disability_benefit", "none"),
                    ("condition", "no"),
                    ("blind", "no"),
                )
            },
        ),
        (
            "caring",
            {f"{w}-{f}": "no" for w in ("me", "partner") for f in ("carer", "carers_allowance")},
        ),
        (
            "income",
            {
                "me-earnings": "1,200.00",
                "me-earnings_period": "month",
                "me-state_pension": "0",
                "me-other_pension": "0",
                "partner-earnings": "0",
                "partner-state_pension": "0",
                "partner-other_pension": "0",
            },
        ),
        ("home", {"rent": "520.00", "bedrooms": "3", "council_tax": "", "overnight_carer": "no"}),
        ("savings", {"savings": "0", "childcare": "0"}),
        ("current", {"universal_credit": current_uc}),
    ]
    for slug, data in pages:
        response = client.post(step_url(slug), data)
        assert response.status_code == 302, (slug, response.content.decode()[:3000])
    return client.get(reverse("benefits_checker:check_answers"))


def test_the_start_page_explains_it_is_an_estimate(client, family):
    user, *_ = family
    client.force_login(user)
    body = client.get(reverse("benefits_checker:start")).content.decode()
    assert "This is an estimate, not a decision" in body
    assert "Start now" in body


def test_people_and_rent_are_filled_in_from_the_tenancy(client, family):
    user, tenancy, partner, child = family
    client.force_login(user)
    body = client.get(step_url("people") + "?new=1").content.decode()
    assert "Pat Partner" in body and "Kit Child" in body
    # the joint tenant is taken to be the partner, the 8-year-old a child
    assert f'name="p{partner.pk}-relationship" type="radio" value="partner" checked' in body
    assert f'name="p{child.pk}-relationship" type="radio" value="child" checked' in body
    home = client.get(step_url("home")).content.decode()
    assert 'value="520.00"' in home  # £120 a week x 52 / 12
    assert 'id="id_bedrooms" name="bedrooms" type="text" inputmode="numeric"' in home
    assert 'value="3"' in home


def test_a_whole_check_is_saved_with_its_rates_and_shown(client, family):
    user, tenancy, partner, child = family
    client.force_login(user)
    client.get(step_url("people") + "?new=1")
    summary = answer_everything(client, partner, child, current_uc="100")
    assert summary.status_code == 200
    assert "Check your answers" in summary.content.decode()
    response = client.post(reverse("benefits_checker:check_answers"))
    check = BenefitsCheck.objects.get()
    assert response["Location"] == reverse("benefits_checker:result", args=[check.pk])
    assert check.rates_version == rates_for(check.estimated_on).version
    assert check.answers["home"]["rent"] == 52000
    amounts = check.results["amounts"]
    # 3 bedrooms for a couple and one child (2 allowed): 14% of £520 = 72.80 off the rent
    # couple 25+ 666.97 + child 303.94 + rent 447.20 = 1,418.11; pay £1,200 a month:
    # tax (14,400 - 12,570) x 20% / 12 = 30.50; NI (1,200 - 1,048) x 8% = 12.16;
    # net 1,157.34 less 427 = 730.34 x 55% = 401.69; UC 1,016.42 (2026/27 rates)
    if check.rates_version == "2026-27":
        assert amounts["universal_credit"] == 101642
        assert check.missing_monthly_pence == 101642 - 10000 + amounts["child_benefit"]
    body = client.get(response["Location"]).content.decode()
    assert "You may be missing" in body
    assert "This is an estimate, not a decision" in body
    assert "How we worked out Universal Credit" in body
    assert "How to claim Universal Credit" in body


def test_empty_answers_get_gov_uk_error_messages_linked_from_the_summary(client, family):
    user, tenancy, partner, child = family
    client.force_login(user)
    client.get(step_url("people") + "?new=1")
    body = client.post(step_url("income"), {}).content.decode()
    assert "<title>Error: " in body
    assert 'href="#id_me-earnings">Enter how much you earn before tax, or 0</a>' in body
    assert "Enter how much your partner earns before tax, or 0" in body
    body = client.post(step_url("home"), {"rent": "12.345", "bedrooms": "two"}).content.decode()
    assert "Rent must have no more than 2 decimal places, like 12.50" in body
    assert "Bedrooms must be a whole number, like 2" in body
    assert 'href="#id_overnight_carer">Select yes if a carer stays overnight</a>' in body
    assert 'id="id_overnight_carer" name="overnight_carer" type="radio"' in body
    body = client.post(step_url("income"), {"me-earnings": "100"}).content.decode()
    assert "Select how often the pay is paid" in body


def test_only_one_partner_can_be_chosen(client, family):
    user, tenancy, partner, child = family
    client.force_login(user)
    client.get(step_url("people") + "?new=1")
    body = client.post(
        step_url("people"),
        {f"p{partner.pk}-relationship": "partner", f"p{child.pk}-relationship": "partner"},
    ).content.decode()
    assert "Select only one person as your partner" in body


def test_every_question_survives_hostile_input(client, family):
    user, tenancy, partner, child = family
    client.force_login(user)
    client.get(step_url("people") + "?new=1")
    fields = {
        "people": [f"p{partner.pk}-relationship", f"p{child.pk}-relationship"],
        "partner": ["married"],
        "children": [f"c{child.pk}-sex", f"c{child.pk}-disability"],
        "health": ["me-lcwra", "me-disability_benefit", "partner-condition"],
        "caring": ["me-carer", "partner-carers_allowance"],
        "income": ["me-earnings", "me-earnings_period", "partner-state_pension"],
        "home": ["rent", "bedrooms", "council_tax", "overnight_carer"],
        "savings": ["savings", "childcare"],
        "current": ["universal_credit", "child_benefit"],
    }
    for slug, names in fields.items():
        for value in NASTY:
            response = client.post(step_url(slug), {name: value for name in names})
            assert response.status_code < 500, (slug, value[:20])
    assert client.get(step_url("no-such-step")).status_code == 404
    assert client.post(reverse("benefits_checker:check_answers")).status_code < 500


def test_another_tenants_check_is_not_found(client, family):
    user, tenancy, partner, child = family
    client.force_login(user)
    client.get(step_url("people") + "?new=1")
    answer_everything(client, partner, child)
    client.post(reverse("benefits_checker:check_answers"))
    check = BenefitsCheck.objects.get()
    other, _ = tenant_with_account()
    client.force_login(other)
    for name in ("result", "share", "add_to_budget"):
        url = reverse(f"benefits_checker:{name}", args=[check.pk])
        assert client.get(url).status_code == 404
        assert client.post(url, {"share": "yes"}).status_code in (404, 405)
    check.refresh_from_db()
    assert not check.share_with_officer


def test_sharing_with_the_officer_is_the_tenants_choice(client, family):
    user, tenancy, partner, child = family
    client.force_login(user)
    client.get(step_url("people") + "?new=1")
    answer_everything(client, partner, child)
    client.post(reverse("benefits_checker:check_answers"))
    check = BenefitsCheck.objects.get()
    url = reverse("benefits_checker:share", args=[check.pk])
    assert "Share your check with your housing officer?" in client.get(url).content.decode()
    client.post(url, {"share": "yes"})
    check.refresh_from_db()
    assert check.share_with_officer
    client.post(url, {"share": "no"})
    check.refresh_from_db()
    assert not check.share_with_officer


def test_add_to_my_budget_carries_the_estimate_into_the_budget(client, family):
    from budgeting.models import BudgetLine

    user, tenancy, partner, child = family
    client.force_login(user)
    client.get(step_url("people") + "?new=1")
    answer_everything(client, partner, child)
    client.post(reverse("benefits_checker:check_answers"))
    check = BenefitsCheck.objects.get()
    url = reverse("benefits_checker:add_to_budget", args=[check.pk])
    page = client.get(url).content.decode()
    assert "Universal Credit" in page and "Child Benefit" in page
    response = client.post(url)
    assert response.status_code == 302
    lines = {
        line.key: line
        for line in BudgetLine.objects.filter(budget__user=user, budget__tenancy=tenancy)
    }
    assert lines["universal_credit"].amount_pence == check.results["amounts"]["universal_credit"]
    assert lines["child_benefit"].amount_pence == check.results["amounts"]["child_benefit"]
    check.refresh_from_db()
    assert check.added_to_budget_at is not None


def test_the_dashboard_tile_shows_what_the_last_check_found(client, family):
    user, tenancy, partner, child = family
    client.force_login(user)
    body = client.get(reverse("portal:dashboard")).content.decode()
    assert "Check what you could get" in body
    client.get(step_url("people") + "?new=1")
    answer_everything(client, partner, child)
    client.post(reverse("benefits_checker:check_answers"))
    body = client.get(reverse("portal:dashboard")).content.decode()
    assert "Your last check says you may be missing" in body


def test_an_unfinished_check_says_what_is_left(client, family):
    user, *_ = family
    client.force_login(user)
    client.get(step_url("people") + "?new=1")
    body = client.get(reverse("benefits_checker:check_answers")).content.decode()
    assert "You have not finished the check" in body
    assert BenefitsCheck.objects.count() == 0


def test_pension_age_tenant_gets_pension_credit_and_housing_benefit(client):
    user, account = tenant_with_account()
    tenancy = account.tenancy
    me = tenancy.members.get(user=user)
    me.date_of_birth = dt.date(1950, 6, 1)
    me.save()
    client.force_login(user)
    client.get(step_url("people") + "?new=1")
    for slug, data in [
        ("people", {}),
        (
            "health",
            {
                "me-lcwra": "no",
                "me-disability_benefit": "aa",
                "me-condition": "yes",
                "me-blind": "no",
            },
        ),
        ("caring", {"me-carer": "no", "me-carers_allowance": "no"}),
        (
            "income",
            {"me-earnings": "0", "me-state_pension": "169.50", "me-other_pension": "0"},
        ),
        (
            "home",
            {"rent": "411.67", "bedrooms": "2", "council_tax": "1600", "overnight_carer": "no"},
        ),
        ("savings", {"savings": "2000"}),
        ("current", {}),
    ]:
        assert client.post(step_url(slug), data).status_code == 302, slug
    client.post(reverse("benefits_checker:check_answers"))
    check = BenefitsCheck.objects.get()
    amounts = check.results["amounts"]
    assert check.results["route"] == "pension_age"
    assert amounts["pension_credit"] > 0
    assert amounts["housing_benefit"] > 0
    assert amounts["council_tax_reduction"] > 0
    assert check.involves_health_data


def test_the_demo_catalogue_and_council_tax_scheme_are_seeded_once():
    call_command("benefits_seed_demo", stdout=None)
    call_command("benefits_seed_demo", stdout=None)
    assert GrantScheme.objects.count() == 6
    scheme = CouncilTaxScheme.objects.get()
    assert scheme.is_default and scheme.illustrative
    engine = scheme.to_engine()
    assert engine.band_charges["D"] == 228000
    assert engine.working_age_scheme.max_percent == 90
