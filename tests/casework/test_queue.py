"""The officers' queue at /officer/: filters, sorting, pages, the score in words, and the
actions on an item (take next, assign to me, release, mark done)."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from casework.models import WorkItem
from portal.models import AuditEvent
from tests.casework.factories import WorkItemFactory
from tests.conftest import give_totp
from tests.factories import UserFactory, add_to_group

pytestmark = pytest.mark.django_db
QUEUE = reverse("casework:home")
TAKE_NEXT = reverse("casework:take_next")


def another_officer():
    from django.conf import settings

    user = add_to_group(UserFactory(), settings.INCOME_OFFICER_GROUP)
    give_totp(user)
    return user


def shown(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def queue_items(response) -> list[WorkItem]:
    return [row.item for row in response.context["rows"]]


@pytest.fixture
def signed_in(client, officer):
    client.force_login(officer)
    return client


def test_the_queue_lists_active_items_by_priority_with_the_score_in_words(signed_in):
    now = timezone.now()
    low = WorkItemFactory(priority_points=10, created_at=now - dt.timedelta(days=3))
    high = WorkItemFactory(priority_points=80, created_at=now)
    WorkItemFactory(status=WorkItem.Status.DONE, done_at=now)
    response = signed_in.get(QUEUE)
    assert queue_items(response) == [high, low]
    page = shown(response)
    assert low.tenancy.reference in page
    assert "Plan to decide" in page
    assert "2.0 weeks of rent owed: 10" in page
    assert "Waiting 3 days: 15" in page  # the age part, from priority.age_part
    assert "25 points" in page  # 10 + 3 days x 5
    assert reverse("casework:case", args=[low.tenancy.reference]) in page


def test_an_older_item_overtakes_a_newer_one_without_being_rewritten(signed_in):
    now = timezone.now()
    old = WorkItemFactory(priority_points=10, created_at=now - dt.timedelta(days=5))
    new = WorkItemFactory(priority_points=30, created_at=now)
    # 10 + 5 days x 5 = 35 points beats 30 points opened today
    assert queue_items(signed_in.get(QUEUE)) == [old, new]


def test_overdue_items_are_marked_and_can_be_shown_alone(signed_in):
    now = timezone.now()
    late = WorkItemFactory(
        created_at=now - dt.timedelta(days=5), due_at=now - dt.timedelta(hours=1)
    )
    on_time = WorkItemFactory(due_at=now + dt.timedelta(days=1))
    page = shown(signed_in.get(QUEUE))
    assert page.count('govuk-tag--red">Overdue') == 1
    assert queue_items(signed_in.get(QUEUE, {"overdue": "on"})) == [late]
    assert on_time in queue_items(signed_in.get(QUEUE))


def test_filters_by_kind_status_and_who_has_it(signed_in, officer):
    colleague = another_officer()
    mine = WorkItemFactory(status=WorkItem.Status.IN_PROGRESS, assignee=officer)
    theirs = WorkItemFactory(status=WorkItem.Status.IN_PROGRESS, assignee=colleague)
    nobody = WorkItemFactory(kind=WorkItem.Kind.DIRECT_DEBIT_FAILED)
    done = WorkItemFactory(status=WorkItem.Status.DONE, done_at=timezone.now())

    assert set(queue_items(signed_in.get(QUEUE))) == {mine, theirs, nobody}
    assert queue_items(signed_in.get(QUEUE, {"who": "mine"})) == [mine]
    assert queue_items(signed_in.get(QUEUE, {"who": "unassigned"})) == [nobody]
    assert queue_items(signed_in.get(QUEUE, {"kind": "direct_debit_failed"})) == [nobody]
    assert queue_items(signed_in.get(QUEUE, {"status": "done"})) == [done]
    assert set(queue_items(signed_in.get(QUEUE, {"status": "in_progress"}))) == {mine, theirs}
    page = shown(signed_in.get(QUEUE, {"who": "mine"}))
    assert "You</td>" in page.replace("\n", "").replace("  ", "")


def test_sorting_by_due_time_puts_the_soonest_first(signed_in):
    now = timezone.now()
    later = WorkItemFactory(priority_points=90, due_at=now + dt.timedelta(days=3))
    sooner = WorkItemFactory(priority_points=0, due_at=now + dt.timedelta(hours=2))
    assert queue_items(signed_in.get(QUEUE, {"sort": "due"})) == [sooner, later]
    assert queue_items(signed_in.get(QUEUE, {"sort": "priority"})) == [later, sooner]


def test_the_queue_is_paginated_and_pages_keep_the_filters(signed_in, settings):
    settings.CASEWORK_QUEUE_PAGE_SIZE = 2
    items = [WorkItemFactory(priority_points=points) for points in (50, 40, 30, 20, 10)]
    first = signed_in.get(QUEUE, {"sort": "priority"})
    assert queue_items(first) == items[:2]
    assert "sort=priority&amp;page=2" in shown(first)
    assert queue_items(signed_in.get(QUEUE, {"sort": "priority", "page": "3"})) == items[4:]
    # nonsense page numbers show a page, never an error
    assert queue_items(signed_in.get(QUEUE, {"page": "lots"})) == items[:2]
    assert queue_items(signed_in.get(QUEUE, {"page": "999"})) == items[4:]


def test_a_bad_filter_says_what_is_wrong_and_keeps_the_rest(signed_in):
    wanted = WorkItemFactory(kind=WorkItem.Kind.PAYMENT_DISPUTE)
    WorkItemFactory()
    response = signed_in.get(QUEUE, {"kind": "payment_dispute", "status": "nonsense"})
    page = shown(response)
    assert "Select a status from the list" in page
    assert "govuk-error-summary" in page
    assert response.context["rows"][0].item == wanted
    assert len(response.context["rows"]) == 1


def test_the_filter_form_is_a_get_form(signed_in):
    page = shown(signed_in.get(QUEUE))
    assert 'method="get"' in page
    assert 'name="kind"' in page and 'name="who"' in page and 'name="overdue"' in page


# ------------------------------------------------------------------------------------------
# Take next


def test_take_next_gives_the_top_unassigned_item_and_opens_its_own_page(signed_in, officer):
    WorkItemFactory(priority_points=10)
    top = WorkItemFactory(priority_points=70, link="/payment-plan/officer/7/")
    WorkItemFactory(priority_points=90, status=WorkItem.Status.IN_PROGRESS, assignee=officer)
    response = signed_in.post(TAKE_NEXT)
    assert response.status_code == 302
    assert response["Location"] == "/payment-plan/officer/7/"
    top.refresh_from_db()
    assert top.status == WorkItem.Status.IN_PROGRESS
    assert top.assignee == officer
    event = AuditEvent.objects.get(action="work_item.taken")
    assert (event.actor, event.tenancy, event.subject_id) == (officer, top.tenancy, str(top.pk))


def test_take_next_without_a_link_opens_the_case_page(signed_in):
    item = WorkItemFactory()
    response = signed_in.post(TAKE_NEXT)
    assert response["Location"] == reverse("casework:case", args=[item.tenancy.reference])


def test_take_next_can_keep_to_one_kind(signed_in, officer):
    WorkItemFactory(priority_points=90)
    dd = WorkItemFactory(kind=WorkItem.Kind.DIRECT_DEBIT_FAILED, priority_points=5)
    signed_in.post(TAKE_NEXT, {"kind": "direct_debit_failed"})
    dd.refresh_from_db()
    assert dd.assignee == officer


def test_take_next_with_nothing_waiting_says_so(signed_in, officer):
    WorkItemFactory(status=WorkItem.Status.IN_PROGRESS, assignee=another_officer())
    response = signed_in.post(TAKE_NEXT, follow=True)
    assert "There is no unassigned work waiting" in shown(response)
    assert not AuditEvent.objects.filter(action="work_item.taken").exists()


def test_take_next_never_gives_an_item_twice(signed_in, client):
    WorkItemFactory()
    WorkItemFactory()
    taken = set()
    for _ in range(3):
        signed_in.post(TAKE_NEXT)
    taken = set(WorkItem.objects.exclude(assignee=None).values_list("pk", flat=True))
    assert len(taken) == 2
    assert AuditEvent.objects.filter(action="work_item.taken").count() == 2


def test_actions_need_post_and_a_csrf_token(officer):
    item = WorkItemFactory()
    client = Client(enforce_csrf_checks=True)
    client.force_login(officer)
    assert client.get(TAKE_NEXT).status_code == 405
    assert client.post(TAKE_NEXT).status_code == 403
    assert client.post(reverse("casework:item_assign", args=[item.pk])).status_code == 403
    item.refresh_from_db()
    assert item.assignee is None


# ------------------------------------------------------------------------------------------
# Assign to me, release, mark done


def test_assign_release_and_done_each_change_the_item_once_and_are_audited(signed_in, officer):
    item = WorkItemFactory()
    assign = reverse("casework:item_assign", args=[item.pk])
    release = reverse("casework:item_release", args=[item.pk])
    done = reverse("casework:item_done", args=[item.pk])

    assert signed_in.post(assign, {"next": QUEUE + "?who=mine"})["Location"] == QUEUE + "?who=mine"
    item.refresh_from_db()
    assert (item.status, item.assignee) == (WorkItem.Status.IN_PROGRESS, officer)

    signed_in.post(release)
    item.refresh_from_db()
    assert (item.status, item.assignee) == (WorkItem.Status.OPEN, None)

    signed_in.post(done)
    item.refresh_from_db()
    assert item.status == WorkItem.Status.DONE
    assert item.done_at is not None

    response = signed_in.post(done, follow=True)
    assert "already done" in shown(response)
    actions = list(
        AuditEvent.objects.filter(subject_id=str(item.pk), action__startswith="work_item.")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["work_item.taken", "work_item.released", "work_item.done"]


def test_an_officer_cannot_take_release_or_finish_a_colleagues_item(signed_in):
    colleague = another_officer()
    item = WorkItemFactory(status=WorkItem.Status.IN_PROGRESS, assignee=colleague)
    for name in ("item_assign", "item_release", "item_done"):
        response = signed_in.post(reverse(f"casework:{name}", args=[item.pk]), follow=True)
        assert "govuk-notification-banner" in shown(response)
        item.refresh_from_db()
        assert (item.status, item.assignee) == (WorkItem.Status.IN_PROGRESS, colleague)
    assert not AuditEvent.objects.filter(subject_id=str(item.pk)).exists()


def test_an_unknown_item_is_a_message_not_an_error(signed_in):
    response = signed_in.post(reverse("casework:item_assign", args=[999999]), follow=True)
    assert "That work item does not exist." in shown(response)


def test_next_must_be_a_page_on_this_site(signed_in):
    item = WorkItemFactory()
    response = signed_in.post(
        reverse("casework:item_assign", args=[item.pk]), {"next": "https://evil.example/"}
    )
    assert response["Location"] == QUEUE


def test_the_actions_shown_match_what_the_officer_may_do(signed_in, officer):
    WorkItemFactory(summary="open one")
    WorkItemFactory(status=WorkItem.Status.IN_PROGRESS, assignee=officer)
    WorkItemFactory(status=WorkItem.Status.IN_PROGRESS, assignee=another_officer())
    page = shown(signed_in.get(QUEUE))
    assert page.count(">Assign to me<") == 1
    assert page.count(">Release<") == 1
    assert page.count(">Mark done<") == 2


def test_the_count_stops_at_the_cap_and_says_so(signed_in, settings, monkeypatch):
    from casework import views

    monkeypatch.setattr(views, "QUEUE_COUNT_CAP", 3)
    settings.CASEWORK_QUEUE_PAGE_SIZE = 2
    for _ in range(5):
        WorkItemFactory()
    page = shown(signed_in.get(QUEUE))
    assert "More than 3 items match these filters" in page
    WorkItemFactory(kind=WorkItem.Kind.PAYMENT_DISPUTE)
    assert "1 item matches these filters" in shown(
        signed_in.get(QUEUE, {"kind": "payment_dispute"})
    )


def test_pagination_links_are_the_same_as_the_full_walk(signed_in, settings):
    """The queue's paginator hands the pagination component only the page numbers it can
    show; the links must be exactly those of the whole range."""
    from django.core.paginator import Paginator
    from django.template.loader import render_to_string

    settings.CASEWORK_QUEUE_PAGE_SIZE = 1
    for _ in range(12):
        WorkItemFactory()
    for number in range(1, 13):
        response = signed_in.get(QUEUE, {"page": number})
        ours = render_to_string("components/pagination.html", {"page": response.context["page"]})
        full = render_to_string(
            "components/pagination.html",
            {"page": Paginator(list(range(12)), 1).get_page(number)},
        )
        # the same links; only the blank lines of the numbers it skips differ
        assert ours.split() == full.split(), number
