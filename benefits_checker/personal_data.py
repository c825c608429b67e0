"""The benefits check's personal data: each stored check, with the answers (which can include
health and disability, special category data) and the estimate. What a tenant gets in their
subject access export, and how long it is kept (docs/privacy.md). Registered from
`BenefitsCheckerConfig.ready()`."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.db import transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils.translation import gettext_lazy as _

from portal.privacy import PersonalData, cutoff, register_personal_data

from .models import BenefitsCheck

logger = logging.getLogger(__name__)


def benefits_checks_export(*, user) -> list[dict]:
    """The user's own checks, oldest first: what they told us and what we estimated."""
    checks = BenefitsCheck.objects.filter(user=user).select_related("tenancy")
    return [
        {
            "tenancy_reference": check.tenancy.reference,
            "made": check.created_at,
            "estimated_for": check.estimated_on,
            "rates_used": check.rates_version,
            "total_monthly_pence": check.total_monthly_pence,
            "missing_monthly_pence": check.missing_monthly_pence,
            "includes_health_or_disability": check.involves_health_data,
            "shared_with_your_housing_officer": check.share_with_officer,
            "added_to_your_budget": check.added_to_budget_at,
            "your_answers": check.answers,
            "our_estimate": check.results,
        }
        for check in checks.order_by("created_at", "id")
    ]


def benefits_checks_retain(*, today: dt.date) -> int:
    """Delete checks older than the retention period: an estimate is for one year's rates,
    and the answers may be about health. A check another record still points at (PROTECT or
    RESTRICT) is kept as long as that record is. Returns the number of checks deleted."""
    days = settings.PRIVACY_RETENTION_DAYS_BENEFITS_CHECK
    deleted = 0
    old = BenefitsCheck.objects.filter(created_at__lt=cutoff(today=today, days=days))
    for check_id in old.values_list("pk", flat=True).order_by("pk"):
        try:
            with transaction.atomic():
                _, counts = BenefitsCheck.objects.filter(pk=check_id).delete()
        except (ProtectedError, RestrictedError):
            logger.info("benefits check kept past retention: still referenced check=%s", check_id)
            continue
        deleted += counts.get(BenefitsCheck._meta.label, 0)
    return deleted


def register() -> None:
    register_personal_data(
        PersonalData(
            model="benefits_checker.BenefitsCheck",
            title=_("Your benefits and grants checks"),
            export=benefits_checks_export,
            retention_days=settings.PRIVACY_RETENTION_DAYS_BENEFITS_CHECK,
            retain=benefits_checks_retain,
        )
    )
