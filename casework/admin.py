"""Read-only Django admin for superusers. Officers work in /officer/ and never need this; the
queue's state changes only through `casework.services` (conditional updates, audited)."""

from django.contrib import admin

from .models import WorkItem


@admin.register(WorkItem)
class WorkItemAdmin(admin.ModelAdmin):
    list_display = ["kind", "tenancy", "status", "assignee", "due_at", "priority_points"]
    list_filter = ["kind", "status"]
    search_fields = ["tenancy__reference", "subject_id"]
    list_select_related = ["tenancy", "assignee"]
    raw_id_fields = ["tenancy", "assignee"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
