"""The Stripe webhook under load: signed events into gunicorn on PostgreSQL, 20% duplicates.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/webhook.py
    ... bench/webhook.py --payments 3000 --clients 16 --workers 3 --threads 4

DATABASE_URL names the PostgreSQL server (any database on it): the bench makes a scratch
database (`portal_bench_webhook`), migrates it, and drops it at the end (`--keep` keeps it).

What it does:
1. Makes N card payments waiting for confirmation (PaymentAttempts on N accounts), and for
   each the three events Stripe sends when it succeeds: checkout.session.completed,
   payment_intent.succeeded and charge.succeeded (3N events, real-shaped, API 2026-10-28).
2. Adds 20% duplicates (redeliveries of random events), shuffles, and posts them all from
   concurrent clients to /payments/stripe/webhook/ under gunicorn with the production
   settings, each body signed at send time. Reports events/s, p50/p95/p99 latency, non-2xx.
3. Processing is deferred, as in production: the webhook only verifies, inserts into the inbox
   and queues a Celery task on a Redis broker (a scratch Redis database, emptied before and
   after); no worker runs during the timed load. Afterwards the bench processes the inbox
   in-process, with Stripe's answers served from memory (no network), and reports the rate.
4. Checks: one inbox row per distinct event, one credit per payment, and the count of
   duplicate credits (payments credited more than once), which must be 0.
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import http.client
import json
import os
import random
import resource
import secrets
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PYTHON = sys.executable
PORT = 8766
DATABASE = "portal_bench_webhook"
BROKER_URL = "redis://127.0.0.1:6379/11"
CACHE_URL = "redis://127.0.0.1:6379/12"
SECRET = "whsec_bench_" + "b" * 32
API_VERSION = "2026-10-28.endive"
WEBHOOK = "/payments/stripe/webhook/"


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, ""))


def _admin(url: str, statement: str) -> None:
    import psycopg

    parts = urlsplit(_with_database(url, "postgres"))
    dsn = urlunsplit(("postgresql", parts.netloc, parts.path, parts.query, ""))
    with psycopg.connect(dsn, autocommit=True) as db:
        db.execute(statement)


def _flush_broker() -> None:
    import redis

    for url in (BROKER_URL, CACHE_URL):
        redis.Redis.from_url(url).flushdb()


# --- Stripe's side, in memory ----------------------------------------------------------------


def _id(prefix: str) -> str:
    return f"{prefix}_{secrets.token_hex(12)}"


def make_payment(attempt_id: str, account_ref: str, amount: int, customer: str) -> dict:
    """A paid Checkout Session with its PaymentIntent and charge, as Stripe holds them."""
    now = int(time.time())
    pi_id, charge_id, session_id = _id("pi"), _id("ch"), f"cs_test_{secrets.token_hex(24)}"
    metadata = {"attempt_id": attempt_id, "account_ref": account_ref}
    charge = {
        "id": charge_id,
        "object": "charge",
        "amount": amount,
        "amount_captured": amount,
        "amount_refunded": 0,
        "captured": True,
        "created": now,
        "currency": "gbp",
        "customer": customer,
        "disputed": False,
        "failure_code": None,
        "livemode": False,
        "metadata": {},
        "paid": True,
        "payment_intent": pi_id,
        "refunded": False,
        "payment_method_details": {"type": "card", "card": {"brand": "visa", "last4": "4242"}},
        "status": "succeeded",
    }
    pi = {
        "id": pi_id,
        "object": "payment_intent",
        "amount": amount,
        "amount_received": amount,
        "capture_method": "automatic",
        "created": now,
        "currency": "gbp",
        "customer": customer,
        "last_payment_error": None,
        "latest_charge": charge_id,
        "livemode": False,
        "metadata": metadata,
        "payment_method_types": ["card"],
        "status": "succeeded",
    }
    session = {
        "id": session_id,
        "object": "checkout.session",
        "mode": "payment",
        "status": "complete",
        "payment_status": "paid",
        "amount_total": amount,
        "amount_subtotal": amount,
        "currency": "gbp",
        "customer": customer,
        "client_reference_id": attempt_id,
        "metadata": metadata,
        "livemode": False,
        "payment_intent": pi_id,
        "setup_intent": None,
        "created": now,
        "url": None,
    }
    return {"pi": pi, "charge": charge, "session": session}


def make_event(event_type: str, obj: dict) -> dict:
    return {
        "id": _id("evt"),
        "object": "event",
        "api_version": API_VERSION,
        "created": int(time.time()),
        "data": {"object": obj},
        "livemode": False,
        "pending_webhooks": 1,
        "request": {"id": _id("req"), "idempotency_key": None},
        "type": event_type,
    }


class MemoryStripe:
    """Answers the reads processing makes, from the payments the bench made."""

    def __init__(self, payments: list[dict]):
        self.pis = {p["pi"]["id"]: p for p in payments}
        self.sessions = {p["session"]["id"]: p["session"] for p in payments}

    def payment_intent_retrieve(self, pi_id):
        payment = self.pis[pi_id]
        pi = copy.deepcopy(payment["pi"])
        pi["latest_charge"] = copy.deepcopy(payment["charge"])
        return pi

    def checkout_session_retrieve(self, session_id):
        return copy.deepcopy(self.sessions[session_id])

    def refunds_list(self, *, payment_intent_id):
        return []

    def disputes_list(self, *, payment_intent_id):
        return []

    def install(self) -> None:
        from payments import stripe_client

        for name in (
            "payment_intent_retrieve",
            "checkout_session_retrieve",
            "refunds_list",
            "disputes_list",
        ):
            setattr(stripe_client, name, getattr(self, name))


# --- Setting up ------------------------------------------------------------------------------


def seed(count: int) -> list[dict]:
    """N accounts, each with one card payment waiting for confirmation."""
    from payments.models import PaymentAttempt, StripeCustomer
    from portal.models import Account, LedgerEntry, Tenancy

    tenancies = Tenancy.objects.bulk_create(
        Tenancy(
            reference=f"BW{n:06d}",
            address_line_1=f"{n} Bench Street",
            postcode="M1 1AA",
            start_date=dt.date(2020, 4, 6),
            weekly_rent_pence=9500,
        )
        for n in range(count)
    )
    accounts = Account.objects.bulk_create(
        Account(tenancy=tenancy, kind="rent", reference=f"BWA{n:07d}")
        for n, tenancy in enumerate(tenancies)
    )
    LedgerEntry.objects.bulk_create(
        LedgerEntry(
            account=account,
            amount_pence=50_000,
            posted_on=dt.date(2026, 11, 2),
            kind="charge",
            description="Rent",
            source="hms",
            external_id=f"BWC{n}",
        )
        for n, account in enumerate(accounts)
    )
    customers = StripeCustomer.objects.bulk_create(
        StripeCustomer(account=account, customer_id=_id("cus")) for account in accounts
    )
    payments, attempts = [], []
    for account, customer in zip(accounts, customers, strict=True):
        amount = random.randint(100, 50_000)
        attempt = PaymentAttempt(account=account, amount_pence=amount, status="pending")
        payment = make_payment(str(attempt.pk), account.reference, amount, customer.customer_id)
        attempt.checkout_session_id = payment["session"]["id"]
        attempts.append(attempt)
        payments.append(payment)
    PaymentAttempt.objects.bulk_create(attempts)
    return payments


def build_deliveries(payments: list[dict], duplicates: float) -> tuple[list[str], int]:
    events = []
    for payment in payments:
        events.append(make_event("checkout.session.completed", payment["session"]))
        events.append(make_event("payment_intent.succeeded", payment["pi"]))
        events.append(make_event("charge.succeeded", payment["charge"]))
    bodies = [json.dumps(event) for event in events]
    deliveries = bodies + [random.choice(bodies) for _ in range(int(len(bodies) * duplicates))]
    random.shuffle(deliveries)
    return deliveries, len(bodies)


# --- CPU accounting: the machine is shared, so count the CPU each event costs ----------------


def _cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(child) for child in text.split()]


def _postgres_backends() -> list[int]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            [DATABASE],
        )
        return [row[0] for row in cursor.fetchall()]


def _redis_pid() -> int | None:
    import redis

    return redis.Redis.from_url(BROKER_URL).info("server").get("process_id")


def server_cpu(gunicorn_pid: int) -> dict[str, float]:
    """CPU seconds so far of gunicorn (master and workers), the bench database's PostgreSQL
    backends and the Redis server."""
    redis_pid = _redis_pid()
    return {
        "gunicorn": sum(_cpu_seconds(pid) for pid in [gunicorn_pid, *_children(gunicorn_pid)]),
        "postgres": sum(_cpu_seconds(pid) for pid in _postgres_backends()),
        "redis": _cpu_seconds(redis_pid) if redis_pid else 0.0,
    }


# --- The load --------------------------------------------------------------------------------


def wait_until_up(deadline: float) -> None:
    while time.time() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=2)
            conn.request("GET", "/bench/trivial/", headers={"Host": "127.0.0.1"})
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    sys.exit("gunicorn did not start")


def post_all(deliveries: list[str], clients: int) -> dict:
    import stripe  # the bench signs bodies as Stripe does; the app never sees this import

    sign = stripe.WebhookSignature.generate_signature_header
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    lock = threading.Lock()
    work = list(enumerate(deliveries))
    cursor = iter(work)

    def client() -> None:
        mine, seen = [], {}
        conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
        while True:
            with lock:
                item = next(cursor, None)
            if item is None:
                break
            body = item[1]
            headers = {
                "Host": "127.0.0.1",
                "Content-Type": "application/json; charset=utf-8",
                "Stripe-Signature": sign(body, SECRET),
                "User-Agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
            }
            started = time.perf_counter()
            try:
                conn.request("POST", WEBHOOK, body=body.encode(), headers=headers)
                response = conn.getresponse()
                response.read()
                status = response.status
                if response.getheader("Connection", "").lower() == "close":
                    conn.close()
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
                status = 599
            mine.append(time.perf_counter() - started)
            seen[status] = seen.get(status, 0) + 1
        conn.close()
        with lock:
            latencies.extend(mine)
            for status, n in seen.items():
                statuses[status] = statuses.get(status, 0) + n

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    latencies.sort()

    def pct(p: float) -> float:
        return round(latencies[min(len(latencies) - 1, int(len(latencies) * p))] * 1000, 1)

    return {
        "posted": len(deliveries),
        "seconds": round(seconds, 2),
        "events_per_second": round(len(deliveries) / seconds, 1),
        "p50_ms": round(statistics.median(latencies) * 1000, 1),
        "p95_ms": pct(0.95),
        "p99_ms": pct(0.99),
        "statuses": statuses,
    }


def process_inbox(payments: list[dict]) -> dict:
    from django.db.models import Count

    from payments import inbox
    from payments.models import StripeEvent
    from portal.models import LedgerEntry

    MemoryStripe(payments).install()
    pks = list(StripeEvent.objects.filter(status="received").values_list("pk", flat=True))
    started = time.perf_counter()
    for pk in pks:
        inbox.event_process(event_pk=pk)
    seconds = time.perf_counter() - started
    credits = LedgerEntry.objects.filter(source="stripe", kind="payment")
    duplicated = credits.values("external_id").annotate(n=Count("id")).filter(n__gt=1).count()
    statuses = dict(
        StripeEvent.objects.values_list("status").annotate(n=Count("id")).values_list("status", "n")
    )
    total_credited = -sum(credits.values_list("amount_pence", flat=True))
    return {
        "processed": len(pks),
        "processing_seconds": round(seconds, 2),
        "processed_per_second": round(len(pks) / seconds, 1) if seconds else None,
        "inbox_statuses": statuses,
        "credits": credits.count(),
        "duplicate_credits": duplicated,
        "credited_pence_matches": total_credited == sum(p["pi"]["amount"] for p in payments),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--payments", type=int, default=2000)
    parser.add_argument("--duplicates", type=float, default=0.2)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--worker-class", default="gthread", choices=["gthread", "sync"])
    parser.add_argument("--threads", type=int, default=8, help="gthread threads per worker")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    args = parser.parse_args()

    server_url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    if not server_url.startswith("postgres"):
        sys.exit("bench/webhook.py measures PostgreSQL: set DATABASE_URL=postgres://...")
    database_url = _with_database(server_url, DATABASE)
    _admin(server_url, f'DROP DATABASE IF EXISTS "{DATABASE}"')
    _admin(server_url, f'CREATE DATABASE "{DATABASE}"')
    _flush_broker()

    os.environ.update(
        DJANGO_SETTINGS_MODULE="config.settings.dev",
        DATABASE_URL=database_url,
        CELERY_BROKER_URL="",
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        STRIPE_SECRET_KEY="sk_test_bench",  # noqa: S106 (a dummy: nothing calls Stripe)
        STRIPE_WEBHOOK_SECRET=SECRET,
        LOG_LEVEL="WARNING",
        DEBUG="false",
    )
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections

    call_command("migrate", verbosity=0)
    random.seed(20261122)
    payments = seed(args.payments)
    deliveries, distinct = build_deliveries(payments, args.duplicates)
    connections.close_all()

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "SECRET_KEY": "bench-only-not-secret-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "CACHE_URL": CACHE_URL,
        "CELERY_BROKER_URL": BROKER_URL,  # processing is queued, not run, during the load
        "CONN_MAX_AGE": "600",
    }
    run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], env)
    server = subprocess.Popen(
        [
            str(Path(PYTHON).parent / "gunicorn"),
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
    try:
        wait_until_up(time.time() + 60)
        before = server_cpu(server.pid)
        client_before = resource.getrusage(resource.RUSAGE_SELF)
        load = post_all(deliveries, args.clients)
        client_after = resource.getrusage(resource.RUSAGE_SELF)
        after = server_cpu(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)

    posted = len(deliveries)
    cpu = {name: after[name] - before[name] for name in after}
    cpu["bench client"] = sum(
        getattr(client_after, f) - getattr(client_before, f) for f in ("ru_utime", "ru_stime")
    )
    cpu_ms = {name: round(seconds / posted * 1000, 3) for name, seconds in cpu.items()}
    server_ms = cpu_ms["gunicorn"] + cpu_ms["postgres"] + cpu_ms["redis"]
    load["cpu_ms_per_event"] = cpu_ms
    load["server_cpu_ms_per_event"] = round(server_ms, 3)
    # What two cores could sustain if they did nothing else (the load generator included).
    load["capacity_2_cores_events_per_second"] = round(
        2000 / (server_ms + cpu_ms["bench client"]), 1
    )

    from payments.models import StripeEvent

    inbox_rows = StripeEvent.objects.count()
    import redis

    queued = redis.Redis.from_url(BROKER_URL).llen("celery")
    results = process_inbox(payments)
    results.update(load)
    results.update(
        {
            "payments": args.payments,
            "distinct_events": distinct,
            "duplicate_deliveries": len(deliveries) - distinct,
            "inbox_rows": inbox_rows,
            "tasks_queued": queued,
            "gunicorn": f"{args.workers} {args.worker_class} workers"
            + (f" x {args.threads} threads" if args.worker_class == "gthread" else ""),
            "clients": args.clients,
        }
    )
    connections.close_all()
    _flush_broker()
    if not args.keep:
        _admin(server_url, f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')

    print(
        f"{results['posted']} webhook posts ({results['duplicate_deliveries']} duplicates) "
        f"in {results['seconds']} s from {args.clients} clients, {results['gunicorn']}"
    )
    print(
        f"  {results['events_per_second']} events/s   p50 {results['p50_ms']} ms   "
        f"p95 {results['p95_ms']} ms   p99 {results['p99_ms']} ms   statuses {results['statuses']}"
    )
    print(
        f"  CPU per event: {results['cpu_ms_per_event']} ms; two idle cores would sustain "
        f"{results['capacity_2_cores_events_per_second']} events/s (load generator included)"
    )
    print(
        f"  inbox rows {inbox_rows} (distinct events {distinct}), tasks queued {queued}, "
        f"processed afterwards at {results['processed_per_second']}/s"
    )
    print(
        f"  credits {results['credits']} for {args.payments} payments, "
        f"duplicate credits {results['duplicate_credits']}, "
        f"amounts match: {results['credited_pence_matches']}"
    )
    print(json.dumps(results))
    failed = (
        results["duplicate_credits"]
        or results["credits"] != args.payments
        or inbox_rows != distinct
        or set(results["statuses"]) != {200}
    )
    if failed:
        sys.exit("FAILED: see the figures above")


def run(command: list[str], env: dict) -> None:
    result = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{result.stdout}\n{result.stderr}")


if __name__ == "__main__":
    main()
