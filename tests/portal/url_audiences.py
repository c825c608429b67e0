"""Who each of portal's routes is for, for the URL walk in tests/test_url_access.py."""

from tests.audiences import TENANT, TENANT_OBJECT

AUDIENCES = {
    "portal:dashboard": TENANT,
    "portal:link": TENANT,
    "portal:statement": TENANT_OBJECT,
    "portal:statement_csv": TENANT_OBJECT,
}


def sample_values(*, tenant, account) -> dict[str, str]:
    return {"reference": account.reference}
