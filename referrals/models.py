"""Citizens Advice referrals: the referral, the tenant's consent and each delivery attempt.

A referral carries a snapshot (JSON) of the allow-listed fields of the categories the tenant
consented to, frozen when they pressed submit. The snapshot is deleted a set number of days
after delivery (or when the referral ends without delivery); the referral row keeps only what
the officer and the tenant need to follow it (topics, how to contact, status), and the consent
record is kept for good, because it is our evidence of what the person agreed to.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.models import Tenancy


class Referral(models.Model):
    """One request for free debt advice from Citizens Advice."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Waiting for your housing officer")
        SENDING = "sending", _("Being sent to Citizens Advice")
        SENT = "sent", _("Sent to Citizens Advice")
        UNDELIVERED = "undelivered", _("Not delivered yet")
        ACCEPTED = "accepted", _("Accepted by Citizens Advice")
        TENANT_CONTACTED = "tenant_contacted", _("Citizens Advice has contacted you")
        CLOSED = "closed", _("Closed")
        CANCELLED = "cancelled", _("Cancelled")
        WITHDRAWN = "withdrawn", _("Consent withdrawn")

    # Every change of status there is. A service moves a referral only along these, with a
    # conditional UPDATE ... WHERE status = old, so two people acting at once get one outcome.
    TRANSITIONS: dict[str, frozenset[str]] = {
        Status.SUBMITTED: frozenset({Status.SENDING, Status.CANCELLED, Status.CLOSED}),
        Status.SENDING: frozenset({Status.SENT, Status.UNDELIVERED, Status.WITHDRAWN}),
        Status.UNDELIVERED: frozenset({Status.SENDING, Status.CLOSED, Status.WITHDRAWN}),
        Status.SENT: frozenset(
            {Status.ACCEPTED, Status.TENANT_CONTACTED, Status.CLOSED, Status.WITHDRAWN}
        ),
        Status.ACCEPTED: frozenset({Status.TENANT_CONTACTED, Status.CLOSED, Status.WITHDRAWN}),
        Status.TENANT_CONTACTED: frozenset({Status.CLOSED, Status.WITHDRAWN}),
        Status.CLOSED: frozenset(),
        Status.CANCELLED: frozenset(),
        Status.WITHDRAWN: frozenset(),
    }
    OPEN_STATUSES = (
        Status.SUBMITTED,
        Status.SENDING,
        Status.SENT,
        Status.UNDELIVERED,
        Status.ACCEPTED,
        Status.TENANT_CONTACTED,
    )
    # Sent (or possibly sent) to Citizens Advice: withdrawing now stops further sharing and
    # tells the officer, instead of simply cancelling.
    DISPATCHED_STATUSES = (
        Status.SENDING,
        Status.SENT,
        Status.UNDELIVERED,
        Status.ACCEPTED,
        Status.TENANT_CONTACTED,
    )
    OUTCOMES = (Status.ACCEPTED, Status.TENANT_CONTACTED, Status.CLOSED)

    class Topic(models.TextChoices):
        DEBT = "debt", _("Debt and money owed")
        BENEFITS = "benefits", _("Benefits")
        ENERGY = "energy", _("Energy bills")
        HOUSING = "housing", _("Housing")
        OTHER = "other", _("Something else")

    class ContactMethod(models.TextChoices):
        PHONE = "phone", _("Phone call")
        EMAIL = "email", _("Email")

    class ContactTime(models.TextChoices):
        MORNING = "morning", _("Weekday mornings (9am to 12pm)")
        AFTERNOON = "afternoon", _("Weekday afternoons (12pm to 5pm)")
        EVENING = "evening", _("Weekday evenings (5pm to 8pm)")
        ANY = "any", _("Any time")

    tenancy = models.ForeignKey(Tenancy, on_delete=models.PROTECT, related_name="referrals")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="referrals"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    topics = models.JSONField(default=list)
    contact_method = models.CharField(max_length=10, choices=ContactMethod.choices)
    contact_times = models.JSONField(default=list)
    needs_interpreter = models.BooleanField(default=False)

    # The frozen payload: only allow-listed fields of the consented categories. Deleted (set to
    # None) after the retention period; the hash and field names stay as a record of what was
    # shared, without the values.
    snapshot = models.JSONField(null=True, blank=True)
    snapshot_sha256 = models.CharField(max_length=64, blank=True)
    snapshot_fields = models.JSONField(default=dict, blank=True)
    snapshot_deleted_at = models.DateTimeField(null=True, blank=True)

    # The officer's note sent with the referral. Free text about a person: deleted with the
    # snapshot.
    officer_note = models.TextField(blank=True, max_length=2000)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    submitted_at = models.DateTimeField()
    sent_requested_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    outcome_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-submitted_at", "-id"]
        constraints = [
            # One open referral per person and tenancy, even when two submits race.
            models.UniqueConstraint(
                fields=["tenancy", "user"],
                condition=Q(
                    status__in=[
                        "submitted",
                        "sending",
                        "sent",
                        "undelivered",
                        "accepted",
                        "tenant_contacted",
                    ]
                ),
                name="referral_one_open_per_tenant",
            ),
        ]
        indexes = [
            models.Index(fields=["tenancy", "-submitted_at"], name="referral_tenancy_latest"),
            models.Index(
                fields=["delivered_at"],
                condition=Q(snapshot__isnull=False),
                name="referral_snapshot_held",
            ),
        ]

    def __str__(self) -> str:
        return f"Referral {self.pk} ({self.status})"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def is_dispatched(self) -> bool:
        return self.status in self.DISPATCHED_STATUSES

    def can_move_to(self, status: str) -> bool:
        return status in self.TRANSITIONS.get(self.status, frozenset())

    def topic_labels(self) -> list[str]:
        labels = dict(self.Topic.choices)
        return [str(labels.get(topic, topic)) for topic in self.topics]

    def contact_time_labels(self) -> list[str]:
        labels = dict(self.ContactTime.choices)
        return [str(labels.get(time, time)) for time in self.contact_times]


class ConsentRecord(models.Model):
    """What one person agreed to share, with whom, why, when, how and in which exact words.

    Kept after the snapshot is deleted: it is the evidence of consent (and of its withdrawal).
    Never edited except to set `withdrawn_at` once.
    """

    referral = models.OneToOneField(Referral, on_delete=models.PROTECT, related_name="consent")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    tenancy = models.ForeignKey(Tenancy, on_delete=models.PROTECT, related_name="+")
    recipient = models.CharField(max_length=100)
    purpose = models.CharField(max_length=50)
    categories = models.JSONField()
    includes_health = models.BooleanField(default=False)
    text_version = models.CharField(max_length=20)
    text_sha256 = models.CharField(max_length=64)
    channel = models.CharField(max_length=20)
    given_at = models.DateTimeField()
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-given_at", "-id"]

    def __str__(self) -> str:
        return f"Consent {self.pk} ({', '.join(self.categories)})"


class DeliveryAttempt(models.Model):
    """One try at sending a referral through the channel. Holds no personal data: the
    channel's name, the outcome and, on failure, the kind of error (never its message, which
    may quote an address)."""

    class Outcome(models.TextChoices):
        STARTED = "started", "Started"
        DELIVERED = "delivered", "Delivered"
        FAILED = "failed", "Failed"

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="attempts")
    number = models.PositiveIntegerField()
    channel = models.CharField(max_length=200)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, default=Outcome.STARTED)
    error_type = models.CharField(max_length=100, blank=True)
    payload_sha256 = models.CharField(max_length=64, blank=True)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["referral_id", "number"]

    def __str__(self) -> str:
        return f"Attempt {self.number} for referral {self.referral_id}: {self.outcome}"
