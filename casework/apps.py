from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "casework"
    verbose_name = "Officer casework"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from portal.signals import officer_attention_needed, officer_attention_resolved

        from . import receivers

        officer_attention_needed.connect(receivers.open_work_item, dispatch_uid="casework.open")
        officer_attention_resolved.connect(receivers.close_work_item, dispatch_uid="casework.close")
