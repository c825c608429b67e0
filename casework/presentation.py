"""Words for the case page's audit trail (no queries here)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

# What each audit action means, in words. Actions other apps record that are not listed here
# are shown by their code, which still says who did what, when.
ACTION_WORDS = {
    "case.viewed": _("Opened the case"),
    "case.note_added": _("Added a note"),
    "case.special_category_viewed": _("Was shown health or disability information"),
    "work_item.opened": _("Work item opened"),
    "work_item.closed": _("Work item closed"),
    "work_item.taken": _("Took a work item"),
    "work_item.released": _("Released a work item"),
    "work_item.done": _("Marked a work item done"),
    "breathing_space.recorded": _("Recorded a Breathing Space"),
    "breathing_space.ended": _("Ended a Breathing Space"),
    "vulnerability_flag.set": _("Flagged as needing extra care"),
    "vulnerability_flag.cleared": _("Cleared the extra care flag"),
}


@dataclass(frozen=True)
class AuditRow:
    at: object
    who: str
    what: str
    action: str


def audit_rows(events) -> list[AuditRow]:
    rows = []
    for event in events:
        rows.append(
            AuditRow(
                at=event.at,
                who=(event.actor.get_full_name() if event.actor else str(_("The system"))),
                what=str(ACTION_WORDS.get(event.action, event.action)),
                action=event.action,
            )
        )
    return rows
