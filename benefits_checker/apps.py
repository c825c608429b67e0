from django.apps import AppConfig


class BenefitsCheckerConfig(AppConfig):
    name = "benefits_checker"
    verbose_name = "Benefits and grants check"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from portal.tiles import Tile, register_tile

        from .tiles import benefits_tile_context

        register_tile(
            Tile(
                key="benefits",
                title="Benefits and grants check",
                template="benefits_checker/tile.html",
                order=30,
                context=benefits_tile_context,
            )
        )
