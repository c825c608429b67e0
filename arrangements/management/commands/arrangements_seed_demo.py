"""Demo data: the demo tenant has a payment plan waiting for an officer's decision.

Called by `seed_demo`; safe to run again (an open plan is left alone).
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from arrangements import selectors, services
from arrangements.models import Arrangement, PaymentMethod
from portal.models import User

DEMO_TENANT = "tenant@example.com"
# A fixed token: running the command twice finds the same plan.
DEMO_TOKEN = uuid.UUID("00000000-0000-4000-8000-00000000a001")


class Command(BaseCommand):
    help = "Give the demo tenant a proposed payment plan awaiting a decision."

    def handle(self, *args, **options):
        user = User.objects.filter(email=DEMO_TENANT).first()
        if user is None:
            self.stdout.write("No demo tenant: run seed_demo first.")
            return
        context = selectors.plan_context_for_user(user=user)
        if context is None:
            self.stdout.write("The demo tenant has no current tenancy with rent.")
            return
        if Arrangement.objects.filter(
            tenancy=context.tenancy, status__in=Arrangement.OPEN_STATUSES
        ).exists():
            self.stdout.write("The demo tenant already has a payment plan.")
            return
        owed = context.owed(context.covered([]))
        if owed < 200:
            self.stdout.write("The demo tenant owes too little for a plan.")
            return
        today = timezone.localdate()
        # Weekly, a little towards the arrears, paid by a deduction from Universal Credit:
        # the policy sends that to an officer (who must ask the DWP).
        terms = services.Terms(
            amount_pence=max(100, min(owed // 60, owed - 100)),
            frequency="weekly",
            start_on=today + dt.timedelta(days=7),
            payment_method=PaymentMethod.UC_DEDUCTION,
        )
        with transaction.atomic():
            plan = services.arrangement_propose(
                user=user, context=context, terms=terms, form_token=DEMO_TOKEN, today=today
            )
        self.stdout.write(f"Payment plan {plan.pk} for {context.tenancy.reference}: {plan.status}")
