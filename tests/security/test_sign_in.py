"""Check 17 (brute force and enumeration) and check 18 (MFA for staff, MFA for tenants)."""

from __future__ import annotations

import datetime as dt

import pytest
import redis
import time_machine
from django.conf import settings as django_settings
from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse

from portal.models import User
from tests.audiences import OFFICER
from tests.factories import TEST_PASSWORD, UserFactory, add_to_group
from tests.security.helpers import LOGIN, TOO_MANY, activate_totp, error_summary, sign_in
from tests.test_url_access import routes_for

pytestmark = pytest.mark.django_db

# The limits in config/settings/base.py (config/settings/test.py turns them off elsewhere).
BASE_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
}
REDIS_URL = "redis://127.0.0.1:6379/5"  # the security tests' own Redis database


@pytest.fixture
def rate_limits(settings):
    settings.ACCOUNT_RATE_LIMITS = BASE_RATE_LIMITS
    return settings


@pytest.fixture
def shared_cache(rate_limits):
    """Sign-in limits on Redis, as in production: counted in one place for every process."""
    connection = redis.Redis.from_url(REDIS_URL)
    connection.flushdb()
    rate_limits.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        }
    }
    yield connection
    connection.flushdb()


def test_the_base_settings_limit_failed_sign_ins_per_account_and_per_address():
    from config.settings import base

    assert base.ACCOUNT_RATE_LIMITS["login_failed"] == BASE_RATE_LIMITS["login_failed"]
    assert base.ACCOUNT_PREVENT_ENUMERATION is True


def test_the_sixth_failed_sign_in_blocks_the_account_even_with_the_right_password(
    client, tenant, shared_cache
):
    for _ in range(5):
        response = sign_in(client, tenant, password="wrong-password-1")
        assert response.status_code == 200
        assert TOO_MANY not in response.content.decode()
    response = sign_in(client, tenant)  # the right password
    assert response.status_code == 200
    assert TOO_MANY in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert shared_cache.dbsize() > 0  # counted in Redis, where every web process sees it


def test_the_block_holds_from_another_browser(client, tenant, shared_cache):
    for _ in range(5):
        sign_in(client, tenant, password="wrong-password-1")
    other = Client()
    response = sign_in(other, tenant)
    assert TOO_MANY in response.content.decode()


def test_a_forged_x_forwarded_for_does_not_reset_the_per_address_limit(client, shared_cache):
    # 10 failures a minute from one address, each at a different account, each claiming to come
    # from somewhere else: X-Forwarded-For is not trusted (ALLAUTH_TRUSTED_PROXY_COUNT = 0).
    assert django_settings.ALLAUTH_TRUSTED_PROXY_COUNT == 0
    for number in range(10):
        response = client.post(
            LOGIN,
            {"login": f"guess{number}@example.com", "password": "wrong-password-1"},
            HTTP_X_FORWARDED_FOR=f"198.51.100.{number}",
        )
        assert TOO_MANY not in response.content.decode()
    response = client.post(
        LOGIN,
        {"login": "guess99@example.com", "password": "wrong-password-1"},
        HTTP_X_FORWARDED_FOR="198.51.100.250",
    )
    assert TOO_MANY in response.content.decode()


def test_behind_one_proxy_only_the_address_the_proxy_saw_counts(client, shared_cache):
    # The proxy appends the address it saw; anything before that is what the client wrote.
    with override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=1):
        for number in range(10):
            client.post(
                LOGIN,
                {"login": f"guess{number}@example.com", "password": "wrong-password-1"},
                HTTP_X_FORWARDED_FOR=f"198.51.100.{number}, 203.0.113.7",
            )
        blocked = client.post(
            LOGIN,
            {"login": "guess99@example.com", "password": "wrong-password-1"},
            HTTP_X_FORWARDED_FOR="192.0.2.1, 203.0.113.7",
        )
        assert TOO_MANY in blocked.content.decode()
        # A different real client (the proxy saw another address) is not blocked.
        other = client.post(
            LOGIN,
            {"login": "guess99@example.com", "password": "wrong-password-1"},
            HTTP_X_FORWARDED_FOR="192.0.2.1, 203.0.113.8",
        )
        assert TOO_MANY not in other.content.decode()


def test_an_hour_of_guessing_gets_at_most_100_tries_at_one_account(client, tenant, shared_cache):
    reached_password_check = 0
    start = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False) as traveller:
        for _minute in range(60):
            for _ in range(4):
                response = sign_in(client, tenant, password="wrong-password-1")
                if TOO_MANY not in response.content.decode():
                    reached_password_check += 1
            traveller.shift(dt.timedelta(minutes=1))
    assert 0 < reached_password_check <= 100
    assert reached_password_check == 60  # 5 every 5 minutes


def test_sign_in_errors_are_the_same_for_known_and_unknown_emails(client, tenant):
    known = sign_in(client, tenant, password="wrong-password-1")
    unknown = client.post(LOGIN, {"login": "nobody@example.com", "password": "wrong-password-1"})
    assert known.status_code == unknown.status_code == 200
    assert error_summary(known)
    assert error_summary(known) == error_summary(unknown)


def test_password_reset_answers_the_same_for_known_and_unknown_emails(client, tenant):
    url = reverse("account_reset_password")
    known = client.post(url, {"email": tenant.email})
    unknown = client.post(url, {"email": "nobody@example.com"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    known_page = client.get(known["Location"]).content
    unknown_page = client.get(unknown["Location"]).content
    assert known_page == unknown_page
    assert len(mail.outbox) == 2  # the unknown address is told it has no account, by email


def test_signing_up_answers_the_same_for_a_taken_and_a_new_email(client, tenant):
    url = reverse("account_signup")
    password = "a-long-new-passphrase-2026"
    taken = client.post(url, {"email": tenant.email, "password1": password, "password2": password})
    client.logout()
    new = client.post(
        url, {"email": "new.person@example.com", "password1": password, "password2": password}
    )
    assert taken.status_code == new.status_code == 302
    assert taken["Location"] == new["Location"]
    assert User.objects.filter(email__iexact=tenant.email).count() == 1


def test_no_officer_page_is_reachable_without_mfa(client, officer_without_mfa):
    client.force_login(officer_without_mfa)
    setup = reverse("mfa_activate_totp")
    routes = routes_for(OFFICER)
    assert routes
    for route in routes:
        path = route.sample_path()
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"] == setup, path
        response = client.post(path)
        assert response.status_code == 302, path
        assert response["Location"] == setup, path


def test_editors_and_staff_need_mfa_for_the_admin_areas(client):
    editor = add_to_group(UserFactory(is_staff=True), django_settings.EDITOR_GROUP)
    client.force_login(editor)
    for path in ("/cms-admin/", "/cms-admin/pages/", "/django-admin/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"] == reverse("mfa_activate_totp"), path


def test_staff_with_mfa_get_in(client, officer, editor):
    client.force_login(officer)
    assert client.get(reverse("casework:home")).status_code == 200
    client.force_login(editor)
    assert client.get("/cms-admin/").status_code == 200


def test_a_tenant_can_turn_mfa_on_and_is_then_asked_for_a_code(client, tenant):
    from allauth.mfa.models import Authenticator

    assert sign_in(client, tenant).status_code == 302
    assert client.get(reverse("mfa_index")).status_code == 200
    activate_totp(client)
    assert Authenticator.objects.filter(user=tenant, type=Authenticator.Type.TOTP).exists()
    client.post(reverse("account_logout"))
    response = sign_in(client, tenant)
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session  # not signed in until the code is given


def test_tenant_sign_up_does_not_need_mfa(client, tenant):
    response = sign_in(client, tenant, password=TEST_PASSWORD)
    assert response["Location"] == reverse("portal:dashboard")
