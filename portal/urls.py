from django.urls import path

from . import sessions, views, views_privacy

app_name = "portal"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("link/", views.link_tenancy, name="link"),
    path("session/", sessions.session_extend, name="session_extend"),  # security: stay signed in
    path("accounts/<str:reference>/", views.statement, name="statement"),
    path("accounts/<str:reference>.csv", views.statement_csv, name="statement_csv"),
    path("my-data/", views_privacy.my_data, name="my_data"),  # privacy: subject access
    path("my-data.json", views_privacy.my_data_json, name="my_data_json"),
]
