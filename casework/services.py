"""Writes for the officers' side. Domain apps open and close work items here with a generic
subject (a type label such as "arrangements.arrangement" and an id) and a link to their own
officer view; `casework` never imports them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from portal.audit import audit_record
from portal.models import Tenancy
from portal.selectors import tenancy_summary

from . import priority
from .models import WorkItem
from .selectors import breathing_space_active, tenancy_is_vulnerable


def _weeks_owed(tenancy: Tenancy) -> Decimal | None:
    summary = tenancy_summary(tenancy=tenancy)
    weeks = [Decimal(s.weeks_in_arrears) for s in summary.accounts if s.weeks_in_arrears]
    return sum(weeks, Decimal(0)) if weeks else None


def _priority_for(tenancy: Tenancy) -> tuple[int, list[dict]]:
    parts = priority.priority_parts(
        weeks_owed=_weeks_owed(tenancy),
        vulnerable=tenancy_is_vulnerable(tenancy=tenancy),
        breathing_space=breathing_space_active(tenancy=tenancy) is not None,
    )
    return sum(part.points for part in parts), [
        {"label": part.label, "points": part.points} for part in parts
    ]


def service_level(kind: str) -> dt.timedelta:
    hours = settings.CASEWORK_SERVICE_LEVEL_HOURS.get(
        kind, settings.CASEWORK_SERVICE_LEVEL_HOURS["default"]
    )
    return dt.timedelta(hours=hours)


def work_item_open(
    *,
    kind: str,
    tenancy: Tenancy,
    subject_type: str,
    subject_id: str,
    summary: str,
    link: str = "",
    actor=None,
    now: dt.datetime | None = None,
) -> WorkItem:
    """Open a work item for this subject, or return the one already open for it (so calling
    twice, or from a retried task, makes one item). `summary` is a short label with no
    personal data ("Plan of £25.00 a week to decide")."""
    now = now or timezone.now()
    subject_id = str(subject_id)
    existing = WorkItem.objects.filter(
        kind=kind,
        subject_type=subject_type,
        subject_id=subject_id,
        status__in=WorkItem.ACTIVE_STATUSES,
    ).first()
    if existing:
        return existing
    points, parts = _priority_for(tenancy)
    try:
        with transaction.atomic():
            item = WorkItem.objects.create(
                kind=kind,
                tenancy=tenancy,
                subject_type=subject_type,
                subject_id=subject_id,
                summary=summary[:200],
                link=link,
                created_at=now,
                due_at=now + service_level(kind),
                priority_points=points,
                priority_parts=parts,
                rank=priority.rank_for(points=points, created_at=now),
            )
    except IntegrityError:  # opened by someone else a moment ago
        return WorkItem.objects.get(
            kind=kind,
            subject_type=subject_type,
            subject_id=subject_id,
            status__in=WorkItem.ACTIVE_STATUSES,
        )
    audit_record(
        action="work_item.opened",
        actor=actor,
        tenancy=tenancy,
        subject=item,
        detail={"kind": kind, "subject": f"{subject_type}:{subject_id}"},
    )
    return item


def work_item_close(
    *,
    subject_type: str,
    subject_id: str,
    kind: str | None = None,
    actor=None,
    outcome: str = "",
) -> int:
    """Close the active items for this subject (of one kind, or all). Returns how many closed;
    closing what is already closed changes nothing."""
    items = WorkItem.objects.filter(
        subject_type=subject_type, subject_id=str(subject_id), status__in=WorkItem.ACTIVE_STATUSES
    )
    if kind:
        items = items.filter(kind=kind)
    closed = 0
    for item in items.select_related("tenancy"):
        changed = WorkItem.objects.filter(pk=item.pk, status__in=WorkItem.ACTIVE_STATUSES).update(
            status=WorkItem.Status.DONE, done_at=timezone.now(), outcome=outcome[:200]
        )
        if changed:
            closed += 1
            audit_record(
                action="work_item.closed",
                actor=actor,
                tenancy=item.tenancy,
                subject=item,
                detail={"kind": item.kind, "outcome": outcome[:200]},
            )
    return closed


def work_items_reprioritise(*, tenancy: Tenancy) -> int:
    """Recompute the points of a tenancy's active items after its arrears, vulnerability flag
    or Breathing Space change."""
    points, parts = _priority_for(tenancy)
    updated = 0
    for item in WorkItem.objects.filter(tenancy=tenancy, status__in=WorkItem.ACTIVE_STATUSES):
        item.priority_points = points
        item.priority_parts = parts
        item.rank = priority.rank_for(points=points, created_at=item.created_at)
        item.save(update_fields=["priority_points", "priority_parts", "rank"])
        updated += 1
    return updated
