"""The officers' side: one queue of work items, notes on a case, Breathing Space and the
vulnerability flag. Domain apps open and close work items through `casework.services` with a
generic subject (a type label and an id), so this app knows none of them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from portal.models import Tenancy

ACTIVE_Q = Q(status__in=["open", "in_progress"])


class WorkItem(models.Model):
    """Something an officer needs to do for one tenancy.

    `rank` orders the queue: it is the priority points (weeks owed, vulnerability, Breathing
    Space...) scaled to seconds, less the creation time, so an older item rises by one point a
    day without ever being rewritten (see `casework.priority`).
    """

    class Kind(models.TextChoices):
        PLAN_DECISION = "plan_decision", "Plan to decide"
        PLAN_BROKEN = "plan_broken", "Plan broken"
        DIRECT_DEBIT_FAILED = "direct_debit_failed", "Direct Debit failed"
        PAYMENT_DISPUTE = "payment_dispute", "Payment dispute"
        REFERRAL_REVIEW = "referral_review", "Referral to review"
        REFERRAL_UNDELIVERED = "referral_undelivered", "Referral not delivered"
        CONSENT_WITHDRAWN = "consent_withdrawn", "Consent withdrawn"
        IMPORT_FAILED = "import_failed", "Import failed"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"

    ACTIVE_STATUSES = (Status.OPEN, Status.IN_PROGRESS)
    # Where each status may go next. An officer takes an open item (in progress), releases it
    # (open again) or marks it done; done is final (new work is a new item).
    TRANSITIONS: dict[str, frozenset[str]] = {
        Status.OPEN: frozenset({Status.IN_PROGRESS, Status.DONE}),
        Status.IN_PROGRESS: frozenset({Status.OPEN, Status.DONE}),
        Status.DONE: frozenset(),
    }

    kind = models.CharField(max_length=30, choices=Kind.choices)
    tenancy = models.ForeignKey(Tenancy, on_delete=models.PROTECT, related_name="work_items")
    subject_type = models.CharField(max_length=60)
    subject_id = models.CharField(max_length=64)
    summary = models.CharField(max_length=200)
    link = models.CharField(max_length=300, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="work_items",
    )
    created_at = models.DateTimeField()
    due_at = models.DateTimeField()
    done_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=200, blank=True)
    priority_points = models.IntegerField(default=0)
    priority_parts = models.JSONField(default=list, blank=True)
    rank = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "subject_type", "subject_id"],
                condition=ACTIVE_Q,
                name="workitem_one_active_per_subject",
            )
        ]
        indexes = [
            models.Index(fields=["status", "assignee", "-rank"], name="workitem_queue_rank"),
            models.Index(fields=["status", "due_at"], name="workitem_queue_due"),
            models.Index(fields=["tenancy", "status"], name="workitem_tenancy"),
            # The queue's pages: active items by priority or due time, all kinds or one.
            models.Index(fields=["status", "-rank"], name="workitem_status_rank"),
            models.Index(fields=["-rank"], condition=ACTIVE_Q, name="workitem_active_rank"),
            models.Index(fields=["due_at"], condition=ACTIVE_Q, name="workitem_active_due"),
            models.Index(
                fields=["kind", "-rank"], condition=ACTIVE_Q, name="workitem_active_kind_rank"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.tenancy.reference}"


class CaseNote(models.Model):
    """A note an officer adds to a case's timeline. Notes are kept; a correction is a new note."""

    tenancy = models.ForeignKey(Tenancy, on_delete=models.PROTECT, related_name="case_notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(max_length=5000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Note {self.pk} on {self.tenancy_id}"


class BreathingSpace(models.Model):
    """A Debt Respite Scheme moratorium on a tenancy's debts. A standard Breathing Space lasts
    60 days; a mental health crisis one lasts for the crisis treatment plus 30 days, so it has
    no end date until the debt adviser says treatment has ended. While it lasts, no breach
    notices or escalations go out for the debts it covers (current charges are still due)."""

    class Kind(models.TextChoices):
        STANDARD = "standard", "Standard (60 days)"
        MENTAL_HEALTH_CRISIS = "mental_health_crisis", "Mental health crisis"

    tenancy = models.ForeignKey(Tenancy, on_delete=models.PROTECT, related_name="breathing_spaces")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    reference = models.CharField("Insolvency Service reference", max_length=40, blank=True)
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    ended_early_on = models.DateField(null=True, blank=True)
    # Account references covered; empty means every account on the tenancy.
    account_references = models.JSONField(default=list, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} from {self.starts_on}"


class VulnerabilityFlag(models.Model):
    """An officer's flag that the tenancy needs extra care. Only the fact is kept here, with a
    broad category; details belong in the housing system's support records."""

    class Category(models.TextChoices):
        HEALTH = "health", "Health or disability"
        LIFE_EVENT = "life_event", "Life event (bereavement, relationship breakdown)"
        RESILIENCE = "resilience", "Low financial resilience"
        CAPABILITY = "capability", "Capability (language, literacy, digital)"
        OTHER = "other", "Other"

    tenancy = models.ForeignKey(
        Tenancy, on_delete=models.PROTECT, related_name="vulnerability_flags"
    )
    category = models.CharField(max_length=20, choices=Category.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    cleared_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-recorded_at", "-id"]

    def __str__(self) -> str:
        return self.get_category_display()
