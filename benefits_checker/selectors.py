"""Reads for the benefits check. Tenant reads take `user=` and go through
portal.selectors.tenancies_for_user, the access chokepoint: another tenant's tenancy or check
is a 404, exactly as if it did not exist."""

from __future__ import annotations

import datetime as dt

from django.http import Http404

from portal.models import Tenancy, TenancyMember
from portal.selectors import tenancies_for_user

from .engine.pension_age import age_on
from .models import BenefitsCheck, CouncilTaxScheme, GrantScheme


def check_tenancies_for_user(*, user) -> list[Tenancy]:
    """The user's current tenancies, oldest first (the ones a check can be about)."""
    return list(
        tenancies_for_user(user=user).filter(end_date__isnull=True).order_by("start_date", "id")
    )


def tenancy_get_for_check(*, user, reference: str | None) -> Tenancy:
    """The user's current tenancy with this reference (or their first), else 404."""
    tenancies = check_tenancies_for_user(user=user)
    if reference is None and tenancies:
        return tenancies[0]
    for tenancy in tenancies:
        if tenancy.reference == reference:
            return tenancy
    raise Http404("No such tenancy")


def tenancy_people(*, user, tenancy: Tenancy, on: dt.date) -> list[dict]:
    """Everyone on the tenancy, the user first, with their age on `on`."""
    if not tenancies_for_user(user=user).filter(pk=tenancy.pk).exists():
        raise Http404("No such tenancy")
    members = TenancyMember.objects.filter(tenancy=tenancy).order_by("id")
    people = [
        {
            "id": member.pk,
            "name": member.name,
            "date_of_birth": member.date_of_birth,
            "age": age_on(member.date_of_birth, on),
            "role": member.role,
            "is_me": member.user_id == user.pk,
        }
        for member in members
    ]
    people.sort(key=lambda person: not person["is_me"])
    if not people or not people[0]["is_me"]:
        raise Http404("You are not on this tenancy")
    return people


def check_get_for_user(*, user, check_id: int) -> BenefitsCheck:
    check = (
        BenefitsCheck.objects.select_related("tenancy")
        .filter(pk=check_id, user=user, tenancy__in=tenancies_for_user(user=user))
        .first()
    )
    if check is None:
        raise Http404("No such check")
    return check


def latest_check_for_user(*, user) -> BenefitsCheck | None:
    return (
        BenefitsCheck.objects.filter(user=user, tenancy__in=tenancies_for_user(user=user))
        .order_by("-created_at", "-id")
        .first()
    )


def latest_check_for_tenancy(*, tenancy: Tenancy) -> BenefitsCheck | None:
    """For officers: the newest check on a tenancy (callers check consent before showing
    health details)."""
    return BenefitsCheck.objects.filter(tenancy=tenancy).order_by("-created_at", "-id").first()


def grant_schemes_active() -> list[GrantScheme]:
    return list(GrantScheme.objects.filter(active=True).order_by("name"))


def council_tax_scheme_default() -> CouncilTaxScheme | None:
    return CouncilTaxScheme.objects.filter(is_default=True).first()
