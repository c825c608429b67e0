from django.urls import path  # noqa: F401

app_name = "benefits_checker"

urlpatterns: list = []
