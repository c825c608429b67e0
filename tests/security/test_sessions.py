"""Check 18 (sessions): signed out after 30 minutes idle and 12 hours in all, on the server;
a warning that lets people stay signed in (WCAG 2.2.1); logout really ends the session."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from portal.models import AuditEvent
from portal.sessions import LAST_ACTIVITY_KEY, STARTED_KEY
from tests.factories import TEST_PASSWORD, tenant_with_account

pytestmark = pytest.mark.django_db


@pytest.fixture
def tenant(db):
    """A tenant with a tenancy, so the dashboard is a page (not a redirect to linking)."""
    user, _ = tenant_with_account()
    return user


START = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)
DASHBOARD = "/my-account/"
LOGIN = "/accounts/login/"


def sign_in(client, user):
    response = client.post(LOGIN, {"login": user.email, "password": TEST_PASSWORD})
    assert response.status_code == 302, response.content
    return response


def test_the_limits_are_30_minutes_idle_and_12_hours_in_all():
    assert settings.SESSION_IDLE_TIMEOUT_SECONDS <= 30 * 60
    assert settings.SESSION_ABSOLUTE_TIMEOUT_SECONDS <= 12 * 60 * 60
    assert settings.SESSION_COOKIE_AGE <= settings.SESSION_ABSOLUTE_TIMEOUT_SECONDS
    assert settings.SESSION_TIMEOUT_WARNING_SECONDS == 2 * 60


def test_signing_in_starts_both_clocks(client, tenant):
    with time_machine.travel(START, tick=False):
        sign_in(client, tenant)
        assert client.session[STARTED_KEY] == START.timestamp()
        assert client.session[LAST_ACTIVITY_KEY] == START.timestamp()


def test_activity_within_30_minutes_keeps_the_session(client, tenant):
    with time_machine.travel(START, tick=False) as traveller:
        sign_in(client, tenant)
        for _ in range(4):  # two hours, never idle for 30 minutes
            traveller.shift(dt.timedelta(minutes=29))
            assert client.get(DASHBOARD).status_code == 200


def test_pages_within_a_minute_do_not_rewrite_the_session(client, tenant):
    with time_machine.travel(START, tick=False) as traveller:
        sign_in(client, tenant)
        key = client.session.session_key
        saved = Session.objects.get(session_key=key).expire_date
        traveller.shift(dt.timedelta(seconds=30))
        assert client.get(DASHBOARD).status_code == 200
        assert client.session[LAST_ACTIVITY_KEY] == START.timestamp()
        assert Session.objects.get(session_key=key).expire_date == saved
        traveller.shift(dt.timedelta(seconds=40))
        assert client.get(DASHBOARD).status_code == 200
        assert client.session[LAST_ACTIVITY_KEY] == START.timestamp() + 70


def test_30_minutes_without_activity_signs_out_and_says_why(client, tenant):
    with time_machine.travel(START, tick=False) as traveller:
        sign_in(client, tenant)
        old_key = client.session.session_key
        traveller.shift(dt.timedelta(minutes=30, seconds=1))
        response = client.get(DASHBOARD)
        assert response.status_code == 302
        assert response["Location"] == f"{LOGIN}?next={DASHBOARD}"
        page = client.get(response["Location"])
    assert page.status_code == 200
    assert "We signed you out because you had not done anything for 30 minutes" in (
        page.content.decode()
    )
    assert not Session.objects.filter(session_key=old_key).exists()
    assert AuditEvent.objects.filter(
        action="auth.session_expired", actor=tenant, detail={"reason": "idle"}
    ).exists()


def test_12_hours_after_signing_in_signs_out_however_active(client, tenant):
    with time_machine.travel(START, tick=False) as traveller:
        sign_in(client, tenant)
        for _ in range(12 * 60 // 20 - 1):
            traveller.shift(dt.timedelta(minutes=20))
            assert client.get(DASHBOARD).status_code == 200
        traveller.shift(dt.timedelta(minutes=20))  # 12 hours since signing in
        response = client.get(DASHBOARD)
        assert response.status_code == 302
        page = client.get(response["Location"])
    assert "because you had been signed in for 12 hours" in page.content.decode()


def test_an_expired_session_cannot_post_a_form(client, tenant):
    with time_machine.travel(START, tick=False) as traveller:
        sign_in(client, tenant)
        traveller.shift(dt.timedelta(minutes=31))
        response = client.post(reverse("portal:link"), {"reference": "ANY"})
    assert response.status_code == 302
    assert response["Location"] == LOGIN


def test_the_warning_script_is_told_when_the_session_ends(client, tenant):
    with time_machine.travel(START, tick=False):
        sign_in(client, tenant)
        body = client.get(DASHBOARD).content.decode()
    assert 'id="portal-session-timeout"' in body
    assert 'data-seconds-left="1800"' in body
    assert 'data-warning-seconds="120"' in body
    assert "Stay signed in" in body
    assert "js/session-timeout.js" in body
    assert f'action="{reverse("portal:session_extend")}"' in body


def test_the_warning_counts_down_to_the_12_hour_limit_when_that_comes_first(client, tenant):
    with time_machine.travel(START, tick=False) as traveller:
        sign_in(client, tenant)
        for _ in range(12 * 3 - 1):
            traveller.shift(dt.timedelta(minutes=20))
            client.get(DASHBOARD)
        traveller.shift(dt.timedelta(minutes=10))  # 11h50m in: 10 minutes left
        body = client.get(DASHBOARD).content.decode()
    assert 'data-seconds-left="600"' in body


def test_no_warning_for_people_who_are_not_signed_in(client):
    body = client.get(LOGIN).content.decode()
    assert "portal-session-timeout" not in body


def test_stay_signed_in_restarts_the_idle_clock(client, tenant):
    with time_machine.travel(START, tick=False) as traveller:
        sign_in(client, tenant)
        traveller.shift(dt.timedelta(minutes=28))
        response = client.post(reverse("portal:session_extend"), HTTP_ACCEPT="application/json")
        assert response.status_code == 200
        assert response.json() == {"signed_in": True, "seconds_left": 1800}
        traveller.shift(dt.timedelta(minutes=28))  # 56 minutes since the last page
        assert client.get(DASHBOARD).status_code == 200


def test_stay_signed_in_without_javascript_returns_to_the_page(client, tenant):
    sign_in(client, tenant)
    response = client.post(reverse("portal:session_extend"), {"next": "/budget/"})
    assert response.status_code == 302
    assert response["Location"] == "/budget/"


def test_stay_signed_in_never_sends_people_to_another_site(client, tenant):
    sign_in(client, tenant)
    response = client.post(reverse("portal:session_extend"), {"next": "https://evil.example.com/"})
    assert response["Location"] == DASHBOARD


def test_stay_signed_in_has_a_page_of_its_own(client, tenant):
    sign_in(client, tenant)
    response = client.get(reverse("portal:session_extend"))
    assert response.status_code == 200
    assert "we sign you out if you do not do anything for 30 minutes" in (response.content.decode())


def test_stay_signed_in_after_the_session_ended_says_so(client, tenant):
    with time_machine.travel(START, tick=False) as traveller:
        sign_in(client, tenant)
        traveller.shift(dt.timedelta(minutes=31))
        response = client.post(reverse("portal:session_extend"), HTTP_ACCEPT="application/json")
    assert response.status_code == 401
    assert response.json() == {"signed_in": False}


def test_stay_signed_in_for_anonymous_visitors(client):
    response = client.post(reverse("portal:session_extend"), HTTP_ACCEPT="application/json")
    assert response.status_code == 401
    response = client.get(reverse("portal:session_extend"))
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_the_session_cookie_changes_at_sign_in(client, tenant):
    client.get(LOGIN)
    client.session.save()
    before = client.cookies["sessionid"].value
    sign_in(client, tenant)
    assert client.cookies["sessionid"].value != before


def test_signing_out_deletes_the_session_so_the_old_cookie_is_worthless(client, tenant):
    sign_in(client, tenant)
    stolen = client.cookies["sessionid"].value
    client.post(reverse("account_logout"))
    assert not Session.objects.filter(session_key=stolen).exists()
    replay = Client()
    replay.cookies["sessionid"] = stolen
    response = replay.get(DASHBOARD)
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_signing_out_needs_a_post(client, tenant):
    sign_in(client, tenant)
    client.get(reverse("account_logout"))
    assert client.get(DASHBOARD).status_code == 200  # still signed in


def test_changing_the_password_ends_other_sessions(tenant):
    phone, laptop = Client(), Client()
    sign_in(phone, tenant)
    sign_in(laptop, tenant)
    response = laptop.post(
        reverse("account_change_password"),
        {
            "oldpassword": TEST_PASSWORD,
            "password1": "a-new-long-passphrase-2026",
            "password2": "a-new-long-passphrase-2026",
        },
    )
    assert response.status_code == 302, response.content
    assert laptop.get(DASHBOARD).status_code == 200
    response = phone.get(DASHBOARD)
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
