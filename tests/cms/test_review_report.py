"""The "Advice due for review" report lists advice past its review date."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.cms.helpers import advice_page

pytestmark = pytest.mark.django_db


def test_report_lists_overdue_advice_and_not_advice_still_in_date(client, editor, index):
    today = timezone.localdate()
    overdue = advice_page(
        index,
        title="Benefit rates 2025",
        last_reviewed=today - dt.timedelta(days=400),
        next_review_due=today - dt.timedelta(days=35),
        reviewer=editor,
    )
    advice_page(index, title="Fresh advice", next_review_due=today + dt.timedelta(days=30))
    client.force_login(editor)
    response = client.get(reverse("cms_review_due"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Benefit rates 2025" in html
    assert f"/cms-admin/pages/{overdue.pk}/edit/" in html
    assert "Fresh advice" not in html


def test_report_downloads_as_csv(client, editor, index):
    today = timezone.localdate()
    advice_page(
        index,
        title="Old rates",
        last_reviewed=today - dt.timedelta(days=300),
        next_review_due=today - dt.timedelta(days=1),
    )
    client.force_login(editor)
    response = client.get(reverse("cms_review_due"), {"export": "csv"})
    assert response.status_code == 200
    body = (
        b"".join(response.streaming_content).decode()
        if response.streaming
        else response.content.decode()
    )
    assert "Old rates" in body
    assert "Next review due" in body


def test_report_is_in_the_reports_menu(client, editor):
    client.force_login(editor)
    response = client.get("/cms-admin/")
    assert reverse("cms_review_due") in response.content.decode()
