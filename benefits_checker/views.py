"""The tenant's benefits check at /benefits/: a start page, one page per topic, "Check your
answers", and the result. Views parse, call one service or selector, and render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods

from . import selectors, services
from .answers import children_of, other_adults_of, partner_of, relationship
from .engine.rates import rates_for
from .flow import (
    SESSION_KEY,
    STEPS_BY_SLUG,
    applicable_steps,
    defaults_for,
    missing_steps,
    next_step,
    previous_step,
)
from .forms import CURRENT_BENEFITS, DISABILITY_CHOICES, LCWRA_CHOICES, PERIODS
from .presentation import budget_lines_for_reader, check_answers_rows, result_context


def _state(request, *, reference: str | None = None, fresh: bool = False):
    """The check in progress (in the session), its tenancy and the people on it."""
    today = timezone.localdate()
    state = request.session.get(SESSION_KEY)
    if state and not fresh and (reference is None or state.get("tenancy") == reference):
        try:
            tenancy = selectors.tenancy_get_for_check(user=request.user, reference=state["tenancy"])
        except Http404:
            state = None
        else:
            people = selectors.tenancy_people(user=request.user, tenancy=tenancy, on=today)
            return state, tenancy, people
    tenancy = selectors.tenancy_get_for_check(user=request.user, reference=reference)
    people = selectors.tenancy_people(user=request.user, tenancy=tenancy, on=today)
    state = {"tenancy": tenancy.reference, "answers": defaults_for(people), "done": []}
    request.session[SESSION_KEY] = state
    return state, tenancy, people


def _error_list(sections) -> list[tuple[str, str]]:
    """(field id, message) for the error summary, in page order."""
    errors = []
    for section in sections:
        form = section.form
        fields = list(form.visible_fields())
        for message in form.non_field_errors():
            errors.append((fields[0].auto_id if fields else "", message))
        for field in fields:
            for message in field.errors:
                errors.append((field.auto_id, message))
    return errors


@login_required
@require_GET
def start(request):
    tenancies = selectors.check_tenancies_for_user(user=request.user)
    if not tenancies:
        return redirect("portal:link")
    return render(
        request,
        "benefits_checker/start.html",
        {
            "tenancies": tenancies,
            "latest": selectors.latest_check_for_user(user=request.user),
            "in_progress": request.session.get(SESSION_KEY),
            "rates_version": rates_for(timezone.localdate()).version,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def step(request, step: str):
    flow_step = STEPS_BY_SLUG.get(step)
    if flow_step is None:
        raise Http404("No such question")
    if not selectors.check_tenancies_for_user(user=request.user):
        return redirect("portal:link")
    state, tenancy, people = _state(
        request, reference=request.GET.get("tenancy"), fresh="new" in request.GET
    )
    answers = state["answers"]
    changing = "change" in request.GET
    if not flow_step.applies(answers, people):
        following = next_step(step, answers, people)
        return redirect(_step_url(following) if following else "benefits_checker:check_answers")
    data = request.POST if request.method == "POST" else None
    sections = flow_step.sections(data, answers, people, tenancy)
    if data is not None:
        valid = all(section.form.is_valid() for section in sections)
        if valid:
            for message in flow_step.page_errors(sections, people):
                sections[0].form.add_error(None, message)
                valid = False
        if valid:
            flow_step.save(sections, answers, people)
            if flow_step.slug not in state["done"]:
                state["done"].append(flow_step.slug)
            request.session[SESSION_KEY] = state
            request.session.modified = True
            missing = missing_steps(answers, people, state["done"])
            if changing and not missing:
                return redirect("benefits_checker:check_answers")
            following = missing[0] if changing else next_step(step, answers, people)
            if following is None:
                return redirect("benefits_checker:check_answers")
            return redirect(_step_url(following) + ("?change=1" if changing else ""))
    previous = previous_step(step, answers, people)
    steps = applicable_steps(answers, people)
    return render(
        request,
        "benefits_checker/step.html",
        {
            "step": flow_step,
            "sections": sections,
            "errors": _error_list(sections) if data is not None else [],
            "back_url": (
                reverse("benefits_checker:check_answers")
                if changing
                else _step_url(previous)
                if previous
                else reverse("benefits_checker:start")
            ),
            "position": [s.slug for s in steps].index(step) + 1,
            "step_count": len(steps),
            "tenancy": tenancy,
            "changing": changing,
            "people": people,
            "only_you": len(people) == 1,
        },
    )


def _step_url(flow_step) -> str:
    return reverse("benefits_checker:step", args=[flow_step.slug])


@login_required
@require_http_methods(["GET", "POST"])
def check_answers(request):
    if not selectors.check_tenancies_for_user(user=request.user):
        return redirect("portal:link")
    state, tenancy, people = _state(request)
    answers = state["answers"]
    missing = missing_steps(answers, people, state["done"])
    if missing:
        # Not finished: say which parts are left rather than guess.
        return render(
            request,
            "benefits_checker/not_finished.html",
            {"missing": missing, "first_url": _step_url(missing[0])},
            status=200 if request.method == "GET" else 409,
        )
    if request.method == "POST":
        check = services.benefits_check_create(user=request.user, tenancy=tenancy, answers=answers)
        request.session.pop(SESSION_KEY, None)
        return redirect("benefits_checker:result", check_id=check.pk)
    return render(
        request,
        "benefits_checker/check_answers.html",
        {
            "tenancy": tenancy,
            "groups": check_answers_rows(
                answers,
                people,
                steps=applicable_steps(answers, people),
                partner=partner_of(answers, people),
                children=children_of(answers, people),
                other_adults=other_adults_of(answers, people),
                relationship=lambda person: relationship(answers, person),
                choices={
                    "lcwra": dict(LCWRA_CHOICES),
                    "disability": dict(DISABILITY_CHOICES),
                    "period": dict(PERIODS),
                    "current": CURRENT_BENEFITS,
                },
            ),
        },
    )


@login_required
@require_GET
def result(request, check_id: int):
    check = selectors.check_get_for_user(user=request.user, check_id=check_id)
    context = result_context(check)
    context["can_add_to_budget"] = services.budget_service() is not None and bool(
        services.budget_amounts(check)
    )
    try:
        context["budget_url"] = reverse(
            "budgeting:overview", kwargs={"tenancy_reference": check.tenancy.reference}
        )
    except NoReverseMatch:  # pragma: no cover - budgeting always mounts it
        context["budget_url"] = None
    return render(request, "benefits_checker/result.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def share(request, check_id: int):
    check = selectors.check_get_for_user(user=request.user, check_id=check_id)
    if request.method == "GET":
        return render(request, "benefits_checker/share.html", {"check": check})
    share_it = request.POST.get("share") == "yes"
    services.benefits_check_share(check=check, share=share_it)
    messages.success(
        request,
        gettext("Your housing officer can now see this check.")
        if share_it
        else gettext("Your housing officer can no longer see this check."),
    )
    return redirect("benefits_checker:result", check_id=check.pk)


@login_required
@require_http_methods(["GET", "POST"])
def add_to_budget(request, check_id: int):
    check = selectors.check_get_for_user(user=request.user, check_id=check_id)
    if request.method == "GET":
        return render(
            request,
            "benefits_checker/add_to_budget.html",
            {
                "check": check,
                "amounts": budget_lines_for_reader(check),
                "available": services.budget_service() is not None,
            },
        )
    if not services.benefits_check_add_to_budget(user=request.user, check=check):
        messages.info(request, gettext("Your budget is not available yet. Try again later."))
        return redirect("benefits_checker:result", check_id=check.pk)
    messages.success(
        request, gettext("We have added these amounts to your budget. Check them there.")
    )
    return redirect("budgeting:overview", tenancy_reference=check.tenancy.reference)
