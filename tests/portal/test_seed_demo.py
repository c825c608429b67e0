import datetime as dt
import os
import subprocess
import sys

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.management import call_command

from portal.models import Account, LedgerEntry, Tenancy, TenancyMember, User
from portal.selectors import dashboard_for_user

pytestmark = pytest.mark.django_db


def test_seed_demo_covers_the_cases_and_prints_the_logins(capsys):
    call_command("seed_demo", today="2026-11-22")
    out = capsys.readouterr().out
    for email in (
        "tenant@example.com",
        "joint@example.com",
        "officer@example.com",
        "editor@example.com",
    ):
        assert email in out
        user = User.objects.get(email=email)
        assert user.check_password(settings.DEMO_PASSWORD)
        assert EmailAddress.objects.get(user=user).verified
    assert "Authenticator secret for officer@example.com" in out

    tenant = User.objects.get(email="tenant@example.com")
    [summary] = dashboard_for_user(user=tenant, today=dt.date(2026, 11, 22))
    kinds = {item.account.kind for item in summary.accounts}
    assert kinds == {Account.Kind.RENT, Account.Kind.GARAGE, Account.Kind.RECHARGEABLE_REPAIRS}
    rent = next(item for item in summary.accounts if item.account.kind == Account.Kind.RENT)
    assert rent.in_arrears and float(rent.weeks_in_arrears) >= 20
    assert rent.account.entries.count() > 1000  # ten years of weekly history

    joint = User.objects.get(email="joint@example.com")
    assert TenancyMember.objects.get(user=joint).role == TenancyMember.Role.JOINT

    balances = {
        account.reference: sum(account.entries.values_list("amount_pence", flat=True))
        for account in Account.objects.all()
    }
    assert any(balance < 0 for balance in balances.values())  # someone in credit
    assert Tenancy.objects.filter(end_date__isnull=False).exists()  # a former tenant
    assert Account.objects.filter(kind=Account.Kind.FORMER_TENANT_ARREARS).exists()
    assert (
        User.objects.get(email="officer@example.com")
        .groups.filter(name=settings.INCOME_OFFICER_GROUP)
        .exists()
    )


def test_seed_demo_twice_changes_nothing():
    call_command("seed_demo")
    count = LedgerEntry.objects.count()
    call_command("seed_demo")
    assert LedgerEntry.objects.count() == count


def test_seed_demo_refuses_production_settings():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "x" * 50,
        "ALLOWED_HOSTS": "portal.example.com",
        "DATABASE_URL": "sqlite:////tmp/never-created.sqlite3",
        "CACHE_URL": "redis://127.0.0.1:6379/5",  # production refuses a per-process cache
    }
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "seed_demo"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=settings.BASE_DIR,
    )
    assert result.returncode != 0
    assert "refuses to run with production settings" in result.stderr


@pytest.mark.parametrize("missing", ["SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS"])
def test_production_refuses_to_start_without_its_secrets(missing):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "x" * 50,
        "ALLOWED_HOSTS": "portal.example.com",
        "DATABASE_URL": "sqlite:////tmp/never-created.sqlite3",
        "CACHE_URL": "locmemcache://",
    }
    env[missing] = ""
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "check"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=settings.BASE_DIR,
    )
    assert result.returncode != 0
    assert f"{missing} must be set in production" in result.stderr
