"""The grants catalogue and councils' Council Tax Reduction schemes in the Wagtail admin, so
editors keep them up to date without a developer."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import CouncilTaxScheme, GrantScheme


class GrantSchemeViewSet(SnippetViewSet):
    model = GrantScheme
    icon = "pick"
    menu_label = "Grants"
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["name", "provider", "amount_text", "active", "updated_at"]
    list_filter = ["active", "requires_universal_credit", "pension_age", "tenure"]
    search_fields = ["name", "provider"]


class CouncilTaxSchemeViewSet(SnippetViewSet):
    model = CouncilTaxScheme
    icon = "calculator"
    menu_label = "Council Tax Reduction schemes"
    list_display = ["council_name", "kind", "max_percent", "is_default", "illustrative"]


register_snippet(GrantSchemeViewSet)
register_snippet(CouncilTaxSchemeViewSet)
