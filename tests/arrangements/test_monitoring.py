"""Daily monitoring, in frozen time: behind beyond the grace days breaks the plan (one work
item, one message), catching up makes it live again, clearing completes it; a Breathing Space
holds back messages and work items; the same day twice changes and sends nothing twice."""

import datetime as dt

import pytest
import time_machine

from arrangements import services, tasks
from arrangements.models import Arrangement, ArrangementStateChange
from casework.models import BreathingSpace, WorkItem
from tests.arrangements.conftest import charge, pay
from tests.arrangements.helpers import propose
from tests.budgeting.helpers import submitted_budget

pytestmark = pytest.mark.django_db

D = dt.date


def on(day: dt.date):
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, 7, 0), tick=False)


@pytest.fixture
def plan(owing, today):
    """£20 a week towards £500 of arrears plus the £95 rent: £115 each Friday from 27 Nov."""
    user, account = owing
    submitted_budget(user, account.tenancy)
    plan = propose(user, today=today, start=D(2026, 11, 27))
    assert plan.status == Arrangement.Status.LIVE
    return plan


def run(day, capture):
    with on(day), capture(execute=True):
        return tasks.monitor_plans.delay().get()


def broken_items():
    return WorkItem.objects.filter(kind=WorkItem.Kind.PLAN_BROKEN)


def test_on_track_plans_stay_live_and_the_same_day_twice_writes_nothing(
    plan, django_capture_on_commit_callbacks
):
    first = run(D(2026, 11, 23), django_capture_on_commit_callbacks)
    rows = ArrangementStateChange.objects.count()
    second = run(D(2026, 11, 23), django_capture_on_commit_callbacks)
    assert first["checked"] == second["checked"] == 1
    assert second["history_rows"] == 0
    assert ArrangementStateChange.objects.count() == rows
    plan.refresh_from_db()
    assert plan.status == "live" and plan.last_checked_on == D(2026, 11, 23)


def test_a_payment_still_within_its_grace_days_is_not_late(
    plan, owing, django_capture_on_commit_callbacks
):
    _, account = owing
    charge(account, D(2026, 11, 30))
    run(D(2026, 12, 1), django_capture_on_commit_callbacks)  # due 27 Nov + 5 days = 2 Dec
    plan.refresh_from_db()
    assert plan.status == "live"


def test_falling_behind_breaks_the_plan_once_with_one_message_and_one_work_item(
    plan, owing, django_capture_on_commit_callbacks, mailoutbox
):
    user, account = owing
    charge(account, D(2026, 11, 30))
    mailoutbox.clear()
    report = run(D(2026, 12, 2), django_capture_on_commit_callbacks)
    assert report["breached"] == 1 and report["notified"] == 1
    plan.refresh_from_db()
    assert plan.status == Arrangement.Status.BREACHED
    last = plan.state_changes.last()
    assert (last.expected_balance_pence, last.checked_balance_pence) == (48000, 59500)
    assert last.description == "Behind by £115.00"
    assert broken_items().count() == 1
    (message,) = mailoutbox
    assert message.to == [user.email]
    assert "You are £115.00 behind your payment plan." in message.body
    assert "£" not in message.subject

    again = run(D(2026, 12, 2), django_capture_on_commit_callbacks)
    assert again["breached"] == again["notified"] == again["history_rows"] == 0
    assert len(mailoutbox) == 1
    assert broken_items().count() == 1
    # The next day, still behind by the same: still nothing new.
    run(D(2026, 12, 3), django_capture_on_commit_callbacks)
    assert len(mailoutbox) == 1 and broken_items().count() == 1


def test_catching_up_makes_the_plan_live_again_and_closes_the_work_item(
    plan, owing, django_capture_on_commit_callbacks, mailoutbox
):
    _, account = owing
    charge(account, D(2026, 11, 30))
    run(D(2026, 12, 2), django_capture_on_commit_callbacks)
    pay(account, D(2026, 12, 3), 11500)
    report = run(D(2026, 12, 3), django_capture_on_commit_callbacks)
    assert report["caught_up"] == 1
    plan.refresh_from_db()
    assert plan.status == Arrangement.Status.LIVE
    assert plan.breach_handled_at is None
    assert broken_items().get().status == WorkItem.Status.DONE
    # Breaking again later is a new breach: a new message and a new item.
    charge(account, D(2026, 12, 7))
    sent = len(mailoutbox)
    run(D(2026, 12, 9), django_capture_on_commit_callbacks)
    plan.refresh_from_db()
    assert plan.status == Arrangement.Status.BREACHED
    assert len(mailoutbox) == sent + 1
    assert broken_items().filter(status="open").count() == 1


def test_clearing_the_arrears_completes_the_plan(plan, owing, django_capture_on_commit_callbacks):
    _, account = owing
    pay(account, D(2026, 11, 27), 50000)
    report = run(D(2026, 11, 28), django_capture_on_commit_callbacks)
    assert report["completed"] == 1
    plan.refresh_from_db()
    assert plan.status == Arrangement.Status.COMPLETED and plan.ended_at is not None
    assert run(D(2026, 11, 28), django_capture_on_commit_callbacks)["checked"] == 0


def test_a_breathing_space_holds_back_the_message_and_work_item_until_it_ends(
    plan, owing, officer, django_capture_on_commit_callbacks, mailoutbox
):
    _, account = owing
    BreathingSpace.objects.create(
        tenancy=account.tenancy,
        kind="standard",
        starts_on=D(2026, 11, 24),
        ends_on=D(2027, 1, 22),
        recorded_by=officer,
    )
    charge(account, D(2026, 11, 30))
    mailoutbox.clear()
    run(D(2026, 12, 2), django_capture_on_commit_callbacks)
    plan.refresh_from_db()
    assert plan.status == Arrangement.Status.BREACHED  # the record is kept...
    assert not mailoutbox and not broken_items().exists()  # ...but nobody is chased
    run(D(2027, 1, 22), django_capture_on_commit_callbacks)
    assert not mailoutbox and not broken_items().exists()
    run(D(2027, 1, 23), django_capture_on_commit_callbacks)  # it has ended
    assert len(mailoutbox) == 1 and broken_items().count() == 1


def test_a_breathing_space_on_other_accounts_does_not_hold_anything_back(
    plan, owing, officer, django_capture_on_commit_callbacks, mailoutbox
):
    _, account = owing
    BreathingSpace.objects.create(
        tenancy=account.tenancy,
        kind="standard",
        starts_on=D(2026, 11, 24),
        ends_on=D(2027, 1, 22),
        recorded_by=officer,
        account_references=["GARAGE-1"],
    )
    charge(account, D(2026, 11, 30))
    mailoutbox.clear()
    run(D(2026, 12, 2), django_capture_on_commit_callbacks)
    assert len(mailoutbox) == 1 and broken_items().count() == 1


def test_plans_not_running_are_not_checked(owing, today):
    user, _ = owing
    propose(user, today=today)  # referred: waiting for a decision
    assert services.arrangements_monitor(today=today).checked == 0


def test_a_monthly_plan_counts_calendar_months(
    owing, today, officer, django_capture_on_commit_callbacks
):
    user, account = owing
    submitted_budget(user, account.tenancy)
    plan = propose(
        user,
        today=today,
        frequency="monthly",
        amount=8000,
        start=D(2026, 11, 30),
        covers_charge=False,
    )  # rent paid another way: an officer agrees it
    services.arrangement_approve(arrangement=plan, officer=officer, today=today)
    pay(account, D(2026, 11, 30), 8000)
    run(D(2026, 12, 29), django_capture_on_commit_callbacks)  # the 30 Dec payment: not yet
    plan.refresh_from_db()
    assert plan.status == "live"
    run(D(2027, 1, 4), django_capture_on_commit_callbacks)  # 30 Dec + 5 days have passed
    plan.refresh_from_db()
    assert plan.status == "breached"
