"""Included at the site root: /pay/..., and Stripe's webhook at /payments/stripe/webhook/."""

from django.urls import path

from . import views

app_name = "payments"

urlpatterns = [
    path("pay/", views.pay, name="pay"),
    path("pay/direct-debit/", views.direct_debit, name="direct_debit"),
    path(
        "pay/direct-debit/<uuid:mandate_id>/",
        views.direct_debit_detail,
        name="direct_debit_detail",
    ),
    path(
        "pay/direct-debit/<uuid:mandate_id>/cancel/",
        views.direct_debit_cancel,
        name="direct_debit_cancel",
    ),
    path("pay/<uuid:attempt_id>/", views.paid, name="paid"),
    path("pay/<uuid:attempt_id>/cancelled/", views.pay_cancelled, name="pay_cancelled"),
    path("payments/stripe/webhook/", views.stripe_webhook, name="stripe_webhook"),
]
