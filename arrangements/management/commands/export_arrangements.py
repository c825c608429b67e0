"""Write the payment plans changed since a date as CSV for the housing management system.

    python manage.py export_arrangements --since 2027-01-01 [--output plans.csv]

The format is in docs/interfaces.md ("Payment plans export").
"""

from __future__ import annotations

import csv
import datetime as dt
import sys

from django.core.management.base import BaseCommand, CommandError

from arrangements.selectors import arrangements_changed_since
from portal.money import pence_to_pounds_text

HEADER = [
    "plan_id",
    "tenancy_ref",
    "account_refs",
    "status",
    "amount",
    "frequency",
    "includes_charge",
    "charge",
    "start_date",
    "lump_sum",
    "lump_sum_date",
    "payment_method",
    "starting_balance",
    "clears_on",
    "proposed_at",
    "decided_at",
    "ended_at",
    "last_decision",
    "last_decision_reason",
    "updated_at",
]


def _date(value) -> str:
    return value.isoformat() if value else ""


def rows(*, since: dt.date):
    for plan in arrangements_changed_since(since=since).iterator(chunk_size=500):
        decisions = list(plan.decisions.all())
        last = decisions[-1] if decisions else None
        yield [
            plan.pk,
            plan.tenancy.reference,
            ";".join(account.reference for account in plan.accounts.all()),
            plan.status,
            pence_to_pounds_text(plan.amount_pence),
            plan.frequency,
            "yes" if plan.covers_charge else "no",
            pence_to_pounds_text(plan.charge_pence),
            _date(plan.start_on),
            pence_to_pounds_text(plan.lump_sum_pence),
            _date(plan.lump_sum_on),
            plan.payment_method,
            pence_to_pounds_text(plan.starting_balance_pence),
            _date(plan.schedule().clears_on),
            plan.created_at.isoformat(timespec="seconds"),
            plan.decided_at.isoformat(timespec="seconds") if plan.decided_at else "",
            plan.ended_at.isoformat(timespec="seconds") if plan.ended_at else "",
            last.action if last else "",
            last.reason if last else "",
            plan.updated_at.isoformat(timespec="seconds"),
        ]


class Command(BaseCommand):
    help = "Write payment plans changed on or since --since (YYYY-MM-DD) as CSV."

    def add_arguments(self, parser):
        parser.add_argument("--since", required=True, help="YYYY-MM-DD")
        parser.add_argument("--output", help="File to write (default: standard output)")

    def handle(self, *args, since: str, output: str | None = None, **options):
        try:
            since_date = dt.date.fromisoformat(since)
        except ValueError:
            raise CommandError("--since must be a date like 2027-01-31") from None
        handle = open(output, "w", newline="", encoding="utf-8") if output else None  # noqa: SIM115
        try:
            writer = csv.writer(handle or self.stdout, lineterminator="\n")
            writer.writerow(HEADER)
            count = 0
            for row in rows(since=since_date):
                writer.writerow(row)
                count += 1
        finally:
            if handle:
                handle.close()
        if output:
            sys.stderr.write(f"{count} plans written to {output}\n")
