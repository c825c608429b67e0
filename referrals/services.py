"""Writes for referrals: submit (with consent), withdraw, the officer's note, send, delivery
and its failure, the outcome, and the retention purge.

Every change of status goes through `_move`, a conditional UPDATE ... WHERE status = old along
Referral.TRANSITIONS, so two people acting at once get exactly one outcome. Audit events and
log lines carry ids and outcomes only, never what the tenant wrote.
"""

from __future__ import annotations

import datetime as dt
import itertools
import logging

from celery.exceptions import Retry
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from casework.models import WorkItem
from casework.services import work_item_close, work_item_open
from portal.audit import audit_record
from portal.models import Tenancy

from . import consent as consent_module
from .channels import channel_get, channel_name
from .consent import CORE, HEALTH
from .models import ConsentRecord, DeliveryAttempt, Referral
from .selectors import referral_sources_for_user, snapshot_retention_cutoff
from .snapshot import snapshot_build, snapshot_hash, snapshot_keys

logger = logging.getLogger(__name__)

SUBJECT_TYPE = "referrals.referral"
# Longer than all the retries' backoff together (60s doubling five times is about 31 minutes).
STALLED_AFTER = dt.timedelta(hours=2)


class ConsentRequired(Exception):
    """Consent to share the core details (statement 1) was not given: nothing is created."""


class ReferralAlreadyOpen(Exception):
    """The person already has an open referral; `referral` is it."""

    def __init__(self, referral: Referral):
        super().__init__("An open referral already exists")
        self.referral = referral


class TransitionRefused(Exception):
    """The referral is not in a state where this can happen (someone else acted first)."""


def _officer_link(referral: Referral) -> str:
    return reverse("referrals:officer", args=[referral.pk])


def _move(referral: Referral, to: str, **fields) -> bool:
    """Move `referral` to status `to` if it is still in the status we read. True if we did."""
    if not referral.can_move_to(to):
        return False
    fields["status"] = to
    changed = Referral.objects.filter(pk=referral.pk, status=referral.status).update(
        **fields, updated_at=timezone.now()
    )
    if changed:
        for name, value in fields.items():
            setattr(referral, name, value)
    return bool(changed)


def _open_item(referral: Referral, kind: str, summary: str, actor=None) -> None:
    work_item_open(
        kind=kind,
        tenancy=referral.tenancy,
        subject_type=SUBJECT_TYPE,
        subject_id=str(referral.pk),
        summary=summary,
        link=_officer_link(referral),
        actor=actor,
    )


def _close_items(referral: Referral, *kinds: str, actor=None, outcome: str = "") -> None:
    for kind in kinds:
        work_item_close(
            subject_type=SUBJECT_TYPE,
            subject_id=str(referral.pk),
            kind=kind,
            actor=actor,
            outcome=outcome,
        )


def _open_referral_of(*, user, tenancy: Tenancy) -> Referral | None:
    return Referral.objects.filter(
        user=user, tenancy=tenancy, status__in=Referral.OPEN_STATUSES
    ).first()


# ------------------------------------------------------------------------------------------
# The tenant


def referral_submit(
    *, user, tenancy: Tenancy, answers: dict, categories, now: dt.datetime | None = None
) -> Referral:
    """Record the consent, freeze the snapshot and put the referral in the officer queue.

    Raises ConsentRequired (nothing is created) without consent to the core details, and
    ReferralAlreadyOpen when this person already has an open referral for the tenancy.
    """
    categories = consent_module.normalise_categories(categories)
    if CORE not in categories:
        raise ConsentRequired
    existing = _open_referral_of(user=user, tenancy=tenancy)
    if existing is not None:
        raise ReferralAlreadyOpen(existing)
    now = now or timezone.now()
    sources = referral_sources_for_user(user=user, tenancy=tenancy, answers=answers)
    frozen = snapshot_build(categories=categories, sources=sources)
    version = consent_module.CURRENT_VERSION
    try:
        with transaction.atomic():
            referral = Referral.objects.create(
                tenancy=tenancy,
                user=user,
                topics=list(frozen[CORE]["topics"]),
                contact_method=answers.get("contact_method", ""),
                contact_times=list(frozen[CORE]["contact_times"]),
                needs_interpreter=bool(frozen[CORE]["interpreter_language"]),
                snapshot=frozen,
                snapshot_sha256=snapshot_hash(frozen),
                snapshot_fields={
                    key: sorted(value) for key, value in snapshot_keys(frozen).items()
                },
                submitted_at=now,
            )
            record = ConsentRecord.objects.create(
                referral=referral,
                user=user,
                tenancy=tenancy,
                recipient=consent_module.RECIPIENT,
                purpose=consent_module.PURPOSE,
                categories=categories,
                includes_health=HEALTH in categories,
                text_version=version,
                text_sha256=consent_module.text_hash(version),
                channel=consent_module.CHANNEL_WEB_FORM,
                given_at=now,
            )
    except IntegrityError:  # a second submit raced this one: one referral, the other refused
        existing = _open_referral_of(user=user, tenancy=tenancy)
        if existing is None:
            raise
        raise ReferralAlreadyOpen(existing) from None
    audit_record(
        action="referral.consent_given",
        actor=user,
        tenancy=tenancy,
        subject=record,
        detail={"referral": referral.pk, "categories": categories, "version": version},
    )
    audit_record(action="referral.submitted", actor=user, tenancy=tenancy, subject=referral)
    _open_item(referral, WorkItem.Kind.REFERRAL_REVIEW, "Citizens Advice referral to review")
    logger.info("referral submitted referral=%s", referral.pk)
    return referral


def referral_withdraw(*, user, referral: Referral, now: dt.datetime | None = None) -> Referral:
    """The tenant withdraws consent. Before dispatch the referral is cancelled; after it (or
    while it is being sent) nothing more is shared, the snapshot is deleted and the officer is
    asked to tell Citizens Advice. Withdrawing an ended referral changes nothing."""
    now = now or timezone.now()
    for _attempt in range(3):  # re-read and try again if someone moved it meanwhile
        referral.refresh_from_db()
        erase = {"snapshot": None, "snapshot_deleted_at": now, "officer_note": "", "ended_at": now}
        if referral.status == Referral.Status.SUBMITTED:
            if _move(referral, Referral.Status.CANCELLED, **erase):
                _consent_withdrawn(referral, user=user, now=now, dispatched=False)
                _close_items(
                    referral,
                    WorkItem.Kind.REFERRAL_REVIEW,
                    actor=user,
                    outcome="Cancelled by the tenant",
                )
                return referral
        elif referral.status in Referral.DISPATCHED_STATUSES:
            if _move(referral, Referral.Status.WITHDRAWN, **erase):
                _consent_withdrawn(referral, user=user, now=now, dispatched=True)
                _close_items(
                    referral,
                    WorkItem.Kind.REFERRAL_REVIEW,
                    WorkItem.Kind.REFERRAL_UNDELIVERED,
                    actor=user,
                    outcome="Consent withdrawn by the tenant",
                )
                _open_item(
                    referral,
                    WorkItem.Kind.CONSENT_WITHDRAWN,
                    "Consent withdrawn: tell Citizens Advice to stop",
                    actor=user,
                )
                return referral
        else:
            return referral
    raise TransitionRefused


def _consent_withdrawn(referral: Referral, *, user, now: dt.datetime, dispatched: bool) -> None:
    ConsentRecord.objects.filter(referral=referral, withdrawn_at__isnull=True).update(
        withdrawn_at=now
    )
    audit_record(
        action="referral.consent_withdrawn",
        actor=user,
        tenancy=referral.tenancy,
        subject=referral,
        detail={"after_dispatch": dispatched, "status": referral.status},
    )


# ------------------------------------------------------------------------------------------
# The officer


def referral_note_save(*, referral: Referral, officer, note: str) -> Referral:
    """The officer's note to go with the referral; only before it is sent."""
    if referral.status not in (Referral.Status.SUBMITTED, Referral.Status.UNDELIVERED):
        raise TransitionRefused
    changed = Referral.objects.filter(
        pk=referral.pk, status__in=[Referral.Status.SUBMITTED, Referral.Status.UNDELIVERED]
    ).update(officer_note=note.strip()[:2000], reviewed_by=officer, updated_at=timezone.now())
    if not changed:
        raise TransitionRefused
    referral.refresh_from_db()
    audit_record(
        action="referral.note_saved",
        actor=officer,
        tenancy=referral.tenancy,
        subject=referral,
        detail={"has_note": bool(referral.officer_note)},
    )
    return referral


def referral_send(*, referral: Referral, officer, now: dt.datetime | None = None) -> Referral:
    """The officer sends the referral on: it is queued for delivery once this commits."""
    from .tasks import deliver_referral

    now = now or timezone.now()
    with transaction.atomic():
        consent = ConsentRecord.objects.filter(referral=referral).first()
        if consent is None or consent.withdrawn_at is not None or referral.snapshot is None:
            raise TransitionRefused
        if not _move(referral, Referral.Status.SENDING, sent_requested_at=now, reviewed_by=officer):
            raise TransitionRefused
        _close_items(
            referral,
            WorkItem.Kind.REFERRAL_REVIEW,
            WorkItem.Kind.REFERRAL_UNDELIVERED,
            actor=officer,
            outcome="Sent to Citizens Advice",
        )
        audit_record(
            action="referral.send_requested",
            actor=officer,
            tenancy=referral.tenancy,
            subject=referral,
        )
        referral_id = referral.pk

        def queue() -> None:
            _queue_delivery(deliver_referral, referral_id)

        # Robust: a broker outage must not turn the officer's committed "send" into an error
        # page; the hourly sweep (referrals_stalled_requeue) queues it again.
        transaction.on_commit(queue, robust=True)
    return referral


def _queue_delivery(task, referral_id: int) -> None:
    """Queue the delivery task (the id only). When tasks run inline (the demo, the tests) it
    runs here with its retries, and only an unexpected error escapes."""
    if task.app.conf.task_always_eager:
        # Celery's eager retry re-raises from the second retry on, so run the tries here.
        for retries in itertools.count():
            try:
                task.apply(args=[referral_id], retries=retries, throw=True)
            except Retry:
                continue
            return
    task.delay(referral_id)


def referrals_stalled_requeue(*, now: dt.datetime | None = None) -> int:
    """Queue again the referrals still `sending` with no try for STALLED_AFTER (the broker was
    down when the officer pressed send, or a worker was lost). Delivery is idempotent, so a
    referral queued twice is still sent once."""
    from .tasks import deliver_referral

    now = now or timezone.now()
    cutoff = now - STALLED_AFTER
    stalled = (
        Referral.objects.filter(status=Referral.Status.SENDING, sent_requested_at__lte=cutoff)
        .exclude(attempts__started_at__gt=cutoff)
        .values_list("pk", flat=True)
    )
    count = 0
    for referral_id in stalled:
        _queue_delivery(deliver_referral, referral_id)
        count += 1
    if count:
        logger.warning("referrals re-queued after stalling count=%s", count)
    return count


def referral_deliver(*, referral_id: int, now: dt.datetime | None = None) -> str:
    """Send one referral through the channel, once. Called by the task; safe to run twice or
    at once (the row lock serialises runs; only a referral still `sending` is sent).

    Returns "delivered" or "skipped"; raises DeliveryFailed (after recording the attempt)
    for the task to retry."""
    failure: Exception | None = None
    with transaction.atomic():
        referral = (
            Referral.objects.select_for_update()
            .select_related("tenancy")
            .filter(pk=referral_id)
            .first()
        )
        if referral is None or referral.status != Referral.Status.SENDING:
            return "skipped"
        consent = ConsentRecord.objects.filter(referral=referral).first()
        if consent is None or consent.withdrawn_at is not None or referral.snapshot is None:
            return "skipped"  # never share after withdrawal or deletion
        started = now or timezone.now()
        attempt = DeliveryAttempt.objects.create(
            referral=referral,
            number=referral.attempts.count() + 1,
            channel=channel_name(),
            payload_sha256=referral.snapshot_sha256,
            started_at=started,
        )
        try:
            channel_get().send(referral, referral.snapshot)
        except Exception as exc:  # any channel fault: recorded, then retried by the task
            failure = exc
            attempt.outcome = DeliveryAttempt.Outcome.FAILED
            attempt.error_type = type(exc).__name__[:100]
            attempt.finished_at = timezone.now()
            attempt.save(update_fields=["outcome", "error_type", "finished_at"])
        else:
            attempt.outcome = DeliveryAttempt.Outcome.DELIVERED
            attempt.finished_at = timezone.now()
            attempt.save(update_fields=["outcome", "finished_at"])
            _move(referral, Referral.Status.SENT, delivered_at=attempt.finished_at)
            audit_record(
                action="referral.sent",
                tenancy=referral.tenancy,
                subject=referral,
                detail={"attempt": attempt.number, "channel": attempt.channel},
            )
    if failure is not None:
        logger.warning(
            "referral delivery failed referral=%s attempt=%s error=%s",
            referral_id,
            attempt.number,
            type(failure).__name__,
        )
        raise DeliveryFailed(referral_id) from failure
    logger.info("referral delivered referral=%s attempt=%s", referral_id, attempt.number)
    return "delivered"


class DeliveryFailed(Exception):
    """The channel refused or failed; the attempt is recorded. Carries the id only."""


def referral_delivery_failed(*, referral_id: int) -> bool:
    """After the last retry: the referral goes back to the officer as not delivered."""
    referral = Referral.objects.select_related("tenancy").filter(pk=referral_id).first()
    if referral is None or not _move(referral, Referral.Status.UNDELIVERED):
        return False
    audit_record(action="referral.undelivered", tenancy=referral.tenancy, subject=referral)
    _open_item(
        referral,
        WorkItem.Kind.REFERRAL_UNDELIVERED,
        "Citizens Advice referral not delivered: check and send again",
    )
    logger.warning("referral undelivered after retries referral=%s", referral_id)
    return True


def referral_outcome_record(
    *, referral: Referral, officer, outcome: str, now: dt.datetime | None = None
) -> Referral:
    """Accepted, tenant contacted or closed. Closing ends the referral (and, before delivery,
    deletes nothing yet: the snapshot goes at the retention date like any other)."""
    if outcome not in Referral.OUTCOMES:
        raise TransitionRefused
    now = now or timezone.now()
    fields = {"outcome_at": now}
    if outcome == Referral.Status.CLOSED:
        fields["ended_at"] = now
    if not _move(referral, outcome, **fields):
        raise TransitionRefused
    audit_record(
        action="referral.outcome",
        actor=officer,
        tenancy=referral.tenancy,
        subject=referral,
        detail={"outcome": outcome},
    )
    if outcome == Referral.Status.CLOSED:
        _close_items(
            referral,
            WorkItem.Kind.REFERRAL_REVIEW,
            WorkItem.Kind.REFERRAL_UNDELIVERED,
            actor=officer,
            outcome="Referral closed",
        )
    return referral


# ------------------------------------------------------------------------------------------
# Retention


def snapshots_past_retention_remove(*, now: dt.datetime | None = None, today=None) -> int:
    """Delete snapshots (and the officer's note) REFERRALS_SNAPSHOT_RETENTION_DAYS after
    delivery, or after the referral ended without delivery. Consent records and the referral's
    bare facts are kept. Returns how many referrals changed; a second run changes none."""
    if now is None:
        now = (
            timezone.now()
            if today is None
            else timezone.make_aware(dt.datetime.combine(today, dt.time.max))
        )
    cutoff = snapshot_retention_cutoff(now=now)
    due = Referral.objects.filter(snapshot__isnull=False).filter(
        Q(delivered_at__lte=cutoff) | Q(delivered_at__isnull=True, ended_at__lte=cutoff)
    )
    changed = due.update(
        snapshot=None, officer_note="", snapshot_deleted_at=now, updated_at=timezone.now()
    )
    if changed:
        audit_record(
            action="referral.snapshots_purged",
            subject_type=SUBJECT_TYPE,
            detail={"count": changed},
        )
        logger.info("referral snapshots purged count=%s", changed)
    return changed
