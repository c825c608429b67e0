"""Who each of portal's routes is for, for the URL walk in tests/test_url_access.py."""

from tests.audiences import TENANT, TENANT_OBJECT

AUDIENCES = {
    "portal:dashboard": TENANT,
    "portal:link": TENANT,
    "portal:statement": TENANT_OBJECT,
    "portal:statement_csv": TENANT_OBJECT,
    "portal:my_data": TENANT,  # privacy: subject access
    "portal:my_data_json": TENANT,
}


def sample_values(*, tenant, account) -> dict[str, str]:
    return {"reference": account.reference}
