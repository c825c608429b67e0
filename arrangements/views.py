"""Payment plan pages: the tenant's proposal and status pages, and the officer's decision
screen. Views parse, call one service and render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from payments.models import Mandate
from portal.access import officer_required

from . import presentation, selectors, services
from . import schedule as sched
from .forms import CancelForm, CounterForm, ProposalForm, RejectForm, new_token
from .models import Arrangement, Frequency, PaymentMethod

Status = Arrangement.Status


def _see_other(url: str) -> HttpResponseRedirect:
    response = HttpResponseRedirect(url)
    response.status_code = 303
    return response


def _detail_url(arrangement: Arrangement) -> str:
    return reverse("arrangements:detail", args=[arrangement.pk])


def _already_decided(request, status: str) -> None:
    label = Status(status).label if status in Status.values else status
    messages.error(
        request,
        _("This plan has already been decided by someone else. It is now: %(status)s.")
        % {"status": label},
    )


# --- Tenant pages -----------------------------------------------------------------------------


def _form_page(request, context, *, form, preview=None, existing=None, status=200):
    today = timezone.localdate()
    earliest, latest = services.start_date_limits(today)
    tenancy = context.tenancy
    available = selectors.budget_available_monthly(tenancy=tenancy, user=request.user)
    limits = selectors.policy_limits()
    owed = context.owed(context.covered([a.account.reference for a in context.others_owed]))
    suggestions = [
        (value, label, _suggestion(owed, value, available, limits))
        for value, label in ((sched.WEEKLY, _("a week")), (sched.MONTHLY, _("a month")))
    ]
    mandate = selectors.rent_mandate(tenancy=tenancy)
    return render(
        request,
        "arrangements/propose.html",
        {
            "context": context,
            "form": form,
            "preview": preview,
            "preview_reasons": presentation.preview_reasons(preview.outcome) if preview else [],
            "frequency_label": Frequency(preview.terms.frequency).label if preview else "",
            "method_label": PaymentMethod(preview.terms.payment_method).label if preview else "",
            "existing": existing,
            "rent_owed": context.rent.balance_pence if context.rent else 0,
            "owed": owed,
            "weekly_charge": context.weekly_charge([context.rent] if context.rent else []),
            "budget_available": available,
            "suggestions": suggestions,
            "latest_start": latest,
            "earliest_start": earliest,
            "mandate": mandate,
            "mandate_active": mandate is not None and mandate.status == Mandate.Status.ACTIVE,
            "breathing_space": selectors.breathing_space_active(tenancy=tenancy),
            "past": [
                a for a in selectors.arrangements_for_user(user=request.user) if not a.is_open
            ],
        },
        status=status,
    )


def _suggestion(owed, frequency, available, limits):
    from .policy import suggest

    return suggest(
        arrears_pence=owed,
        frequency=frequency,
        budget_available_monthly_pence=available,
        limits=limits,
    )


@login_required
@require_GET
def start(request):
    """/payment-plan/: the open plan's status, or what is owed and the form to propose one."""
    context = selectors.plan_context_for_user(user=request.user)
    if context is None:
        return render(request, "arrangements/no_tenancy.html")
    plan = selectors.arrangement_open_for_tenancy(tenancy=context.tenancy)
    if plan is not None:
        return _status_page(request, plan)
    return _form_page(
        request,
        context,
        form=ProposalForm(
            initial={"form_token": new_token(), "frequency": sched.WEEKLY, "covers_charge": "yes"},
            other_accounts=context.others_owed,
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def propose(request):
    """The form (GET), its preview (POST action=preview), back to change it (action=change)
    and sending it (action=submit). Nothing typed is lost on any error."""
    context = selectors.plan_context_for_user(user=request.user)
    if context is None:
        return render(request, "arrangements/no_tenancy.html")
    existing = selectors.arrangement_open_for_tenancy(tenancy=context.tenancy)
    if request.method == "GET" or existing is not None:
        form = ProposalForm(
            initial={"form_token": new_token(), "frequency": sched.WEEKLY, "covers_charge": "yes"},
            other_accounts=context.others_owed,
        )
        if existing is not None and request.method == "POST":
            form = ProposalForm(request.POST, other_accounts=context.others_owed)
            form.is_valid()
            form.add_error(
                None, _("You already have a payment plan. You can only have one at a time")
            )
            return _form_page(request, context, form=form, existing=existing, status=409)
        return _form_page(request, context, form=form, existing=existing)

    action = request.POST.get("action", "preview")
    form = ProposalForm(request.POST, other_accounts=context.others_owed)
    if action == "change":
        initial = request.POST.dict()
        initial["other_accounts"] = request.POST.getlist("other_accounts")
        return _form_page(
            request, context, form=ProposalForm(initial=initial, other_accounts=context.others_owed)
        )
    if not form.is_valid():
        return _form_page(request, context, form=form)
    terms = form.terms()
    try:
        preview = services.terms_check(
            terms=terms, context=context, today=timezone.localdate(), user=request.user
        )
    except services.PlanError as exc:
        form.add_error(ProposalForm.FIELD_FOR.get(exc.field), exc.message)
        return _form_page(request, context, form=form)
    if action != "submit":
        return _form_page(request, context, form=form, preview=preview)
    try:
        arrangement = services.arrangement_propose(
            user=request.user,
            context=context,
            terms=terms,
            form_token=form.cleaned_data["form_token"],
        )
    except services.PlanError as exc:
        form.add_error(ProposalForm.FIELD_FOR.get(exc.field), exc.message)
        return _form_page(
            request, context, form=form, status=409 if isinstance(exc, services.PlanExists) else 200
        )
    if arrangement.status == Status.LIVE:
        messages.success(request, _("Your payment plan is agreed."))
    else:
        messages.success(request, _("We have your payment plan. An officer will look at it."))
    return _see_other(_detail_url(arrangement))


def _status_page(request, arrangement: Arrangement):
    today = timezone.localdate()
    progress = (
        selectors.plan_progress(arrangement=arrangement, on=today)
        if arrangement.is_running
        else None
    )
    mandate = selectors.rent_mandate(tenancy=arrangement.tenancy)
    return render(
        request,
        "arrangements/status.html",
        {
            "plan": arrangement,
            "schedule": arrangement.schedule(),
            "progress": progress,
            "next_payment_pence": (
                progress.next_instalment.amount_pence
                + (arrangement.charge_pence if arrangement.covers_charge else 0)
                if progress and progress.next_instalment
                else 0
            ),
            "grace_days": selectors.grace_days(),
            "reasons": presentation.tenant_reasons(arrangement),
            "offer": next(iter(arrangement.counter_offers.all()), None),
            "decisions": list(arrangement.decisions.all()),
            "breathing_space": selectors.breathing_space_for(arrangement=arrangement, on=today),
            "mandate": mandate,
            "mandate_active": mandate is not None and mandate.status == Mandate.Status.ACTIVE,
        },
    )


@login_required
@require_GET
def detail(request, plan_id: int):
    return _status_page(
        request, selectors.arrangement_get_for_user(user=request.user, arrangement_id=plan_id)
    )


@login_required
@require_http_methods(["GET", "POST"])
def withdraw(request, plan_id: int):
    """Take back a plan waiting for a decision ("Are you sure?" first)."""
    arrangement = selectors.arrangement_get_for_user(user=request.user, arrangement_id=plan_id)
    if request.method == "POST":
        try:
            services.arrangement_withdraw(arrangement=arrangement, user=request.user)
        except services.AlreadyDecided as exc:
            _already_decided(request, exc.status)
        else:
            messages.success(request, _("You have withdrawn your payment plan."))
        return _see_other(_detail_url(arrangement))
    return render(request, "arrangements/withdraw.html", {"plan": arrangement})


@login_required
@require_http_methods(["GET", "POST"])
def respond(request, plan_id: int):
    """Accept or decline an officer's counter-offer."""
    arrangement = selectors.arrangement_get_for_user(user=request.user, arrangement_id=plan_id)
    offer = next(iter(arrangement.counter_offers.all()), None)
    error = None
    if request.method == "POST":
        answer = request.POST.get("answer")
        if answer not in ("accept", "decline"):
            error = _("Choose whether you accept the plan we offered")
        else:
            try:
                if answer == "accept":
                    services.arrangement_accept(arrangement=arrangement, user=request.user)
                    messages.success(request, _("Your payment plan is agreed."))
                else:
                    services.arrangement_decline(arrangement=arrangement, user=request.user)
                    messages.success(request, _("You have said no to the plan we offered."))
            except services.AlreadyDecided as exc:
                _already_decided(request, exc.status)
            return _see_other(_detail_url(arrangement))
    offer_schedule = None
    if offer is not None:
        offer_schedule = sched.build(
            arrears_pence=arrangement.arrears_pence,
            amount_pence=offer.amount_pence,
            frequency=offer.frequency,
            start_on=max(arrangement.start_on, timezone.localdate()),
            lump_sum_pence=arrangement.lump_sum_pence,
        )
    return render(
        request,
        "arrangements/respond.html",
        {"plan": arrangement, "offer": offer, "offer_schedule": offer_schedule, "error": error},
        status=400 if error else 200,
    )


# --- Officer pages ----------------------------------------------------------------------------


@officer_required
@require_http_methods(["GET", "POST"])
def officer_decide(request, plan_id: int):
    """The decision screen: approve, reject (a reason), counter-offer, or cancel a running
    plan. If someone else decided first, the officer is told and sees the plan as it is."""
    arrangement = selectors.arrangement_get_for_officer(arrangement_id=plan_id)
    reject_form = RejectForm(prefix="reject")
    counter_form = CounterForm(prefix="counter")
    cancel_form = CancelForm(prefix="cancel")
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "approve":
                services.arrangement_approve(arrangement=arrangement, officer=request.user)
                messages.success(request, _("Plan agreed. The tenant will get an email."))
                return _see_other(request.path)
            if action == "reject":
                reject_form = RejectForm(request.POST, prefix="reject")
                if reject_form.is_valid():
                    services.arrangement_reject(
                        arrangement=arrangement,
                        officer=request.user,
                        reason=reject_form.cleaned_data["reason"],
                        text=reject_form.cleaned_data["text"],
                    )
                    messages.success(request, _("Plan not agreed. The tenant will get an email."))
                    return _see_other(request.path)
            elif action == "counter":
                counter_form = CounterForm(request.POST, prefix="counter")
                if counter_form.is_valid():
                    try:
                        services.arrangement_counter(
                            arrangement=arrangement,
                            officer=request.user,
                            amount_pence=counter_form.cleaned_data["amount"],
                            frequency=counter_form.cleaned_data["frequency"],
                            text=counter_form.cleaned_data["text"],
                        )
                    except services.PlanError as exc:
                        counter_form.add_error(exc.field, exc.message)
                    else:
                        messages.success(request, _("Offer sent. The tenant will get an email."))
                        return _see_other(request.path)
            elif action == "cancel":
                cancel_form = CancelForm(request.POST, prefix="cancel")
                if cancel_form.is_valid():
                    services.arrangement_cancel(
                        arrangement=arrangement,
                        officer=request.user,
                        reason=cancel_form.cleaned_data["reason"],
                        text=cancel_form.cleaned_data["text"],
                    )
                    messages.success(request, _("Plan cancelled. The tenant will get an email."))
                    return _see_other(request.path)
            else:
                messages.error(request, _("Choose what to do with this plan."))
                return _see_other(request.path)
        except services.AlreadyDecided as exc:
            _already_decided(request, exc.status)
            return _see_other(request.path)
        status = 400
    today = timezone.localdate()
    progress = (
        selectors.plan_progress(arrangement=arrangement, on=today)
        if arrangement.is_running
        else None
    )
    return render(
        request,
        "arrangements/officer_decide.html",
        {
            "plan": arrangement,
            "schedule": arrangement.schedule(),
            "progress": progress,
            "reasons": presentation.officer_reasons(arrangement),
            "budget_available": selectors.budget_available_monthly(tenancy=arrangement.tenancy),
            "breathing_space": selectors.breathing_space_for(arrangement=arrangement, on=today),
            "reject_form": reject_form,
            "counter_form": counter_form,
            "cancel_form": cancel_form,
            "offer": next(iter(arrangement.counter_offers.all()), None),
        },
        status=status,
    )
