"""Bring our records in line with Stripe's current state of one object.

Webhook events only say "look at this object again": every handler here re-reads the object
through `stripe_client` and applies what it finds, so events may arrive late, twice or in any
order and the result is the same. The same functions repair what a lost webhook missed during
the nightly reconciliation.

What is applied, and the guarantees:
- A PaymentIntent that has succeeded is credited to the ledger once: the credit's key is
  (source="stripe", external_id=<PaymentIntent id>, kind="payment"), unique in the ledger,
  and the attempt's row is locked while it is applied.
- Each succeeded refund, and each dispute the landlord has lost, is a new entry that
  `reverses` the credit (keyed by the refund's or dispute's id), never an edit.
- Our PaymentAttempt's status only moves forward (PaymentAttempt.TRANSITIONS).
- Nothing is credited when Stripe's object disagrees with our own PaymentAttempt (amount,
  currency, live/test mode, owner): `Mismatch` is raised and the event is kept for officers.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from portal.models import LedgerEntry
from portal.signals import officer_attention_needed

from . import stripe_client
from .models import Mandate, PaymentAttempt, StripeCustomer, StripeEvent

logger = logging.getLogger(__name__)
# Things officers must look at: mismatches, cancelled mandates. The officer queue reads
# StripeEvent(status="unmatched"); this logger is for alerting.
review_log = logging.getLogger("payments.review")

Problem = StripeEvent.Problem
Status = PaymentAttempt.Status

# Dispute statuses that mean the money has gone back to the payer for good.
DISPUTE_LOST = frozenset({"lost"})
# Early warnings and disputes we won: no money moved.
DISPUTE_NO_MONEY_MOVED = frozenset(
    {"warning_needs_response", "warning_under_review", "warning_closed", "won", "prevented"}
)


class Mismatch(Exception):
    """Stripe's object disagrees with our record: never credited, kept for officers."""

    def __init__(self, problem: str, detail: str):
        super().__init__(detail)
        self.problem = problem
        self.detail = detail


class UnknownObject(Exception):
    """We have no record this object belongs to (yet: it may be committed a moment later)."""


@dataclass
class Changes:
    """What one sync changed, in words, for the event's log and the reconciliation report."""

    items: list[str] = field(default_factory=list)

    def add(self, text: str) -> None:
        self.items.append(text)

    def extend(self, other: Changes) -> None:
        self.items.extend(other.items)

    def __bool__(self) -> bool:
        return bool(self.items)


def id_of(value) -> str | None:
    """An expandable field: either the id itself or the expanded object."""
    if isinstance(value, dict):
        return value.get("id")
    return value or None


def _uuid_or_none(text) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(text))
    except (TypeError, ValueError):
        return None


def check_mode(obj: dict) -> None:
    if bool(obj.get("livemode")) != stripe_client.live_mode():
        raise Mismatch(
            Problem.LIVEMODE,
            f"{obj.get('id')} is {'live' if obj.get('livemode') else 'test'} mode; we are not",
        )


# --- Attempt state --------------------------------------------------------------------------


def attempt_transition(*, attempt: PaymentAttempt, to: str, **fields) -> bool:
    """Move an attempt to `to` if its current status allows it; a conditional update, so two
    processes can never both make the same move. Updates `attempt` in memory when it moves."""
    if to not in PaymentAttempt.reachable_from(attempt.status):
        # Behind us (statuses only move forward), so it is behind the stored status too:
        # no need to ask the database.
        return False
    now = timezone.now()
    moved = PaymentAttempt.objects.filter(
        pk=attempt.pk, status__in=PaymentAttempt.sources_of(to)
    ).update(status=to, updated_at=now, **fields)
    if moved:
        old = attempt.status
        attempt.status = to
        for name, value in fields.items():
            setattr(attempt, name, value)
        logger.info("payment attempt %s: %s -> %s", attempt.pk, old, to)
    return bool(moved)


def _queue(task_name: str, *args) -> None:
    from . import tasks  # tasks import this module

    tasks.queue_on_commit(getattr(tasks, task_name), *args)


# --- PaymentIntents -------------------------------------------------------------------------


def attempt_for_payment_intent(pi: dict) -> PaymentAttempt:
    """Our attempt for a PaymentIntent: by its id, else by the attempt id we put in its
    metadata (the PaymentIntent of a Checkout Session is created after we saved the session)."""
    attempt = (
        PaymentAttempt.objects.select_related("account").filter(payment_intent_id=pi["id"]).first()
    )
    if attempt is not None:
        return attempt
    attempt_id = _uuid_or_none((pi.get("metadata") or {}).get("attempt_id"))
    attempt = (
        PaymentAttempt.objects.select_related("account").filter(pk=attempt_id).first()
        if attempt_id
        else None
    )
    if attempt is None:
        raise UnknownObject(f"no payment attempt for {pi['id']}")
    if attempt.payment_intent_id and attempt.payment_intent_id != pi["id"]:
        raise Mismatch(
            Problem.STATE, f"{pi['id']} names attempt {attempt.pk}, which has another payment"
        )
    return attempt


def _check_customer(attempt_or_mandate_account_id: int, customer_id: str | None) -> None:
    if not customer_id:
        return
    ours = set(
        StripeCustomer.objects.filter(account_id=attempt_or_mandate_account_id).values_list(
            "customer_id", flat=True
        )
    )
    if ours and customer_id not in ours:
        raise Mismatch(Problem.OWNER, f"customer {customer_id} is not this account's")


def validate_payment_intent(*, attempt: PaymentAttempt, pi: dict) -> None:
    """Stripe's PaymentIntent must agree with our attempt before anything is credited.
    Metadata is only a pointer: it is checked against our record, never trusted over it."""
    check_mode(pi)
    if pi.get("currency") != attempt.currency:
        raise Mismatch(Problem.CURRENCY, f"{pi['id']} is in {pi.get('currency')!r}, not gbp")
    if pi.get("amount") != attempt.amount_pence:
        raise Mismatch(
            Problem.AMOUNT,
            f"{pi['id']} is for {pi.get('amount')}p; attempt {attempt.pk} is for "
            f"{attempt.amount_pence}p",
        )
    if pi.get("status") == "succeeded" and pi.get("amount_received") != attempt.amount_pence:
        raise Mismatch(
            Problem.AMOUNT,
            f"{pi['id']} received {pi.get('amount_received')}p; attempt {attempt.pk} is for "
            f"{attempt.amount_pence}p",
        )
    metadata = pi.get("metadata") or {}
    if metadata.get("attempt_id") and metadata["attempt_id"] != str(attempt.pk):
        raise Mismatch(Problem.OWNER, f"{pi['id']} names another attempt")
    if metadata.get("account_ref") and metadata["account_ref"] != attempt.account.reference:
        raise Mismatch(
            Problem.OWNER, f"{pi['id']} names account {metadata['account_ref']!r}, not ours"
        )
    _check_customer(attempt.account_id, id_of(pi.get("customer")))


def payment_sync(payment_intent_id: str) -> Changes:
    """Re-read a PaymentIntent (with its charge, refunds and disputes) and apply it."""
    pi = stripe_client.payment_intent_retrieve(payment_intent_id)
    attempt = attempt_for_payment_intent(pi)
    validate_payment_intent(attempt=attempt, pi=pi)
    charge = pi.get("latest_charge") if isinstance(pi.get("latest_charge"), dict) else None
    refunds = (
        stripe_client.refunds_list(payment_intent_id=pi["id"])
        if charge and charge.get("amount_refunded")
        else []
    )
    disputes = (
        stripe_client.disputes_list(payment_intent_id=pi["id"])
        if charge and charge.get("disputed")
        else []
    )
    return payment_apply(attempt=attempt, pi=pi, refunds=refunds, disputes=disputes)


def payment_apply(
    *, attempt: PaymentAttempt, pi: dict, refunds: Iterable[dict], disputes: Iterable[dict]
) -> Changes:
    """Apply a PaymentIntent already read from Stripe and validated, under the attempt's lock."""
    changes = Changes()
    with transaction.atomic():
        attempt = (
            PaymentAttempt.objects.select_for_update().select_related("account").get(pk=attempt.pk)
        )
        if attempt.payment_intent_id is None:
            attempt.payment_intent_id = pi["id"]
            attempt.save(update_fields=["payment_intent_id", "updated_at"])
        charge = pi.get("latest_charge") if isinstance(pi.get("latest_charge"), dict) else {}
        status = pi.get("status")

        if status == "succeeded":
            if attempt.status in (Status.FAILED, Status.EXPIRED):
                raise Mismatch(
                    Problem.STATE,
                    f"{pi['id']} succeeded but attempt {attempt.pk} is {attempt.status}",
                )
            credit = _credit(attempt=attempt, pi=pi, changes=changes)
            if attempt_transition(
                attempt=attempt, to=Status.SUCCEEDED, succeeded_at=timezone.now()
            ):
                changes.add(f"attempt {attempt.pk} succeeded")
                _queue("send_receipt", str(attempt.pk))
            _apply_refunds(attempt=attempt, credit=credit, refunds=refunds, changes=changes)
            _apply_disputes(
                attempt=attempt, credit=credit, charge=charge, disputes=disputes, changes=changes
            )
        elif status == "processing":
            if attempt_transition(attempt=attempt, to=Status.PENDING):
                changes.add(f"attempt {attempt.pk} pending")
        elif status in ("requires_payment_method", "canceled"):
            _apply_failure(attempt=attempt, pi=pi, charge=charge, changes=changes)
    return changes


def _apply_failure(*, attempt: PaymentAttempt, pi: dict, charge: dict, changes: Changes) -> None:
    error = pi.get("last_payment_error") or {}
    code = (charge or {}).get("failure_code") or error.get("decline_code") or error.get("code")
    message = (charge or {}).get("failure_message") or error.get("message") or ""
    if attempt.kind == PaymentAttempt.Kind.CARD and pi.get("status") == "requires_payment_method":
        # The tenant is still on Stripe's page and may try another card; the session's
        # expiry ends the attempt if they do not.
        if code and attempt.failure_code != code:
            PaymentAttempt.objects.filter(pk=attempt.pk).update(
                failure_code=code[:100], failure_message=message[:500]
            )
        return
    if pi.get("status") == "canceled" and attempt.kind == PaymentAttempt.Kind.CARD:
        if attempt_transition(attempt=attempt, to=Status.EXPIRED):
            changes.add(f"attempt {attempt.pk} expired")
        return
    if attempt_transition(
        attempt=attempt,
        to=Status.FAILED,
        failure_code=(code or pi.get("cancellation_reason") or "")[:100],
        failure_message=message[:500],
    ):
        changes.add(f"attempt {attempt.pk} failed ({code or 'no code'})")
        _queue("send_failure_notice", str(attempt.pk))


def _description(attempt: PaymentAttempt) -> str:
    if attempt.kind == PaymentAttempt.Kind.COLLECTION:
        return "Direct Debit payment, thank you"
    return "Card payment, thank you"


def _confirmed_by_hms(*, tenancy_id: int, stripe_id: str, credit: bool) -> int | None:
    """The housing system's entry that already carries this Stripe id in its payment_ref,
    on the same tenancy and in the same direction (money in for a credit, money back out for
    a refund or dispute), or None. The portal's entry is then created already superseded by
    it, so the money counts once whichever copy arrives first. The import does the same in
    the other order (`portal.imports`)."""
    entries = LedgerEntry.objects.filter(
        source=LedgerEntry.Source.HMS,
        payment_ref=stripe_id,
        account__tenancy_id=tenancy_id,
    )
    entries = entries.filter(amount_pence__lt=0) if credit else entries.filter(amount_pence__gt=0)
    return entries.order_by("id").values_list("id", flat=True).first()


def _credit(*, attempt: PaymentAttempt, pi: dict, changes: Changes) -> LedgerEntry:
    """The one credit for this PaymentIntent (money in is negative on the ledger)."""
    entry, created = LedgerEntry.objects.get_or_create(
        source=LedgerEntry.Source.STRIPE,
        external_id=pi["id"],
        kind=LedgerEntry.Kind.PAYMENT,
        defaults={
            "account": attempt.account,
            "amount_pence": -attempt.amount_pence,
            "posted_on": timezone.localdate(),
            "description": _description(attempt),
            # A callable: only looked up when the credit is created.
            "superseded_by_id": lambda: _confirmed_by_hms(
                tenancy_id=attempt.account.tenancy_id, stripe_id=pi["id"], credit=True
            ),
        },
    )
    if created:
        changes.add(f"credited {attempt.amount_pence}p for {pi['id']}")
    elif entry.account_id != attempt.account_id or entry.amount_pence != -attempt.amount_pence:
        review_log.error(
            "stripe credit %s does not match attempt %s (account or amount)", entry.pk, attempt.pk
        )
    return entry


def _reverse(
    *,
    credit: LedgerEntry,
    tenancy_id: int,
    external_id: str,
    kind: str,
    amount_pence: int,
    description: str,
) -> bool:
    """A new entry that takes (part of) a credit back. Keyed by the refund or dispute id."""
    _, created = LedgerEntry.objects.get_or_create(
        source=LedgerEntry.Source.STRIPE,
        external_id=external_id,
        kind=kind,
        defaults={
            "account_id": credit.account_id,
            "amount_pence": amount_pence,
            "posted_on": timezone.localdate(),
            "description": description,
            "reverses": credit,
            "superseded_by_id": lambda: _confirmed_by_hms(
                tenancy_id=tenancy_id, stripe_id=external_id, credit=False
            ),
        },
    )
    return created


def _apply_refunds(
    *, attempt: PaymentAttempt, credit: LedgerEntry, refunds: Iterable[dict], changes: Changes
) -> None:
    refunded = 0
    for refund in refunds:
        if refund.get("status") != "succeeded" or not refund.get("amount"):
            continue
        refunded += refund["amount"]
        if _reverse(
            credit=credit,
            tenancy_id=attempt.account.tenancy_id,
            external_id=refund["id"],
            kind=LedgerEntry.Kind.REFUND,
            amount_pence=refund["amount"],
            description="Payment refunded to you",
        ):
            changes.add(f"refund {refund['id']} of {refund['amount']}p reversed")
    if refunded >= attempt.amount_pence and attempt_transition(attempt=attempt, to=Status.REFUNDED):
        changes.add(f"attempt {attempt.pk} refunded")


def _apply_disputes(
    *,
    attempt: PaymentAttempt,
    credit: LedgerEntry,
    charge: dict,
    disputes: Iterable[dict],
    changes: Changes,
) -> None:
    is_bacs = (charge.get("payment_method_details") or {}).get("type") == "bacs_debit"
    for dispute in disputes:
        status = dispute.get("status", "")
        if status.startswith("warning_"):
            continue  # an inquiry: no money has moved
        if attempt_transition(attempt=attempt, to=Status.DISPUTED):
            changes.add(f"attempt {attempt.pk} disputed")
            review_log.warning(
                "payment disputed attempt=%s dispute=%s account=%s",
                attempt.pk,
                dispute["id"],
                attempt.account.reference,
            )
            # Sent once: only the sync that moves the attempt to "disputed" gets here (a
            # conditional update), and in the same transaction, so the work item and the
            # dispute are recorded together or not at all.
            officer_attention_needed.send(
                sender="payments",
                kind="payment_dispute",
                tenancy_id=attempt.account.tenancy_id,
                subject_type="payments.paymentattempt",
                subject_id=str(attempt.pk),
                summary=("Direct Debit payment disputed" if is_bacs else "Card payment disputed"),
                link="",
            )
        # Bacs disputes (Direct Debit Guarantee claims) are final the moment they are raised;
        # card disputes take the money back only when lost.
        lost = status in DISPUTE_LOST or (is_bacs and status not in DISPUTE_NO_MONEY_MOVED)
        if lost and _reverse(
            credit=credit,
            tenancy_id=attempt.account.tenancy_id,
            external_id=dispute["id"],
            kind=LedgerEntry.Kind.ADJUSTMENT,
            amount_pence=dispute.get("amount") or attempt.amount_pence,
            description=(
                "Direct Debit payment returned by your bank"
                if is_bacs
                else "Card payment taken back by your card company"
            ),
        ):
            changes.add(f"dispute {dispute['id']} reversed {dispute.get('amount')}p")


# --- Checkout Sessions ----------------------------------------------------------------------


def checkout_session_sync(session_id: str, *, event_id: str = "") -> Changes:
    """Re-read a Checkout Session: link its PaymentIntent (payment mode) or SetupIntent (setup
    mode) to our record and sync that; an expired session ends the attempt or the setup."""
    session = stripe_client.checkout_session_retrieve(session_id)
    check_mode(session)
    if session.get("mode") == "setup":
        return _setup_session_sync(session, event_id=event_id)
    if session.get("mode") != "payment":
        raise UnknownObject(f"{session_id} is a {session.get('mode')} session")
    attempt = _attempt_for_session(session)
    changes = Changes()
    pi_id = id_of(session.get("payment_intent"))
    if pi_id:
        # The session is ours and checked, so its PaymentIntent is too (even without metadata).
        if not attempt.payment_intent_id:
            try:
                with transaction.atomic():
                    PaymentAttempt.objects.filter(
                        pk=attempt.pk, payment_intent_id__isnull=True
                    ).update(payment_intent_id=pi_id)
            except IntegrityError as exc:
                raise Mismatch(
                    Problem.STATE, f"{pi_id} is already another attempt's payment"
                ) from exc
        elif attempt.payment_intent_id != pi_id:
            raise Mismatch(Problem.STATE, f"{session['id']} has another payment than ours")
        changes.extend(payment_sync(pi_id))
    if session.get("status") == "expired":
        attempt.refresh_from_db()
        if attempt_transition(attempt=attempt, to=Status.EXPIRED):
            changes.add(f"attempt {attempt.pk} expired")
    return changes


def _attempt_for_session(session: dict) -> PaymentAttempt:
    attempt = (
        PaymentAttempt.objects.select_related("account")
        .filter(checkout_session_id=session["id"])
        .first()
    )
    if attempt is None:
        attempt_id = _uuid_or_none(session.get("client_reference_id"))
        attempt = (
            PaymentAttempt.objects.select_related("account").filter(pk=attempt_id).first()
            if attempt_id
            else None
        )
        if attempt is None:
            raise UnknownObject(f"no payment attempt for {session['id']}")
        if attempt.checkout_session_id:
            raise Mismatch(Problem.STATE, f"{session['id']} names attempt {attempt.pk}")
    if session.get("currency") != attempt.currency:
        raise Mismatch(Problem.CURRENCY, f"{session['id']} is in {session.get('currency')!r}")
    if session.get("amount_total") != attempt.amount_pence:
        raise Mismatch(
            Problem.AMOUNT,
            f"{session['id']} is for {session.get('amount_total')}p; attempt {attempt.pk} is "
            f"for {attempt.amount_pence}p",
        )
    if session.get("client_reference_id") not in (None, str(attempt.pk)):
        raise Mismatch(Problem.OWNER, f"{session['id']} names another attempt")
    metadata = session.get("metadata") or {}
    if metadata.get("account_ref") and metadata["account_ref"] != attempt.account.reference:
        raise Mismatch(Problem.OWNER, f"{session['id']} names another account")
    _check_customer(attempt.account_id, id_of(session.get("customer")))
    if attempt.checkout_session_id is None:
        PaymentAttempt.objects.filter(pk=attempt.pk, checkout_session_id__isnull=True).update(
            checkout_session_id=session["id"]
        )
    return attempt


# --- Mandates -------------------------------------------------------------------------------

_MANDATE_STATUS = {
    "pending": Mandate.Status.PENDING,
    "active": Mandate.Status.ACTIVE,
    "inactive": Mandate.Status.INACTIVE,
}


def _setup_session_sync(session: dict, *, event_id: str = "") -> Changes:
    mandate = _mandate_for_setup(
        setup_id=None,
        session_id=session["id"],
        metadata=session.get("metadata") or {},
        customer_id=id_of(session.get("customer")),
    )
    seti_id = id_of(session.get("setup_intent"))
    changes = Changes()
    if session.get("status") == "complete" and seti_id:
        changes.extend(setup_intent_sync(seti_id, event_id=event_id))
    elif session.get("status") == "expired":
        moved = Mandate.objects.filter(pk=mandate.pk, status=Mandate.Status.SETTING_UP).update(
            status=Mandate.Status.ABANDONED, ended_at=timezone.now(), updated_at=timezone.now()
        )
        if moved:
            changes.add(f"mandate {mandate.pk} abandoned")
    return changes


def _mandate_for_setup(
    *, setup_id: str | None, session_id: str | None, metadata: dict, customer_id: str | None
) -> Mandate:
    mandate = None
    if setup_id:
        mandate = Mandate.objects.filter(setup_intent_id=setup_id).first()
    if mandate is None and session_id:
        mandate = Mandate.objects.filter(checkout_session_id=session_id).first()
    if mandate is None:
        mandate_id = _uuid_or_none(metadata.get("mandate_id"))
        mandate = Mandate.objects.filter(pk=mandate_id).first() if mandate_id else None
    if mandate is None:
        raise UnknownObject(f"no mandate set-up for {setup_id or session_id}")
    if customer_id and customer_id != mandate.customer_id:
        raise Mismatch(Problem.OWNER, f"{setup_id or session_id} is another customer's")
    return mandate


def setup_intent_sync(setup_intent_id: str, *, event_id: str = "") -> Changes:
    """A finished Direct Debit set-up: store the payment method, the mandate and its state."""
    fetched_at = timezone.now()
    seti = stripe_client.setup_intent_retrieve(setup_intent_id)
    check_mode(seti)
    mandate = _mandate_for_setup(
        setup_id=seti["id"],
        session_id=None,
        metadata=seti.get("metadata") or {},
        customer_id=id_of(seti.get("customer")),
    )
    if seti.get("status") != "succeeded":
        return Changes()
    payment_method = seti.get("payment_method")
    payment_method = payment_method if isinstance(payment_method, dict) else {}
    stripe_mandate = seti.get("mandate") if isinstance(seti.get("mandate"), dict) else None
    if stripe_mandate is None and id_of(seti.get("mandate")):
        stripe_mandate = stripe_client.mandate_retrieve(id_of(seti.get("mandate")))
    fields = {
        "setup_intent_id": seti["id"],
        "payment_method_id": id_of(seti.get("payment_method")) or "",
        "bank_last4": ((payment_method.get("bacs_debit") or {}).get("last4") or "")[:4],
    }
    return _mandate_apply(
        mandate=mandate,
        stripe_mandate=stripe_mandate,
        fetched_at=fetched_at,
        fields=fields,
        event_id=event_id,
    )


def mandate_sync(mandate_id: str, *, event_id: str = "") -> Changes:
    """Re-read a Stripe Mandate (mandate.updated) and apply its status and bank reference."""
    fetched_at = timezone.now()
    stripe_mandate = stripe_client.mandate_retrieve(mandate_id)
    check_mode(stripe_mandate)
    pm_id = id_of(stripe_mandate.get("payment_method"))
    mandate = Mandate.objects.filter(
        Q(mandate_id=mandate_id) | (Q(payment_method_id=pm_id) if pm_id else Q(pk=None))
    ).first()
    if mandate is None:
        raise UnknownObject(f"no mandate for {mandate_id}")
    return _mandate_apply(
        mandate=mandate,
        stripe_mandate=stripe_mandate,
        fetched_at=fetched_at,
        fields={},
        event_id=event_id,
    )


def _mandate_apply(
    *, mandate: Mandate, stripe_mandate: dict | None, fetched_at, fields: dict, event_id: str = ""
) -> Changes:
    changes = Changes()
    now = timezone.now()
    updates = {**fields, "last_synced_at": fetched_at, "updated_at": now}
    if event_id:
        updates["last_event_id"] = event_id[:255]
    new_status = None
    if stripe_mandate:
        check_mode(stripe_mandate)
        bacs = (stripe_mandate.get("payment_method_details") or {}).get("bacs_debit") or {}
        updates["mandate_id"] = stripe_mandate["id"]
        updates["reference"] = (bacs.get("reference") or mandate.reference)[:100]
        updates["network_status"] = (bacs.get("network_status") or "")[:30]
        updates["revocation_reason"] = (bacs.get("revocation_reason") or "")[:50]
        new_status = _MANDATE_STATUS.get(stripe_mandate.get("status"))
    if new_status:
        updates["status"] = new_status
        if new_status == Mandate.Status.ACTIVE and not mandate.activated_at:
            updates["activated_at"] = now
        if new_status == Mandate.Status.INACTIVE and not mandate.ended_at:
            updates["ended_at"] = now
    # Applied only if read from Stripe after the state already applied: a slower, older read
    # never overwrites a newer one.
    try:
        with transaction.atomic():
            moved = (
                Mandate.objects.filter(pk=mandate.pk)
                .filter(Q(last_synced_at__isnull=True) | Q(last_synced_at__lt=fetched_at))
                .update(**updates)
            )
    except IntegrityError as exc:
        raise Mismatch(
            Problem.STATE, f"mandate {mandate.pk} would be a second live mandate on its account"
        ) from exc
    if moved and new_status and new_status != mandate.status:
        changes.add(f"mandate {mandate.pk}: {mandate.status} -> {new_status}")
        if new_status == Mandate.Status.INACTIVE and mandate.status == Mandate.Status.ACTIVE:
            review_log.warning(
                "direct debit mandate cancelled mandate=%s reason=%s",
                mandate.pk,
                updates.get("revocation_reason") or "none given",
            )
    elif moved and fields and any(getattr(mandate, k) != v for k, v in fields.items()):
        changes.add(f"mandate {mandate.pk} details updated")
    return changes
