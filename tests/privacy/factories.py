"""A tenant with one of everything the portal can hold about a person, built straight through
the ORM (fast), for the register, export and retention tests."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.utils import timezone

from benefits_checker.models import BenefitsCheck
from budgeting.models import Budget, BudgetDebt, BudgetLine
from casework.models import BreathingSpace, CaseNote, VulnerabilityFlag, WorkItem
from payments.models import Mandate, PaymentAttempt, StripeCustomer, StripeEvent
from portal.audit import audit_record
from portal.models import Account, LinkAttempt, Tenancy, User
from tests.factories import LedgerEntryFactory, UserFactory, tenant_with_account


@dataclass
class Populated:
    user: User
    account: Account
    tenancy: Tenancy
    marker: str  # a string that appears in this tenant's free text, and nowhere else


def populated_tenant(*, marker: str | None = None, officer: User | None = None) -> Populated:
    """A tenant with a row in every registered model, each carrying `marker` where the model
    has free text, so a test can tell this tenant's data from anyone else's."""
    marker = marker or f"MARK{uuid.uuid4().hex[:10]}"
    user, account = tenant_with_account()
    user.name = f"Name {marker}"
    user.save(update_fields=["name"])
    tenancy = account.tenancy
    tenancy.address_line_2 = f"Flat {marker}"
    tenancy.save(update_fields=["address_line_2"])
    officer = officer or UserFactory()
    EmailAddress.objects.filter(user=user).update(verified=True)

    LedgerEntryFactory(account=account, amount_pence=9500, description=f"Rent {marker}")
    LedgerEntryFactory(account=account, amount_pence=-9500, kind="payment", description="Paid")
    LinkAttempt.objects.create(user=user, succeeded=True)
    audit_record(action="test.event", actor=user, tenancy=tenancy, detail={"marker": marker})

    budget = Budget.objects.create(
        tenancy=tenancy, user=user, number=1, has_partner=False, employment_status="part_time"
    )
    BudgetLine.objects.create(
        budget=budget, key="other_utilities", amount_pence=1234, description=f"Wood {marker}"
    )
    BudgetDebt.objects.create(budget=budget, key="loans", balance_pence=50000, payment_pence=1000)

    BenefitsCheck.objects.create(
        user=user,
        tenancy=tenancy,
        answers={"people": {"me": {"name": f"Me {marker}"}}, "health": {"me": "lcwra"}},
        results={"total": 1000},
        rates_version="2026-27",
        estimated_on=dt.date(2026, 11, 1),
        involves_health_data=True,
    )

    attempt = PaymentAttempt.objects.create(
        account=account,
        user=user,
        amount_pence=5000,
        payment_intent_id=f"pi_{marker}",
        checkout_session_id=f"cs_{marker}",
        status=PaymentAttempt.Status.SUCCEEDED,
    )
    StripeCustomer.objects.create(account=account, customer_id=f"cus_{marker}")
    Mandate.objects.create(
        account=account,
        user=user,
        customer_id=f"cus_{marker}",
        mandate_id=f"mandate_{marker}",
        bank_last4="2345",
        status=Mandate.Status.ACTIVE,
    )
    StripeEvent.objects.create(
        event_id=f"evt_{marker}",
        type="payment_intent.succeeded",
        object_id=attempt.payment_intent_id,
        stripe_created_at=timezone.now(),
        payload=json.dumps({"id": f"evt_{marker}", "data": {"object": {"id": f"pi_{marker}"}}}),
        status=StripeEvent.Status.PROCESSED,
        received_at=timezone.now(),
    )

    now = timezone.now()
    WorkItem.objects.create(
        kind=WorkItem.Kind.PLAN_DECISION,
        tenancy=tenancy,
        subject_type="tests.subject",
        subject_id=marker,
        summary=f"Plan {marker}",
        created_at=now,
        due_at=now + dt.timedelta(days=2),
    )
    CaseNote.objects.create(tenancy=tenancy, author=officer, text=f"Note {marker}")
    BreathingSpace.objects.create(
        tenancy=tenancy,
        kind=BreathingSpace.Kind.STANDARD,
        reference=f"BS{marker}"[:40],
        starts_on=dt.date(2026, 10, 1),
        ends_on=dt.date(2026, 11, 30),
        recorded_by=officer,
    )
    VulnerabilityFlag.objects.create(
        tenancy=tenancy, category=VulnerabilityFlag.Category.HEALTH, recorded_by=officer
    )
    return Populated(user=user, account=account, tenancy=tenancy, marker=marker)
