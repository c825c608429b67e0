from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    name = "payments"
    verbose_name = "Payments"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import personal_data  # privacy: subject access export and retention

        personal_data.register()
        from portal.tiles import StatementPanel, Tile, register_statement_panel, register_tile

        from .tiles import payments_tile_context, pending_statement_panel_context

        register_tile(
            Tile(
                key="payments",
                title=_("Pay"),
                template="payments/tile.html",
                order=10,
                context=payments_tile_context,
                reads=(
                    ("payments.Mandate", "account__tenancy"),
                    ("payments.PaymentAttempt", "account__tenancy"),
                ),
            )
        )
        register_statement_panel(
            StatementPanel(
                key="payments-pending",
                template="payments/statement_pending.html",
                order=10,
                context=pending_statement_panel_context,
            )
        )
        from .case_panels import register_case_panels  # the officer's case page

        register_case_panels()
