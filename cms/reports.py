"""An admin report: advice pages due for review (next review date today or earlier)."""

from __future__ import annotations

from django.utils import timezone
from wagtail.admin.views.reports import PageReportView

from .models import AdvicePage


class ReviewDueReportView(PageReportView):
    page_title = "Advice due for review"
    header_icon = "time"
    results_template_name = "cms/reports/review_due_results.html"
    index_url_name = "cms_review_due"
    index_results_url_name = "cms_review_due_results"
    any_permission_required = ["add", "change", "publish"]
    list_export = ["title", "next_review_due", "last_reviewed", "reviewer", "status_string"]
    export_headings = {
        "title": "Title",
        "next_review_due": "Next review due",
        "last_reviewed": "Last reviewed",
        "reviewer": "Reviewer",
        "status_string": "Status",
    }

    def get_queryset(self):
        return (
            AdvicePage.objects.filter(next_review_due__lte=timezone.localdate())
            .select_related("reviewer")
            .order_by("next_review_due", "title")
        )
