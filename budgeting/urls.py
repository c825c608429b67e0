from django.urls import path

from . import views

app_name = "budgeting"

# <tenancy_reference> is a tenancy's reference; tenants reach only their own (404 otherwise).
urlpatterns = [
    path("", views.start, name="start"),
    path("officer/<str:tenancy_reference>/", views.officer_latest, name="officer_latest"),
    path("officer/<str:tenancy_reference>/budget.csv", views.officer_csv, name="officer_csv"),
    path("officer/<str:tenancy_reference>/budget.json", views.officer_json, name="officer_json"),
    path("<str:tenancy_reference>/", views.overview, name="overview"),
    path("<str:tenancy_reference>/edit/<slug:budget_section>/", views.section, name="section"),
    path("<str:tenancy_reference>/check/", views.check, name="check"),
    path("<str:tenancy_reference>/versions/<int:budget_version>/", views.version, name="version"),
    path(
        "<str:tenancy_reference>/versions/<int:budget_version>/print/",
        views.version_print,
        name="version_print",
    ),
    path(
        "<str:tenancy_reference>/versions/<int:budget_version>/budget.csv",
        views.version_csv,
        name="version_csv",
    ),
    path(
        "<str:tenancy_reference>/versions/<int:budget_version>/budget.json",
        views.version_json,
        name="version_json",
    ),
]
