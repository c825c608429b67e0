"""The payment pages and the Stripe webhook. Views parse, call one service and render."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseBadRequest, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from portal.money import pence_to_pounds_text

from . import selectors, services, stripe_client
from .forms import TRY_AGAIN, MandateSetupForm, PayForm, new_token, whole_pounds
from .inbox import event_receive
from .models import Mandate, PaymentAttempt

logger = logging.getLogger(__name__)
security_log = logging.getLogger("payments.security")

STRIPE_DOWN = _(
    "Sorry, we could not reach our card payment provider. Try again in a few minutes, "
    "or pay another way."
)
STRIPE_DOWN_DIRECT_DEBIT = _(
    "Sorry, we could not reach our payment provider. Try again in a few minutes, "
    "or pay another way."
)


def _see_other(url: str) -> HttpResponseRedirect:
    """303: the browser follows with a GET, as after any form POST."""
    response = HttpResponseRedirect(url)
    response.status_code = 303
    return response


def _to_stripe(url: str) -> HttpResponseRedirect:
    if not url.startswith("https://"):
        raise ValueError("Stripe gave a checkout URL that is not https")
    return _see_other(url)


def _reference(value: str | None) -> str:
    """An account reference from a form or query string. PostgreSQL refuses NUL characters
    in text, so a reference holding one cannot name any account: 404 before asking."""
    value = (value or "").strip()[:40]
    if "\x00" in value:
        raise Http404("No such account")
    return value


def _base_url(request) -> str:
    return request.build_absolute_uri("/")


def _common(extra: dict | None = None) -> dict:
    return {
        "other_ways": settings.PAYMENTS_OTHER_WAYS_TO_PAY,
        "min_amount": whole_pounds(settings.PAYMENTS_MIN_PENCE),
        "max_amount": whole_pounds(settings.PAYMENTS_MAX_PENCE),
        **(extra or {}),
    }


def _not_configured(request, *, what: str):
    return render(request, "payments/not_configured.html", _common({"what": what}))


# --- Card payments --------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def pay(request):
    """/pay/: choose the account (if there is more than one), then the amount; then Stripe."""
    accounts = selectors.payable_accounts_for_user(user=request.user)
    if not accounts:
        return redirect("portal:link")
    if not stripe_client.is_configured():
        return _not_configured(request, what="card")

    if request.method == "POST":
        payable = selectors.payable_account_get_for_user(
            user=request.user, reference=_reference(request.POST.get("account"))
        )
        form = PayForm(request.POST)
        return _pay_post(request, form=form, payable=payable, accounts=accounts)

    reference = _reference(request.GET.get("account"))
    if not reference and len(accounts) > 1:
        chose_nothing = "choose" in request.GET or "account" in request.GET
        return render(
            request,
            "payments/choose_account.html",
            _common(
                {
                    "accounts": accounts,
                    "choice_error": _("Select the account you want to pay")
                    if chose_nothing
                    else None,
                }
            ),
        )
    payable = (
        selectors.payable_account_get_for_user(user=request.user, reference=reference)
        if reference
        else accounts[0]
    )
    default = payable.default_amount_pence
    form = PayForm(
        initial={
            "account": payable.account.reference,
            "amount": pence_to_pounds_text(default) if default else "",
            "form_token": new_token(),
        }
    )
    return _pay_page(request, form=form, payable=payable, accounts=accounts)


def _pay_page(request, *, form, payable, accounts, status=200, problem=None):
    return render(
        request,
        "payments/pay.html",
        _common(
            {
                "form": form,
                "payable": payable,
                "several_accounts": len(accounts) > 1,
                "problem": problem,
            }
        ),
        status=status,
    )


def _fresh_form(form: PayForm, payable) -> PayForm:
    """The same answers with a new token, for a payment that must start again."""
    data = form.data.copy()
    data["form_token"] = new_token()
    fresh = PayForm(data)
    fresh.is_valid()
    return fresh


def _pay_post(request, *, form, payable, accounts):
    if not form.is_valid():
        if "form_token" in form.errors:
            # Our hidden token was missing or damaged: a new one, and say what to do.
            fresh = _fresh_form(form, payable)
            fresh.add_error(None, TRY_AGAIN)
            form = fresh
        return _pay_page(request, form=form, payable=payable, accounts=accounts)
    try:
        attempt = services.card_payment_start(
            user=request.user,
            account=payable.account,
            amount_pence=form.cleaned_data["amount"],
            form_token=form.cleaned_data["form_token"],
            base_url=_base_url(request),
        )
    except services.PaymentConflict:
        fresh = _fresh_form(form, payable)
        fresh.add_error(
            "amount",
            _(
                "You changed the payment after you started it. Check the amount and select "
                "Continue to payment again"
            ),
        )
        return _pay_page(request, form=fresh, payable=payable, accounts=accounts, status=409)
    except services.PaymentStale:
        fresh = _fresh_form(form, payable)
        fresh.add_error(
            "amount",
            _("This page was open too long. Check the amount and select Continue again"),
        )
        return _pay_page(request, form=fresh, payable=payable, accounts=accounts)
    except stripe_client.StripeError:
        # The same form (and token) again: pressing the button retries the same payment.
        return _pay_page(
            request,
            form=form,
            payable=payable,
            accounts=accounts,
            status=503,
            problem=STRIPE_DOWN,
        )
    if attempt.status == PaymentAttempt.Status.PENDING and attempt.checkout_url:
        return _to_stripe(attempt.checkout_url)
    return _see_other(attempt_url(attempt))


def attempt_url(attempt: PaymentAttempt) -> str:
    return reverse("payments:paid", args=[attempt.pk])


@login_required
@require_GET
def paid(request, attempt_id):
    """Where Stripe sends the tenant back after paying. Only reads: the webhook confirms."""
    attempt = selectors.attempt_get_for_user(user=request.user, attempt_id=attempt_id)
    return render(request, "payments/paid.html", _common({"attempt": attempt}))


@login_required
@require_GET
def pay_cancelled(request, attempt_id):
    """Where Stripe sends the tenant back if they choose not to pay."""
    attempt = selectors.attempt_get_for_user(user=request.user, attempt_id=attempt_id)
    return render(request, "payments/pay_cancelled.html", _common({"attempt": attempt}))


# --- Direct Debit ---------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def direct_debit(request):
    """/pay/direct-debit/: each account's Direct Debit, and setting one up through Stripe."""
    accounts = selectors.payable_accounts_for_user(user=request.user)
    if not accounts:
        return redirect("portal:link")
    if not stripe_client.is_configured():
        return _not_configured(request, what="direct_debit")
    problem = None
    status = 200
    if request.method == "POST":
        payable = selectors.payable_account_get_for_user(
            user=request.user, reference=_reference(request.POST.get("account"))
        )
        form = MandateSetupForm(request.POST)
        if form.is_valid():
            try:
                mandate = services.mandate_setup_start(
                    user=request.user,
                    account=payable.account,
                    form_token=form.cleaned_data["form_token"],
                    base_url=_base_url(request),
                )
            except stripe_client.StripeError:
                problem, status = STRIPE_DOWN_DIRECT_DEBIT, 503
            else:
                if mandate.status == Mandate.Status.SETTING_UP and mandate.checkout_url:
                    return _to_stripe(mandate.checkout_url)
                return _see_other(mandate_url(mandate))
        else:
            problem, status = _("Something went wrong. Select Set up a Direct Debit again"), 400
    mandates = selectors.mandates_by_account(accounts=[p.account for p in accounts])
    rows = [
        {"payable": payable, "mandate": mandates.get(payable.account.pk), "token": new_token()}
        for payable in accounts
    ]
    return render(
        request,
        "payments/direct_debit.html",
        _common({"rows": rows, "problem": problem}),
        status=status,
    )


def mandate_url(mandate: Mandate) -> str:
    return reverse("payments:direct_debit_detail", args=[mandate.pk])


@login_required
@require_GET
def direct_debit_detail(request, mandate_id):
    """One Direct Debit: its status and the bank's reference. Stripe returns the tenant here."""
    mandate = selectors.mandate_get_for_user(user=request.user, mandate_id=mandate_id)
    return render(request, "payments/direct_debit_detail.html", _common({"mandate": mandate}))


@login_required
@require_http_methods(["GET", "POST"])
def direct_debit_cancel(request, mandate_id):
    """Ask, then cancel a Direct Debit."""
    mandate = selectors.mandate_get_for_user(user=request.user, mandate_id=mandate_id)
    if not mandate.is_live:
        return redirect("payments:direct_debit_detail", mandate_id=mandate.pk)
    if request.method == "POST":
        try:
            services.mandate_cancel(mandate=mandate)
        except stripe_client.StripeError:
            return render(
                request,
                "payments/direct_debit_cancel.html",
                _common(
                    {
                        "mandate": mandate,
                        "problem": _(
                            "Sorry, we could not cancel your Direct Debit just now. "
                            "Try again in a few minutes, or call us."
                        ),
                    }
                ),
                status=503,
            )
        messages.success(request, _("Your Direct Debit has been cancelled"))
        return _see_other(mandate_url(mandate))
    return render(request, "payments/direct_debit_cancel.html", _common({"mandate": mandate}))


# --- The webhook ----------------------------------------------------------------------------


def _reject(request, reason: str):
    security_log.warning(
        "stripe webhook rejected reason=%s ip=%s", reason, request.META.get("REMOTE_ADDR")
    )
    return HttpResponseBadRequest("Bad request", content_type="text/plain")


@csrf_exempt  # Stripe cannot send our CSRF token: the signature is the proof instead.
@require_POST
def stripe_webhook(request):
    """Stripe's events: verify, store once, queue processing, answer at once."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or "")
    except ValueError:
        return _reject(request, "no content length")
    if length > settings.STRIPE_WEBHOOK_MAX_BYTES:
        return _reject(request, "body too large")
    if request.content_type != "application/json":
        return _reject(request, "content type is not application/json")
    payload = request.body
    if len(payload) > settings.STRIPE_WEBHOOK_MAX_BYTES:
        return _reject(request, "body too large")
    try:
        received = event_receive(payload=payload, signature=request.headers.get("Stripe-Signature"))
    except stripe_client.WebhookRejected as exc:
        return _reject(request, exc.reason)
    return JsonResponse({"received": True, "duplicate": received.duplicate})
