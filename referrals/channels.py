"""How a referral reaches Citizens Advice. The channel is one small class chosen by the
REFERRALS_CHANNEL setting (a dotted path), so a secure API can replace email without touching
the rest of the app.

A channel has one method, `send(referral, snapshot)`. It returns nothing on success and raises
on failure (any exception: the task retries with backoff, then hands the referral back to the
officer). It must not log personal data.
"""

from __future__ import annotations

import json

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils.module_loading import import_string

from .exports import referral_csv, referral_document, referral_summary_text


class ChannelNotConfigured(Exception):
    """The channel's settings are missing (for email: REFERRALS_OFFICE_EMAIL)."""


class EmailChannel:
    """Email to the local Citizens Advice office's referral address: the summary in the body,
    the same fields attached as CSV and JSON."""

    name = "email"

    def send(self, referral, snapshot: dict) -> None:
        to = settings.REFERRALS_OFFICE_EMAIL
        if not to:
            raise ChannelNotConfigured("REFERRALS_OFFICE_EMAIL is not set")
        message = EmailMessage(
            subject=f"Debt advice referral {referral.pk} from {settings.LANDLORD_NAME}",
            body=referral_summary_text(referral=referral, snapshot=snapshot),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[to],
            headers={"X-Portal-Referral": str(referral.pk)},
        )
        document = referral_document(referral=referral, snapshot=snapshot)
        message.attach(
            f"referral-{referral.pk}.json",
            json.dumps(document, indent=2, sort_keys=True, default=str),
            "application/json",
        )
        message.attach(
            f"referral-{referral.pk}.csv",
            referral_csv(referral=referral, snapshot=snapshot),
            "text/csv",
        )
        message.send(fail_silently=False)


def channel_get():
    """An instance of the channel named in settings."""
    return import_string(settings.REFERRALS_CHANNEL)()


def channel_name() -> str:
    return settings.REFERRALS_CHANNEL
