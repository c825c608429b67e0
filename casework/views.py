"""The officers' side. Every view here sits behind `officer_required` (group and MFA); views
that change something accept POST only (with Django's CSRF check) and call one service."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from portal.access import officer_required
from portal.audit import audit_events_for_tenancy
from portal.selectors import import_runs_recent, tenancy_summary
from portal.tiles import case_panels_for

from . import selectors, services
from .forms import BreathingSpaceForm, CaseNoteForm, QueueFilterForm, VulnerabilityFlagForm
from .models import BreathingSpace, VulnerabilityFlag, WorkItem
from .presentation import audit_rows

AUDIT_EVENTS_SHOWN = 50
# The queue counts matches up to this many: an exact COUNT(*) of 100,000 open items reads
# them all, and nobody pages past the 40th page (narrowing the filters is the way there).
QUEUE_COUNT_CAP = 1_000


class CappedPaginator(Paginator):
    """A paginator whose count stops at `QUEUE_COUNT_CAP` (+1, to know it was reached)."""

    @cached_property
    def count(self) -> int:
        return self.object_list.order_by().values("pk")[: QUEUE_COUNT_CAP + 1].count()

    @property
    def capped(self) -> bool:
        return self.count > QUEUE_COUNT_CAP

    @property
    def page_range(self):
        """Only the numbers components/pagination.html can show (the first two, the last two,
        and the current page and two either side): it renders nothing for the others, and
        walking all 400 pages cost more than the rest of the page."""
        current = getattr(self, "_current", 1)
        last = self.num_pages
        wanted = {1, 2, last - 1, last, *range(current - 2, current + 3)}
        return [number for number in sorted(wanted) if 1 <= number <= last]

    def get_page(self, number):
        page = super().get_page(number)
        self._current = page.number
        return page


# ------------------------------------------------------------------------------------------
# The queue


@officer_required
@require_GET
def home(request):
    """The queue: every work item, filtered and sorted, a page at a time."""
    form = QueueFilterForm(request.GET or None)
    queue_filter = form.queue_filter()
    now = timezone.now()
    items = selectors.work_items_queue(officer=request.user, queue_filter=queue_filter, now=now)
    paginator = CappedPaginator(items, settings.CASEWORK_QUEUE_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    kept = {key: value for key, value in request.GET.items() if key not in ("page", "filter")}
    return render(
        request,
        "casework/queue.html",
        {
            "form": form,
            "queue_filter": queue_filter,
            "page": page,
            "count_cap": QUEUE_COUNT_CAP,
            "rows": selectors.queue_rows(page.object_list, officer=request.user, now=now),
            "filter_query": urlencode(kept),
            "here": request.get_full_path(),
        },
    )


@officer_required
@require_GET
def imports(request):
    """How the latest housing system imports went."""
    return render(request, "casework/imports.html", {"import_runs": import_runs_recent()})


@officer_required
@require_POST
def take_next(request):
    kind = request.POST.get("kind", "")
    if kind not in WorkItem.Kind.values:
        kind = ""
    item = services.work_item_take_next(officer=request.user, kind=kind)
    if item is None:
        messages.info(request, _("There is no unassigned work waiting. Well done."))
        return redirect("casework:home")
    messages.success(
        request,
        _("You are now working on: %(kind)s for %(reference)s.")
        % {"kind": item.get_kind_display(), "reference": item.tenancy.reference},
    )
    return HttpResponseRedirect(_item_destination(item))


def _item_destination(item: WorkItem) -> str:
    if item.link and url_has_allowed_host_and_scheme(item.link, allowed_hosts=None):
        return item.link
    return reverse("casework:case", args=[item.tenancy.reference])


def _back(request) -> HttpResponseRedirect:
    """Back to the page the action was pressed on (a path on this site), else the queue."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return HttpResponseRedirect(target)
    return redirect("casework:home")


def _item_action(request, item_id: int, service, done_message: str):
    try:
        item = service(item_id=item_id, officer=request.user)
    except services.WorkItemConflict as conflict:
        messages.warning(request, str(conflict))
    else:
        messages.success(
            request,
            done_message % {"kind": item.get_kind_display(), "reference": item.tenancy.reference},
        )
    return _back(request)


@officer_required
@require_POST
def item_assign(request, item_id: int):
    return _item_action(
        request,
        item_id,
        services.work_item_assign_to_me,
        _("You are now working on: %(kind)s for %(reference)s."),
    )


@officer_required
@require_POST
def item_release(request, item_id: int):
    return _item_action(
        request,
        item_id,
        services.work_item_release,
        _("Released: %(kind)s for %(reference)s is back in the queue."),
    )


@officer_required
@require_POST
def item_done(request, item_id: int):
    return _item_action(
        request, item_id, services.work_item_mark_done, _("Done: %(kind)s for %(reference)s.")
    )


# ------------------------------------------------------------------------------------------
# The case page


def _case_forms(tenancy, **bound) -> dict:
    """The case page's forms, each posting to its own view; `bound` replaces one with the
    form the officer just sent back (with its errors and what they typed)."""
    ref = tenancy.reference
    forms = {
        "note_form": CaseNoteForm(),
        "breathing_space_form": BreathingSpaceForm(),
        "flag_form": VulnerabilityFlagForm(),
    }
    forms.update(bound)
    forms["note_form"].helper.form_action = reverse("casework:case_note_add", args=[ref])
    forms["breathing_space_form"].helper.form_action = reverse(
        "casework:breathing_space_record", args=[ref]
    )
    forms["flag_form"].helper.form_action = reverse("casework:vulnerability_set", args=[ref])
    return forms


def _render_case(request, tenancy, *, status: int = 200, error_form=None, **bound):
    """The case page. A fixed number of queries however long the tenancy's history."""
    now = timezone.now()
    work = selectors.case_work_for_tenancy(tenancy=tenancy, officer=request.user, now=now)
    special = [
        what
        for what, shown in (
            (
                "vulnerability_flag",
                work.active_flag is not None
                and work.active_flag.category == VulnerabilityFlag.Category.HEALTH,
            ),
            (
                "breathing_space",
                any(
                    space.kind == BreathingSpace.Kind.MENTAL_HEALTH_CRISIS
                    for space in work.breathing_spaces
                ),
            ),
        )
        if shown
    ]
    if special:
        services.case_special_category_viewed(
            tenancy=tenancy, officer=request.user, source="casework", shown=special
        )
    context = {
        "tenancy": tenancy,
        "members": list(tenancy.members.all()),
        "summary": tenancy_summary(tenancy=tenancy, today=timezone.localdate()),
        "work": work,
        "panels": case_panels_for(tenancy=tenancy, officer=request.user),
        "audit": audit_rows(audit_events_for_tenancy(tenancy=tenancy, limit=AUDIT_EVENTS_SHOWN)),
        "error_form": error_form,
        # Item actions come back here (not to the POST URL of a form sent back with errors).
        "here": reverse("casework:case", args=[tenancy.reference]),
    }
    context.update(_case_forms(tenancy, **bound))
    return render(request, "casework/case.html", context, status=status)


@officer_required
@require_GET
def case(request, tenancy_reference: str):
    tenancy = selectors.case_tenancy_get(reference=tenancy_reference)
    services.case_view_record(tenancy=tenancy, officer=request.user)
    return _render_case(request, tenancy)


def _case_redirect(tenancy, anchor: str) -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse("casework:case", args=[tenancy.reference]) + anchor)


@officer_required
@require_POST
def case_note_add(request, tenancy_reference: str):
    tenancy = selectors.case_tenancy_get(reference=tenancy_reference)
    form = CaseNoteForm(request.POST)
    if not form.is_valid():
        return _render_case(request, tenancy, status=400, error_form=form, note_form=form)
    services.case_note_add(tenancy=tenancy, officer=request.user, text=form.cleaned_data["text"])
    messages.success(request, _("Your note has been added."))
    return _case_redirect(tenancy, "#notes")


@officer_required
@require_POST
def breathing_space_record(request, tenancy_reference: str):
    tenancy = selectors.case_tenancy_get(reference=tenancy_reference)
    form = BreathingSpaceForm(request.POST)
    if form.is_valid():
        try:
            services.breathing_space_record(
                tenancy=tenancy,
                officer=request.user,
                kind=form.cleaned_data["kind"],
                starts_on=form.cleaned_data["starts_on"],
                reference=form.cleaned_data["reference"],
            )
        except services.CaseConflict as conflict:
            form.add_error(None, str(conflict))
        else:
            messages.success(request, _("The Breathing Space has been recorded."))
            return _case_redirect(tenancy, "#breathing-space")
    return _render_case(request, tenancy, status=400, error_form=form, breathing_space_form=form)


@officer_required
@require_POST
def breathing_space_end(request, tenancy_reference: str):
    tenancy = selectors.case_tenancy_get(reference=tenancy_reference)
    try:
        services.breathing_space_end(tenancy=tenancy, officer=request.user)
    except services.CaseConflict as conflict:
        messages.warning(request, str(conflict))
    else:
        messages.success(request, _("The Breathing Space has been ended from today."))
    return _case_redirect(tenancy, "#breathing-space")


@officer_required
@require_POST
def vulnerability_set(request, tenancy_reference: str):
    tenancy = selectors.case_tenancy_get(reference=tenancy_reference)
    form = VulnerabilityFlagForm(request.POST)
    if form.is_valid():
        try:
            services.vulnerability_flag_set(
                tenancy=tenancy, officer=request.user, category=form.cleaned_data["category"]
            )
        except services.CaseConflict as conflict:
            form.add_error(None, str(conflict))
        else:
            messages.success(request, _("The tenancy is flagged as needing extra care."))
            return _case_redirect(tenancy, "#extra-care")
    return _render_case(request, tenancy, status=400, error_form=form, flag_form=form)


@officer_required
@require_POST
def vulnerability_clear(request, tenancy_reference: str):
    tenancy = selectors.case_tenancy_get(reference=tenancy_reference)
    if services.vulnerability_flag_clear(tenancy=tenancy, officer=request.user):
        messages.success(request, _("The extra care flag has been cleared."))
    else:
        messages.warning(request, _("This tenancy was not flagged."))
    return _case_redirect(tenancy, "#extra-care")
