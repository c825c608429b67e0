from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaseworkConfig(AppConfig):
    name = "casework"
    verbose_name = "Officer casework"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import personal_data  # privacy: subject access export and retention

        personal_data.register()
        from portal.signals import officer_attention_needed, officer_attention_resolved
        from portal.tiles import Tile, register_tile

        from . import receivers
        from .tiles import breathing_space_tile_context

        officer_attention_needed.connect(receivers.open_work_item, dispatch_uid="casework.open")
        officer_attention_resolved.connect(receivers.close_work_item, dispatch_uid="casework.close")
        # Shown first: it changes what the tenant's other tiles mean.
        register_tile(
            Tile(
                key="breathing_space",
                title=_("Breathing Space"),
                template="casework/tile.html",
                order=5,
                context=breathing_space_tile_context,
                reads=(("casework.BreathingSpace", "tenancy"),),
            )
        )
