"""Signed-in clients for the front-end tests.

They sign in through allauth's real forms (and the real TOTP step) rather than force_login,
then confirm their password once more: allauth only shows the two-factor settings pages to
someone who has just reauthenticated.
"""

import time

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core.cache import cache
from django.urls import reverse

from tests.conftest import give_totp
from tests.factories import TEST_PASSWORD, UserFactory


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """allauth keeps its rate-limit counters in the cache, which outlives each test.

    `ACCOUNT_RATE_LIMITS = {}` in the test settings does not turn them off (only False does), and
    SQLite hands the same user ids out again, so without this the tests here would throttle
    each other.
    """
    cache.clear()
    yield
    cache.clear()


def current_totp_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def sign_in(client, user):
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": TEST_PASSWORD}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return response


def reauthenticate(client):
    response = client.post(reverse("account_reauthenticate"), {"password": TEST_PASSWORD})
    assert response.status_code == 302, response.content.decode()[:2000]


@pytest.fixture
def tenant_client(client, tenant):
    sign_in(client, tenant)
    reauthenticate(client)
    return client


@pytest.fixture
def mfa_tenant(db):
    """A tenant who has turned on an authenticator app; `.totp_secret` holds its secret."""
    user = UserFactory()
    user.totp_secret = give_totp(user)
    return user


@pytest.fixture
def mfa_client(client, mfa_tenant):
    response = sign_in(client, mfa_tenant)
    assert response.url == reverse("mfa_authenticate")
    response = client.post(
        reverse("mfa_authenticate"), {"code": current_totp_code(mfa_tenant.totp_secret)}
    )
    assert response.status_code == 302
    assert response.url != reverse("mfa_authenticate")
    reauthenticate(client)
    return client
