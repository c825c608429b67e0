"""The officers' queue and case page pass axe-core (no serious or critical violations) and
reflow at 320px without scrolling sideways, with content in every section and in an error
state."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from casework.models import BreathingSpace, CaseNote, WorkItem
from tests.browser.axe import WIDTHS, assert_accessible
from tests.budgeting.helpers import submitted_budget
from tests.casework.factories import WorkItemFactory
from tests.factories import LedgerEntryFactory, TenancyMemberFactory, tenant_with_account

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def busy_case(officer):
    """A tenancy in arrears with people, a budget, a Breathing Space, a note, and work items
    in every state (one of them the officer's own, one overdue)."""
    user, account = tenant_with_account()
    tenancy = account.tenancy
    TenancyMemberFactory(tenancy=tenancy, name="Sam Occupant", role="occupant")
    for week in range(6):
        LedgerEntryFactory(
            account=account, posted_on=dt.date(2026, 10, 5) + dt.timedelta(weeks=week)
        )
    submitted_budget(user, tenancy)
    BreathingSpace.objects.create(
        tenancy=tenancy,
        kind=BreathingSpace.Kind.STANDARD,
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate() + dt.timedelta(days=59),
        recorded_by=officer,
    )
    CaseNote.objects.create(tenancy=tenancy, author=officer, text="Rang the tenant.\nNo answer.")
    now = timezone.now()
    WorkItemFactory(
        tenancy=tenancy,
        priority_points=45,
        created_at=now - dt.timedelta(days=4),
        due_at=now - dt.timedelta(hours=2),
        link="/payment-plan/",
    )
    WorkItemFactory(
        tenancy=tenancy,
        kind=WorkItem.Kind.DIRECT_DEBIT_FAILED,
        status=WorkItem.Status.IN_PROGRESS,
        assignee=officer,
    )
    WorkItemFactory(tenancy=tenancy, status=WorkItem.Status.DONE, done_at=now)
    for _ in range(30):  # more than a page
        WorkItemFactory(priority_points=10)
    return tenancy


@pytest.mark.parametrize("width", WIDTHS)
def test_the_queue_and_case_page(signed_in_page, live_server, officer, busy_case, width):
    page = signed_in_page(officer, width=width)
    for path in (
        reverse("casework:home"),
        reverse("casework:home") + "?who=mine&sort=due&overdue=on",
        reverse("casework:case", args=[busy_case.reference]),
        reverse("casework:imports"),
    ):
        page.goto(live_server.url + path)
        assert_accessible(page, f"{path} at {width}px")
    assert (
        "Case " + busy_case.reference
        in page.goto(live_server.url + reverse("casework:case", args=[busy_case.reference])).text()
    )


@pytest.mark.parametrize("width", WIDTHS)
def test_error_states(signed_in_page, live_server, officer, busy_case, width):
    page = signed_in_page(officer, width=width)
    page.goto(live_server.url + reverse("casework:home") + "?status=nonsense")
    assert page.locator(".govuk-error-summary").count() == 1
    assert_accessible(page, f"queue filter error at {width}px")

    page.goto(live_server.url + reverse("casework:case", args=[busy_case.reference]))
    page.fill("textarea[name='note-text']", "   ")
    page.locator("#notes form button.govuk-button").click()
    page.wait_for_selector(".govuk-error-summary")
    assert page.title().startswith("Error:")
    assert_accessible(page, f"case note error at {width}px")


def test_take_next_and_the_actions_work_without_javascript(browser, live_server, client, officer):
    user, account = tenant_with_account()
    item = WorkItemFactory(tenancy=account.tenancy, priority_points=30)
    context = browser.new_context(java_script_enabled=False, viewport={"width": 320, "height": 900})
    client.force_login(officer)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()
    page.goto(live_server.url + reverse("casework:home"))
    page.get_by_role("button", name="Take the next item").click()
    assert page.url.endswith(reverse("casework:case", args=[account.tenancy.reference]))
    item.refresh_from_db()
    assert item.assignee == officer
    page.locator("#work").get_by_role("button", name="Mark done").click()
    item.refresh_from_db()
    assert item.status == WorkItem.Status.DONE
    context.close()
