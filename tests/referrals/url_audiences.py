"""Who each of referrals's routes is for, for the URL walk in tests/test_url_access.py."""

from tests.audiences import OFFICER, TENANT, TENANT_OBJECT

AUDIENCES = {
    "referrals:start": TENANT,
    "referrals:topics": TENANT,
    "referrals:contact": TENANT,
    "referrals:needs": TENANT,
    "referrals:consent": TENANT,
    "referrals:check": TENANT,
    "referrals:status": TENANT_OBJECT,
    "referrals:withdraw": TENANT_OBJECT,
    "referrals:officer": OFFICER,
}


def sample_values(*, tenant, account) -> dict[str, str]:
    """A submitted referral of the tenant's own."""
    from tests.referrals.factories import submitted_referral

    referral = submitted_referral(user=tenant, tenancy=account.tenancy)
    return {"referral_id": str(referral.pk)}
