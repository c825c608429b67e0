"""The Stripe webhook inbox: store each genuine event once, then act on it in the background.

`event_receive` is all the webhook view does: verify, insert (a duplicate is a no-op), queue
processing after commit. `event_process` is what the Celery task does: dispatch on the event's
type to a handler in `sync`, which re-reads the object from Stripe and applies it.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection
from django.db.models import F
from django.utils import timezone

from . import stripe_client, sync
from .models import StripeEvent

logger = logging.getLogger(__name__)
review_log = logging.getLogger("payments.review")


def _object_payment_intent(obj: dict, event_id: str) -> sync.Changes:
    pi_id = sync.id_of(obj.get("payment_intent"))
    if not pi_id:
        raise sync.UnknownObject(f"{obj.get('id')} has no PaymentIntent")
    return sync.payment_sync(pi_id)


def _session(obj: dict, event_id: str) -> sync.Changes:
    return sync.checkout_session_sync(obj["id"], event_id=event_id)


def _payment_intent(obj: dict, event_id: str) -> sync.Changes:
    return sync.payment_sync(obj["id"])


def _setup_intent(obj: dict, event_id: str) -> sync.Changes:
    return sync.setup_intent_sync(obj["id"], event_id=event_id)


def _mandate(obj: dict, event_id: str) -> sync.Changes:
    return sync.mandate_sync(obj["id"], event_id=event_id)


# Each handled event type, and what to re-read. Anything else is stored and ignored.
HANDLERS: dict[str, Callable[[dict, str], sync.Changes]] = {
    "checkout.session.completed": _session,
    "checkout.session.expired": _session,
    "checkout.session.async_payment_succeeded": _session,
    "checkout.session.async_payment_failed": _session,
    "payment_intent.processing": _payment_intent,
    "payment_intent.succeeded": _payment_intent,
    "payment_intent.payment_failed": _payment_intent,
    "payment_intent.canceled": _payment_intent,
    "charge.succeeded": _object_payment_intent,
    "charge.refunded": _object_payment_intent,
    "charge.dispute.created": _object_payment_intent,
    "charge.dispute.closed": _object_payment_intent,
    "setup_intent.succeeded": _setup_intent,
    "mandate.updated": _mandate,
}
HANDLED_TYPES = sorted(HANDLERS)


@dataclass(frozen=True)
class Received:
    event_pk: int | None  # None: we already had it
    duplicate: bool


def _insert_sql() -> str:
    table = connection.ops.quote_name(StripeEvent._meta.db_table)
    columns = (
        "event_id, type, object_id, livemode, api_version, stripe_created_at, payload, source, "
        "status, problem, error, tries, received_at, processed_at"
    )
    return (
        f"INSERT INTO {table} ({columns}) "  # noqa: S608 (table name from our own model)
        "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, '', %s, 0, %s, %s) "
        "ON CONFLICT (event_id) DO NOTHING RETURNING id"
    )


def event_store(
    *, event: dict, payload: str, source: str = StripeEvent.Source.WEBHOOK
) -> int | None:
    """Insert one verified event into the inbox; None if it was already there.

    INSERT ... ON CONFLICT DO NOTHING: twenty simultaneous deliveries of one event make one row
    and nineteen quiet no-ops, never a unique-constraint error.
    """
    now = timezone.now()
    handled = event["type"] in HANDLERS
    adapt = connection.ops.adapt_datetimefield_value
    params = [
        event["id"],
        event["type"],
        event["data"]["object"]["id"],
        event["livemode"],
        str(event.get("api_version") or "")[:40],
        adapt(dt.datetime.fromtimestamp(event["created"], tz=dt.UTC)),
        payload,
        source,
        StripeEvent.Status.RECEIVED if handled else StripeEvent.Status.PROCESSED,
        "" if handled else "not a type we act on: stored only",
        adapt(now),
        None if handled else adapt(now),
    ]
    with connection.cursor() as cursor:
        cursor.execute(_insert_sql(), params)
        row = cursor.fetchone()
    return row[0] if row else None


def event_receive(*, payload: bytes, signature: str | None) -> Received:
    """Verify a webhook body, store it and queue its processing once the row is committed.
    Raises stripe_client.WebhookRejected for anything that is not a genuine, fresh event.

    The insert is one statement, so it needs no transaction of its own: in autocommit it is
    committed when it returns and the on-commit queueing runs at once (two round trips to the
    database fewer per webhook). Called inside a transaction, the task waits for its commit.
    """
    event = stripe_client.webhook_verify(payload=payload, signature=signature)
    event_pk = event_store(event=event, payload=payload.decode("utf-8"))
    if event_pk is not None and event["type"] in HANDLERS:
        _queue_processing(event_pk)
    return Received(event_pk=event_pk, duplicate=event_pk is None)


def _queue_processing(event_pk: int) -> None:
    from . import tasks  # tasks import this module

    tasks.queue_on_commit(tasks.process_event, event_pk)


def _finish(event: StripeEvent, *, status: str, problem: str = "", error: str = "") -> None:
    error = error[:2000]
    if (event.status, event.problem, event.error) == (status, problem, error):
        return  # tried again, same answer: nothing to write (a re-run changes no rows)
    StripeEvent.objects.filter(
        pk=event.pk,
        status__in=[StripeEvent.Status.RECEIVED, StripeEvent.Status.UNMATCHED],
    ).update(
        status=status,
        problem=problem,
        error=error,
        processed_at=timezone.now(),
        tries=F("tries") + 1,
    )


def event_process(*, event_pk: int) -> str | None:
    """Act on one stored event. Idempotent: a processed or rejected event is left alone, and
    every handler re-reads Stripe's current state. Returns the event's new status.

    Raises stripe_client.StripeUnavailable (and database faults) for the task to retry.
    """
    event = StripeEvent.objects.filter(pk=event_pk).first()
    if event is None or event.status in (StripeEvent.Status.PROCESSED, StripeEvent.Status.REJECTED):
        return None
    handler = HANDLERS.get(event.type)
    if handler is None:
        _finish(event, status=StripeEvent.Status.PROCESSED, error="not a type we act on")
        return StripeEvent.Status.PROCESSED
    body = json.loads(event.payload)
    try:
        if bool(body.get("livemode")) != stripe_client.live_mode():
            raise sync.Mismatch(
                StripeEvent.Problem.LIVEMODE,
                f"a {'live' if body.get('livemode') else 'test'} mode event; we are not",
            )
        changes = handler(body["data"]["object"], event.event_id)
    except sync.Mismatch as exc:
        review_log.warning(
            "stripe event not credited event=%s type=%s problem=%s detail=%s",
            event.event_id,
            event.type,
            exc.problem,
            exc.detail,
        )
        _finish(event, status=StripeEvent.Status.UNMATCHED, problem=exc.problem, error=exc.detail)
        return StripeEvent.Status.UNMATCHED
    except sync.UnknownObject as exc:
        logger.info("stripe event unmatched event=%s: %s", event.event_id, exc)
        _finish(
            event,
            status=StripeEvent.Status.UNMATCHED,
            problem=StripeEvent.Problem.UNKNOWN_OBJECT,
            error=str(exc),
        )
        return StripeEvent.Status.UNMATCHED
    except stripe_client.StripeRefused as exc:
        # Not found in this Stripe account, or a request Stripe will always refuse.
        logger.warning("stripe event's object refused event=%s: %s", event.event_id, exc)
        _finish(event, status=StripeEvent.Status.REJECTED, error=f"Stripe refused: {exc}")
        return StripeEvent.Status.REJECTED
    _finish(event, status=StripeEvent.Status.PROCESSED)
    logger.info(
        "stripe event processed event=%s type=%s changes=%s",
        event.event_id,
        event.type,
        "; ".join(changes.items) or "none",
    )
    return StripeEvent.Status.PROCESSED
