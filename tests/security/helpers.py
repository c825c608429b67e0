"""Shared steps for the security tests."""

from __future__ import annotations

import re
import time

from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY, format_hotp_value, hotp_value
from django.urls import reverse

from tests.factories import TEST_PASSWORD

LOGIN = "/accounts/login/"
TOO_MANY = "Too many failed login attempts"


def sign_in(client, user, password: str = TEST_PASSWORD, **extra):
    return client.post(LOGIN, {"login": user.email, "password": password}, **extra)


def reauthenticate(client, password: str = TEST_PASSWORD) -> None:
    """allauth asks for the password again before MFA and email changes."""
    response = client.post(reverse("account_reauthenticate"), {"password": password})
    assert response.status_code == 302, response.content.decode()


def totp_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def activate_totp(client) -> str:
    """Turn on an authenticator app for the signed-in person, as the pages do. Returns the
    secret."""
    page = client.get(reverse("mfa_activate_totp"))
    if page.status_code == 302 and page["Location"].startswith(reverse("account_reauthenticate")):
        reauthenticate(client)
        page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200, page
    secret = client.session[SECRET_SESSION_KEY]
    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert response.status_code == 302, response.content.decode()
    return secret


def error_summary(response) -> str:
    """The error summary's text, which must not depend on who the email belongs to."""
    body = response.content.decode()
    match = re.search(r'<div class="govuk-error-summary".*?</div>\s*</div>', body, re.S)
    return re.sub(r"\s+", " ", match.group(0)) if match else ""
