from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BenefitsCheckerConfig(AppConfig):
    name = "benefits_checker"
    verbose_name = "Benefits and grants check"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import personal_data  # privacy: subject access export and retention

        personal_data.register()
        from portal.tiles import Tile, register_tile

        from .tiles import benefits_tile_context

        register_tile(
            Tile(
                key="benefits",
                title=_("Benefits and grants check"),
                template="benefits_checker/tile.html",
                order=30,
                context=benefits_tile_context,
                reads=(("benefits_checker.BenefitsCheck", "tenancy"),),
            )
        )
        from .case_panels import register_case_panels  # the officer's case page

        register_case_panels()
