"""The officers' records about a tenancy: work items, case notes, Breathing Space and the
vulnerability flag. What a tenant gets in their subject access export, and how long each is
kept (docs/privacy.md). Registered from `CaseworkConfig.ready()`.

Staff are never named in the export ("a member of staff"): their names are their own personal
data, and the tenant's right of access is to the data about them.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from portal.privacy import PersonalData, cutoff, register_personal_data
from portal.selectors import tenancies_for_user

from .models import BreathingSpace, CaseNote, VulnerabilityFlag, WorkItem

CASE_RECORD = (
    "Kept with the tenancy's case record for 6 years after the tenancy ends, so that we can "
    "show how we dealt with your account."
)


def work_items_export(*, user) -> list[dict]:
    items = WorkItem.objects.filter(tenancy__in=tenancies_for_user(user=user)).select_related(
        "tenancy"
    )
    return [
        {
            "tenancy_reference": item.tenancy.reference,
            "what": item.get_kind_display(),
            "summary": item.summary,
            "status": item.get_status_display(),
            "opened": item.created_at,
            "due": item.due_at,
            "done": item.done_at,
            "outcome": item.outcome,
        }
        for item in items.order_by("created_at", "id")
    ]


def case_notes_export(*, user) -> list[dict]:
    notes = CaseNote.objects.filter(tenancy__in=tenancies_for_user(user=user)).select_related(
        "tenancy"
    )
    return [
        {
            "tenancy_reference": note.tenancy.reference,
            "written": note.created_at,
            "by": "a member of staff",
            "note": note.text,
        }
        for note in notes.order_by("created_at", "id")
    ]


def breathing_spaces_export(*, user) -> list[dict]:
    spaces = BreathingSpace.objects.filter(
        tenancy__in=tenancies_for_user(user=user)
    ).select_related("tenancy")
    return [
        {
            "tenancy_reference": space.tenancy.reference,
            "kind": space.get_kind_display(),
            "insolvency_service_reference": space.reference,
            "starts": space.starts_on,
            "ends": space.ends_on,
            "ended_early": space.ended_early_on,
            "accounts_covered": space.account_references or "all",
            "recorded": space.recorded_at,
        }
        for space in spaces.order_by("starts_on", "id")
    ]


def vulnerability_flags_export(*, user) -> list[dict]:
    flags = VulnerabilityFlag.objects.filter(
        tenancy__in=tenancies_for_user(user=user)
    ).select_related("tenancy")
    return [
        {
            "tenancy_reference": flag.tenancy.reference,
            "extra_care_because": flag.get_category_display(),
            "recorded": flag.recorded_at,
            "cleared": flag.cleared_at,
        }
        for flag in flags.order_by("recorded_at", "id")
    ]


def cleared_vulnerability_flags_retain(*, today: dt.date) -> int:
    """Delete flags cleared longer ago than the period: a flag can say "health or disability"
    (special category data) and, once cleared, is kept only long enough to explain decisions
    made while it stood."""
    days = settings.PRIVACY_RETENTION_DAYS_VULNERABILITY_FLAG_CLEARED
    deleted, _ = VulnerabilityFlag.objects.filter(
        cleared_at__lt=cutoff(today=today, days=days)
    ).delete()
    return deleted


def register() -> None:
    register_personal_data(
        PersonalData(
            model="casework.WorkItem",
            title=_("Work our officers have done on your account"),
            export=work_items_export,
            retention_reason=CASE_RECORD,
        )
    )
    register_personal_data(
        PersonalData(
            model="casework.CaseNote",
            title=_("Our officers' notes"),
            export=case_notes_export,
            retention_reason=CASE_RECORD,
        )
    )
    register_personal_data(
        PersonalData(
            model="casework.BreathingSpace",
            title=_("Breathing Space (debt respite)"),
            export=breathing_spaces_export,
            retention_reason=(
                "Kept for 6 years after it ends: it is the record that we paused action on "
                "your debts as the Debt Respite Scheme requires."
            ),
        )
    )
    register_personal_data(
        PersonalData(
            model="casework.VulnerabilityFlag",
            title=_("Extra care we give you"),
            export=vulnerability_flags_export,
            retention_days=settings.PRIVACY_RETENTION_DAYS_VULNERABILITY_FLAG_CLEARED,
            retain=cleared_vulnerability_flags_retain,
        )
    )
