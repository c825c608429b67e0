"""The portal's personal data: logins, tenancies and their people, accounts, the ledger, linking
tries and the audit trail. What a tenant gets in their subject access export, and how long each
is kept (docs/privacy.md). Registered from `PortalConfig.ready()`."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import Account, AuditEvent, LedgerEntry, LinkAttempt, TenancyMember
from .privacy import PersonalData, cutoff, register_personal_data
from .selectors import tenancies_for_user

SIX_YEARS = (
    "Kept for 6 years after the tenancy ends: it is the record of what was owed and paid, "
    "which the Limitation Act 1980 and HMRC expect a landlord to keep."
)


def user_export(*, user) -> list[dict]:
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    emails = EmailAddress.objects.filter(user=user).order_by("-primary", "email")
    return [
        {
            "email": user.email,
            "name": user.name,
            # The language we write to them in; blank until they choose or sign up.
            "language": user.get_language_display() if user.language else "",
            "joined": user.date_joined,
            "last_signed_in": user.last_login,
            "email_addresses": [
                {"email": email.email, "verified": email.verified, "primary": email.primary}
                for email in emails
            ],
            "two_step_verification_on": Authenticator.objects.filter(
                user=user, type=Authenticator.Type.TOTP
            ).exists(),
        }
    ]


def memberships_export(*, user) -> list[dict]:
    members = TenancyMember.objects.filter(user=user).select_related("tenancy")
    return [
        {
            "tenancy_reference": member.tenancy.reference,
            "name": member.name,
            "date_of_birth": member.date_of_birth,
            "role": member.get_role_display(),
            "linked_to_this_login": member.linked_at,
        }
        for member in members.order_by("tenancy__reference")
    ]


def tenancies_export(*, user) -> list[dict]:
    return [
        {
            "reference": tenancy.reference,
            "address": tenancy.address,
            "started": tenancy.start_date,
            "ended": tenancy.end_date,
            "bedrooms": tenancy.bedrooms,
            "weekly_rent_pence": tenancy.weekly_rent_pence,
        }
        for tenancy in tenancies_for_user(user=user).order_by("start_date", "reference")
    ]


def accounts_export(*, user) -> list[dict]:
    accounts = Account.objects.filter(tenancy__in=tenancies_for_user(user=user)).select_related(
        "tenancy"
    )
    return [
        {
            "reference": account.reference,
            "what_for": account.get_kind_display(),
            "tenancy_reference": account.tenancy.reference,
            "opened": account.created_at,
        }
        for account in accounts.order_by("tenancy__reference", "reference")
    ]


def ledger_export(*, user) -> list[dict]:
    """Every entry on the user's accounts, oldest first: one query, streamed as tuples."""
    kinds = dict(LedgerEntry.Kind.choices)
    sources = dict(LedgerEntry.Source.choices)
    rows = (
        LedgerEntry.objects.filter(account__tenancy__in=tenancies_for_user(user=user))
        .order_by("account__reference", "posted_on", "id")
        .values_list(
            "account__reference",
            "posted_on",
            "kind",
            "description",
            "amount_pence",
            "source",
            "superseded_by_id",
        )
        .iterator(chunk_size=2000)
    )
    return [
        {
            "account": account,
            "date": posted_on,
            "type": kinds.get(kind, kind),
            "description": description,
            "amount_pence": amount_pence,
            "from": sources.get(source, source),
            "counted_in_balance": superseded is None,
        }
        for account, posted_on, kind, description, amount_pence, source, superseded in rows
    ]


def link_attempts_export(*, user) -> list[dict]:
    return [
        {"when": when, "matched": succeeded}
        for when, succeeded in LinkAttempt.objects.filter(user=user)
        .order_by("created_at")
        .values_list("created_at", "succeeded")
    ]


def link_attempts_retain(*, today: dt.date) -> int:
    """Linking tries are only needed for the lock-out window: delete them after the period."""
    days = settings.PRIVACY_RETENTION_DAYS_LINK_ATTEMPT
    deleted, _ = LinkAttempt.objects.filter(created_at__lt=cutoff(today=today, days=days)).delete()
    return deleted


def audit_export(*, user) -> list[dict]:
    """Events about this login or its tenancies. Staff are not named: "a member of staff"."""
    events = (
        AuditEvent.objects.filter(Q(actor=user) | Q(tenancy__in=tenancies_for_user(user=user)))
        .select_related("tenancy")
        .order_by("at", "id")
    )
    return [
        {
            "when": event.at,
            "what": event.action,
            "by": (
                "you"
                if event.actor_id == user.pk
                else ("the system" if event.actor_id is None else "a member of staff")
            ),
            "tenancy_reference": event.tenancy.reference if event.tenancy else "",
            "about": event.subject_type,
            "detail": event.detail,
        }
        for event in events
    ]


def register() -> None:
    register_personal_data(
        PersonalData(
            model="portal.User",
            title=_("Your login"),
            export=user_export,
            retention_reason=(
                "Kept while the login is open. A login is closed, and its details deleted, "
                "when the tenant asks us to."
            ),
        )
    )
    register_personal_data(
        PersonalData(
            model="portal.TenancyMember",
            title=_("You on your tenancies"),
            export=memberships_export,
            retention_reason="Copied from the housing system, which is the record. " + SIX_YEARS,
        )
    )
    register_personal_data(
        PersonalData(
            model="portal.Tenancy",
            title=_("Your tenancies"),
            export=tenancies_export,
            retention_reason="Copied from the housing system, which is the record. " + SIX_YEARS,
        )
    )
    register_personal_data(
        PersonalData(
            model="portal.Account",
            title=_("Your accounts"),
            export=accounts_export,
            retention_reason=SIX_YEARS,
        )
    )
    register_personal_data(
        PersonalData(
            model="portal.LedgerEntry",
            title=_("Your account history"),
            export=ledger_export,
            retention_reason=SIX_YEARS,
        )
    )
    register_personal_data(
        PersonalData(
            model="portal.LinkAttempt",
            title=_("Tries at linking your tenancy"),
            export=link_attempts_export,
            retention_days=settings.PRIVACY_RETENTION_DAYS_LINK_ATTEMPT,
            retain=link_attempts_retain,
        )
    )
    register_personal_data(
        PersonalData(
            model="portal.AuditEvent",
            title=_("Our record of what happened on your account"),
            export=audit_export,
            retention_reason=(
                "Kept for 6 years: it is how we account for who did what with your data and "
                "your money. It holds ids and outcomes only, never figures or notes."
            ),
        )
    )
