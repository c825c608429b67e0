"""The tenant's side at /payment-plan/: what they owe, the form, the preview, sending it, and
every kind of bad input getting a clear message with nothing lost."""

import datetime as dt
import uuid

import pytest
from django.urls import reverse

from arrangements.models import Arrangement
from casework.models import BreathingSpace, WorkItem
from tests.arrangements.factories import CounterOfferFactory
from tests.arrangements.helpers import propose
from tests.budgeting.helpers import submitted_budget
from tests.factories import AccountFactory, LedgerEntryFactory, UserFactory

pytestmark = pytest.mark.django_db

START = reverse("arrangements:start")
PROPOSE = reverse("arrangements:propose")


def form_data(**changes):
    data = {
        "form_token": str(uuid.uuid4()),
        "amount": "20.00",
        "frequency": "weekly",
        "start_day": "27",
        "start_month": "11",
        "start_year": "2026",
        "covers_charge": "yes",
        "lump_sum": "",
        "payment_method": "card",
        "action": "preview",
    }
    return data | changes


def test_the_page_shows_what_is_owed_and_the_form(client, owing, today):
    user, _ = owing
    client.force_login(user)
    page = client.get(START).content.decode()
    assert "You owe £500.00." in page
    assert "To clear your arrears within a year you would need to pay £9.62 a week." in page
    assert "Fill in your budget" in page
    assert 'name="amount"' in page


def test_with_a_budget_the_suggestion_comes_from_it(client, owing, today):
    user, account = owing
    submitted_budget(user, account.tenancy)
    client.force_login(user)
    page = client.get(START).content.decode()
    assert "Your budget shows you could pay" in page


def test_the_preview_shows_every_instalment_and_the_date_the_arrears_clear(client, owing, today):
    user, _ = owing
    client.force_login(user)
    response = client.post(PROPOSE, form_data())
    page = response.content.decode()
    assert response.status_code == 200
    assert "Check your payment plan" in page
    assert page.count('data-label="Due"') == 25  # £500 at £20 a week
    assert "27 November 2026" in page and "14 May 2027" in page
    assert "£115.00" in page  # £20 towards arrears plus £95 rent
    assert "An officer will look at this plan" in page  # no budget on file
    assert not Arrangement.objects.exists()


def test_sending_a_plan_within_policy_agrees_it_on_the_spot(
    client, owing, today, django_capture_on_commit_callbacks, mailoutbox
):
    user, account = owing
    submitted_budget(user, account.tenancy)
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(PROPOSE, form_data(action="submit"))
    plan = Arrangement.objects.get()
    assert response.status_code == 303
    assert response["Location"] == reverse("arrangements:detail", args=[plan.pk])
    assert plan.status == Arrangement.Status.LIVE
    assert plan.amount_pence == 2000 and plan.charge_pence == 9500
    assert plan.starting_balance_pence == 50000
    assert list(plan.accounts.all()) == [account]
    assert [c.to_status for c in plan.state_changes.all()] == ["proposed", "live"]
    assert not WorkItem.objects.exists()
    assert len(mailoutbox) == 1
    assert mailoutbox[0].subject.endswith("Your payment plan is agreed")
    assert "£" not in mailoutbox[0].subject


def test_a_plan_outside_policy_waits_for_an_officer_with_a_work_item(client, owing, today):
    user, _ = owing
    client.force_login(user)
    client.post(PROPOSE, form_data(action="submit"))
    plan = Arrangement.objects.get()
    assert plan.status == Arrangement.Status.PROPOSED
    item = WorkItem.objects.get()
    assert item.kind == WorkItem.Kind.PLAN_DECISION
    assert item.link == reverse("arrangements:officer_decide", args=[plan.pk])
    page = client.get(START).content.decode()
    assert "Waiting for a decision" in page
    assert "We do not have a budget from you yet." in page


def test_the_same_form_sent_twice_makes_one_plan(client, owing, today):
    user, _ = owing
    client.force_login(user)
    data = form_data(action="submit")
    client.post(PROPOSE, data)
    second = client.post(PROPOSE, data)
    assert Arrangement.objects.count() == 1
    assert second.status_code in (303, 409)


@pytest.mark.parametrize(
    ("changes", "message", "field_id"),
    [
        ({"amount": "0.50"}, "Amount must be £1 or more", "amount"),
        ({"amount": ""}, "Enter how much you can pay towards your arrears each time", "amount"),
        ({"amount": "twenty"}, "Enter an amount in pounds and pence, like 12.50", "amount"),
        ({"amount": "500.01"}, "Amount must be £500.00 or less", "amount"),
        ({"amount": "300", "lump_sum": "300"}, "Amount must be £200.00 or less", "amount"),
        ({"lump_sum": "500"}, "Your lump sum clears what you owe", "lump_sum"),
        ({"start_day": "22"}, "The start date must be today or in the future", "start_day"),
        (
            {"start_day": "24", "start_month": "12"},
            "The start date must be no later than 23 December 2026",
            "start_day",
        ),
        (
            {"start_day": "31", "start_month": "2"},
            "The start date must be a real date",
            "start_day",
        ),
        ({"start_day": ""}, "The start date must include a day", "start_day"),
        ({"frequency": "daily"}, "Choose how often you will pay", "frequency"),
        ({"payment_method": "cash"}, "Choose how you will pay", "payment_method"),
        ({"amount": "1.00"}, "more than 10 years", "amount"),  # 500 weeks is fine...
    ],
)
def test_bad_input_gets_a_clear_message_and_nothing_typed_is_lost(
    client, owing, today, changes, message, field_id
):
    user, account = owing
    if changes == {"amount": "1.00"}:  # ...but £1 a week on £6,000 is not
        LedgerEntryFactory(account=account, amount_pence=550000, kind="adjustment")
    client.force_login(user)
    data = form_data(**changes)
    response = client.post(PROPOSE, data)
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert f'href="#{field_id}"' in page
    assert page.startswith("<!DOCTYPE html>") and "<title>Error:" in page
    for name in ("amount", "lump_sum", "start_day"):
        if data[name]:
            assert f'value="{data[name]}"' in page
    assert not Arrangement.objects.exists()


def test_a_second_plan_while_one_is_open_is_refused(client, owing, today):
    user, _ = owing
    propose(user, today=today)
    client.force_login(user)
    response = client.post(PROPOSE, form_data(action="submit"))
    assert response.status_code == 409
    assert "You already have a payment plan" in response.content.decode()
    assert Arrangement.objects.count() == 1


def test_other_debts_can_be_added_to_the_plan(client, owing, today):
    user, account = owing
    garage = AccountFactory(tenancy=account.tenancy, kind="garage")
    LedgerEntryFactory(account=garage, amount_pence=3000)
    client.force_login(user)
    assert "Garage rent" in client.get(START).content.decode()
    client.post(PROPOSE, form_data(action="submit", other_accounts=[garage.reference]))
    plan = Arrangement.objects.get()
    assert plan.starting_balance_pence == 53000
    assert set(plan.accounts.all()) == {account, garage}


def test_the_tenant_can_withdraw_a_plan_waiting_for_a_decision(client, owing, today):
    user, _ = owing
    plan = propose(user, today=today)
    client.force_login(user)
    url = reverse("arrangements:withdraw", args=[plan.pk])
    assert "Are you sure" in client.get(url).content.decode()
    client.post(url)
    plan.refresh_from_db()
    assert plan.status == Arrangement.Status.WITHDRAWN
    assert WorkItem.objects.get().status == WorkItem.Status.DONE


def test_withdrawing_a_plan_already_decided_says_so(client, owing, today, officer):
    from arrangements import services

    user, _ = owing
    plan = propose(user, today=today)
    services.arrangement_approve(arrangement=plan, officer=officer, today=today)
    client.force_login(user)
    response = client.post(reverse("arrangements:withdraw", args=[plan.pk]), follow=True)
    assert "already been decided" in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == Arrangement.Status.LIVE


@pytest.mark.parametrize(("answer", "status"), [("accept", "live"), ("decline", "declined")])
def test_the_tenant_accepts_or_declines_a_counter_offer(client, owing, today, answer, status):
    user, _ = owing
    plan = propose(user, today=today)
    Arrangement.objects.filter(pk=plan.pk).update(status="countered")
    CounterOfferFactory(arrangement=plan, amount_pence=2500, frequency="fortnightly")
    client.force_login(user)
    url = reverse("arrangements:respond", args=[plan.pk])
    page = client.get(url).content.decode()
    assert "We can agree a plan of £25.00 towards your arrears, every 2 weeks." in page
    assert "Choose whether you accept" in client.post(url, {}).content.decode()
    client.post(url, {"answer": answer})
    plan.refresh_from_db()
    assert plan.status == status
    if answer == "accept":
        assert (plan.amount_pence, plan.frequency) == (2500, "fortnightly")
        assert plan.charge_pence == 19000
        assert (plan.proposed_amount_pence, plan.proposed_frequency) == (2000, "weekly")


def test_the_status_page_says_how_far_ahead_or_behind_the_plan_is(client, owing, today):
    from tests.arrangements.conftest import pay

    user, account = owing
    submitted_budget(user, account.tenancy)
    plan = propose(user, today=today, start=today)
    assert plan.status == "live"
    pay(account, today, 5000)
    client.force_login(user)
    page = client.get(reverse("arrangements:detail", args=[plan.pk])).content.decode()
    assert "You are £50.00 ahead of your plan." in page
    assert "Your next payment of £115.00 is due on 23 November 2026." in page
    assert "We allow 5 days for payments to clear." in page


def test_the_tenant_sees_a_breathing_space(client, owing, today, officer):
    user, account = owing
    BreathingSpace.objects.create(
        tenancy=account.tenancy,
        kind="standard",
        starts_on=today - dt.timedelta(days=3),
        ends_on=today + dt.timedelta(days=57),
        recorded_by=officer,
    )
    client.force_login(user)
    page = client.get(START).content.decode()
    assert "You have a Breathing Space." in page
    assert "It lasts until 19 January 2027." in page


def test_the_dashboard_tile_offers_a_plan_then_shows_it(client, owing, today):
    user, _ = owing
    client.force_login(user)
    dashboard = reverse("portal:dashboard")
    assert "Set up a payment plan" in client.get(dashboard).content.decode()
    propose(user, today=today)
    assert "Your plan: waiting for a decision." in client.get(dashboard).content.decode()


def test_a_login_with_no_tenancy_is_told_to_link_one(client, today):
    client.force_login(UserFactory())
    assert "first link your login" in client.get(START).content.decode()
    assert "first link your login" in client.get(PROPOSE).content.decode()


def test_another_tenants_plan_is_not_found(client, owing, today):
    user, _ = owing
    plan = propose(user, today=today)
    other = UserFactory()
    client.force_login(other)
    for name in ("detail", "withdraw", "respond"):
        assert client.get(reverse(f"arrangements:{name}", args=[plan.pk])).status_code == 404
    assert client.post(reverse("arrangements:withdraw", args=[plan.pk])).status_code == 404


def test_a_joint_tenants_budget_is_never_used_on_the_other_tenants_pages(client, owing, today):
    from tests.factories import TenancyMemberFactory

    user, account = owing
    joint = UserFactory()
    TenancyMemberFactory(tenancy=account.tenancy, user=joint, role="joint")
    submitted_budget(joint, account.tenancy)
    client.force_login(user)
    page = client.get(START).content.decode()
    assert "Fill in your budget" in page
    assert "Your budget shows" not in page
    plan = propose(user, today=today)
    assert plan.status == "proposed"  # no budget of the proposer's own
    assert "budget_on_file" in [r["code"] for r in plan.policy_reasons if not r["passed"]]
