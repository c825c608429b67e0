"""Changes the payments app makes: starting card payments and Direct Debit set-ups, cancelling
mandates, creating Direct Debit collections, and telling tenants what happened.

Every Stripe POST carries an idempotency key built from our own row's id, and the row is
created (and committed) before Stripe is asked, so retrying after a timeout sends the same
key and can never make a second session or payment.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import uuid
from urllib.parse import urljoin

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy

from portal.models import Account
from portal.money import format_pence
from portal.person_language import user_email_language

from . import stripe_client
from .models import Mandate, PaymentAttempt, StripeCustomer
from .sync import Changes, attempt_transition, payment_apply

logger = logging.getLogger(__name__)

# Stripe refuses a Checkout Session that expires sooner than 30 minutes from now.
STRIPE_MIN_EXPIRY = dt.timedelta(minutes=31)
# Stripe's limit for one Bacs Direct Debit payment.
MAX_COLLECTION_PENCE = 10_000_000


class PaymentConflict(Exception):
    """The same form was sent again with different details (amount or account)."""

    def __init__(self, attempt):
        super().__init__("form token already used for a different payment")
        self.attempt = attempt


class PaymentStale(Exception):
    """The form was started too long ago to send to Stripe now: start again."""


class MandateNotActive(Exception):
    """Collections need an active mandate."""


def _livemode() -> bool:
    return stripe_client.live_mode()


def customer_for_account(*, account: Account) -> str:
    """The account's Stripe Customer id, created on first use (one per account and mode)."""
    livemode = _livemode()
    existing = (
        StripeCustomer.objects.filter(account=account, livemode=livemode)
        .values_list("customer_id", flat=True)
        .first()
    )
    if existing:
        return existing
    customer = stripe_client.customer_create(
        metadata={"account_ref": account.reference, "tenancy_ref": account.tenancy.reference},
        idempotency_key=f"customer:{account.pk}:{'live' if livemode else 'test'}",
    )
    row, _ = StripeCustomer.objects.get_or_create(
        account=account, livemode=livemode, defaults={"customer_id": customer["id"]}
    )
    return row.customer_id


def _metadata(account: Account, **ids: str) -> dict[str, str]:
    return {"account_ref": account.reference, "tenancy_ref": account.tenancy.reference, **ids}


def _absolute(base_url: str, path: str) -> str:
    return urljoin(base_url, path)


# --- Card payments --------------------------------------------------------------------------


def card_payment_start(
    *, user, account: Account, amount_pence: int, form_token: uuid.UUID, base_url: str
) -> PaymentAttempt:
    """Start a card payment: one PaymentAttempt per form token and one Stripe Checkout Session
    per attempt, so a double-click or a resubmitted form goes to the same session.

    The caller has checked that `user` may pay `account` (selectors). Returns the attempt;
    send the tenant to `attempt.checkout_url` while it is pending. Raises PaymentConflict if
    the token was used for another amount, PaymentStale if the form is too old, and
    stripe_client.StripeError if Stripe cannot be reached (the attempt is kept, so pressing
    Pay again sends the same idempotency key).
    """
    if not settings.PAYMENTS_MIN_PENCE <= amount_pence <= settings.PAYMENTS_MAX_PENCE:
        raise ValueError("amount out of range")
    customer_id = customer_for_account(account=account)
    failure: stripe_client.StripeError | None = None
    stale = False
    with transaction.atomic():
        # The row lock makes a second click wait for the first one's session, then reuse it.
        attempt, _ = PaymentAttempt.objects.select_for_update().get_or_create(
            user=user,
            form_token=form_token,
            defaults={
                "kind": PaymentAttempt.Kind.CARD,
                "account": account,
                "amount_pence": amount_pence,
                "livemode": _livemode(),
                "checkout_expires_at": timezone.now()
                + dt.timedelta(minutes=settings.PAYMENTS_CHECKOUT_EXPIRES_MINUTES),
            },
        )
        if (
            attempt.account_id != account.pk
            or attempt.amount_pence != amount_pence
            or attempt.kind != PaymentAttempt.Kind.CARD
        ):
            raise PaymentConflict(attempt)
        if attempt.checkout_session_id or attempt.status != PaymentAttempt.Status.CREATED:
            return attempt
        stale = attempt.checkout_expires_at - timezone.now() < STRIPE_MIN_EXPIRY
        if stale:
            attempt_transition(attempt=attempt, to=PaymentAttempt.Status.EXPIRED)
        else:
            try:
                session = stripe_client.checkout_payment_create(
                    amount_pence=amount_pence,
                    description=(
                        f"{account.get_kind_display()} payment, account {account.reference}"
                    ),
                    customer_id=customer_id,
                    client_reference_id=str(attempt.pk),
                    metadata=_metadata(account, attempt_id=str(attempt.pk)),
                    success_url=_absolute(base_url, reverse("payments:paid", args=[attempt.pk])),
                    cancel_url=_absolute(
                        base_url, reverse("payments:pay_cancelled", args=[attempt.pk])
                    ),
                    # Fixed when the attempt was made: a retry must send identical parameters.
                    expires_at=int(attempt.checkout_expires_at.timestamp()),
                    idempotency_key=f"checkout:{attempt.pk}",
                )
            except stripe_client.StripeError as exc:
                logger.warning("checkout session not created attempt=%s: %s", attempt.pk, exc)
                failure = exc
            else:
                attempt.checkout_session_id = session["id"]
                attempt.checkout_url = session["url"]
                attempt.save(update_fields=["checkout_session_id", "checkout_url", "updated_at"])
                attempt_transition(attempt=attempt, to=PaymentAttempt.Status.PENDING)
    if stale:
        raise PaymentStale
    if failure is not None:
        raise failure  # after the attempt is committed: the retry reuses it
    return attempt


# --- Direct Debit mandates ------------------------------------------------------------------


def mandate_setup_start(*, user, account: Account, form_token: uuid.UUID, base_url: str) -> Mandate:
    """Start setting up a Bacs Direct Debit through Stripe Checkout (setup mode).

    One live mandate per account: if one is active or waiting for the bank it is returned as it
    is; a set-up still open on Stripe is reused. Send the tenant to `mandate.checkout_url`
    while the mandate is `setting_up`.
    """
    customer_id = customer_for_account(account=account)
    failure: stripe_client.StripeError | None = None
    now = timezone.now()
    with transaction.atomic():
        # Serialise set-ups for this account (double-clicks, two joint tenants at once).
        Account.objects.select_for_update().filter(pk=account.pk).first()
        live = Mandate.objects.filter(account=account, status__in=Mandate.LIVE_STATUSES).first()
        if live is not None:
            fresh = live.checkout_expires_at and live.checkout_expires_at - now > dt.timedelta(
                minutes=5
            )
            if live.status != Mandate.Status.SETTING_UP or (live.checkout_session_id and fresh):
                return live
            # A set-up that never reached Stripe, or whose page is about to expire.
            Mandate.objects.filter(pk=live.pk, status=Mandate.Status.SETTING_UP).update(
                status=Mandate.Status.ABANDONED, ended_at=now, updated_at=now
            )
        mandate, _ = Mandate.objects.get_or_create(
            user=user,
            form_token=form_token,
            defaults={
                "account": account,
                "customer_id": customer_id,
                "livemode": _livemode(),
                "checkout_expires_at": now
                + dt.timedelta(minutes=settings.PAYMENTS_CHECKOUT_EXPIRES_MINUTES),
            },
        )
        if mandate.account_id != account.pk or mandate.status != Mandate.Status.SETTING_UP:
            return mandate
        try:
            session = stripe_client.checkout_setup_create(
                customer_id=customer_id,
                client_reference_id=str(mandate.pk),
                metadata=_metadata(account, mandate_id=str(mandate.pk)),
                success_url=_absolute(
                    base_url, reverse("payments:direct_debit_detail", args=[mandate.pk])
                ),
                cancel_url=_absolute(base_url, reverse("payments:direct_debit")),
                expires_at=int(mandate.checkout_expires_at.timestamp()),
                idempotency_key=f"mandate-setup:{mandate.pk}",
            )
        except stripe_client.StripeError as exc:
            logger.warning("mandate set-up session not created mandate=%s: %s", mandate.pk, exc)
            failure = exc
        else:
            mandate.checkout_session_id = session["id"]
            mandate.checkout_url = session["url"]
            mandate.save(update_fields=["checkout_session_id", "checkout_url", "updated_at"])
    if failure is not None:
        raise failure
    return mandate


def mandate_cancel(*, mandate: Mandate) -> Mandate:
    """Cancel a Direct Debit: detach its payment method at Stripe, which cancels the mandate
    (Stripe then sends mandate.updated, inactive). A set-up not finished is just abandoned.
    The caller has checked that the user may see the mandate (selectors)."""
    now = timezone.now()
    if mandate.status == Mandate.Status.SETTING_UP:
        if mandate.checkout_session_id:
            # Refused: already expired or completed; the webhook will tell us which.
            with contextlib.suppress(stripe_client.StripeRefused):
                stripe_client.checkout_session_expire(
                    mandate.checkout_session_id, idempotency_key=f"mandate-expire:{mandate.pk}"
                )
        Mandate.objects.filter(pk=mandate.pk, status=Mandate.Status.SETTING_UP).update(
            status=Mandate.Status.ABANDONED, ended_at=now, updated_at=now
        )
    elif mandate.status in (Mandate.Status.PENDING, Mandate.Status.ACTIVE):
        if mandate.payment_method_id:
            with contextlib.suppress(stripe_client.StripeNotFound):  # already detached
                stripe_client.payment_method_detach(
                    mandate.payment_method_id, idempotency_key=f"mandate-cancel:{mandate.pk}"
                )
        Mandate.objects.filter(
            pk=mandate.pk, status__in=[Mandate.Status.PENDING, Mandate.Status.ACTIVE]
        ).update(status=Mandate.Status.INACTIVE, ended_at=now, updated_at=now)
        logger.info("direct debit cancelled by tenant mandate=%s", mandate.pk)
    mandate.refresh_from_db()
    return mandate


# --- Direct Debit collections ----------------------------------------------------------------


def collection_create(
    *, mandate: Mandate, amount_pence: int, due_on: dt.date, idempotency_key: str
) -> PaymentAttempt:
    """Collect one payment-plan instalment by Direct Debit: an off-session Bacs PaymentIntent
    on the mandate, confirmed at once (Stripe says it succeeds or fails in about 4 working
    days; the webhook then credits the ledger or tells the tenant).

    `idempotency_key` is the caller's business key for this instalment, e.g.
    f"plan:{plan.pk}:{due_on}": calling again with it returns the same attempt and never makes
    a second payment. Reusing it with a different mandate, amount or date raises
    PaymentConflict. Raises MandateNotActive unless the mandate is active, and
    stripe_client.StripeUnavailable when Stripe cannot be reached (call again later with the
    same key). A payment Stripe refuses comes back as an attempt with status `failed`.
    """
    if not 0 < amount_pence <= MAX_COLLECTION_PENCE:
        raise ValueError("amount out of range")
    failure: stripe_client.StripeError | None = None
    with transaction.atomic():
        attempt, _ = PaymentAttempt.objects.select_for_update().get_or_create(
            collection_key=idempotency_key,
            defaults={
                "kind": PaymentAttempt.Kind.COLLECTION,
                "account_id": mandate.account_id,
                "user_id": mandate.user_id,
                "mandate": mandate,
                "amount_pence": amount_pence,
                "due_on": due_on,
                "livemode": _livemode(),
            },
        )
        if (
            attempt.mandate_id != mandate.pk
            or attempt.amount_pence != amount_pence
            or attempt.due_on != due_on
        ):
            raise PaymentConflict(attempt)
        if attempt.payment_intent_id or attempt.status != PaymentAttempt.Status.CREATED:
            return attempt
        mandate = Mandate.objects.get(pk=mandate.pk)
        if not mandate.can_collect or not mandate.mandate_id:
            raise MandateNotActive  # and the new attempt is rolled back
        try:
            pi = stripe_client.payment_intent_create_collection(
                amount_pence=amount_pence,
                customer_id=mandate.customer_id,
                payment_method_id=mandate.payment_method_id,
                mandate_id=mandate.mandate_id,
                description=f"Payment plan instalment due {due_on.day} {due_on:%B %Y}",
                metadata=_metadata(
                    mandate.account, attempt_id=str(attempt.pk), due_on=due_on.isoformat()
                ),
                idempotency_key=f"collection:{idempotency_key}",
            )
        except stripe_client.StripeRefused as exc:
            attempt_transition(
                attempt=attempt,
                to=PaymentAttempt.Status.FAILED,
                failure_code="refused",
                failure_message=str(exc)[:500],
            )
            logger.warning("collection refused by Stripe attempt=%s: %s", attempt.pk, exc)
            return attempt
        except stripe_client.StripeUnavailable as exc:
            failure = exc
        else:
            attempt.payment_intent_id = pi["id"]
            attempt.save(update_fields=["payment_intent_id", "updated_at"])
    if failure is not None:
        raise failure  # the attempt is kept: calling again sends the same idempotency key
    attempt.refresh_from_db()
    _apply_new_payment_intent(attempt=attempt, pi=pi)
    attempt.refresh_from_db()
    return attempt


def _apply_new_payment_intent(*, attempt: PaymentAttempt, pi: dict) -> Changes:
    """A PaymentIntent we have just created has no refunds or disputes yet."""
    from .sync import Mismatch, validate_payment_intent

    try:
        validate_payment_intent(attempt=attempt, pi=pi)
    except Mismatch as exc:
        logger.error("new payment intent disagrees with attempt %s: %s", attempt.pk, exc)
        return Changes()
    return payment_apply(attempt=attempt, pi=pi, refunds=[], disputes=[])


# --- Telling the tenant ---------------------------------------------------------------------


def _send_once(*, attempt_id: str, claim_field: str, statuses, template: str, subject) -> bool:
    """Claim the attempt's notice (a conditional update), then send it. If sending fails the
    claim is released, so the task's retry sends it; two workers can never both send."""
    now = timezone.now()
    claimed = PaymentAttempt.objects.filter(
        pk=attempt_id, status__in=statuses, **{f"{claim_field}__isnull": True}
    ).update(**{claim_field: now})
    if not claimed:
        return False
    attempt = PaymentAttempt.objects.select_related("account", "user").get(pk=attempt_id)
    if attempt.user is None or not attempt.user.email:
        return False
    context = {
        "attempt": attempt,
        "amount": format_pence(attempt.amount_pence),
        "account": attempt.account,
        "landlord_name": settings.LANDLORD_NAME,
        "landlord_phone": settings.LANDLORD_PHONE,
        "service_name": settings.SERVICE_NAME,
    }
    try:
        # In the tenant's language: a Celery worker has none active, so without this the
        # lazy subject and the template would always come out in English.
        with translation.override(user_email_language(user=attempt.user)):
            send_mail(
                subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject}",
                message=render_to_string(template, context),
                from_email=None,
                recipient_list=[attempt.user.email],
            )
    except Exception:
        PaymentAttempt.objects.filter(pk=attempt_id, **{claim_field: now}).update(
            **{claim_field: None}
        )
        raise
    logger.info("payment notice sent attempt=%s kind=%s", attempt_id, claim_field)
    return True


def receipt_send(*, attempt_id: str) -> bool:
    """Email the tenant a receipt for a payment that has reached us. Sent once."""
    return _send_once(
        attempt_id=attempt_id,
        claim_field="receipt_sent_at",
        statuses=PaymentAttempt.PAID_STATUSES,
        template="payments/email/receipt.txt",
        subject=gettext_lazy("We have received your payment"),
    )


def failure_notice_send(*, attempt_id: str) -> bool:
    """Tell the tenant a Direct Debit payment failed. Sent once, however often we hear it."""
    return _send_once(
        attempt_id=attempt_id,
        claim_field="failure_notified_at",
        statuses=[PaymentAttempt.Status.FAILED],
        template="payments/email/failed.txt",
        subject=gettext_lazy("Your payment did not go through"),
    )
