from django.urls import path

from . import views

app_name = "arrangements"

urlpatterns = [
    path("", views.start, name="start"),
    path("new/", views.propose, name="propose"),
    path("<int:plan_id>/", views.detail, name="detail"),
    path("<int:plan_id>/withdraw/", views.withdraw, name="withdraw"),
    path("<int:plan_id>/offer/", views.respond, name="respond"),
    path("officer/<int:plan_id>/", views.officer_decide, name="officer_decide"),
]
