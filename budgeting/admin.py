"""Django admin: the spending guideline table (data, loaded by an SFS member organisation).

Budgets themselves are not edited here: a submitted budget is immutable, and officers read
them read-only at /budget/officer/<tenancy reference>/.
"""

from django.contrib import admin

from .models import GuidelineFigure, GuidelineSet


class GuidelineFigureInline(admin.TabularInline):
    model = GuidelineFigure
    extra = 0
    fields = ["category", "adults", "children", "monthly_pence"]


@admin.register(GuidelineSet)
class GuidelineSetAdmin(admin.ModelAdmin):
    list_display = ["name", "valid_from", "in_use", "illustrative"]
    list_filter = ["in_use", "illustrative"]
    inlines = [GuidelineFigureInline]
