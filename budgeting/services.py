"""Changes to budgets. The only module that writes them.

Every change goes to the user's one draft for a tenancy, which is created on the first save
(from the latest submitted version if there is one, else from the tenancy's accounts).
A submitted version is never changed: `_draft_for_update` only ever returns a draft, locked
for the rest of the transaction, and submitting is a conditional update from draft.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone

from portal.models import Tenancy
from portal.selectors import tenancies_for_user

from . import calculations, selectors
from .categories import BENEFIT_INCOME_KEYS, LINES, SECTION_KEYS, SECTIONS_BY_KEY
from .models import Budget, BudgetDebt, BudgetLine
from .selectors import HOUSEHOLD_FIELDS, DebtAnswer, LineAnswer

logger = logging.getLogger(__name__)

# No single amount may be worth more than this a month (£100,000), nor any debt more than this.
MAX_MONTHLY_PENCE = 10_000_000
MAX_BALANCE_PENCE = 100_000_000


class BudgetError(Exception):
    """A budget change that cannot be made."""


class BudgetIncomplete(BudgetError):
    """Submitting a draft with sections not yet answered."""

    def __init__(self, missing: list[str]):
        super().__init__(f"sections not answered: {', '.join(missing)}")
        self.missing = missing


def _check_access(*, user, tenancy: Tenancy) -> None:
    if not tenancies_for_user(user=user).filter(pk=tenancy.pk).exists():
        raise Http404("No such tenancy")


def _draft_for_update(*, user, tenancy: Tenancy) -> Budget:
    """The user's draft for this tenancy, locked; created if there is none. In a transaction."""
    _check_access(user=user, tenancy=tenancy)
    draft = (
        Budget.objects.select_for_update()
        .filter(user=user, tenancy=tenancy, status=Budget.Status.DRAFT)
        .first()
    )
    if draft is not None:
        return draft
    start = selectors.budget_answers_for_user(user=user, tenancy=tenancy)
    try:
        with transaction.atomic():
            draft = Budget.objects.create(
                user=user,
                tenancy=tenancy,
                number=selectors.budget_next_number(user=user, tenancy=tenancy),
                copied_from=start.copied_from,
                sections_done=list(start.sections_done),
                **{
                    name: start.household.get(name)
                    for name in HOUSEHOLD_FIELDS
                    if name in start.household
                },
            )
            _write_lines(draft, start.lines)
            _write_debts(draft, start.debts)
    except IntegrityError:
        # Another request made the draft first (the one-draft constraint): use theirs.
        draft = Budget.objects.select_for_update().get(
            user=user, tenancy=tenancy, status=Budget.Status.DRAFT
        )
    else:
        logger.info(
            "budget draft started budget_id=%s tenancy_id=%s copied_from=%s",
            draft.pk,
            tenancy.pk,
            start.copied_from.pk if start.copied_from else None,
        )
    return draft


def _write_lines(budget: Budget, lines: Mapping[str, LineAnswer]) -> None:
    BudgetLine.objects.bulk_create(
        BudgetLine(
            budget=budget,
            key=key,
            amount_pence=answer.amount_pence,
            frequency=answer.frequency,
            not_paid=answer.not_paid,
            description=answer.description,
            source=answer.source,
        )
        for key, answer in lines.items()
    )


def _write_debts(budget: Budget, debts: Mapping[str, DebtAnswer]) -> None:
    BudgetDebt.objects.bulk_create(
        BudgetDebt(
            budget=budget,
            key=key,
            balance_pence=answer.balance_pence,
            payment_pence=answer.payment_pence,
            frequency=answer.frequency,
            source=answer.source,
        )
        for key, answer in debts.items()
    )


def _mark_done(draft: Budget, section_key: str) -> None:
    done = set(draft.sections_done or []) | {section_key}
    draft.sections_done = [key for key in SECTION_KEYS if key in done]
    draft.save(update_fields=["sections_done", "updated_at"])


def _check_line(key: str, answer: LineAnswer) -> None:
    if isinstance(answer.amount_pence, bool) or not isinstance(answer.amount_pence, int):
        raise TypeError(f"{key}: amounts are whole pence (int)")
    if answer.amount_pence < 0:
        raise ValueError(f"{key}: amounts are 0 or more")
    if calculations.to_monthly(answer.amount_pence, answer.frequency) > MAX_MONTHLY_PENCE:
        raise ValueError(f"{key}: more than £100,000 a month")


@transaction.atomic
def budget_household_save(*, user, tenancy: Tenancy, household: Mapping) -> Budget:
    """Save the household page. Only the household's own fields are read from `household`."""
    draft = _draft_for_update(user=user, tenancy=tenancy)
    for name in HOUSEHOLD_FIELDS:
        setattr(draft, name, household.get(name))
    if not draft.has_partner:
        draft.partner_employment_status = ""
    draft.employment_status = draft.employment_status or ""
    draft.partner_employment_status = draft.partner_employment_status or ""
    draft.save(update_fields=[*HOUSEHOLD_FIELDS, "updated_at"])
    _mark_done(draft, "household")
    return draft


@transaction.atomic
def budget_lines_save(
    *, user, tenancy: Tenancy, section_key: str, answers: Mapping[str, LineAnswer | None]
) -> Budget:
    """Save one page of income or spending. A line answered None is removed (left blank).

    A figure that was filled in for the tenant (from the rent account or the benefits check)
    keeps its source while it is unchanged.
    """
    section = SECTIONS_BY_KEY[section_key]
    if not section.is_lines:
        raise BudgetError(f"{section_key} is not a page of income or spending")
    draft = _draft_for_update(user=user, tenancy=tenancy)
    existing = {
        line.key: line for line in BudgetLine.objects.filter(budget=draft, key__in=section.keys)
    }
    keep: dict[str, LineAnswer] = {}
    for line in section.lines:
        answer = answers.get(line.key)
        if answer is None:
            continue
        _check_line(line.key, answer)
        old = existing.get(line.key)
        old_answer = (
            LineAnswer(
                amount_pence=old.amount_pence,
                frequency=old.frequency,
                not_paid=old.not_paid,
                description=old.description,
            )
            if old
            else None
        )
        source = old.source if old and answer.same_figures(old_answer) else ""
        keep[line.key] = LineAnswer(
            amount_pence=0 if answer.not_paid else answer.amount_pence,
            frequency=answer.frequency,
            not_paid=answer.not_paid,
            description=answer.description[:100],
            source=source,
        )
    BudgetLine.objects.filter(budget=draft, key__in=section.keys).delete()
    _write_lines(draft, keep)
    _mark_done(draft, section_key)
    return draft


@transaction.atomic
def budget_debts_save(
    *, user, tenancy: Tenancy, section_key: str, answers: Mapping[str, DebtAnswer | None]
) -> Budget:
    """Save the priority or other debts page. A debt answered None is removed."""
    section = SECTIONS_BY_KEY[section_key]
    if not section.is_debts:
        raise BudgetError(f"{section_key} is not a page of debts")
    draft = _draft_for_update(user=user, tenancy=tenancy)
    existing = {
        debt.key: debt for debt in BudgetDebt.objects.filter(budget=draft, key__in=section.keys)
    }
    keep: dict[str, DebtAnswer] = {}
    for kind in section.debts:
        answer = answers.get(kind.key)
        if answer is None:
            continue
        if answer.balance_pence < 0 or answer.payment_pence < 0:
            raise ValueError(f"{kind.key}: amounts are 0 or more")
        if answer.balance_pence > MAX_BALANCE_PENCE or (
            calculations.to_monthly(answer.payment_pence, answer.frequency) > MAX_MONTHLY_PENCE
        ):
            raise ValueError(f"{kind.key}: too large")
        old = existing.get(kind.key)
        old_answer = (
            DebtAnswer(old.balance_pence, old.payment_pence, old.frequency) if old else None
        )
        source = old.source if old and answer.same_figures(old_answer) else ""
        keep[kind.key] = DebtAnswer(
            balance_pence=answer.balance_pence,
            payment_pence=answer.payment_pence,
            frequency=answer.frequency,
            source=source,
        )
    BudgetDebt.objects.filter(budget=draft, key__in=section.keys).delete()
    _write_debts(draft, keep)
    _mark_done(draft, section_key)
    return draft


@transaction.atomic
def budget_submit(*, user, tenancy: Tenancy) -> Budget:
    """Make the user's draft a submitted, immutable version. Every section must be answered."""
    _check_access(user=user, tenancy=tenancy)
    draft = (
        Budget.objects.select_for_update()
        .filter(user=user, tenancy=tenancy, status=Budget.Status.DRAFT)
        .first()
    )
    if draft is None:
        raise BudgetError("There is no budget in progress to submit")
    missing = [key for key in SECTION_KEYS if key not in (draft.sections_done or [])]
    if missing:
        raise BudgetIncomplete(missing)
    now = timezone.now()
    # A conditional update: only a draft becomes submitted, and only once.
    changed = Budget.objects.filter(pk=draft.pk, status=Budget.Status.DRAFT).update(
        status=Budget.Status.SUBMITTED, submitted_at=now, updated_at=now
    )
    if changed != 1:
        raise BudgetError("This budget has already been submitted")
    draft.refresh_from_db()
    logger.info("budget submitted budget_id=%s tenancy_id=%s", draft.pk, tenancy.pk)
    return draft


@transaction.atomic
def budget_prefill_benefit_income(
    *, user, tenancy: Tenancy, amounts: dict[str, int], source: str
) -> Budget:
    """Fill in benefit income from the benefits check: for "add to my budget".

    `amounts` are pence a month, keyed by `categories.BENEFIT_INCOME_KEYS`. They are merged
    into the user's draft for the tenancy (a draft is started, copied from the latest version,
    if there is none), each marked as filled in from `source`. Lines not named are left as
    they are, and a submitted version is never touched. Returns the draft.
    """
    unknown = sorted(set(amounts) - set(BENEFIT_INCOME_KEYS))
    if unknown:
        raise ValueError(f"not benefit income lines: {', '.join(unknown)}")
    if not isinstance(source, str) or not source.strip() or len(source) > 50:
        raise ValueError("source must be a short name, like 'benefits_check'")
    for key, pence in amounts.items():
        _check_line(key, LineAnswer(amount_pence=pence, frequency=calculations.MONTHLY))
    draft = _draft_for_update(user=user, tenancy=tenancy)
    BudgetLine.objects.filter(budget=draft, key__in=list(amounts)).delete()
    _write_lines(
        draft,
        {
            key: LineAnswer(amount_pence=pence, frequency=calculations.MONTHLY, source=source)
            for key, pence in amounts.items()
            if key in LINES
        },
    )
    draft.save(update_fields=["updated_at"])
    logger.info(
        "budget benefit income filled in budget_id=%s lines=%s source=%s",
        draft.pk,
        ",".join(sorted(amounts)),
        source,
    )
    return draft
