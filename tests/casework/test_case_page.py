"""The case page at /officer/cases/<reference>/: everything about one tenancy on one page,
what officers record there (notes, Breathing Space, the extra care flag), and its audit."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from casework.models import BreathingSpace, CaseNote, VulnerabilityFlag, WorkItem
from portal.models import AuditEvent, LedgerEntry
from tests.casework.factories import WorkItemFactory
from tests.factories import (
    AccountFactory,
    LedgerEntryFactory,
    TenancyMemberFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

CASE_PAGE_MAX_QUERIES = 30


def case_url(tenancy, name="case"):
    return reverse(f"casework:{name}", args=[tenancy.reference])


@pytest.fixture
def account():
    account = AccountFactory(tenancy__reference="T123456")
    TenancyMemberFactory(tenancy=account.tenancy, name="Ada Lovelace", user=UserFactory())
    TenancyMemberFactory(
        tenancy=account.tenancy,
        name="Charles Babbage",
        role="occupant",
        date_of_birth=dt.date(1990, 1, 2),
    )
    for week in range(4):
        LedgerEntryFactory(
            account=account,
            posted_on=dt.date(2026, 10, 5) + dt.timedelta(weeks=week),
            description=f"Rent week {week + 1}",
        )
    return account


@pytest.fixture
def signed_in(client, officer):
    client.force_login(officer)
    return client


def page_text(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_the_case_page_shows_the_tenancy_people_balances_and_ledger(signed_in, account):
    page = page_text(signed_in.get(case_url(account.tenancy)))
    assert "Case T123456" in page
    assert account.tenancy.address_line_1 in page
    assert "Ada Lovelace" in page and "Charles Babbage" in page
    assert "Occupant" in page and "2 January 1990" in page
    assert "£380.00 owed" in page or "£380.00" in page
    assert "Rent week 4" in page
    assert "4.0 weeks of the regular charge" in page


def test_opening_the_case_page_is_audited(signed_in, officer, account):
    signed_in.get(case_url(account.tenancy))
    event = AuditEvent.objects.get(action="case.viewed")
    assert (event.actor, event.tenancy) == (officer, account.tenancy)
    page = page_text(signed_in.get(case_url(account.tenancy)))
    assert "Opened the case" in page  # the audit trail shows who looked
    assert escape(officer.get_full_name()) in page  # a generated name may be "O'Brien"


def test_an_unknown_reference_is_not_found_and_not_audited(signed_in):
    assert signed_in.get(reverse("casework:case", args=["NOPE"])).status_code == 404
    assert signed_in.get("/officer/cases/T%00X/").status_code == 404
    assert not AuditEvent.objects.filter(action="case.viewed").exists()


def test_the_case_page_shows_its_work_items_with_their_scores(signed_in, account):
    open_item = WorkItemFactory(tenancy=account.tenancy, priority_points=40, summary="Open work")
    WorkItemFactory(
        tenancy=account.tenancy,
        status=WorkItem.Status.DONE,
        done_at=timezone.now(),
        summary="Finished work",
    )
    WorkItemFactory(summary="Someone else's work")
    page = page_text(signed_in.get(case_url(account.tenancy)))
    assert "Open work" in page and "Finished work" in page
    assert "Someone else&#x27;s work" not in page
    assert "2.0 weeks of rent owed: 40" in page
    assert reverse("casework:item_done", args=[open_item.pk]) in page


def test_the_case_page_runs_a_fixed_number_of_queries_however_long_the_ledger(
    signed_in, account, django_assert_max_num_queries
):
    WorkItemFactory(tenancy=account.tenancy)
    CaseNote.objects.create(tenancy=account.tenancy, author=UserFactory(), text="Called")
    url = case_url(account.tenancy)
    signed_in.get(url)  # warm up (sessions, content types)

    with CaptureQueriesContext(connection) as short:
        page_text(signed_in.get(url))
    LedgerEntry.objects.bulk_create(
        LedgerEntry(
            account=account,
            amount_pence=9500 if n % 2 else -9500,
            posted_on=dt.date(2016, 1, 4) + dt.timedelta(weeks=n),
            kind="charge" if n % 2 else "payment",
            source="hms",
            external_id=f"LONG{n}",
        )
        for n in range(520)
    )
    with (
        django_assert_max_num_queries(CASE_PAGE_MAX_QUERIES),
        CaptureQueriesContext(connection) as long,
    ):
        page_text(signed_in.get(url))
    assert len(long) == len(short)


# ------------------------------------------------------------------------------------------
# Notes


def test_an_officer_adds_a_note_and_the_audit_does_not_keep_its_text(signed_in, officer, account):
    response = signed_in.post(
        case_url(account.tenancy, "case_note_add"), {"note-text": " Rang tenant, will pay Friday "}
    )
    assert response["Location"] == case_url(account.tenancy) + "#notes"
    note = CaseNote.objects.get()
    assert (note.text, note.author, note.tenancy) == (
        "Rang tenant, will pay Friday",
        officer,
        account.tenancy,
    )
    event = AuditEvent.objects.get(action="case.note_added")
    assert "Friday" not in str(event.detail)
    assert "Rang tenant, will pay Friday" in page_text(signed_in.get(case_url(account.tenancy)))


@pytest.mark.parametrize(
    ("text", "message"),
    [("", "Enter the note"), ("   ", "Enter the note"), ("x" * 5001, "5000 characters or fewer")],
)
def test_a_bad_note_says_what_is_wrong_and_keeps_what_was_typed(signed_in, account, text, message):
    response = signed_in.post(case_url(account.tenancy, "case_note_add"), {"note-text": text})
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert "govuk-error-summary" in page
    assert "<title>Error:" in page
    if text.strip():
        assert text in page
    assert not CaseNote.objects.exists()


# ------------------------------------------------------------------------------------------
# Breathing Space


def record(client, tenancy, kind="standard", starts_on=None, reference=""):
    starts_on = starts_on or timezone.localdate()
    return client.post(
        case_url(tenancy, "breathing_space_record"),
        {
            "bs-kind": kind,
            "bs-starts_on_0": starts_on.day,
            "bs-starts_on_1": starts_on.month,
            "bs-starts_on_2": starts_on.year,
            "bs-reference": reference,
        },
    )


def test_a_standard_breathing_space_lasts_60_days_and_raises_the_items_priority(
    signed_in, officer, account
):
    item = WorkItemFactory(tenancy=account.tenancy)
    start = timezone.localdate() - dt.timedelta(days=3)
    response = record(signed_in, account.tenancy, starts_on=start, reference="BS-1234")
    assert response["Location"] == case_url(account.tenancy) + "#breathing-space"
    space = BreathingSpace.objects.get()
    assert (space.kind, space.starts_on, space.reference) == ("standard", start, "BS-1234")
    assert space.ends_on == start + dt.timedelta(days=59)  # 60 days counting the first
    assert space.recorded_by == officer
    item.refresh_from_db()
    assert any("Breathing Space" in part["label"] for part in item.priority_parts)
    assert AuditEvent.objects.filter(action="breathing_space.recorded").count() == 1
    page = page_text(signed_in.get(case_url(account.tenancy)))
    assert "Breathing Space in place." in page
    assert "End the Breathing Space today" in page


def test_a_mental_health_crisis_breathing_space_has_no_end_date_until_ended(signed_in, account):
    record(signed_in, account.tenancy, kind="mental_health_crisis")
    space = BreathingSpace.objects.get()
    assert space.ends_on is None
    signed_in.get(case_url(account.tenancy))
    shown = AuditEvent.objects.get(action="case.special_category_viewed")
    assert shown.detail == {"source": "casework", "shown": ["breathing_space"]}

    item = WorkItemFactory(tenancy=account.tenancy)
    response = signed_in.post(case_url(account.tenancy, "breathing_space_end"))
    assert response.status_code == 302
    space.refresh_from_db()
    assert space.ended_early_on == timezone.localdate()
    item.refresh_from_db()
    assert not any("Breathing Space" in part["label"] for part in item.priority_parts)
    assert AuditEvent.objects.filter(action="breathing_space.ended").count() == 1
    # ending again is a message, not an error
    again = signed_in.post(case_url(account.tenancy, "breathing_space_end"), follow=True)
    assert "There is no Breathing Space in place to end." in page_text(again)


def test_a_second_breathing_space_is_refused_while_one_is_in_place(signed_in, account):
    record(signed_in, account.tenancy)
    response = record(signed_in, account.tenancy)
    assert response.status_code == 400
    assert "already a Breathing Space" in response.content.decode()
    assert BreathingSpace.objects.count() == 1


@pytest.mark.parametrize(
    ("days_from_today", "kind", "message"),
    [
        (1, "standard", "The start date must be today or in the past"),
        (-60, "standard", "has already ended"),
    ],
)
def test_breathing_space_dates_are_checked(signed_in, account, days_from_today, kind, message):
    start = timezone.localdate() + dt.timedelta(days=days_from_today)
    response = record(signed_in, account.tenancy, kind=kind, starts_on=start, reference="REF 1")
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert 'value="REF 1"' in page  # nothing typed is lost
    assert not BreathingSpace.objects.exists()


def test_breathing_space_form_errors_name_each_problem(signed_in, account):
    response = signed_in.post(
        case_url(account.tenancy, "breathing_space_record"),
        {
            "bs-kind": "forever",
            "bs-starts_on_0": "31",
            "bs-starts_on_1": "2",
            "bs-starts_on_2": "2026",
        },
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Select the kind of Breathing Space" in page
    assert "The start date must be a real date" in page


# ------------------------------------------------------------------------------------------
# The extra care flag


def test_setting_and_clearing_the_flag_is_audited_and_reprioritises(signed_in, account):
    item = WorkItemFactory(tenancy=account.tenancy)
    response = signed_in.post(
        case_url(account.tenancy, "vulnerability_set"), {"flag-category": "life_event"}
    )
    assert response.status_code == 302
    flag = VulnerabilityFlag.objects.get()
    assert flag.category == "life_event" and flag.cleared_at is None
    item.refresh_from_db()
    assert any("extra care" in part["label"] for part in item.priority_parts)
    second = signed_in.post(
        case_url(account.tenancy, "vulnerability_set"), {"flag-category": "other"}
    )
    assert second.status_code == 400
    assert "already flagged" in second.content.decode()

    signed_in.post(case_url(account.tenancy, "vulnerability_clear"))
    flag.refresh_from_db()
    assert flag.cleared_at is not None
    item.refresh_from_db()
    assert not any("extra care" in part["label"] for part in item.priority_parts)
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"vulnerability_flag.set", "vulnerability_flag.cleared"} <= actions
    for event in AuditEvent.objects.filter(action__startswith="vulnerability_flag"):
        assert "life_event" not in str(event.detail)


def test_a_health_flag_shown_on_the_case_page_is_audited_as_special_category(signed_in, account):
    signed_in.post(case_url(account.tenancy, "vulnerability_set"), {"flag-category": "health"})
    page = page_text(signed_in.get(case_url(account.tenancy)))
    assert "Health or disability" in page
    event = AuditEvent.objects.get(action="case.special_category_viewed")
    assert event.detail == {"source": "casework", "shown": ["vulnerability_flag"]}


def test_a_flag_without_a_category_is_refused_with_a_message(signed_in, account):
    response = signed_in.post(case_url(account.tenancy, "vulnerability_set"), {})
    assert response.status_code == 400
    assert "Select why this tenancy needs extra care" in response.content.decode()
    assert not VulnerabilityFlag.objects.exists()
