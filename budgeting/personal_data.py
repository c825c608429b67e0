"""Budgets' personal data: each income and expenditure version with its lines and debts. What
a tenant gets in their subject access export, and how long it is kept (docs/privacy.md).
Registered from `BudgetingConfig.ready()`."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.db import transaction
from django.db.models import Prefetch, ProtectedError, RestrictedError
from django.utils.translation import gettext_lazy as _

from portal.privacy import PersonalData, cutoff, register_personal_data

from .categories import DEBT_KINDS, FREQUENCY_LABELS, LINES
from .models import Budget, BudgetDebt, BudgetLine

logger = logging.getLogger(__name__)


def budgets_export(*, user) -> list[dict]:
    """The user's own budgets (never a joint tenant's), every version, oldest first."""
    budgets = (
        Budget.objects.filter(user=user)
        .select_related("tenancy")
        .prefetch_related(
            Prefetch("lines", queryset=BudgetLine.objects.order_by("id")),
            Prefetch("debts", queryset=BudgetDebt.objects.order_by("id")),
        )
        .order_by("tenancy__reference", "number")
    )
    return [
        {
            "tenancy_reference": budget.tenancy.reference,
            "version": budget.number,
            "status": budget.get_status_display(),
            "started": budget.created_at,
            "last_changed": budget.updated_at,
            "sent_to_us": budget.submitted_at,
            "has_partner": budget.has_partner,
            "children_under_16": budget.children_under_16,
            "children_16_to_18": budget.children_16_to_18,
            "other_dependants": budget.other_dependants,
            "non_dependants": budget.non_dependants,
            "vehicles": budget.vehicles,
            "employment": budget.get_employment_status_display(),
            "partner_employment": budget.get_partner_employment_status_display(),
            "income_and_spending": [
                {
                    "item": LINES[line.key].label if line.key in LINES else line.key,
                    "description": line.description,
                    "amount_pence": line.amount_pence,
                    "how_often": FREQUENCY_LABELS.get(line.frequency, line.frequency),
                    "do_not_pay_this": line.not_paid,
                }
                for line in budget.lines.all()
            ],
            "debts": [
                {
                    "debt": DEBT_KINDS[debt.key].label if debt.key in DEBT_KINDS else debt.key,
                    "owed_pence": debt.balance_pence,
                    "paying_pence": debt.payment_pence,
                    "how_often": FREQUENCY_LABELS.get(debt.frequency, debt.frequency),
                }
                for debt in budget.debts.all()
            ],
        }
        for budget in budgets
    ]


def budgets_retain(*, today: dt.date) -> int:
    """Delete budget versions not changed for the retention period, with their lines and debts.

    A version another record still points at (PROTECT or RESTRICT, such as a payment plan
    decided on it) is kept as long as that record is: it goes on a later run, once the record
    has gone. Returns the number of budgets deleted; a second run for the same day deletes none.
    """
    days = settings.PRIVACY_RETENTION_DAYS_BUDGET
    deleted = 0
    old = Budget.objects.filter(updated_at__lt=cutoff(today=today, days=days))
    for budget_id in old.values_list("pk", flat=True).order_by("pk"):
        try:
            with transaction.atomic():
                _, counts = Budget.objects.filter(pk=budget_id).delete()
        except (ProtectedError, RestrictedError):
            logger.info("budget kept past retention: still referenced budget=%s", budget_id)
            continue
        deleted += counts.get(Budget._meta.label, 0)
    return deleted


def register() -> None:
    register_personal_data(
        PersonalData(
            model="budgeting.Budget",
            includes=("budgeting.BudgetLine", "budgeting.BudgetDebt"),
            title=_("Your budgets (income and spending)"),
            export=budgets_export,
            retention_days=settings.PRIVACY_RETENTION_DAYS_BUDGET,
            retain=budgets_retain,
        )
    )
