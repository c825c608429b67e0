"""Officers edit the policy's thresholds here; plans themselves are read-only in the admin
(decisions are made on the decision screen, which audits them)."""

from django.contrib import admin

from .models import Arrangement, ArrangementStateChange, PolicySettings


@admin.register(PolicySettings)
class PolicySettingsAdmin(admin.ModelAdmin):
    list_display = ["__str__", "max_weeks_to_clear", "max_arrears_pence", "updated_at"]

    def has_add_permission(self, request):
        return not PolicySettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


class StateChangeInline(admin.TabularInline):
    model = ArrangementStateChange
    extra = 0
    can_delete = False
    readonly_fields = [
        "from_status",
        "to_status",
        "on",
        "at",
        "expected_balance_pence",
        "checked_balance_pence",
        "description",
    ]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Arrangement)
class ArrangementAdmin(admin.ModelAdmin):
    list_display = ["pk", "tenancy", "status", "frequency", "amount_pence", "created_at"]
    list_filter = ["status", "frequency", "payment_method"]
    search_fields = ["tenancy__reference"]
    inlines = [StateChangeInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
