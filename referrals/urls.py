from django.urls import path

from . import views

app_name = "referrals"

urlpatterns = [
    path("", views.start, name="start"),
    path("help/", views.topics, name="topics"),
    path("contact/", views.contact, name="contact"),
    path("needs/", views.needs, name="needs"),
    path("consent/", views.consent, name="consent"),
    path("check/", views.check, name="check"),
    path("<int:referral_id>/", views.status, name="status"),
    path("<int:referral_id>/withdraw/", views.withdraw, name="withdraw"),
    path("officer/<int:referral_id>/", views.officer_review, name="officer"),
]
