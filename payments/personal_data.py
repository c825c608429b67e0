"""Payments' personal data: card payments and Direct Debit collections, mandates, Stripe
customers and the webhook inbox. What a tenant gets in their subject access export, and how
long each is kept (docs/privacy.md). Registered from `PaymentsConfig.ready()`."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import CharField, Q, Value
from django.db.models.functions import Concat
from django.utils.translation import gettext_lazy as _

from portal.privacy import PersonalData, cutoff, register_personal_data
from portal.selectors import tenancies_for_user

from .models import Mandate, PaymentAttempt, StripeCustomer, StripeEvent

FINANCIAL_RECORD = (
    "Kept for 6 years: it is part of the record of what was paid, which the Limitation Act "
    "1980 and HMRC expect a landlord to keep (Bacs also asks for mandate records)."
)
REDACTED_PREFIX = '{"redacted": true'


def _accounts(user):
    from portal.models import Account

    return Account.objects.filter(tenancy__in=tenancies_for_user(user=user))


def payment_attempts_export(*, user) -> list[dict]:
    attempts = (
        PaymentAttempt.objects.filter(account__in=_accounts(user))
        .select_related("account")
        .order_by("created_at")
    )
    return [
        {
            "account": attempt.account.reference,
            "how": attempt.get_kind_display(),
            "amount_pence": attempt.amount_pence,
            "status": attempt.get_status_display(),
            "started": attempt.created_at,
            "paid": attempt.succeeded_at,
            "due": attempt.due_on,
            "stripe_payment_id": attempt.payment_intent_id or "",
            "problem": attempt.failure_message,
            "receipt_sent": attempt.receipt_sent_at,
        }
        for attempt in attempts
    ]


def mandates_export(*, user) -> list[dict]:
    mandates = (
        Mandate.objects.filter(account__in=_accounts(user))
        .select_related("account")
        .order_by("created_at")
    )
    return [
        {
            "account": mandate.account.reference,
            "status": mandate.get_status_display(),
            "bank_account_ending": mandate.bank_last4,
            "bank_reference": mandate.reference,
            "set_up": mandate.created_at,
            "active_from": mandate.activated_at,
            "ended": mandate.ended_at,
        }
        for mandate in mandates
    ]


def stripe_customers_export(*, user) -> list[dict]:
    customers = (
        StripeCustomer.objects.filter(account__in=_accounts(user))
        .select_related("account")
        .order_by("created_at")
    )
    return [
        {
            "account": customer.account.reference,
            "stripe_customer_id": customer.customer_id,
            "created": customer.created_at,
        }
        for customer in customers
    ]


def _object_ids(user) -> set[str]:
    """The Stripe ids of this user's payments and mandates, which their events name."""
    accounts = _accounts(user)
    ids: set[str] = set()
    for row in PaymentAttempt.objects.filter(account__in=accounts).values_list(
        "payment_intent_id", "checkout_session_id"
    ):
        ids.update(value for value in row if value)
    for row in Mandate.objects.filter(account__in=accounts).values_list(
        "checkout_session_id", "setup_intent_id", "mandate_id"
    ):
        ids.update(value for value in row if value)
    return ids


def stripe_events_export(*, user) -> list[dict]:
    """The messages Stripe sent us about this user's payments (by the object they name; a
    charge or dispute names its payment in the payload, so those are matched there too)."""
    ids = _object_ids(user)
    if not ids:
        return []
    match = Q(object_id__in=ids)
    for object_id in ids:
        if object_id.startswith("pi_"):
            match |= Q(payload__contains=f'"payment_intent": "{object_id}"')
    events = StripeEvent.objects.filter(match).order_by("received_at", "id")
    return [
        {
            "received": event.received_at,
            "type": event.type,
            "stripe_event_id": event.event_id,
            "status": event.get_status_display(),
            "message": event.payload,
        }
        for event in events
    ]


def stripe_event_payloads_retain(*, today: dt.date) -> int:
    """Replace the raw body of events dealt with long ago by a stub naming the event.

    Events still waiting (received, unmatched) keep their body: it is what processing and the
    officers' review read. The stub stays valid JSON and is not changed again.
    """
    days = settings.PRIVACY_RETENTION_DAYS_STRIPE_EVENT_PAYLOAD
    return (
        StripeEvent.objects.filter(
            status__in=[StripeEvent.Status.PROCESSED, StripeEvent.Status.REJECTED],
            received_at__lt=cutoff(today=today, days=days),
        )
        .exclude(payload__startswith=REDACTED_PREFIX)
        .update(
            payload=Concat(
                Value(REDACTED_PREFIX + ', "id": "'),
                "event_id",
                Value('", "type": "'),
                "type",
                Value('"}'),
                output_field=CharField(),
            )
        )
    )


def register() -> None:
    register_personal_data(
        PersonalData(
            model="payments.PaymentAttempt",
            title=_("Your card payments and Direct Debit collections"),
            export=payment_attempts_export,
            retention_reason=FINANCIAL_RECORD,
        )
    )
    register_personal_data(
        PersonalData(
            model="payments.Mandate",
            title=_("Your Direct Debits"),
            export=mandates_export,
            retention_reason=FINANCIAL_RECORD,
        )
    )
    register_personal_data(
        PersonalData(
            model="payments.StripeCustomer",
            title=_("Your customer record at Stripe, our card payment provider"),
            export=stripe_customers_export,
            retention_reason=FINANCIAL_RECORD,
        )
    )
    register_personal_data(
        PersonalData(
            model="payments.StripeEvent",
            title=_("Messages from Stripe about your payments"),
            export=stripe_events_export,
            retention_days=settings.PRIVACY_RETENTION_DAYS_STRIPE_EVENT_PAYLOAD,
            retain=stripe_event_payloads_retain,
        )
    )
