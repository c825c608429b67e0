"""Ledger entries' references (account, reverses, superseded_by): enforced per statement.

A foreign-key constraint queues a check for every inserted row and runs them one by one: for
the HMS import that was about 10 µs a row, a third of the whole import. These triggers give
the same guarantee for a whole statement at once:

- an entry's account, and the entries it reverses or is superseded by, must exist; they are
  locked FOR KEY SHARE, as a foreign key locks them, so nobody can delete them (or change
  their id) until the inserting transaction ends;
- an account, or an entry, that an entry refers to cannot be deleted or given another id.

Unlike Django's foreign keys the checks are not deferred to COMMIT: they run at the end of
each statement. Nothing in the portal writes an entry before what it refers to.

On SQLite (development and the demo only) row triggers do the same checks.
"""

from django.db import migrations, models

PG_FORWARD = """
CREATE FUNCTION portal_ledger_entry_references_check() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    accounts bigint[];
    entries bigint[];
    locked bigint;
    missing bigint;
BEGIN
    -- One pass over the statement's rows: the distinct accounts and entries they refer to.
    WITH refs AS MATERIALIZED (
        SELECT account_id, reverses_id, superseded_by_id
        FROM portal_new_entries
        GROUP BY account_id, reverses_id, superseded_by_id
    )
    SELECT
        ARRAY(SELECT DISTINCT account_id FROM refs),
        ARRAY(SELECT reverses_id FROM refs WHERE reverses_id IS NOT NULL
              UNION SELECT superseded_by_id FROM refs WHERE superseded_by_id IS NOT NULL)
    INTO accounts, entries;

    -- Lock them as a foreign key would (FOR KEY SHARE). A row that is not there, or that a
    -- transaction deleted (or renumbered) and committed while we waited, is not locked.
    SELECT count(*) INTO locked FROM (
        SELECT 1 FROM portal_account a JOIN unnest(accounts) AS w (id) ON a.id = w.id
        FOR KEY SHARE OF a
    ) rows_locked;
    IF locked < cardinality(accounts) THEN
        SELECT w.id INTO missing FROM unnest(accounts) AS w (id)
        WHERE NOT EXISTS (SELECT 1 FROM portal_account a WHERE a.id = w.id)
        LIMIT 1;
        RAISE foreign_key_violation USING MESSAGE = format(
            'insert or update on table "portal_ledgerentry" refers to account %s, '
            'which does not exist', missing);
    END IF;

    IF cardinality(entries) > 0 THEN
        SELECT count(*) INTO locked FROM (
            SELECT 1 FROM portal_ledgerentry e JOIN unnest(entries) AS w (id) ON e.id = w.id
            FOR KEY SHARE OF e
        ) rows_locked;
        IF locked < cardinality(entries) THEN
            SELECT w.id INTO missing FROM unnest(entries) AS w (id)
            WHERE NOT EXISTS (SELECT 1 FROM portal_ledgerentry e WHERE e.id = w.id)
            LIMIT 1;
            RAISE foreign_key_violation USING MESSAGE = format(
                'insert or update on table "portal_ledgerentry" refers to entry %s, '
                'which does not exist', missing);
        END IF;
    END IF;
    RETURN NULL;
END $$;

-- Ids that a DELETE removed, or an UPDATE changed, must not be referred to by any entry.
-- (A DELETE trigger has no new rows to look at, hence the four queries.)
CREATE FUNCTION portal_ledger_referenced_check() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    gone bigint;
BEGIN
    IF TG_TABLE_NAME = 'portal_account' AND TG_OP = 'DELETE' THEN
        SELECT o.id INTO gone FROM portal_old_rows o
        WHERE EXISTS (SELECT 1 FROM portal_ledgerentry e WHERE e.account_id = o.id)
        LIMIT 1;
    ELSIF TG_TABLE_NAME = 'portal_account' THEN
        SELECT o.id INTO gone FROM portal_old_rows o
        WHERE NOT EXISTS (SELECT 1 FROM portal_new_rows n WHERE n.id = o.id)
            AND EXISTS (SELECT 1 FROM portal_ledgerentry e WHERE e.account_id = o.id)
        LIMIT 1;
    ELSIF TG_OP = 'DELETE' THEN
        SELECT o.id INTO gone FROM portal_old_rows o
        WHERE EXISTS (SELECT 1 FROM portal_ledgerentry e WHERE e.reverses_id = o.id)
            OR EXISTS (SELECT 1 FROM portal_ledgerentry e WHERE e.superseded_by_id = o.id)
        LIMIT 1;
    ELSE
        SELECT o.id INTO gone FROM portal_old_rows o
        WHERE NOT EXISTS (SELECT 1 FROM portal_new_rows n WHERE n.id = o.id)
            AND (EXISTS (SELECT 1 FROM portal_ledgerentry e WHERE e.reverses_id = o.id)
                OR EXISTS (SELECT 1 FROM portal_ledgerentry e WHERE e.superseded_by_id = o.id))
        LIMIT 1;
    END IF;
    IF FOUND THEN
        RAISE foreign_key_violation USING MESSAGE = format(
            'update or delete on table "%s" removes id %s, which ledger entries refer to',
            TG_TABLE_NAME, gone);
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER portal_ledger_entry_insert_references
AFTER INSERT ON portal_ledgerentry
REFERENCING NEW TABLE AS portal_new_entries
FOR EACH STATEMENT EXECUTE FUNCTION portal_ledger_entry_references_check();

CREATE TRIGGER portal_ledger_entry_update_references
AFTER UPDATE ON portal_ledgerentry
REFERENCING NEW TABLE AS portal_new_entries
FOR EACH STATEMENT EXECUTE FUNCTION portal_ledger_entry_references_check();

CREATE TRIGGER portal_ledger_entry_delete_referenced
AFTER DELETE ON portal_ledgerentry
REFERENCING OLD TABLE AS portal_old_rows
FOR EACH STATEMENT EXECUTE FUNCTION portal_ledger_referenced_check();

CREATE TRIGGER portal_ledger_entry_update_referenced
AFTER UPDATE ON portal_ledgerentry
REFERENCING OLD TABLE AS portal_old_rows NEW TABLE AS portal_new_rows
FOR EACH STATEMENT EXECUTE FUNCTION portal_ledger_referenced_check();

CREATE TRIGGER portal_account_delete_referenced
AFTER DELETE ON portal_account
REFERENCING OLD TABLE AS portal_old_rows
FOR EACH STATEMENT EXECUTE FUNCTION portal_ledger_referenced_check();

CREATE TRIGGER portal_account_update_referenced
AFTER UPDATE ON portal_account
REFERENCING OLD TABLE AS portal_old_rows NEW TABLE AS portal_new_rows
FOR EACH STATEMENT EXECUTE FUNCTION portal_ledger_referenced_check();
"""

PG_BACKWARD = """
DROP TRIGGER portal_account_update_referenced ON portal_account;
DROP TRIGGER portal_account_delete_referenced ON portal_account;
DROP TRIGGER portal_ledger_entry_update_referenced ON portal_ledgerentry;
DROP TRIGGER portal_ledger_entry_delete_referenced ON portal_ledgerentry;
DROP TRIGGER portal_ledger_entry_update_references ON portal_ledgerentry;
DROP TRIGGER portal_ledger_entry_insert_references ON portal_ledgerentry;
DROP FUNCTION portal_ledger_referenced_check();
DROP FUNCTION portal_ledger_entry_references_check();
"""

_SQLITE_MISSING = """
    NOT EXISTS (SELECT 1 FROM portal_account WHERE id = NEW.account_id)
    OR (NEW.reverses_id IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM portal_ledgerentry WHERE id = NEW.reverses_id))
    OR (NEW.superseded_by_id IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM portal_ledgerentry WHERE id = NEW.superseded_by_id))
"""
_SQLITE_ENTRY_REFERENCED = """
    EXISTS (SELECT 1 FROM portal_ledgerentry
            WHERE reverses_id = OLD.id OR superseded_by_id = OLD.id)
"""
_SQLITE_ACCOUNT_REFERENCED = "EXISTS (SELECT 1 FROM portal_ledgerentry WHERE account_id = OLD.id)"
_SQLITE_RAISE = "BEGIN SELECT RAISE(ABORT, 'FOREIGN KEY constraint failed'); END"

SQLITE_FORWARD = [
    f"""CREATE TRIGGER portal_ledger_entry_insert_references
    BEFORE INSERT ON portal_ledgerentry WHEN {_SQLITE_MISSING} {_SQLITE_RAISE}""",
    f"""CREATE TRIGGER portal_ledger_entry_update_references
    BEFORE UPDATE ON portal_ledgerentry WHEN {_SQLITE_MISSING} {_SQLITE_RAISE}""",
    f"""CREATE TRIGGER portal_ledger_entry_delete_referenced
    BEFORE DELETE ON portal_ledgerentry WHEN {_SQLITE_ENTRY_REFERENCED} {_SQLITE_RAISE}""",
    f"""CREATE TRIGGER portal_ledger_entry_update_referenced
    BEFORE UPDATE OF id ON portal_ledgerentry
    WHEN NEW.id <> OLD.id AND {_SQLITE_ENTRY_REFERENCED} {_SQLITE_RAISE}""",
    f"""CREATE TRIGGER portal_account_delete_referenced
    BEFORE DELETE ON portal_account WHEN {_SQLITE_ACCOUNT_REFERENCED} {_SQLITE_RAISE}""",
    f"""CREATE TRIGGER portal_account_update_referenced
    BEFORE UPDATE OF id ON portal_account
    WHEN NEW.id <> OLD.id AND {_SQLITE_ACCOUNT_REFERENCED} {_SQLITE_RAISE}""",
]
SQLITE_BACKWARD = [
    f"DROP TRIGGER {name}"
    for name in (
        "portal_account_update_referenced",
        "portal_account_delete_referenced",
        "portal_ledger_entry_update_referenced",
        "portal_ledger_entry_delete_referenced",
        "portal_ledger_entry_update_references",
        "portal_ledger_entry_insert_references",
    )
]


def _run(schema_editor, postgresql: str, sqlite: list[str]) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(postgresql, None)  # no placeholders: % is literal
    elif vendor == "sqlite":
        for statement in sqlite:
            schema_editor.execute(statement, None)
    else:
        raise NotImplementedError(f"ledger reference triggers for {vendor}")


def forward(apps, schema_editor):
    _run(schema_editor, PG_FORWARD, SQLITE_FORWARD)


def backward(apps, schema_editor):
    _run(schema_editor, PG_BACKWARD, SQLITE_BACKWARD)


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0007_user_language"),
    ]

    operations = [
        migrations.AlterField(
            model_name="ledgerentry",
            name="account",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                on_delete=models.deletion.PROTECT,
                related_name="entries",
                to="portal.account",
            ),
        ),
        migrations.AlterField(
            model_name="ledgerentry",
            name="reverses",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                db_index=False,
                null=True,
                on_delete=models.deletion.PROTECT,
                related_name="reversals",
                to="portal.ledgerentry",
            ),
        ),
        migrations.AlterField(
            model_name="ledgerentry",
            name="superseded_by",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                db_index=False,
                null=True,
                on_delete=models.deletion.PROTECT,
                related_name="supersedes",
                to="portal.ledgerentry",
            ),
        ),
        migrations.RunPython(forward, backward),
    ]
