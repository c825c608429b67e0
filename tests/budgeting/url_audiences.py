"""Who each of budgeting's routes is for, for the URL walk in tests/test_url_access.py."""

from tests.audiences import OFFICER, TENANT, TENANT_OBJECT

AUDIENCES = {
    "budgeting:start": TENANT,
    "budgeting:overview": TENANT_OBJECT,
    "budgeting:section": TENANT_OBJECT,
    "budgeting:check": TENANT_OBJECT,
    "budgeting:version": TENANT_OBJECT,
    "budgeting:version_print": TENANT_OBJECT,
    "budgeting:version_csv": TENANT_OBJECT,
    "budgeting:version_json": TENANT_OBJECT,
    "budgeting:officer_latest": OFFICER,
    "budgeting:officer_csv": OFFICER,
    "budgeting:officer_json": OFFICER,
}


def sample_values(*, tenant, account) -> dict[str, str]:
    """A submitted version 1 and a draft version 2 on the tenant's tenancy."""
    from budgeting import services
    from tests.budgeting.helpers import fill_budget, submitted_budget

    tenancy = account.tenancy
    budget = submitted_budget(tenant, tenancy)
    fill_budget(tenant, tenancy)  # starts the next version as a draft
    assert services  # the helpers write through the services
    return {
        "tenancy_reference": tenancy.reference,
        "budget_version": str(budget.number),
        "budget_section": "benefits",
    }
