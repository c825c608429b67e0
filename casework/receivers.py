"""Work asked for by apps that may not import casework (payments, budgeting), through
`portal.signals`. Each receiver calls one service."""

from portal.models import Tenancy

from .services import work_item_close, work_item_open


def open_work_item(sender, *, kind, tenancy_id, subject_type, subject_id, summary, link="", **_):
    work_item_open(
        kind=kind,
        tenancy=Tenancy.objects.get(pk=tenancy_id),
        subject_type=subject_type,
        subject_id=str(subject_id),
        summary=summary,
        link=link,
    )


def close_work_item(sender, *, subject_type, subject_id, kind=None, outcome="", **_):
    work_item_close(
        subject_type=subject_type, subject_id=str(subject_id), kind=kind, outcome=outcome
    )
