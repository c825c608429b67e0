"""The officers' queue with 100,000 open work items: the first page and "Take next".

    python bench/queue.py [--items 100000] [--requests 200] [--reload]

Uses DATABASE_URL if set, otherwise a scratch database `portal_bench_queue` on the local
PostgreSQL (created if missing). Migrates it, collects static files, then (once; `--reload`
to start again) loads the items with bulk_create: spread over 5,000 tenancies, every kind,
scores from 0 to 310 points, opened over the last 30 days, a tenth of them overdue. ANALYZE
runs after the load, as autovacuum would.

Server time is measured in-process: the request goes through Django's whole stack
(production settings from bench/settings.py: middleware, sessions, the officer and MFA
checks, the template) with the test client, timed from request to response, so the figures
are the server's own, without a network or an HTTP server's queueing. Each page is requested
`--requests` times after a warm-up; p50 and p95 are reported. Targets: first page and "Take
next" each under 50 ms. Every "Take next" gives a different item (checked); they are
released afterwards so the next run starts from 100,000 unassigned items again.
"""

from __future__ import annotations

import sys
from pathlib import Path

# Run as a script, this file's folder comes first on sys.path, where "queue" would shadow the
# standard library's queue module (which threads and asgiref import). Drop it.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

import argparse  # noqa: E402
import datetime as dt  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import random  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import pages  # noqa: E402

DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/portal_bench_queue"
TENANCIES = 5_000
OFFICER_EMAIL = "bench-officer@example.com"
SUBJECT_TYPE = "bench.subject"


def configure(database_url: str) -> dict[str, str]:
    env = {
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": database_url,
        "SECRET_KEY": "bench-only-not-secret-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1,testserver",
        "CACHE_URL": os.environ.get("CACHE_URL", "redis://127.0.0.1:6379/2"),
        "CELERY_BROKER_URL": "",
        "LOG_LEVEL": "WARNING",
    }
    os.environ.update(env)
    return {**os.environ, **env}


def prepare(env: dict[str, str]) -> None:
    pages.run([pages.PYTHON, "manage.py", "migrate", "--noinput", "-v0"], env)
    pages.run([pages.PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], env)


def load(items: int, reload: bool) -> None:
    """Tenancies, an officer with MFA, and `items` open work items (bulk_create)."""
    from allauth.mfa.models import Authenticator
    from django.conf import settings
    from django.contrib.auth.models import Group
    from django.db import connection
    from django.utils import timezone

    from casework import priority
    from casework.models import WorkItem
    from portal.models import Tenancy, User

    officer, _ = User.objects.get_or_create(email=OFFICER_EMAIL, defaults={"name": "Bench"})
    group, _ = Group.objects.get_or_create(name=settings.INCOME_OFFICER_GROUP)
    officer.groups.add(group)
    if not Authenticator.objects.filter(user=officer, type=Authenticator.Type.TOTP).exists():
        from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

        TOTP.activate(officer, generate_totp_secret())

    existing = WorkItem.objects.filter(subject_type=SUBJECT_TYPE).count()
    if existing == items and not reload:
        print(f"{existing:,} work items already loaded")
        return
    WorkItem.objects.filter(subject_type=SUBJECT_TYPE).delete()
    missing = [
        Tenancy(
            reference=f"BQ{n:06d}",
            address_line_1=f"{n} Bench Street",
            town="Manchester",
            postcode="M1 1AA",
            start_date=dt.date(2020, 4, 6),
            weekly_rent_pence=9500,
        )
        for n in range(TENANCIES)
    ]
    Tenancy.objects.bulk_create(missing, ignore_conflicts=True)
    tenancy_ids = list(
        Tenancy.objects.filter(reference__startswith="BQ").values_list("pk", flat=True)
    )
    rng = random.Random(6)  # noqa: S311 - test data
    kinds = list(WorkItem.Kind.values)
    now = timezone.now()
    started = time.perf_counter()
    batch = []
    for n in range(items):
        created = now - dt.timedelta(seconds=rng.randint(0, 30 * 86400))
        points = rng.choice([0, 0, 10, 25, 45, 80, 130, 260]) + rng.choice([0, 0, 30, 50])
        parts = [{"label": f"{points / 10:.1f} weeks of rent owed", "points": points}]
        overdue = rng.random() < 0.1
        due = (
            now - dt.timedelta(hours=rng.randint(1, 48))
            if overdue
            else created + dt.timedelta(days=rng.randint(3, 10))
        )
        batch.append(
            WorkItem(
                kind=kinds[n % len(kinds)],
                tenancy_id=tenancy_ids[n % len(tenancy_ids)],
                subject_type=SUBJECT_TYPE,
                subject_id=str(n),
                summary="Plan of £25.00 a week to decide",
                link="",
                created_at=created,
                due_at=due,
                priority_points=points,
                priority_parts=parts,
                rank=priority.rank_for(points=points, created_at=created),
            )
        )
        if len(batch) == 10_000:
            WorkItem.objects.bulk_create(batch)
            batch = []
    WorkItem.objects.bulk_create(batch)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE casework_workitem")
        cursor.execute("ANALYZE portal_tenancy")
    print(f"loaded {items:,} work items in {time.perf_counter() - started:.1f} s")


def timed(call, runs: int, *, expect: int) -> dict:
    """Wall-clock p50/p95 of `call`, and its median CPU time in this process (Django's own
    work, without the database server's and without waiting for a CPU on a busy machine)."""
    for _ in range(5):  # warm up
        call()
    latencies, cpu = [], []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        response = call()
        latencies.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
        if response.status_code != expect:
            sys.exit(f"expected {expect}, got {response.status_code}")
    latencies.sort()
    return {
        "requests": runs,
        "p50_ms": round(statistics.median(latencies) * 1000, 1),
        "p95_ms": round(latencies[max(0, int(len(latencies) * 0.95) - 1)] * 1000, 1),
        "cpu_p50_ms": round(statistics.median(cpu) * 1000, 1),
    }


def measure(runs: int) -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from casework.models import WorkItem
    from portal.models import User

    officer = User.objects.get(email=OFFICER_EMAIL)
    # Earlier interrupted runs may have left items taken: start from all unassigned.
    WorkItem.objects.filter(subject_type=SUBJECT_TYPE).exclude(assignee=None).update(
        assignee=None, status=WorkItem.Status.OPEN
    )
    client = Client(secure=True)
    client.force_login(officer)
    open_count = WorkItem.objects.filter(status=WorkItem.Status.OPEN).count()

    results = {}
    views = {
        "trivial view (the floor)": "/bench/trivial/",
        "empty officer page": "/officer/imports/",
        "queue, first page (priority)": "/officer/",
        "queue, first page (due time)": "/officer/?sort=due",
        "queue, one kind": "/officer/?kind=payment_dispute",
        "queue, overdue only": "/officer/?overdue=on",
        "queue, page 40 (the last shown)": "/officer/?page=40",
    }
    for name, path in views.items():
        results[name] = timed(lambda path=path: client.get(path), runs, expect=200)
    with CaptureQueriesContext(connection) as queries:
        client.get("/officer/")
    results["queue, first page (priority)"]["queries"] = len(queries)

    taken_before = WorkItem.objects.filter(assignee=officer).count()

    def take_next():
        response = client.post("/officer/take-next/")
        # An officer follows the redirect, which shows (and so clears) the message; drop it
        # here so messages do not pile up in the cookie across hundreds of takes.
        for name in [name for name in client.cookies if "messages" in name]:
            del client.cookies[name]
        return response

    results["take next (POST)"] = timed(take_next, runs, expect=302)
    taken = WorkItem.objects.filter(assignee=officer, status=WorkItem.Status.IN_PROGRESS).count()
    if taken - taken_before != runs + 5:  # the warm-up takes 5 too
        sys.exit(f"{runs + 5} takes assigned {taken - taken_before} items")
    WorkItem.objects.filter(subject_type=SUBJECT_TYPE).exclude(assignee=None).update(
        assignee=None, status=WorkItem.Status.OPEN
    )
    results["_open_items"] = open_count
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--reload", action="store_true")
    args = parser.parse_args()

    database_url = os.environ.get("DATABASE_URL", DEFAULT_DB)
    if not database_url.startswith("postgres"):
        sys.exit("bench/queue.py measures PostgreSQL: set DATABASE_URL=postgres://...")
    pages.ensure_database(database_url)
    env = configure(database_url)
    prepare(env)

    import django

    django.setup()
    load(args.items, args.reload)
    load_before = f"{os.getloadavg()[0]:.1f}"
    results = measure(args.requests)

    print(f"{results.pop('_open_items'):,} open work items; {args.requests} requests each")
    print(f"load average before: {load_before}, after: {os.getloadavg()[0]:.1f}")
    print(f"{'what':<32}{'p50 ms':>9}{'p95 ms':>9}{'CPU p50 ms':>12}")
    for name, result in results.items():
        print(f"{name:<32}{result['p50_ms']:>9}{result['p95_ms']:>9}{result['cpu_p50_ms']:>12}")
    print(json.dumps(results))


if __name__ == "__main__":
    main()
