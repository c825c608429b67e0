"""Page throughput under gunicorn on PostgreSQL, beside a trivial view in the same run.

    python bench/pages.py [--seconds 15] [--clients 8] [--workers 2] [--rounds 5]

Uses DATABASE_URL if set, otherwise a scratch database `portal_bench_pages` on the local
PostgreSQL (created if missing). Loads the demo data, signs in as the demo tenant, starts
gunicorn with production settings plus one trivial view, then requests each page from
concurrent clients for a fixed time and reports requests per second, p50 and p95 latency and
each page's rate as a fraction of the trivial view's. Target: the dashboard at 0.5 or more.
Each page's time is split into turns, the pages taking turns, so that a change in the
machine's speed during the run (other work on the host) touches every page alike.
The home page (in English and Welsh) and an advice page are measured too, signed out, as most
visitors see them (content issue: cached per site and language, a fixed number of queries).
"""

from __future__ import annotations

import os
import sys

# Run as a script, this folder comes first on sys.path, where bench/queue.py would hide the
# standard library's queue module (psycopg and Celery need it).
if sys.path and os.path.abspath(sys.path[0]) == os.path.dirname(os.path.abspath(__file__)):
    sys.path.pop(0)

import argparse
import http.client
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/portal_bench_pages"
PORT = 8765
ADVICE_PAGE = "/advice/ways-to-pay/"  # a demo advice page (cms/demo_content.py)


def run(args: list[str], env: dict[str, str]) -> str:
    result = subprocess.run(args, env=env, cwd=ROOT, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        sys.exit(f"{' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def ensure_database(url: str) -> None:
    name = url.rsplit("/", 1)[1]
    server = url.rsplit("/", 1)[0] + "/postgres"
    exists = subprocess.run(
        ["psql", server, "-tAc", f"SELECT 1 FROM pg_database WHERE datname='{name}'"],  # noqa: S608
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    if not exists:
        subprocess.run(["psql", server, "-c", f'CREATE DATABASE "{name}"'], check=True)


def prepare(env: dict[str, str]) -> tuple[str, str]:
    """Migrate, seed and collect static files; return (session key, statement path)."""
    dev = {**env, "DJANGO_SETTINGS_MODULE": "config.settings.dev"}
    run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], dev)
    run([PYTHON, "manage.py", "seed_demo"], dev)
    run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], env)
    script = (
        "import django; django.setup();"
        "from django.test import Client;"
        "from portal.models import User, Account;"
        "user = User.objects.get(email='tenant@example.com');"
        "c = Client(); c.force_login(user);"
        "account = Account.objects.filter(tenancy__members__user=user, kind='rent').first();"
        "print(c.session.session_key, account.reference)"
    )
    session_key, reference = run([PYTHON, "-c", script], dev).split()
    return session_key, f"/my-account/accounts/{reference}/?page=3"


def wait_until_up(deadline: float) -> None:
    while time.time() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=2)
            conn.request("GET", "/bench/trivial/")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    sys.exit("gunicorn did not start")


def hammer(path: str, cookie: str, *, seconds: float, clients: int, **request) -> dict:
    """Request `path` from `clients` threads for `seconds` (`request`: method, body and the
    status every answer must have, as `_requests` takes them)."""
    latencies, failures = _requests(path, cookie, seconds=seconds, clients=clients, **request)
    return _summary(path, latencies, failures, seconds)


def interleaved(pages: dict[str, tuple[str, str]], *, seconds: float, clients: int, rounds: int):
    """Each page for `seconds` in all, in `rounds` turns taken in order (trivial, dashboard,
    ..., trivial, dashboard, ...): a machine that speeds up or slows down during the run (other
    work on the host) then shifts every page alike, not the ratio between them."""
    collected = {name: ([], 0) for name in pages}
    for _ in range(rounds):
        for name, (path, cookie) in pages.items():
            latencies, failures = _requests(path, cookie, seconds=seconds / rounds, clients=clients)
            so_far, failed = collected[name]
            collected[name] = (so_far + latencies, failed + failures)
    return {
        name: _summary(pages[name][0], latencies, failures, seconds)
        for name, (latencies, failures) in collected.items()
    }


def _requests(
    path: str,
    cookie: str,
    *,
    seconds: float,
    clients: int,
    method: str = "GET",
    body: bytes | None = None,
    expect: int = 200,
) -> tuple[list[float], int]:
    """The latencies of the requests answered `expect`, and how many were not."""
    latencies: list[float] = []
    failures = 0
    lock = threading.Lock()
    stop_at = time.perf_counter() + seconds
    headers = {"Cookie": cookie, "Host": "127.0.0.1"}
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"

    def client() -> None:
        nonlocal failures
        mine: list[float] = []
        bad = 0
        while time.perf_counter() < stop_at:
            started = time.perf_counter()
            conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            response.read()
            conn.close()
            if response.status == expect:
                mine.append(time.perf_counter() - started)
            else:
                bad += 1
        with lock:
            latencies.extend(mine)
            failures += bad

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, failures


def _summary(path: str, latencies: list[float], failures: int, seconds: float) -> dict:
    latencies = sorted(latencies)
    return {
        "path": path,
        "requests": len(latencies),
        "errors": failures,
        "rps": round(len(latencies) / seconds, 1),
        "p50_ms": round(statistics.median(latencies) * 1000, 1) if latencies else None,
        "p95_ms": round(latencies[int(len(latencies) * 0.95) - 1] * 1000, 1) if latencies else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--rounds", type=int, default=5, help="turns each page's time is split into, interleaved"
    )
    args = parser.parse_args()

    database_url = os.environ.get("DATABASE_URL", DEFAULT_DB)
    if not database_url.startswith("postgres"):
        sys.exit("bench/pages.py measures PostgreSQL: set DATABASE_URL=postgres://...")
    ensure_database(database_url)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": database_url,
        "SECRET_KEY": "bench-only-not-secret-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "CACHE_URL": os.environ.get("CACHE_URL", "redis://127.0.0.1:6379/3"),
        "CELERY_BROKER_URL": "",
        "LOG_LEVEL": "WARNING",
    }
    session_key, statement_path = prepare(env)
    cookie = f"__Host-sessionid={session_key}"

    server = subprocess.Popen(
        [
            str(Path(PYTHON).parent / "gunicorn"),
            "config.wsgi:application",
            "--workers",
            str(args.workers),
            "--bind",
            f"127.0.0.1:{PORT}",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
    )
    try:
        wait_until_up(time.time() + 30)
        # (path, cookie): the tenant's pages signed in; the CMS pages as most visitors see
        # them, signed out, in English and in Welsh (the language cookie).
        pages = {
            "trivial view": ("/bench/trivial/", cookie),
            "dashboard": ("/my-account/", cookie),
            "statement (page 3)": (statement_path, cookie),
            "home page": ("/", ""),
            "home page (Welsh)": ("/", "portal_language=cy"),
            "advice page": (ADVICE_PAGE, ""),
        }
        for path, page_cookie in pages.values():  # warm up each worker
            hammer(path, page_cookie, seconds=1, clients=args.workers)
        results = interleaved(pages, seconds=args.seconds, clients=args.clients, rounds=args.rounds)
    finally:
        server.terminate()
        server.wait(timeout=30)

    floor = results["trivial view"]["rps"]
    print(
        f"gunicorn {args.workers} workers, {args.clients} clients, {args.seconds:.0f} s a page "
        f"in {args.rounds} interleaved turns"
    )
    print(f"{'page':<22}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'errors':>8}{'vs trivial':>12}")
    for name, result in results.items():
        ratio = result["rps"] / floor if floor else 0
        result["ratio_to_trivial"] = round(ratio, 2)
        print(
            f"{name:<22}{result['rps']:>9}{result['p50_ms']:>9}{result['p95_ms']:>9}"
            f"{result['errors']:>8}{ratio:>12.2f}"
        )
    print(json.dumps(results))
    if any(result["errors"] for result in results.values()):
        sys.exit("some requests failed")


if __name__ == "__main__":
    main()
