"""The tenant's pages: the dashboard, statements and linking a login to a tenancy."""

from __future__ import annotations

import csv
import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import JsonResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from . import selectors, services
from .dashboard_cache import dashboard_response
from .forms import LinkTenancyForm, StatementFilterForm
from .health import health_report
from .money import pence_to_pounds_text
from .tiles import statement_panels_for, tiles_for

logger = logging.getLogger(__name__)

STATEMENT_PAGE_SIZE = 25


@require_GET
@never_cache
def healthz(request):
    """Database, cache and broker, each "ok" or "error". 503 if any is down."""
    report = health_report()
    status = 200 if all(value == "ok" for value in report["checks"].values()) else 503
    return JsonResponse(report, status=status)


@login_required
@require_GET
def dashboard(request):
    return dashboard_response(request, lambda: _dashboard_render(request))


def _dashboard_render(request):
    tenancies = selectors.dashboard_for_user(user=request.user)
    if not tenancies:
        return redirect("portal:link")
    tiles = tiles_for(user=request.user, tenancies=tenancies)
    return render(request, "portal/dashboard.html", {"tenancies": tenancies, "tiles": tiles})


@login_required
@require_http_methods(["GET", "POST"])
def link_tenancy(request):
    locked_until = services.link_lock_until(user=request.user)
    form = LinkTenancyForm(request.POST or None)
    result = None
    if request.method == "POST" and not locked_until and form.is_valid():
        result = services.tenancy_link(user=request.user, **form.cleaned_data)
        if result.linked:
            messages.success(
                request,
                gettext("Your tenancy at %(address)s is now linked.")
                % {"address": result.tenancy.address},
            )
            return redirect("portal:dashboard")
        locked_until = result.locked_until
    status = 200 if result is None else 422
    return render(
        request,
        "portal/link.html",
        {
            "form": form,
            "locked_until": locked_until,
            "failed": result is not None and not result.linked,
            "already_linked_elsewhere": bool(result and result.already_linked_elsewhere),
            "linked_tenancies": selectors.tenancies_for_user(user=request.user),
        },
        status=status,
    )


def _statement_filter(request) -> tuple[StatementFilterForm, selectors.StatementFilter]:
    bound = any(key.startswith(("date_from", "date_to")) for key in request.GET)
    form = StatementFilterForm(request.GET if bound else None)
    if bound and form.is_valid():
        return form, selectors.StatementFilter(
            date_from=form.cleaned_data["date_from"], date_to=form.cleaned_data["date_to"]
        )
    return form, selectors.StatementFilter()


@login_required
@require_GET
def statement(request, reference: str):
    account = selectors.account_get_for_user(user=request.user, reference=reference)
    form, date_filter = _statement_filter(request)
    paginator = Paginator(
        selectors.statement_entries(account=account, date_filter=date_filter), STATEMENT_PAGE_SIZE
    )
    page = paginator.get_page(request.GET.get("page"))
    opening = selectors.opening_balance(account=account, date_filter=date_filter)
    rows = [(entry, opening + entry.running_pence) for entry in page.object_list]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "portal/statement.html",
        {
            "account": account,
            "form": form,
            "page": page,
            "rows": rows,
            "filter_query": query.urlencode(),
            "date_filter": date_filter,
            "panels": statement_panels_for(user=request.user, account=account),
            "csv_url": f"{reverse('portal:statement_csv', args=[account.reference])}"
            + (f"?{query.urlencode()}" if query else ""),
        },
    )


def _csv_safe(text: str) -> str:
    """Stop a spreadsheet reading a description as a formula."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


class _Echo:
    """A file-like object for csv.writer that hands each row back for streaming."""

    def write(self, value):
        return value


@login_required
@require_GET
def statement_csv(request, reference: str):
    account = selectors.account_get_for_user(user=request.user, reference=reference)
    form, date_filter = _statement_filter(request)
    if form.is_bound and not form.is_valid():
        return statement(request, reference)  # the page explains what is wrong with the dates
    writer = csv.writer(_Echo())

    def rows():
        yield writer.writerow(["Date", "Type", "Description", "Amount", "Balance"])
        for entry, balance in selectors.statement_rows_for_csv(
            account=account, date_filter=date_filter
        ):
            yield writer.writerow(
                [
                    entry.posted_on.isoformat(),
                    entry.get_kind_display(),
                    _csv_safe(entry.description),
                    pence_to_pounds_text(entry.amount_pence),
                    pence_to_pounds_text(balance),
                ]
            )

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="statement-{account.reference}.csv"'
    return response
