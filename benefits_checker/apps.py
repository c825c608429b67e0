from django.apps import AppConfig


class BenefitsCheckerConfig(AppConfig):
    name = "benefits_checker"
    verbose_name = "Benefits and grants check"
    default_auto_field = "django.db.models.BigAutoField"
