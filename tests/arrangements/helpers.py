"""Making plans through the services, as the pages do."""

import datetime as dt
import uuid

from arrangements import selectors, services


def propose(
    user,
    *,
    today,
    amount=2000,
    frequency="weekly",
    start=None,
    method="card",
    covers_charge=True,
    lump=0,
    other_accounts=(),
):
    context = selectors.plan_context_for_user(user=user, today=today)
    terms = services.Terms(
        amount_pence=amount,
        frequency=frequency,
        start_on=start or today + dt.timedelta(days=4),
        payment_method=method,
        covers_charge=covers_charge,
        lump_sum_pence=lump,
        other_accounts=tuple(other_accounts),
    )
    return services.arrangement_propose(
        user=user, context=context, terms=terms, form_token=uuid.uuid4(), today=today
    )
