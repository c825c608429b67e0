"""The whole portal under load: 200 tenants using it while a ledger import runs and Stripe's
webhooks arrive, 20% of them twice. Not a test: a measurement, with checks at the end.

    .venv/bin/python bench/load.py                       # 200 tenants for 5 minutes
    .venv/bin/python bench/load.py --seconds 30          # a short try
    ... --tenants 200 --workers 2 --threads 4 --think 5 15 --import-rows 100000

What runs, all on this machine:
- PostgreSQL: a scratch database `portal_load` (dropped and made again each run; `--keep`
  keeps it afterwards). Redis: DB 9 is the cache, DB 10 the Celery broker (both emptied).
- gunicorn with the production settings (`bench.settings`: config.settings.production, plus a
  trivial view the bench does not use), gthread workers, secure cookies, CSRF, Redis cache,
  allauth's sign-in limits, TRUSTED_PROXY_COUNT=1 as behind one reverse proxy.
- A real Celery worker (bench/load_worker.py) on the Redis broker. It processes the webhooks:
  each re-reads its object from Stripe through payments/stripe_client.py and stripe-python over
  HTTP. Stripe's address points at a stand-in on 127.0.0.1 (bench/load_stripe.py) that answers
  from the payments the bench made; nothing else on the server is replaced.
- `manage.py import_ledger` on a generated file (default 100,000 rows: an overlap of what the
  200 tenants already have plus new rows for them and for 1,800 other tenancies), started once
  the tenants have signed in.

The load (bench/load_clients.py): each simulated tenant signs in through the sign-in form,
then until the end reads a page for 5 to 15 seconds (`--think`) and looks at its balance
(the dashboard, 40%), reads its statement (35%) or saves a page of its budget (25%: the GET and
the POST). Sign-ins are spread over the first 40% of the run (at most 120 s; `--ramp`), and
figures are given for the whole run and for the time after that sign-in peak. Meanwhile
signed webhook deliveries (3 events for each card payment, plus 20% duplicates, shuffled) are
posted at an even rate through the run.

Afterwards it waits for the worker to finish the inbox and checks, from the database: every
payment credited exactly once (duplicate credits must be 0), the import complete with no row
twice. It prints requests/s and p50/p95/p99 per page, errors (must be 0), the load average,
and JSON; it exits non-zero if any check fails.
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
import datetime as dt
import json
import random
import statistics
import subprocess
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.load_clients import Recorder, Tenant, tenant_loop, webhook_loop  # noqa: E402
from bench.load_stripe import FakeStripeApi  # noqa: E402
from bench.webhook import _admin, _with_database, make_event, make_payment  # noqa: E402

PYTHON = sys.executable
BIN = Path(PYTHON).parent
DATABASE = "portal_load"
CACHE_URL = "redis://127.0.0.1:6379/9"
BROKER_URL = "redis://127.0.0.1:6379/10"
WEBHOOK_SECRET = "whsec_load_" + "c" * 32
PASSWORD = "load-bench-password-2026"  # noqa: S105 (scratch accounts in a scratch database)
PORT = 8771
STRIPE_PORT = 8799
TENANCY_PREFIX = "LD"
HOUSEHOLD = {
    "has_partner": False,
    "children_under_16": 1,
    "children_16_to_18": 0,
    "other_dependants": 0,
    "non_dependants": 0,
    "vehicles": 0,
    "employment_status": "part_time",
    "partner_employment_status": "",
}


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=300, help="length of the load")
    parser.add_argument("--tenants", type=int, default=200, help="simulated tenants")
    parser.add_argument("--think", type=float, nargs=2, default=(5.0, 15.0), metavar=("MIN", "MAX"))
    parser.add_argument(
        "--ramp",
        type=float,
        default=None,
        help="seconds over which tenants sign in (default: 40%% of the run, at most 120)",
    )
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")
    parser.add_argument("--celery-concurrency", type=int, default=2)
    parser.add_argument("--payments", type=int, default=None, help="default: 2 per second")
    parser.add_argument("--duplicates", type=float, default=0.2)
    parser.add_argument("--import-rows", type=int, default=100_000)
    parser.add_argument("--history-weeks", type=int, default=104, help="ledger per tenant")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    return parser.parse_args()


# --- Setting up ------------------------------------------------------------------------------


def django_setup(database_url: str) -> None:
    os.environ.update(
        DJANGO_SETTINGS_MODULE="config.settings.dev",
        DATABASE_URL=database_url,
        CELERY_BROKER_URL="",
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        LOG_LEVEL="WARNING",
        DEBUG="false",
    )
    import django

    django.setup()


def flush_redis() -> None:
    import redis

    for url in (CACHE_URL, BROKER_URL):
        redis.Redis.from_url(url).flushdb()


def seed(args: argparse.Namespace, rng: random.Random) -> tuple[list[Tenant], list[dict]]:
    """The tenants (users, tenancies, rent accounts with a history, a budget under way) and
    the card payments whose webhooks will arrive."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth.hashers import make_password

    from budgeting import services as budget_services
    from payments.models import PaymentAttempt, StripeCustomer
    from portal.models import Account, LedgerEntry, Tenancy, TenancyMember, User

    # One hash for every scratch account, made with the production hasher: signing in still
    # checks it at full cost, but seeding does not pay for it 200 times.
    password_hash = make_password(PASSWORD)
    users = User.objects.bulk_create(
        User(email=f"load{n:04d}@example.com", name=f"Load Tenant {n}", password=password_hash)
        for n in range(args.tenants)
    )
    EmailAddress.objects.bulk_create(
        EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users
    )
    tenancies = Tenancy.objects.bulk_create(
        Tenancy(
            reference=f"{TENANCY_PREFIX}{n:06d}",
            address_line_1=f"{n + 1} Load Street",
            town="Manchester",
            postcode="M1 1AA",
            start_date=dt.date(2020, 4, 6),
            bedrooms=2,
            weekly_rent_pence=9500,
        )
        for n in range(2_000)
    )
    TenancyMember.objects.bulk_create(
        TenancyMember(
            tenancy=tenancy,
            name=f"Load Tenant {n}",
            date_of_birth=dt.date(1985, 3, 27),
            role=TenancyMember.Role.LEAD,
            user=users[n] if n < len(users) else None,
        )
        for n, tenancy in enumerate(tenancies)
    )
    accounts = Account.objects.bulk_create(
        Account(tenancy=tenancy, kind=Account.Kind.RENT, reference=f"R{n:07d}")
        for n, tenancy in enumerate(tenancies)
    )
    first_monday = dt.date(2026, 11, 16) - dt.timedelta(weeks=args.history_weeks - 1)
    entries = []
    for n, account in enumerate(accounts[: args.tenants]):
        for week in range(args.history_weeks):
            posted = first_monday + dt.timedelta(weeks=week)
            entries.append(
                LedgerEntry(
                    account=account,
                    amount_pence=9500,
                    posted_on=posted,
                    kind="charge",
                    description="Rent",
                    source="hms",
                    external_id=f"E{n:07d}-{2 * week:05d}",
                )
            )
            entries.append(
                LedgerEntry(
                    account=account,
                    amount_pence=-9000 - (n % 7) * 100,
                    posted_on=posted + dt.timedelta(days=3),
                    kind="payment",
                    description="Direct Debit",
                    source="hms",
                    external_id=f"E{n:07d}-{2 * week + 1:05d}",
                )
            )
    LedgerEntry.objects.bulk_create(entries, batch_size=5_000)
    for user, tenancy in zip(users, tenancies, strict=False):
        budget_services.budget_household_save(user=user, tenancy=tenancy, household=HOUSEHOLD)

    # Card payments waiting for Stripe's confirmation, on the tenants' accounts.
    customers = StripeCustomer.objects.bulk_create(
        StripeCustomer(account=account, customer_id=f"cus_load{n:06d}")
        for n, account in enumerate(accounts[: args.tenants])
    )
    count = args.payments if args.payments is not None else int(args.seconds * 2)
    payments, attempts = [], []
    for n in range(count):
        account, customer = accounts[n % args.tenants], customers[n % args.tenants]
        amount = rng.randint(500, 20_000)
        attempt = PaymentAttempt(
            account=account, user=users[n % args.tenants], amount_pence=amount, status="pending"
        )
        payment = make_payment(str(attempt.pk), account.reference, amount, customer.customer_id)
        attempt.checkout_session_id = payment["session"]["id"]
        attempts.append(attempt)
        payments.append(payment)
    PaymentAttempt.objects.bulk_create(attempts)

    tenants = [
        Tenant(
            email=user.email,
            password=PASSWORD,
            address=f"10.{n // 250}.{n % 250}.{1 + n % 200}",
            statement_path=f"/my-account/accounts/{accounts[n].reference}/",
            budget_path=f"/budget/{tenancies[n].reference}/edit/benefits/",
        )
        for n, user in enumerate(users)
    ]
    return tenants, payments


def write_ledger_file(path: Path, *, rows: int, tenants: int, history_weeks: int) -> int:
    """A nightly HMS file: each of the 200 tenants' last 4 weeks again (already there) plus new
    rows, and new rows for the other 1,800 tenancies, grouped by account. Returns new rows."""
    accounts = 2_000
    per_account = max(2, rows // accounts)
    new_rows = 0
    start = dt.date(2026, 11, 16) - dt.timedelta(weeks=history_weeks - 1)
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
            first = 2 * history_weeks - 8 if a < tenants else 2 * history_weeks
            for j in range(first, first + per_account):
                posted = start + dt.timedelta(days=(j // 2) * 7 + (3 if j % 2 else 0))
                if j % 2 == 0:
                    kind, amount, text = "charge", "95.00", "Rent"
                else:
                    kind, amount, text = "payment", f"-{90 + a % 7}.00", "Direct Debit"
                if not (a < tenants and j < 2 * history_weeks):
                    new_rows += 1  # the others are the tenants' last 4 weeks, already there
                writer.writerow(
                    [
                        f"{TENANCY_PREFIX}{a:06d}",
                        f"R{a:07d}",
                        "rent",
                        f"E{a:07d}-{j:05d}",
                        posted.isoformat(),
                        kind,
                        amount,
                        text,
                        "",
                    ]
                )
    return new_rows


def build_deliveries(payments: list[dict], duplicates: float, rng) -> tuple[list[str], int]:
    bodies = []
    for payment in payments:
        for event_type, obj in (
            ("checkout.session.completed", payment["session"]),
            ("payment_intent.succeeded", payment["pi"]),
            ("charge.succeeded", payment["charge"]),
        ):
            bodies.append(json.dumps(make_event(event_type, obj)))
    deliveries = bodies + [rng.choice(bodies) for _ in range(int(len(bodies) * duplicates))]
    rng.shuffle(deliveries)
    return deliveries, len(bodies)


# --- Processes ------------------------------------------------------------------------------


def server_env(database_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": database_url,
        "SECRET_KEY": "load-bench-only-not-secret-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "CACHE_URL": CACHE_URL,
        "CELERY_BROKER_URL": BROKER_URL,
        "CONN_MAX_AGE": "600",
        "TRUSTED_PROXY_COUNT": "1",
        "STRIPE_SECRET_KEY": "sk_test_load_" + "x" * 20,
        "STRIPE_WEBHOOK_SECRET": WEBHOOK_SECRET,
        "STRIPE_LIVE_MODE": "false",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "LOG_LEVEL": "WARNING",
        "LOAD_STRIPE_API_BASE": f"http://127.0.0.1:{STRIPE_PORT}",
    }


def run_checked(command: list[str], env: dict[str, str]) -> str:
    result = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def wait_until_up(deadline: float) -> None:
    import http.client

    while time.time() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=2)
            conn.request("GET", "/healthz/", headers={"Host": "127.0.0.1"})
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    sys.exit("gunicorn did not start")


def stop(process: subprocess.Popen | None) -> None:
    if process is not None and process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def load_average() -> tuple[float, float, float]:
    return os.getloadavg()


# --- CPU: the machine is shared, so count what the portal itself used -------------------------


def _cpu_seconds(pid: int) -> float | None:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _tree(pid: int) -> list[int]:
    pids, todo = [], [pid]
    while todo:
        current = todo.pop()
        pids.append(current)
        try:
            for task in Path(f"/proc/{current}/task").iterdir():
                todo.extend(int(c) for c in (task / "children").read_text().split())
        except OSError:
            pass
    return pids


class CpuSampler:
    """Samples, once a second, the CPU used by each group of processes: gunicorn (master and
    workers), the Celery worker (and its pool), the import, this database's PostgreSQL
    backends and Redis. Each process's first sample is its baseline (0 if it started during
    the run); the last one seen counts, so processes that end are still counted."""

    def __init__(self, database_url: str):
        import psycopg

        from bench.webhook import _with_database as with_db

        dsn = with_db(database_url, "postgres").replace("postgres://", "postgresql://", 1)
        self.db = psycopg.connect(dsn, autocommit=True)
        self.groups: dict[str, dict[int, list[float]]] = {}
        self.roots: dict[str, int] = {}

    def watch(self, group: str, pid: int) -> None:
        self.roots[group] = pid

    def sample(self, *, first: bool = False) -> None:
        pids = {group: _tree(pid) for group, pid in self.roots.items()}
        rows = self.db.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s", [DATABASE]
        ).fetchall()
        pids["postgres"] = [row[0] for row in rows]
        import redis

        redis_pid = redis.Redis.from_url(CACHE_URL).info("server").get("process_id")
        pids["redis"] = [redis_pid] if redis_pid else []
        for group, members in pids.items():
            seen = self.groups.setdefault(group, {})
            for pid in members:
                cpu = _cpu_seconds(pid)
                if cpu is None:
                    continue
                if pid not in seen:
                    seen[pid] = [cpu if first or group == "redis" else 0.0, cpu]
                seen[pid][1] = cpu

    def totals(self) -> dict[str, float]:
        return {
            group: round(sum(last - base for base, last in seen.values()), 1)
            for group, seen in self.groups.items()
        }


# --- Figures and checks -----------------------------------------------------------------------


def percentile(sorted_values: list[float], p: float) -> float:
    index = min(len(sorted_values) - 1, max(0, int(round(p * len(sorted_values))) - 1))
    return round(sorted_values[index] * 1000, 1)


def page_figures(recorder: Recorder, since: float, until: float) -> dict[str, dict]:
    """Per page, for requests that finished between `since` and `until`."""
    figures = {}
    seconds = until - since
    for page in sorted(set(recorder.latencies) | set(recorder.errors)):
        values = sorted(s for at, s in recorder.latencies.get(page, []) if since <= at <= until)
        errors = [what for at, what in recorder.errors.get(page, []) if since <= at <= until]
        figures[page] = {
            "requests": len(values),
            "per_second": round(len(values) / seconds, 2),
            "p50_ms": round(statistics.median(values) * 1000, 1) if values else None,
            "p95_ms": percentile(values, 0.95) if values else None,
            "p99_ms": percentile(values, 0.99) if values else None,
            "errors": len(errors),
        }
    return figures


def wait_for_inbox(deadline: float) -> dict[str, int]:
    """Wait until the worker has processed every event in the inbox (or the deadline)."""
    from django.db import connection
    from django.db.models import Count

    from payments.models import StripeEvent

    while True:
        counts = dict(StripeEvent.objects.values_list("status").annotate(n=Count("id")).order_by())
        if not counts.get(StripeEvent.Status.RECEIVED) or time.time() > deadline:
            return counts
        connection.close()
        time.sleep(2)


def ledger_checks(payments: list[dict], *, import_new_rows: int, seeded_hms: int) -> dict:
    from django.db.models import Count, Q

    from payments.models import PaymentAttempt
    from portal.models import ImportRun, LedgerEntry

    credits = LedgerEntry.objects.filter(source="stripe", kind="payment")
    duplicate_credits = (
        credits.values("external_id").annotate(n=Count("id")).filter(n__gt=1).count()
    )
    credited = credits.count()
    expected_ids = {p["pi"]["id"] for p in payments}
    credited_ids = set(credits.values_list("external_id", flat=True))
    amounts_match = -sum(credits.values_list("amount_pence", flat=True)) == sum(
        p["pi"]["amount"] for p in payments
    )
    hms = LedgerEntry.objects.filter(source="hms")
    duplicate_hms = (
        hms.values("external_id", "kind").annotate(n=Count("id")).filter(n__gt=1).count()
    )
    run = ImportRun.objects.filter(kind="ledger").order_by("-pk").first()
    succeeded = PaymentAttempt.objects.filter(Q(status="succeeded")).count()
    return {
        "payments": len(payments),
        "credits": credited,
        "payments_credited": len(credited_ids & expected_ids),
        "duplicate_credits": duplicate_credits,
        "credited_amounts_match": amounts_match,
        "attempts_succeeded": succeeded,
        "import_status": run.status if run else None,
        "import_rows_loaded": run.rows_loaded if run else None,
        "import_rows_unchanged": run.rows_unchanged if run else None,
        "import_rows_failed": run.rows_failed if run else None,
        "import_new_rows_expected": import_new_rows,
        "hms_entries": hms.count(),
        "hms_entries_expected": seeded_hms + import_new_rows,
        "duplicate_hms_entries": duplicate_hms,
    }


# --- The run ---------------------------------------------------------------------------------


def main() -> None:
    args = parse_args()
    server_url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    if not server_url.startswith("postgres"):
        sys.exit("bench/load.py measures PostgreSQL: set DATABASE_URL=postgres://...")
    database_url = _with_database(server_url, DATABASE)
    rng = random.Random(20261122)

    print(f"setting up {DATABASE} (load average {load_average()[0]:.2f})", flush=True)
    _admin(server_url, f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
    _admin(server_url, f'CREATE DATABASE "{DATABASE}"')
    flush_redis()
    django_setup(database_url)
    from django.core.management import call_command
    from django.db import connections

    from budgeting.categories import SECTIONS_BY_KEY

    call_command("migrate", verbosity=0)
    tenants, payments = seed(args, rng)
    seeded_hms = args.tenants * args.history_weeks * 2
    deliveries, distinct = build_deliveries(payments, args.duplicates, rng)
    budget_answers = {line.key: (0, 150) for line in SECTIONS_BY_KEY["benefits"].lines}
    work = Path(tempfile.mkdtemp(prefix="portal-load-"))
    ledger_file = work / "ledger-load.csv"
    import_new_rows = write_ledger_file(
        ledger_file, rows=args.import_rows, tenants=args.tenants, history_weeks=args.history_weeks
    )
    connections.close_all()

    env = server_env(database_url)
    run_checked([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], env)
    stripe_api = FakeStripeApi(payments, port=STRIPE_PORT).start()
    server = worker = importer = None
    import_result: dict = {}
    try:
        server = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "config.wsgi:application",
                "--workers",
                str(args.workers),
                "--worker-class",
                "gthread",
                "--threads",
                str(args.threads),
                "--bind",
                f"127.0.0.1:{PORT}",
                "--log-level",
                "warning",
            ],
            env=env,
            cwd=ROOT,
        )
        worker = subprocess.Popen(
            [
                PYTHON,
                str(ROOT / "bench" / "load_worker.py"),
                "--concurrency",
                str(args.celery_concurrency),
            ],
            env=env,
            cwd=ROOT,
        )
        wait_until_up(time.time() + 90)
        sampler = CpuSampler(server_url)
        sampler.watch("gunicorn", server.pid)
        sampler.watch("celery worker", worker.pid)
        sampler.sample(first=True)
        bench_cpu_before = time.process_time()

        recorder = Recorder()
        loads: list[tuple[float, float, float]] = []
        started = time.time()
        stop_at = started + args.seconds
        ramp = args.ramp if args.ramp is not None else min(120.0, args.seconds / 2.5)
        threads = [
            threading.Thread(
                target=tenant_loop,
                args=(PORT, tenant, recorder),
                kwargs={
                    "start_at": started + ramp * n / len(tenants),
                    "stop_at": stop_at,
                    "think": tuple(args.think),
                    "budget_answers": budget_answers,
                    "seed": n,
                },
                daemon=True,
            )
            for n, tenant in enumerate(tenants)
        ]
        threads.append(
            threading.Thread(
                target=webhook_loop,
                args=(PORT, deliveries, WEBHOOK_SECRET, recorder),
                kwargs={"start_at": started, "stop_at": stop_at - 1},
                daemon=True,
            )
        )
        for thread in threads:
            thread.start()

        import_started = None
        while time.time() < stop_at:
            time.sleep(1)
            loads.append(load_average())
            if import_started is None and time.time() >= started + ramp:
                import_started = time.time()
                importer = subprocess.Popen(
                    [PYTHON, "manage.py", "import_ledger", str(ledger_file)],
                    env=env,
                    cwd=ROOT,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.STDOUT,
                    text=True,
                )
                sampler.watch("import", importer.pid)
            sampler.sample()
            import_done = importer is not None and importer.poll() is not None
            if import_done and "seconds" not in import_result:
                import_result["seconds"] = round(time.time() - import_started, 1)
                import_result["returncode"] = importer.returncode
                import_result["output"] = importer.stdout.read().strip()[-400:]
        for thread in threads:
            thread.join(timeout=120)
        elapsed = time.time() - started
        sampler.sample()
        bench_cpu = time.process_time() - bench_cpu_before
        if importer is not None and "seconds" not in import_result:
            output, _ = importer.communicate(timeout=600)
            import_result["seconds"] = round(time.time() - import_started, 1)
            import_result["returncode"] = importer.returncode
            import_result["output"] = output.strip()[-400:]
            import_result["finished_after_load"] = True
        inbox = wait_for_inbox(time.time() + 300)
        drained_after = round(time.time() - stop_at, 1)
        sampler.sample()
    finally:
        stop(server)
        stop(worker)
        stop(importer)
        stripe_api.stop()

    finished = started + elapsed
    pages = page_figures(recorder, started, finished)
    # Once everyone has signed in: the steady state, without the sign-in peak.
    steady = page_figures(recorder, started + ramp, finished) if ramp < elapsed else {}
    cpu = sampler.totals()
    cpu["bench (load generator, Stripe stand-in)"] = round(bench_cpu, 1)
    portal_cpu = sum(v for k, v in cpu.items() if not k.startswith("bench"))
    checks = ledger_checks(payments, import_new_rows=import_new_rows, seeded_hms=seeded_hms)
    errors = {
        page: sorted({what for _, what in found})[:5] for page, found in recorder.errors.items()
    }
    total = sum(figure["requests"] for figure in pages.values())
    results = {
        "seconds": round(elapsed, 1),
        "tenants": args.tenants,
        "think_seconds": list(args.think),
        "ramp_seconds": ramp,
        "gunicorn": f"{args.workers} gthread workers x {args.threads} threads",
        "celery_concurrency": args.celery_concurrency,
        "requests": total,
        "requests_per_second": round(total / elapsed, 1),
        "errors": sum(figure["errors"] for figure in pages.values()),
        "error_samples": errors,
        "pages": pages,
        "pages_after_sign_in_peak": steady,
        "webhook_deliveries": len(deliveries),
        "distinct_events": distinct,
        "inbox": inbox,
        "inbox_drained_seconds_after_load": drained_after,
        "stripe_stand_in_requests": stripe_api.requests,
        "import": {**import_result, "rows_in_file": args.import_rows},
        "checks": checks,
        "cpu_seconds": cpu,
        # The portal's own CPU (web, worker, import, PostgreSQL, Redis) per second of the run:
        # under 2.0 means two idle cores could have carried this load with the generator elsewhere.
        "portal_cpu_cores_used": round(portal_cpu / elapsed, 2),
        "all_cpu_cores_used": round((portal_cpu + bench_cpu) / elapsed, 2),
        "load_average_during": {
            "min_1m": round(min(load[0] for load in loads), 2),
            "max_1m": round(max(load[0] for load in loads), 2),
            "mean_1m": round(statistics.mean(load[0] for load in loads), 2),
        },
    }
    if not args.keep:
        connections.close_all()
        _admin(server_url, f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
    flush_redis()
    report(results)


def report(results: dict) -> None:
    print(
        f"\n{results['tenants']} tenants for {results['seconds']} s, think "
        f"{results['think_seconds'][0]:g}-{results['think_seconds'][1]:g} s; "
        f"gunicorn {results['gunicorn']}; Celery concurrency {results['celery_concurrency']}"
    )
    print(
        f"load average (1 min) during the run: mean {results['load_average_during']['mean_1m']}, "
        f"{results['load_average_during']['min_1m']} to {results['load_average_during']['max_1m']}"
    )
    print(f"\n{'page':<22}{'requests':>9}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}")
    for page, figure in results["pages"].items():
        print(
            f"{page:<22}{figure['requests']:>9}{figure['per_second']:>8}{figure['p50_ms']!s:>9}"
            f"{figure['p95_ms']!s:>9}{figure['p99_ms']!s:>9}   errors {figure['errors']}"
        )
    print(f"{'all':<22}{results['requests']:>9}{results['requests_per_second']:>8}")
    if results["pages_after_sign_in_peak"]:
        print(f"\nafter the sign-in peak (from {results['ramp_seconds']:g} s to the end):")
        for page, figure in results["pages_after_sign_in_peak"].items():
            print(
                f"{page:<22}{figure['requests']:>9}{figure['per_second']:>8}"
                f"{figure['p50_ms']!s:>9}{figure['p95_ms']!s:>9}{figure['p99_ms']!s:>9}"
                f"   errors {figure['errors']}"
            )
    checks = results["checks"]
    print(
        f"\nerrors: {results['errors']}   webhook deliveries {results['webhook_deliveries']} "
        f"({results['distinct_events']} distinct), inbox {results['inbox']}, drained "
        f"{results['inbox_drained_seconds_after_load']} s after the load"
    )
    print(
        f"credits {checks['credits']} for {checks['payments']} payments "
        f"({checks['payments_credited']} credited), duplicate credits "
        f"{checks['duplicate_credits']}, amounts match {checks['credited_amounts_match']}"
    )
    imported = results["import"]
    print(
        f"import: {imported.get('seconds')} s, status {checks['import_status']}, loaded "
        f"{checks['import_rows_loaded']} (expected {checks['import_new_rows_expected']}), "
        f"already there {checks['import_rows_unchanged']}, bad {checks['import_rows_failed']}; "
        f"HMS entries {checks['hms_entries']} (expected {checks['hms_entries_expected']}), "
        f"duplicated {checks['duplicate_hms_entries']}"
    )
    print(f"Stripe stand-in answered: {results['stripe_stand_in_requests']}")
    print(
        f"CPU seconds: {results['cpu_seconds']}; the portal used "
        f"{results['portal_cpu_cores_used']} cores on average "
        f"({results['all_cpu_cores_used']} with the load generator) of the machine's 2"
    )
    if results["error_samples"]:
        print(f"error samples: {results['error_samples']}")
    print(json.dumps(results))

    failures = []
    if results["errors"]:
        failures.append(f"{results['errors']} requests failed")
    if checks["duplicate_credits"]:
        failures.append(f"{checks['duplicate_credits']} duplicate credits")
    if checks["payments_credited"] != checks["payments"] or not checks["credited_amounts_match"]:
        failures.append("not every payment was credited exactly")
    if results["inbox"].get("received"):
        failures.append("the worker did not finish the inbox")
    if checks["import_status"] != "completed" or checks["duplicate_hms_entries"]:
        failures.append("the import did not complete cleanly")
    if checks["hms_entries"] != checks["hms_entries_expected"]:
        failures.append("the ledger does not hold exactly the expected HMS entries")
    slow = [p for p, f in results["pages"].items() if f["p95_ms"] and f["p95_ms"] >= 500]
    if slow:
        print(f"p95 target (500 ms) missed by: {', '.join(slow)}")
    if failures:
        sys.exit("FAILED: " + "; ".join(failures))


if __name__ == "__main__":
    main()
