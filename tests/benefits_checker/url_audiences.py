"""Who each of benefits_checker's routes is for, for the URL walk in tests/test_url_access.py."""

from tests.audiences import TENANT, TENANT_OBJECT

AUDIENCES = {
    "benefits_checker:start": TENANT,
    "benefits_checker:step": TENANT,
    "benefits_checker:check_answers": TENANT,
    "benefits_checker:result": TENANT_OBJECT,
    "benefits_checker:share": TENANT_OBJECT,
    "benefits_checker:add_to_budget": TENANT_OBJECT,
}


def sample_values(*, tenant, account) -> dict[str, str]:
    """A saved check of the tenant's own, and the first question of the check."""
    from benefits_checker.models import BenefitsCheck

    check = BenefitsCheck.objects.create(
        user=tenant,
        tenancy=account.tenancy,
        answers={},
        results={
            "route": "universal_credit",
            "amounts": {"universal_credit": 82490},
            "total": 82490,
            "already": {},
            "gaps": {"universal_credit": 82490},
            "missing": 82490,
            "working": {"universal_credit": ["Universal Credit: £824.90 a month"]},
            "notes": [],
            "flags": [],
            "other_help": [],
            "grants": [],
            "how_to_claim": {},
        },
        rates_version="2026-27",
        estimated_on="2026-10-01",
    )
    return {"check_id": str(check.pk), "step": "people"}
