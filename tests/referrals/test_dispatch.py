"""Sending a referral on: the task, its retries and the email channel."""

import csv
import io
import json

import pytest
from django.core import mail

from casework.models import WorkItem
from referrals import services
from referrals.models import DeliveryAttempt, Referral
from referrals.tasks import deliver_referral, retry_countdown
from tests.referrals import conftest
from tests.referrals.factories import submitted_referral

pytestmark = pytest.mark.django_db


def send(referral, officer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.referral_send(referral=referral, officer=officer)
    referral.refresh_from_db()
    return referral


def test_sending_emails_the_office_once_with_csv_and_json(
    household, officer, office_email, django_capture_on_commit_callbacks
):
    user, tenancy = household
    referral = submitted_referral(user=user, tenancy=tenancy)
    referral = send(referral, officer, django_capture_on_commit_callbacks)

    assert referral.status == Referral.Status.SENT
    assert referral.delivered_at is not None
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [office_email]
    assert f"referral {referral.pk}" in message.subject
    assert "07700 900 982" in message.body
    names = {name: (content, mimetype) for name, content, mimetype in message.attachments}
    document = json.loads(names[f"referral-{referral.pk}.json"][0])
    assert document["data"] == referral.snapshot
    assert document["referral_id"] == referral.pk
    assert document["consent"]["categories"] == ["core"]
    rows = dict(csv.reader(io.StringIO(names[f"referral-{referral.pk}.csv"][0])))
    assert rows["data.core.phone"] == "07700 900 982"
    assert rows["data.core.total_balance_pounds"] == "950.00"
    assert rows["data.core.accounts.1.balance_pounds"] == "950.00"
    assert not WorkItem.objects.filter(
        subject_id=str(referral.pk), status__in=WorkItem.ACTIVE_STATUSES
    ).exists()


def test_the_task_run_twice_sends_one_email(
    household, officer, office_email, django_capture_on_commit_callbacks
):
    user, tenancy = household
    referral = send(
        submitted_referral(user=user, tenancy=tenancy), officer, django_capture_on_commit_callbacks
    )
    assert deliver_referral.apply(args=[referral.pk]).get() == "skipped"
    assert deliver_referral.apply(args=[referral.pk]).get() == "skipped"
    assert len(mail.outbox) == 1
    assert DeliveryAttempt.objects.filter(referral=referral).count() == 1


def test_a_failed_try_is_retried_with_backoff_and_then_delivered(
    household, officer, office_email, settings, django_capture_on_commit_callbacks
):
    settings.REFERRALS_CHANNEL = "tests.referrals.conftest.FlakyChannel"
    conftest.FlakyChannel.calls = 0
    user, tenancy = household
    referral = send(
        submitted_referral(user=user, tenancy=tenancy), officer, django_capture_on_commit_callbacks
    )
    assert referral.status == Referral.Status.SENT
    assert len(mail.outbox) == 1
    outcomes = list(referral.attempts.values_list("outcome", "error_type"))
    assert outcomes == [("failed", "TimeoutError"), ("delivered", "")]


def test_after_the_last_retry_the_referral_goes_back_to_the_officer(
    household, officer, office_email, settings, django_capture_on_commit_callbacks
):
    settings.REFERRALS_CHANNEL = "tests.referrals.conftest.FailingChannel"
    settings.REFERRALS_MAX_RETRIES = 3
    conftest.FailingChannel.calls = 0
    user, tenancy = household
    referral = send(
        submitted_referral(user=user, tenancy=tenancy), officer, django_capture_on_commit_callbacks
    )

    assert conftest.FailingChannel.calls == 4  # the first try and three retries
    assert referral.status == Referral.Status.UNDELIVERED
    assert referral.attempts.filter(outcome="failed").count() == 4
    item = WorkItem.objects.get(
        kind=WorkItem.Kind.REFERRAL_UNDELIVERED,
        subject_id=str(referral.pk),
        status__in=WorkItem.ACTIVE_STATUSES,
    )
    assert item.link == f"/get-advice/officer/{referral.pk}/"
    assert len(mail.outbox) == 0

    # The officer sends it again once the channel is fixed: one email, the item closes.
    settings.REFERRALS_CHANNEL = "referrals.channels.EmailChannel"
    referral = send(referral, officer, django_capture_on_commit_callbacks)
    assert referral.status == Referral.Status.SENT
    assert len(mail.outbox) == 1
    item.refresh_from_db()
    assert item.status == WorkItem.Status.DONE


def test_backoff_doubles_from_the_base(settings):
    settings.REFERRALS_RETRY_BASE_SECONDS = 60
    assert [retry_countdown(n) for n in range(4)] == [60, 120, 240, 480]
    assert retry_countdown(30) == 24 * 60 * 60


def test_a_missing_office_address_is_a_failure_not_a_silent_success(
    household, officer, settings, django_capture_on_commit_callbacks
):
    settings.REFERRALS_OFFICE_EMAIL = ""
    settings.REFERRALS_MAX_RETRIES = 0
    user, tenancy = household
    referral = send(
        submitted_referral(user=user, tenancy=tenancy), officer, django_capture_on_commit_callbacks
    )
    assert referral.status == Referral.Status.UNDELIVERED
    assert referral.attempts.get().error_type == "ChannelNotConfigured"


def test_sending_twice_is_refused_the_second_time(
    household, officer, office_email, django_capture_on_commit_callbacks
):
    user, tenancy = household
    referral = send(
        submitted_referral(user=user, tenancy=tenancy), officer, django_capture_on_commit_callbacks
    )
    with pytest.raises(services.TransitionRefused):
        services.referral_send(referral=referral, officer=officer)
    assert len(mail.outbox) == 1
