"""Reads for the officers' side. Officers see every tenancy; these never take `user=`, and must
never be called from a tenant's view (the tenant's Breathing Space tile has its own selector,
which takes the tenancies the portal already checked)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from urllib.parse import quote

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext, ngettext

from portal.models import Tenancy, TenancyMember

from . import priority
from .models import BreathingSpace, CaseNote, VulnerabilityFlag, WorkItem

RECENT_DONE_ITEMS = 10
CASE_NOTES_SHOWN = 50


def breathing_space_active(*, tenancy: Tenancy, on: dt.date | None = None) -> BreathingSpace | None:
    """The Breathing Space in force on `on` (default today), or None."""
    on = on or timezone.localdate()
    return _breathing_spaces_on(on).filter(tenancy=tenancy).first()


def _breathing_spaces_on(on: dt.date) -> QuerySet[BreathingSpace]:
    return (
        BreathingSpace.objects.filter(starts_on__lte=on)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on))
        .filter(Q(ended_early_on__isnull=True) | Q(ended_early_on__gt=on))
    )


def breathing_space_is_active(space: BreathingSpace, *, on: dt.date) -> bool:
    """The same test as `breathing_space_active`, on a row already read."""
    return (
        space.starts_on <= on
        and (space.ends_on is None or space.ends_on >= on)
        and (space.ended_early_on is None or space.ended_early_on > on)
    )


def breathing_spaces_active_for_tenancies(
    *, tenancy_ids: list[int], on: dt.date | None = None
) -> dict[int, BreathingSpace]:
    """Each of these tenancies' Breathing Space in force on `on` (one query), for the tenant's
    dashboard tile: the caller has already limited `tenancy_ids` to the tenant's own."""
    on = on or timezone.localdate()
    found: dict[int, BreathingSpace] = {}
    for space in _breathing_spaces_on(on).filter(tenancy_id__in=tenancy_ids):
        found.setdefault(space.tenancy_id, space)
    return found


def tenancy_is_vulnerable(*, tenancy: Tenancy) -> bool:
    return VulnerabilityFlag.objects.filter(tenancy=tenancy, cleared_at__isnull=True).exists()


def work_items_active_for_subject(*, subject_type: str, subject_id: str):
    return WorkItem.objects.filter(
        subject_type=subject_type, subject_id=str(subject_id), status__in=WorkItem.ACTIVE_STATUSES
    )


# ------------------------------------------------------------------------------------------
# The queue

STATUS_ACTIVE = "active"  # open or in progress: the queue's default
WHO_MINE = "mine"
WHO_UNASSIGNED = "unassigned"
SORT_PRIORITY = "priority"
SORT_DUE = "due"


@dataclass(frozen=True)
class QueueFilter:
    """What the officer asked the queue to show. Values were checked by the form."""

    kind: str = ""
    status: str = STATUS_ACTIVE
    who: str = ""
    overdue: bool = False
    sort: str = SORT_PRIORITY


def work_items_queue(
    *, officer, queue_filter: QueueFilter, now: dt.datetime | None = None
) -> QuerySet[WorkItem]:
    """The queue, filtered and sorted. Each ordering has an index (see WorkItem.Meta), so the
    first page is a short index scan however many items are open."""
    now = now or timezone.now()
    items = WorkItem.objects.select_related("tenancy", "assignee")
    if queue_filter.status == STATUS_ACTIVE:
        items = items.filter(status__in=WorkItem.ACTIVE_STATUSES)
    else:
        items = items.filter(status=queue_filter.status)
    if queue_filter.kind:
        items = items.filter(kind=queue_filter.kind)
    if queue_filter.who == WHO_MINE:
        items = items.filter(assignee=officer)
    elif queue_filter.who == WHO_UNASSIGNED:
        items = items.filter(assignee__isnull=True)
    if queue_filter.overdue:
        items = items.filter(due_at__lt=now)
    if queue_filter.sort == SORT_DUE:
        return items.order_by("due_at", "id")
    return items.order_by("-rank", "id")


@dataclass(frozen=True)
class ItemAction:
    name: str  # assign, release or done
    url: str


ACTION_ROUTES = {
    "assign": "casework:item_assign",
    "release": "casework:item_release",
    "done": "casework:item_done",
}
STATUS_TAGS = {WorkItem.Status.IN_PROGRESS: "blue", WorkItem.Status.DONE: "green"}


@dataclass(frozen=True)
class QueueRow:
    """One work item as the queue and the case page show it: its score now, in parts, and
    what the officer looking at it may do (the services decide again when they do it).
    Everything the row shows is worked out here once, so the template only prints it."""

    item: WorkItem
    parts: list[priority.PriorityPart]
    overdue: bool
    when: str
    actions: list[ItemAction]
    kind_label: str
    status_label: str
    status_tag: str
    assignee_label: str
    reference: str
    case_url: str

    @property
    def score(self) -> int:
        return sum(part.points for part in self.parts)

    @property
    def score_words(self) -> str:
        return ngettext("%(points)d point", "%(points)d points", self.score) % {
            "points": self.score
        }


class _Urls:
    """The case page's and the item actions' URLs, reversed once per call of `queue_rows`
    and filled in per row (reversing 100 URLs was a tenth of the queue page's time)."""

    def __init__(self):
        self.case = reverse("casework:case", args=["REF"]).removesuffix("REF/")
        self.actions = {
            name: reverse(route, args=[0]).split("/0/") for name, route in ACTION_ROUTES.items()
        }

    def case_url(self, reference: str) -> str:
        return f"{self.case}{quote(reference, safe='')}/"

    def action(self, name: str, item_id: int) -> ItemAction:
        before, after = self.actions[name]
        return ItemAction(name, f"{before}/{item_id}/{after}")


def item_action_names(item: WorkItem, *, officer) -> list[str]:
    """What this officer may do with the item, by the same rules as the services."""
    if item.status == WorkItem.Status.DONE:
        return []
    mine = officer is not None and item.assignee_id == officer.pk
    names = []
    if item.status == WorkItem.Status.OPEN and item.assignee_id is None:
        names.append("assign")
    if item.status == WorkItem.Status.IN_PROGRESS and mine:
        names.append("release")
    if item.assignee_id is None or mine:
        names.append("done")
    return names


def _day(moment: dt.datetime) -> str:
    """ "5 January 2027" (Django's date filter parses its format string on every call, which
    was most of the time the queue spent on 25 rows)."""
    moment = timezone.localtime(moment)
    return f"{moment.day} {MONTHS[moment.month]} {moment.year}"


def queue_rows(items, *, officer=None, now: dt.datetime | None = None) -> list[QueueRow]:
    """The score of each item now: its stored parts plus its age (no queries; `items` come
    with their tenancy and assignee)."""
    now = now or timezone.now()
    urls = _Urls()
    kinds = dict(WorkItem.Kind.choices)
    statuses = dict(WorkItem.Status.choices)
    you, no_one = gettext("You"), gettext("No one yet")
    rows = []
    for item in items:
        parts = [
            priority.PriorityPart(part["label"], int(part["points"]))
            for part in item.priority_parts or []
        ]
        done = item.status == WorkItem.Status.DONE
        if done:
            when = gettext("Done %(date)s") % {"date": _day(item.done_at or now)}
        else:
            parts.append(priority.age_part(created_at=item.created_at, now=now))
            due = timezone.localtime(item.due_at)
            when = f"{_day(due)} {due:%H:%M}"
        if item.assignee_id is None:
            assignee = no_one
        elif officer is not None and item.assignee_id == officer.pk:
            assignee = you
        else:
            assignee = item.assignee.get_full_name()
        reference = item.tenancy.reference
        rows.append(
            QueueRow(
                item=item,
                parts=parts,
                overdue=not done and item.due_at < now,
                when=when,
                actions=[
                    urls.action(name, item.pk) for name in item_action_names(item, officer=officer)
                ],
                kind_label=kinds.get(item.kind, item.kind),
                status_label=statuses.get(item.status, item.status),
                status_tag=STATUS_TAGS.get(item.status, ""),
                assignee_label=assignee,
                reference=reference,
                case_url=urls.case_url(reference),
            )
        )
    return rows


# ------------------------------------------------------------------------------------------
# The case page


def case_tenancy_get(*, reference: str) -> Tenancy:
    """The tenancy with this reference and its people, for officers; 404 if there is none."""
    if "\x00" in reference:  # PostgreSQL refuses NUL in text: no such reference can exist
        raise Http404("No such tenancy")
    tenancy = (
        Tenancy.objects.filter(reference=reference)
        .prefetch_related(
            Prefetch(
                "members",
                queryset=TenancyMember.objects.select_related("user").order_by("role", "id"),
            )
        )
        .first()
    )
    if tenancy is None:
        raise Http404("No such tenancy")
    return tenancy


@dataclass
class CaseWork:
    """The officers' own records on a case: Breathing Spaces, flags, items and notes."""

    breathing_spaces: list[BreathingSpace] = field(default_factory=list)
    active_breathing_space: BreathingSpace | None = None
    flags: list[VulnerabilityFlag] = field(default_factory=list)
    active_flag: VulnerabilityFlag | None = None
    active_items: list[QueueRow] = field(default_factory=list)
    recent_items: list[QueueRow] = field(default_factory=list)
    notes: list[CaseNote] = field(default_factory=list)


def case_work_for_tenancy(
    *,
    tenancy: Tenancy,
    officer=None,
    today: dt.date | None = None,
    now: dt.datetime | None = None,
) -> CaseWork:
    """Five queries, however long the case's history."""
    now = now or timezone.now()
    today = today or timezone.localdate()
    spaces = list(BreathingSpace.objects.filter(tenancy=tenancy).select_related("recorded_by")[:20])
    flags = list(VulnerabilityFlag.objects.filter(tenancy=tenancy).select_related("recorded_by"))
    active_items = WorkItem.objects.filter(
        tenancy=tenancy, status__in=WorkItem.ACTIVE_STATUSES
    ).select_related("tenancy", "assignee")
    recent_items = (
        WorkItem.objects.filter(tenancy=tenancy, status=WorkItem.Status.DONE)
        .select_related("tenancy", "assignee")
        .order_by("-done_at", "-id")[:RECENT_DONE_ITEMS]
    )
    notes = list(
        CaseNote.objects.filter(tenancy=tenancy).select_related("author")[:CASE_NOTES_SHOWN]
    )
    return CaseWork(
        breathing_spaces=spaces,
        active_breathing_space=next(
            (space for space in spaces if breathing_space_is_active(space, on=today)), None
        ),
        flags=flags,
        active_flag=next((flag for flag in flags if flag.cleared_at is None), None),
        active_items=queue_rows(active_items.order_by("-rank", "id"), officer=officer, now=now),
        recent_items=queue_rows(recent_items, officer=officer, now=now),
        notes=notes,
    )
