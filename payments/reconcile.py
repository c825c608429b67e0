"""Reconciliation with Stripe: repair what lost or failed webhooks missed.

`reconcile` (nightly) lists the last PAYMENTS_RECONCILE_DAYS days of Stripe's events and
PaymentIntents (Stripe retries a webhook for 3 days) and applies each through the same `sync`
functions the webhook uses, so it can only do what a late webhook would have done. It reports
what it changed; run again, it changes nothing. `inbox_sweep` (every few minutes) processes
stored events whose processing was never queued, or that named a payment we did not know yet.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from portal.models import LedgerEntry

from . import inbox, stripe_client, sync
from .models import Mandate, PaymentAttempt, StripeEvent

logger = logging.getLogger(__name__)
review_log = logging.getLogger("payments.review")

# An event still `received` this long after it arrived was never processed (broker down).
STUCK_AFTER = dt.timedelta(minutes=2)
# Give the webhook a little time before reconciliation looks at a checkout itself.
CHECKOUT_GRACE = dt.timedelta(minutes=5)
REPORT_LIMIT = 200


@dataclass
class ReconcileReport:
    since: dt.datetime
    events_added: list[str] = field(default_factory=list)
    events_resolved: list[str] = field(default_factory=list)
    payments_changed: list[str] = field(default_factory=list)
    setups_changed: list[str] = field(default_factory=list)
    mismatches: list[str] = field(default_factory=list)
    unknown_payment_intents: list[str] = field(default_factory=list)
    unmatched_over_24h: list[str] = field(default_factory=list)
    stripe_net_pence: int = 0
    ledger_net_pence: int = 0

    @property
    def changes(self) -> list[str]:
        """Everything this run changed in our records."""
        return (
            self.events_added + self.events_resolved + self.payments_changed + (self.setups_changed)
        )

    @property
    def totals_agree(self) -> bool:
        return self.stripe_net_pence == self.ledger_net_pence

    def as_dict(self) -> dict:
        data = dataclasses.asdict(self)
        data["since"] = self.since.isoformat()
        data["changed"] = len(self.changes)
        data["totals_agree"] = self.totals_agree
        return data


def reconcile(*, now: dt.datetime | None = None) -> ReconcileReport:
    """Compare the last few days with Stripe and repair our records. Safe to run twice."""
    now = now or timezone.now()
    since = now - dt.timedelta(days=settings.PAYMENTS_RECONCILE_DAYS)
    report = ReconcileReport(since=since)
    created_gte = int(since.timestamp())

    _missing_events(report=report, created_gte=created_gte)
    _inbox(report=report, now=now, since=since)
    _payment_intents(report=report, created_gte=created_gte)
    _open_checkouts(report=report, now=now)
    _unmatched(report=report, now=now)

    if not report.totals_agree:
        review_log.error(
            "stripe reconciliation: Stripe net %sp, ledger net %sp since %s",
            report.stripe_net_pence,
            report.ledger_net_pence,
            since.date(),
        )
    logger.info(
        "stripe reconciliation since %s: %s changes, %s unmatched over 24 hours",
        since.date(),
        len(report.changes),
        len(report.unmatched_over_24h),
    )
    return report


def _missing_events(*, report: ReconcileReport, created_gte: int) -> None:
    """Events Stripe sent (or failed to send) that never reached our inbox."""
    events = list(stripe_client.events_list(created_gte=created_gte, types=inbox.HANDLED_TYPES))
    known = set(
        StripeEvent.objects.filter(event_id__in=[event["id"] for event in events]).values_list(
            "event_id", flat=True
        )
    )
    # Oldest first, as Stripe would have delivered them (processing does not depend on it).
    for event in sorted(events, key=lambda event: event["created"]):
        if event["id"] in known:
            continue
        with transaction.atomic():
            event_pk = inbox.event_store(
                event=event, payload=json.dumps(event), source=StripeEvent.Source.RECONCILE
            )
        if event_pk is None:
            continue  # the webhook delivered it meanwhile
        status = inbox.event_process(event_pk=event_pk)
        report.events_added.append(f"{event['id']} {event['type']}: {status}")


def _inbox(*, report: ReconcileReport, now: dt.datetime, since: dt.datetime) -> None:
    """Stored events never processed, or unmatched because we did not know the object yet."""
    for event in _retryable_events(now=now, since=since):
        before = event.status
        status = inbox.event_process(event_pk=event.pk)
        if status and status != before:
            report.events_resolved.append(f"{event.event_id} {event.type}: {before} -> {status}")


def _retryable_events(*, now: dt.datetime, since: dt.datetime):
    stuck = StripeEvent.objects.filter(
        status=StripeEvent.Status.RECEIVED, received_at__lt=now - STUCK_AFTER
    )
    unknown = StripeEvent.objects.filter(
        status=StripeEvent.Status.UNMATCHED,
        problem=StripeEvent.Problem.UNKNOWN_OBJECT,
        received_at__gte=since,
    )
    return list((stuck | unknown).order_by("received_at")[:1000])


def _payment_intents(*, report: ReconcileReport, created_gte: int) -> None:
    """Every recent PaymentIntent, applied as a webhook would have; and the day's totals."""
    ours: list[str] = []
    for pi in stripe_client.payment_intents_list(created_gte=created_gte):
        try:
            attempt = sync.attempt_for_payment_intent(pi)
            sync.validate_payment_intent(attempt=attempt, pi=pi)
        except sync.UnknownObject:
            report.unknown_payment_intents.append(pi["id"])
            continue
        except sync.Mismatch as exc:
            report.mismatches.append(f"{pi['id']}: {exc.problem}: {exc.detail}")
            review_log.warning("stripe reconciliation mismatch %s: %s", pi["id"], exc.detail)
            continue
        ours.append(pi["id"])
        charge = pi.get("latest_charge") if isinstance(pi.get("latest_charge"), dict) else {}
        refunds = (
            stripe_client.refunds_list(payment_intent_id=pi["id"])
            if charge.get("amount_refunded")
            else []
        )
        disputes = []
        if charge.get("disputed"):
            disputes = stripe_client.disputes_list(payment_intent_id=pi["id"])
        changes = sync.payment_apply(attempt=attempt, pi=pi, refunds=refunds, disputes=disputes)
        report.payments_changed.extend(changes.items)
        if pi.get("status") == "succeeded":
            report.stripe_net_pence += pi.get("amount_received", 0) - sum(
                refund["amount"] for refund in refunds if refund.get("status") == "succeeded"
            )
    credits = LedgerEntry.objects.filter(
        source=LedgerEntry.Source.STRIPE, kind=LedgerEntry.Kind.PAYMENT, external_id__in=ours
    ).aggregate(total=Sum("amount_pence"))["total"]
    refunded = LedgerEntry.objects.filter(
        source=LedgerEntry.Source.STRIPE,
        kind=LedgerEntry.Kind.REFUND,
        reverses__external_id__in=ours,
    ).aggregate(total=Sum("amount_pence"))["total"]
    report.ledger_net_pence = -(credits or 0) - (refunded or 0)


def _open_checkouts(*, report: ReconcileReport, now: dt.datetime) -> None:
    """Card payments and Direct Debit set-ups whose Stripe page has expired but which we still
    think are open: ask Stripe how they ended (or end them, if they never reached Stripe)."""
    overdue = now - CHECKOUT_GRACE
    attempts = PaymentAttempt.objects.filter(
        kind=PaymentAttempt.Kind.CARD,
        status__in=[PaymentAttempt.Status.CREATED, PaymentAttempt.Status.PENDING],
        checkout_expires_at__lt=overdue,
    )
    for attempt in attempts:
        try:
            if attempt.checkout_session_id:
                changes = sync.checkout_session_sync(attempt.checkout_session_id)
                report.payments_changed.extend(changes.items)
            elif sync.attempt_transition(attempt=attempt, to=PaymentAttempt.Status.EXPIRED):
                report.payments_changed.append(f"attempt {attempt.pk} expired (never sent)")
        except (sync.Mismatch, sync.UnknownObject, stripe_client.StripeRefused) as exc:
            report.mismatches.append(f"attempt {attempt.pk}: {exc}")
    setups = Mandate.objects.filter(
        status=Mandate.Status.SETTING_UP, checkout_expires_at__lt=overdue
    )
    for mandate in setups:
        try:
            if mandate.checkout_session_id:
                changes = sync.checkout_session_sync(mandate.checkout_session_id)
                report.setups_changed.extend(changes.items)
            elif Mandate.objects.filter(pk=mandate.pk, status=Mandate.Status.SETTING_UP).update(
                status=Mandate.Status.ABANDONED, ended_at=now, updated_at=now
            ):
                report.setups_changed.append(f"mandate {mandate.pk} abandoned (never sent)")
        except (sync.Mismatch, sync.UnknownObject, stripe_client.StripeRefused) as exc:
            report.mismatches.append(f"mandate {mandate.pk}: {exc}")


def _unmatched(*, report: ReconcileReport, now: dt.datetime) -> None:
    cutoff = now - dt.timedelta(hours=settings.PAYMENTS_UNMATCHED_ALERT_HOURS)
    old = StripeEvent.objects.filter(
        status=StripeEvent.Status.UNMATCHED, received_at__lt=cutoff
    ).order_by("received_at")
    count = old.count()
    for event in old[:REPORT_LIMIT]:
        report.unmatched_over_24h.append(
            f"{event.event_id} {event.type} {event.problem}: {event.error}"
        )
    if count:
        review_log.error(
            "%s stripe events unmatched for more than %s hours",
            count,
            settings.PAYMENTS_UNMATCHED_ALERT_HOURS,
        )


def inbox_sweep(*, now: dt.datetime | None = None) -> int:
    """Process stored events that were never processed or are waiting for their payment to
    appear. Returns how many changed status."""
    now = now or timezone.now()
    since = now - dt.timedelta(days=settings.PAYMENTS_RECONCILE_DAYS)
    changed = 0
    for event in _retryable_events(now=now, since=since):
        try:
            status = inbox.event_process(event_pk=event.pk)
        except stripe_client.StripeUnavailable:
            logger.warning("inbox sweep stopped: Stripe unavailable")
            break
        changed += bool(status and status != event.status)
    return changed
