from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudgetingConfig(AppConfig):
    name = "budgeting"
    verbose_name = "Income and expenditure"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import personal_data  # privacy: subject access export and retention

        personal_data.register()
        from portal.tiles import Tile, register_tile

        from .selectors import budget_tile_context

        register_tile(
            Tile(
                key="budget",
                title=_("Your budget"),
                template="budgeting/tile.html",
                order=20,
                context=budget_tile_context,
                reads=(
                    ("budgeting.Budget", "tenancy"),
                    ("budgeting.BudgetLine", "budget__tenancy"),
                    ("budgeting.BudgetDebt", "budget__tenancy"),
                ),
            )
        )
        from .case_panels import register_case_panels  # the officer's case page

        register_case_panels()
