"""Reads for referrals. Tenant reads take `user=` and go through
portal.selectors.tenancies_for_user, the access chokepoint: another person's referral is a 404,
exactly as if it did not exist. Officer reads (officers see every tenancy) say so in their name.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.http import Http404

from benefits_checker.selectors import latest_check_for_user
from budgeting.selectors import (
    answers_from_budget,
    budget_latest_submitted_for_user,
    budget_summary,
)
from portal.models import Tenancy, TenancyMember
from portal.selectors import tenancies_for_user, tenancy_summary

from . import snapshot as snapshot_module
from .consent import CORE, FINANCES, HEALTH
from .models import ConsentRecord, DeliveryAttempt, Referral

# The benefits a check estimates that say nothing about health (the finances category).
BENEFIT_AMOUNT_KEYS = (
    "universal_credit",
    "housing_benefit",
    "child_benefit",
    "pension_credit",
    "council_tax_support",
)

# ------------------------------------------------------------------------------------------
# Tenant reads


def referral_tenancies_for_user(*, user) -> list[Tenancy]:
    """The user's current tenancies, oldest first: the ones a referral can be about."""
    return list(
        tenancies_for_user(user=user).filter(end_date__isnull=True).order_by("start_date", "id")
    )


def referral_tenancy_get_for_user(*, user, reference: str | None = None) -> Tenancy:
    """The user's current tenancy with this reference (or their first), else 404."""
    tenancies = referral_tenancies_for_user(user=user)
    if not reference and tenancies:
        return tenancies[0]
    for tenancy in tenancies:
        if tenancy.reference == reference:
            return tenancy
    raise Http404("No such tenancy")


def referral_open_for_user(*, user) -> Referral | None:
    """The user's open referral on any of their tenancies, if there is one."""
    return (
        Referral.objects.filter(
            user=user,
            tenancy__in=tenancies_for_user(user=user),
            status__in=Referral.OPEN_STATUSES,
        )
        .order_by("-submitted_at", "-id")
        .first()
    )


def referrals_for_user(*, user) -> list[Referral]:
    return list(
        Referral.objects.filter(user=user, tenancy__in=tenancies_for_user(user=user))
        .select_related("tenancy", "consent")
        .order_by("-submitted_at", "-id")
    )


def referral_get_for_user(*, user, referral_id: int) -> Referral:
    """The user's own referral, else 404 (a joint tenant's referral is theirs alone)."""
    referral = (
        Referral.objects.select_related("tenancy", "consent")
        .filter(pk=referral_id, user=user, tenancy__in=tenancies_for_user(user=user))
        .first()
    )
    if referral is None:
        raise Http404("No such referral")
    return referral


def _budget_source(*, user, tenancy: Tenancy) -> dict | None:
    budget = budget_latest_submitted_for_user(user=user, tenancy=tenancy)
    if budget is None:
        return None
    summary = budget_summary(answers=answers_from_budget(budget))
    return {
        "version": budget.number,
        "submitted_on": budget.submitted_at.date().isoformat() if budget.submitted_at else None,
        "income_monthly_pence": summary.income_monthly_pence,
        "spending_monthly_pence": summary.spending_monthly_pence,
        "surplus_monthly_pence": summary.surplus_monthly_pence,
        "priority_debts_owed_pence": summary.priority_owed_pence,
        "priority_debt_payments_monthly_pence": summary.priority_payments_monthly_pence,
        "non_priority_debts_owed_pence": summary.non_priority_owed_pence,
        "non_priority_debt_payments_monthly_pence": summary.non_priority_payments_monthly_pence,
    }


def _check_sources(*, user, tenancy: Tenancy) -> tuple[dict | None, dict | None]:
    """The user's own latest benefits check on this tenancy: the money (finances) and, when it
    has any, the health and disability answers (health)."""
    check = latest_check_for_user(user=user)
    if check is None or check.tenancy_id != tenancy.pk:
        return None, None
    amounts = check.results.get("amounts", {}) if isinstance(check.results, dict) else {}
    money = {
        "estimated_on": check.estimated_on.isoformat(),
        "rates_version": check.rates_version,
        "total_monthly_pence": check.total_monthly_pence,
        "missing_monthly_pence": check.missing_monthly_pence,
        "amounts_monthly_pence": {
            key: amounts[key] for key in BENEFIT_AMOUNT_KEYS if amounts.get(key)
        },
    }
    health = None
    if check.involves_health_data:
        answers = check.answers or {}
        health = {
            "estimated_on": check.estimated_on.isoformat(),
            "health_answers": answers.get("health", {}),
            "children_disability": {
                person: details.get("disability")
                for person, details in (answers.get("children") or {}).items()
                if details.get("disability", "none") != "none"
            },
        }
    return money, health


def referral_sources_for_user(*, user, tenancy: Tenancy, answers: dict) -> dict[str, dict]:
    """Everything a referral could send, by consent category, for the snapshot builder (which
    keeps only the allow-listed fields of the consented categories). `answers` are the tenant's
    answers to the referral's questions."""
    if not tenancies_for_user(user=user).filter(pk=tenancy.pk).exists():
        raise Http404("No such tenancy")
    # The officer-side summary is fine here: the tenant's own access was checked just above.
    summary = tenancy_summary(tenancy=tenancy)
    member = TenancyMember.objects.filter(tenancy=tenancy, user=user).first()
    accounts = [
        {
            "reference": item.account.reference,
            "kind": item.account.kind,
            "balance_pence": item.balance_pence,
            "weeks_in_arrears": item.weeks_in_arrears,
        }
        for item in summary.accounts
    ]
    contact_method = answers.get("contact_method", "")
    core = {
        "name": (member.name if member else "") or user.name or "",
        "email": answers.get("email") or user.email,
        "phone": answers.get("phone", ""),
        "contact_method": contact_method,
        "contact_times": list(answers.get("contact_times") or []),
        "topics": list(answers.get("topics") or []),
        "topic_details": answers.get("topic_details", ""),
        "interpreter_language": (
            answers.get("interpreter_language", "") if answers.get("interpreter") == "yes" else ""
        ),
        "landlord": settings.LANDLORD_NAME,
        "tenancy_reference": tenancy.reference,
        "address": tenancy.address,
        "tenancy_start_date": tenancy.start_date.isoformat(),
        "weekly_rent_pence": tenancy.weekly_rent_pence,
        "accounts": accounts,
        "total_balance_pence": summary.total_balance_pence,
    }
    money, health = _check_sources(user=user, tenancy=tenancy)
    return {
        CORE: core,
        FINANCES: {"budget": _budget_source(user=user, tenancy=tenancy), "benefits_check": money},
        HEALTH: {"health_needs": answers.get("health_needs", ""), "benefits_check_health": health},
    }


def referral_preview_for_user(*, user, tenancy: Tenancy, answers: dict, categories) -> dict:
    """The snapshot that submitting now would freeze (the "check your answers" page)."""
    sources = referral_sources_for_user(user=user, tenancy=tenancy, answers=answers)
    return snapshot_module.snapshot_build(categories=categories, sources=sources)


# ------------------------------------------------------------------------------------------
# Officers


def referral_get_for_officer(*, referral_id: int) -> Referral:
    referral = (
        Referral.objects.select_related("tenancy", "user", "consent", "reviewed_by")
        .filter(pk=referral_id)
        .first()
    )
    if referral is None:
        raise Http404("No such referral")
    return referral


def referral_attempts(*, referral: Referral) -> list[DeliveryAttempt]:
    return list(referral.attempts.order_by("number"))


def referral_case_panel_context(*, tenancy: Tenancy, officer) -> dict | None:
    """The case page's panel: the tenancy's referrals with their consent. Two queries."""
    referrals = list(
        Referral.objects.filter(tenancy=tenancy)
        .select_related("consent", "user")
        .order_by("-submitted_at", "-id")[:10]
    )
    if not referrals:
        return None
    return {"referrals": referrals}


def referral_tile_context(*, user, tenancies) -> dict | None:
    """The dashboard tile: shown when the tenant owes a lot (REFERRALS_LARGE_ARREARS_PENCE
    across their current tenancies' regularly charged accounts) or has an open referral. The
    dashboard passes its summaries, so arrears cost no query; one query for the referral."""
    arrears = 0
    tenancy_ids = []
    for item in tenancies:
        tenancy = getattr(item, "tenancy", item)
        tenancy_ids.append(tenancy.pk)
        for account in getattr(item, "accounts", []):
            if account.in_arrears:
                arrears += account.balance_pence
    if not tenancy_ids:
        return None
    referral = (
        Referral.objects.filter(
            user=user, tenancy_id__in=tenancy_ids, status__in=Referral.OPEN_STATUSES
        )
        .order_by("-submitted_at", "-id")
        .first()
    )
    large = arrears >= settings.REFERRALS_LARGE_ARREARS_PENCE
    if referral is None and not large:
        return None
    return {"referral": referral, "arrears_pence": arrears, "large_arrears": large}


# ------------------------------------------------------------------------------------------
# Subject access


def referrals_for_subject_access(*, user) -> list[dict]:
    return [
        {
            "id": referral.pk,
            "tenancy": referral.tenancy.reference,
            "status": referral.status,
            "topics": referral.topics,
            "contact_method": referral.contact_method,
            "contact_times": referral.contact_times,
            "needs_interpreter": referral.needs_interpreter,
            "submitted_at": referral.submitted_at.isoformat(),
            "delivered_at": referral.delivered_at.isoformat() if referral.delivered_at else None,
            "officer_note": referral.officer_note,
            "snapshot": referral.snapshot,
            "snapshot_deleted_at": (
                referral.snapshot_deleted_at.isoformat() if referral.snapshot_deleted_at else None
            ),
        }
        for referral in Referral.objects.filter(user=user).select_related("tenancy")
    ]


def consents_for_subject_access(*, user) -> list[dict]:
    return [
        {
            "referral": record.referral_id,
            "recipient": record.recipient,
            "purpose": record.purpose,
            "categories": record.categories,
            "includes_health": record.includes_health,
            "text_version": record.text_version,
            "text_sha256": record.text_sha256,
            "channel": record.channel,
            "given_at": record.given_at.isoformat(),
            "withdrawn_at": record.withdrawn_at.isoformat() if record.withdrawn_at else None,
        }
        for record in ConsentRecord.objects.filter(user=user)
    ]


def delivery_attempts_for_subject_access(*, user) -> list[dict]:
    return [
        {
            "referral": attempt.referral_id,
            "number": attempt.number,
            "outcome": attempt.outcome,
            "started_at": attempt.started_at.isoformat(),
            "finished_at": attempt.finished_at.isoformat() if attempt.finished_at else None,
        }
        for attempt in DeliveryAttempt.objects.filter(referral__user=user)
    ]


def snapshot_retention_cutoff(*, now: dt.datetime) -> dt.datetime:
    return now - dt.timedelta(days=settings.REFERRALS_SNAPSHOT_RETENTION_DAYS)
