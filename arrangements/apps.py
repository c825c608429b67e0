from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArrangementsConfig(AppConfig):
    name = "arrangements"
    verbose_name = "Payment plans"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from portal.privacy import PersonalData, register_personal_data
        from portal.tiles import CasePanel, Tile, register_case_panel, register_tile

        from . import selectors

        register_tile(
            Tile(
                key="payment-plan",
                title=_("Payment plan"),
                template="arrangements/tile.html",
                order=15,
                context=selectors.tile_context,
                reads=(("arrangements.Arrangement", "tenancy"),),
            )
        )
        register_case_panel(
            CasePanel(
                key="payment-plans",
                title=_("Payment plans"),
                template="arrangements/case_panel.html",
                order=30,
                context=selectors.case_panel_context,
            )
        )
        register_personal_data(
            PersonalData(
                model="arrangements.Arrangement",
                includes=(
                    "arrangements.ArrangementDecision",
                    "arrangements.CounterOffer",
                    "arrangements.ArrangementStateChange",
                    "arrangements.PlanCollection",
                    "arrangements.ArrangementNotice",
                ),
                export=selectors.arrangements_for_subject_access,
                retention_days=None,
                retention_reason="kept with the rent account's records (6 years)",
                title=_("Payment plans"),
            )
        )
