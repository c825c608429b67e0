"""Two actors at once on PostgreSQL: one outcome each time."""

import threading

import pytest
from django.core import mail
from django.db import connection

from referrals import services
from referrals.models import Referral
from tests.factories import LedgerEntryFactory, tenant_with_account
from tests.referrals.factories import answers, submitted_referral

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def at_once(*targets):
    barrier = threading.Barrier(len(targets))
    results, failures = [], []

    def work(target):
        try:
            barrier.wait(timeout=10)
            results.append(target())
        except Exception as exc:  # reported by the test
            failures.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(target,)) for target in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    return results, failures


@pytest.fixture
def household():
    user, account = tenant_with_account()
    LedgerEntryFactory(account=account, amount_pence=95_000)
    return user, account.tenancy


def test_two_submits_at_once_make_one_referral(household):
    user, tenancy = household

    def submit():
        return services.referral_submit(
            user=user, tenancy=tenancy, answers=answers(), categories=["core"]
        )

    results, failures = at_once(submit, submit)
    assert len(results) == 1
    assert [type(failure) for failure in failures] == [services.ReferralAlreadyOpen]
    assert Referral.objects.count() == 1


def test_the_delivery_task_run_twice_at_once_sends_one_email(household, officer, settings):
    settings.REFERRALS_OFFICE_EMAIL = "referrals@cab.example"
    user, tenancy = household
    referral = submitted_referral(user=user, tenancy=tenancy)
    Referral.objects.filter(pk=referral.pk).update(status=Referral.Status.SENDING)

    def deliver():
        return services.referral_deliver(referral_id=referral.pk)

    results, failures = at_once(deliver, deliver)
    assert not failures
    assert sorted(results) == ["delivered", "skipped"]
    assert len(mail.outbox) == 1
