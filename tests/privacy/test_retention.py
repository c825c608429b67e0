"""Retention (check 25b): the daily task deletes or strips personal data past its period,
keeps financial and case records, and a second run for the same day changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.db.models import ProtectedError, QuerySet
from django.utils import timezone

from benefits_checker.models import BenefitsCheck
from budgeting.models import Budget, BudgetDebt, BudgetLine
from casework.models import BreathingSpace, CaseNote, VulnerabilityFlag, WorkItem
from payments.models import Mandate, PaymentAttempt, StripeEvent
from portal import privacy, tasks
from portal.models import AuditEvent, LedgerEntry, LinkAttempt, Tenancy, TenancyMember
from portal.privacy import PersonalData, RetentionFailed, personal_data_retain_all
from tests.privacy.factories import populated_tenant

pytestmark = pytest.mark.django_db

TODAY = dt.date(2027, 3, 15)
NOON = timezone.make_aware(dt.datetime(2027, 3, 15, 12, 0))


def days_ago(days: int, *, extra_hours: int = 0) -> dt.datetime:
    return NOON - dt.timedelta(days=days, hours=extra_hours)


@pytest.fixture
def aged(settings, time_machine):
    """Two tenants' data: one set just past each period, one set just inside it."""
    time_machine.move_to(NOON, tick=False)
    old = populated_tenant()
    new = populated_tenant()
    days = {
        "budget": settings.PRIVACY_RETENTION_DAYS_BUDGET,
        "check": settings.PRIVACY_RETENTION_DAYS_BENEFITS_CHECK,
        "link": settings.PRIVACY_RETENTION_DAYS_LINK_ATTEMPT,
        "payload": settings.PRIVACY_RETENTION_DAYS_STRIPE_EVENT_PAYLOAD,
        "flag": settings.PRIVACY_RETENTION_DAYS_VULNERABILITY_FLAG_CLEARED,
    }
    for who, past in ((old, 1), (new, -1)):
        # past=1: the day before the cutoff day (gone); past=-1: the day after it (kept).
        Budget.objects.filter(user=who.user).update(updated_at=days_ago(days["budget"] + past))
        BenefitsCheck.objects.filter(user=who.user).update(
            created_at=days_ago(days["check"] + past)
        )
        LinkAttempt.objects.filter(user=who.user).update(created_at=days_ago(days["link"] + past))
        StripeEvent.objects.filter(event_id=f"evt_{who.marker}").update(
            received_at=days_ago(days["payload"] + past)
        )
        VulnerabilityFlag.objects.filter(tenancy=who.tenancy).update(
            cleared_at=days_ago(days["flag"] + past)
        )
    # An old event still waiting for review keeps its body whatever its age.
    waiting = StripeEvent.objects.get(event_id=f"evt_{old.marker}")
    StripeEvent.objects.create(
        event_id=f"evt_waiting_{old.marker}",
        type=waiting.type,
        object_id=waiting.object_id,
        stripe_created_at=waiting.stripe_created_at,
        payload=waiting.payload,
        status=StripeEvent.Status.UNMATCHED,
        received_at=days_ago(days["payload"] + 100),
    )
    # A flag never cleared stays, however old.
    VulnerabilityFlag.objects.create(
        tenancy=old.tenancy,
        category=VulnerabilityFlag.Category.OTHER,
        recorded_by=CaseNote.objects.first().author,
    )
    VulnerabilityFlag.objects.filter(cleared_at__isnull=True).update(recorded_at=days_ago(3000))
    return old, new


def kept_records() -> dict[str, int]:
    """What retention must never touch: financial and case records, people, the audit trail."""
    return {
        "ledger": LedgerEntry.objects.count(),
        "payments": PaymentAttempt.objects.count(),
        "mandates": Mandate.objects.count(),
        "tenancies": Tenancy.objects.count(),
        "members": TenancyMember.objects.count(),
        "notes": CaseNote.objects.count(),
        "breathing": BreathingSpace.objects.count(),
        "work": WorkItem.objects.count(),
        "audit": AuditEvent.objects.count(),
    }


def snapshot() -> dict:
    return {
        "budgets": sorted(Budget.objects.values_list("pk", flat=True)),
        "lines": BudgetLine.objects.count(),
        "debts": BudgetDebt.objects.count(),
        "checks": sorted(BenefitsCheck.objects.values_list("pk", flat=True)),
        "links": LinkAttempt.objects.count(),
        "payloads": sorted(StripeEvent.objects.values_list("event_id", "payload")),
        "flags": sorted(VulnerabilityFlag.objects.values_list("pk", flat=True)),
        "sessions": Session.objects.count(),
        **kept_records(),
    }


def test_data_past_its_period_goes_and_data_inside_it_stays(aged):
    old, new = aged
    kept = kept_records()
    changed = personal_data_retain_all(today=TODAY)

    assert not Budget.objects.filter(user=old.user).exists()
    assert not BudgetLine.objects.filter(budget__user=old.user).exists()
    assert Budget.objects.filter(user=new.user).count() == 1
    assert BudgetLine.objects.filter(budget__user=new.user).count() == 1

    assert not BenefitsCheck.objects.filter(user=old.user).exists()
    assert BenefitsCheck.objects.filter(user=new.user).count() == 1

    assert not LinkAttempt.objects.filter(user=old.user).exists()
    assert LinkAttempt.objects.filter(user=new.user).count() == 1

    stripped = StripeEvent.objects.get(event_id=f"evt_{old.marker}")
    assert old.marker not in stripped.payload.replace(f"evt_{old.marker}", "")
    assert stripped.payload.startswith('{"redacted": true')
    assert StripeEvent.objects.get(event_id=f"evt_waiting_{old.marker}").payload.count(
        f"pi_{old.marker}"
    )
    assert f"pi_{new.marker}" in StripeEvent.objects.get(event_id=f"evt_{new.marker}").payload

    flags = VulnerabilityFlag.objects.filter(tenancy=old.tenancy)
    assert list(flags.values_list("cleared_at", flat=True)) == [None]  # only the uncleared one
    assert VulnerabilityFlag.objects.filter(tenancy=new.tenancy).count() == 1

    assert kept_records() == kept  # ledger, payments, notes, audit... all kept
    assert changed["budgeting.Budget"] == 1
    assert changed["benefits_checker.BenefitsCheck"] == 1
    assert changed["portal.LinkAttempt"] == 1
    assert changed["payments.StripeEvent"] == 1
    assert changed["casework.VulnerabilityFlag"] == 1


def test_a_second_run_for_the_same_day_changes_nothing(aged):
    personal_data_retain_all(today=TODAY)
    before = snapshot()
    changed = personal_data_retain_all(today=TODAY)
    assert snapshot() == before
    assert set(changed.values()) == {0}


def test_the_daily_task_runs_every_category_audits_once_and_is_safe_twice(aged):
    first = tasks.personal_data_retain.delay(TODAY.isoformat()).get()
    assert sum(first.values()) == 5
    events = AuditEvent.objects.filter(action="data.retention")
    assert events.count() == 1
    assert events.get().detail["changed"]["budgeting.Budget"] == 1
    before = snapshot()
    second = tasks.personal_data_retain.delay(TODAY.isoformat()).get()
    assert set(second.values()) == {0}
    assert snapshot() == before  # not even an audit event


def test_ended_sessions_are_deleted_and_live_ones_kept(db):
    live = SessionStore()
    live["x"] = 1
    live.create()
    ended = SessionStore()
    ended["x"] = 1
    ended.create()
    Session.objects.filter(session_key=ended.session_key).update(
        expire_date=timezone.now() - dt.timedelta(minutes=1)
    )
    changed = personal_data_retain_all(today=timezone.localdate())
    assert changed["sessions.session"] == 1
    assert list(Session.objects.values_list("session_key", flat=True)) == [live.session_key]


def test_a_budget_another_record_still_needs_is_kept_until_that_record_goes(aged, monkeypatch):
    old, _ = aged
    delete = QuerySet.delete

    def protected_delete(self):
        if self.model is Budget:
            raise ProtectedError("a payment plan was decided on this budget", set())
        return delete(self)

    monkeypatch.setattr(QuerySet, "delete", protected_delete)
    changed = personal_data_retain_all(today=TODAY)
    assert changed["budgeting.Budget"] == 0
    assert Budget.objects.filter(user=old.user).exists()
    monkeypatch.setattr(QuerySet, "delete", delete)
    assert personal_data_retain_all(today=TODAY)["budgeting.Budget"] == 1


def test_one_category_failing_does_not_stop_the_others(aged, monkeypatch):
    old, _ = aged

    def broken(*, today):
        raise RuntimeError("disk full")

    monkeypatch.setitem(
        privacy._REGISTRY,
        "tests.broken",
        PersonalData(
            model="tests.Broken", export=lambda *, user: [], retention_days=1, retain=broken
        ),
    )
    with pytest.raises(RetentionFailed):
        personal_data_retain_all(today=TODAY)
    assert not Budget.objects.filter(user=old.user).exists()  # the others still ran
