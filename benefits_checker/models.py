"""Stored benefits checks, the grants catalogue and councils' working-age Council Tax Reduction
schemes. The arithmetic lives in `benefits_checker.engine` (pure Python); these models keep
what a tenant told us, what the engine said and which rates it used."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.search import index

from portal.models import Tenancy
from portal.money import pence_to_pounds_text


class BenefitsCheck(models.Model):
    """One completed check: the answers, the estimate (amounts, working, flags, other help)
    and the rates file it used, so it can be shown again exactly as it was."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="benefits_checks"
    )
    tenancy = models.ForeignKey(Tenancy, on_delete=models.CASCADE, related_name="benefits_checks")
    answers = models.JSONField()
    results = models.JSONField()
    rates_version = models.CharField(max_length=20)
    estimated_on = models.DateField()
    total_monthly_pence = models.BigIntegerField(default=0)
    missing_monthly_pence = models.BigIntegerField(default=0)
    involves_health_data = models.BooleanField(default=False)
    share_with_officer = models.BooleanField(
        default=False, help_text="The tenant agreed to show this check to their housing officer."
    )
    added_to_budget_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["tenancy", "-created_at"], name="benefits_check_latest")]

    def __str__(self) -> str:
        return f"Benefits check {self.pk} for {self.tenancy.reference}"


class GrantScheme(index.Indexed, models.Model):
    """A grant or scheme outside the benefits system (a charity's fund, a council scheme, an
    energy company's fund), kept up to date by editors in Wagtail and matched against a
    household by its structured criteria."""

    class Tenure(models.TextChoices):
        ANY = "any", "Any social tenant"
        COUNCIL = "council", "Council tenants"
        HOUSING_ASSOCIATION = "housing_association", "Housing association tenants"

    class PensionAge(models.TextChoices):
        ANY = "any", "Any age"
        ONLY = "only", "Only people over State Pension age"
        WORKING_AGE = "working_age", "Only people under State Pension age"

    name = models.CharField(max_length=200)
    provider = models.CharField(max_length=200)
    summary = models.TextField(help_text="What it helps with, in a sentence or two.")
    amount_pence = models.BigIntegerField(
        null=True, blank=True, help_text="A fixed amount, in pence. Leave empty if it varies."
    )
    amount_text = models.CharField(
        max_length=100, default="Varies", help_text="Shown when there is no fixed amount."
    )
    how_to_apply = models.TextField()
    url = models.URLField(blank=True)
    requires_universal_credit = models.BooleanField(default=False)
    requires_means_tested_benefit = models.BooleanField(
        default=False,
        help_text="Universal Credit, Pension Credit or Housing Benefit.",
    )
    pension_age = models.CharField(
        max_length=20, choices=PensionAge.choices, default=PensionAge.ANY
    )
    requires_disability = models.BooleanField(
        default=False, help_text="Someone in the household has a disability or health condition."
    )
    requires_children = models.BooleanField(default=False)
    areas = models.CharField(
        max_length=500,
        blank=True,
        help_text="Postcode areas or districts it covers, separated by commas (for example "
        "M, SK4, OL). Leave empty for anywhere.",
    )
    tenure = models.CharField(max_length=30, choices=Tenure.choices, default=Tenure.ANY)
    active = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)

    panels = [
        MultiFieldPanel(
            [FieldPanel("name"), FieldPanel("provider"), FieldPanel("summary")], "The scheme"
        ),
        MultiFieldPanel([FieldPanel("amount_pence"), FieldPanel("amount_text")], "How much"),
        MultiFieldPanel(
            [
                FieldPanel("requires_universal_credit"),
                FieldPanel("requires_means_tested_benefit"),
                FieldPanel("pension_age"),
                FieldPanel("requires_disability"),
                FieldPanel("requires_children"),
                FieldPanel("areas"),
                FieldPanel("tenure"),
            ],
            "Who can get it",
        ),
        MultiFieldPanel([FieldPanel("how_to_apply"), FieldPanel("url")], "How to apply"),
        FieldPanel("active"),
    ]
    search_fields = [index.SearchField("name"), index.SearchField("provider")]

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.provider})"

    @property
    def area_prefixes(self) -> list[str]:
        return [part.strip().upper() for part in self.areas.split(",") if part.strip()]


class CouncilTaxScheme(models.Model):
    """A council's working-age Council Tax Reduction scheme and band charges, as parameters
    (each English council sets its own). The one marked as this landlord's default is used for
    checks; the engine reads it through `to_engine()`."""

    class Kind(models.TextChoices):
        BANDS = "bands", "Income bands"
        TAPER = "taper", "Taper"

    council_name = models.CharField(max_length=200)
    is_default = models.BooleanField(default=False)
    illustrative = models.BooleanField(
        default=False, help_text="An example, not a real council's scheme."
    )
    band_charges = models.JSONField(
        help_text='Yearly charge per band in pounds, like {"A": "1520.00", "B": "1773.33"}.'
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.BANDS)
    max_percent = models.PositiveSmallIntegerField(default=100)
    band_cap = models.CharField(max_length=1, blank=True)
    capital_limit_pence = models.BigIntegerField(default=1_600_000)
    non_dep_deduction_weekly_pence = models.BigIntegerField(default=0)
    minimum_award_weekly_pence = models.BigIntegerField(default=0)
    bands = models.JSONField(
        default=dict,
        blank=True,
        help_text='For an income-band scheme: {"single": [["400.00", 90], ..., [null, 0]], '
        '"couple": [...], "family": [...]}: monthly income below, percent of the bill.',
    )
    taper_percent = models.PositiveSmallIntegerField(default=20)
    source = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["council_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"],
                condition=models.Q(is_default=True),
                name="one_default_council_tax_scheme",
            )
        ]

    def __str__(self) -> str:
        return self.council_name

    def to_engine(self):
        from .engine.council_tax import council_tax_from_dict

        return council_tax_from_dict(
            {
                "council_name": self.council_name,
                "band_charges": self.band_charges,
                "working_age_scheme": {
                    "name": f"{self.council_name} working-age scheme"
                    + (" (an illustrative example)" if self.illustrative else ""),
                    "kind": self.kind,
                    "max_percent": self.max_percent,
                    "band_cap": self.band_cap or None,
                    "capital_limit": pence_to_pounds_text(self.capital_limit_pence),
                    "non_dep_deduction_weekly": pence_to_pounds_text(
                        self.non_dep_deduction_weekly_pence
                    ),
                    "minimum_award_weekly": pence_to_pounds_text(self.minimum_award_weekly_pence),
                    "bands": self.bands,
                    "taper_percent": self.taper_percent,
                    "source": self.source,
                },
            }
        )
