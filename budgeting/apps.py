from django.apps import AppConfig


class BudgetingConfig(AppConfig):
    name = "budgeting"
    verbose_name = "Income and expenditure"
    default_auto_field = "django.db.models.BigAutoField"
