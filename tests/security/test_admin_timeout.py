"""Check 18 (WCAG 2.2.1) in the admin areas: editors in Wagtail's admin and staff in Django's
admin are warned before the 30-minute idle limit and can stay signed in, as tenants and officers
are (tests/security/test_sessions.py). Wagtail's editor pings the server every 10 seconds by
itself; that is not the person doing anything, so it does not keep the session alive."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.urls import reverse

from portal.sessions import LAST_ACTIVITY_KEY
from tests.browser.axe import AXE, BLOCKING
from tests.cms.helpers import home_page
from tests.security.test_csp_browser import violations, visit, watch

START = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)
ADMIN_PAGES = ["/cms-admin/", "/cms-admin/pages/", "/django-admin/"]
STYLESHEET = "css/admin-session-timeout.css"


@pytest.mark.django_db
@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_admin_pages_carry_the_warning_its_script_and_its_styles(client, editor, path):
    with time_machine.travel(START, tick=False):
        client.force_login(editor)
        response = client.get(path)
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count('id="portal-session-timeout"') == 1
    assert 'data-seconds-left="1800"' in body
    assert 'data-warning-seconds="120"' in body
    assert f'action="{reverse("portal:session_extend")}"' in body
    assert "Stay signed in" in body
    assert body.count("js/session-timeout.js") == 1
    assert STYLESHEET in body
    assert "<script>" not in body.split('id="portal-session-timeout"')[1]  # nothing inline


@pytest.mark.django_db
def test_the_django_admin_keeps_its_own_branding(client, editor):
    client.force_login(editor)
    body = client.get("/django-admin/").content.decode()
    assert 'id="site-name"' in body  # Django's base_site.html is still the one extended


@pytest.mark.django_db
def test_wagtails_editor_pings_do_not_keep_an_idle_editor_signed_in(client, editor):
    home = home_page()
    with time_machine.travel(START, tick=False) as traveller:
        client.force_login(editor)
        editor_page = client.get(reverse("wagtailadmin_pages:edit", args=[home.pk]))
        assert editor_page.status_code == 200
        found = re.search(
            r'data-w-swap-src-value="([^"]+/editing-sessions/ping/[^"]+)"',
            (editor_page.content.decode()),
        )
        assert found, "Wagtail's editor no longer pings: review NOT_ACTIVITY_PATH_PREFIXES"
        ping_url = html.unescape(found.group(1))
        signed_in_at = client.session[LAST_ACTIVITY_KEY]

        for _ in range(29):  # the editor's tab stays open and visible, nobody touches it
            traveller.shift(dt.timedelta(minutes=1))
            assert client.post(ping_url).status_code == 200
            assert client.session[LAST_ACTIVITY_KEY] == signed_in_at

        traveller.shift(dt.timedelta(minutes=1, seconds=1))
        response = client.get("/cms-admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.django_db
def test_real_requests_in_the_admin_still_count_as_activity(client, editor):
    with time_machine.travel(START, tick=False) as traveller:
        client.force_login(editor)
        assert client.get("/cms-admin/").status_code == 200
        traveller.shift(dt.timedelta(minutes=29))
        assert client.get("/cms-admin/pages/").status_code == 200
        traveller.shift(dt.timedelta(minutes=29))
        assert client.get("/cms-admin/").status_code == 200


# --- In Chromium ---------------------------------------------------------------------------


def give_wagtail_admin_access(editor) -> None:
    # A transactional test's flush removes the group permissions Wagtail's migrations made.
    access_admin = Permission.objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    # And the page permissions: without one, /cms-admin/pages/ sends the editor to /cms-admin/.
    from wagtail.models import GroupPagePermission, Page

    change_page = Permission.objects.get(
        content_type__app_label="wagtailcore", codename="change_page"
    )
    root = Page.get_first_root_node()
    for group in editor.groups.all():
        group.permissions.add(access_admin)
        GroupPagePermission.objects.get_or_create(group=group, page=root, permission=change_page)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("site_tree")
@pytest.mark.parametrize("path", ["/cms-admin/pages/", "/django-admin/"])
def test_the_warning_appears_in_the_admin_and_stay_signed_in_keeps_the_session(
    signed_in_page, live_server, settings, editor, path
):
    # 125 seconds to the idle limit, warned 120 seconds before: the dialog opens after ~5s.
    settings.SESSION_IDLE_TIMEOUT_SECONDS = 125
    give_wagtail_admin_access(editor)
    page = signed_in_page(editor)
    console = watch(page)
    visit(page, console, live_server.url + path)
    dialog = page.locator("#portal-session-timeout")
    assert not dialog.is_visible()
    dialog.wait_for(state="visible", timeout=15_000)
    assert "You’re about to be signed out" in dialog.inner_text()
    assert page.evaluate(
        "document.getElementById('portal-session-timeout').contains(document.activeElement)"
    )
    # The admin has no GOV.UK Frontend CSS: the live region must still be hidden from sight.
    live = dialog.locator("[data-countdown-live]")
    assert live.bounding_box()["width"] <= 1
    results = AXE.run(page, context="#portal-session-timeout")
    blocking = [v["id"] for v in results.response["violations"] if v["impact"] in BLOCKING]
    assert not blocking, blocking

    with page.expect_response(lambda r: r.url.endswith(reverse("portal:session_extend"))) as info:
        dialog.get_by_role("button", name="Stay signed in").click()
    assert info.value.status == 200
    # The server restarted the idle clock: more time left than when the warning opened.
    answer = info.value.json()
    assert answer["signed_in"] is True
    assert answer["seconds_left"] > 120
    dialog.wait_for(state="hidden", timeout=5_000)
    assert page.url == live_server.url + path  # no page load: nothing typed is lost
    assert page.request.get(live_server.url + path, max_redirects=0).status == 200
    assert not violations(page, console)
