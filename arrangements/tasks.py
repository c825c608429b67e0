"""Background work for payment plans. Tasks take ids only, re-read what they need, call one
service and are safe to run twice (acks_late: a task whose worker died runs again)."""

from __future__ import annotations

from celery import shared_task
from django.db import InterfaceError, OperationalError

from . import services

TRANSIENT_ERRORS = (OperationalError, InterfaceError)


def _retry(task, exc):
    countdown = min(30 * 2**task.request.retries, 3600)
    raise task.retry(exc=exc, countdown=countdown) from exc


@shared_task(bind=True, acks_late=True, max_retries=5)
def send_notice(self, notice_id: str) -> bool:
    """Email one tenant one notice about their plan (sent once, however often this runs)."""
    try:
        return services.notice_send(notice_id=notice_id)
    except Exception as exc:  # mail server faults are all worth a retry
        _retry(self, exc)


@shared_task(bind=True, acks_late=True, max_retries=3)
def monitor_plans(self) -> dict:
    """Daily (beat): check every running plan against its schedule. Safe to run twice."""
    try:
        return services.arrangements_monitor().as_dict()
    except TRANSIENT_ERRORS as exc:
        _retry(self, exc)


@shared_task(bind=True, acks_late=True, max_retries=3)
def collect_instalments(self) -> dict:
    """Daily (beat): create the Direct Debit collections falling due soon, and open a work
    item for each that failed. Safe to run twice (one collection per instalment key)."""
    try:
        return services.collections_create_due().as_dict()
    except TRANSIENT_ERRORS as exc:
        _retry(self, exc)


@shared_task(bind=True, acks_late=True, max_retries=3)
def resend_unsent_notices(self) -> int:
    """Hourly (beat): queue notices whose first task never ran. Safe to run twice."""
    try:
        return services.notices_unsent_queue()
    except TRANSIENT_ERRORS as exc:
        _retry(self, exc)
