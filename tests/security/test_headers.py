"""Check 20(b): every page answers with the security headers, signed-in pages are never
cached, and errors show the generic pages (no traceback, SQL or settings)."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from tests.factories import TEST_PASSWORD, tenant_with_account

pytestmark = pytest.mark.django_db

PUBLIC_PATHS = ["/", "/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"]


def tenant_paths(account) -> list[str]:
    return [
        reverse("portal:dashboard"),
        reverse("portal:statement", args=[account.reference]),
        reverse("payments:pay"),
        reverse("portal:session_extend"),
        reverse("mfa_index"),
    ]


def directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    parsed = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            parsed[words[0]] = words[1:]
    return parsed


def assert_strict_csp(response, path):
    policy = directives(response)
    assert policy["default-src"] == ["'self'"], path
    assert policy["script-src"] == ["'self'"], path
    assert policy["style-src"] == ["'self'"], path
    assert policy["object-src"] == ["'none'"], path
    assert policy["frame-ancestors"] == ["'none'"], path
    assert policy["base-uri"] == ["'self'"], path
    assert policy["img-src"] == ["'self'", "data:"], path
    assert policy["form-action"] == ["'self'", "https://checkout.stripe.com"], path
    header = response["Content-Security-Policy"]
    assert "unsafe-inline" not in header and "unsafe-eval" not in header, path


def assert_common_headers(response, path):
    assert response["X-Content-Type-Options"] == "nosniff", path
    assert response["Referrer-Policy"] in ("strict-origin-when-cross-origin", "same-origin"), path
    assert response["X-Frame-Options"] == "DENY", path
    assert response["Cross-Origin-Opener-Policy"] == "same-origin", path
    assert_strict_csp(response, path)


@pytest.fixture
def production_https(settings):
    """The production values of the HTTPS-only settings (tests/security/test_deploy_settings.py
    proves production.py sets these)."""
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    return settings


def test_public_pages_send_hsts_csp_and_the_other_headers(client, production_https):
    for path in PUBLIC_PATHS:
        response = client.get(path, secure=True)
        assert response.status_code == 200, path
        assert_common_headers(response, path)
        hsts = response["Strict-Transport-Security"]
        assert "max-age=31536000" in hsts and "includeSubDomains" in hsts, path


def test_tenant_pages_send_the_headers_and_are_never_cached(client, production_https):
    user, account = tenant_with_account()
    client.force_login(user)
    for path in tenant_paths(account):
        response = client.get(path, secure=True)
        assert response.status_code == 200, path
        assert_common_headers(response, path)
        assert "Strict-Transport-Security" in response, path
        assert "no-store" in response["Cache-Control"], path


def test_officer_pages_send_the_headers_and_are_never_cached(client, officer, production_https):
    client.force_login(officer)
    for path in (reverse("casework:home"), reverse("casework:imports")):
        response = client.get(path, secure=True)
        assert response.status_code == 200, path
        assert_common_headers(response, path)
        assert "no-store" in response["Cache-Control"], path


def test_redirects_and_errors_to_signed_in_people_are_not_cached_either(client, tenant):
    client.force_login(tenant)
    for path in ("/my-account/accounts/NOPE/", "/officer/", "/no-such-page/"):
        response = client.get(path)
        assert response.status_code in (302, 403, 404), path
        assert "no-store" in response["Cache-Control"], path


def test_signing_in_and_out_responses_are_not_cached(client, tenant):
    response = client.post(
        reverse("account_login"), {"login": tenant.email, "password": TEST_PASSWORD}
    )
    assert response.status_code == 302
    assert "no-store" in response["Cache-Control"]
    response = client.post(reverse("account_logout"))
    assert "no-store" in response["Cache-Control"]


def test_public_pages_for_anonymous_visitors_are_not_marked_no_store(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


def test_cookies_are_httponly_samesite_and_secure_in_production(client, tenant, production_https):
    client.get(reverse("account_login"), secure=True)
    response = client.post(
        reverse("account_login"),
        {"login": tenant.email, "password": TEST_PASSWORD},
        secure=True,
    )
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"] is True
    assert cookie["secure"] is True
    assert cookie["samesite"] in ("Lax", "Strict")


def test_wagtail_admin_is_the_only_place_allowed_inline_script(client, editor):
    client.force_login(editor)
    response = client.get("/cms-admin/")
    assert response.status_code == 200
    policy = directives(response)
    assert policy["script-src"] == ["'self'", "'unsafe-inline'"]  # Wagtail's date choosers
    assert "unsafe-eval" not in response["Content-Security-Policy"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'self'"]  # the editor's preview frame
    # ...and nowhere else, not even the Django admin.
    response = client.get("/django-admin/")
    assert directives(response)["script-src"] == ["'self'"]


def test_an_unexpected_error_shows_the_generic_page_without_details(settings):
    settings.ROOT_URLCONF = "tests.security.error_urls"
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    assert response.status_code == 500
    body = response.content.decode()
    assert "Sorry, there is a problem with the service" in body
    assert settings.LANDLORD_PHONE in body
    for leak in ("SECRET-CANARY", "Traceback", "SELECT", "CanaryFailure", "SECRET_KEY"):
        assert leak not in body


def test_the_500_page_renders_with_no_context_at_all(settings):
    body = render_to_string("500.html")
    assert "Sorry, there is a problem with the service" in body
    assert settings.LANDLORD_PHONE in body
    assert settings.LANDLORD_NAME in body


def test_not_found_and_forbidden_pages_are_in_the_house_style(client, tenant):
    client.force_login(tenant)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert (
        "govuk-header" in response.content.decode() or "govuk-template" in response.content.decode()
    )
    response = client.get(reverse("casework:home"))
    assert response.status_code == 403
    assert "You cannot see this page" in response.content.decode()


def test_a_form_sent_without_its_csrf_token_gets_a_plain_english_page(tenant):
    client = Client(enforce_csrf_checks=True)
    client.force_login(tenant)
    response = client.post(reverse("portal:link"), {"reference": "X"})
    assert response.status_code == 403
    assert "Your form could not be sent" in response.content.decode()
