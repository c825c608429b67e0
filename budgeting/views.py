"""The budget's pages: start, the wizard (one section a page), check your answers, the result,
the printable statement and the CSV and JSON downloads; and the officers' read-only view.

Tenant pages read through `budgeting.selectors` with `user=`, so another tenant's tenancy or
budget is a 404. Every POST saves to the database straight away (a draft), so a budget begun
on a phone can be finished on a laptop. GET never writes.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from portal.access import officer_required
from portal.models import Tenancy
from portal.selectors import tenancies_for_user

from . import exports, selectors, services
from .categories import (
    SECTION_KEYS,
    SECTIONS,
    SECTIONS_BY_KEY,
    next_section,
    previous_section,
)
from .forms import DebtsForm, HouseholdForm, LinesForm
from .presentation import budget_result, check_rows

logger = logging.getLogger(__name__)


def _overview_context(request, tenancy: Tenancy) -> dict:
    draft = selectors.budget_draft_header_for_user(user=request.user, tenancy=tenancy)
    versions = selectors.budget_versions_for_user(user=request.user, tenancy=tenancy)
    resume = None
    if draft is not None:
        next_key = next((key for key in SECTION_KEYS if key not in draft.sections_done), None)
        resume = (
            reverse("budgeting:section", args=[tenancy.reference, next_key])
            if next_key
            else reverse("budgeting:check", args=[tenancy.reference])
        )
    return {
        "tenancy": tenancy,
        "draft": draft,
        "resume_url": resume,
        "start_url": reverse("budgeting:section", args=[tenancy.reference, SECTION_KEYS[0]]),
        "versions": [
            (budget, selectors.budget_summary(answers=selectors.answers_from_budget(budget)))
            for budget in versions
        ],
        "section_count": len(SECTIONS),
    }


@login_required
@require_GET
def start(request):
    """/budget/: the budget for the user's tenancy, or a choice of tenancies."""
    tenancies = list(tenancies_for_user(user=request.user).order_by("start_date", "pk"))
    if len(tenancies) == 1:
        return render(request, "budgeting/overview.html", _overview_context(request, tenancies[0]))
    return render(request, "budgeting/start.html", {"tenancies": tenancies})


@login_required
@require_GET
def overview(request, tenancy_reference: str):
    tenancy = selectors.budget_tenancy_get_for_user(
        user=request.user, tenancy_reference=tenancy_reference
    )
    return render(request, "budgeting/overview.html", _overview_context(request, tenancy))


def _section_form(section, data=None, answers=None):
    if section.key == "household":
        initial = HouseholdForm.initial_for(answers.household) if answers else None
        return HouseholdForm(data, initial=initial)
    if section.is_debts:
        initial = DebtsForm.initial_for(section, answers.debts) if answers else None
        return DebtsForm(data, section=section, initial=initial)
    initial = LinesForm.initial_for(section, answers.lines) if answers else None
    return LinesForm(data, section=section, initial=initial)


def _save_section(request, tenancy, section, form) -> None:
    if section.key == "household":
        services.budget_household_save(
            user=request.user, tenancy=tenancy, household=form.cleaned_data
        )
    elif section.is_debts:
        services.budget_debts_save(
            user=request.user,
            tenancy=tenancy,
            section_key=section.key,
            answers=form.cleaned_data["answers"],
        )
    else:
        services.budget_lines_save(
            user=request.user,
            tenancy=tenancy,
            section_key=section.key,
            answers=form.cleaned_data["answers"],
        )


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def section(request, tenancy_reference: str, budget_section: str):
    """One page of the wizard. Saving goes on to the next page, or back to "check your
    answers" when the tenant came from there to change something."""
    tenancy = selectors.budget_tenancy_get_for_user(
        user=request.user, tenancy_reference=tenancy_reference
    )
    current = SECTIONS_BY_KEY.get(budget_section)
    if current is None:
        raise Http404("No such section")
    changing = request.GET.get("change") == "1"
    if request.method == "POST":
        form = _section_form(current, request.POST)
        if form.is_valid():
            _save_section(request, tenancy, current, form)
            if "save_and_leave" in request.POST:
                messages.success(
                    request, gettext("Your answers are saved. You can come back at any time.")
                )
                return redirect("budgeting:overview", tenancy.reference)
            following = next_section(current.key)
            if changing or following is None:
                return redirect("budgeting:check", tenancy.reference)
            return redirect("budgeting:section", tenancy.reference, following.key)
        answers = None
    else:
        answers = selectors.budget_answers_for_user(user=request.user, tenancy=tenancy)
        form = _section_form(current, answers=answers)
    if answers is None:
        answers = selectors.budget_answers_for_user(user=request.user, tenancy=tenancy)
    sources = {
        **{key: answer.source for key, answer in answers.lines.items() if answer.source},
        **{key: answer.source for key, answer in answers.debts.items() if answer.source},
    }
    previous = previous_section(current.key)
    if changing:
        back_url = reverse("budgeting:check", args=[tenancy.reference])
    elif previous:
        back_url = reverse("budgeting:section", args=[tenancy.reference, previous.key])
    else:
        back_url = reverse("budgeting:overview", args=[tenancy.reference])
    return render(
        request,
        "budgeting/section.html",
        {
            "tenancy": tenancy,
            "section": current,
            "form": form,
            "rows": form.rows(sources) if hasattr(form, "rows") else None,
            "step": SECTION_KEYS.index(current.key) + 1,
            "step_count": len(SECTIONS),
            "back_url": back_url,
            "changing": changing,
        },
    )


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def check(request, tenancy_reference: str):
    """Check your answers, with a change link per section; POST submits the draft."""
    tenancy = selectors.budget_tenancy_get_for_user(
        user=request.user, tenancy_reference=tenancy_reference
    )
    answers = selectors.budget_answers_for_user(user=request.user, tenancy=tenancy)
    if not answers.is_saved_draft:
        return redirect("budgeting:overview", tenancy.reference)
    missing: list[str] = []
    if request.method == "POST":
        try:
            budget = services.budget_submit(user=request.user, tenancy=tenancy)
        except services.BudgetIncomplete as incomplete:
            missing = incomplete.missing
        except services.BudgetError:
            return redirect("budgeting:overview", tenancy.reference)
        else:
            messages.success(
                request, gettext("Your budget is saved. We can see it if you ask us for help.")
            )
            return redirect("budgeting:version", tenancy.reference, budget.number)
    guidelines = selectors.guidelines_in_use()
    summary = selectors.budget_summary(answers=answers, guidelines=guidelines)
    return render(
        request,
        "budgeting/check.html",
        {
            "tenancy": tenancy,
            "sections": check_rows(answers=answers, summary=summary, tenancy=tenancy),
            "summary": summary,
            "missing": [SECTIONS_BY_KEY[key] for key in missing],
        },
        status=422 if missing else 200,
    )


def _version(request, tenancy_reference: str, number: int):
    return selectors.budget_version_get_for_user(
        user=request.user, tenancy_reference=tenancy_reference, number=number
    )


@login_required
@require_GET
def version(request, tenancy_reference: str, budget_version: int):
    """The result: income, spending, surplus or shortfall, debts, notes and where to get help."""
    budget = _version(request, tenancy_reference, budget_version)
    context = budget_result(budget=budget, guidelines=selectors.guidelines_in_use())
    context["advice_threshold_pence"] = settings.BUDGET_ADVICE_PRIORITY_DEBT_PENCE
    return render(request, "budgeting/result.html", context)


@login_required
@require_GET
def version_print(request, tenancy_reference: str, budget_version: int):
    """Every line of the budget in the SFS's order, laid out for paper."""
    budget = _version(request, tenancy_reference, budget_version)
    context = budget_result(budget=budget, guidelines=selectors.guidelines_in_use())
    return render(request, "budgeting/print.html", context)


@login_required
@require_GET
def version_csv(request, tenancy_reference: str, budget_version: int):
    budget = _version(request, tenancy_reference, budget_version)
    return _csv_response(budget)


@login_required
@require_GET
def version_json(request, tenancy_reference: str, budget_version: int):
    budget = _version(request, tenancy_reference, budget_version)
    return _json_response(budget)


def _filename(budget, extension: str) -> str:
    return f"budget-{budget.tenancy.reference}-v{budget.number}.{extension}"


def _csv_response(budget):
    response = HttpResponse(
        exports.budget_csv(budget=budget, guidelines=selectors.guidelines_in_use()),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(budget, "csv")}"'
    return response


def _json_response(budget):
    response = JsonResponse(
        exports.budget_json(budget=budget, guidelines=selectors.guidelines_in_use()),
        json_dumps_params={"indent": 2, "ensure_ascii": False},
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(budget, "json")}"'
    return response


# ------------------------------------------------------------------------------------------
# Officers: the latest submitted budget on a tenancy, read-only.


def _officer_budget(tenancy_reference: str):
    tenancy = get_object_or_404(Tenancy, reference=tenancy_reference)
    return tenancy, selectors.budget_latest_for_tenancy(tenancy=tenancy)


@officer_required
@require_GET
def officer_latest(request, tenancy_reference: str):
    tenancy, budget = _officer_budget(tenancy_reference)
    context = {"tenancy": tenancy, "budget": None}
    if budget is not None:
        context = budget_result(budget=budget, guidelines=selectors.guidelines_in_use())
        context["advice_threshold_pence"] = settings.BUDGET_ADVICE_PRIORITY_DEBT_PENCE
    context["officer_view"] = True
    return render(request, "budgeting/officer.html", context)


@officer_required
@require_GET
def officer_csv(request, tenancy_reference: str):
    _, budget = _officer_budget(tenancy_reference)
    if budget is None:
        raise Http404("No budget")
    return _csv_response(budget)


@officer_required
@require_GET
def officer_json(request, tenancy_reference: str):
    _, budget = _officer_budget(tenancy_reference)
    if budget is None:
        raise Http404("No budget")
    return _json_response(budget)
