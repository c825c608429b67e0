"""A payment sent to Stripe shows on the statement as pending until it is confirmed."""

import pytest
from django.urls import reverse

from payments.models import PaymentAttempt

pytestmark = pytest.mark.django_db


def test_pending_payment_shows_above_the_statement_until_confirmed(client, payer):
    user, account = payer
    attempt = PaymentAttempt.objects.create(
        account=account, user=user, amount_pence=4250, status=PaymentAttempt.Status.PENDING
    )
    client.force_login(user)
    url = reverse("portal:statement", args=[account.reference])
    body = client.get(url).content.decode()
    assert "Waiting for confirmation" in body
    assert "£42.50" in body

    PaymentAttempt.objects.filter(pk=attempt.pk).update(status=PaymentAttempt.Status.SUCCEEDED)
    assert "Waiting for confirmation" not in client.get(url).content.decode()


def test_another_tenants_pending_payment_never_shows(client, payer):
    from tests.factories import tenant_with_account

    user, account = payer
    other_user, other_account = tenant_with_account()
    PaymentAttempt.objects.create(
        account=other_account,
        user=other_user,
        amount_pence=777,
        status=PaymentAttempt.Status.PENDING,
    )
    client.force_login(user)
    body = client.get(reverse("portal:statement", args=[account.reference])).content.decode()
    assert "Waiting for confirmation" not in body
