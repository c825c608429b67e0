"""Benchmark the HMS ledger import on PostgreSQL: speed, peak memory, repeat and overlap.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/import_ledger.py
    ... bench/import_ledger.py --rows 100000 --accounts 2000

DATABASE_URL names the PostgreSQL server to use (any database on it); the script creates a
scratch database (`portal_bench` by default), migrates it, and drops it at the end (`--keep`
keeps it). Each import runs in its own process, so its peak RSS is measured alone
(os.wait4), and its time is the service call only (not Django's start-up).

It generates N ledger rows across A accounts (two accounts, rent and service charge, per
tenancy, grouped by account as an HMS export is), imports the tenancies, then:
1. imports the ledger file (rows/s, peak RSS);
2. imports the same file again (must be skipped in under a second);
3. imports an overlapping file: the second half of each account's rows plus 10% new rows
   (must add only the new rows);
and checks the table holds no duplicates.
"""

from __future__ import annotations

import os
import sys

# Run as a script, this folder comes first on sys.path, where bench/queue.py would hide the
# standard library's queue module (psycopg and Celery need it).
if sys.path and os.path.abspath(sys.path[0]) == os.path.dirname(os.path.abspath(__file__)):
    sys.path.pop(0)

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parent.parent
SETTINGS = "config.settings.dev"


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, ""))


def _psycopg_url(url: str) -> str:
    parts = urlsplit(url)
    scheme = "postgresql" if parts.scheme in ("postgres", "postgresql", "pgsql") else parts.scheme
    return urlunsplit((scheme, parts.netloc, parts.path, parts.query, ""))


def _admin(url: str, statement: str) -> None:
    import psycopg

    with psycopg.connect(_psycopg_url(_with_database(url, "postgres")), autocommit=True) as db:
        db.execute(statement)


def _child_env(database_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": SETTINGS,
        "DEBUG": "false",
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(BASE_DIR),
    }


def _run_child(database_url: str, kind: str, path: Path, batch_size: int) -> dict:
    """Import one file in a fresh process; return its figures and its own peak RSS."""
    command = [
        sys.executable,
        __file__,
        "--child",
        kind,
        str(path),
        "--batch-size",
        str(batch_size),
    ]
    with tempfile.TemporaryFile() as out:
        process = subprocess.Popen(command, cwd=BASE_DIR, env=_child_env(database_url), stdout=out)
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        output = out.read().decode()
    if process.returncode != 0:
        raise SystemExit(f"the {kind} import failed ({process.returncode}):\n{output}")
    figures = json.loads(output.strip().splitlines()[-1])
    figures["peak_rss_mb"] = usage.ru_maxrss / 1024  # kilobytes on Linux
    return figures


CPU_FIELDS = ("ru_utime", "ru_stime")


def _cpu(pid: int) -> float | None:
    """CPU seconds used so far by a local process (the PostgreSQL backend), if we can see it."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _cpu_text(figures: dict) -> str:
    """CPU per row: on a busy machine this says more than the wall clock does."""
    rows = max(figures["rows"], 1)
    text = f"CPU per row: Python {figures['python_cpu'] / rows * 1e6:.1f} us"
    if figures["postgres_cpu"] is not None:
        text += f", PostgreSQL {figures['postgres_cpu'] / rows * 1e6:.1f} us"
    return text


def child(kind: str, path: str, batch_size: int) -> None:
    """In the child process: set Django up, then time the import service alone."""
    import resource

    import django

    django.setup()
    from django.db import connection

    from portal.imports import ledger_import_file, tenancies_import_file

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    service = ledger_import_file if kind == "ledger" else tenancies_import_file
    usage_before, backend_before = resource.getrusage(resource.RUSAGE_SELF), _cpu(backend)
    started = time.perf_counter()
    run = service(path=path, batch_size=batch_size)
    seconds = time.perf_counter() - started
    usage_after, backend_after = resource.getrusage(resource.RUSAGE_SELF), _cpu(backend)
    python_cpu = sum(getattr(usage_after, f) - getattr(usage_before, f) for f in CPU_FIELDS)
    figures = {
        "seconds": seconds,
        "status": run.status,
        "skipped": run.skipped,
        "rows": run.rows_total,
        "loaded": run.rows_loaded,
        "unchanged": run.rows_unchanged,
        "failed": run.rows_failed,
        "baseline_rss_mb": baseline,
        "python_cpu": python_cpu,
        "postgres_cpu": None if backend_before is None else backend_after - backend_before,
    }
    print(json.dumps(figures))


def _write_tenancies(path: Path, tenancies: int) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            [
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
            ]
        )
        for t in range(tenancies):
            writer.writerow(
                [
                    f"T{t:07d}",
                    f"{t % 300 + 1} Canal Street",
                    "",
                    "Manchester",
                    "M1 3HE",
                    "2019-04-01",
                    "",
                    "2",
                    "95.50",
                    f"Tenant {t}",
                    "1980-01-01",
                    "lead",
                ]
            )


def _account(a: int) -> tuple[str, str, str]:
    """Account number a -> (tenancy ref, account ref, kind): two accounts per tenancy."""
    kind = "rent" if a % 2 == 0 else "service_charge"
    return f"T{a // 2:07d}", f"{'R' if kind == 'rent' else 'S'}{a:07d}", kind


def _write_ledger(path: Path, accounts: int, per_account: int, first: int, last: int) -> int:
    """Rows first..last-1 of every account, grouped by account. Returns the number of rows."""
    import datetime as dt

    start = dt.date(2024, 1, 1)
    count = 0
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            [
                "tenancy_ref",
                "account_ref",
                "account_type",
                "entry_id",
                "posted_on",
                "entry_type",
                "amount",
                "description",
                "payment_ref",
            ]
        )
        for a in range(accounts):
            tenancy_ref, account_ref, kind = _account(a)
            for j in range(first, last):
                posted = (start + dt.timedelta(days=j)).isoformat()
                if j % 2 == 0:
                    row = ("charge", f"{90 + a % 10}.{j % 100:02d}", f"Rent week {j // 2 + 1}")
                else:
                    row = ("payment", f"-{80 + a % 10}.{j % 100:02d}", "Direct Debit")
                writer.writerow(
                    [
                        tenancy_ref,
                        account_ref,
                        kind,
                        f"E{a:07d}-{j:05d}",
                        posted,
                        row[0],
                        row[1],
                        row[2],
                        "",
                    ]
                )
                count += 1
    return count


def _check_table(database_url: str) -> tuple[int, int]:
    import psycopg

    with psycopg.connect(_psycopg_url(database_url)) as db:
        total, distinct = db.execute(
            "SELECT count(*), count(DISTINCT (source, external_id, kind)) FROM portal_ledgerentry"
        ).fetchone()
    return total, distinct


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--accounts", type=int, default=20_000)
    parser.add_argument("--batch-size", type=int, default=5_000)
    parser.add_argument("--db-name", default="portal_bench")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    parser.add_argument("--child", nargs=2, metavar=("KIND", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], args.child[1], args.batch_size)
        return

    server_url = os.environ.get("DATABASE_URL", "")
    if not server_url.startswith(("postgres://", "postgresql://", "pgsql://")):
        raise SystemExit(
            "Set DATABASE_URL to a PostgreSQL server, e.g. postgres://postgres@127.0.0.1:5432/postgres"
        )
    if not args.db_name.replace("_", "").isalnum():
        raise SystemExit("--db-name: letters, digits and _ only")
    accounts = max(1, min(args.accounts, args.rows))
    per_account = -(-args.rows // accounts)
    tenancies = -(-accounts // 2)
    bench_url = _with_database(server_url, args.db_name)

    print(
        f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} at the start "
        "(other work on the machine slows every figure)"
    )
    print(f"Scratch database {args.db_name}: creating and migrating")
    _admin(server_url, f'DROP DATABASE IF EXISTS "{args.db_name}"')
    _admin(server_url, f'CREATE DATABASE "{args.db_name}"')
    try:
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "-v0"],
            cwd=BASE_DIR,
            env=_child_env(bench_url),
            check=True,
        )
        with tempfile.TemporaryDirectory(prefix="portal-bench-") as folder:
            folder = Path(folder)
            _write_tenancies(folder / "tenancies.csv", tenancies)
            t = _run_child(bench_url, "tenancies", folder / "tenancies.csv", args.batch_size)
            print(
                f"tenancies: {t['rows']:,} rows in {t['seconds']:.2f}s "
                f"({t['rows'] / t['seconds']:,.0f} rows/s), peak RSS {t['peak_rss_mb']:.0f} MB"
            )

            started = time.perf_counter()
            rows = _write_ledger(folder / "ledger.csv", accounts, per_account, 0, per_account)
            size_mb = (folder / "ledger.csv").stat().st_size / 2**20
            print(
                f"generated {rows:,} ledger rows across {accounts:,} accounts "
                f"({size_mb:.0f} MB) in {time.perf_counter() - started:.1f}s"
            )

            first = _run_child(bench_url, "ledger", folder / "ledger.csv", args.batch_size)
            print(
                f"1. first import: {first['loaded']:,} loaded, {first['failed']} failed in "
                f"{first['seconds']:.2f}s = {first['rows'] / first['seconds']:,.0f} rows/s; "
                f"peak RSS {first['peak_rss_mb']:.0f} MB "
                f"(Django alone {first['baseline_rss_mb']:.0f} MB); {_cpu_text(first)}"
            )

            again = _run_child(bench_url, "ledger", folder / "ledger.csv", args.batch_size)
            print(
                f"2. same file again: skipped={again['skipped']} in {again['seconds']:.3f}s; "
                f"peak RSS {again['peak_rss_mb']:.0f} MB"
            )

            overlap_first = per_account // 2
            overlap_last = per_account + max(1, per_account // 10)
            overlap_rows = _write_ledger(
                folder / "overlap.csv", accounts, per_account, overlap_first, overlap_last
            )
            new_rows = accounts * (overlap_last - per_account)
            overlap = _run_child(bench_url, "ledger", folder / "overlap.csv", args.batch_size)
            print(
                f"3. overlapping file: {overlap_rows:,} rows, {overlap['loaded']:,} loaded "
                f"(expected {new_rows:,}), {overlap['unchanged']:,} already there, in "
                f"{overlap['seconds']:.2f}s = {overlap['rows'] / overlap['seconds']:,.0f} rows/s; "
                f"peak RSS {overlap['peak_rss_mb']:.0f} MB; {_cpu_text(overlap)}"
            )

        print(f"load average {os.getloadavg()[0]:.2f} at the end")
        total, distinct = _check_table(bench_url)
        print(f"ledger table: {total:,} entries, {distinct:,} distinct business keys")
        problems = []
        if first["loaded"] != rows or first["failed"]:
            problems.append("the first import did not load every row")
        if not again["skipped"] or again["seconds"] >= 1:
            problems.append("the repeat was not skipped in under a second")
        if overlap["loaded"] != new_rows or overlap["unchanged"] != overlap_rows - new_rows:
            problems.append("the overlapping file did not add exactly its new rows")
        if total != distinct or total != rows + new_rows:
            problems.append("the table holds duplicates or missing rows")
        if problems:
            raise SystemExit("FAILED: " + "; ".join(problems))
        print("OK")
    finally:
        if not args.keep:
            _admin(server_url, f'DROP DATABASE IF EXISTS "{args.db_name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
