"""The tenant's referral pages at /get-advice/ and the officer's review page.

The answers live in the session until the tenant submits, so nothing about a referral is stored
(and nothing reaches the officer) until consent is given and the tenant presses submit. Views
parse, call one selector or service and render; they log nothing about what was typed.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from portal.access import officer_required
from portal.audit import audit_record

from . import selectors, services
from .consent import CURRENT_VERSION, HEALTH
from .forms import ConsentForm, ContactForm, NeedsForm, NoteForm, OutcomeForm, TopicsForm
from .models import Referral
from .presentation import snapshot_sections

SESSION_KEY = "referral_draft"
STEPS = ("topics", "contact", "needs", "consent")
STEP_FIELDS = {
    "topics": ("topics", "topic_details", "tenancy"),
    "contact": ("contact_method", "phone", "email", "contact_times"),
    "needs": ("interpreter", "interpreter_language", "health_needs"),
}


def _draft(request) -> dict:
    return dict(request.session.get(SESSION_KEY) or {"answers": {}, "done": []})


def _save_draft(request, draft: dict) -> None:
    request.session[SESSION_KEY] = draft


def _next_step(draft: dict) -> str | None:
    for step in STEPS:
        if step not in draft.get("done", []):
            return step
    return None


def _already_open(request, referral: Referral):
    return render(request, "referrals/already_open.html", {"referral": referral})


def _no_tenancy(request):
    return render(request, "referrals/no_tenancy.html")


@login_required
@require_http_methods(["GET"])
def start(request):
    """Start, or (with an open referral) its status and the withdraw button."""
    tenancies = selectors.referral_tenancies_for_user(user=request.user)
    open_referral = selectors.referral_open_for_user(user=request.user)
    past = [r for r in selectors.referrals_for_user(user=request.user) if not r.is_open]
    return render(
        request,
        "referrals/start.html",
        {"tenancies": tenancies, "open_referral": open_referral, "past": past[:5]},
    )


def _step_view(request, *, step: str, form_class, template: str, form_kwargs=None):
    if not selectors.referral_tenancies_for_user(user=request.user):
        return _no_tenancy(request)
    open_referral = selectors.referral_open_for_user(user=request.user)
    if open_referral is not None:
        return _already_open(request, open_referral)
    draft = _draft(request)
    form_kwargs = form_kwargs or {}
    if request.method == "POST":
        form = form_class(request.POST, **form_kwargs)
        if form.is_valid():
            for name in STEP_FIELDS[step]:
                if name in form.cleaned_data:
                    draft["answers"][name] = form.cleaned_data[name]
            draft["done"] = sorted(set(draft.get("done", [])) | {step}, key=STEPS.index)
            _save_draft(request, draft)
            following = _next_step(draft) or "check"
            if "check" in request.GET:
                following = "check"
            return redirect(f"referrals:{following}")
    else:
        initial = {k: v for k, v in draft["answers"].items() if k in STEP_FIELDS[step]}
        if step == "contact" and "email" not in initial:
            initial["email"] = request.user.email
        form = form_class(initial=initial, **form_kwargs)
    return render(
        request,
        template,
        {
            "form": form,
            "step": step,
            "position": STEPS.index(step) + 1,
            "step_count": len(STEPS) + 1,
            "back_url": _back_url(step),
        },
    )


def _back_url(step: str) -> str:
    index = STEPS.index(step)
    return reverse("referrals:start") if index == 0 else reverse(f"referrals:{STEPS[index - 1]}")


@login_required
@require_http_methods(["GET", "POST"])
def topics(request):
    tenancies = selectors.referral_tenancies_for_user(user=request.user)
    return _step_view(
        request,
        step="topics",
        form_class=TopicsForm,
        template="referrals/topics.html",
        form_kwargs={"tenancies": tenancies},
    )


@login_required
@require_http_methods(["GET", "POST"])
def contact(request):
    return _step_view(
        request, step="contact", form_class=ContactForm, template="referrals/contact.html"
    )


@login_required
@require_http_methods(["GET", "POST"])
def needs(request):
    return _step_view(request, step="needs", form_class=NeedsForm, template="referrals/needs.html")


@login_required
@require_http_methods(["GET", "POST"])
def consent(request):
    if not selectors.referral_tenancies_for_user(user=request.user):
        return _no_tenancy(request)
    open_referral = selectors.referral_open_for_user(user=request.user)
    if open_referral is not None:
        return _already_open(request, open_referral)
    draft = _draft(request)
    if request.method == "POST":
        form = ConsentForm(request.POST, version=CURRENT_VERSION)
        if form.is_valid():
            draft["consent"] = form.categories()
            draft["done"] = sorted(set(draft.get("done", [])) | {"consent"}, key=STEPS.index)
            _save_draft(request, draft)
            return redirect("referrals:check")
        # Without the first tick nothing is kept: consent given earlier in this draft is undone.
        draft.pop("consent", None)
        draft["done"] = [step for step in draft.get("done", []) if step != "consent"]
        _save_draft(request, draft)
    else:
        chosen = draft.get("consent") or []
        form = ConsentForm(initial={name: True for name in chosen}, version=CURRENT_VERSION)
    return render(
        request,
        "referrals/consent.html",
        {
            "form": form,
            "step": "consent",
            "position": 4,
            "step_count": len(STEPS) + 1,
            "back_url": reverse("referrals:needs"),
            "typed_health": bool(draft["answers"].get("health_needs")),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def check(request):
    """Check your answers: exactly what will be sent, from the same builder as the snapshot."""
    if not selectors.referral_tenancies_for_user(user=request.user):
        return _no_tenancy(request)
    open_referral = selectors.referral_open_for_user(user=request.user)
    if open_referral is not None:
        return _already_open(request, open_referral)
    draft = _draft(request)
    missing = _next_step(draft)
    if missing is not None:
        return render(
            request,
            "referrals/not_finished.html",
            {"next_url": reverse(f"referrals:{missing}")},
        )
    answers = draft["answers"]
    tenancy = selectors.referral_tenancy_get_for_user(
        user=request.user, reference=answers.get("tenancy")
    )
    categories = draft.get("consent") or []
    if request.method == "POST":
        try:
            referral = services.referral_submit(
                user=request.user, tenancy=tenancy, answers=answers, categories=categories
            )
        except services.ConsentRequired:
            draft["done"] = [step for step in draft.get("done", []) if step != "consent"]
            _save_draft(request, draft)
            return redirect("referrals:consent")
        except services.ReferralAlreadyOpen as refused:
            return _already_open(request, refused.referral)
        request.session.pop(SESSION_KEY, None)
        return redirect("referrals:status", referral_id=referral.pk)
    preview = selectors.referral_preview_for_user(
        user=request.user, tenancy=tenancy, answers=answers, categories=categories
    )
    return render(
        request,
        "referrals/check.html",
        {
            "sections": snapshot_sections(preview),
            "categories": categories,
            "health_not_shared": bool(answers.get("health_needs")) and HEALTH not in categories,
        },
    )


@login_required
@require_http_methods(["GET"])
def status(request, referral_id: int):
    referral = selectors.referral_get_for_user(user=request.user, referral_id=referral_id)
    return render(
        request,
        "referrals/status.html",
        {"referral": referral, "sections": snapshot_sections(referral.snapshot)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def withdraw(request, referral_id: int):
    referral = selectors.referral_get_for_user(user=request.user, referral_id=referral_id)
    if request.method == "POST":
        if referral.is_open:
            was_dispatched = referral.is_dispatched
            services.referral_withdraw(user=request.user, referral=referral)
            messages.success(
                request,
                _("We have told your housing officer. They will ask Citizens Advice to stop.")
                if was_dispatched
                else _("Your referral is cancelled. Nothing was sent to Citizens Advice."),
            )
        return redirect("referrals:status", referral_id=referral.pk)
    return render(request, "referrals/withdraw.html", {"referral": referral})


# ------------------------------------------------------------------------------------------
# Officers


@officer_required
@require_http_methods(["GET", "POST"])
def officer_review(request, referral_id: int):
    """Review, add a note, send; later record the outcome."""
    referral = selectors.referral_get_for_officer(referral_id=referral_id)
    note_form = NoteForm(initial={"note": referral.officer_note})
    outcome_form = OutcomeForm()
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action in ("note", "send"):
                note_form = NoteForm(request.POST)
                if note_form.is_valid():
                    services.referral_note_save(
                        referral=referral, officer=request.user, note=note_form.cleaned_data["note"]
                    )
                    if action == "send":
                        services.referral_send(referral=referral, officer=request.user)
                        messages.success(request, _("Referral queued to send to Citizens Advice."))
                    else:
                        messages.success(request, _("Note saved."))
                    return redirect("referrals:officer", referral_id=referral.pk)
            elif action == "outcome":
                outcome_form = OutcomeForm(request.POST)
                if outcome_form.is_valid():
                    services.referral_outcome_record(
                        referral=referral,
                        officer=request.user,
                        outcome=outcome_form.cleaned_data["outcome"],
                    )
                    messages.success(request, _("Outcome recorded."))
                    return redirect("referrals:officer", referral_id=referral.pk)
            else:
                return HttpResponseNotAllowed(["GET", "POST"])
        except services.TransitionRefused:
            messages.error(
                request,
                _("That cannot be done now: the referral has changed. Check its status below."),
            )
            return redirect("referrals:officer", referral_id=referral.pk)
    elif referral.consent.includes_health and referral.snapshot:
        audit_record(
            action="referral.health_viewed",
            actor=request.user,
            tenancy=referral.tenancy,
            subject=referral,
        )
    return render(
        request,
        "referrals/officer.html",
        {
            "referral": referral,
            "sections": snapshot_sections(referral.snapshot),
            "attempts": selectors.referral_attempts(referral=referral),
            "note_form": note_form,
            "outcome_form": outcome_form,
            "can_send": referral.status in (Referral.Status.SUBMITTED, Referral.Status.UNDELIVERED)
            and referral.snapshot is not None,
            "can_record_outcome": any(
                referral.can_move_to(outcome) for outcome in Referral.OUTCOMES
            ),
        },
    )
