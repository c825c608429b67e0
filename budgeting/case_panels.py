"""The budget's panel on the officer's case page (`/officer/cases/<reference>/`): the latest
submitted budget's totals, read-only, with a link to the whole budget. Registered from
`BudgetingConfig.ready()` through `portal.tiles.register_case_panel`."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from portal.tiles import CasePanel, register_case_panel

from .selectors import answers_from_budget, budget_latest_for_tenancy, budget_summary


def budget_case_panel_context(*, tenancy, officer) -> dict:
    """Three queries: the latest submitted budget with its lines and debts."""
    budget = budget_latest_for_tenancy(tenancy=tenancy)
    if budget is None:
        return {"budget": None, "summary": None}
    return {"budget": budget, "summary": budget_summary(answers=answers_from_budget(budget))}


def register_case_panels() -> None:
    register_case_panel(
        CasePanel(
            key="budget",
            title=_("Budget"),
            template="budgeting/case_panel.html",
            order=20,
            context=budget_case_panel_context,
        )
    )
