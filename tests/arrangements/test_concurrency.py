"""Decisions under concurrency, on PostgreSQL: two officers deciding, or an officer deciding
while the tenant withdraws, give exactly one outcome; the other is told "already decided"."""

import threading

import pytest
from django.db import connection

from arrangements import services
from arrangements.models import Arrangement
from tests.arrangements.factories import ArrangementFactory
from tests.factories import TenancyMemberFactory, UserFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ROUNDS = 20


def race(*actions):
    """Run the actions at the same moment, each in its own thread and connection."""
    barrier = threading.Barrier(len(actions))
    results = [None] * len(actions)

    def run(index, action):
        try:
            barrier.wait()
            results[index] = ("ok", action())
        except services.AlreadyDecided as exc:
            results[index] = ("already", exc.status)
        except Exception as exc:  # noqa: BLE001 (reported below)
            results[index] = ("error", repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def _plan():
    plan = ArrangementFactory(status=Arrangement.Status.PROPOSED)
    tenant = UserFactory()
    TenancyMemberFactory(tenancy=plan.tenancy, user=tenant)
    return plan, tenant


def test_two_officers_deciding_at_once_make_one_decision(officer):
    other = UserFactory()
    for _ in range(ROUNDS):
        plan, _tenant = _plan()
        results = race(
            lambda p=plan: services.arrangement_approve(
                arrangement=Arrangement.objects.get(pk=p.pk), officer=officer
            ),
            lambda p=plan: services.arrangement_reject(
                arrangement=Arrangement.objects.get(pk=p.pk), officer=other, reason="other"
            ),
        )
        kinds = sorted(kind for kind, _ in results)
        assert kinds == ["already", "ok"], results
        plan.refresh_from_db()
        assert plan.status in ("live", "rejected")
        assert plan.decisions.exclude(action="referred").count() == 1
        assert plan.state_changes.exclude(to_status="proposed").count() == 1


def test_an_officer_deciding_while_the_tenant_withdraws_makes_one_outcome(officer):
    for _ in range(ROUNDS):
        plan, tenant = _plan()
        results = race(
            lambda p=plan: services.arrangement_approve(
                arrangement=Arrangement.objects.get(pk=p.pk), officer=officer
            ),
            lambda p=plan, t=tenant: services.arrangement_withdraw(
                arrangement=Arrangement.objects.get(pk=p.pk), user=t
            ),
        )
        assert sorted(kind for kind, _ in results) == ["already", "ok"], results
        plan.refresh_from_db()
        winner = next(value for kind, value in results if kind == "ok")
        assert plan.status == winner
        assert plan.state_changes.exclude(to_status="proposed").count() == 1
