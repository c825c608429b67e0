"""Referrals for tests, made through the services (so consent and the snapshot are real)."""

from __future__ import annotations

from referrals import services

ANSWERS = {
    "topics": ["debt", "energy"],
    "topic_details": "",
    "contact_method": "phone",
    "phone": "07700 900 982",
    "email": "",
    "contact_times": ["morning"],
    "interpreter": "no",
    "interpreter_language": "",
    "health_needs": "",
}


def answers(**changes) -> dict:
    return {**ANSWERS, **changes}


def submitted_referral(*, user, tenancy, categories=("core",), **changes):
    return services.referral_submit(
        user=user, tenancy=tenancy, answers=answers(**changes), categories=list(categories)
    )
