"""Who each of payments' routes is for, for the URL walk in tests/test_url_access.py."""

import uuid

from tests.audiences import PUBLIC, TENANT, TENANT_OBJECT

AUDIENCES = {
    "payments:pay": TENANT,
    "payments:paid": TENANT_OBJECT,
    "payments:pay_cancelled": TENANT_OBJECT,
    "payments:direct_debit": TENANT,
    "payments:direct_debit_detail": TENANT_OBJECT,
    "payments:direct_debit_cancel": TENANT_OBJECT,
    "payments:stripe_webhook": PUBLIC,  # Stripe's signature is its proof, not a login
}


def sample_values(*, tenant, account) -> dict[str, str]:
    """A card payment and a live Direct Debit on this tenant's account."""
    from payments.models import Mandate, PaymentAttempt

    attempt = PaymentAttempt.objects.create(
        account=account,
        user=tenant,
        amount_pence=2500,
        status=PaymentAttempt.Status.PENDING,
        form_token=uuid.uuid4(),
        checkout_session_id=f"cs_test_{uuid.uuid4().hex}",
    )
    mandate = Mandate.objects.create(
        account=account,
        user=tenant,
        customer_id=f"cus_{uuid.uuid4().hex[:14]}",
        status=Mandate.Status.ACTIVE,
        mandate_id=f"mandate_{uuid.uuid4().hex[:14]}",
        payment_method_id=f"pm_{uuid.uuid4().hex[:14]}",
        bank_last4="2345",
        reference="RIVERSIDE-ABC123",
    )
    return {"attempt_id": str(attempt.pk), "mandate_id": str(mandate.pk)}
