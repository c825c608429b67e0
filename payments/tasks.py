"""Background work for payments. Tasks take ids only, re-read what they need, call one service
and are safe to run twice (acks_late: a task whose worker died runs again)."""

from __future__ import annotations

import logging
from functools import partial

from celery import shared_task
from django.db import InterfaceError, OperationalError, transaction

from . import inbox, services, stripe_client
from . import reconcile as reconciliation

logger = logging.getLogger(__name__)

# Faults worth another try: Stripe or the database briefly unreachable.
TRANSIENT_ERRORS = (stripe_client.StripeUnavailable, OperationalError, InterfaceError)


def queue_on_commit(task, *args) -> None:
    """Queue `task(*args)` once the current transaction commits, and never if it rolls back.

    Like Celery's `delay_on_commit`, but robust: if the broker is down the exception is logged
    instead of turning a committed webhook into a 500. Nothing is lost: the inbox sweep
    (`sweep_inbox`) queues every event still `received` a few minutes later.
    """
    queue = partial(task.delay, *args)
    queue.__qualname__ = f"{task.name}.delay"  # Django's robust on_commit logs it on failure
    transaction.on_commit(queue, robust=True)


def _retry(task, exc):
    countdown = min(30 * 2**task.request.retries, 3600)
    raise task.retry(exc=exc, countdown=countdown) from exc


@shared_task(bind=True, acks_late=True, max_retries=6)
def process_event(self, event_pk: int) -> str | None:
    """Act on one stored Stripe event (by our inbox row's id)."""
    try:
        return inbox.event_process(event_pk=event_pk)
    except TRANSIENT_ERRORS as exc:
        _retry(self, exc)


@shared_task(bind=True, acks_late=True, max_retries=5)
def send_receipt(self, attempt_id: str) -> bool:
    try:
        return services.receipt_send(attempt_id=attempt_id)
    except Exception as exc:  # mail server faults are all worth a retry
        _retry(self, exc)


@shared_task(bind=True, acks_late=True, max_retries=5)
def send_failure_notice(self, attempt_id: str) -> bool:
    try:
        return services.failure_notice_send(attempt_id=attempt_id)
    except Exception as exc:
        _retry(self, exc)


@shared_task(bind=True, acks_late=True, max_retries=2)
def reconcile(self) -> dict:
    """Nightly (beat): compare the last few days with Stripe and repair what webhooks missed.
    Safe to run twice: the second run changes nothing."""
    try:
        report = reconciliation.reconcile()
    except TRANSIENT_ERRORS as exc:
        _retry(self, exc)
    return report.as_dict()


@shared_task(bind=True, acks_late=True, max_retries=0)
def sweep_inbox(self) -> int:
    """Every few minutes (beat): process inbox events that were stored but never processed
    (the broker was down) or that named a payment we did not know yet."""
    return reconciliation.inbox_sweep()
