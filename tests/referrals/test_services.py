"""Submitting with consent, withdrawing, the officer's decisions and the retention purge."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from casework.models import WorkItem
from portal.models import AuditEvent
from referrals import services
from referrals.models import ConsentRecord, Referral
from referrals.snapshot import ALLOWLIST
from tests.referrals.factories import answers, submitted_referral

pytestmark = pytest.mark.django_db


def active_items(referral, kind):
    return WorkItem.objects.filter(
        kind=kind, subject_id=str(referral.pk), status__in=WorkItem.ACTIVE_STATUSES
    )


def send(referral, officer, capture):
    with capture(execute=True):
        services.referral_send(referral=referral, officer=officer)
    referral.refresh_from_db()
    return referral


def test_submitting_records_consent_freezes_the_snapshot_and_queues_a_review(household):
    user, tenancy = household
    referral = submitted_referral(user=user, tenancy=tenancy, categories=["core", "finances"])

    assert referral.status == Referral.Status.SUBMITTED
    record = ConsentRecord.objects.get(referral=referral)
    assert record.user == user and record.tenancy == tenancy
    assert record.recipient == "Citizens Advice" and record.purpose == "debt_advice"
    assert record.channel == "web_form"
    assert record.categories == ["core", "finances"]
    assert not record.includes_health
    assert record.text_version == "2026-11-en" and len(record.text_sha256) == 64
    assert set(referral.snapshot) == {"schema", "categories", "core", "finances"}
    assert referral.snapshot["core"]["total_balance_pence"] == 95_000
    assert referral.snapshot_fields["core"] == sorted(ALLOWLIST["core"])
    assert active_items(referral, WorkItem.Kind.REFERRAL_REVIEW).count() == 1
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"referral.consent_given", "referral.submitted"} <= actions


def test_without_the_first_consent_nothing_is_created(
    household, django_capture_on_commit_callbacks
):
    user, tenancy = household
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(services.ConsentRequired):
        services.referral_submit(
            user=user, tenancy=tenancy, answers=answers(), categories=["finances", "health"]
        )
    assert not callbacks
    assert not Referral.objects.exists()
    assert not ConsentRecord.objects.exists()
    assert not WorkItem.objects.exists()
    assert not mail.outbox


def test_health_needs_are_kept_only_with_the_health_tick(household):
    user, tenancy = household
    referral = submitted_referral(user=user, tenancy=tenancy, health_needs="Uses a wheelchair")
    assert "Uses a wheelchair" not in repr(referral.snapshot)
    referral.status = Referral.Status.CLOSED
    referral.save()
    with_health = submitted_referral(
        user=user, tenancy=tenancy, categories=["core", "health"], health_needs="Uses a wheelchair"
    )
    assert with_health.snapshot["health"]["health_needs"] == "Uses a wheelchair"
    assert with_health.consent.includes_health


def test_a_second_open_referral_is_refused(household):
    user, tenancy = household
    first = submitted_referral(user=user, tenancy=tenancy)
    with pytest.raises(services.ReferralAlreadyOpen) as refused:
        submitted_referral(user=user, tenancy=tenancy)
    assert refused.value.referral == first
    assert Referral.objects.count() == 1


def test_withdrawing_before_dispatch_cancels_and_sends_nothing(
    household, officer, django_capture_on_commit_callbacks
):
    user, tenancy = household
    referral = submitted_referral(user=user, tenancy=tenancy)
    services.referral_withdraw(user=user, referral=referral)

    referral.refresh_from_db()
    assert referral.status == Referral.Status.CANCELLED
    assert referral.snapshot is None
    assert referral.consent.withdrawn_at is not None
    assert not active_items(referral, WorkItem.Kind.REFERRAL_REVIEW).exists()
    assert not WorkItem.objects.filter(kind=WorkItem.Kind.CONSENT_WITHDRAWN).exists()
    with pytest.raises(services.TransitionRefused):
        services.referral_send(referral=referral, officer=officer)
    assert not mail.outbox
    assert AuditEvent.objects.filter(action="referral.consent_withdrawn").count() == 1


def test_withdrawing_after_dispatch_stops_sharing_and_tells_the_officer(
    household, officer, office_email, django_capture_on_commit_callbacks
):
    user, tenancy = household
    referral = send(
        submitted_referral(user=user, tenancy=tenancy), officer, django_capture_on_commit_callbacks
    )
    assert len(mail.outbox) == 1

    services.referral_withdraw(user=user, referral=referral)
    referral.refresh_from_db()
    assert referral.status == Referral.Status.WITHDRAWN
    assert referral.snapshot is None
    assert ConsentRecord.objects.get(referral=referral).withdrawn_at is not None
    item = active_items(referral, WorkItem.Kind.CONSENT_WITHDRAWN).get()
    assert item.link == f"/get-advice/officer/{referral.pk}/"

    # No further sharing: the task (even if queued again) and the officer both send nothing.
    from referrals.tasks import deliver_referral

    assert deliver_referral.apply(args=[referral.pk]).get() == "skipped"
    with pytest.raises(services.TransitionRefused):
        services.referral_send(referral=referral, officer=officer)
    assert len(mail.outbox) == 1
    # Withdrawing again changes nothing.
    services.referral_withdraw(user=user, referral=referral)
    assert WorkItem.objects.filter(kind=WorkItem.Kind.CONSENT_WITHDRAWN).count() == 1


def test_withdrawing_while_sending_blocks_the_queued_delivery(household, officer, office_email):
    user, tenancy = household
    referral = submitted_referral(user=user, tenancy=tenancy)
    services.referral_send(referral=referral, officer=officer)  # on_commit not run: still queued
    services.referral_withdraw(user=user, referral=referral)
    assert services.referral_deliver(referral_id=referral.pk) == "skipped"
    assert not mail.outbox
    assert active_items(referral, WorkItem.Kind.CONSENT_WITHDRAWN).exists()


def test_the_officer_records_outcomes_along_the_transitions_only(
    household, officer, office_email, django_capture_on_commit_callbacks
):
    user, tenancy = household
    referral = submitted_referral(user=user, tenancy=tenancy)
    with pytest.raises(services.TransitionRefused):  # not sent yet
        services.referral_outcome_record(referral=referral, officer=officer, outcome="accepted")
    referral = send(referral, officer, django_capture_on_commit_callbacks)
    services.referral_outcome_record(referral=referral, officer=officer, outcome="accepted")
    services.referral_outcome_record(referral=referral, officer=officer, outcome="tenant_contacted")
    services.referral_outcome_record(referral=referral, officer=officer, outcome="closed")
    referral.refresh_from_db()
    assert referral.status == Referral.Status.CLOSED and referral.ended_at
    with pytest.raises(services.TransitionRefused):
        services.referral_outcome_record(referral=referral, officer=officer, outcome="accepted")
    assert AuditEvent.objects.filter(action="referral.outcome").count() == 3


def test_a_stale_status_loses_the_race(household, officer):
    user, tenancy = household
    referral = submitted_referral(user=user, tenancy=tenancy)
    stale = Referral.objects.get(pk=referral.pk)
    services.referral_outcome_record(referral=referral, officer=officer, outcome="closed")
    with pytest.raises(services.TransitionRefused):
        services.referral_send(referral=stale, officer=officer)


def test_every_status_has_a_transition_row():
    assert set(Referral.TRANSITIONS) == set(Referral.Status.values)
    for targets in Referral.TRANSITIONS.values():
        assert targets <= set(Referral.Status.values)


def test_snapshots_are_deleted_after_the_retention_period_and_a_second_run_changes_nothing(
    household, officer, office_email, settings, django_capture_on_commit_callbacks
):
    settings.REFERRALS_SNAPSHOT_RETENTION_DAYS = 90
    user, tenancy = household
    sent_on = dt.datetime(2026, 12, 1, 10, 0, tzinfo=dt.UTC)
    with time_machine.travel(sent_on, tick=False):
        referral = send(
            submitted_referral(user=user, tenancy=tenancy),
            officer,
            django_capture_on_commit_callbacks,
        )
    other_user_referral_kept = Referral.objects.get(pk=referral.pk)
    assert other_user_referral_kept.snapshot is not None

    with time_machine.travel(sent_on + dt.timedelta(days=89), tick=False):
        assert services.snapshots_past_retention_remove() == 0
    with time_machine.travel(sent_on + dt.timedelta(days=91), tick=False):
        assert services.snapshots_past_retention_remove() == 1
        referral.refresh_from_db()
        before = (referral.snapshot_deleted_at, referral.updated_at)
        assert services.snapshots_past_retention_remove() == 0
    referral.refresh_from_db()
    assert referral.snapshot is None and referral.officer_note == ""
    assert (referral.snapshot_deleted_at, referral.updated_at) == before
    assert referral.snapshot_sha256  # the record of what was shared stays, without values
    assert ConsentRecord.objects.filter(referral=referral).exists()
    assert AuditEvent.objects.filter(action="referral.snapshots_purged").count() == 1


def test_the_registered_retain_takes_a_day(household, officer, django_capture_on_commit_callbacks):
    from portal.privacy import personal_data_registry

    user, tenancy = household
    referral = submitted_referral(user=user, tenancy=tenancy)
    services.referral_outcome_record(referral=referral, officer=officer, outcome="closed")
    entry = next(e for e in personal_data_registry() if e.model == "referrals.Referral")
    later = timezone.localdate() + dt.timedelta(days=91)
    assert entry.retain(today=later) == 1
    assert entry.retain(today=later) == 0
    exported = entry.export(user=user)
    assert exported[0]["id"] == referral.pk and exported[0]["snapshot"] is None


def test_a_stalled_sending_referral_is_queued_again_and_sent_once(household, officer, office_email):
    user, tenancy = household
    referral = submitted_referral(user=user, tenancy=tenancy)
    services.referral_send(referral=referral, officer=officer)  # the broker "lost" the task
    assert services.referrals_stalled_requeue() == 0  # too soon
    later = timezone.now() + dt.timedelta(hours=3)
    assert services.referrals_stalled_requeue(now=later) == 1
    assert services.referrals_stalled_requeue(now=later) == 0
    assert len(mail.outbox) == 1
