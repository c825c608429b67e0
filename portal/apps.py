from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Tenant portal"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import auth_audit  # security: audit events and session clocks on sign-in

        auth_audit.connect()
        from . import personal_data  # privacy: subject access export and retention

        personal_data.register()
        from . import context_processors  # noqa: F401  speed: connects the officer-flag cache
