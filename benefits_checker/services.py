"""Writes for the benefits check: saving a completed check, sharing it, and carrying its
income into the budget."""

from __future__ import annotations

import datetime as dt
import importlib

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .answers import household_from_answers, involves_health_data
from .engine import BENEFIT_NAMES, calculate, missing_out
from .engine.claiming import HOW_TO_CLAIM
from .grants import match_grants
from .models import BenefitsCheck
from .selectors import council_tax_scheme_default, grant_schemes_active, tenancy_people

# "Add to my budget": engine amounts -> the budget's benefit income keys.
BUDGET_KEYS = {
    "universal_credit": "universal_credit",
    "housing_benefit": "housing_benefit",
    "child_benefit": "child_benefit",
    "pension_credit": "pension_credit",
    "council_tax_reduction": "council_tax_support",
}


def _result_document(result, *, already: dict, grants: list) -> dict:
    """What we keep of an engine result: enough to show the page again exactly."""
    missing, gaps = missing_out(result, already)
    return {
        "route": result.route,
        "amounts": result.amounts(),
        "total": result.total,
        "already": already,
        "gaps": gaps,
        "missing": missing,
        "elements": {
            name: getattr(result, name)
            for name in (
                "uc_standard_allowance",
                "uc_child_element",
                "uc_disabled_child_element",
                "uc_lcwra_element",
                "uc_carer_element",
                "uc_childcare_element",
                "uc_housing_costs_element",
                "uc_under_occupancy_reduction",
                "uc_non_dep_deductions",
                "uc_earnings_deduction",
                "uc_unearned_income",
                "uc_capital_income",
                "uc_benefit_cap_reduction",
                "net_earnings",
                "hicbc_annual",
                "bedrooms_allowed",
                "spare_bedrooms",
            )
        },
        # The working as data, put into words in the reader's language when the page is
        # read (working_words.py); the English words too, as every check has kept them.
        "steps": result.steps,
        "working": result.working,
        "notes": result.notes,
        "flags": [_item(flag) for flag in result.flags],
        "other_help": [_item(item) for item in result.other_help],
        "grants": [
            {
                "name": scheme.name,
                "provider": scheme.provider,
                "summary": scheme.summary,
                "amount_pence": scheme.amount_pence,
                "amount_text": scheme.amount_text,
                "how_to_apply": scheme.how_to_apply,
                "url": scheme.url,
            }
            for scheme in grants
        ],
        "how_to_claim": {
            key: {
                "name": BENEFIT_NAMES[key],
                "how": HOW_TO_CLAIM[key][0],
                "url": HOW_TO_CLAIM[key][1],
            }
            for key, amount in result.amounts().items()
            if amount
        },
    }


def _item(item) -> dict:
    return {
        "key": item.key,
        "title": item.title,
        "amount": item.amount,
        "why": item.why,
        "how_to_claim": item.how_to_claim,
        "url": item.url,
    }


def benefits_check_create(
    *, user, tenancy, answers: dict, on: dt.date | None = None
) -> BenefitsCheck:
    """Work out and save a check from confirmed answers."""
    on = on or timezone.localdate()
    people = tenancy_people(user=user, tenancy=tenancy, on=on)
    scheme = council_tax_scheme_default()
    household = household_from_answers(
        answers,
        people,
        council_tax=scheme.to_engine() if scheme else None,
        london=settings.BENEFITS_LONDON,
        nation=settings.BENEFITS_NATION,
    )
    result = calculate(household, on=on)
    grants = match_grants(
        grant_schemes_active(),
        household=household,
        result=result,
        postcode=tenancy.postcode,
        tenure=settings.BENEFITS_LANDLORD_TENURE,
    )
    already = {key: value for key, value in answers.get("current", {}).items() if value}
    document = _result_document(result, already=already, grants=grants)
    return BenefitsCheck.objects.create(
        user=user,
        tenancy=tenancy,
        answers=answers,
        results=document,
        rates_version=result.rates_version,
        estimated_on=on,
        total_monthly_pence=result.total,
        missing_monthly_pence=document["missing"],
        involves_health_data=involves_health_data(answers),
    )


def benefits_check_share(*, check: BenefitsCheck, share: bool) -> BenefitsCheck:
    """Record the tenant's choice to show (or stop showing) this check to their officer."""
    BenefitsCheck.objects.filter(pk=check.pk).update(share_with_officer=share)
    check.share_with_officer = share
    return check


def budget_service():
    """budgeting.services.budget_prefill_benefit_income, if the budgeting app provides it."""
    try:
        module = importlib.import_module("budgeting.services")
    except ImportError:
        return None
    return getattr(module, "budget_prefill_benefit_income", None)


def budget_amounts(check: BenefitsCheck) -> dict[str, int]:
    """The check's monthly amounts under the budget's benefit income keys."""
    amounts = {}
    for key, budget_key in BUDGET_KEYS.items():
        value = check.results["amounts"].get(key)
        if value:
            amounts[budget_key] = value
    return amounts


BUDGET_NAMES = {
    "universal_credit": "Universal Credit",
    "housing_benefit": "Housing Benefit",
    "child_benefit": "Child Benefit",
    "pension_credit": "Pension Credit",
    "council_tax_support": "Council Tax Reduction",
}


def budget_amounts_named(check: BenefitsCheck) -> list[tuple[str, int]]:
    """(name, pence a month) for the confirm page."""
    return [(BUDGET_NAMES[key], pence) for key, pence in budget_amounts(check).items()]


@transaction.atomic
def benefits_check_add_to_budget(*, user, check: BenefitsCheck) -> bool:
    """Carry the estimated income into the tenant's budget. False if budgeting is not there."""
    prefill = budget_service()
    if prefill is None:
        return False
    prefill(
        user=user,
        tenancy=check.tenancy,
        amounts=budget_amounts(check),
        source="benefits_check",
    )
    BenefitsCheck.objects.filter(pk=check.pk).update(added_to_budget_at=timezone.now())
    return True
