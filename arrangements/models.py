"""Payment plans (arrangements): the tenant's proposal, the officer's decision, the agreed
schedule and its daily monitoring.

Money is integer pence. A plan's `amount_pence` is what goes towards the arrears each
instalment; when `covers_charge` is set, each payment also includes the ongoing charge for
the period (`charge_pence`), so the tenant's payment is `charge_pence + amount_pence`.

The status moves only through `Arrangement.TRANSITIONS`, by conditional updates
(`UPDATE ... WHERE status = <from>`), so two people acting at once get exactly one outcome.
Every move is an append-only `ArrangementStateChange` row.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.models import Account, Tenancy

from . import schedule as sched


class Frequency(models.TextChoices):
    WEEKLY = sched.WEEKLY, _("Every week")
    FORTNIGHTLY = sched.FORTNIGHTLY, _("Every 2 weeks")
    FOUR_WEEKLY = sched.FOUR_WEEKLY, _("Every 4 weeks")
    MONTHLY = sched.MONTHLY, _("Every calendar month")


class PaymentMethod(models.TextChoices):
    DIRECT_DEBIT = "direct_debit", _("Direct Debit")
    CARD = "card", _("Card")
    UC_DIRECT = "uc_direct", _("Universal Credit paid to us direct")
    UC_DEDUCTION = "uc_deduction", _("A deduction from Universal Credit")


class Arrangement(models.Model):
    """One payment plan on one tenancy, from proposal to its end."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Waiting for a decision")
        COUNTERED = "countered", _("We have offered a different plan")
        LIVE = "live", _("Agreed")
        BREACHED = "breached", _("Behind")
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")
        REJECTED = "rejected", _("Not agreed")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        DECLINED = "declined", _("Offer declined")

    TRANSITIONS: dict[str, frozenset[str]] = {
        Status.PROPOSED: frozenset(
            {Status.LIVE, Status.REJECTED, Status.COUNTERED, Status.WITHDRAWN}
        ),
        Status.COUNTERED: frozenset({Status.LIVE, Status.DECLINED}),
        Status.LIVE: frozenset({Status.BREACHED, Status.COMPLETED, Status.CANCELLED}),
        Status.BREACHED: frozenset({Status.LIVE, Status.COMPLETED, Status.CANCELLED}),
        Status.COMPLETED: frozenset(),
        Status.CANCELLED: frozenset(),
        Status.REJECTED: frozenset(),
        Status.WITHDRAWN: frozenset(),
        Status.DECLINED: frozenset(),
    }
    # Waiting for someone, or running: a tenancy has at most one of these.
    OPEN_STATUSES = frozenset({Status.PROPOSED, Status.COUNTERED, Status.LIVE, Status.BREACHED})
    RUNNING_STATUSES = frozenset({Status.LIVE, Status.BREACHED})
    UNDECIDED_STATUSES = frozenset({Status.PROPOSED, Status.COUNTERED})

    tenancy = models.ForeignKey(Tenancy, on_delete=models.PROTECT, related_name="arrangements")
    accounts = models.ManyToManyField(Account, related_name="arrangements")
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    form_token = models.UUIDField(null=True, blank=True, unique=True)

    amount_pence = models.BigIntegerField()
    frequency = models.CharField(max_length=12, choices=Frequency.choices)
    start_on = models.DateField()
    covers_charge = models.BooleanField(default=True)
    charge_pence = models.BigIntegerField(default=0)
    lump_sum_pence = models.BigIntegerField(default=0)
    lump_sum_on = models.DateField(null=True, blank=True)
    payment_method = models.CharField(max_length=20, choices=PaymentMethod.choices)
    mandate = models.ForeignKey(
        "payments.Mandate", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # What the tenant first offered (a counter-offer changes amount and frequency).
    proposed_amount_pence = models.BigIntegerField()
    proposed_frequency = models.CharField(max_length=12, choices=Frequency.choices)

    starting_balance_pence = models.BigIntegerField()
    balance_on = models.DateField(help_text=_("The day the starting balance was taken"))

    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PROPOSED)
    policy_outcome = models.CharField(max_length=10, blank=True)
    policy_reasons = models.JSONField(default=list, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    last_checked_on = models.DateField(null=True, blank=True)
    # The breach now running has been told to the tenant and the officers (cleared on catch-up).
    breach_handled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenancy"],
                condition=Q(status__in=["proposed", "countered", "live", "breached"]),
                name="arrangement_one_open_per_tenancy",
            ),
            models.CheckConstraint(condition=Q(amount_pence__gte=1), name="arrangement_amount_1p"),
            models.CheckConstraint(
                condition=Q(lump_sum_pence__gte=0), name="arrangement_lump_sum_not_negative"
            ),
        ]
        indexes = [models.Index(fields=["status", "updated_at"], name="arrangement_status")]

    def __str__(self) -> str:
        return f"Plan {self.pk} on {self.tenancy.reference} ({self.status})"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def is_running(self) -> bool:
        return self.status in self.RUNNING_STATUSES

    @property
    def payment_pence(self) -> int:
        """What the tenant pays each instalment (the last may be less)."""
        return self.amount_pence + (self.charge_pence if self.covers_charge else 0)

    @property
    def arrears_pence(self) -> int:
        return max(self.starting_balance_pence, 0)

    def schedule(self) -> sched.Schedule:
        return sched.build(
            arrears_pence=self.arrears_pence,
            amount_pence=self.amount_pence,
            frequency=self.frequency,
            start_on=self.start_on,
            lump_sum_pence=self.lump_sum_pence,
            lump_sum_on=self.lump_sum_on,
        )

    @classmethod
    def sources_of(cls, status: str) -> list[str]:
        return [source for source, targets in cls.TRANSITIONS.items() if status in targets]


class ArrangementDecision(models.Model):
    """Something someone decided about a plan: the policy or an officer approving, rejecting,
    counter-offering or cancelling; the tenant withdrawing, accepting or declining."""

    class Action(models.TextChoices):
        AUTO_APPROVED = "auto_approved", _("Agreed straight away")
        REFERRED = "referred", _("Sent to an officer")
        APPROVED = "approved", _("Agreed by an officer")
        REJECTED = "rejected", _("Not agreed")
        COUNTERED = "countered", _("Different plan offered")
        WITHDRAWN = "withdrawn", _("Withdrawn by the tenant")
        ACCEPTED = "accepted", _("Offer accepted")
        DECLINED = "declined", _("Offer declined")
        CANCELLED = "cancelled", _("Cancelled by an officer")

    class Reason(models.TextChoices):
        NOT_AFFORDABLE = "not_affordable", _("The plan is not affordable on the budget given")
        TOO_LOW = "too_low", _("The payments are too low to clear the arrears in a fair time")
        MORE_INFORMATION = "more_information", _("We need to speak to you first")
        LEGAL_ACTION = "legal_action", _("Legal action means a different process applies")
        OTHER_ARRANGEMENT = "other_arrangement", _("Another arrangement is already in place")
        BREATHING_SPACE = "breathing_space", _("A Breathing Space is in place")
        TENANT_REQUEST = "tenant_request", _("The tenant asked for it")
        OTHER = "other", _("Another reason")

    arrangement = models.ForeignKey(Arrangement, on_delete=models.CASCADE, related_name="decisions")
    action = models.CharField(max_length=20, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reason = models.CharField(max_length=30, choices=Reason.choices, blank=True)
    text = models.TextField(max_length=2000, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} ({self.arrangement_id})"


class CounterOffer(models.Model):
    """An officer's different plan: the tenant accepts (the plan goes live on these terms)
    or declines it."""

    arrangement = models.ForeignKey(
        Arrangement, on_delete=models.CASCADE, related_name="counter_offers"
    )
    amount_pence = models.BigIntegerField()
    frequency = models.CharField(max_length=12, choices=Frequency.choices)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    made_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-made_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount_pence__gte=1), name="counter_offer_amount_1p")
        ]

    def __str__(self) -> str:
        return f"Counter-offer {self.pk} on plan {self.arrangement_id}"


class ArrangementStateChange(models.Model):
    """The plan's history, append-only: each status move, and each daily check whose
    balances changed, with the expected and checked balances (Hackney's agreement_states)."""

    arrangement = models.ForeignKey(
        Arrangement, on_delete=models.CASCADE, related_name="state_changes"
    )
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12, choices=Arrangement.Status.choices)
    on = models.DateField()
    at = models.DateTimeField(auto_now_add=True)
    expected_balance_pence = models.BigIntegerField(null=True, blank=True)
    checked_balance_pence = models.BigIntegerField(null=True, blank=True)
    description = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["arrangement", "at"], name="arrangement_history")]

    def __str__(self) -> str:
        return f"{self.from_status or '-'} -> {self.to_status} on {self.on}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("A plan's history cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("A plan's history cannot be deleted.")


class PlanCollection(models.Model):
    """One Direct Debit instalment we asked payments to collect, by its idempotency key, so
    the daily task can see which ones failed (payments may not import this app)."""

    arrangement = models.ForeignKey(
        Arrangement, on_delete=models.CASCADE, related_name="collections"
    )
    due_on = models.DateField()
    amount_pence = models.BigIntegerField()
    collection_key = models.CharField(max_length=200, unique=True)
    attempt_id = models.UUIDField(null=True, blank=True)
    failure_handled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on"]

    def __str__(self) -> str:
        return self.collection_key


class ArrangementNotice(models.Model):
    """An email to one tenant about their plan, made once per `key` (a decision, a breach)
    and sent by a task that claims `sent_at` first, so nothing is ever sent twice."""

    class Kind(models.TextChoices):
        DECISION = "decision", _("Decision")
        BREACH = "breach", _("Behind on the plan")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    arrangement = models.ForeignKey(Arrangement, on_delete=models.CASCADE, related_name="notices")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    key = models.CharField(max_length=100, unique=True)
    decision = models.ForeignKey(
        ArrangementDecision, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    behind_pence = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.key


class PolicySettings(models.Model):
    """The policy's thresholds, one row, edited by officers in the Django admin."""

    max_weeks_to_clear = models.PositiveIntegerField(
        default=52,
        help_text=_("Plans that clear the arrears within this many weeks can be agreed."),
    )
    max_arrears_pence = models.BigIntegerField(
        default=300_000,
        help_text=_(
            "In pence. Arrears at or above this always go to an officer (300000 = £3,000)."
        ),
    )
    broken_plan_lookback_days = models.PositiveIntegerField(
        default=183,
        help_text=_("A plan broken within this many days sends new plans to an officer."),
    )
    require_budget = models.BooleanField(
        default=True, help_text=_("Without a submitted budget, plans go to an officer.")
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("payment plan policy")
        verbose_name_plural = _("payment plan policy")

    def __str__(self) -> str:
        return "Payment plan policy"

    @classmethod
    def current(cls) -> PolicySettings:
        """The row (never written here: GET pages must not write), or the defaults."""
        return cls.objects.filter(pk=1).first() or cls(pk=1)
