"""Where a dashboard request's time goes, in-process, on the page benchmark's database.

    python bench/profile_dashboard.py [--requests 200] [--profile] [--path /my-account/]

Prepares the same scratch database as bench/pages.py (migrated, demo data), then, in this
process with the same production settings, signs in as the demo tenant and requests the page
N times through Django's test client (no network, no gunicorn): mean time and queries a
request, and with --profile a pyinstrument call tree of the whole run. Use it to find what to
cut; bench/pages.py gives the figure that counts (requests a second under gunicorn).
"""

from __future__ import annotations

import os
import sys

# Run as a script, this folder comes first on sys.path, where bench/queue.py would hide the
# standard library's queue module (psycopg and Celery need it).
if sys.path and os.path.abspath(sys.path[0]) == os.path.dirname(os.path.abspath(__file__)):
    sys.path.pop(0)

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.pages import DEFAULT_DB, ensure_database, prepare  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--path", default="/my-account/")
    parser.add_argument("--profile", action="store_true", help="print a pyinstrument tree")
    parser.add_argument("--skip-prepare", action="store_true", help="the database is ready")
    args = parser.parse_args()

    database_url = os.environ.get("DATABASE_URL", DEFAULT_DB)
    env = {
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": database_url,
        "SECRET_KEY": "bench-only-not-secret-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1,testserver",
        "CACHE_URL": os.environ.get("CACHE_URL", "redis://127.0.0.1:6379/3"),
        "CELERY_BROKER_URL": "",
        "LOG_LEVEL": "WARNING",
    }
    os.environ.update(env)
    if not args.skip_prepare:
        ensure_database(database_url)
        prepare({**os.environ, **env})

    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from portal.models import User

    client = Client(HTTP_HOST="127.0.0.1", secure=True)
    client.force_login(User.objects.get(email="tenant@example.com"))
    for _ in range(5):  # warm up caches and connections
        status = client.get(args.path).status_code
        if status != 200:
            sys.exit(f"{args.path} answered {status}")
    with CaptureQueriesContext(connection) as queries:
        client.get(args.path)
    print(f"{args.path}: {len(queries)} queries a request (warm)")
    for query in queries.captured_queries:
        print(f"  {query['time']}s  {query['sql'][:150]}")

    profiler = None
    if args.profile:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.0005)
        profiler.start()
    started = time.perf_counter()
    for _ in range(args.requests):
        client.get(args.path)
    seconds = time.perf_counter() - started
    if profiler is not None:
        profiler.stop()
        print(profiler.output_text(unicode=False, color=False, show_all=False))
    print(f"{args.requests} requests: {seconds / args.requests * 1000:.1f} ms a request")


if __name__ == "__main__":
    main()
