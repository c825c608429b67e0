"""The budget: how long the summary of a 100-line budget takes, and the wizard's requests/s.

    python bench/budget.py [--seconds 10] [--clients 4] [--workers 2] [--summary-only]

1. The summary (pure Python, no database): `budgeting.calculations.summarise` over 100 lines of
   mixed frequencies and 10 debts, and `budgeting.selectors.budget_summary`, which also turns
   stored answers into those lines. Timed with timeit; the best of 5 runs. Target: under 1 ms.
2. The wizard under gunicorn on PostgreSQL, the way bench/pages.py measures the dashboard
   (its helpers are reused): production settings plus one trivial view, the demo data, the
   demo tenant with a submitted budget and a draft. Each page is requested from concurrent
   clients for a fixed time: a wizard page (GET), saving a wizard page (POST, 13 lines),
   check your answers and the result. Every response must be a 200 (302 for the save).

Uses DATABASE_URL if set, otherwise a scratch database `portal_bench_budget` on the local
PostgreSQL (created if missing).
"""

from __future__ import annotations

import os
import sys

# Run as a script, this folder comes first on sys.path, where bench/queue.py would hide the
# standard library's queue module (psycopg and Celery need it).
if sys.path and os.path.abspath(sys.path[0]) == os.path.dirname(os.path.abspath(__file__)):
    sys.path.pop(0)

import argparse
import json
import os
import secrets
import subprocess
import sys
import time
import timeit
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import pages  # noqa: E402

DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/portal_bench_budget"
PORT = 8766  # not bench/pages.py's, so both can run
TENANCY = "DEMO-1001"


def time_summary() -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from budgeting import calculations
    from budgeting.categories import DEBT_KINDS, LINE_SECTION, LINES
    from budgeting.selectors import BudgetAnswers, DebtAnswer, LineAnswer, budget_summary

    frequencies = list(calculations.MONTHLY_FACTORS)
    keys = list(LINES)  # 88 lines; 100 items repeat a few keys, which the arithmetic allows
    items = [
        calculations.Item(
            key=keys[n % len(keys)],
            kind=(
                calculations.INCOME
                if LINE_SECTION[keys[n % len(keys)]].kind == "income"
                else calculations.SPENDING
            ),
            amount_pence=1234 + 97 * n,
            frequency=frequencies[n % len(frequencies)],
            section=LINE_SECTION[keys[n % len(keys)]].key,
            guideline_category=LINE_SECTION[keys[n % len(keys)]].guideline,
        )
        for n in range(100)
    ]
    debts = [
        calculations.Debt(key, kind.priority, 50_000 + n, 1_000 + n, frequencies[n % 6])
        for n, (key, kind) in enumerate(list(DEBT_KINDS.items())[:10])
    ]
    guidelines = [
        calculations.Guideline(category, adults, children, 30_000 + 1_000 * children)
        for category in ("communications_leisure", "food_housekeeping", "personal")
        for adults in (1, 2)
        for children in range(5)
    ]
    answers = BudgetAnswers(
        household={"has_partner": True, "children_under_16": 2},
        lines={key: LineAnswer(1234 + 97 * n, frequencies[n % 6]) for n, key in enumerate(keys)},
        debts={
            key: DebtAnswer(50_000 + n, 1_000 + n, frequencies[n % 6])
            for n, key in enumerate(list(DEBT_KINDS)[:10])
        },
    )

    def best_ms(function, number=2000) -> float:
        runs = timeit.repeat(function, number=number, repeat=5)
        return round(min(runs) / number * 1000, 4)

    return {
        "summarise_100_lines_ms": best_ms(
            lambda: calculations.summarise(
                items, debts, guidelines=guidelines, adults=2, children=2
            )
        ),
        "budget_summary_88_lines_10_debts_ms": best_ms(lambda: budget_summary(answers=answers)),
    }


def prepare_budgets(env: dict[str, str]) -> None:
    """A submitted budget and a draft for the demo tenant (in a subprocess, with the dev
    settings against the benchmark database, as bench/pages.py prepares its data)."""
    dev = {**env, "DJANGO_SETTINGS_MODULE": "config.settings.dev"}
    pages.run([pages.PYTHON, str(Path(__file__).resolve()), "--prepare-budgets"], dev)


def _make_budgets() -> None:
    import django

    django.setup()
    from budgeting import services
    from budgeting.categories import SECTIONS
    from budgeting.models import Budget
    from budgeting.selectors import LineAnswer
    from portal.models import Tenancy, User

    user = User.objects.get(email="tenant@example.com")
    tenancy = Tenancy.objects.get(reference=TENANCY)
    if Budget.objects.filter(user=user, status=Budget.Status.SUBMITTED).exists():
        return
    household = {
        "has_partner": False,
        "children_under_16": 1,
        "children_16_to_18": 0,
        "other_dependants": 0,
        "non_dependants": 0,
        "vehicles": 0,
        "employment_status": "part_time",
    }
    for submit in (True, False):  # version 1 submitted, version 2 a draft
        services.budget_household_save(user=user, tenancy=tenancy, household=household)
        for section in SECTIONS:
            if section.is_lines:
                answers = {
                    line.key: LineAnswer(1000 + n, "weekly") for n, line in enumerate(section.lines)
                }
                services.budget_lines_save(
                    user=user, tenancy=tenancy, section_key=section.key, answers=answers
                )
            elif section.is_debts:
                services.budget_debts_save(
                    user=user, tenancy=tenancy, section_key=section.key, answers={}
                )
        if submit:
            services.budget_submit(user=user, tenancy=tenancy)


def bench_wizard(args) -> dict:
    database_url = os.environ.get("DATABASE_URL", DEFAULT_DB)
    if not database_url.startswith("postgres"):
        sys.exit("bench/budget.py measures PostgreSQL: set DATABASE_URL=postgres://...")
    pages.ensure_database(database_url)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": database_url,
        "SECRET_KEY": "bench-only-not-secret-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "CACHE_URL": os.environ.get("CACHE_URL", "redis://127.0.0.1:6379/4"),
        "CELERY_BROKER_URL": "",
        "LOG_LEVEL": "WARNING",
    }
    session_key, _ = pages.prepare(env)
    prepare_budgets(env)
    csrf = secrets.token_hex(16)  # a 32-character secret is a valid unmasked CSRF token
    cookie = f"__Host-sessionid={session_key}; __Host-csrftoken={csrf}"

    from budgeting.categories import SECTIONS_BY_KEY  # noqa: PLC0415

    benefits = SECTIONS_BY_KEY["benefits"]
    form = {"csrfmiddlewaretoken": csrf}
    for n, line in enumerate(benefits.lines):
        form[f"{line.key}-amount"] = f"{100 + n}.50"
        form[f"{line.key}-frequency"] = "fortnightly"
    body = urlencode(form).encode()

    pages.PORT = PORT  # bench/pages.py's helpers read it when called
    server = subprocess.Popen(
        [
            str(Path(pages.PYTHON).parent / "gunicorn"),
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
    gets = {
        "trivial view": "/bench/trivial/",
        "dashboard (for reference)": "/my-account/",
        "wizard page (GET)": f"/budget/{TENANCY}/edit/benefits/",
        "check your answers": f"/budget/{TENANCY}/check/",
        "result": f"/budget/{TENANCY}/versions/1/",
    }
    try:
        pages.wait_until_up(time.time() + 30)
        for path in gets.values():  # warm up each worker
            pages.hammer(path, cookie, seconds=1, clients=args.workers)
        results = {
            name: pages.hammer(path, cookie, seconds=args.seconds, clients=args.clients)
            for name, path in gets.items()
        }
        results["save a wizard page (POST)"] = pages.hammer(
            gets["wizard page (GET)"],
            cookie,
            seconds=args.seconds,
            clients=args.clients,
            method="POST",
            body=body,
            expect=302,
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--summary-only", action="store_true")
    parser.add_argument("--prepare-budgets", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.prepare_budgets:
        _make_budgets()
        return

    summary = time_summary()
    print("Summary of a budget (pure Python, best of 5 runs, per call):")
    for name, ms in summary.items():
        print(f"  {name:<40}{ms:>9.4f} ms  {'OK' if ms < 1 else 'SLOWER THAN 1 ms'}")
    output = {"summary": summary}

    if not args.summary_only:
        results = bench_wizard(args)
        floor = results["trivial view"]["rps"]
        print(
            f"gunicorn {args.workers} workers, {args.clients} clients, {args.seconds:.0f} s a page"
        )
        print(f"{'page':<28}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'errors':>8}{'vs trivial':>12}")
        for name, result in results.items():
            ratio = result["rps"] / floor if floor else 0
            result["ratio_to_trivial"] = round(ratio, 2)
            print(
                f"{name:<28}{result['rps']:>9}{result['p50_ms']:>9}{result['p95_ms']:>9}"
                f"{result['errors']:>8}{ratio:>12.2f}"
            )
        output["wizard"] = results
    print(json.dumps(output))
    if any(result.get("errors") for result in output.get("wizard", {}).values()):
        sys.exit("some requests failed")
    if any(ms >= 1 for ms in summary.values()):
        sys.exit("the summary is slower than 1 ms")


if __name__ == "__main__":
    main()
