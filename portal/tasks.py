"""Background work for the portal. Tasks take names or ids only, and call one service each."""

from __future__ import annotations

import logging

from celery import shared_task
from django.db import DatabaseError, InterfaceError, OperationalError

from . import imports

logger = logging.getLogger(__name__)

# Faults worth another try: the database went away or timed out, a lock wait was cut short.
TRANSIENT_ERRORS = (OperationalError, InterfaceError)


@shared_task(bind=True, acks_late=True, max_retries=3)
def import_dropped_files(self) -> list[str]:
    """Beat task: queue one import per CSV file waiting in HMS_DROP_DIR.

    Safe to run as often as you like: a file already imported is moved to done/ without
    loading anything, and one being imported is left to the worker holding its lock.
    """
    names = imports.hms_drop_pending()
    for name in names:
        import_hms_file.delay_on_commit(name)
    logger.info("hms drop: queued %s files", len(names))
    return names


@shared_task(bind=True, acks_late=True, max_retries=3)
def import_hms_file(self, name: str) -> int | None:
    """Import one file from HMS_DROP_DIR by its name (never its contents) and move it to done/
    or failed/. Retries database faults with backoff; a file that still fails is set aside."""
    try:
        run = imports.hms_dropped_file_import(name=name)
    except TRANSIENT_ERRORS as exc:
        if self.request.retries >= self.max_retries:
            imports.hms_dropped_file_set_aside(name=name)
            logger.error("hms drop: gave up on %s after %s tries", name, self.request.retries + 1)
            raise
        raise self.retry(exc=exc, countdown=30 * 2**self.request.retries) from exc
    except DatabaseError:
        # A fault in the data the database refused: trying again would fail the same way.
        imports.hms_dropped_file_set_aside(name=name)
        raise
    return run.pk if run is not None else None


@shared_task(bind=True, acks_late=True, max_retries=3)
def personal_data_retain(self, today: str | None = None) -> dict[str, int]:
    """Beat task, daily: delete or strip personal data past its retention period, through each
    registered `retain(today=...)` (portal/privacy.py), and delete ended sessions.

    Safe to run twice: the second run for a day changes nothing. `today` (ISO date) is for
    re-running a missed day by hand; the beat sends nothing.
    """
    import datetime as dt

    from .audit import audit_record
    from .privacy import personal_data_retain_all

    day = dt.date.fromisoformat(today) if today else None
    try:
        changed = personal_data_retain_all(today=day)
    except TRANSIENT_ERRORS as exc:
        raise self.retry(exc=exc, countdown=300 * 2**self.request.retries) from exc
    removed = {model: count for model, count in changed.items() if count}
    if removed:  # a run that found nothing writes nothing, not even an audit event
        audit_record(action="data.retention", detail={"changed": removed})
    logger.info("personal data retention: %s", removed or "nothing past its period")
    return changed
