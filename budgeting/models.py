"""Budgets (income and expenditure statements) and the spending guideline table.

A budget belongs to one login and one tenancy. It is a draft while the tenant works through it
and becomes an immutable version when submitted: a submitted version is never edited, and
changing it later starts a new draft copied from it (`services.py` is the only writer).
Amounts are integer pence with the frequency the person gave; monthly and weekly figures are
worked out by `calculations.py`, never stored.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from portal.models import Tenancy

from .categories import EMPLOYMENT_STATUSES, FREQUENCY_CHOICES, GUIDELINE_CATEGORIES


class Budget(models.Model):
    """One version of a household's budget, in the Standard Financial Statement's shape."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"

    # The only change of status there is. Submitted is final.
    TRANSITIONS = {Status.DRAFT: {Status.SUBMITTED}, Status.SUBMITTED: set()}

    tenancy = models.ForeignKey(Tenancy, on_delete=models.CASCADE, related_name="budgets")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="budgets"
    )
    number = models.PositiveIntegerField(help_text="Version 1, 2, 3... for this tenant and tenancy")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    copied_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Sections the tenant has saved, in the order of categories.SECTIONS.
    sections_done = models.JSONField(default=list, blank=True)

    # The household (the SFS header). Empty until the household page is saved.
    has_partner = models.BooleanField(null=True, blank=True)
    children_under_16 = models.PositiveSmallIntegerField(null=True, blank=True)
    children_16_to_18 = models.PositiveSmallIntegerField(null=True, blank=True)
    other_dependants = models.PositiveSmallIntegerField(null=True, blank=True)
    non_dependants = models.PositiveSmallIntegerField(null=True, blank=True)
    vehicles = models.PositiveSmallIntegerField(null=True, blank=True)
    employment_status = models.CharField(
        max_length=20, blank=True, choices=[(v, label) for v, label, _ in EMPLOYMENT_STATUSES]
    )
    partner_employment_status = models.CharField(
        max_length=20, blank=True, choices=[(v, label) for v, label, _ in EMPLOYMENT_STATUSES]
    )

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["tenancy_id", "user_id", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenancy", "user", "number"], name="budget_unique_version"
            ),
            models.UniqueConstraint(
                fields=["tenancy", "user"],
                condition=Q(status="draft"),
                name="budget_one_draft_per_tenant",
            ),
            models.CheckConstraint(
                condition=(Q(status="draft", submitted_at__isnull=True))
                | Q(status="submitted", submitted_at__isnull=False),
                name="budget_submitted_has_time",
            ),
        ]
        indexes = [
            models.Index(
                fields=["tenancy", "status", "-submitted_at"], name="budget_tenancy_latest"
            ),
            models.Index(fields=["user", "status", "-submitted_at"], name="budget_user_latest"),
        ]

    def __str__(self) -> str:
        return f"Budget {self.number} for {self.tenancy.reference} ({self.status})"

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def adults(self) -> int:
        """Adults for the spending guidelines: the tenant, and a partner if there is one."""
        return 1 + (1 if self.has_partner else 0)

    @property
    def children(self) -> int:
        return (self.children_under_16 or 0) + (self.children_16_to_18 or 0)

    @property
    def people_in_household(self) -> int:
        """The SFS total: tenant, partner, dependent children, other dependants, non-dependants."""
        return (
            self.adults + self.children + (self.other_dependants or 0) + (self.non_dependants or 0)
        )


class BudgetLine(models.Model):
    """One amount of income or spending, as entered: pence, how often, or "I do not pay this".

    `source` says where a figure came from when the tenant did not type it: "tenancy" (the
    rent account), or the benefits check's source name.
    """

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="lines")
    key = models.CharField(max_length=50)
    amount_pence = models.BigIntegerField(default=0)
    frequency = models.CharField(max_length=12, choices=FREQUENCY_CHOICES, default="monthly")
    not_paid = models.BooleanField(default=False)
    description = models.CharField(max_length=100, blank=True)
    source = models.CharField(max_length=50, blank=True)

    class Meta:
        ordering = ["budget_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["budget", "key"], name="budget_line_unique_key"),
            models.CheckConstraint(
                condition=Q(amount_pence__gte=0), name="budget_line_amount_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key}: {self.amount_pence}p {self.frequency}"


class BudgetDebt(models.Model):
    """A debt: what is owed, and what is paid towards it now (pence, how often)."""

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="debts")
    key = models.CharField(max_length=50)
    balance_pence = models.BigIntegerField(default=0)
    payment_pence = models.BigIntegerField(default=0)
    frequency = models.CharField(max_length=12, choices=FREQUENCY_CHOICES, default="monthly")
    source = models.CharField(max_length=50, blank=True)

    class Meta:
        ordering = ["budget_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["budget", "key"], name="budget_debt_unique_key"),
            models.CheckConstraint(
                condition=Q(balance_pence__gte=0, payment_pence__gte=0),
                name="budget_debt_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key}: owes {self.balance_pence}p"


class GuidelineSet(models.Model):
    """A table of monthly spending guidelines for the three flexible SFS categories.

    The SFS's own figures are licensed to SFS members, so they are data loaded here by a
    member organisation, never code. The project ships one set marked illustrative: made-up
    figures to show how the comparison works, not SFS figures. The set in use is the newest
    one marked "in use" whose start date has passed; with none, no comparison is shown.
    """

    name = models.CharField(max_length=200)
    illustrative = models.BooleanField(
        default=False, help_text="Made-up figures for trying the service: not SFS figures."
    )
    in_use = models.BooleanField(default=False)
    valid_from = models.DateField(help_text="SFS figures change on the first Monday of April.")
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["-valid_from", "-id"]

    def __str__(self) -> str:
        return self.name


class GuidelineFigure(models.Model):
    """The monthly guideline for one category and household size."""

    guideline_set = models.ForeignKey(
        GuidelineSet, on_delete=models.CASCADE, related_name="figures"
    )
    category = models.CharField(max_length=30, choices=GUIDELINE_CATEGORIES)
    adults = models.PositiveSmallIntegerField(default=1)
    children = models.PositiveSmallIntegerField(default=0)
    monthly_pence = models.BigIntegerField()

    class Meta:
        ordering = ["guideline_set_id", "category", "adults", "children"]
        constraints = [
            models.UniqueConstraint(
                fields=["guideline_set", "category", "adults", "children"],
                name="guideline_figure_unique",
            ),
            models.CheckConstraint(
                condition=Q(monthly_pence__gte=0, adults__gte=1), name="guideline_figure_sane"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()}: {self.adults} adults, {self.children} children"
