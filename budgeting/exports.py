"""A submitted budget as CSV and JSON, in the Standard Financial Statement's structure.

The format is documented in docs/interfaces.md ("Budgets (income and expenditure)"). Amounts
are pounds with exactly two decimal places, written as text ("433.33"), never as floating
point numbers. No queries: callers pass a budget with its lines and debts prefetched.
"""

from __future__ import annotations

import csv
import io

from portal.money import pence_to_pounds_text

from . import calculations
from .categories import (
    EMPLOYMENT_STATUSES,
    INCOME,
    SECTIONS,
    SPENDING,
)
from .selectors import GuidelineTable, answers_from_budget, budget_summary

FORMAT = "tenant-portal-budget/1"
SFS_VERSION = "1.1"
SFS_EMPLOYMENT = {value: sfs for value, _, sfs in EMPLOYMENT_STATUSES}
CSV_COLUMNS = [
    "sfs_group",
    "sfs_section",
    "sfs_element",
    "label",
    "value",
    "amount",
    "frequency",
    "monthly_amount",
    "amount_owed",
    "notes",
    "source",
]


def _money(pence: int) -> str:
    return pence_to_pounds_text(pence)


def _csv_safe(text: str) -> str:
    """Stop a spreadsheet reading what a tenant typed as a formula."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


class _Figures:
    """The totals of a budget, each rounded once from exact values."""

    def __init__(self, answers, guidelines: GuidelineTable | None):
        self.answers = answers
        self.summary = budget_summary(answers=answers, guidelines=guidelines)
        paid = {
            key: answer
            for key, answer in answers.lines.items()
            if not answer.not_paid and answer.amount_pence
        }
        self.paid = paid

        def total(sections) -> int:
            keys = {line.key for section in sections for line in section.lines}
            return calculations.monthly_total(
                (answer.amount_pence, answer.frequency)
                for key, answer in paid.items()
                if key in keys
            )

        self.total = total
        savings = [s for s in SECTIONS if s.key == "savings"]
        self.savings = total(savings)
        # Outgoings are spending without the savings contribution, so that
        # income - outgoings - savings is exactly the surplus shown on the pages.
        self.outgoings = self.summary.spending_monthly_pence - self.savings
        self.fixed = total([s for s in SECTIONS if s.sfs_parent == "fixed-costs"])
        self.flexible = total([s for s in SECTIONS if s.sfs_parent == "flexible-costs"])

    def line_monthly(self, key: str) -> int:
        answer = self.paid.get(key)
        return calculations.to_monthly(answer.amount_pence, answer.frequency) if answer else 0


def _household(budget) -> dict:
    data = {
        "client-address": budget.tenancy.address,
        "is-joint-application": bool(budget.has_partner),
        "dependent-children-under-16": budget.children_under_16 or 0,
        "dependent-children-16-18": budget.children_16_to_18 or 0,
        "other-dependents": budget.other_dependants or 0,
        "non-dependents": budget.non_dependants or 0,
        "total-number-in-household": budget.people_in_household,
        "vehicles": budget.vehicles or 0,
        "housing-tenure": "Tenant - social",
        "client-employment-status": (
            [SFS_EMPLOYMENT[budget.employment_status]] if budget.employment_status else []
        ),
    }
    if budget.has_partner and budget.partner_employment_status:
        data["partner-employment-status"] = [SFS_EMPLOYMENT[budget.partner_employment_status]]
    return data


def _section_json(section, answers, figures: _Figures) -> dict:
    body: dict = {}
    for line in section.lines:
        answer = answers.lines.get(line.key)
        entry = {"monthly-amount": _money(figures.line_monthly(line.key))}
        if answer is not None and answer.description:
            entry["notes"] = answer.description
        if line.sfs == "other-essential-costs":
            body[line.sfs] = [entry] if figures.line_monthly(line.key) else []
        else:
            body[line.sfs] = entry
    body[section.sfs_total] = _money(figures.summary.section_monthly_pence.get(section.key, 0))
    return body


def _debts_json(answers, kind_priority: bool) -> list[dict]:
    debts = []
    for section in SECTIONS:
        for kind in section.debts:
            answer = answers.debts.get(kind.key)
            if kind.priority != kind_priority or answer is None:
                continue
            item = {
                "creditor": kind.label,
                "amount-owed": _money(answer.balance_pence),
                "repayment-offer": _money(
                    calculations.to_monthly(answer.payment_pence, answer.frequency)
                ),
                "notes": "Current payment, not an offer",
            }
            if not kind_priority:
                item["ccj"] = False
            debts.append(item)
    return debts


def budget_json(*, budget, guidelines: GuidelineTable | None = None) -> dict:
    """The budget in the SFS data entry schema's shape (v1.1), amounts as text."""
    answers = answers_from_budget(budget)
    figures = _Figures(answers, guidelines)
    summary = figures.summary
    income = {
        section.sfs: _section_json(section, answers, figures)
        for section in SECTIONS
        if section.kind == INCOME
    }
    income["total-monthly-income"] = _money(summary.income_monthly_pence)
    fixed = {
        section.sfs: _section_json(section, answers, figures)
        for section in SECTIONS
        if section.sfs_parent == "fixed-costs"
    }
    fixed["total-fixed-costs"] = _money(figures.fixed)
    flexible = {
        section.sfs: _section_json(section, answers, figures)
        for section in SECTIONS
        if section.sfs_parent == "flexible-costs"
    }
    flexible["total-flexible-costs"] = _money(figures.flexible)
    available_priority = summary.available_for_priority_debts_pence
    return {
        "format": FORMAT,
        "sfs-version": SFS_VERSION,
        "tenancy-reference": budget.tenancy.reference,
        "budget-version": budget.number,
        "submitted-at": budget.submitted_at.isoformat() if budget.submitted_at else None,
        **_household(budget),
        "overview": {
            "total-monthly-income": _money(summary.income_monthly_pence),
            "total-monthly-outgoings": _money(figures.outgoings),
            "income-minus-outgoings": _money(summary.income_monthly_pence - figures.outgoings),
            "savings-contribution": _money(figures.savings),
            "debt-admin-fee": _money(summary.debt_admin_fee_pence),
            "total-available-for-priority-debts": _money(available_priority),
            "total-available-for-non-priority-debts": _money(
                summary.available_for_non_priority_debts_pence
            ),
        },
        "monthly-income": income,
        "monthly-outgoings": {
            "fixed-costs": fixed,
            "flexible-costs": flexible,
            "total-monthly-outgoings": _money(figures.outgoings),
        },
        "savings": {
            "savings-contribution": _money(figures.savings),
            "savings-contribution-considered": "savings" in answers.sections_done,
        },
        "debts": {
            "debt-admin-fee": {"monthly-amount": _money(summary.debt_admin_fee_pence)},
            "total-available-for-priority-debts": _money(available_priority),
            "priority-debts": _debts_json(answers, True),
            "total-priority-debts": _money(summary.priority_owed_pence),
            "total-priority-debt-offers": _money(summary.priority_payments_monthly_pence),
            "total-available-for-non-priority-debts": _money(
                summary.available_for_non_priority_debts_pence
            ),
            "non-priority-debts": _debts_json(answers, False),
            "total-non-priority-debts": _money(summary.non_priority_owed_pence),
        },
        "portal": {
            "weekly": {
                "income": _money(summary.income_weekly_pence),
                "spending": _money(summary.spending_weekly_pence),
                "surplus": _money(summary.surplus_weekly_pence),
            },
            "monthly": {
                "income": _money(summary.income_monthly_pence),
                "spending": _money(summary.spending_monthly_pence),
                "surplus": _money(summary.surplus_monthly_pence),
            },
            "lines": [
                {
                    "key": key,
                    "amount": _money(answer.amount_pence),
                    "frequency": answer.frequency,
                    "not-paid": answer.not_paid,
                    "source": answer.source,
                }
                for key, answer in answers.lines.items()
            ],
        },
    }


def budget_csv(*, budget, guidelines: GuidelineTable | None = None) -> str:
    """The budget as CSV: one row per household answer, line, total, debt and summary figure."""
    answers = answers_from_budget(budget)
    figures = _Figures(answers, guidelines)
    summary = figures.summary
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()

    for element, value in _household(budget).items():
        if isinstance(value, list):
            value = ";".join(value)
        elif isinstance(value, bool):
            value = "true" if value else "false"
        writer.writerow(
            {
                "sfs_group": "household",
                "sfs_element": element,
                "label": element.replace("-", " ").capitalize(),
                "value": _csv_safe(str(value)),
            }
        )

    for section in SECTIONS:
        if not section.is_lines:
            continue
        group = section.sfs_parent or "savings"
        for line in section.lines:
            answer = answers.lines.get(line.key)
            row = {
                "sfs_group": group,
                "sfs_section": section.sfs,
                "sfs_element": line.sfs,
                "label": line.label,
                "monthly_amount": _money(figures.line_monthly(line.key)),
            }
            if answer is not None:
                row["amount"] = "" if answer.not_paid else _money(answer.amount_pence)
                row["frequency"] = answer.frequency
                notes = "Does not pay this" if answer.not_paid and section.kind == SPENDING else ""
                notes = "Does not get this" if answer.not_paid and section.kind == INCOME else notes
                row["notes"] = _csv_safe("; ".join(filter(None, [notes, answer.description])))
                row["source"] = answer.source
            writer.writerow(row)
        if section.sfs_total in {line.sfs for line in section.lines}:
            continue  # savings: the one line is its own total
        writer.writerow(
            {
                "sfs_group": group,
                "sfs_section": section.sfs,
                "sfs_element": section.sfs_total,
                "label": f"Total: {section.title.lower()}",
                "monthly_amount": _money(summary.section_monthly_pence.get(section.key, 0)),
            }
        )

    for section in SECTIONS:
        for kind in section.debts:
            answer = answers.debts.get(kind.key)
            if answer is None:
                continue
            writer.writerow(
                {
                    "sfs_group": "debts",
                    "sfs_section": section.sfs,
                    "sfs_element": "priority-debt" if kind.priority else "non-priority-debt",
                    "label": kind.label,
                    "amount": _money(answer.payment_pence),
                    "frequency": answer.frequency,
                    "monthly_amount": _money(
                        calculations.to_monthly(answer.payment_pence, answer.frequency)
                    ),
                    "amount_owed": _money(answer.balance_pence),
                    "source": answer.source,
                }
            )

    overview = [
        ("total-monthly-income", "Total income", summary.income_monthly_pence),
        ("total-monthly-outgoings", "Total outgoings", figures.outgoings),
        ("savings-contribution", "Savings", figures.savings),
        ("debt-admin-fee", "Debt admin fee", summary.debt_admin_fee_pence),
        (
            "total-available-for-priority-debts",
            "Available for priority debts",
            summary.available_for_priority_debts_pence,
        ),
        ("total-priority-debts", "Priority debts owed", summary.priority_owed_pence),
        (
            "total-priority-debt-offers",
            "Paid to priority debts now",
            summary.priority_payments_monthly_pence,
        ),
        (
            "total-available-for-non-priority-debts",
            "Available for other debts",
            summary.available_for_non_priority_debts_pence,
        ),
        ("total-non-priority-debts", "Other debts owed", summary.non_priority_owed_pence),
    ]
    for element, label, pence in overview:
        owed = element in ("total-priority-debts", "total-non-priority-debts")
        writer.writerow(
            {
                "sfs_group": "overview",
                "sfs_element": element,
                "label": label,
                "monthly_amount": "" if owed else _money(pence),
                "amount_owed": _money(pence) if owed else "",
            }
        )
    for element, label, pence in (
        ("weekly-income", "Income each week", summary.income_weekly_pence),
        ("weekly-spending", "Spending each week", summary.spending_weekly_pence),
        ("weekly-surplus", "Left over each week (negative: short)", summary.surplus_weekly_pence),
    ):
        writer.writerow(
            {"sfs_group": "portal", "sfs_element": element, "label": label, "value": _money(pence)}
        )
    return out.getvalue()
