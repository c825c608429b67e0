"""Reads for the officers' side. Officers see every tenancy; these never take `user=`."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils import timezone

from portal.models import Tenancy

from .models import BreathingSpace, VulnerabilityFlag, WorkItem


def breathing_space_active(*, tenancy: Tenancy, on: dt.date | None = None) -> BreathingSpace | None:
    """The Breathing Space in force on `on` (default today), or None."""
    on = on or timezone.localdate()
    return (
        BreathingSpace.objects.filter(tenancy=tenancy, starts_on__lte=on)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on))
        .filter(Q(ended_early_on__isnull=True) | Q(ended_early_on__gt=on))
        .first()
    )


def tenancy_is_vulnerable(*, tenancy: Tenancy) -> bool:
    return VulnerabilityFlag.objects.filter(tenancy=tenancy, cleared_at__isnull=True).exists()


def work_items_active_for_subject(*, subject_type: str, subject_id: str):
    return WorkItem.objects.filter(
        subject_type=subject_type, subject_id=str(subject_id), status__in=WorkItem.ACTIVE_STATUSES
    )
