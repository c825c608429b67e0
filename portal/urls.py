from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("link/", views.link_tenancy, name="link"),
    path("accounts/<str:reference>/", views.statement, name="statement"),
    path("accounts/<str:reference>.csv", views.statement_csv, name="statement_csv"),
]
