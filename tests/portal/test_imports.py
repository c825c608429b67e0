"""The housing management system imports: ledger and tenancies files (portal/imports.py).

Runs on SQLite locally and on PostgreSQL in CI (DATABASE_URL), where the COPY writer and the
advisory lock are used. Tests marked `postgres` need PostgreSQL.
"""

import csv
import io
import itertools
import threading
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import ManagementUtility, call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.models import Count, Sum

from portal import imports
from portal.imports import (
    LEDGER_COLUMNS,
    MAX_ERRORS_KEPT,
    TENANCY_COLUMNS,
    ledger_import_file,
    tenancies_import_file,
)
from portal.models import Account, ImportRun, LedgerEntry, Tenancy, TenancyMember
from tests.factories import (
    AccountFactory,
    LedgerEntryFactory,
    TenancyFactory,
    TenancyMemberFactory,
    UserFactory,
)

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"

# --- Helpers to write files (also used by test_import_tasks.py) -------------------------------

_entry_numbers = itertools.count(1)


def ledger_row(**overrides: str) -> dict[str, str]:
    """A good ledger row (a rent charge on T000101's rent account); override any column."""
    row = {
        "tenancy_ref": "T000101",
        "account_ref": "R000101",
        "account_type": "rent",
        "entry_id": f"HMS-{next(_entry_numbers):07d}",
        "posted_on": "2026-11-02",
        "entry_type": "charge",
        "amount": "95.50",
        "description": "Rent 2 to 8 November",
        "payment_ref": "",
    }
    row.update(overrides)
    return row


def tenancy_row(**overrides: str) -> dict[str, str]:
    """A good tenancies row (the lead tenant of T000101); override any column."""
    row = {
        "tenancy_ref": "T000101",
        "address_line_1": "Flat 3",
        "address_line_2": "14 Canal Street",
        "town": "Manchester",
        "postcode": "M1 3HE",
        "start_date": "2019-04-01",
        "end_date": "",
        "bedrooms": "2",
        "weekly_rent": "95.50",
        "person_name": "Amira Khan",
        "date_of_birth": "1984-07-12",
        "role": "lead",
    }
    row.update(overrides)
    return row


def csv_text(rows, columns) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row[column] for column in columns])
    return buffer.getvalue()


def write_ledger(path: Path, rows, columns=LEDGER_COLUMNS) -> Path:
    path.write_text(csv_text(rows, columns), encoding="utf-8")
    return path


def write_tenancies(path: Path, rows, columns=TENANCY_COLUMNS) -> Path:
    path.write_text(csv_text(rows, columns), encoding="utf-8")
    return path


def ledger_totals() -> dict:
    return LedgerEntry.objects.aggregate(entries=Count("id"), pence=Sum("amount_pence"))


def errors_of(run: ImportRun) -> list[tuple[int, str]]:
    return [(error["line"], error["reason"]) for error in run.errors]


@pytest.fixture
def tenancy(db):
    return TenancyFactory(reference="T000101")


@pytest.fixture
def rent_account(tenancy):
    return AccountFactory(reference="R000101", tenancy=tenancy, kind=Account.Kind.RENT)


# --- The example files in docs/ -------------------------------------------------------------


@pytest.mark.django_db
def test_the_documented_example_files_import_cleanly():
    tenancies_run = tenancies_import_file(path=EXAMPLES / "tenancies.csv")
    ledger_run = ledger_import_file(path=EXAMPLES / "ledger.csv")

    assert (tenancies_run.status, tenancies_run.rows_failed) == (ImportRun.Status.COMPLETED, 0)
    assert (ledger_run.status, ledger_run.rows_failed) == (ImportRun.Status.COMPLETED, 0)
    assert tenancies_run.rows_loaded == tenancies_run.rows_total > 0
    assert ledger_run.rows_loaded == ledger_run.rows_total == LedgerEntry.objects.count()
    assert Tenancy.objects.get(reference="T000101").postcode == "M1 3HE"
    assert TenancyMember.objects.filter(tenancy__reference="T000101").count() == 3


# --- Bad rows ---------------------------------------------------------------------------------

KINDS = "rent, service_charge, garage, rechargeable_repairs, former_tenant_arrears, "
KINDS += "hb_overpayment, court_costs"

BAD_LEDGER_ROWS = [
    ({"tenancy_ref": ""}, "tenancy_ref is missing"),
    ({"tenancy_ref": "T" * 41}, "tenancy_ref is 41 characters long; the most allowed is 40"),
    ({"account_ref": " "}, "account_ref is missing"),
    ({"account_type": "flat"}, f'account_type "flat" is not one of: {KINDS}'),
    ({"account_type": ""}, "account_type is missing"),
    ({"entry_id": ""}, "entry_id is missing"),
    ({"entry_id": "E" * 101}, "entry_id is 101 characters long; the most allowed is 100"),
    ({"posted_on": ""}, "posted_on is missing"),
    (
        {"posted_on": "2026-02-30"},
        'posted_on "2026-02-30" is not a real date between 1900 and 2099',
    ),
    ({"posted_on": "02/11/2026"}, 'posted_on "02/11/2026" is not a date in the form YYYY-MM-DD'),
    ({"posted_on": "20261102"}, 'posted_on "20261102" is not a date in the form YYYY-MM-DD'),
    (
        {"entry_type": "gift"},
        'entry_type "gift" is not one of: charge, payment, adjustment, writeoff, refund, '
        "benefit_credit",
    ),
    ({"amount": ""}, "amount is missing"),
    ({"amount": "12.5O"}, 'amount "12.5O" is not an amount in pounds, like 95.00 or -25.50'),
    ({"amount": "ten"}, 'amount "ten" is not an amount in pounds, like 95.00 or -25.50'),
    ({"amount": "1e3"}, 'amount "1e3" is not an amount in pounds, like 95.00 or -25.50'),
    ({"amount": "12.345"}, 'amount "12.345" has more than 2 decimal places'),
    ({"amount": "0.00"}, "amount is 0: every entry must change the balance"),
    ({"amount": "-0"}, "amount is 0: every entry must change the balance"),
    ({"amount": "1000000.01"}, 'amount "1000000.01" is more than £1,000,000'),
    (
        {"entry_type": "payment", "amount": "20.00"},
        'amount "20.00" is positive, but a payment must be negative (money in)',
    ),
    (
        {"entry_type": "charge", "amount": "-20.00"},
        'amount "-20.00" is negative, but a charge must be positive',
    ),
    (
        {"description": "x" * 10_000},
        "description is 10,000 characters long; the most allowed is 255",
    ),
    ({"payment_ref": "p" * 101}, "payment_ref is 101 characters long; the most allowed is 100"),
    # Needs the database: references that do not fit what is there.
    ({"tenancy_ref": "T999999"}, "tenancy T999999 is not known: import the tenancies file first"),
    ({"account_ref": "R000202"}, "account R000202 belongs to tenancy T000202, not T000101"),
    ({"account_type": "garage"}, "account R000101 is a rent account, not garage"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("overrides", "reason"), BAD_LEDGER_ROWS)
def test_a_bad_ledger_row_is_reported_by_line_while_the_good_rows_load(
    tmp_path, rent_account, overrides, reason
):
    AccountFactory(reference="R000202", tenancy=TenancyFactory(reference="T000202"))
    rows = [ledger_row(), ledger_row(**overrides), ledger_row(entry_type="payment", amount="-5")]
    run = ledger_import_file(path=write_ledger(tmp_path / "ledger.csv", rows))

    assert errors_of(run) == [(3, reason)]
    assert run.status == ImportRun.Status.COMPLETED_WITH_ERRORS
    assert (run.rows_total, run.rows_loaded, run.rows_unchanged, run.rows_failed) == (3, 2, 0, 1)
    assert ledger_totals() == {"entries": 2, "pence": 9550 - 500}


@pytest.mark.django_db
def test_a_row_with_the_wrong_number_of_columns_is_a_bad_row(tmp_path, rent_account):
    text = csv_text([ledger_row()], LEDGER_COLUMNS) + "T000101,R000101,rent\n"
    text += csv_text([ledger_row()], LEDGER_COLUMNS).split("\n", 1)[1]
    path = tmp_path / "ledger.csv"
    path.write_text(text, encoding="utf-8")

    run = ledger_import_file(path=path)

    assert errors_of(run) == [(3, "expected 9 columns, found 3")]
    assert run.rows_loaded == 2


@pytest.mark.django_db
def test_line_numbers_are_physical_lines_when_a_quoted_field_spans_lines(tmp_path, rent_account):
    rows = [
        ledger_row(description="Rent\nfor November\nand December"),  # lines 2 to 4
        ledger_row(amount="abc"),  # line 5
    ]
    text = csv_text(rows, LEDGER_COLUMNS) + "\n"  # a trailing blank line is ignored
    path = tmp_path / "ledger.csv"
    path.write_text(text, encoding="utf-8")

    run = ledger_import_file(path=path)

    assert [line for line, _ in errors_of(run)] == [5]
    assert run.rows_total == 2
    assert LedgerEntry.objects.get().description == "Rent\nfor November\nand December"


@pytest.mark.django_db
def test_an_account_seen_for_the_first_time_is_created_from_its_first_row(tmp_path, tenancy):
    rows = [
        ledger_row(account_ref="g000101", account_type="garage", amount="12.00"),
        ledger_row(account_ref="G000101", account_type="rent"),  # disagrees with line 2
        ledger_row(account_ref=" G000101 ", account_type="garage", amount="12.00"),
    ]
    run = ledger_import_file(path=write_ledger(tmp_path / "ledger.csv", rows))

    account = Account.objects.get()
    assert (account.reference, account.kind, account.tenancy) == ("G000101", "garage", tenancy)
    assert errors_of(run) == [(3, "account G000101 is a garage account, not rent")]
    assert account.entries.count() == 2


@pytest.mark.django_db
def test_too_many_bad_rows_keeps_the_first_ones_and_counts_the_rest(tmp_path, rent_account):
    rows = [ledger_row(amount="x")] * (MAX_ERRORS_KEPT + 100) + [ledger_row()]
    run = ledger_import_file(path=write_ledger(tmp_path / "ledger.csv", rows), batch_size=200)

    assert run.rows_failed == MAX_ERRORS_KEPT + 100
    assert len(run.errors) == MAX_ERRORS_KEPT
    assert run.errors[0]["line"] == 2
    assert "100 more are not" in run.message
    assert run.rows_loaded == 1


# --- Whole files refused ------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("header", "message"),
    [
        (
            "tenancy_ref,account_ref,account_type,entry_id,posted_on,entry_type,amount,description",
            "missing columns: payment_ref",
        ),
        (",".join([*LEDGER_COLUMNS, "balance"]), "unexpected columns: balance"),
        (",".join([*LEDGER_COLUMNS, "amount"]), "repeated columns: amount"),
        (",".join(TENANCY_COLUMNS), "This looks like a tenancies file: use import_tenancies."),
        ("", "The file is empty: it needs a header row."),
    ],
)
def test_a_wrong_header_refuses_the_file_and_loads_nothing(tmp_path, rent_account, header, message):
    body = csv_text([ledger_row()], LEDGER_COLUMNS).split("\n", 1)[1] if header else ""
    path = tmp_path / "ledger.csv"
    path.write_text(f"{header}\n{body}" if header else "", encoding="utf-8")

    run = ledger_import_file(path=path)

    assert run.status == ImportRun.Status.REJECTED
    assert message in run.message
    assert run.finished_at is not None
    assert LedgerEntry.objects.count() == 0


@pytest.mark.django_db
def test_header_names_may_differ_in_case_spaces_and_order(tmp_path, rent_account):
    columns = list(reversed(LEDGER_COLUMNS))
    text = csv_text([ledger_row()], columns)
    text = text.replace("tenancy_ref", " Tenancy_Ref ", 1)
    path = tmp_path / "ledger.csv"
    path.write_text(text, encoding="utf-8")

    assert ledger_import_file(path=path).rows_loaded == 1


@pytest.mark.django_db
def test_a_file_that_is_not_utf8_is_refused_and_nothing_loaded(tmp_path, rent_account):
    text = csv_text([ledger_row(), ledger_row(description="Rent £95.50")], LEDGER_COLUMNS)
    path = tmp_path / "ledger.csv"
    path.write_bytes(text.encode("cp1252"))

    run = ledger_import_file(path=path)

    assert run.status == ImportRun.Status.REJECTED
    assert "not UTF-8" in run.message
    assert "line 3" in run.message
    assert LedgerEntry.objects.count() == 0


@pytest.mark.django_db
def test_a_file_with_nul_bytes_is_refused(tmp_path, rent_account):
    path = tmp_path / "ledger.csv"
    path.write_bytes(csv_text([ledger_row(description="a\x00b")], LEDGER_COLUMNS).encode())

    run = ledger_import_file(path=path)

    assert run.status == ImportRun.Status.REJECTED
    assert LedgerEntry.objects.count() == 0


@pytest.mark.django_db
def test_a_utf8_byte_order_mark_is_tolerated(tmp_path, rent_account):
    path = tmp_path / "ledger.csv"
    path.write_bytes(csv_text([ledger_row()], LEDGER_COLUMNS).encode("utf-8-sig"))

    run = ledger_import_file(path=path)

    assert (run.status, run.rows_loaded) == (ImportRun.Status.COMPLETED, 1)


@pytest.mark.django_db
def test_a_refused_file_can_be_tried_again(tmp_path, rent_account):
    path = tmp_path / "ledger.csv"
    path.write_text("not,a,ledger\n", encoding="utf-8")
    first = ledger_import_file(path=path)
    second = ledger_import_file(path=path)

    assert first.pk == second.pk
    assert second.status == ImportRun.Status.REJECTED
    assert ImportRun.objects.count() == 1


# --- Idempotency and overlap --------------------------------------------------------------------


@pytest.mark.django_db
def test_the_same_file_twice_changes_nothing(tmp_path, rent_account):
    rows = [ledger_row(), ledger_row(entry_type="payment", amount="-40.00"), ledger_row(amount="x")]
    path = write_ledger(tmp_path / "ledger.csv", rows)
    first = ledger_import_file(path=path)
    before = ledger_totals()
    copy = tmp_path / "ledger-again.csv"
    copy.write_bytes(path.read_bytes())

    second = ledger_import_file(path=copy)

    assert second.skipped is True
    assert second.pk == first.pk
    assert ledger_totals() == before == {"entries": 2, "pence": 9550 - 4000}
    assert ImportRun.objects.count() == 1
    assert not first.skipped


@pytest.mark.django_db
def test_overlapping_files_add_only_the_new_rows(tmp_path, rent_account):
    rows = [ledger_row(amount=f"{n}.00") for n in range(1, 7)]
    first = ledger_import_file(path=write_ledger(tmp_path / "monday.csv", rows[:4]))
    second = ledger_import_file(path=write_ledger(tmp_path / "tuesday.csv", rows[2:]))

    assert (first.rows_loaded, first.rows_unchanged) == (4, 0)
    assert (second.rows_loaded, second.rows_unchanged) == (2, 2)
    assert ledger_totals() == {"entries": 6, "pence": 2100}
    assert LedgerEntry.objects.filter(import_run=second).count() == 2


@pytest.mark.django_db
def test_the_same_entry_id_with_another_entry_type_is_another_entry(tmp_path, rent_account):
    rows = [ledger_row(entry_id="E1"), ledger_row(entry_id="E1", entry_type="adjustment")]
    rows.append(ledger_row(entry_id="E1"))  # a repeat within the file

    run = ledger_import_file(path=write_ledger(tmp_path / "ledger.csv", rows))

    assert (run.rows_loaded, run.rows_unchanged) == (2, 1)


@pytest.mark.django_db
def test_a_crash_part_way_keeps_whole_batches_and_the_run_can_be_retried(
    tmp_path, rent_account, monkeypatch
):
    # The row-by-row reader (SQLite; PostgreSQL for files its CSV parser refuses).
    monkeypatch.setattr(imports, "SET_BASED_LEDGER", False)
    # One account per row, so a batch can be cut after every 2 rows.
    rows = [ledger_row(account_ref=f"R9{n:05d}") for n in range(5)]
    path = write_ledger(tmp_path / "ledger.csv", rows)
    real_writer = imports._entry_writer
    calls = itertools.count(1)

    class Broken:
        def insert(self, **kwargs):
            inserted = real_writer().insert(**kwargs)
            if next(calls) == 2:  # after writing the second batch's rows, before its commit
                raise RuntimeError("the database went away")
            return inserted

    monkeypatch.setattr(imports, "_entry_writer", Broken)
    with pytest.raises(RuntimeError):
        ledger_import_file(path=path, batch_size=2)

    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.FAILED
    assert (run.rows_total, run.rows_loaded) == (2, 2)  # the first batch, and only it
    assert LedgerEntry.objects.count() == 2
    assert Account.objects.filter(reference__startswith="R9").count() == 2

    monkeypatch.setattr(imports, "_entry_writer", real_writer)
    again = ledger_import_file(path=path, batch_size=2)

    assert again.pk == run.pk
    assert again.status == ImportRun.Status.COMPLETED
    assert (again.rows_total, again.rows_loaded, again.rows_unchanged) == (5, 3, 2)
    assert LedgerEntry.objects.count() == 5


@pytest.mark.postgres
@pytest.mark.django_db
def test_a_crash_in_a_set_based_load_loads_nothing_and_the_run_can_be_retried(
    tmp_path, rent_account, monkeypatch
):
    rows = [ledger_row(account_ref=f"R9{n:05d}") for n in range(5)]
    path = write_ledger(tmp_path / "ledger.csv", rows)
    loader = imports._SetBasedLedgerLoad
    real_insert = loader._insert

    def broken(self, cursor):
        real_insert(self, cursor)  # the rows are written, then the connection is lost
        raise RuntimeError("the database went away")

    monkeypatch.setattr(loader, "_insert", broken)
    with pytest.raises(RuntimeError):
        ledger_import_file(path=path)

    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.FAILED
    assert (run.rows_total, run.rows_loaded) == (0, 0)
    assert LedgerEntry.objects.count() == 0
    assert not Account.objects.filter(reference__startswith="R9").exists()

    monkeypatch.setattr(loader, "_insert", real_insert)
    again = ledger_import_file(path=path)

    assert again.pk == run.pk
    assert (again.status, again.rows_total, again.rows_loaded) == ("completed", 5, 5)
    assert LedgerEntry.objects.count() == 5


@pytest.mark.postgres
@pytest.mark.django_db
@pytest.mark.parametrize(
    ("description", "line"),
    [("Rent\nfor November", 4), ("Rent\r\nfor November", 4), ("Rent for November", 3)],
)
def test_the_set_based_load_reports_physical_line_numbers(
    tmp_path, rent_account, description, line
):
    rows = [ledger_row(description=description), ledger_row(amount="abc")]
    run = ledger_import_file(path=write_ledger(tmp_path / "ledger.csv", rows))

    assert errors_of(run) == [
        (line, 'amount "abc" is not an amount in pounds, like 95.00 or -25.50')
    ]
    assert LedgerEntry.objects.get().description == description


@pytest.mark.postgres
@pytest.mark.django_db
@pytest.mark.parametrize("ending", ["\n", "\r\n"])
def test_a_well_formed_file_is_loaded_set_based_whatever_its_line_endings(
    tmp_path, rent_account, monkeypatch, ending
):
    def row_by_row(*args, **kwargs):
        raise AssertionError("the row-by-row reader was used")

    monkeypatch.setattr(imports, "_batches", row_by_row)
    rows = [ledger_row(), ledger_row(amount="x"), ledger_row(description="a\nb")]
    text = csv_text(rows, LEDGER_COLUMNS).replace("\n", ending) + ending * 2
    path = tmp_path / "ledger.csv"
    path.write_bytes(text.encode())

    run = ledger_import_file(path=path)

    assert (run.rows_total, run.rows_loaded, run.rows_failed) == (3, 2, 1)
    assert [line for line, _ in errors_of(run)] == [3]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("set_based", [True, False])
def test_entries_already_there_are_found_by_the_unique_index_even_on_a_ledger_vacuumed_empty(
    tmp_path, rent_account, monkeypatch, set_based
):
    # Statistics from a VACUUM of the empty ledger say it has no pages. Planned on them, the
    # probe for entries already there was a sequential scan, run for every row over the table
    # the insert was filling: a 1,000,000-row import was still running after nearly ten minutes.
    monkeypatch.setattr(imports, "SET_BASED_LEDGER", set_based)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE portal_ledgerentry")
    plans = []

    def explain_the_insert(execute, sql, params, many, context):
        if sql.lstrip().startswith("INSERT INTO portal_ledgerentry") and "LATERAL" in sql:
            cursor = context["cursor"]
            cursor.execute("EXPLAIN " + sql, params)
            plans.append("\n".join(row[0] for row in cursor.fetchall()))
        return execute(sql, params, many, context)

    rows = [ledger_row(entry_id=f"E{n:05d}") for n in range(200)]
    with connection.execute_wrapper(explain_the_insert):
        run = ledger_import_file(path=write_ledger(tmp_path / "ledger.csv", rows))

    assert (run.status, run.rows_loaded) == (ImportRun.Status.COMPLETED, 200)
    assert len(plans) == 1
    assert "Seq Scan on portal_ledgerentry" not in plans[0]
    assert "ledger_entry_unique_business_key on portal_ledgerentry" in plans[0]


@pytest.mark.django_db
def test_values_padded_with_tabs_or_unicode_spaces_load_as_the_row_checks_read_them(
    tmp_path, rent_account
):
    # PostgreSQL trims only spaces itself; anything else goes through ledger_row_parse.
    rows = [
        ledger_row(tenancy_ref="\tt000101 ", amount="\u00a0£95.50", entry_id=" HMS-X\u3000"),
        ledger_row(entry_id="HMS-Y", amount="1,234.5", description=" Rent\t"),
        ledger_row(entry_id="HMS-Z", entry_type="payment", amount="-£ 12"),
    ]
    run = ledger_import_file(path=write_ledger(tmp_path / "ledger.csv", rows))

    assert (run.status, run.rows_loaded, run.rows_failed) == ("completed", 3, 0), run.errors
    loaded = dict(LedgerEntry.objects.values_list("external_id", "amount_pence"))
    assert loaded == {"HMS-X": 9550, "HMS-Y": 123450, "HMS-Z": -1200}
    assert LedgerEntry.objects.get(external_id="HMS-Y").description == "Rent"


@pytest.mark.django_db
def test_a_blank_line_in_the_middle_is_skipped_and_line_numbers_stay_true(tmp_path, rent_account):
    text = csv_text([ledger_row()], LEDGER_COLUMNS) + "\n"
    text += csv_text([ledger_row(amount="x")], LEDGER_COLUMNS).split("\n", 1)[1]
    path = tmp_path / "ledger.csv"
    path.write_text(text, encoding="utf-8")

    run = ledger_import_file(path=path)

    assert [line for line, _ in errors_of(run)] == [4]
    assert (run.rows_total, run.rows_loaded) == (2, 1)


@pytest.mark.django_db
def test_the_same_entry_twice_in_one_file_loads_once(tmp_path, rent_account):
    rows = [ledger_row(entry_id="HMS-TWICE", amount="1.00")] * 2 + [ledger_row()]
    run = ledger_import_file(path=write_ledger(tmp_path / "ledger.csv", rows))

    assert (run.rows_total, run.rows_loaded, run.rows_unchanged) == (3, 2, 1)


# --- Card payments confirmed by the housing system ----------------------------------------------


@pytest.mark.django_db
def test_an_hms_payment_with_a_payment_ref_supersedes_the_portal_card_credit(
    tmp_path, rent_account
):
    card = LedgerEntryFactory(
        account=rent_account,
        source=LedgerEntry.Source.STRIPE,
        kind=LedgerEntry.Kind.PAYMENT,
        external_id="pi_3QcardPayment",
        amount_pence=-4000,
    )
    counted = LedgerEntry.objects.filter(superseded_by__isnull=True)
    assert counted.aggregate(total=Sum("amount_pence"))["total"] == -4000
    rows = [
        ledger_row(),
        ledger_row(
            entry_id="HMS-PAY-1",
            entry_type="payment",
            amount="-40.00",
            payment_ref=card.external_id,
        ),
    ]

    run = ledger_import_file(path=write_ledger(tmp_path / "ledger.csv", rows))

    card.refresh_from_db()
    hms_payment = LedgerEntry.objects.get(source=LedgerEntry.Source.HMS, external_id="HMS-PAY-1")
    assert card.superseded_by == hms_payment
    assert counted.aggregate(total=Sum("amount_pence"))["total"] == 9550 - 4000  # once, not twice
    assert "1 card payments confirmed" in run.message


@pytest.mark.django_db
def test_a_card_credit_recorded_after_its_hms_payment_is_superseded_by_the_next_file(
    tmp_path, rent_account
):
    row = ledger_row(
        entry_id="HMS-PAY-2", entry_type="payment", amount="-10.00", payment_ref="pi_late"
    )
    ledger_import_file(path=write_ledger(tmp_path / "monday.csv", [row]))
    card = LedgerEntryFactory(
        account=rent_account,
        source="stripe",
        kind="payment",
        external_id="pi_late",
        amount_pence=-1000,
    )

    ledger_import_file(path=write_ledger(tmp_path / "tuesday.csv", [row, ledger_row()]))

    card.refresh_from_db()
    assert card.superseded_by.external_id == "HMS-PAY-2"


@pytest.mark.django_db
def test_payment_ref_never_supersedes_a_card_credit_on_another_tenancy_or_twice(
    tmp_path, rent_account
):
    elsewhere = LedgerEntryFactory(
        source="stripe", kind="payment", external_id="pi_other", amount_pence=-1000
    )
    earlier = LedgerEntryFactory(
        account=rent_account, source="hms", kind="payment", amount_pence=-500
    )
    done = LedgerEntryFactory(
        account=rent_account,
        source="stripe",
        kind="payment",
        external_id="pi_done",
        amount_pence=-500,
        superseded_by=earlier,
    )
    rows = [
        ledger_row(entry_type="payment", amount="-10.00", payment_ref="pi_other"),
        ledger_row(entry_type="payment", amount="-5.00", payment_ref="pi_done"),
        ledger_row(entry_type="charge", payment_ref="pi_other"),  # only payments confirm
    ]

    ledger_import_file(path=write_ledger(tmp_path / "ledger.csv", rows))

    elsewhere.refresh_from_db()
    done.refresh_from_db()
    assert elsewhere.superseded_by is None
    assert done.superseded_by == earlier


# --- Tenancies ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_tenancies_are_created_and_then_updated_from_the_newest_file(tmp_path):
    rows = [
        tenancy_row(),
        tenancy_row(person_name="Daniel Khan", date_of_birth="1982-02-03", role="occupant"),
    ]
    first = tenancies_import_file(path=write_tenancies(tmp_path / "monday.csv", rows))
    amira = TenancyMember.objects.get(name="Amira Khan")
    user = UserFactory()
    amira.user = user
    amira.save()

    changed = {"weekly_rent": "99.95", "end_date": "2027-01-31", "postcode": "m13he"}
    newer = [
        tenancy_row(**changed),
        tenancy_row(
            **changed, person_name="Daniel  Khan", date_of_birth="1982-02-03", role="joint"
        ),
        tenancy_row(
            **changed, person_name="Zara Khan", date_of_birth="2012-09-30", role="occupant"
        ),
    ]
    second = tenancies_import_file(path=write_tenancies(tmp_path / "tuesday.csv", newer))

    assert (first.rows_loaded, first.rows_unchanged) == (2, 0)
    # Amira's row carries the tenancy's changes; Daniel's role changed; Zara is new.
    assert (second.rows_loaded, second.rows_unchanged, second.rows_failed) == (3, 0, 0)
    tenancy = Tenancy.objects.get()
    assert (tenancy.weekly_rent_pence, str(tenancy.end_date), tenancy.postcode) == (
        9995,
        "2027-01-31",
        "M1 3HE",
    )
    members = {m.name: m for m in tenancy.members.all()}
    assert set(members) == {"Amira Khan", "Daniel Khan", "Zara Khan"}
    assert members["Daniel Khan"].role == TenancyMember.Role.JOINT
    assert members["Amira Khan"].user == user  # never unlinked

    third = tenancies_import_file(path=write_tenancies(tmp_path / "wednesday.csv", newer[::-1]))
    assert (third.rows_loaded, third.rows_unchanged) == (0, 3)


@pytest.mark.django_db
def test_a_member_linked_to_a_login_keeps_the_link_when_their_role_changes(tmp_path):
    member = TenancyMemberFactory(
        tenancy=TenancyFactory(reference="T000101"),
        name="Amira Khan",
        date_of_birth="1984-07-12",
        role="joint",
        user=UserFactory(),
    )
    tenancies_import_file(path=write_tenancies(tmp_path / "t.csv", [tenancy_row(role="lead")]))

    refreshed = TenancyMember.objects.get(pk=member.pk)
    assert (refreshed.role, refreshed.user_id) == ("lead", member.user_id)


BAD_TENANCY_ROWS = [
    ({"tenancy_ref": ""}, "tenancy_ref is missing"),
    ({"address_line_1": ""}, "address_line_1 is missing"),
    (
        {"address_line_1": "x" * 10_000},
        "address_line_1 is 10,000 characters long; the most allowed is 200",
    ),
    ({"town": "x" * 101}, "town is 101 characters long; the most allowed is 100"),
    ({"postcode": ""}, "postcode is missing"),
    ({"postcode": "MANCHESTER"}, "postcode is not a UK postcode"),
    (
        {"start_date": "2019-13-01"},
        'start_date "2019-13-01" is not a real date between 1900 and 2099',
    ),
    ({"end_date": "2018-01-01"}, "end_date 2018-01-01 is before start_date 2019-04-01"),
    ({"bedrooms": "two"}, 'bedrooms "two" is not a whole number'),
    ({"bedrooms": "-1"}, 'bedrooms "-1" is not a whole number'),
    ({"bedrooms": "21"}, "bedrooms 21 is more than 20"),
    ({"weekly_rent": "-95.50"}, 'weekly_rent "-95.50" is negative'),
    ({"weekly_rent": "95.505"}, 'weekly_rent "95.505" has more than 2 decimal places'),
    ({"person_name": ""}, "person_name is missing"),
    (
        {"person_name": "😀" * 10_000},
        "person_name is 10,000 characters long; the most allowed is 200",
    ),
    ({"date_of_birth": "12/07/1984"}, "date_of_birth is not a date in the form YYYY-MM-DD"),
    ({"date_of_birth": "2090-01-01"}, "date_of_birth is in the future"),
    ({"role": "lodger"}, 'role "lodger" is not one of: lead, joint, occupant'),
    (
        {"town": "Salford"},
        "tenancy T000101's details differ from line 2: "
        "every row of a tenancy must repeat them exactly",
    ),
    (
        {"role": "joint", "person_name": "Amira Khan", "date_of_birth": "1984-07-12"},
        "this person is on tenancy T000101 twice with different roles (see line 2)",
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("overrides", "reason"), BAD_TENANCY_ROWS)
def test_a_bad_tenancies_row_is_reported_by_line_while_the_good_rows_load(
    tmp_path, overrides, reason
):
    rows = [
        tenancy_row(),
        tenancy_row(
            **{"person_name": "Zara Khan", "date_of_birth": "2012-09-30", "role": "occupant"}
            | overrides
        ),
        tenancy_row(tenancy_ref="T000102", person_name="Peter O'Neill", date_of_birth="1957-11-21"),
    ]
    run = tenancies_import_file(path=write_tenancies(tmp_path / "tenancies.csv", rows))

    assert errors_of(run) == [(3, reason)]
    assert (run.rows_loaded, run.rows_failed) == (2, 1)
    assert TenancyMember.objects.count() == 2
    # Reasons never repeat a person's name or date of birth.
    assert "Zara" not in reason and "2012-09-30" not in reason


@pytest.mark.django_db
def test_emoji_and_accents_load_unchanged(tmp_path, tenancy):
    rows = [tenancy_row(person_name="Siobhán Ó Briain 🏠", address_line_1="Flat 3 — Tŷ Newydd")]
    tenancies_import_file(path=write_tenancies(tmp_path / "t.csv", rows))
    ledger = [ledger_row(description="Rent 🏠 " + "é" * 240)]

    run = ledger_import_file(path=write_ledger(tmp_path / "l.csv", ledger))

    assert run.rows_loaded == 1
    assert LedgerEntry.objects.get().description == "Rent 🏠 " + "é" * 240
    assert TenancyMember.objects.get().name == "Siobhán Ó Briain 🏠"


# --- The management commands --------------------------------------------------------------------


@pytest.mark.django_db
def test_import_ledger_prints_a_summary_with_each_bad_row(tmp_path, rent_account):
    rows = [ledger_row(), ledger_row(amount="12.345"), ledger_row(posted_on="yesterday")]
    out = StringIO()

    call_command("import_ledger", str(write_ledger(tmp_path / "ledger.csv", rows)), stdout=out)

    assert out.getvalue().splitlines() == [
        f"ledger.csv: completed with errors (import run {ImportRun.objects.get().pk})",
        "Rows read: 3",
        "Loaded: 1",
        "Already there: 0",
        "Failed: 2",
        'line 3: amount "12.345" has more than 2 decimal places',
        'line 4: posted_on "yesterday" is not a date in the form YYYY-MM-DD',
    ]


@pytest.mark.django_db
def test_import_ledger_says_when_a_file_was_already_imported(tmp_path, rent_account):
    path = str(write_ledger(tmp_path / "ledger.csv", [ledger_row()]))
    call_command("import_ledger", path, stdout=StringIO())
    out = StringIO()

    call_command("import_ledger", path, stdout=out)

    assert "skipped: locked or already imported" in out.getvalue()
    assert "already imported on" in out.getvalue()


@pytest.mark.django_db
def test_import_tenancies_prints_a_summary(tmp_path):
    out = StringIO()
    call_command("import_tenancies", str(EXAMPLES / "tenancies.csv"), stdout=out)

    assert "Rows read: 5\nLoaded: 5\nAlready there: 0\nFailed: 0" in out.getvalue()


@pytest.mark.django_db
def test_a_refused_file_is_a_command_error(tmp_path):
    path = tmp_path / "ledger.csv"
    path.write_text("tenancy_ref,amount\nT1,1.00\n", encoding="utf-8")

    with pytest.raises(CommandError, match="missing columns: account_ref"):
        call_command("import_ledger", str(path))
    with pytest.raises(CommandError, match="no such file"):
        call_command("import_tenancies", str(tmp_path / "missing.csv"))


@pytest.fixture
def keep_connection(monkeypatch):
    """manage.py closes every connection when a command ends, which would end the test's
    transaction; keep it open."""
    monkeypatch.setattr("django.core.management.base.connections.close_all", lambda: None)


@pytest.mark.django_db
@pytest.mark.usefixtures("keep_connection")
def test_exit_code_is_0_with_bad_rows_and_1_when_refused(tmp_path, rent_account, capsys):
    good = write_ledger(tmp_path / "ledger.csv", [ledger_row(), ledger_row(amount="abc")])
    ManagementUtility(["manage.py", "import_ledger", str(good)]).execute()  # no SystemExit: 0
    assert "line 3: amount" in capsys.readouterr().out

    refused = tmp_path / "refused.csv"
    refused.write_bytes(b"\xff\xfe" + "tenancy_ref".encode("utf-16-le"))
    with pytest.raises(SystemExit) as exit_info:
        ManagementUtility(["manage.py", "import_ledger", str(refused)]).execute()
    assert exit_info.value.code == 1
    assert "not UTF-8" in capsys.readouterr().err


# --- PostgreSQL: the lock, concurrency and the COPY writer --------------------------------------


def _run_in_threads(count, target):
    barrier = threading.Barrier(count)
    results, failures = [], []

    def work():
        try:
            barrier.wait(timeout=10)
            results.append(target())
        except Exception as exc:  # reported by the test
            failures.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "an import thread hung"
    assert not failures, failures
    return results


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_workers_importing_the_same_file_at_once_make_one_import(tmp_path):
    tenancy = TenancyFactory(reference="T000101")
    AccountFactory(reference="R000101", tenancy=tenancy)
    rows = [ledger_row(account_ref=f"R{n % 50:06d}") for n in range(3_000)]
    path = write_ledger(tmp_path / "ledger.csv", rows)

    runs = _run_in_threads(2, lambda: ledger_import_file(path=path, batch_size=100))

    assert sorted(run.skipped for run in runs) == [False, True]
    assert ImportRun.objects.get().status == ImportRun.Status.COMPLETED
    assert LedgerEntry.objects.count() == 3_000
    assert LedgerEntry.objects.values("external_id").distinct().count() == 3_000


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_overlapping_files_imported_at_once_never_duplicate_an_entry(tmp_path):
    TenancyFactory(reference="T000101")
    rows = [ledger_row(account_ref=f"R{n % 40:06d}") for n in range(2_000)]
    first = write_ledger(tmp_path / "a.csv", rows[:1_500])
    second = write_ledger(tmp_path / "b.csv", rows[500:])
    paths = iter([first, second])
    lock = threading.Lock()

    def import_next():
        with lock:
            path = next(paths)
        return ledger_import_file(path=path, batch_size=100)

    runs = _run_in_threads(2, import_next)

    assert {run.status for run in runs} == {ImportRun.Status.COMPLETED}
    assert sum(run.rows_loaded for run in runs) == 2_000
    assert sum(run.rows_unchanged for run in runs) == 1_000
    assert LedgerEntry.objects.count() == 2_000
    assert Account.objects.count() == 40


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_file_locked_by_another_session_is_skipped_and_nothing_loaded(tmp_path, rent_account):
    path = write_ledger(tmp_path / "ledger.csv", [ledger_row()])
    scan = imports._scan_file(path)
    key = imports._lock_key(ImportRun.Kind.LEDGER, scan.sha256)
    holder = threading.Event()
    release = threading.Event()

    def hold_lock():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [key])
            holder.set()
            release.wait(timeout=30)
            cursor.execute("SELECT pg_advisory_unlock(%s)", [key])
        connection.close()

    thread = threading.Thread(target=hold_lock)
    thread.start()
    try:
        assert holder.wait(timeout=10)
        run = ledger_import_file(path=path)
    finally:
        release.set()
        thread.join(timeout=30)

    assert run.skipped is True
    assert run.pk is None
    assert LedgerEntry.objects.count() == 0
    assert ledger_import_file(path=path).status == ImportRun.Status.COMPLETED


@pytest.mark.postgres
@pytest.mark.django_db
@pytest.mark.parametrize("set_based", [True, False])
def test_entries_inserted_by_someone_else_meanwhile_are_skipped_not_an_error(
    tmp_path, rent_account, monkeypatch, set_based
):
    # Simulate the race the fast path cannot see: make it insert blindly, so rows already there
    # hit the unique key, and the batch must fall back to ON CONFLICT DO NOTHING.
    monkeypatch.setattr(imports, "SET_BASED_LEDGER", set_based)
    writer = imports._SetBasedLedgerLoad if set_based else imports._PostgresEntryWriter
    blind = writer._INSERT_IGNORING_CONFLICTS.replace(
        "ON CONFLICT (source, external_id, kind) DO NOTHING", ""
    )
    rows = [ledger_row(amount=f"{n}.00") for n in range(1, 5)]
    ledger_import_file(path=write_ledger(tmp_path / "monday.csv", rows[:3]))
    monkeypatch.setattr(writer, "_INSERT_NEW", blind)

    run = ledger_import_file(path=write_ledger(tmp_path / "tuesday.csv", rows[1:]))

    assert (run.status, run.rows_loaded, run.rows_unchanged) == ("completed", 1, 2)
    assert ledger_totals() == {"entries": 4, "pence": 1000}


def _batch_shapes(tmp_path, rows, batch_size):
    path = write_ledger(tmp_path / "ledger.csv", rows)
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        columns = imports._header_columns(next(reader), imports._LEDGER)
        return [
            (read, [record.account_ref for _, record in records], len(bad))
            for read, records, bad in imports._batches(reader, columns, imports._LEDGER, batch_size)
        ]


def test_a_batch_is_not_cut_inside_an_account_unless_it_grows_too_long(tmp_path):
    rows = [ledger_row(account_ref=ref) for ref in ["A1"] * 3 + ["B2"] * 3 + ["C3"] * 5]

    assert _batch_shapes(tmp_path, rows, batch_size=2) == [
        (3, ["A1"] * 3, 0),
        (3, ["B2"] * 3, 0),
        (4, ["C3"] * 4, 0),  # twice the batch size: cut anyway, so memory stays bounded
        (1, ["C3"], 0),
    ]


def test_bad_rows_are_handed_on_in_bounded_batches_too(tmp_path):
    rows = [ledger_row(amount="x")] * 9

    shapes = _batch_shapes(tmp_path, rows, batch_size=2)

    assert [read for read, _, _ in shapes] == [4, 4, 1]
    assert sum(bad for _, _, bad in shapes) == 9


@pytest.mark.django_db
def test_a_field_too_big_to_be_csv_stops_the_import_as_failed(tmp_path, rent_account):
    rows = [ledger_row(), ledger_row(description="x" * 200_000)]

    run = ledger_import_file(path=write_ledger(tmp_path / "ledger.csv", rows))

    assert run.status == ImportRun.Status.FAILED
    assert "could not be read as CSV" in run.message
    assert LedgerEntry.objects.count() == 0  # the batch it was in never applied
