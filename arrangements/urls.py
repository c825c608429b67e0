from django.urls import path

from . import views

app_name = "arrangements"

urlpatterns = [
    path("", views.start, name="start"),
]
