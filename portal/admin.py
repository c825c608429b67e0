"""Django admin for superusers. Officers work in /officer/, never here.

The ledger is append-only, so entries and import runs are read-only in the admin.
"""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import Account, AuditEvent, ImportRun, LedgerEntry, Tenancy, TenancyMember, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "name", "is_staff", "is_active", "last_login"]
    search_fields = ["email", "name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Personal details", {"fields": ("name",)}),
        ("Permissions", {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)


class TenancyMemberInline(admin.TabularInline):
    model = TenancyMember
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Tenancy)
class TenancyAdmin(admin.ModelAdmin):
    list_display = ["reference", "address_line_1", "postcode", "start_date", "end_date"]
    search_fields = ["reference", "postcode"]
    inlines = [TenancyMemberInline]


@admin.register(Account)
class AccountAdmin(admin.ModelAdmin):
    list_display = ["reference", "tenancy", "kind"]
    list_filter = ["kind"]
    search_fields = ["reference", "tenancy__reference"]
    raw_id_fields = ["tenancy"]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(LedgerEntry)
class LedgerEntryAdmin(ReadOnlyAdmin):
    list_display = ["account", "posted_on", "kind", "amount_pence", "source", "external_id"]
    list_filter = ["kind", "source"]
    search_fields = ["account__reference", "external_id"]
    list_select_related = ["account"]


@admin.register(ImportRun)
class ImportRunAdmin(ReadOnlyAdmin):
    list_display = ["started_at", "kind", "file_name", "status", "rows_loaded", "rows_failed"]
    list_filter = ["kind", "status"]


# Security: the audit trail is append-only (portal.models.AuditEvent); superusers may read it.
@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "action", "actor", "subject_type", "subject_id", "tenancy"]
    list_filter = ["action"]
    search_fields = ["action", "subject_id"]
    list_select_related = ["actor", "tenancy"]
    date_hierarchy = "at"

    def get_actions(self, request):
        return {}  # no "delete selected"
