"""Audit events for signing in and account security, from allauth's and Django's signals.

One AuditEvent each (through portal.audit.audit_record) for: sign-in, failed sign-in, sign-in
blocked by the rate limit, sign-out, sign-up, password changed, set or reset, email address
changes, and MFA turned on, turned off, recovery codes made again and a wrong MFA code.

Never a password, a code or an email address: a failed sign-in keeps only a keyed hash of the
address typed (so repeated tries at one account can be linked without storing what was typed)
and, when the address belongs to someone, their user id.

`connect()` is called from PortalConfig.ready(). allauth has no signal for failed or blocked
sign-ins, so AccountAdapter (settings.ACCOUNT_ADAPTER) records those. See docs/security.md.
"""

from __future__ import annotations

import hashlib
import hmac

from allauth.account import signals as account_signals
from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa import signals as mfa_signals
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth import signals as auth_signals
from django.core.cache import cache
from django.core.exceptions import ValidationError

from . import person_language
from .audit import audit_record
from .sessions import session_start

# A blocked account is recorded once per window, however many tries an attacker makes.
LOCKOUT_RECORD_SECONDS = 5 * 60


def login_hash(login: str) -> str:
    """A keyed, shortened hash of what was typed as the login: links tries, reveals nothing."""
    digest = hmac.new(
        settings.SECRET_KEY.encode(), login.strip().lower().encode(), hashlib.sha256
    ).hexdigest()
    return digest[:16]


def _login_from(credentials: dict) -> str:
    return str(credentials.get("email") or credentials.get("username") or "")


def _user_for(login: str):
    if not login:
        return None
    return get_user_model().objects.filter(email__iexact=login.strip()).first()


class AccountAdapter(DefaultAccountAdapter):
    """allauth's adapter with audit events for failed and rate-limited sign-ins."""

    def pre_authenticate(self, request, **credentials) -> None:
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError:
            login = _login_from(credentials)
            hashed = login_hash(login)
            if cache.add(f"audit:lockout:{hashed}", 1, timeout=LOCKOUT_RECORD_SECONDS):
                user = _user_for(login)
                audit_record(
                    action="auth.login_blocked",
                    subject=user,
                    detail={"login_hash": hashed, "reason": "rate_limited"},
                )
            raise

    def authentication_failed(self, request, **credentials) -> None:
        super().authentication_failed(request, **credentials)
        login = _login_from(credentials)
        user = _user_for(login)
        audit_record(
            action="auth.login_failed",
            subject=user,
            detail={"login_hash": login_hash(login), "known_account": user is not None},
        )


def _record(action: str, user, **detail) -> None:
    audit_record(action=action, actor=user, subject=user, detail=detail)


def on_logged_in(sender, request, user, **kwargs) -> None:
    _record("auth.login", user)


def on_logged_out(sender, request, user, **kwargs) -> None:
    if user is not None:
        _record("auth.logout", user)


def on_signed_up(sender, request, user, **kwargs) -> None:
    _record("auth.signed_up", user)


def on_password_changed(sender, request, user, **kwargs) -> None:
    _record("auth.password_changed", user)


def on_password_set(sender, request, user, **kwargs) -> None:
    _record("auth.password_set", user)


def on_password_reset(sender, request, user, **kwargs) -> None:
    _record("auth.password_reset", user)


def on_email_changed(sender, request, user, from_email_address, to_email_address, **kwargs):
    _record(
        "auth.email_changed",
        user,
        from_address_id=getattr(from_email_address, "pk", None),
        to_address_id=getattr(to_email_address, "pk", None),
    )


def on_email_added(sender, request, user, email_address, **kwargs) -> None:
    _record("auth.email_added", user, address_id=email_address.pk)


def on_email_removed(sender, request, user, email_address, **kwargs) -> None:
    _record("auth.email_removed", user, address_id=email_address.pk)


def on_email_confirmed(sender, request, email_address, **kwargs) -> None:
    _record("auth.email_confirmed", email_address.user, address_id=email_address.pk)


def on_authenticator_added(sender, request, user, authenticator, **kwargs) -> None:
    _record("mfa.activated", user, type=authenticator.type, authenticator_id=authenticator.pk)


def on_authenticator_removed(sender, request, user, authenticator, **kwargs) -> None:
    _record("mfa.deactivated", user, type=authenticator.type, authenticator_id=authenticator.pk)


def on_authenticator_reset(sender, request, user, authenticator, **kwargs) -> None:
    _record(
        "mfa.recovery_codes_regenerated",
        user,
        type=authenticator.type,
        authenticator_id=authenticator.pk,
    )


def on_mfa_failed(sender, request, user, authenticator=None, **kwargs) -> None:
    _record(
        "mfa.failed",
        user,
        type=getattr(authenticator, "type", ""),
        reauthentication=bool(kwargs.get("reauthentication", False)),
    )


def on_django_logged_in(sender, request, user, **kwargs) -> None:
    """Every sign-in (allauth's and force_login alike) starts the session timeout clocks."""
    session = getattr(request, "session", None)
    if session is not None:
        session_start(session)


def connect() -> None:
    uid = "portal.auth_audit"
    auth_signals.user_logged_in.connect(on_django_logged_in, dispatch_uid=f"{uid}.clocks")
    auth_signals.user_logged_out.connect(on_logged_out, dispatch_uid=f"{uid}.logout")
    account_signals.user_logged_in.connect(on_logged_in, dispatch_uid=f"{uid}.login")
    account_signals.user_signed_up.connect(on_signed_up, dispatch_uid=f"{uid}.signup")
    account_signals.password_changed.connect(on_password_changed, dispatch_uid=f"{uid}.pw_chg")
    account_signals.password_set.connect(on_password_set, dispatch_uid=f"{uid}.pw_set")
    account_signals.password_reset.connect(on_password_reset, dispatch_uid=f"{uid}.pw_reset")
    account_signals.email_changed.connect(on_email_changed, dispatch_uid=f"{uid}.email_chg")
    account_signals.email_added.connect(on_email_added, dispatch_uid=f"{uid}.email_add")
    account_signals.email_removed.connect(on_email_removed, dispatch_uid=f"{uid}.email_rm")
    account_signals.email_confirmed.connect(on_email_confirmed, dispatch_uid=f"{uid}.email_ok")
    mfa_signals.authenticator_added.connect(on_authenticator_added, dispatch_uid=f"{uid}.mfa_add")
    mfa_signals.authenticator_removed.connect(
        on_authenticator_removed, dispatch_uid=f"{uid}.mfa_rm"
    )
    mfa_signals.authenticator_reset.connect(on_authenticator_reset, dispatch_uid=f"{uid}.mfa_rst")
    mfa_signals.authentication_failed.connect(on_mfa_failed, dispatch_uid=f"{uid}.mfa_fail")
    person_language.connect()  # remembers each person's language at sign-up and sign-in
