"""Seed a demo grants catalogue and the illustrative working-age Council Tax Reduction scheme.

    python manage.py benefits_seed_demo

Safe to run again: schemes are matched by name and left alone if present. The grants are
examples of the kinds of scheme editors keep in Wagtail (Snippets > Grants); replace them with
the real local schemes before go-live. Refuses to run with production settings.
"""

from __future__ import annotations

import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from benefits_checker.engine.council_tax import EXAMPLE_SCHEME
from benefits_checker.models import CouncilTaxScheme, GrantScheme
from portal.money import parse_pounds

DEMO_GRANTS = [
    {
        "name": "Household essentials grant",
        "provider": "Riverside Homes Tenancy Sustainment Fund",
        "summary": "A cooker, fridge, washing machine or bed for tenants who cannot afford one.",
        "amount_text": "Up to £400, or the item itself",
        "how_to_apply": "Ask your housing officer, who can apply for you.",
        "requires_means_tested_benefit": True,
    },
    {
        "name": "Energy debt relief",
        "provider": "British Gas Energy Trust (an example of an energy company fund)",
        "summary": "Clears gas and electricity debts for households who are struggling.",
        "amount_text": "Varies",
        "how_to_apply": "Apply online after getting advice from a money adviser.",
        "url": "https://britishgasenergytrust.org.uk/",
    },
    {
        "name": "Pensioners' warm home payment",
        "provider": "Example Borough Council",
        "summary": "A one-off payment towards heating for people over State Pension age on a "
        "low income.",
        "amount_pence": 20000,
        "amount_text": "£200",
        "how_to_apply": "Apply to the council's Crisis and Resilience Fund team.",
        "pension_age": "only",
        "requires_means_tested_benefit": True,
        "areas": "M, SK, OL",
    },
    {
        "name": "School uniform grant",
        "provider": "Example Borough Council",
        "summary": "Help with the cost of school uniform for children starting primary or "
        "secondary school.",
        "amount_pence": 15000,
        "amount_text": "£150 a child",
        "how_to_apply": "Apply to the council's education welfare team.",
        "requires_children": True,
        "requires_universal_credit": True,
        "areas": "M",
    },
    {
        "name": "Disability adaptations fund",
        "provider": "Riverside Homes",
        "summary": "Small adaptations to your home, such as grab rails or a level-access "
        "shower, for a tenant or family member with a disability.",
        "amount_text": "The work itself",
        "how_to_apply": "Ask us for an occupational therapy assessment.",
        "requires_disability": True,
        "tenure": "housing_association",
    },
    {
        "name": "Turn2us grants search",
        "provider": "Turn2us (a national charity)",
        "summary": "Finds charitable grants for your job, past job, health or where you live.",
        "amount_text": "Varies",
        "how_to_apply": "Use the Turn2us grants search.",
        "url": "https://grants-search.turn2us.org.uk/",
    },
]


class Command(BaseCommand):
    help = "Load a demo grants catalogue and the example Council Tax Reduction scheme."

    def handle(self, *args, **options):
        if settings.SETTINGS_MODULE.endswith("production"):
            raise CommandError("benefits_seed_demo refuses to run with production settings.")
        with transaction.atomic():
            added = 0
            for grant in DEMO_GRANTS:
                _, created = GrantScheme.objects.get_or_create(name=grant["name"], defaults=grant)
                added += created
            scheme = self._council_tax_scheme()
        self.stdout.write(f"Grants: {added} added. Council Tax Reduction scheme: {scheme}.")

    def _council_tax_scheme(self) -> str:
        with EXAMPLE_SCHEME.open(encoding="utf-8") as fh:
            data = json.load(fh)
        if CouncilTaxScheme.objects.filter(council_name=data["council_name"]).exists():
            return "already there"
        wa = data["working_age_scheme"]
        CouncilTaxScheme.objects.create(
            council_name=data["council_name"],
            is_default=not CouncilTaxScheme.objects.filter(is_default=True).exists(),
            illustrative=True,
            band_charges=data["band_charges"],
            kind=wa["kind"],
            max_percent=wa["max_percent"],
            band_cap=wa.get("band_cap") or "",
            capital_limit_pence=parse_pounds(wa["capital_limit"]),
            non_dep_deduction_weekly_pence=parse_pounds(wa["non_dep_deduction_weekly"]),
            minimum_award_weekly_pence=parse_pounds(wa["minimum_award_weekly"]),
            bands=wa["bands"],
            source=wa["source"],
        )
        return "added (illustrative)"
