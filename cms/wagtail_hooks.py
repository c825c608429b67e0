"""Admin additions: the "Advice due for review" report, and the session timeout warning's
stylesheet (the dialog itself is in templates/wagtailadmin/base.html)."""

from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.auth import user_has_any_page_permission
from wagtail.admin.menu import MenuItem

from .reports import ReviewDueReportView


@hooks.register("register_admin_urls")
def register_review_due_report_urls():
    return [
        path("reports/review-due/", ReviewDueReportView.as_view(), name="cms_review_due"),
        path(
            "reports/review-due/results/",
            ReviewDueReportView.as_view(results_only=True),
            name="cms_review_due_results",
        ),
    ]


class ReviewDueMenuItem(MenuItem):
    def is_shown(self, request):
        return user_has_any_page_permission(request.user)


@hooks.register("register_reports_menu_item")
def register_review_due_menu_item():
    return ReviewDueMenuItem(
        "Advice due for review",
        reverse("cms_review_due"),
        name="advice-review-due",
        icon_name="time",
        order=1050,
    )


@hooks.register("insert_global_admin_css")
def session_timeout_css():
    """Styles for the timeout warning (WCAG 2.2.1): the admin has no GOV.UK Frontend CSS."""
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin-session-timeout.css"))
