"""Check 24 (audit catalogue, sign-in part): one structured record per security event, no
sensitive values, and records the application cannot change or delete."""

from __future__ import annotations

import json
import re

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib import admin
from django.core import mail
from django.test import RequestFactory
from django.urls import reverse

from portal.auth_audit import login_hash
from portal.models import AuditEvent
from tests.factories import TEST_PASSWORD, UserFactory
from tests.security.helpers import (
    LOGIN,
    activate_totp,
    reauthenticate,
    sign_in,
    totp_code,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def rate_limits(settings):
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key"}
    return settings


def events(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action))


def assert_nothing_sensitive(event: AuditEvent, *secrets: str) -> None:
    text = json.dumps(event.detail) + event.subject_id + event.subject_type
    for secret in secrets:
        assert secret.lower() not in text.lower(), (event.action, secret)


def test_a_sign_in_is_recorded_once(client, tenant):
    sign_in(client, tenant)
    [event] = events("auth.login")
    assert event.actor == tenant
    assert event.subject_id == str(tenant.pk)
    assert event.at is not None and event.at.utcoffset().total_seconds() == 0
    assert_nothing_sensitive(event, TEST_PASSWORD, tenant.email)


def test_a_failed_sign_in_keeps_no_password_and_no_email(client, tenant):
    sign_in(client, tenant, password="Wrong-Secret-Guess-1")
    [event] = events("auth.login_failed")
    assert event.actor is None
    assert event.subject_id == str(tenant.pk)
    assert event.detail == {"login_hash": login_hash(tenant.email), "known_account": True}
    assert_nothing_sensitive(
        event, "Wrong-Secret-Guess-1", tenant.email, tenant.email.split("@")[0]
    )


def test_a_failed_sign_in_at_an_unknown_address_is_recorded_without_it(client):
    client.post(LOGIN, {"login": "stranger@example.com", "password": "Wrong-Secret-Guess-1"})
    [event] = events("auth.login_failed")
    assert event.subject_id == ""
    assert event.detail["known_account"] is False
    assert_nothing_sensitive(event, "stranger", "Wrong-Secret-Guess-1")


def test_a_login_typed_with_a_line_break_cannot_forge_log_lines(client, caplog):
    sneaky = "evil@example.com\r\naudit action=auth.login actor=1"
    client.post(LOGIN, {"login": sneaky, "password": "Wrong-Secret-Guess-1"})
    for record in caplog.records:
        assert "\n" not in record.getMessage() and "\r" not in record.getMessage()
    for event in AuditEvent.objects.all():
        assert "evil" not in json.dumps(event.detail)


def test_a_blocked_account_is_recorded_once_per_window(client, tenant, rate_limits):
    for _ in range(8):
        sign_in(client, tenant, password="Wrong-Secret-Guess-1")
    assert len(events("auth.login_failed")) == 5
    [blocked] = events("auth.login_blocked")
    assert blocked.subject_id == str(tenant.pk)
    assert blocked.detail == {"login_hash": login_hash(tenant.email), "reason": "rate_limited"}


def test_signing_out_is_recorded(client, tenant):
    sign_in(client, tenant)
    client.post(reverse("account_logout"))
    [event] = events("auth.logout")
    assert event.actor == tenant


def test_changing_the_password_is_recorded(client, tenant):
    sign_in(client, tenant)
    new = "a-new-long-passphrase-2026"
    client.post(
        reverse("account_change_password"),
        {"oldpassword": TEST_PASSWORD, "password1": new, "password2": new},
    )
    [event] = events("auth.password_changed")
    assert event.actor == tenant
    assert_nothing_sensitive(event, new, TEST_PASSWORD)


def test_resetting_the_password_is_recorded(client, tenant):
    client.post(reverse("account_reset_password"), {"email": tenant.email})
    link = re.search(r"https?://\S+/accounts/password/reset/key/\S+", mail.outbox[0].body)
    assert link
    path = "/" + link.group(0).split("/", 3)[3]
    response = client.get(path)
    assert response.status_code == 302
    new = "a-new-long-passphrase-2026"
    response = client.post(response["Location"], {"password1": new, "password2": new})
    assert response.status_code == 302, response.content.decode()
    [event] = events("auth.password_reset")
    assert event.actor == tenant
    assert_nothing_sensitive(event, new)


def test_changing_email_needs_the_password_again_and_is_recorded(client, tenant):
    sign_in(client, tenant)
    response = client.post(reverse("account_email"), {"action_add": "", "email": "new@example.com"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert not EmailAddress.objects.filter(email="new@example.com").exists()
    reauthenticate(client)
    client.post(reverse("account_email"), {"action_add": "", "email": "new@example.com"})
    [added] = events("auth.email_added")
    address = EmailAddress.objects.get(email="new@example.com")
    assert added.detail == {"address_id": address.pk}
    address.verified = True
    address.save()
    client.post(reverse("account_email"), {"action_primary": "", "email": "new@example.com"})
    [changed] = events("auth.email_changed")
    assert changed.actor == tenant
    assert changed.detail["to_address_id"] == address.pk
    for event in (added, changed):
        assert_nothing_sensitive(event, "new@example.com", tenant.email)


def test_mfa_changes_are_recorded(client, tenant, django_capture_on_commit_callbacks):
    sign_in(client, tenant)
    with django_capture_on_commit_callbacks(execute=True):
        secret = activate_totp(client)
    activated, codes = events("mfa.activated")[::-1]
    assert codes.detail["type"] == Authenticator.Type.RECOVERY_CODES
    assert activated.actor == tenant
    assert activated.detail["type"] == Authenticator.Type.TOTP
    assert_nothing_sensitive(activated, secret)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("mfa_generate_recovery_codes"))
    assert response.status_code == 302, response.content.decode()
    [regenerated] = events("mfa.recovery_codes_regenerated")
    assert regenerated.actor == tenant

    response = client.post(reverse("mfa_deactivate_totp"))
    assert response.status_code == 302, response.content.decode()
    removed = {event.detail["type"]: event for event in events("mfa.deactivated")}
    assert removed.keys() <= {Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES}
    assert removed[Authenticator.Type.TOTP].actor == tenant
    assert totp_code(secret)  # the secret itself was never recorded


def test_a_wrong_mfa_code_at_sign_in_is_recorded(client, tenant):
    sign_in(client, tenant)
    activate_totp(client)
    client.post(reverse("account_logout"))
    sign_in(client, tenant)
    client.post(reverse("mfa_authenticate"), {"code": "000000"})
    [failed] = events("mfa.failed")
    assert failed.actor == tenant
    assert_nothing_sensitive(failed, "000000")


# --- Audit rows cannot be changed or deleted from the application -----------------------------


@pytest.fixture
def audit_event(tenant):
    from portal.audit import audit_record

    return audit_record(action="test.event", actor=tenant, detail={"outcome": "ok"})


def test_an_audit_event_cannot_be_saved_again_or_deleted(audit_event):
    audit_event.action = "test.changed"
    with pytest.raises(ValueError, match="cannot be changed"):
        audit_event.save()
    with pytest.raises(ValueError, match="cannot be deleted"):
        audit_event.delete()


def test_bulk_update_and_delete_of_audit_events_are_refused(audit_event):
    with pytest.raises(ValueError, match="cannot be changed"):
        AuditEvent.objects.filter(pk=audit_event.pk).update(action="test.changed")
    with pytest.raises(ValueError, match="cannot be changed"):
        AuditEvent.objects.update(action="test.changed")
    with pytest.raises(ValueError, match="cannot be deleted"):
        AuditEvent.objects.filter(pk=audit_event.pk).delete()
    with pytest.raises(ValueError, match="cannot be deleted"):
        AuditEvent.objects.all().delete()
    with pytest.raises(ValueError, match="cannot be changed"):
        AuditEvent.objects.bulk_update([audit_event], ["action"])
    audit_event.refresh_from_db()
    assert audit_event.action == "test.event"


def test_deleting_a_person_keeps_the_audit_trail(audit_event, tenant):
    tenant.delete()
    audit_event.refresh_from_db()
    assert audit_event.actor is None
    assert audit_event.action == "test.event"


def test_the_django_admin_shows_audit_events_read_only(client):
    superuser = UserFactory(is_staff=True, is_superuser=True)
    from tests.conftest import give_totp

    give_totp(superuser)
    event = AuditEvent.objects.create(action="test.event")
    model_admin = admin.site._registry[AuditEvent]
    request = RequestFactory().get("/")
    request.user = superuser
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, event)
    assert not model_admin.has_delete_permission(request, event)
    assert model_admin.get_actions(request) == {}
    client.force_login(superuser)
    listing = client.get(reverse("admin:portal_auditevent_changelist"))
    assert listing.status_code == 200
    assert "test.event" in listing.content.decode()
    response = client.post(
        reverse("admin:portal_auditevent_delete", args=[event.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_each_failed_sign_in_writes_one_log_line_without_the_email(client, tenant, caplog):
    caplog.set_level("INFO", logger="portal.audit")
    sign_in(client, tenant, password="Wrong-Secret-Guess-1")
    lines = [r.getMessage() for r in caplog.records if "auth.login_failed" in r.getMessage()]
    assert len(lines) == 1
    assert tenant.email not in lines[0] and "Wrong-Secret-Guess-1" not in lines[0]
