"""Who each of arrangements's routes is for, for the URL walk in tests/test_url_access.py."""

from tests.audiences import OFFICER, TENANT, TENANT_OBJECT

AUDIENCES = {
    "arrangements:start": TENANT,
    "arrangements:propose": TENANT,
    "arrangements:detail": TENANT_OBJECT,
    "arrangements:withdraw": TENANT_OBJECT,
    "arrangements:respond": TENANT_OBJECT,
    "arrangements:officer_decide": OFFICER,
}


def sample_values(*, tenant, account) -> dict[str, str]:
    """A plan on the tenant's tenancy that an officer has answered with a counter-offer."""
    from tests.arrangements.factories import ArrangementFactory, CounterOfferFactory

    plan = ArrangementFactory(tenancy=account.tenancy, accounts=[account], status="countered")
    CounterOfferFactory(arrangement=plan)
    return {"plan_id": str(plan.pk)}
