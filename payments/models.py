"""Payments through Stripe: card payments and Direct Debit collections, Bacs mandates, and the
inbox of Stripe's webhook events.

Money is integer pence. The ledger (portal.LedgerEntry) is the record of what the tenant owes;
these models record what we asked Stripe to do and what Stripe told us, so that a credit is
made once per PaymentIntent whatever order, or however often, Stripe's events arrive.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from portal.models import Account


class PaymentAttempt(models.Model):
    """One payment we asked Stripe to take: a card payment through Checkout, or a Direct Debit
    collection on a mandate.

    Our id is the Stripe idempotency key's root and travels in Stripe's metadata, so a retried
    request never makes a second payment. The status moves only forward, through TRANSITIONS,
    by conditional updates (`UPDATE ... WHERE status IN (allowed sources)`).
    """

    class Kind(models.TextChoices):
        CARD = "card", "Card"
        COLLECTION = "collection", "Direct Debit"

    class Status(models.TextChoices):
        CREATED = "created", "Not started"
        PENDING = "pending", "Waiting for confirmation"
        SUCCEEDED = "succeeded", "Paid"
        FAILED = "failed", "Failed"
        EXPIRED = "expired", "Not finished"
        REFUNDED = "refunded", "Refunded"
        DISPUTED = "disputed", "Disputed"

    # Where each status may go next. Anything else is refused (and logged by the caller).
    TRANSITIONS: dict[str, frozenset[str]] = {
        Status.CREATED: frozenset(
            {Status.PENDING, Status.SUCCEEDED, Status.FAILED, Status.EXPIRED}
        ),
        Status.PENDING: frozenset({Status.SUCCEEDED, Status.FAILED, Status.EXPIRED}),
        Status.SUCCEEDED: frozenset({Status.REFUNDED, Status.DISPUTED}),
        Status.REFUNDED: frozenset({Status.DISPUTED}),
        Status.FAILED: frozenset(),
        Status.EXPIRED: frozenset(),
        Status.DISPUTED: frozenset(),
    }
    # Money that has reached us (a credit exists on the ledger for these).
    PAID_STATUSES = frozenset({Status.SUCCEEDED, Status.REFUNDED, Status.DISPUTED})

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.CARD)
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="payment_attempts")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="payment_attempts",
    )
    mandate = models.ForeignKey(
        "Mandate", on_delete=models.PROTECT, null=True, blank=True, related_name="collections"
    )
    amount_pence = models.BigIntegerField()
    currency = models.CharField(max_length=3, default="gbp")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.CREATED)
    # The pay form's one-time token: a double-click or a resubmission finds this attempt.
    form_token = models.UUIDField(null=True, blank=True)
    # A collection's business key, given by the caller (e.g. "plan:12:2027-01-05").
    collection_key = models.CharField(max_length=200, null=True, blank=True, unique=True)
    due_on = models.DateField(null=True, blank=True)
    checkout_session_id = models.CharField(max_length=255, null=True, blank=True, unique=True)
    checkout_url = models.TextField(blank=True)
    checkout_expires_at = models.DateTimeField(null=True, blank=True)
    payment_intent_id = models.CharField(max_length=255, null=True, blank=True, unique=True)
    livemode = models.BooleanField(default=False)
    failure_code = models.CharField(max_length=100, blank=True)
    failure_message = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    succeeded_at = models.DateTimeField(null=True, blank=True)
    receipt_sent_at = models.DateTimeField(null=True, blank=True)
    failure_notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "form_token"],
                condition=Q(form_token__isnull=False),
                name="payment_attempt_one_per_form_token",
            ),
            models.CheckConstraint(
                condition=Q(amount_pence__gt=0), name="payment_attempt_amount_positive"
            ),
        ]
        indexes = [
            models.Index(fields=["account", "status"], name="payment_attempt_account"),
            models.Index(fields=["status", "created_at"], name="payment_attempt_status"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount_pence}p {self.status} ({self.pk})"

    @classmethod
    def sources_of(cls, status: str) -> list[str]:
        """The statuses from which `status` may be reached in one move."""
        return [source for source, targets in cls.TRANSITIONS.items() if status in targets]

    @classmethod
    def reachable_from(cls, status: str) -> set[str]:
        """Every status that can follow `status`, in any number of moves."""
        seen: set[str] = set()
        todo = list(cls.TRANSITIONS[status])
        while todo:
            current = todo.pop()
            if current not in seen:
                seen.add(current)
                todo.extend(cls.TRANSITIONS[current])
        return seen


class StripeCustomer(models.Model):
    """The Stripe Customer for one rent (or other) account, per mode: mandates hang off it."""

    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="stripe_customers")
    customer_id = models.CharField(max_length=255, unique=True)
    livemode = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["account", "livemode"], name="stripe_customer_one_per_account_and_mode"
            )
        ]

    def __str__(self) -> str:
        return self.customer_id


class Mandate(models.Model):
    """A Bacs Direct Debit mandate for one account, set up through Stripe Checkout (setup mode).

    `status` mirrors Stripe's mandate status (pending, active, inactive) once Stripe has one;
    before that it is `setting_up` (the tenant is on Stripe's page) or `abandoned` (they left).
    Stripe's mandate can be reactivated, so the status is not monotonic: instead, each update
    is applied only if it was read from Stripe later than the last one applied.
    """

    class Status(models.TextChoices):
        SETTING_UP = "setting_up", "Being set up"
        PENDING = "pending", "Waiting for your bank"
        ACTIVE = "active", "Active"
        INACTIVE = "inactive", "Cancelled"
        ABANDONED = "abandoned", "Not finished"

    LIVE_STATUSES = frozenset({Status.SETTING_UP, Status.PENDING, Status.ACTIVE})

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="mandates")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mandates",
    )
    form_token = models.UUIDField(null=True, blank=True)
    customer_id = models.CharField(max_length=255)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SETTING_UP)
    checkout_session_id = models.CharField(max_length=255, null=True, blank=True, unique=True)
    checkout_url = models.TextField(blank=True)
    checkout_expires_at = models.DateTimeField(null=True, blank=True)
    setup_intent_id = models.CharField(max_length=255, null=True, blank=True, unique=True)
    payment_method_id = models.CharField(max_length=255, blank=True, db_index=True)
    mandate_id = models.CharField(max_length=255, null=True, blank=True, unique=True)
    bank_last4 = models.CharField(max_length=4, blank=True)
    reference = models.CharField(max_length=100, blank=True)
    network_status = models.CharField(max_length=30, blank=True)
    revocation_reason = models.CharField(max_length=50, blank=True)
    livemode = models.BooleanField(default=False)
    # The last event applied, and when the state it applied was read from Stripe.
    last_event_id = models.CharField(max_length=255, blank=True)
    last_synced_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    activated_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["account"],
                condition=Q(status__in=["setting_up", "pending", "active"]),
                name="mandate_one_live_per_account",
            ),
            models.UniqueConstraint(
                fields=["user", "form_token"],
                condition=Q(form_token__isnull=False),
                name="mandate_one_per_form_token",
            ),
        ]

    def __str__(self) -> str:
        return f"Mandate {self.mandate_id or self.pk} ({self.status})"

    @property
    def is_live(self) -> bool:
        return self.status in self.LIVE_STATUSES

    @property
    def can_collect(self) -> bool:
        return self.status == self.Status.ACTIVE and bool(self.payment_method_id)


class StripeEvent(models.Model):
    """The inbox: every signed event Stripe sends, stored before it is acted on.

    `event_id` is unique, so a redelivery is a no-op. Processing re-reads the object from Stripe
    rather than trusting the payload, so the payload is kept as the raw signed body, for audit.
    `unmatched` events did not credit anything: either we do not know the object (yet), or it
    disagreed with our own record (amount, currency, mode, owner). Officers review those.
    """

    class Status(models.TextChoices):
        RECEIVED = "received", "Received"
        PROCESSED = "processed", "Processed"
        UNMATCHED = "unmatched", "Unmatched"
        REJECTED = "rejected", "Rejected"

    class Problem(models.TextChoices):
        UNKNOWN_OBJECT = "unknown_object", "Not one of our payments (yet)"
        AMOUNT = "amount", "Amount differs from ours"
        CURRENCY = "currency", "Currency is not GBP"
        LIVEMODE = "livemode", "Live/test mode differs from ours"
        OWNER = "owner", "Belongs to another account"
        STATE = "state", "State conflicts with ours"

    class Source(models.TextChoices):
        WEBHOOK = "webhook", "Webhook"
        RECONCILE = "reconcile", "Nightly reconciliation"

    event_id = models.CharField(max_length=255, unique=True)
    type = models.CharField(max_length=100)
    object_id = models.CharField(max_length=255, blank=True, db_index=True)
    livemode = models.BooleanField(default=False)
    api_version = models.CharField(max_length=40, blank=True)
    stripe_created_at = models.DateTimeField()
    payload = models.TextField()
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.WEBHOOK)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RECEIVED)
    problem = models.CharField(max_length=30, choices=Problem.choices, blank=True)
    error = models.TextField(blank=True)
    tries = models.PositiveIntegerField(default=0)
    received_at = models.DateTimeField()
    processed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-received_at"]
        indexes = [models.Index(fields=["status", "received_at"], name="stripe_event_status")]

    def __str__(self) -> str:
        return f"{self.type} {self.event_id} ({self.status})"
