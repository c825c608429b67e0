"""Writes for the officers' side. Domain apps open and close work items here with a generic
subject (a type label such as "arrangements.arrangement" and an id) and a link to their own
officer view; `casework` never imports them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from portal.audit import audit_record
from portal.models import Account, Tenancy
from portal.selectors import tenancy_summary

from . import priority
from .models import BreathingSpace, CaseNote, VulnerabilityFlag, WorkItem
from .selectors import breathing_space_active, tenancy_is_vulnerable

BREATHING_SPACE_STANDARD_DAYS = 60


def _weeks_owed(tenancy: Tenancy) -> Decimal | None:
    """Weeks of rent the rent account is behind. Other accounts (a garage, say) have their own
    weekly charge, and adding their weeks to the rent's would overstate the arrears."""
    summary = tenancy_summary(tenancy=tenancy)
    weeks = [
        Decimal(s.weeks_in_arrears)
        for s in summary.accounts
        if s.account.kind == Account.Kind.RENT and s.weeks_in_arrears
    ]
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


# ------------------------------------------------------------------------------------------
# Officers working the queue


class WorkItemConflict(Exception):
    """The item was not in a state that allows this (someone else got there first). The
    message is for the officer."""


def work_item_take_next(
    *, officer, kind: str = "", now: dt.datetime | None = None
) -> WorkItem | None:
    """Give the officer the top unassigned open item (of one kind, or any), or None.

    The candidate row is locked with FOR UPDATE SKIP LOCKED, so officers pressing "Take next"
    at the same moment each lock a different row and never get the same item. The update is
    still conditional, so on a database without row locks (SQLite) a lost race is retried
    rather than giving an item twice."""
    now = now or timezone.now()
    for _ in range(5):
        with transaction.atomic():
            candidates = WorkItem.objects.filter(status=WorkItem.Status.OPEN, assignee__isnull=True)
            if kind:
                candidates = candidates.filter(kind=kind)
            item = (
                candidates.select_for_update(skip_locked=True, of=("self",))
                .select_related("tenancy")
                .order_by("-rank", "id")
                .first()
            )
            if item is None:
                return None
            taken = WorkItem.objects.filter(
                pk=item.pk, status=WorkItem.Status.OPEN, assignee__isnull=True
            ).update(status=WorkItem.Status.IN_PROGRESS, assignee=officer)
            if not taken:
                continue
            item.status = WorkItem.Status.IN_PROGRESS
            item.assignee = officer
            audit_record(
                action="work_item.taken",
                actor=officer,
                tenancy=item.tenancy,
                subject=item,
                detail={"kind": item.kind, "how": "take_next"},
            )
            return item
    return None


def _work_item_change(
    *, item_id: int, officer, action: str, allowed: Q, changes: dict, refusal: str
) -> WorkItem:
    with transaction.atomic():
        changed = WorkItem.objects.filter(allowed, pk=item_id).update(**changes)
        item = WorkItem.objects.select_related("tenancy", "assignee").filter(pk=item_id).first()
        if item is None:
            raise WorkItemConflict("That work item does not exist.")
        if not changed:
            raise WorkItemConflict(refusal)
        audit_record(
            action=action,
            actor=officer,
            tenancy=item.tenancy,
            subject=item,
            detail={"kind": item.kind, "status": item.status},
        )
    return item


def work_item_assign_to_me(*, item_id: int, officer) -> WorkItem:
    """Take one open, unassigned item."""
    return _work_item_change(
        item_id=item_id,
        officer=officer,
        action="work_item.taken",
        allowed=Q(status=WorkItem.Status.OPEN, assignee__isnull=True),
        changes={"status": WorkItem.Status.IN_PROGRESS, "assignee": officer},
        refusal="Someone else has already taken this item, or it is done.",
    )


def work_item_release(*, item_id: int, officer) -> WorkItem:
    """Put an item the officer holds back in the queue, unassigned."""
    return _work_item_change(
        item_id=item_id,
        officer=officer,
        action="work_item.released",
        allowed=Q(status=WorkItem.Status.IN_PROGRESS, assignee=officer),
        changes={"status": WorkItem.Status.OPEN, "assignee": None},
        refusal="You can only release an item you are working on.",
    )


def work_item_mark_done(*, item_id: int, officer, now: dt.datetime | None = None) -> WorkItem:
    """Mark an item done: one that is unassigned or the officer's own (not a colleague's)."""
    return _work_item_change(
        item_id=item_id,
        officer=officer,
        action="work_item.done",
        allowed=Q(status__in=WorkItem.ACTIVE_STATUSES)
        & (Q(assignee__isnull=True) | Q(assignee=officer)),
        changes={
            "status": WorkItem.Status.DONE,
            "assignee": officer,
            "done_at": now or timezone.now(),
            "outcome": "Marked done by an officer",
        },
        refusal="This item is already done, or a colleague is working on it.",
    )


# ------------------------------------------------------------------------------------------
# The case: Breathing Space, the vulnerability flag, notes


class CaseConflict(Exception):
    """The case is not in a state that allows this. The message is for the officer."""


def _lock_tenancy(tenancy: Tenancy) -> None:
    """Serialise changes to one case's Breathing Space and flag (two officers at once)."""
    Tenancy.objects.select_for_update().filter(pk=tenancy.pk).values_list("pk").first()


def breathing_space_record(
    *,
    tenancy: Tenancy,
    officer,
    kind: str,
    starts_on: dt.date,
    reference: str = "",
    today: dt.date | None = None,
) -> BreathingSpace:
    """Record a Breathing Space. A standard one ends 60 days after it starts; a mental health
    crisis one lasts until an officer ends it (crisis treatment plus 30 days). Refused while
    another is in force."""
    today = today or timezone.localdate()
    ends_on = (
        starts_on + dt.timedelta(days=BREATHING_SPACE_STANDARD_DAYS - 1)
        if kind == BreathingSpace.Kind.STANDARD
        else None
    )
    with transaction.atomic():
        _lock_tenancy(tenancy)
        current = breathing_space_active(tenancy=tenancy, on=today)
        if current is not None:
            raise CaseConflict("There is already a Breathing Space in place on this tenancy.")
        space = BreathingSpace.objects.create(
            tenancy=tenancy,
            kind=kind,
            reference=reference,
            starts_on=starts_on,
            ends_on=ends_on,
            recorded_by=officer,
        )
        audit_record(
            action="breathing_space.recorded", actor=officer, tenancy=tenancy, subject=space
        )
    work_items_reprioritise(tenancy=tenancy)
    return space


def breathing_space_end(
    *, tenancy: Tenancy, officer, today: dt.date | None = None
) -> BreathingSpace:
    """End the Breathing Space in force today (from today)."""
    today = today or timezone.localdate()
    with transaction.atomic():
        _lock_tenancy(tenancy)
        space = breathing_space_active(tenancy=tenancy, on=today)
        if space is None:
            raise CaseConflict("There is no Breathing Space in place to end.")
        BreathingSpace.objects.filter(pk=space.pk, ended_early_on__isnull=True).update(
            ended_early_on=today
        )
        space.ended_early_on = today
        audit_record(action="breathing_space.ended", actor=officer, tenancy=tenancy, subject=space)
    work_items_reprioritise(tenancy=tenancy)
    return space


def vulnerability_flag_set(*, tenancy: Tenancy, officer, category: str) -> VulnerabilityFlag:
    """Flag the tenancy as needing extra care. Refused if it is already flagged."""
    with transaction.atomic():
        _lock_tenancy(tenancy)
        if VulnerabilityFlag.objects.filter(tenancy=tenancy, cleared_at__isnull=True).exists():
            raise CaseConflict("This tenancy is already flagged as needing extra care.")
        flag = VulnerabilityFlag.objects.create(
            tenancy=tenancy, category=category, recorded_by=officer
        )
        # The category may be health: the audit keeps the id only.
        audit_record(action="vulnerability_flag.set", actor=officer, tenancy=tenancy, subject=flag)
    work_items_reprioritise(tenancy=tenancy)
    return flag


def vulnerability_flag_clear(*, tenancy: Tenancy, officer) -> int:
    """Clear the tenancy's flag. Returns how many were cleared (0 if none was set)."""
    with transaction.atomic():
        _lock_tenancy(tenancy)
        flags = list(VulnerabilityFlag.objects.filter(tenancy=tenancy, cleared_at__isnull=True))
        cleared = VulnerabilityFlag.objects.filter(
            pk__in=[flag.pk for flag in flags], cleared_at__isnull=True
        ).update(cleared_at=timezone.now())
        for flag in flags:
            audit_record(
                action="vulnerability_flag.cleared", actor=officer, tenancy=tenancy, subject=flag
            )
    if cleared:
        work_items_reprioritise(tenancy=tenancy)
    return cleared


def case_note_add(*, tenancy: Tenancy, officer, text: str) -> CaseNote:
    """Add a note to the case's timeline. The audit says a note was added, never what it says."""
    with transaction.atomic():
        note = CaseNote.objects.create(tenancy=tenancy, author=officer, text=text)
        audit_record(action="case.note_added", actor=officer, tenancy=tenancy, subject=note)
    return note


def case_view_record(*, tenancy: Tenancy, officer) -> None:
    """Record that an officer opened the case page."""
    audit_record(action="case.viewed", actor=officer, tenancy=tenancy, subject=tenancy)


def case_special_category_viewed(*, tenancy: Tenancy, officer, source: str, shown: list[str]):
    """Record that the case page showed special category data (health, disability): what kind
    of record was shown, never its content."""
    audit_record(
        action="case.special_category_viewed",
        actor=officer,
        tenancy=tenancy,
        subject=tenancy,
        detail={"source": source, "shown": shown},
    )
