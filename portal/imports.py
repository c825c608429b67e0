"""Imports from the housing management system (HMS): tenancies and ledger entries from CSV files.

The formats are described in `docs/interfaces.md`. Every import:

- reads the file once to hash it (SHA-256) and to check it is UTF-8 text, then streams it row by
  row, so memory stays flat at any size;
- is recorded as one `ImportRun` per (kind, file hash): the same file again is skipped quickly;
- takes a lock per file (a PostgreSQL advisory lock), so two workers importing the same file at
  once produce one import;
- validates each row with one pure function (`ledger_row_parse`, `tenancy_row_parse`) that returns
  a typed record or a reason, and reports bad rows with their line number while the good rows load;
- applies each batch of rows in one transaction, so a crash never half-loads a batch, and records
  the run's counts in the same transaction;
- never adds a ledger entry twice: entries are unique on (source="hms", entry_id, entry_type) and
  are inserted with ON CONFLICT DO NOTHING semantics.

On PostgreSQL a ledger file is loaded set-based (`_SetBasedLedgerLoad`: the raw CSV is COPYed
into a temporary table and checked, converted and inserted in SQL, in one transaction; rows SQL
does not accept are judged by `ledger_row_parse`, so every reason comes from one place). Files
PostgreSQL's CSV parser refuses, tenancies files and SQLite use the row-by-row reader, whose
database-specific part is small: `_PostgresEntryWriter` (COPY into a temporary table, then
INSERT ... SELECT) and `_PortableEntryWriter` (bulk_create, for SQLite).
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import functools
import hashlib
import logging
import os
import queue
import re
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from django.conf import settings
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.utils import timezone

from .models import Account, ImportRun, LedgerEntry, Tenancy, TenancyMember
from .money import MoneyError, parse_pounds
from .services import normalise_postcode, normalise_reference

logger = logging.getLogger(__name__)

LEDGER_COLUMNS = (
    "tenancy_ref",
    "account_ref",
    "account_type",
    "entry_id",
    "posted_on",
    "entry_type",
    "amount",
    "description",
    "payment_ref",
)
TENANCY_COLUMNS = (
    "tenancy_ref",
    "address_line_1",
    "address_line_2",
    "town",
    "postcode",
    "start_date",
    "end_date",
    "bedrooms",
    "weekly_rent",
    "person_name",
    "date_of_birth",
    "role",
)

# Rows applied per transaction. A batch is only cut where the account (ledger) or the tenancy
# (tenancies) changes, so a file grouped by account never shows half an account's day, unless
# one group is longer than twice this.
BATCH_SIZE = 5_000
# Bad rows kept on the ImportRun; the rest are counted in `rows_failed` and the run's message.
MAX_ERRORS_KEPT = 500
# Plausibility limits: anything beyond these is a mistake in the file, not a real figure.
MAX_ENTRY_PENCE = 100_000_000  # £1,000,000
MAX_WEEKLY_RENT_PENCE = 1_000_000  # £10,000 a week
MAX_BEDROOMS = 20
EARLIEST_DATE = dt.date(1900, 1, 1)
LATEST_DATE = dt.date(2099, 12, 31)

# PostgreSQL loads ledger files set-based (`_SetBasedLedgerLoad`); False forces the row-by-row
# reader there too (tests use it to exercise both).
SET_BASED_LEDGER = True

# A dropped file must be this old (unchanged) before the beat task queues it.
DROP_SETTLE_SECONDS = 30

FINAL_STATUSES = frozenset({ImportRun.Status.COMPLETED, ImportRun.Status.COMPLETED_WITH_ERRORS})
SKIPPED_LOCKED = "skipped: locked or already imported"

# Sizes of the columns we store, read from the models so the two cannot drift apart.
_TENANCY_REF_MAX = Tenancy._meta.get_field("reference").max_length
_ACCOUNT_REF_MAX = Account._meta.get_field("reference").max_length
_ENTRY_ID_MAX = LedgerEntry._meta.get_field("external_id").max_length
_DESCRIPTION_MAX = LedgerEntry._meta.get_field("description").max_length
_ADDRESS_MAX = Tenancy._meta.get_field("address_line_1").max_length
_TOWN_MAX = Tenancy._meta.get_field("town").max_length
_PERSON_NAME_MAX = TenancyMember._meta.get_field("name").max_length

_ACCOUNT_KINDS = tuple(Account.Kind.values)
_ENTRY_KINDS = tuple(LedgerEntry.Kind.values)
_ROLES = tuple(TenancyMember.Role.values)
# The sign each kind of entry must have: positive means the tenant owes more.
_ENTRY_SIGNS = {
    LedgerEntry.Kind.CHARGE: 1,
    LedgerEntry.Kind.REFUND: 1,
    LedgerEntry.Kind.PAYMENT: -1,
    LedgerEntry.Kind.BENEFIT_CREDIT: -1,
    LedgerEntry.Kind.WRITEOFF: -1,
}
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_UK_POSTCODE = re.compile(r"(?:[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}|GIR0AA)")


# --- Parsing rows: pure functions, no database ----------------------------------------------


class LedgerRow(NamedTuple):
    """One valid row of a ledger file, typed."""

    tenancy_ref: str
    account_ref: str
    account_kind: str
    entry_id: str
    posted_on: dt.date
    entry_kind: str
    amount_pence: int
    description: str
    payment_ref: str


class TenancyRow(NamedTuple):
    """One valid row of a tenancies file: a tenancy's fields and one person on it."""

    tenancy_ref: str
    address_line_1: str
    address_line_2: str
    town: str
    postcode: str
    start_date: dt.date
    end_date: dt.date | None
    bedrooms: int
    weekly_rent_pence: int
    person_name: str
    date_of_birth: dt.date
    role: str

    def tenancy_values(self) -> dict[str, Any]:
        """The Tenancy model's fields, as this row gives them."""
        return {name: getattr(self, name) for name in _TENANCY_FIELDS}


# The Tenancy fields a tenancies file sets.
_TENANCY_FIELDS = (
    "address_line_1",
    "address_line_2",
    "town",
    "postcode",
    "start_date",
    "end_date",
    "bedrooms",
    "weekly_rent_pence",
)


def _show(text: str) -> str:
    """A value quoted in a reason, cut short so a huge field cannot bloat the report."""
    return f'"{text}"' if len(text) <= 40 else f'"{text[:37]}..."'


def _too_long(column: str, text: str, most: int) -> str | None:
    """Why a text is too long for its column, or None."""
    if len(text) > most:
        return f"{column} is {len(text):,} characters long; the most allowed is {most}"
    return None


@functools.lru_cache(maxsize=8192)
def _iso_date(text: str) -> dt.date | None:
    """A YYYY-MM-DD date inside the plausible range, or None. Cached: dates repeat a lot."""
    if not _DATE.fullmatch(text):
        return None
    try:
        value = dt.date.fromisoformat(text)
    except ValueError:
        return None
    return value if EARLIEST_DATE <= value <= LATEST_DATE else None


def _date_reason(column: str, text: str, *, show_value: bool = True) -> str:
    shown = f" {_show(text)}" if show_value else ""
    if not text:
        return f"{column} is missing"
    if _DATE.fullmatch(text):
        return f"{column}{shown} is not a real date between 1900 and 2099"
    return f"{column}{shown} is not a date in the form YYYY-MM-DD"


def _pence(column: str, text: str, *, allow_negative: bool) -> int | str:
    """Pounds to pence through the project's one money parser, with import-specific reasons."""
    if not text:
        return f"{column} is missing"
    try:
        return parse_pounds(text, allow_negative=allow_negative)
    except MoneyError as exc:
        if exc.code == "decimal_places":
            return f"{column} {_show(text)} has more than 2 decimal places"
        if exc.code == "negative":
            return f"{column} {_show(text)} is negative"
        return f"{column} {_show(text)} is not an amount in pounds, like 95.00 or -25.50"


@functools.lru_cache(maxsize=16384)
def _entry_amount(text: str) -> int | str:
    """The amount column in pence, or why it is bad. Cached: amounts repeat a lot."""
    amount = _pence("amount", text, allow_negative=True)
    if isinstance(amount, str):
        return amount
    if amount == 0:
        return "amount is 0: every entry must change the balance"
    if abs(amount) > MAX_ENTRY_PENCE:
        return f"amount {_show(text)} is more than £1,000,000"
    return amount


def ledger_row_parse(row: Mapping[str, str]) -> LedgerRow | str:
    """Check one ledger row (column name -> text) and return it typed, or the reason it is bad.

    References are compared without regard to case or surrounding spaces (stored in capitals);
    entry_id and payment_ref are kept exactly as given.
    """
    # Length checks are inline rather than through _too_long: this runs a million times a file.
    tenancy_ref = row["tenancy_ref"].strip().upper()
    if not tenancy_ref:
        return "tenancy_ref is missing"
    if len(tenancy_ref) > _TENANCY_REF_MAX:
        return _too_long("tenancy_ref", tenancy_ref, _TENANCY_REF_MAX)
    account_ref = row["account_ref"].strip().upper()
    if not account_ref:
        return "account_ref is missing"
    if len(account_ref) > _ACCOUNT_REF_MAX:
        return _too_long("account_ref", account_ref, _ACCOUNT_REF_MAX)
    account_kind = row["account_type"].strip()
    if account_kind not in _ACCOUNT_KINDS:
        if not account_kind:
            return "account_type is missing"
        return f"account_type {_show(account_kind)} is not one of: {', '.join(_ACCOUNT_KINDS)}"
    entry_id = row["entry_id"].strip()
    if not entry_id:
        return "entry_id is missing"
    if len(entry_id) > _ENTRY_ID_MAX:
        return _too_long("entry_id", entry_id, _ENTRY_ID_MAX)
    posted_text = row["posted_on"].strip()
    posted_on = _iso_date(posted_text)
    if posted_on is None:
        return _date_reason("posted_on", posted_text)
    entry_kind = row["entry_type"].strip()
    if entry_kind not in _ENTRY_KINDS:
        if not entry_kind:
            return "entry_type is missing"
        return f"entry_type {_show(entry_kind)} is not one of: {', '.join(_ENTRY_KINDS)}"
    amount_text = row["amount"].strip()
    amount = _entry_amount(amount_text)
    if amount.__class__ is str:
        return amount
    sign = _ENTRY_SIGNS.get(entry_kind)
    if sign is not None and (amount > 0) != (sign > 0):
        if sign > 0:
            return f"amount {_show(amount_text)} is negative, but a {entry_kind} must be positive"
        return (
            f"amount {_show(amount_text)} is positive, but a {entry_kind} must be negative "
            "(money in)"
        )
    description = row["description"].strip()
    if len(description) > _DESCRIPTION_MAX:
        return _too_long("description", description, _DESCRIPTION_MAX)
    payment_ref = row["payment_ref"].strip()
    if len(payment_ref) > _ENTRY_ID_MAX:
        return _too_long("payment_ref", payment_ref, _ENTRY_ID_MAX)
    return LedgerRow(
        tenancy_ref,
        account_ref,
        account_kind,
        entry_id,
        posted_on,
        entry_kind,
        amount,
        description,
        payment_ref,
    )


def format_postcode(text: str) -> str | None:
    """ "sw1a1aa" -> "SW1A 1AA"; None when it is not shaped like a UK postcode."""
    compact = normalise_postcode(text)
    if not _UK_POSTCODE.fullmatch(compact):
        return None
    return f"{compact[:-3]} {compact[-3:]}"


def tenancy_row_parse(row: Mapping[str, str]) -> TenancyRow | str:
    """Check one tenancies row (column name -> text) and return it typed, or why it is bad.

    Reasons never quote a person's name, date of birth or address: they end up in logs and
    officers' screens.
    """
    tenancy_ref = normalise_reference(row["tenancy_ref"])
    if not tenancy_ref:
        return "tenancy_ref is missing"
    if reason := _too_long("tenancy_ref", tenancy_ref, _TENANCY_REF_MAX):
        return reason
    address_line_1 = row["address_line_1"].strip()
    if not address_line_1:
        return "address_line_1 is missing"
    address_line_2 = row["address_line_2"].strip()
    town = row["town"].strip()
    for column, text, most in (
        ("address_line_1", address_line_1, _ADDRESS_MAX),
        ("address_line_2", address_line_2, _ADDRESS_MAX),
        ("town", town, _TOWN_MAX),
    ):
        if reason := _too_long(column, text, most):
            return reason
    postcode_text = row["postcode"].strip()
    if not postcode_text:
        return "postcode is missing"
    postcode = format_postcode(postcode_text)
    if postcode is None:
        return "postcode is not a UK postcode"
    start_text = row["start_date"].strip()
    start_date = _iso_date(start_text)
    if start_date is None:
        return _date_reason("start_date", start_text)
    end_text = row["end_date"].strip()
    end_date = None
    if end_text:
        end_date = _iso_date(end_text)
        if end_date is None:
            return _date_reason("end_date", end_text)
        if end_date < start_date:
            return f"end_date {end_text} is before start_date {start_text}"
    bedrooms_text = row["bedrooms"].strip()
    if not bedrooms_text:
        return "bedrooms is missing"
    if not (bedrooms_text.isascii() and bedrooms_text.isdigit()):
        return f"bedrooms {_show(bedrooms_text)} is not a whole number"
    bedrooms = int(bedrooms_text)
    if bedrooms > MAX_BEDROOMS:
        return f"bedrooms {bedrooms} is more than {MAX_BEDROOMS}"
    weekly_rent = _pence("weekly_rent", row["weekly_rent"].strip(), allow_negative=False)
    if isinstance(weekly_rent, str):
        return weekly_rent
    if weekly_rent > MAX_WEEKLY_RENT_PENCE:
        return "weekly_rent is more than £10,000"
    person_name = " ".join(row["person_name"].split())
    if not person_name:
        return "person_name is missing"
    if reason := _too_long("person_name", person_name, _PERSON_NAME_MAX):
        return reason
    birth_text = row["date_of_birth"].strip()
    date_of_birth = _iso_date(birth_text)
    if date_of_birth is None:
        return _date_reason("date_of_birth", birth_text, show_value=False)
    if date_of_birth > timezone.localdate():
        return "date_of_birth is in the future"
    role = row["role"].strip().lower()
    if role not in _ROLES:
        if not role:
            return "role is missing"
        return f"role {_show(role)} is not one of: {', '.join(_ROLES)}"
    return TenancyRow(
        tenancy_ref,
        address_line_1,
        address_line_2,
        town,
        postcode,
        start_date,
        end_date,
        bedrooms,
        weekly_rent,
        person_name,
        date_of_birth,
        role,
    )


# --- Applying a batch: the database side -----------------------------------------------------


@dataclass
class _BatchOutcome:
    loaded: int = 0
    unchanged: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)
    superseded: int = 0


def _insert_new_entries(cursor, insert_new: str, insert_ignoring_conflicts: str, params) -> int:
    """Run an INSERT that skips entries already in the ledger by probing its unique index, in
    the caller's transaction; the number of entries inserted.

    The probe must use the index. On a ledger that statistics say is empty or tiny (new, or
    vacuumed while it was) the planner scans the table instead, once for every row, while the
    statement fills it: a 1,000,000-row import was still running after nearly ten minutes
    (15 s with the index). Sequential scans are off for this statement only; the small tables
    it joins are then read by their indexes, which costs little.

    If a concurrent import commits one of the same entries after the probe, the unique key
    refuses the insert and it runs again ignoring conflicts, with the same result.
    """
    cursor.execute("SELECT set_config('enable_seqscan', 'off', true)")
    try:
        with transaction.atomic():
            cursor.execute(insert_new, params)
    except IntegrityError:
        logger.info("hms import: entries inserted concurrently, inserting again")
        cursor.execute(insert_ignoring_conflicts, params)
    inserted = cursor.rowcount
    cursor.execute("SELECT set_config('enable_seqscan', 'on', true)")
    return inserted


class _PostgresEntryWriter:
    """COPY the batch into a temporary table, then insert the new rows in one statement.

    The insert first skips rows already in the ledger (one probe of the unique index per row:
    the LATERAL ... LIMIT 1 keeps the planner from choosing a merge join over the whole ledger
    when its statistics are stale), which is cheaper than ON CONFLICT's speculative insertion
    for every row. `_insert_new_entries` runs it.
    """

    STAGE = """
        CREATE TEMPORARY TABLE IF NOT EXISTS portal_hms_ledger_stage (
            account_id bigint NOT NULL,
            amount_pence bigint NOT NULL,
            posted_on date NOT NULL,
            kind varchar(20) NOT NULL,
            description varchar(255) NOT NULL,
            external_id varchar(100) NOT NULL,
            payment_ref varchar(100) NOT NULL
        ) ON COMMIT DELETE ROWS
    """
    _COPY = (
        "COPY portal_hms_ledger_stage "
        "(account_id, amount_pence, posted_on, kind, description, external_id, payment_ref) "
        "FROM STDIN (FORMAT BINARY)"
    )
    _COPY_TYPES = ("int8", "int8", "date", "varchar", "varchar", "varchar", "varchar")
    # Ordered by the unique key, so two imports of overlapping files take their index locks in
    # the same order and cannot deadlock.
    _INSERT_NEW = """
        INSERT INTO portal_ledgerentry
            (account_id, amount_pence, posted_on, kind, description, source, external_id,
             payment_ref, import_run_id, created_at)
        SELECT s.account_id, s.amount_pence, s.posted_on, s.kind, s.description, %(source)s,
            s.external_id, s.payment_ref, %(run)s, %(now)s
        FROM portal_hms_ledger_stage s
        LEFT JOIN LATERAL (
            SELECT 1 AS found FROM portal_ledgerentry e
            WHERE e.source = %(source)s AND e.external_id = s.external_id AND e.kind = s.kind
            LIMIT 1
        ) existing ON true
        WHERE existing.found IS NULL
        ORDER BY s.external_id, s.kind
    """
    _INSERT_IGNORING_CONFLICTS = """
        INSERT INTO portal_ledgerentry
            (account_id, amount_pence, posted_on, kind, description, source, external_id,
             payment_ref, import_run_id, created_at)
        SELECT s.account_id, s.amount_pence, s.posted_on, s.kind, s.description, %(source)s,
            s.external_id, s.payment_ref, %(run)s, %(now)s
        FROM portal_hms_ledger_stage s
        ORDER BY s.external_id, s.kind
        ON CONFLICT (source, external_id, kind) DO NOTHING
    """

    def insert(self, *, run_id: int, entries: list[tuple]) -> int:
        """Insert (account_id, amount_pence, posted_on, kind, description, external_id,
        payment_ref) rows; return how many were new."""
        # The same entry twice in one batch: the first one counts, the second is "already there".
        unique = {}
        for entry in entries:
            unique.setdefault((entry[5], entry[3]), entry)
        params = {"source": LedgerEntry.Source.HMS, "run": run_id, "now": timezone.now()}
        with connection.cursor() as cursor:
            if connection.savepoint_ids:
                # Inside a caller's transaction no batch commits, so nothing empties the table.
                cursor.execute("TRUNCATE portal_hms_ledger_stage")
            with cursor.cursor.copy(self._COPY) as copy:
                copy.set_types(self._COPY_TYPES)  # binary: half the cost of text per row
                for entry in unique.values():
                    copy.write_row(entry)
            return _insert_new_entries(
                cursor, self._INSERT_NEW, self._INSERT_IGNORING_CONFLICTS, params
            )


class _PortableEntryWriter:
    """bulk_create with ignore_conflicts, for SQLite (where writes are serialised anyway)."""

    def insert(self, *, run_id: int, entries: list[tuple]) -> int:
        """As `_PostgresEntryWriter.insert`."""
        existing = set(
            LedgerEntry.objects.filter(
                source=LedgerEntry.Source.HMS, external_id__in={e[5] for e in entries}
            ).values_list("external_id", "kind")
        )
        new = []
        for entry in entries:
            account_id, amount_pence, posted_on, kind, description, external_id, payment_ref = entry
            key = (external_id, kind)
            if key in existing:
                continue
            existing.add(key)
            new.append(
                LedgerEntry(
                    account_id=account_id,
                    amount_pence=amount_pence,
                    posted_on=posted_on,
                    kind=kind,
                    description=description,
                    source=LedgerEntry.Source.HMS,
                    external_id=external_id,
                    payment_ref=payment_ref,
                    import_run_id=run_id,
                )
            )
        LedgerEntry.objects.bulk_create(new, batch_size=500, ignore_conflicts=True)
        return len(new)


def _entry_writer() -> _PostgresEntryWriter | _PortableEntryWriter:
    if connection.vendor == "postgresql":
        return _PostgresEntryWriter()
    return _PortableEntryWriter()


def _ledger_accounts(refs) -> dict[str, tuple[int, int, str, str]]:
    """account ref -> (id, tenancy_id, tenancy reference, kind)."""
    rows = Account.objects.filter(reference__in=refs).values_list(
        "reference", "id", "tenancy_id", "tenancy__reference", "kind"
    )
    return {
        ref: (pk, tenancy_id, tenancy_ref, kind) for ref, pk, tenancy_id, tenancy_ref, kind in rows
    }


def _ledger_apply_batch(*, run: ImportRun, rows: list[tuple[int, LedgerRow]]) -> _BatchOutcome:
    """Resolve the batch's references (one query each), create accounts seen for the first time,
    insert the new entries and let HMS payments supersede the portal's provisional card credits.
    Runs inside the batch's transaction."""
    outcome = _BatchOutcome()
    tenancy_ids = dict(
        Tenancy.objects.filter(reference__in={r.tenancy_ref for _, r in rows}).values_list(
            "reference", "id"
        )
    )
    accounts = _ledger_accounts({r.account_ref for _, r in rows})

    # An account is created from the first row that names it; later rows must agree with it.
    missing: dict[str, Account] = {}
    for _, row in rows:
        if row.account_ref in accounts or row.account_ref in missing:
            continue
        tenancy_id = tenancy_ids.get(row.tenancy_ref)
        if tenancy_id is not None:
            missing[row.account_ref] = Account(
                reference=row.account_ref, tenancy_id=tenancy_id, kind=row.account_kind
            )
    if missing:
        # Sorted, so concurrent imports lock in the same order; a concurrent import may have
        # created some of them first, hence ignore_conflicts and reading them back.
        Account.objects.bulk_create(
            [missing[ref] for ref in sorted(missing)], ignore_conflicts=True
        )
        accounts.update(_ledger_accounts(missing))

    entries = []
    payments_with_ref: list[tuple[str, str, str, bool]] = []
    for line, row in rows:
        tenancy_id = tenancy_ids.get(row.tenancy_ref)
        if tenancy_id is None:
            outcome.errors.append(
                (line, f"tenancy {row.tenancy_ref} is not known: import the tenancies file first")
            )
            continue
        account_id, account_tenancy_id, account_tenancy_ref, account_kind = accounts[
            row.account_ref
        ]
        if account_tenancy_id != tenancy_id:
            outcome.errors.append(
                (
                    line,
                    f"account {row.account_ref} belongs to tenancy {account_tenancy_ref}, "
                    f"not {row.tenancy_ref}",
                )
            )
            continue
        if account_kind != row.account_kind:
            outcome.errors.append(
                (
                    line,
                    f"account {row.account_ref} is a {account_kind} account, "
                    f"not {row.account_kind}",
                )
            )
            continue
        entries.append(
            (
                account_id,
                row.amount_pence,
                row.posted_on,
                row.entry_kind,
                row.description,
                row.entry_id,
                row.payment_ref,
            )
        )
        if row.payment_ref:
            payments_with_ref.append(
                (row.entry_id, row.entry_kind, row.payment_ref, row.amount_pence > 0)
            )

    if entries:
        outcome.loaded = _entry_writer().insert(run_id=run.pk, entries=entries)
        outcome.unchanged = len(entries) - outcome.loaded
    if payments_with_ref:
        outcome.superseded = _supersede_card_payments(payments=payments_with_ref)
    return outcome


def _supersede_card_payments(*, payments: list[tuple[str, str, str, bool]]) -> int:
    """Point each provisional Stripe entry that an HMS row confirms at the HMS entry, so the
    money counts once. `payments` holds (entry_id, entry_kind, payment_ref, owes more) for HMS
    rows with a payment_ref: a card payment ("pi_..."), a refund ("re_...") or a dispute's
    reversal ("dp_..."). Only an entry on the same tenancy and in the same direction is
    superseded, and only once. Also done for HMS rows that were already there, so a Stripe entry
    recorded after the HMS row first arrived is put right by the next file that carries it (a
    Stripe entry recorded later looks for its HMS row itself: `payments.sync`)."""
    hms = {
        (external_id, kind): (pk, tenancy_id)
        for pk, external_id, kind, tenancy_id in LedgerEntry.objects.filter(
            source=LedgerEntry.Source.HMS,
            external_id__in={entry_id for entry_id, _, _, _ in payments},
        ).values_list("id", "external_id", "kind", "account__tenancy_id")
    }
    provisional: dict[str, list[tuple[int, int, bool]]] = {}
    for pk, external_id, tenancy_id, amount in LedgerEntry.objects.filter(
        source=LedgerEntry.Source.STRIPE,
        external_id__in={payment_ref for _, _, payment_ref, _ in payments},
        superseded_by__isnull=True,
    ).values_list("id", "external_id", "account__tenancy_id", "amount_pence"):
        provisional.setdefault(external_id, []).append((pk, tenancy_id, amount > 0))
    superseded = 0
    for entry_id, entry_kind, payment_ref, owes_more in payments:
        confirming = hms.get((entry_id, entry_kind))
        if confirming is None:
            continue
        hms_pk, tenancy_id = confirming
        for match in provisional.get(payment_ref, []):
            card_pk, card_tenancy_id, card_owes_more = match
            if card_owes_more != owes_more:
                continue
            if card_tenancy_id != tenancy_id:
                logger.warning(
                    "hms entry not matched to a stripe entry on another tenancy entry_pk=%s",
                    card_pk,
                )
                continue
            superseded += LedgerEntry.objects.filter(pk=card_pk, superseded_by__isnull=True).update(
                superseded_by_id=hms_pk
            )
            provisional[payment_ref].remove(match)
            break
    return superseded


def _tenancies_apply_batch(*, run: ImportRun, rows: list[tuple[int, TenancyRow]]) -> _BatchOutcome:
    """Upsert the batch's tenancies (fields from the newest file win) and their members (keyed by
    tenancy, name and date of birth). A member's linked login is never touched. Runs inside the
    batch's transaction."""
    outcome = _BatchOutcome()
    first_row: dict[str, tuple[int, TenancyRow]] = {}
    member_rows: list[tuple[int, TenancyRow]] = []
    for line, row in rows:
        first = first_row.setdefault(row.tenancy_ref, (line, row))
        if first[1].tenancy_values() != row.tenancy_values():
            outcome.errors.append(
                (
                    line,
                    f"tenancy {row.tenancy_ref}'s details differ from line {first[0]}: "
                    "every row of a tenancy must repeat them exactly",
                )
            )
            continue
        member_rows.append((line, row))

    changed_lines: set[int] = set()
    existing = {
        tenancy.reference: tenancy
        for tenancy in Tenancy.objects.select_for_update()
        .filter(reference__in=first_row)
        .order_by("reference")
    }
    to_create, to_update = [], []
    now = timezone.now()
    for reference, (line, row) in sorted(first_row.items()):
        values = row.tenancy_values()
        tenancy = existing.get(reference)
        if tenancy is None:
            to_create.append(Tenancy(reference=reference, **values))
            changed_lines.add(line)
        elif any(getattr(tenancy, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(tenancy, name, value)
            tenancy.updated_at = now
            to_update.append(tenancy)
            changed_lines.add(line)
    if to_create:
        Tenancy.objects.bulk_create(to_create, ignore_conflicts=True)
    if to_update:
        Tenancy.objects.bulk_update(to_update, [*_TENANCY_FIELDS, "updated_at"])
    tenancy_ids = dict(
        Tenancy.objects.filter(reference__in=first_row).values_list("reference", "id")
    )

    known = {
        (tenancy_id, name, born): (pk, role)
        for tenancy_id, name, born, pk, role in TenancyMember.objects.filter(
            tenancy_id__in=tenancy_ids.values()
        ).values_list("tenancy_id", "name", "date_of_birth", "id", "role")
    }
    seen: dict[tuple, tuple[int, str]] = {}
    new_members, role_changes = [], []
    for line, row in member_rows:
        key = (tenancy_ids[row.tenancy_ref], row.person_name, row.date_of_birth)
        if key in seen:
            earlier_line, earlier_role = seen[key]
            if earlier_role != row.role:
                outcome.errors.append(
                    (
                        line,
                        f"this person is on tenancy {row.tenancy_ref} twice with different "
                        f"roles (see line {earlier_line})",
                    )
                )
            else:
                outcome.unchanged += 1
            continue
        seen[key] = (line, row.role)
        member = known.get(key)
        if member is None:
            new_members.append(
                TenancyMember(tenancy_id=key[0], name=key[1], date_of_birth=key[2], role=row.role)
            )
            changed_lines.add(line)
        elif member[1] != row.role:
            role_changes.append(TenancyMember(pk=member[0], role=row.role))
            changed_lines.add(line)
        if line in changed_lines:
            outcome.loaded += 1
        else:
            outcome.unchanged += 1
    if new_members:
        TenancyMember.objects.bulk_create(new_members, ignore_conflicts=True)
    if role_changes:
        # Only the role: a member's `user` link is the tenant's, not the housing system's.
        TenancyMember.objects.bulk_update(role_changes, ["role"])
    return outcome


# --- The ledger on PostgreSQL: set-based ------------------------------------------------------

# What Python's str.strip() removes, for the SQL checks: a value with any of these at an edge
# is handed to `ledger_row_parse` (references: also anything not ASCII, where upper() differs).
_PY_WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
_FETCH_ROWS = 2_000


class _NotSetBased(Exception):
    """This file's shape needs the row-by-row reader (a blank line, a row with the wrong number
    of columns, ...): the set-based load stepped back, having changed nothing."""


class _SetBasedLedgerLoad:
    """Load a ledger file on PostgreSQL with the database doing the row work.

    1. COPY the file's bytes, as they are, into a temporary table of text columns, in
       PostgreSQL's own CSV parser (Python only streams bytes: no per-row work). An identity
       column numbers the rows in file order, which gives each row's line number.
    2. Check and convert every row in one statement (`_TYPED`): the same rules as
       `ledger_row_parse`, written so that SQL only ever accepts a row Python would accept,
       with the same values. A row SQL does not accept is read back and given to
       `ledger_row_parse` itself, so the reasons are the same words as ever, from one place
       (and a row SQL was too strict about is loaded after all).
    3. Create accounts seen for the first time, report rows whose references do not fit what
       is there, insert the new entries (skipping those already there), and let payments with
       a payment_ref supersede the portal's provisional entries: each one statement.

    All of it is one transaction: a file is loaded whole or not at all. Anything PostgreSQL's
    CSV parser refuses (a blank line, a row with the wrong number of columns, mixed line
    endings) rolls back and the file goes through the row-by-row reader instead, which reports
    such rows by line.
    """

    RAW = "portal_hms_ledger_raw"
    TYPED = "portal_hms_ledger_typed"
    LINES = "portal_hms_ledger_lines"

    _CREATE_RAW = f"""
        CREATE TEMPORARY TABLE {RAW} (
            ord bigint GENERATED ALWAYS AS IDENTITY,
            {", ".join(f"{column} text" for column in LEDGER_COLUMNS)}
        ) ON COMMIT DROP
    """
    # Every check costs PostgreSQL about as much as it costs Python, so the rules here are few
    # and cover the common shapes only: a row outside them is not refused here but handed to
    # ledger_row_parse (`_recheck_rejected`), which decides. So SQL only ever accepts a row
    # Python would accept, with the same values:
    # - posted_on is YYYY-MM-DD from 1900 to 2099 with a month 01-12 and a day 01-31, then the
    #   month's length and leap years, then the cast, which cannot fail;
    # - the amount is plain: an optional minus, up to 12 digits, optionally a point and one or
    #   two digits (a "£" or thousands commas go to Python);
    # - references are printable ASCII (Python's upper() and PostgreSQL's agree there), so
    #   after trimming spaces no whitespace can be left at their edges;
    # - entry_id, payment_ref and description have none of Python's whitespace at an edge.
    _TYPED = f"""
        CREATE TEMPORARY TABLE {TYPED} ON COMMIT DROP AS
        -- A file repeats the same few dates and amounts many times over, so each distinct
        -- text is checked and converted once, then joined back by its raw text (a NULL
        -- matches nothing, so its row is not ok and Python gives the reason).
        WITH dates AS MATERIALIZED (
            SELECT v.raw,
                CASE WHEN s.date_shaped
                    AND substr(t.posted_on, 6) NOT IN ('02-30', '02-31', '04-31', '06-31',
                                                       '09-31', '11-31')
                    AND (substr(t.posted_on, 6) <> '02-29'
                         OR (substr(t.posted_on, 3, 2)::int %% 4 = 0
                             AND substr(t.posted_on, 1, 4) <> '1900'))
                    THEN t.posted_on::date
                END AS day
            FROM (SELECT DISTINCT posted_on AS raw FROM {RAW}) v
            -- Each step a LATERAL subquery kept whole by OFFSET 0, so that each value is worked
            -- out once and used by the steps after it, without the planner copying its
            -- expression into every use.
            CROSS JOIN LATERAL (
                SELECT btrim(coalesce(v.raw, ''), ' ') AS posted_on OFFSET 0
            ) t
            CROSS JOIN LATERAL (
                SELECT
                    -- YYYY-MM-DD, 1900 to 2099, month 01-12, day 01-31 (no regular expressions:
                    -- PostgreSQL's take several microseconds a row).
                    (length(t.posted_on) = 10
                        AND substr(t.posted_on, 5, 1) = '-' AND substr(t.posted_on, 8, 1) = '-'
                        AND length(replace(t.posted_on, '-', '')) = 8
                        AND ltrim(replace(t.posted_on, '-', ''), '0123456789') = ''
                        AND substr(t.posted_on, 1, 2) IN ('19', '20')
                        AND substr(t.posted_on, 6, 2) COLLATE "C" BETWEEN '01' AND '12'
                        AND substr(t.posted_on, 9, 2) COLLATE "C" BETWEEN '01' AND '31'
                    ) AS date_shaped
                OFFSET 0
            ) s
        ), amounts AS MATERIALIZED (
            SELECT v.raw,
                -- An optional minus, 1 to 12 digits, optionally a point and 1 or 2 digits.
                CASE WHEN length(p.unsigned) - length(s.after_digits) BETWEEN 1 AND 12
                    AND (s.after_digits = ''
                         OR (left(s.after_digits, 1) = '.'
                             AND length(s.after_digits) BETWEEN 2 AND 3
                             AND ltrim(substr(s.after_digits, 2), '0123456789') = ''))
                    THEN (t.amount::numeric * 100)::bigint
                END AS pence
            FROM (SELECT DISTINCT amount AS raw FROM {RAW}) v
            CROSS JOIN LATERAL (
                SELECT btrim(coalesce(v.raw, ''), ' ') AS amount OFFSET 0
            ) t
            CROSS JOIN LATERAL (
                SELECT CASE WHEN left(t.amount, 1) = '-' THEN substr(t.amount, 2) ELSE t.amount END
                    AS unsigned
                OFFSET 0
            ) p
            CROSS JOIN LATERAL (
                SELECT ltrim(p.unsigned, '0123456789') AS after_digits OFFSET 0
            ) s
        )
        SELECT ord,
            upper(tenancy_ref COLLATE "C") AS tenancy_ref,
            upper(account_ref COLLATE "C") AS account_ref,
            account_type AS account_kind,
            entry_id,
            day AS posted_on,
            entry_type AS entry_kind,
            pence AS amount_pence,
            description,
            payment_ref,
            coalesce(
                day IS NOT NULL
                AND pence <> 0
                AND abs(pence) <= %(max_pence)s
                AND CASE
                    WHEN entry_type = ANY(%(positive)s) THEN pence > 0
                    WHEN entry_type = ANY(%(negative)s) THEN pence < 0
                    ELSE entry_type = ANY(%(entry_kinds)s)
                END
                AND account_type = ANY(%(account_kinds)s)
                AND char_length(tenancy_ref) BETWEEN 1 AND %(tenancy_ref_max)s
                AND char_length(account_ref) BETWEEN 1 AND %(account_ref_max)s
                AND (tenancy_ref || account_ref) ~ '^[ -~]+$'
                AND char_length(entry_id) BETWEEN 1 AND %(entry_id_max)s
                AND char_length(payment_ref) <= %(entry_id_max)s
                AND char_length(description) <= %(description_max)s
                AND strpos(%(whitespace)s, left(entry_id, 1)) = 0
                AND strpos(%(whitespace)s, right(entry_id, 1)) = 0
                AND (payment_ref = '' OR (strpos(%(whitespace)s, left(payment_ref, 1)) = 0
                    AND strpos(%(whitespace)s, right(payment_ref, 1)) = 0))
                AND (description = '' OR (strpos(%(whitespace)s, left(description, 1)) = 0
                    AND strpos(%(whitespace)s, right(description, 1)) = 0)),
                false
            ) AS ok
        FROM (
            SELECT r.ord, t.*, d.day, a.pence
            FROM {RAW} r
            CROSS JOIN LATERAL (
                SELECT
                    btrim(coalesce(r.tenancy_ref, ''), ' ') AS tenancy_ref,
                    btrim(coalesce(r.account_ref, ''), ' ') AS account_ref,
                    btrim(coalesce(r.account_type, ''), ' ') AS account_type,
                    btrim(coalesce(r.entry_id, ''), ' ') AS entry_id,
                    btrim(coalesce(r.entry_type, ''), ' ') AS entry_type,
                    btrim(coalesce(r.description, ''), ' ') AS description,
                    btrim(coalesce(r.payment_ref, ''), ' ') AS payment_ref
                OFFSET 0
            ) t
            LEFT JOIN dates d ON d.raw = r.posted_on
            LEFT JOIN amounts a ON a.raw = r.amount
        ) checked
    """  # noqa: S608 (fixed table and column names)
    _TYPED_COLUMNS = (
        "ord, tenancy_ref, account_ref, account_kind, entry_id, posted_on, entry_kind, "
        "amount_pence, description, payment_ref, ok"
    )
    # Physical line numbers, for files where a quoted field spans lines: each row starts on
    # the line after the previous row ended, as the row-by-row reader counts them.
    _LINES = f"""
        CREATE TEMPORARY TABLE {LINES} ON COMMIT DROP AS
        SELECT ord, 1 + ord + coalesce(sum(breaks) OVER (
            ORDER BY ord ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS line
        FROM (
            SELECT ord, regexp_count(
                concat({", ".join(LEDGER_COLUMNS)}), E'\\r\\n|\\r|\\n') AS breaks
            FROM {RAW}
        ) counted
    """  # noqa: S608 (fixed table and column names)
    _REJECTED = f"""
        SELECT r.ord, {", ".join(f"r.{column}" for column in LEDGER_COLUMNS)}
        FROM {RAW} r
        WHERE r.ord IN (SELECT ord FROM {TYPED} WHERE NOT ok)
        ORDER BY r.ord
    """  # noqa: S608 (fixed table and column names)
    _ACCEPT = f"""
        INSERT INTO {TYPED} ({_TYPED_COLUMNS})
        VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, true)
    """  # noqa: S608 (fixed table and column names)
    # The first row that names a new account (and a known tenancy) decides its kind, as in the
    # row-by-row import. Grouped by hashing, which is cheaper than sorting every row; sorted by
    # reference for the insert only, so concurrent imports lock in the same order.
    _CREATE_ACCOUNTS = f"""
        INSERT INTO portal_account (tenancy_id, kind, reference, created_at)
        SELECT n.id, t.account_kind, t.account_ref, %(now)s
        FROM (
            SELECT min(t.ord) AS ord
            FROM {TYPED} t
            JOIN portal_tenancy n ON n.reference = t.tenancy_ref
            WHERE t.ok
            GROUP BY t.account_ref
        ) first_rows
        JOIN {TYPED} t ON t.ord = first_rows.ord
        JOIN portal_tenancy n ON n.reference = t.tenancy_ref
        WHERE NOT EXISTS (SELECT 1 FROM portal_account a WHERE a.reference = t.account_ref)
        ORDER BY t.account_ref
        ON CONFLICT (reference) DO NOTHING
    """  # noqa: S608 (fixed table and column names)
    _MISFITS = f"""
        SELECT t.ord, CASE
            WHEN n.id IS NULL THEN
                format('tenancy %%s is not known: import the tenancies file first', t.tenancy_ref)
            WHEN a.id IS NULL OR a.tenancy_id <> n.id THEN
                format('account %%s belongs to tenancy %%s, not %%s',
                       t.account_ref, coalesce(an.reference, '?'), t.tenancy_ref)
            ELSE format('account %%s is a %%s account, not %%s',
                        t.account_ref, a.kind, t.account_kind)
        END AS reason,
        count(*) OVER () AS total
        FROM {TYPED} t
        LEFT JOIN portal_tenancy n ON n.reference = t.tenancy_ref
        LEFT JOIN portal_account a ON a.reference = t.account_ref
        LEFT JOIN portal_tenancy an ON an.id = a.tenancy_id
        WHERE t.ok AND (n.id IS NULL OR a.id IS NULL OR a.tenancy_id <> n.id
                        OR a.kind <> t.account_kind)
        ORDER BY t.ord
        LIMIT %(limit)s
    """  # noqa: S608 (fixed table and column names)
    # The same entry twice in the file: the first counts, the others are "already there".
    # Ordered by the unique key (in bytes: cheaper to sort), so two imports of overlapping
    # files take their index locks in the same order and cannot deadlock. Rows already in the
    # ledger are skipped with one probe of the unique index each (LATERAL ... LIMIT 1 keeps the
    # planner off a merge join over the whole ledger).
    _INSERT_SELECT = f"""
        INSERT INTO portal_ledgerentry
            (account_id, amount_pence, posted_on, kind, description, source, external_id,
             payment_ref, import_run_id, created_at)
        SELECT v.account_id, v.amount_pence, v.posted_on, v.entry_kind, v.description,
            %(source)s, v.entry_id, v.payment_ref, %(run)s, %(now)s
        FROM (
            SELECT DISTINCT ON (t.entry_id COLLATE "C", t.entry_kind COLLATE "C")
                a.id AS account_id, t.amount_pence, t.posted_on, t.entry_kind, t.description,
                t.entry_id, t.payment_ref
            FROM {TYPED} t
            JOIN portal_tenancy n ON n.reference = t.tenancy_ref
            JOIN portal_account a
                ON a.reference = t.account_ref AND a.tenancy_id = n.id
                AND a.kind = t.account_kind
            WHERE t.ok
            ORDER BY t.entry_id COLLATE "C", t.entry_kind COLLATE "C", t.ord
        ) v
        {{existing}}
        ORDER BY v.entry_id COLLATE "C", v.entry_kind COLLATE "C"
        {{on_conflict}}
    """  # noqa: S608 (fixed table and column names)
    _INSERT_NEW = _INSERT_SELECT.format(
        existing="""LEFT JOIN LATERAL (
            SELECT 1 AS found FROM portal_ledgerentry e
            WHERE e.source = %(source)s AND e.external_id = v.entry_id AND e.kind = v.entry_kind
            LIMIT 1
        ) existing ON true
        WHERE existing.found IS NULL""",
        on_conflict="",
    )
    _INSERT_IGNORING_CONFLICTS = _INSERT_SELECT.format(
        existing="", on_conflict="ON CONFLICT (source, external_id, kind) DO NOTHING"
    )
    # A row with a payment_ref confirms the portal's provisional entry with that Stripe id (a
    # card payment "pi_...", a refund "re_...", a dispute's reversal "dp_..."): on the same
    # tenancy, in the same direction, once. Also for rows already there, so a card credit
    # recorded after the housing system's row is put right by the next file that carries it.
    _SUPERSEDE = f"""
        WITH matches AS (
            SELECT DISTINCT ON (card.id) card.id AS card_id, hms.id AS hms_id
            FROM {TYPED} t
            JOIN portal_ledgerentry hms
                ON hms.source = %(source)s AND hms.external_id = t.entry_id
                AND hms.kind = t.entry_kind
            JOIN portal_account ha ON ha.id = hms.account_id
            JOIN portal_ledgerentry card
                ON card.source = %(provisional)s AND card.external_id = t.payment_ref
                AND card.superseded_by_id IS NULL
            JOIN portal_account ca ON ca.id = card.account_id
            WHERE t.ok AND t.payment_ref <> '' AND ca.tenancy_id = ha.tenancy_id
                AND sign(card.amount_pence) = sign(hms.amount_pence)
            ORDER BY card.id, t.ord
        )
        UPDATE portal_ledgerentry e SET superseded_by_id = m.hms_id
        FROM matches m
        WHERE e.id = m.card_id AND e.superseded_by_id IS NULL
    """  # noqa: S608 (fixed table and column names)

    def __init__(self, *, run: ImportRun, path: Path, tally: _Tally):
        self.run = run
        self.path = path
        self.tally = tally
        self.simple_lines = True

    def load(self) -> bool:
        """Load the file; False (nothing changed) if it needs the row-by-row reader."""
        with self.path.open("rb") as handle:
            first_line = handle.readline(64 * 1024)
            if not first_line.endswith(b"\n") or first_line.count(b'"') % 2:
                return False  # no rows, an odd header, or a header spanning lines
            header = next(csv.reader([first_line.decode("utf-8-sig")]), None)
            if not header:
                return False
            columns = _header_columns(header, _LEDGER)  # refuses a wrong header
            before = self.tally.snapshot()
            try:
                with transaction.atomic():
                    self._load(handle, columns)
            except _NotSetBased:
                self.tally.restore(before)
                return False
            except BaseException:
                self.tally.restore(before)
                raise
        return True

    def _load(self, handle, columns: list[str]) -> None:
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL work_mem = '64MB'")
            for table in (self.RAW, self.TYPED, self.LINES):
                # Left by an outer transaction (tests), which never committed to drop them.
                cursor.execute(f"DROP TABLE IF EXISTS pg_temp.{table}")
            cursor.execute(self._CREATE_RAW)
            rows = self._copy(cursor, handle, columns)
            self.tally.rows_total += rows
            if not rows:
                self._record()
                return
            cursor.execute(self._TYPED, self._typed_params())
            cursor.execute(f"ANALYZE {self.TYPED}")
            bad, bad_count = self._recheck_rejected(cursor)
            cursor.execute(self._CREATE_ACCOUNTS, {"now": timezone.now()})
            misfits, misfit_count = self._misfits(cursor)
            valid = rows - bad_count - misfit_count
            loaded = self._insert(cursor)
            self.tally.rows_loaded += loaded
            self.tally.rows_unchanged += valid - loaded
            cursor.execute(
                self._SUPERSEDE,
                {"source": LedgerEntry.Source.HMS, "provisional": LedgerEntry.Source.STRIPE},
            )
            self.tally.superseded += cursor.rowcount
            self.tally.rows_failed += bad_count + misfit_count
            kept = sorted(bad + misfits)[:MAX_ERRORS_KEPT]
            self.tally.errors = [{"line": line, "reason": reason} for line, reason in kept]
            self._record()

    def _record(self) -> None:
        """The run's counts, in the same transaction as the rows they count."""
        ImportRun.objects.filter(pk=self.run.pk).update(
            **self.tally.counts(), errors=self.tally.errors
        )

    def _copy(self, cursor, handle, columns: list[str]) -> int:
        """Stream the rest of the file into the raw table; the number of rows."""
        statement = f"COPY {self.RAW} ({', '.join(columns)}) FROM STDIN (FORMAT csv)"
        import psycopg  # PostgreSQL only

        newlines = carriage_returns = 0
        try:
            with cursor.cursor.copy(statement) as copy:
                chunk = handle.read(1 << 20)
                while chunk:
                    following = handle.read(1 << 20)
                    if not following:
                        # Trailing blank lines are not rows (the row-by-row reader skips
                        # them): keep one line ending, in the file's own style.
                        content = chunk.rstrip(b"\r\n")
                        tail = chunk[len(content) :]
                        chunk = content + tail[: 2 if tail.startswith(b"\r\n") else 1]
                    newlines += chunk.count(b"\n")
                    carriage_returns += chunk.count(b"\r")
                    copy.write(chunk)
                    chunk = following
        except psycopg.errors.DataError as exc:
            logger.info("hms import: the file needs the row-by-row reader (%s)", exc.sqlstate)
            raise _NotSetBased from exc
        rows = cursor.cursor.rowcount
        # One line per row, unless a quoted field spans lines (or lines end in a lone CR).
        self.simple_lines = newlines == rows and carriage_returns in (0, rows)
        if not self.simple_lines:
            cursor.execute(self._LINES)
            cursor.execute(f"ALTER TABLE {self.LINES} ADD PRIMARY KEY (ord)")
        return rows

    def _line_sql(self, alias: str) -> str:
        if self.simple_lines:
            return f"{alias}.ord + 1"
        return f"(SELECT line FROM {self.LINES} l WHERE l.ord = {alias}.ord)"  # noqa: S608

    def _typed_params(self) -> dict[str, Any]:
        return {
            "tenancy_ref_max": _TENANCY_REF_MAX,
            "account_ref_max": _ACCOUNT_REF_MAX,
            "entry_id_max": _ENTRY_ID_MAX,
            "description_max": _DESCRIPTION_MAX,
            "account_kinds": list(_ACCOUNT_KINDS),
            "entry_kinds": list(_ENTRY_KINDS),
            "positive": [kind for kind, sign in _ENTRY_SIGNS.items() if sign > 0],
            "negative": [kind for kind, sign in _ENTRY_SIGNS.items() if sign < 0],
            "max_pence": MAX_ENTRY_PENCE,
            "whitespace": _PY_WHITESPACE,
        }

    def _recheck_rejected(self, cursor) -> tuple[list[tuple[int, str]], int]:
        """Give every row SQL did not accept to `ledger_row_parse`: its reason, or (rarely)
        the row after all. The first MAX_ERRORS_KEPT reasons, and how many there were."""
        reasons: list[tuple[int, str]] = []
        count = 0
        accepted: list[tuple] = []
        limit = csv.field_size_limit()
        line_of = self._line_of(cursor)
        with connection.connection.cursor(name="portal_hms_rejected") as rejected:
            rejected.itersize = _FETCH_ROWS
            rejected.execute(self._REJECTED)
            for ord_, *values in rejected:
                texts = ["" if value is None else value for value in values]
                if any(len(text) > limit for text in texts):
                    # What the row-by-row reader does with such a file: stop, load nothing.
                    raise csv.Error(f"field larger than field limit ({limit})")
                record = ledger_row_parse(dict(zip(LEDGER_COLUMNS, texts, strict=True)))
                if isinstance(record, str):
                    count += 1
                    if len(reasons) < MAX_ERRORS_KEPT:
                        reasons.append((ord_, record))
                else:
                    accepted.append(
                        (
                            ord_,
                            record.tenancy_ref,
                            record.account_ref,
                            record.account_kind,
                            record.entry_id,
                            record.posted_on,
                            record.entry_kind,
                            record.amount_pence,
                            record.description,
                            record.payment_ref,
                        )
                    )
                    if len(accepted) >= _FETCH_ROWS:
                        cursor.executemany(self._ACCEPT, accepted)
                        accepted = []
        if accepted:
            cursor.executemany(self._ACCEPT, accepted)
        return [(line_of(ord_), reason) for ord_, reason in reasons], count

    def _line_of(self, cursor) -> Callable[[int], int]:
        if self.simple_lines:
            return lambda ord_: ord_ + 1

        def lookup(ord_: int) -> int:
            cursor.execute(f"SELECT line FROM {self.LINES} WHERE ord = %s", [ord_])  # noqa: S608
            return cursor.fetchone()[0]

        return lookup

    def _misfits(self, cursor) -> tuple[list[tuple[int, str]], int]:
        """Rows whose references do not fit what is there: the first few, and how many."""
        cursor.execute(
            self._MISFITS.replace("SELECT t.ord,", f"SELECT {self._line_sql('t')},", 1),
            {"limit": MAX_ERRORS_KEPT},
        )
        found = cursor.fetchall()
        return [(line, reason) for line, reason, _ in found], (found[0][2] if found else 0)

    def _insert(self, cursor) -> int:
        params = {"source": LedgerEntry.Source.HMS, "run": self.run.pk, "now": timezone.now()}
        return _insert_new_entries(
            cursor, self._INSERT_NEW, self._INSERT_IGNORING_CONFLICTS, params
        )


# --- Files, locks and runs --------------------------------------------------------------------


@dataclass(frozen=True)
class _ImportSpec:
    kind: str
    columns: tuple[str, ...]
    parse: Callable[[Mapping[str, str]], Any]
    apply_batch: Callable[..., _BatchOutcome]
    group_field: int  # the record field a batch should not be cut inside
    command: str


_LEDGER = _ImportSpec(
    kind=ImportRun.Kind.LEDGER,
    columns=LEDGER_COLUMNS,
    parse=ledger_row_parse,
    apply_batch=_ledger_apply_batch,
    group_field=LedgerRow._fields.index("account_ref"),
    command="import_ledger",
)
_TENANCIES = _ImportSpec(
    kind=ImportRun.Kind.TENANCIES,
    columns=TENANCY_COLUMNS,
    parse=tenancy_row_parse,
    apply_batch=_tenancies_apply_batch,
    group_field=TenancyRow._fields.index("tenancy_ref"),
    command="import_tenancies",
)
_SPECS = {spec.kind: spec for spec in (_LEDGER, _TENANCIES)}


class _Refused(Exception):
    """The whole file is refused; nothing is loaded."""


@dataclass(frozen=True)
class _FileScan:
    sha256: str
    problem: str | None


def _scan_file(path: Path) -> _FileScan:
    """Hash the file and check it is UTF-8 text, in one streamed pass."""
    digest = hashlib.sha256()
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    problem = None
    lines_before = 0
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
            if problem:
                continue
            if handle.tell() == len(chunk) and chunk.startswith(_UTF16_BOMS):
                problem = "The file is not UTF-8 text: it is UTF-16. Export it again as UTF-8."
                continue
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                line = lines_before + chunk[: exc.start].count(b"\n") + 1
                problem = (
                    f"The file is not UTF-8 text (the first bad byte is on line {line}). "
                    "Export it again as UTF-8."
                )
                continue
            if b"\x00" in chunk:
                problem = "The file contains NUL characters: it is not a CSV text file."
                continue
            lines_before += chunk.count(b"\n")
    if not problem:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            problem = "The file is not UTF-8 text (it ends part-way through a character)."
    return _FileScan(sha256=digest.hexdigest(), problem=problem)


def _header_columns(header: list[str], spec: _ImportSpec) -> list[str]:
    """The header's column names, normalised, or _Refused with what is wrong."""
    names = [name.strip().lower() for name in header]
    missing = [column for column in spec.columns if column not in names]
    unexpected = [name[:40] or "(blank)" for name in names if name not in spec.columns]
    repeated = sorted({name for name in names if names.count(name) > 1})
    if not (missing or unexpected or repeated):
        return names
    problems = []
    if missing:
        problems.append(f"missing columns: {', '.join(missing)}")
    if unexpected:
        problems.append(f"unexpected columns: {', '.join(unexpected)}")
    if repeated:
        problems.append(f"repeated columns: {', '.join(repeated)}")
    message = (
        f"The header row is wrong ({'; '.join(problems)}). Expected: {','.join(spec.columns)}."
    )
    other = next(s for s in _SPECS.values() if s is not spec)
    if set(names) == set(other.columns):
        message += f" This looks like a {other.kind} file: use {other.command}."
    raise _Refused(message)


def _lock_key(kind: str, sha256: str) -> int:
    digest = hashlib.sha256(f"portal.imports:{kind}:{sha256}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


_local_locks: set[int] = set()
_local_locks_guard = threading.Lock()


@contextmanager
def _file_lock(kind: str, sha256: str) -> Iterator[bool]:
    """Yield True if this process now holds the file's lock, False if someone else does.

    PostgreSQL: a session-level advisory lock, held across the batches' transactions and freed
    by the server if the worker dies. Elsewhere (SQLite, one machine): a lock within the process.
    """
    key = _lock_key(kind, sha256)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
            acquired = cursor.fetchone()[0]
        try:
            yield acquired
        finally:
            if acquired:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_unlock(%s)", [key])
        return
    with _local_locks_guard:
        acquired = key not in _local_locks
        _local_locks.add(key)
    try:
        yield acquired
    finally:
        if acquired:
            with _local_locks_guard:
                _local_locks.discard(key)


def _claim_run(*, kind: str, sha256: str, file_name: str) -> tuple[ImportRun, bool]:
    """The run to record this import in, and whether to go ahead (False: already imported).
    Called holding the file's lock. A failed, rejected or abandoned run is reused."""
    run = ImportRun.objects.filter(kind=kind, file_sha256=sha256).first()
    if run is not None and run.status in FINAL_STATUSES:
        return run, False
    if run is None:
        try:
            with transaction.atomic():
                run = ImportRun.objects.create(kind=kind, file_sha256=sha256, file_name=file_name)
        except IntegrityError:
            # Another process (without a database lock, e.g. SQLite) got there first.
            return ImportRun.objects.get(kind=kind, file_sha256=sha256), False
        return run, True
    run.file_name = file_name
    run.status = ImportRun.Status.RUNNING
    run.rows_total = run.rows_loaded = run.rows_unchanged = run.rows_failed = 0
    run.errors = []
    run.message = ""
    run.started_at = timezone.now()
    run.finished_at = None
    run.save()
    return run, True


@dataclass
class _Tally:
    rows_total: int = 0
    rows_loaded: int = 0
    rows_unchanged: int = 0
    rows_failed: int = 0
    superseded: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)

    def add_errors(self, errors: list[tuple[int, str]]) -> bool:
        """Count bad rows, keeping the first MAX_ERRORS_KEPT; True if the kept list changed."""
        self.rows_failed += len(errors)
        room = MAX_ERRORS_KEPT - len(self.errors)
        if room <= 0 or not errors:
            return False
        for line, reason in sorted(errors)[:room]:
            self.errors.append({"line": line, "reason": reason})
        return True

    def snapshot(self) -> tuple:
        return (*self.counts().values(), self.superseded, len(self.errors))

    def restore(self, snapshot: tuple) -> None:
        (
            self.rows_total,
            self.rows_loaded,
            self.rows_unchanged,
            self.rows_failed,
            self.superseded,
            kept,
        ) = snapshot
        del self.errors[kept:]

    def counts(self) -> dict[str, int]:
        return {
            "rows_total": self.rows_total,
            "rows_loaded": self.rows_loaded,
            "rows_unchanged": self.rows_unchanged,
            "rows_failed": self.rows_failed,
        }

    def message(self) -> str:
        """What the counts do not say: payments confirmed, bad rows not listed."""
        notes = []
        if self.superseded:
            notes.append(f"{self.superseded:,} card payments confirmed by the housing system.")
        not_listed = self.rows_failed - len(self.errors)
        if not_listed > 0:
            notes.append(
                f"Only the first {len(self.errors):,} bad rows are listed; "
                f"{not_listed:,} more are not."
            )
        return " ".join(notes)


def _batches(reader, columns: list[str], spec: _ImportSpec, batch_size: int):
    """Yield (rows read, valid records with their line numbers, bad rows) per batch."""
    parse = spec.parse
    group_field = spec.group_field
    width = len(columns)
    hard_limit = 2 * batch_size
    records: list[tuple[int, Any]] = []
    bad: list[tuple[int, str]] = []
    read = 0
    last_group = None
    previous_line = reader.line_num
    for fields in reader:
        # A quoted field may span lines: a row starts on the line after the previous row ended.
        line = previous_line + 1
        previous_line = reader.line_num
        if not fields:
            continue  # a blank line
        if len(fields) != width:
            record = f"expected {width} columns, found {len(fields)}"
        else:
            record = parse(dict(zip(columns, fields, strict=False)))  # widths checked above
        if isinstance(record, str):
            read += 1
            bad.append((line, record))
            if read >= hard_limit:  # a file of bad rows must not pile up in memory either
                yield read, records, bad
                records, bad, read = [], [], 0
            continue
        group = record[group_field]
        if read >= batch_size and (group != last_group or read >= hard_limit):
            yield read, records, bad
            records, bad, read = [], [], 0
        read += 1
        records.append((line, record))
        last_group = group
    if read:
        yield read, records, bad


@contextmanager
def _database_session() -> Iterator[None]:
    """Prepare the connection for an import's batches (PostgreSQL only).

    Batches commit without waiting for their WAL to reach disk. That is safe: a crash can only
    lose whole batches, with the progress recorded in them, and the run's final commit, which
    does wait, flushes every batch before the run says "completed".
    """
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute(_PostgresEntryWriter.STAGE)
        cursor.execute("SET synchronous_commit = off")
    try:
        yield
    finally:
        try:
            with connection.cursor() as cursor:
                cursor.execute("RESET synchronous_commit")
        except DatabaseError:  # the connection is gone: the setting went with it
            logger.warning("hms import: could not reset synchronous_commit")


class _Raised:
    def __init__(self, error: BaseException):
        self.error = error


_END = object()


@contextmanager
def _read_ahead(items: Iterator[Any], depth: int = 2) -> Iterator[Iterator[Any]]:
    """Produce items in a background thread, at most `depth` ahead of the consumer.

    Reading and checking rows is pure Python; writing is mostly waiting for PostgreSQL. Doing
    the next batch's reading while the database works on this one uses both cores. No database
    access happens in the thread, so the connection (and its transaction) stays the caller's.
    """
    handoff: queue.Queue = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def put(item: Any) -> bool:
        while not stop.is_set():
            try:
                handoff.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def produce() -> None:
        try:
            for item in items:
                if not put(item):
                    return
            put(_END)
        except BaseException as error:  # handed to the consumer, which raises it
            put(_Raised(error))

    def consume() -> Iterator[Any]:
        while True:
            item = handoff.get()
            if item is _END:
                return
            if isinstance(item, _Raised):
                raise item.error
            yield item

    producer = threading.Thread(target=produce, name="hms-import-reader", daemon=True)
    producer.start()
    try:
        yield consume()
    finally:
        stop.set()
        producer.join(timeout=10)


def _finish(run: ImportRun, *, status: str, message: str, tally: _Tally | None = None) -> None:
    run.status = status
    run.message = message
    run.finished_at = timezone.now()
    fields = ["status", "message", "finished_at"]
    if tally is not None:
        for name, value in tally.counts().items():
            setattr(run, name, value)
        run.errors = tally.errors
        fields += [*tally.counts(), "errors"]
    run.save(update_fields=fields)


def _run_import(
    *, spec: _ImportSpec, path: str | os.PathLike, file_name: str | None, batch_size: int
) -> ImportRun:
    path = Path(path)
    file_name = (file_name or path.name)[:255]
    scan = _scan_file(path)
    with _file_lock(spec.kind, scan.sha256) as acquired:
        if not acquired:
            logger.info("hms import %s kind=%s file=%s", SKIPPED_LOCKED, spec.kind, file_name)
            run = ImportRun.objects.filter(
                kind=spec.kind, file_sha256=scan.sha256
            ).first() or ImportRun(kind=spec.kind, file_sha256=scan.sha256, file_name=file_name)
            run.skipped = True
            return run
        run, go_ahead = _claim_run(kind=spec.kind, sha256=scan.sha256, file_name=file_name)
        run.skipped = not go_ahead
        if not go_ahead:
            logger.info(
                "hms import %s kind=%s file=%s run_id=%s",
                SKIPPED_LOCKED,
                spec.kind,
                file_name,
                run.pk,
            )
            return run
        logger.info("hms import started kind=%s file=%s run_id=%s", spec.kind, file_name, run.pk)
        tally = _Tally()
        try:
            _load(run=run, spec=spec, path=path, scan=scan, batch_size=batch_size, tally=tally)
        except _Refused as refusal:
            _finish(run, status=ImportRun.Status.REJECTED, message=str(refusal))
            logger.warning("hms import rejected kind=%s run_id=%s", spec.kind, run.pk)
            return run
        except csv.Error as exc:
            _finish(
                run,
                status=ImportRun.Status.FAILED,
                message=" ".join(
                    [f"Stopped: the file could not be read as CSV ({exc}).", tally.message()]
                ).strip(),
                tally=tally,
            )
            logger.warning("hms import failed kind=%s run_id=%s: csv error", spec.kind, run.pk)
            return run
        except Exception as exc:
            # Batches already committed stay (they are complete); the run may be retried.
            try:
                _finish(
                    run,
                    status=ImportRun.Status.FAILED,
                    message=" ".join(
                        [f"Stopped by an error ({type(exc).__name__}).", tally.message()]
                    ).strip(),
                    tally=tally,
                )
            except Exception:  # the database may be what failed
                logger.exception("hms import could not record its failure run_id=%s", run.pk)
            logger.exception("hms import failed kind=%s run_id=%s", spec.kind, run.pk)
            raise
        status = (
            ImportRun.Status.COMPLETED_WITH_ERRORS
            if tally.rows_failed
            else ImportRun.Status.COMPLETED
        )
        _finish(run, status=status, message=tally.message(), tally=tally)
        logger.info(
            "hms import finished kind=%s run_id=%s status=%s rows=%s loaded=%s unchanged=%s "
            "failed=%s superseded=%s",
            spec.kind,
            run.pk,
            status,
            tally.rows_total,
            tally.rows_loaded,
            tally.rows_unchanged,
            tally.rows_failed,
            tally.superseded,
        )
        return run


def _load(
    *,
    run: ImportRun,
    spec: _ImportSpec,
    path: Path,
    scan: _FileScan,
    batch_size: int,
    tally: _Tally,
) -> None:
    if scan.problem:
        raise _Refused(scan.problem)
    if (
        spec is _LEDGER
        and connection.vendor == "postgresql"
        and SET_BASED_LEDGER
        and _SetBasedLedgerLoad(run=run, path=path, tally=tally).load()
    ):
        return
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        if not header:
            raise _Refused("The file is empty: it needs a header row.")
        columns = _header_columns(header, spec)
        batches = _batches(reader, columns, spec, batch_size)
        with _database_session(), _read_ahead(batches) as ready:
            for read, records, bad in ready:
                _apply(run=run, spec=spec, read=read, records=records, bad=bad, tally=tally)


def _apply(
    *,
    run: ImportRun,
    spec: _ImportSpec,
    read: int,
    records: list[tuple[int, Any]],
    bad: list[tuple[int, str]],
    tally: _Tally,
) -> None:
    """Apply one batch and record the run's progress, all in one transaction."""
    before = tally.snapshot()
    try:
        _apply_in_transaction(run=run, spec=spec, read=read, records=records, bad=bad, tally=tally)
    except BaseException:
        tally.restore(before)  # the batch rolled back: so do its counts
        raise


def _apply_in_transaction(
    *,
    run: ImportRun,
    spec: _ImportSpec,
    read: int,
    records: list[tuple[int, Any]],
    bad: list[tuple[int, str]],
    tally: _Tally,
) -> None:
    with transaction.atomic():
        outcome = spec.apply_batch(run=run, rows=records) if records else _BatchOutcome()
        tally.rows_total += read
        tally.rows_loaded += outcome.loaded
        tally.rows_unchanged += outcome.unchanged
        tally.superseded += outcome.superseded
        errors_changed = tally.add_errors(bad + outcome.errors)
        # The run's counts commit with the batch, so they always match what is loaded.
        progress = tally.counts()
        if errors_changed:
            progress["errors"] = tally.errors
        ImportRun.objects.filter(pk=run.pk).update(**progress)


def ledger_import_file(
    *, path: str | os.PathLike, file_name: str | None = None, batch_size: int = BATCH_SIZE
) -> ImportRun:
    """Import a ledger CSV file from the housing management system.

    Returns the file's ImportRun: completed (or completed_with_errors, listing bad rows), rejected
    (wrong header, not UTF-8: nothing loaded) or failed (stopped part-way; may be run again).
    `run.skipped` is True when nothing was done because the file was already imported or another
    process holds its lock. Tenancies must be imported first; accounts are created on first
    sight.
    """
    return _run_import(spec=_LEDGER, path=path, file_name=file_name, batch_size=batch_size)


def tenancies_import_file(
    *, path: str | os.PathLike, file_name: str | None = None, batch_size: int = BATCH_SIZE
) -> ImportRun:
    """Import a tenancies CSV file (one row per person) from the housing management system.

    Tenancies are created or updated from the file; people are added or their role updated,
    keyed by tenancy, name and date of birth. Nobody is removed and no login is unlinked.
    Returns the ImportRun, as `ledger_import_file` does.
    """
    return _run_import(spec=_TENANCIES, path=path, file_name=file_name, batch_size=batch_size)


def hms_file_kind(*, path: str | os.PathLike) -> str:
    """Which import a file is for, judged by its header row (the closest match wins, so a file
    with a wrong header still gets a specific refusal from the right import)."""
    with Path(path).open("rb") as handle:
        first_line = handle.readline(64 * 1024)
    text = first_line.decode("utf-8", errors="replace").lstrip("\ufeff")
    names = {name.strip().lower() for name in next(csv.reader([text]), [])}
    ledger_score = len(names & set(LEDGER_COLUMNS)) - len(names - set(LEDGER_COLUMNS))
    tenancy_score = len(names & set(TENANCY_COLUMNS)) - len(names - set(TENANCY_COLUMNS))
    return ImportRun.Kind.TENANCIES if tenancy_score > ledger_score else ImportRun.Kind.LEDGER


def hms_file_import(*, path: str | os.PathLike, file_name: str | None = None) -> ImportRun:
    """Import a file of either kind, chosen by its header row."""
    kind = hms_file_kind(path=path)
    if kind == ImportRun.Kind.TENANCIES:
        return tenancies_import_file(path=path, file_name=file_name)
    return ledger_import_file(path=path, file_name=file_name)


# --- The drop folder ----------------------------------------------------------------------------


def _drop_dir() -> Path:
    return Path(settings.HMS_DROP_DIR)


def hms_drop_pending() -> list[str]:
    """Names of the CSV files waiting in the drop folder, in the order to import them.

    Tenancies files first; ledger files only once no tenancies file is waiting, because a
    ledger row needs its tenancy. A file changed in the last DROP_SETTLE_SECONDS may still be
    being written, so it waits for the next poll. Unreadable files are left to the import to
    refuse.
    """
    settled_before = time.time() - DROP_SETTLE_SECONDS
    tenancies, ledgers = [], []
    for path in sorted(_drop_dir().glob("*.csv")):
        try:
            if not path.is_file() or path.stat().st_mtime > settled_before:
                continue
            kind = hms_file_kind(path=path)
        except OSError:  # gone since listed
            continue
        if kind == ImportRun.Kind.TENANCIES:
            tenancies.append(path.name)
        elif kind == ImportRun.Kind.LEDGER:
            ledgers.append(path.name)
    return tenancies or ledgers


def _move_aside(path: Path, folder_name: str) -> Path | None:
    """Move a processed file into done/ or failed/ beside it, never overwriting another file.
    None if it has gone (another worker moved it first)."""
    folder = path.parent / folder_name
    folder.mkdir(exist_ok=True)
    destination = folder / path.name
    if destination.exists():
        stamp = timezone.now().strftime("%Y%m%dT%H%M%S%f")
        destination = folder / f"{path.stem}.{stamp}{path.suffix}"
    try:
        os.rename(path, destination)
    except FileNotFoundError:
        return None
    return destination


def hms_dropped_file_import(*, name: str) -> ImportRun | None:
    """Import one file from the drop folder and move it to done/ (imported now or before) or
    failed/ (refused, or stopped by a fault in the file). A file another process is importing
    is left where it is. Returns None when the file is not there (already moved) or the name is
    not a plain CSV file name."""
    if Path(name).name != name or not name.endswith(".csv") or name.startswith("."):
        logger.warning("hms drop: refused a file name that is not a plain .csv name")
        return None
    path = _drop_dir() / name
    try:
        run = hms_file_import(path=path, file_name=name)
    except FileNotFoundError:
        logger.info("hms drop: %s is gone, nothing to do", name)
        return None
    if run.skipped and run.status not in FINAL_STATUSES:
        return run  # locked: the worker holding the lock finishes the job
    if run.status in FINAL_STATUSES:
        _move_aside(path, "done")
    elif run.status in (ImportRun.Status.REJECTED, ImportRun.Status.FAILED):
        _move_aside(path, "failed")
    return run


def hms_dropped_file_set_aside(*, name: str) -> None:
    """Move a drop-folder file that keeps failing into failed/, so it is not retried forever."""
    if Path(name).name == name:
        _move_aside(_drop_dir() / name, "failed")


def import_run_report(*, run: ImportRun) -> str:
    """A plain summary of a run for the terminal: counts, then each kept bad row."""
    if getattr(run, "skipped", False):
        if run.status in FINAL_STATUSES:
            finished = timezone.localtime(run.finished_at)
            when = f"{finished.day} {finished:%B %Y at %H:%M}"
            return (
                f"{run.file_name}: {SKIPPED_LOCKED}. This file was already imported "
                f"on {when} (import run {run.pk})."
            )
        return f"{run.file_name}: {SKIPPED_LOCKED}. Another process is importing it now."
    lines = [
        f"{run.file_name}: {run.get_status_display().lower()} (import run {run.pk})",
        f"Rows read: {run.rows_total}",
        f"Loaded: {run.rows_loaded}",
        f"Already there: {run.rows_unchanged}",
        f"Failed: {run.rows_failed}",
    ]
    lines += [f"line {error['line']}: {error['reason']}" for error in run.errors]
    if run.message:
        lines.append(run.message)
    return "\n".join(lines)
