"""The CSV for the housing system, the tenant's subject access export, and the demo data."""

import csv
import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command

from arrangements.models import Arrangement
from portal.privacy import personal_data_registry
from tests.arrangements.helpers import propose
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def export(since):
    out = io.StringIO()
    call_command("export_arrangements", "--since", since, stdout=out)
    return list(csv.DictReader(io.StringIO(out.getvalue())))


def test_the_export_lists_plans_changed_since_the_date(owing, today):
    user, account = owing
    plan = propose(user, today=today, lump=5000)
    (row,) = export("2026-11-23")
    assert row["plan_id"] == str(plan.pk)
    assert row["tenancy_ref"] == account.tenancy.reference
    assert row["account_refs"] == account.reference
    assert (row["status"], row["amount"], row["frequency"]) == ("proposed", "20.00", "weekly")
    assert (row["charge"], row["includes_charge"], row["lump_sum"]) == ("95.00", "yes", "50.00")
    assert row["starting_balance"] == "500.00"
    assert row["clears_on"] == "2027-04-30"  # (500 - 50) / 20 = 23 Fridays from 27 November
    assert row["last_decision"] == "referred"
    assert export("2026-11-24") == []


def test_a_bad_date_is_refused_plainly():
    with pytest.raises(CommandError, match="--since must be a date"):
        call_command("export_arrangements", "--since", "yesterday")


def test_the_tenants_data_export_includes_their_plans_only(owing, today):
    user, _ = owing
    propose(user, today=today)
    (entry,) = [e for e in personal_data_registry() if e.model == "arrangements.Arrangement"]
    (record,) = entry.export(user=user)
    assert record["status"] == "Waiting for a decision"
    assert record["amount_towards_arrears_pence"] == 2000
    assert entry.export(user=UserFactory()) == []
    assert entry.retention_days is None and "6 years" in entry.retention_reason


def test_the_demo_tenant_gets_a_plan_awaiting_a_decision_once(today):
    from tests.factories import LedgerEntryFactory, tenant_with_account

    user, account = tenant_with_account()
    user.email = "tenant@example.com"
    user.save()
    LedgerEntryFactory(account=account, amount_pence=250000)
    call_command("arrangements_seed_demo", stdout=io.StringIO())
    call_command("arrangements_seed_demo", stdout=io.StringIO())
    plan = Arrangement.objects.get()
    assert plan.status == Arrangement.Status.PROPOSED
    assert plan.start_on == today + dt.timedelta(days=7)
    assert plan.tenancy == account.tenancy
