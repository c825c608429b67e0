from django.apps import AppConfig


class ArrangementsConfig(AppConfig):
    name = "arrangements"
    verbose_name = "Payment plans"
    default_auto_field = "django.db.models.BigAutoField"
