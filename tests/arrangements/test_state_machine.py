"""The plan's states as a table: every allowed move works, every other move is refused."""

import itertools

import pytest

from arrangements import services
from arrangements.models import Arrangement
from tests.arrangements.factories import ArrangementFactory

S = Arrangement.Status

ALLOWED = {
    (S.PROPOSED, S.LIVE),
    (S.PROPOSED, S.REJECTED),
    (S.PROPOSED, S.COUNTERED),
    (S.PROPOSED, S.WITHDRAWN),
    (S.COUNTERED, S.LIVE),
    (S.COUNTERED, S.DECLINED),
    (S.LIVE, S.BREACHED),
    (S.LIVE, S.COMPLETED),
    (S.LIVE, S.CANCELLED),
    (S.BREACHED, S.LIVE),
    (S.BREACHED, S.COMPLETED),
    (S.BREACHED, S.CANCELLED),
}


def test_the_transitions_table_is_exactly_the_agreed_one():
    table = {(a, b) for a, targets in Arrangement.TRANSITIONS.items() for b in targets}
    assert table == ALLOWED
    assert set(Arrangement.TRANSITIONS) == set(S.values)


@pytest.mark.django_db
@pytest.mark.parametrize(("source", "target"), list(itertools.product(S.values, S.values)))
def test_each_move_is_made_only_if_the_table_allows_it(source, target):
    plan = ArrangementFactory(status=source)
    if (source, target) in ALLOWED:
        assert services._move(plan, to=target, allowed_from=(source,), on=plan.balance_on) == source
        plan.refresh_from_db()
        assert plan.status == target
        assert plan.state_changes.last().to_status == target
    else:
        with pytest.raises(ValueError):
            services._move(plan, to=target, allowed_from=(source,), on=plan.balance_on)
        plan.refresh_from_db()
        assert plan.status == source


@pytest.mark.django_db
def test_a_move_from_a_status_the_plan_has_left_is_already_decided():
    plan = ArrangementFactory(status=S.PROPOSED)
    Arrangement.objects.filter(pk=plan.pk).update(status=S.WITHDRAWN)
    with pytest.raises(services.AlreadyDecided) as caught:
        services._move(plan, to=S.LIVE, allowed_from=(S.PROPOSED,), on=plan.balance_on)
    assert caught.value.status == S.WITHDRAWN


@pytest.mark.django_db
def test_history_rows_cannot_be_changed_or_deleted():
    change = ArrangementFactory().state_changes.get()
    change.description = "edited"
    with pytest.raises(ValueError):
        change.save()
    with pytest.raises(ValueError):
        change.delete()


@pytest.mark.django_db
def test_a_tenancy_has_one_open_plan_at_most():
    from django.db import IntegrityError, transaction

    plan = ArrangementFactory(status=S.LIVE)
    with pytest.raises(IntegrityError), transaction.atomic():
        ArrangementFactory(tenancy=plan.tenancy, status=S.PROPOSED)
    ArrangementFactory(tenancy=plan.tenancy, status=S.REJECTED)  # closed plans are fine
