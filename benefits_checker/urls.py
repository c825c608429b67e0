from django.urls import path

from . import views

app_name = "benefits_checker"

urlpatterns = [
    path("", views.start, name="start"),
    path("check/answers/", views.check_answers, name="check_answers"),
    path("check/<slug:step>/", views.step, name="step"),
    path("checks/<int:check_id>/", views.result, name="result"),
    path("checks/<int:check_id>/share/", views.share, name="share"),
    path("checks/<int:check_id>/add-to-budget/", views.add_to_budget, name="add_to_budget"),
]
