"""Check 20(b) in a real browser: the strict Content-Security-Policy blocks nothing on the key
pages (no inline script or style left anywhere), and the session timeout warning works under
it (WCAG 2.2.1)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from portal.models import AuditEvent
from tests.browser.axe import assert_accessible
from tests.factories import tenant_with_account

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("site_tree"),
]

# Collects every violation the page reports, including ones raised before our scripts run.
LISTEN = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`
  );
});
"""


def watch(page) -> list[str]:
    console = []
    page.add_init_script(LISTEN)
    page.on(
        "console",
        lambda message: (
            console.append(message.text)
            if "Content Security Policy" in message.text
            or "Content-Security-Policy" in message.text
            else None
        ),
    )
    return console


def violations(page, console) -> list[str]:
    return console + page.evaluate("window.__cspViolations || []")


def visit(page, console, url: str) -> None:
    response = page.goto(url)
    assert response.status < 500, url
    assert "Content-Security-Policy" in response.headers or "content-security-policy" in (
        response.headers
    )
    page.wait_for_load_state("load")
    assert not violations(page, console), (url, violations(page, console))


def test_public_and_sign_in_pages_break_no_policy(signed_in_page, live_server):
    page = signed_in_page()
    console = watch(page)
    for path in (
        "/",
        reverse("account_login"),
        reverse("account_signup"),
        reverse("account_reset_password"),
        "/no-such-page/",
    ):
        visit(page, console, live_server.url + path)
    # An error state too: the error summary takes focus through GOV.UK Frontend's script.
    page.goto(live_server.url + reverse("account_login"))
    page.fill("input[name=login]", "nobody@example.com")
    page.fill("input[name=password]", "wrong-password-1")
    page.locator("#main-content form button").last.click()
    page.wait_for_selector(".govuk-error-summary")
    assert not violations(page, console)


def test_tenant_pages_break_no_policy(signed_in_page, live_server):
    user, account = tenant_with_account()
    page = signed_in_page(user)
    console = watch(page)
    for path in (
        reverse("portal:dashboard"),
        reverse("portal:statement", args=[account.reference]),
        reverse("payments:pay"),
        reverse("budgeting:start"),
        reverse("benefits_checker:start"),
        reverse("arrangements:start"),
        reverse("portal:session_extend"),
        reverse("account_email"),
        reverse("account_change_password"),
        reverse("mfa_index"),
    ):
        visit(page, console, live_server.url + path)


def test_officer_pages_break_no_policy(signed_in_page, live_server, officer):
    page = signed_in_page(officer)
    console = watch(page)
    for path in (reverse("casework:home"), reverse("casework:imports")):
        visit(page, console, live_server.url + path)


def test_the_totp_qr_code_loads_under_the_policy(signed_in_page, live_server, tenant):
    page = signed_in_page()
    console = watch(page)
    page.goto(live_server.url + reverse("account_login"))
    page.fill("input[name=login]", tenant.email)
    page.fill("input[name=password]", "correct-horse-battery-staple")
    page.locator("#main-content form button").last.click()
    page.wait_for_load_state("load")
    page.goto(live_server.url + reverse("account_reauthenticate"))
    page.fill("input[name=password]", "correct-horse-battery-staple")
    page.locator("#main-content form button").last.click()
    page.goto(live_server.url + reverse("mfa_activate_totp"))
    qr = page.locator("img[src^='data:']")
    assert qr.count() == 1
    assert page.evaluate("(img) => img.complete && img.naturalWidth > 0", qr.element_handle())
    assert not violations(page, console)


def test_the_timeout_warning_appears_and_stay_signed_in_keeps_the_session(
    signed_in_page, live_server, settings
):
    # 125 seconds to the idle limit, warned 120 seconds before: the dialog opens after ~5s.
    settings.SESSION_IDLE_TIMEOUT_SECONDS = 125
    user, _ = tenant_with_account()
    page = signed_in_page(user, width=320)
    console = watch(page)
    visit(page, console, live_server.url + reverse("portal:dashboard"))
    dialog = page.locator("#portal-session-timeout")
    assert not dialog.is_visible()
    dialog.wait_for(state="visible", timeout=15_000)
    assert page.evaluate("document.getElementById('portal-session-timeout').open")
    assert "You’re about to be signed out" in dialog.inner_text()
    assert_accessible(page, "timeout warning at 320px", one_h1=False)
    # Focus is in the dialog (a modal <dialog>), so keyboard users reach the button at once.
    assert page.evaluate(
        "document.getElementById('portal-session-timeout').contains(document.activeElement)"
    )
    with page.expect_response(lambda r: r.url.endswith(reverse("portal:session_extend"))) as info:
        dialog.get_by_role("button", name="Stay signed in").click()
    assert info.value.status == 200
    dialog.wait_for(state="hidden", timeout=5_000)
    assert page.url.endswith(reverse("portal:dashboard"))  # no page load: nothing typed is lost
    assert not violations(page, console)


def test_at_the_end_of_the_countdown_the_page_goes_to_sign_in_and_says_why(
    signed_in_page, live_server, settings
):
    settings.SESSION_IDLE_TIMEOUT_SECONDS = 3
    settings.SESSION_TIMEOUT_WARNING_SECONDS = 2
    user, _ = tenant_with_account()
    page = signed_in_page(user)
    console = watch(page)
    page.goto(live_server.url + reverse("portal:dashboard"))
    page.wait_for_url("**/accounts/login/**", timeout=15_000)
    assert "We signed you out because you had not done anything" in page.inner_text("main")
    assert AuditEvent.objects.filter(action="auth.session_expired", actor=user).exists()
    assert not violations(page, console)


def test_the_policy_watch_catches_inline_script_so_the_checks_above_can_fail(
    signed_in_page, live_server
):
    page = signed_in_page()
    console = watch(page)
    page.goto(live_server.url + reverse("account_login"))
    page.evaluate(
        "() => { const s = document.createElement('script');"
        " s.textContent = 'window.__ran = true'; document.body.appendChild(s); }"
    )
    page.wait_for_timeout(200)
    assert page.evaluate("window.__ran") is None  # blocked
    assert any("script-src" in v for v in violations(page, console))


def test_wagtail_admin_breaks_no_policy_with_its_relaxation(signed_in_page, live_server, editor):
    from tests.cms.helpers import home_page

    # A transactional test's flush removes the group permissions Wagtail's migrations made.
    access_admin = Permission.objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    for group in editor.groups.all():
        group.permissions.add(access_admin)
    home = home_page().pk
    page = signed_in_page(editor)
    console = watch(page)
    for path in (
        "/cms-admin/",
        "/cms-admin/pages/",
        f"/cms-admin/pages/{home}/",
        f"/cms-admin/pages/{home}/edit/",
        "/cms-admin/images/",
        "/cms-admin/documents/",
    ):
        visit(page, console, live_server.url + path)
        page.wait_for_timeout(500)  # the editor's panels render after load
        assert not violations(page, console), path
