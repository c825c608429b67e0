"""Turning a budget's answers into what the pages show. No queries: callers pass what they read.

Words from `categories` are translated here, in the reader's language (an officer reading in
English sees English); the SFS exports use the English names instead (`exports`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext

from portal.money import format_pence

from . import calculations
from .categories import (
    EMPLOYMENT_STATUSES,
    FREQUENCY_SHORT,
    GUIDELINE_CATEGORIES,
    HOUSEHOLD,
    INCOME,
    SECTIONS,
    SPENDING,
    Section,
)
from .selectors import (
    SOURCE_TENANCY,
    BudgetAnswers,
    GuidelineTable,
    answers_from_budget,
    budget_summary,
)

EMPLOYMENT_LABELS = {value: label for value, label, _ in EMPLOYMENT_STATUSES}
CATEGORY_LABELS = dict(GUIDELINE_CATEGORIES)


def amount_with_frequency(pence: int, frequency: str) -> str:
    """The amount, then how often: "£112.50 a week" ("£112.50 yr wythnos" in Welsh)."""
    return f"{format_pence(pence)} {gettext(FREQUENCY_SHORT[frequency])}"


def source_words(source: str) -> str:
    if source == SOURCE_TENANCY:
        return gettext("from your rent account")
    if "benefit" in source:
        return gettext("from your benefits check")
    return gettext("for you")


@dataclass
class Row:
    label: str
    entered: str  # as the person gave it: "£112.50 a week", or "You do not pay this"
    monthly_pence: int | None = None
    description: str = ""
    source: str = ""


@dataclass
class SectionBlock:
    section: Section
    rows: list[Row] = field(default_factory=list)
    total_monthly_pence: int = 0


@dataclass
class DebtRow:
    label: str
    balance_pence: int
    payment: str
    payment_monthly_pence: int


def _line_blocks(answers: BudgetAnswers, summary: calculations.Summary) -> list[SectionBlock]:
    blocks = []
    for section in SECTIONS:
        if not section.is_lines:
            continue
        block = SectionBlock(
            section=section, total_monthly_pence=summary.section_monthly_pence.get(section.key, 0)
        )
        for line in section.lines:
            answer = answers.lines.get(line.key)
            if answer is None:
                continue
            if answer.not_paid or answer.amount_pence == 0:
                none = (
                    gettext("You do not get this")
                    if section.kind == INCOME
                    else gettext("You do not pay this")
                )
                block.rows.append(Row(gettext(line.label), none, None, answer.description))
                continue
            block.rows.append(
                Row(
                    label=gettext(line.label),
                    entered=amount_with_frequency(answer.amount_pence, answer.frequency),
                    monthly_pence=calculations.to_monthly(answer.amount_pence, answer.frequency),
                    description=answer.description,
                    source=answer.source,
                )
            )
        blocks.append(block)
    return blocks


def _debt_rows(answers: BudgetAnswers, *, priority: bool) -> list[DebtRow]:
    rows = []
    for section in SECTIONS:
        for kind in section.debts:
            answer = answers.debts.get(kind.key)
            if kind.priority != priority or answer is None:
                continue
            rows.append(
                DebtRow(
                    label=gettext(kind.label),
                    balance_pence=answer.balance_pence,
                    payment=(
                        amount_with_frequency(answer.payment_pence, answer.frequency)
                        if answer.payment_pence
                        else gettext("Nothing at the moment")
                    ),
                    payment_monthly_pence=calculations.to_monthly(
                        answer.payment_pence, answer.frequency
                    ),
                )
            )
    return rows


def household_rows(answers: BudgetAnswers) -> list[tuple[str, str]]:
    household = answers.household
    if household.get("has_partner") is None:
        return []

    def count(name):
        value = household.get(name)
        return gettext("Not answered") if value is None else str(value)

    def situation(name):
        return gettext(EMPLOYMENT_LABELS.get(household.get(name), ""))

    rows = [
        (
            gettext("Live with a partner"),
            gettext("Yes") if household.get("has_partner") else gettext("No"),
        ),
        (gettext("Children under 16"), count("children_under_16")),
        (gettext("Young people aged 16 to 18"), count("children_16_to_18")),
        (gettext("Other people who depend on you"), count("other_dependants")),
        (gettext("Other adults who live with you"), count("non_dependants")),
        (gettext("Cars, vans or motorbikes"), count("vehicles")),
        (gettext("Your work situation"), situation("employment_status")),
    ]
    if household.get("has_partner"):
        partner = situation("partner_employment_status")
        rows.append((gettext("Your partner's work situation"), partner))
    return rows


def budget_result(*, budget, guidelines: GuidelineTable) -> dict:
    """Everything the result, print and officer pages show for a submitted version."""
    answers = answers_from_budget(budget)
    summary = budget_summary(answers=answers, guidelines=guidelines)
    blocks = _line_blocks(answers, summary)
    priority = _debt_rows(answers, priority=True)
    other = _debt_rows(answers, priority=False)
    threshold = settings.BUDGET_ADVICE_PRIORITY_DEBT_PENCE
    return {
        "budget": budget,
        "tenancy": budget.tenancy,
        "answers": answers,
        "summary": summary,
        "household_rows": household_rows(answers),
        "income_blocks": [b for b in blocks if b.section.kind == INCOME],
        "spending_blocks": [b for b in blocks if b.section.kind == SPENDING],
        "priority_debts": priority,
        "other_debts": other,
        "guideline_notes": [
            {
                "label": gettext(CATEGORY_LABELS[note.category]),
                "spent_pence": note.spent_monthly_pence,
                "guideline_pence": note.guideline_monthly_pence,
                "over_pence": note.over_by_pence,
            }
            for note in summary.guideline_notes
        ],
        "guidelines": guidelines,
        "needs_advice": (
            summary.is_shortfall
            or summary.available_for_non_priority_debts_pence < 0
            or summary.priority_owed_pence >= threshold
        ),
        "large_priority_debts": summary.priority_owed_pence >= threshold,
    }


def check_rows(*, answers: BudgetAnswers, summary: calculations.Summary, tenancy) -> list[dict]:
    """One card per section for "check your answers", with its change link."""
    blocks = {block.section.key: block for block in _line_blocks(answers, summary)}
    cards = []
    for section in SECTIONS:
        change_url = (
            reverse("budgeting:section", args=[tenancy.reference, section.key]) + "?change=1"
        )
        rows: list[tuple[str, str]] = []
        if section.kind == HOUSEHOLD:
            rows = household_rows(answers)
        elif section.is_lines:
            rows = [(row.label, row.entered) for row in blocks[section.key].rows]
        else:
            for kind in section.debts:
                answer = answers.debts.get(kind.key)
                if answer is None:
                    continue
                owed = format_pence(answer.balance_pence)
                if answer.payment_pence:
                    words = gettext("%(owed)s owed, paying %(payment)s") % {
                        "owed": owed,
                        "payment": amount_with_frequency(answer.payment_pence, answer.frequency),
                    }
                else:
                    words = gettext("%(owed)s owed, paying nothing at the moment") % {"owed": owed}
                rows.append((gettext(kind.label), words))
        cards.append(
            {
                "section": section,
                "done": section.key in answers.sections_done,
                "rows": rows,
                "change_url": change_url,
                "total_pence": (
                    summary.section_monthly_pence.get(section.key, 0) if section.is_lines else None
                ),
            }
        )
    return cards
