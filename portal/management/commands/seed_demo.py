"""Demo data for `make run`: tenancies that cover the cases, and a login for each kind of user.

Safe to run again: it leaves existing demo data alone and prints the logins.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from portal.models import Account, LedgerEntry, Tenancy, TenancyMember, User

# Fixed so the printed secret stays valid across runs. Demo only: production refuses to seed.
DEMO_TOTP_SECRETS = {
    "officer@example.com": "OFFICERDEMOTOTPSECRETKEYTWOSIXAB",
    "editor@example.com": "EDITORDEMOTOTPSECRETKEYTWOSIXABC",
}
MONDAY = 0


@dataclass(frozen=True)
class DemoTenancy:
    reference: str
    address: str
    postcode: str
    start: dt.date
    end: dt.date | None
    weekly_rent_pence: int
    bedrooms: int
    people: tuple[tuple[str, dt.date, str], ...]
    payment_pence: int
    # The tenant stopped paying this many weeks before the end of the history.
    unpaid_weeks: int


def _last_monday(today: dt.date) -> dt.date:
    return today - dt.timedelta(days=(today.weekday() - MONDAY) % 7)


class Command(BaseCommand):
    help = "Load demo tenancies, ledgers and logins (never in production)."

    def add_arguments(self, parser):
        parser.add_argument("--today", help="Date the demo history runs up to (YYYY-MM-DD).")

    def handle(self, *args, **options):
        if settings.SETTINGS_MODULE.endswith("production"):
            raise CommandError("seed_demo refuses to run with production settings.")
        today = dt.date.fromisoformat(options["today"]) if options["today"] else dt.date.today()
        password = settings.DEMO_PASSWORD
        with transaction.atomic():
            created = self._seed(today=today, password=password)
        # The advice pages, the demo grants catalogue and a payment plan waiting for an officer:
        # the other apps' own commands, called by name because portal imports no other app.
        # Each is idempotent too.
        call_command("seed_content", stdout=self.stdout)
        call_command("benefits_seed_demo", stdout=self.stdout)
        call_command("arrangements_seed_demo", stdout=self.stdout)
        self._print_logins(password=password, created=created)

    def _seed(self, *, today: dt.date, password: str) -> bool:
        if Tenancy.objects.filter(reference="DEMO-1001").exists():
            return False
        monday = _last_monday(today)
        ten_years_ago = _last_monday(today.replace(year=today.year - 10))
        tenancies = [
            DemoTenancy(
                "DEMO-1001",
                "14 Riverside Court",
                "M4 6BF",
                ten_years_ago,
                None,
                11250,
                2,
                (
                    ("Sam Taylor", dt.date(1984, 6, 2), "lead"),
                    ("Alex Taylor", dt.date(2012, 9, 14), "occupant"),
                ),
                payment_pence=11250,
                unpaid_weeks=24,
            ),
            DemoTenancy(
                "DEMO-1002",
                "3 Mill Lane",
                "M14 5RQ",
                dt.date(2019, 4, 1),
                None,
                9800,
                2,
                (
                    ("Jordan Smith", dt.date(1979, 1, 20), "lead"),
                    ("Priya Smith", dt.date(1981, 11, 3), "joint"),
                ),
                payment_pence=9800,
                unpaid_weeks=0,
            ),
            DemoTenancy(
                "DEMO-1003",
                "Flat 7, Orchard House",
                "M20 2LS",
                dt.date(2022, 8, 1),
                None,
                8700,
                1,
                (("Chris Okafor", dt.date(1990, 2, 11), "lead"),),
                payment_pence=9200,
                unpaid_weeks=0,
            ),
            DemoTenancy(
                "DEMO-1004",
                "22 Station Road",
                "M33 7ZR",
                dt.date(2023, 1, 2),
                None,
                10400,
                3,
                (("Morgan Reid", dt.date(1975, 7, 30), "lead"),),
                payment_pence=10400,
                unpaid_weeks=2,
            ),
            DemoTenancy(
                "DEMO-1005",
                "9 Elm Grove",
                "M8 0PE",
                dt.date(2016, 5, 2),
                monday - dt.timedelta(weeks=30),
                9100,
                2,
                (("Robin Hughes", dt.date(1968, 12, 5), "lead"),),
                payment_pence=9100,
                unpaid_weeks=16,
            ),
        ]
        for spec in tenancies:
            self._make_tenancy(spec, monday=monday)
        large_arrears = Tenancy.objects.get(reference="DEMO-1001")
        self._extra_accounts(large_arrears, monday=monday)
        former = Tenancy.objects.get(reference="DEMO-1005")
        self._former_tenant_arrears(former)

        self._user("tenant@example.com", "Sam Taylor", password, member=("DEMO-1001", "Sam Taylor"))
        self._user(
            "joint@example.com", "Priya Smith", password, member=("DEMO-1002", "Priya Smith")
        )
        self._user(
            "officer@example.com", "Olu Officer", password, group=settings.INCOME_OFFICER_GROUP
        )
        editor = self._user(
            "editor@example.com", "Eddie Editor", password, group=settings.EDITOR_GROUP, staff=True
        )
        # Also a moderator, so one demo login can show the whole review-and-publish flow.
        editor.groups.add(Group.objects.get_or_create(name="Moderators")[0])
        return True

    def _make_tenancy(self, spec: DemoTenancy, *, monday: dt.date) -> None:
        tenancy = Tenancy.objects.create(
            reference=spec.reference,
            address_line_1=spec.address,
            town="Manchester",
            postcode=spec.postcode,
            start_date=spec.start,
            end_date=spec.end,
            bedrooms=spec.bedrooms,
            weekly_rent_pence=spec.weekly_rent_pence,
        )
        for name, born, role in spec.people:
            TenancyMember.objects.create(tenancy=tenancy, name=name, date_of_birth=born, role=role)
        rent = Account.objects.create(
            tenancy=tenancy, kind=Account.Kind.RENT, reference=f"{spec.reference}-R"
        )
        last = spec.end or monday
        entries = []
        stopped_paying = last - dt.timedelta(weeks=spec.unpaid_weeks)
        week = spec.start
        while week <= last:
            entries.append(self._entry(rent, week, spec.weekly_rent_pence, "charge", "Rent"))
            if week <= stopped_paying:
                entries.append(
                    self._entry(
                        rent,
                        week,
                        -spec.payment_pence,
                        "payment",
                        "Payment, thank you",
                    )
                )
            week += dt.timedelta(weeks=1)
        LedgerEntry.objects.bulk_create(entries, batch_size=2000)

    def _extra_accounts(self, tenancy: Tenancy, *, monday: dt.date) -> None:
        garage = Account.objects.create(
            tenancy=tenancy, kind=Account.Kind.GARAGE, reference=f"{tenancy.reference}-G"
        )
        repairs = Account.objects.create(
            tenancy=tenancy,
            kind=Account.Kind.RECHARGEABLE_REPAIRS,
            reference=f"{tenancy.reference}-RR",
        )
        entries = []
        for week in range(26, -1, -1):
            day = monday - dt.timedelta(weeks=week)
            entries.append(self._entry(garage, day, 1250, "charge", "Garage rent"))
            if week % 4:
                entries.append(
                    self._entry(garage, day + dt.timedelta(days=2), -1250, "payment", "Payment")
                )
        entries.append(
            self._entry(
                repairs,
                monday - dt.timedelta(weeks=10),
                34500,
                "charge",
                "Replacement front door after damage",
            )
        )
        entries.append(
            self._entry(repairs, monday - dt.timedelta(weeks=6), -5000, "payment", "Payment")
        )
        LedgerEntry.objects.bulk_create(entries)

    def _former_tenant_arrears(self, tenancy: Tenancy) -> None:
        fta = Account.objects.create(
            tenancy=tenancy,
            kind=Account.Kind.FORMER_TENANT_ARREARS,
            reference=f"{tenancy.reference}-FTA",
        )
        rent = tenancy.accounts.get(kind=Account.Kind.RENT)
        balance = sum(rent.entries.values_list("amount_pence", flat=True))
        transfer_on = tenancy.end_date + dt.timedelta(days=7)
        LedgerEntry.objects.bulk_create(
            [
                self._entry(
                    rent, transfer_on, -balance, "adjustment", "Moved to former tenant arrears"
                ),
                self._entry(
                    fta, transfer_on, balance, "adjustment", "Rent owed when the tenancy ended"
                ),
                self._entry(fta, transfer_on + dt.timedelta(days=28), -2000, "payment", "Payment"),
            ]
        )

    _sequence = 0

    def _entry(self, account, day, pence, kind, description) -> LedgerEntry:
        self._sequence += 1
        return LedgerEntry(
            account=account,
            amount_pence=pence,
            posted_on=day,
            kind=kind,
            description=description,
            source=LedgerEntry.Source.HMS,
            external_id=f"DEMO-{self._sequence:07d}",
        )

    def _user(self, email, name, password, *, member=None, group=None, staff=False) -> User:
        user = User.objects.create_user(email=email, password=password, name=name, is_staff=staff)
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        if member:
            reference, person = member
            TenancyMember.objects.filter(tenancy__reference=reference, name=person).update(
                user=user
            )
        if group:
            user.groups.add(Group.objects.get_or_create(name=group)[0])
        if email in DEMO_TOTP_SECRETS:
            TOTP.activate(user, DEMO_TOTP_SECRETS[email])
        return user

    def _print_logins(self, *, password: str, created: bool) -> None:
        write = self.stdout.write
        write("")
        write("Demo data " + ("loaded." if created else "was already there."))
        write(f"Every demo login uses the password: {password}")
        write("  tenant@example.com   tenant with large arrears, a garage and repairs to pay")
        write("  joint@example.com    joint tenant")
        write("  officer@example.com  income officer (needs the authenticator code below)")
        write("  editor@example.com   content editor and moderator (needs the authenticator code)")
        for email, secret in DEMO_TOTP_SECRETS.items():
            if Authenticator.objects.filter(user__email=email, type="totp").exists():
                write(f"  Authenticator secret for {email}: {secret}")
                write(
                    f"    otpauth://totp/{settings.LANDLORD_NAME.replace(' ', '%20')}:{email}"
                    f"?secret={secret}&issuer={settings.LANDLORD_NAME.replace(' ', '%20')}"
                )
        write("")
