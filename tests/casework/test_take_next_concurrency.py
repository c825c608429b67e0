"""Two officers never get the same item: officers pressing "Take next" at the same moment, on
PostgreSQL (SELECT ... FOR UPDATE SKIP LOCKED), each get a different item or none."""

import os
import threading

import pytest
from django.conf import settings
from django.db import connection

from casework import services
from casework.models import WorkItem
from tests.casework.factories import WorkItemFactory
from tests.factories import UserFactory, add_to_group

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

OFFICERS = 6
ROUNDS = int(os.environ.get("CASEWORK_CONCURRENCY_ROUNDS", "20"))


def race(officers, kind=""):
    barrier = threading.Barrier(len(officers))
    results, errors = {}, []

    def take(officer):
        try:
            barrier.wait()
            item = services.work_item_take_next(officer=officer, kind=kind)
            results[officer.pk] = item.pk if item else None
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=take, args=(officer,)) for officer in officers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    return results


@pytest.fixture
def officers():
    return [add_to_group(UserFactory(), settings.INCOME_OFFICER_GROUP) for _ in range(OFFICERS)]


def test_officers_taking_at_once_each_get_a_different_item(officers):
    assert connection.vendor == "postgresql"
    for round_number in range(ROUNDS):
        WorkItem.objects.all().delete()
        # fewer items than officers on odd rounds: some officers must get nothing
        count = OFFICERS - 2 if round_number % 2 else OFFICERS + 3
        items = [WorkItemFactory(priority_points=points) for points in range(count)]
        results = race(officers)
        given = [item_id for item_id in results.values() if item_id is not None]
        assert len(given) == len(set(given)), f"round {round_number}: an item went twice"
        assert len(given) == min(count, OFFICERS)
        # the highest priority items went first
        top = sorted(items, key=lambda item: -item.priority_points)[: len(given)]
        assert set(given) == {item.pk for item in top}
        for item in WorkItem.objects.filter(pk__in=given):
            assert item.status == WorkItem.Status.IN_PROGRESS
            assert results[item.assignee_id] == item.pk


def assign_and_take_at_once(item, assigner, taker) -> list[str]:
    barrier = threading.Barrier(2)
    outcomes = []

    def assign():
        barrier.wait()
        try:
            services.work_item_assign_to_me(item_id=item.pk, officer=assigner)
            outcomes.append("assigned")
        except services.WorkItemConflict:
            outcomes.append("refused")
        finally:
            connection.close()

    def take():
        barrier.wait()
        try:
            outcomes.append("taken" if services.work_item_take_next(officer=taker) else "none")
        finally:
            connection.close()

    threads = [threading.Thread(target=assign), threading.Thread(target=take)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_taking_while_another_officer_assigns_gives_the_item_once(officers):
    for _ in range(ROUNDS):
        WorkItem.objects.all().delete()
        item = WorkItemFactory()
        outcomes = assign_and_take_at_once(item, officers[0], officers[1])
        assert sorted(outcomes) in (["assigned", "none"], ["refused", "taken"])
        item.refresh_from_db()
        assert item.status == WorkItem.Status.IN_PROGRESS
        assert item.assignee_id in (officers[0].pk, officers[1].pk)
