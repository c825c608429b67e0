"""A ledger entry's references are enforced by the database (migration 0008's triggers).

They replace foreign-key constraints, so these tests hold them to what a foreign key does:
a reference must exist, whatever writes it (the ORM, raw SQL, a bulk insert), and what is
referred to cannot be deleted or renumbered, nor deleted by another transaction while the
entry that refers to it is being written.
"""

import datetime as dt
import threading

import pytest
from django.db import IntegrityError, connection, transaction

from portal.models import Account, LedgerEntry
from tests.factories import AccountFactory, LedgerEntryFactory

pytestmark = pytest.mark.django_db

TRIGGERS = {
    "portal_ledgerentry": {
        "portal_ledger_entry_insert_references",
        "portal_ledger_entry_update_references",
        "portal_ledger_entry_delete_referenced",
        "portal_ledger_entry_update_referenced",
    },
    "portal_account": {
        "portal_account_delete_referenced",
        "portal_account_update_referenced",
    },
}


def _entry(account_id, **fields):
    return LedgerEntry(
        account_id=account_id,
        amount_pence=1000,
        posted_on=dt.date(2026, 11, 2),
        kind=LedgerEntry.Kind.CHARGE,
        source=LedgerEntry.Source.HMS,
        external_id=fields.pop("external_id", "X1"),
        **fields,
    )


def _missing_id(model) -> int:
    last = model.objects.order_by("-id").values_list("id", flat=True).first() or 0
    return last + 1000


def _sql(statement: str, params=()) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def test_every_trigger_is_installed():
    """A later migration that rebuilds either table (SQLite does, to alter a column) must put
    them back: without them nothing checks the references."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgrelid::regclass::text, tgname FROM pg_trigger "
                "WHERE tgname LIKE 'portal\\_%%' AND NOT tgisinternal"
            )
        else:
            cursor.execute("SELECT tbl_name, name FROM sqlite_master WHERE type = 'trigger'")
        found = {}
        for table, name in cursor.fetchall():
            found.setdefault(table, set()).add(name)
    for table, names in TRIGGERS.items():
        assert names <= found.get(table, set()), table


def test_an_entry_for_an_account_that_does_not_exist_is_refused():
    with pytest.raises(IntegrityError), transaction.atomic():
        _entry(_missing_id(Account)).save()
    assert not LedgerEntry.objects.exists()


def test_one_bad_account_refuses_the_whole_bulk_insert():
    account = AccountFactory()
    rows = [_entry(account.id, external_id=f"B{n}") for n in range(50)]
    rows.append(_entry(_missing_id(Account), external_id="B-bad"))
    with pytest.raises(IntegrityError), transaction.atomic():
        LedgerEntry.objects.bulk_create(rows)
    assert not LedgerEntry.objects.exists()


@pytest.mark.parametrize("field", ["reverses_id", "superseded_by_id"])
def test_an_entry_cannot_refer_to_an_entry_that_does_not_exist(field):
    account = AccountFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        _entry(account.id, **{field: _missing_id(LedgerEntry)}).save()
    assert not LedgerEntry.objects.exists()


@pytest.mark.parametrize("field", ["reverses_id", "superseded_by_id"])
def test_an_entry_can_refer_to_one_that_exists(field):
    original = LedgerEntryFactory()
    _entry(original.account_id, external_id="R1", **{field: original.id}).save()
    assert LedgerEntry.objects.filter(**{field: original.id}).count() == 1


def test_an_update_is_checked_too():
    entry = LedgerEntryFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        LedgerEntry.objects.filter(pk=entry.pk).update(superseded_by_id=_missing_id(LedgerEntry))
    with pytest.raises(IntegrityError), transaction.atomic():
        LedgerEntry.objects.filter(pk=entry.pk).update(account_id=_missing_id(Account))
    later = LedgerEntryFactory(account=entry.account)
    LedgerEntry.objects.filter(pk=entry.pk).update(superseded_by_id=later.id)
    entry.refresh_from_db()
    assert entry.superseded_by_id == later.id


def test_an_account_with_entries_cannot_be_deleted_even_by_raw_sql():
    entry = LedgerEntryFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        _sql("DELETE FROM portal_account WHERE id = %s", [entry.account_id])
    with pytest.raises(IntegrityError), transaction.atomic():
        _sql("UPDATE portal_account SET id = id + 100000 WHERE id = %s", [entry.account_id])
    assert Account.objects.filter(pk=entry.account_id).exists()


def test_accounts_without_entries_can_be_deleted_and_others_updated():
    entry = LedgerEntryFactory()
    empty = AccountFactory()
    _sql("DELETE FROM portal_account WHERE id = %s", [empty.id])
    _sql("UPDATE portal_account SET reference = 'RENAMED' WHERE id = %s", [entry.account_id])
    assert not Account.objects.filter(pk=empty.id).exists()
    assert Account.objects.get(pk=entry.account_id).reference == "RENAMED"


@pytest.mark.parametrize("field", ["reverses_id", "superseded_by_id"])
def test_an_entry_another_refers_to_cannot_be_deleted(field):
    original = LedgerEntryFactory()
    _entry(original.account_id, external_id="R1", **{field: original.id}).save()
    with pytest.raises(IntegrityError), transaction.atomic():
        _sql("DELETE FROM portal_ledgerentry WHERE id = %s", [original.id])
    with pytest.raises(IntegrityError), transaction.atomic():
        _sql("UPDATE portal_ledgerentry SET id = id + 100000 WHERE id = %s", [original.id])
    assert LedgerEntry.objects.filter(pk=original.id).exists()


def test_an_entry_nothing_refers_to_can_be_deleted():
    entry = LedgerEntryFactory()
    _sql("DELETE FROM portal_ledgerentry WHERE id = %s", [entry.id])
    assert not LedgerEntry.objects.exists()


def _other_connection():
    """A second, independent connection to the test database."""
    import psycopg

    settings = connection.settings_dict
    return psycopg.connect(
        dbname=settings["NAME"],
        user=settings["USER"],
        password=settings["PASSWORD"],
        host=settings["HOST"] or None,
        port=settings["PORT"] or None,
        autocommit=True,
    )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_an_account_being_written_to_cannot_be_deleted_until_that_transaction_ends():
    """As with a foreign key, writing an entry locks its account (FOR KEY SHARE)."""
    import psycopg

    account = AccountFactory()
    with transaction.atomic():
        _entry(account.id).save()
        with _other_connection() as other:
            other.execute("SET lock_timeout = '200ms'")
            with pytest.raises(psycopg.errors.LockNotAvailable):
                other.execute("DELETE FROM portal_account WHERE id = %s", [account.id])
    assert LedgerEntry.objects.filter(account=account).exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_an_entry_for_an_account_deleted_meanwhile_is_refused():
    """The account is deleted by a transaction that commits while the insert waits for it."""
    account = AccountFactory()
    other = _other_connection()
    other.autocommit = False
    other.execute("DELETE FROM portal_account WHERE id = %s", [account.id])
    outcome = {}

    def insert():
        try:
            with transaction.atomic():
                _entry(account.id).save()
            outcome["saved"] = True
        except IntegrityError as exc:
            outcome["refused"] = str(exc)
        finally:
            connection.close()

    worker = threading.Thread(target=insert)
    worker.start()
    worker.join(timeout=0.5)
    assert worker.is_alive(), "the insert should wait for the delete to commit or roll back"
    other.commit()
    other.close()
    worker.join(timeout=10)
    assert "refused" in outcome and "does not exist" in outcome["refused"]
    assert not LedgerEntry.objects.exists()
