"""Benchmark the benefits engine and the caseload screening command.

    .venv/bin/python bench/engine.py [--households 100000] [--seed 2026] [--skip-screen]

1. Generates N households shaped like a social landlord's caseload (singles and couples,
   children, earnings, pensioners, non-dependants, savings, London), as the screening JSON.
2. Engine: builds the households once, then times `calculate()` over all of them on one core
   (the process is pinned to one CPU; CPU time is what counts, wall time is shown beside it).
   Every result carries its full working, as data: steps with a template key and the numbers
   (benefits_checker/engine/working.py), put into words only when read. A second pass times
   `calculate()` with every result's working rendered to words as screening writes it (the
   explanation and a "Check ..." line per flag), so the cost of the words is shown too.
3. Screening: writes the households to a file and runs `manage.py benefits_screen --input ...
   --output ...` in its own process, reporting its peak RSS (os.wait4) and its rate end to
   end (start-up, JSON parsing, the engine, the working and the JSON out).

Targets: at least 20,000 households a second through the engine; benefits_screen under
200 MB on 100,000 households. A reference loop (10 million integer additions) is timed too,
so figures from a slow or busy machine can be read in proportion.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

ON = dt.date(2026, 10, 1)
ENGINE_TARGET = 20_000
MEMORY_TARGET_MB = 200


def _pounds(rng: random.Random, low: int, high: int) -> Decimal:
    """A random amount in pounds and pence, exact."""
    return Decimal(rng.randint(low * 100, high * 100)) / 100


def generate_households(count: int, *, seed: int = 2026):
    """Yield `count` screening households (dicts, money as Decimal), reproducibly."""
    rng = random.Random(seed)
    for number in range(count):
        couple = rng.random() < 0.4
        pensioner = rng.random() < 0.15
        adults = []
        for _ in range(2 if couple else 1):
            age = rng.randint(66, 92) if pensioner else rng.randint(18, 65)
            working = not pensioner and rng.random() < 0.45
            adult = {
                "age": age,
                "monthly_earnings": _pounds(rng, 150, 3500) if working else 0,
                "lcwra": not pensioner and rng.random() < 0.14,
                "lcwra_new_claimant": rng.random() < 0.2,
                "carer": rng.random() < 0.07,
                "carers_allowance": rng.random() < 0.03,
                "monthly_state_pension": _pounds(rng, 600, 1100) if age >= 67 else 0,
                "monthly_private_pension": (
                    _pounds(rng, 50, 600) if age >= 67 and rng.random() < 0.3 else 0
                ),
            }
            if rng.random() < 0.08:
                adult["pip_daily_living"] = rng.choice(["standard", "enhanced"])
            adults.append(adult)
        children = []
        if not pensioner and rng.random() < 0.45:
            for _ in range(rng.choice([1, 1, 2, 2, 3, 4, 5])):
                children.append(
                    {
                        "age": rng.randint(0, 18),
                        "disabled": rng.random() < 0.05,
                        "severely_disabled": rng.random() < 0.01,
                        "sex": rng.choice(["F", "M", "F", "M", None]),
                    }
                )
        london = rng.random() < 0.15
        non_dependants = 0
        if rng.random() < 0.1:
            non_dependants = rng.choice(
                [1, 2, [{"age": rng.randint(17, 40), "monthly_earnings": _pounds(rng, 0, 2500)}]]
            )
        household = {
            "id": f"T{number:07d}",
            "adults": adults,
            "children": children,
            "monthly_rent": _pounds(rng, 450, 950) if london else _pounds(rng, 330, 700),
            "tenure": rng.choice(["social", "council", "housing_association"]),
            "bedrooms": rng.choice([1, 1, 2, 2, 2, 3, 3, 4]),
            "non_dependants": non_dependants,
            "savings": rng.choice([0, 0, 0, 0, _pounds(rng, 0, 3000), _pounds(rng, 5000, 20000)]),
            "married": couple and rng.random() < 0.5,
            "monthly_childcare": _pounds(rng, 100, 900) if children and rng.random() < 0.1 else 0,
            "council_tax_band": rng.choice("AABBBCCD"),
            "london": london,
        }
        yield household


def _default(value):
    if isinstance(value, Decimal):
        return f"\x00{value}\x00"
    raise TypeError(type(value))


def household_json(household: dict) -> str:
    """JSON text with money as JSON numbers ("450.50"), never through float."""
    return (
        json.dumps(household, default=_default, separators=(", ", ": "))
        .replace('"\\u0000', "")
        .replace('\\u0000"', "")
    )


def write_households(path: Path, count: int, *, seed: int = 2026) -> None:
    with path.open("w", encoding="utf-8") as fh:
        fh.write("[\n")
        for index, household in enumerate(generate_households(count, seed=seed)):
            if index:
                fh.write(",\n")
            fh.write(household_json(household))
        fh.write("\n]\n")


def reference_loop() -> float:
    start = time.process_time()
    total = 0
    for value in range(10_000_000):
        total += value
    return time.process_time() - start


def bench_engine(count: int, seed: int) -> dict:
    from benefits_checker.engine import calculate, rates_for
    from benefits_checker.engine.inputs import household_from_json
    from benefits_checker.screening import explanation

    households = [household_from_json(h) for h in generate_households(count, seed=seed)]
    rates = rates_for(ON)
    explanation(calculate(households[0], on=ON, rates=rates))  # load and warm the caches

    # The engine: every result with its working as steps (data).
    wall = time.perf_counter()
    cpu = time.process_time()
    steps = 0
    for household in households:
        for section in calculate(household, on=ON, rates=rates).steps.values():
            steps += len(section)
    cpu = time.process_time() - cpu
    wall = time.perf_counter() - wall

    # The engine and the words: every result's working rendered as screening writes it.
    words_cpu = time.process_time()
    lines = 0
    for household in households:
        lines += len(explanation(calculate(household, on=ON, rates=rates)))
    words_cpu = time.process_time() - words_cpu
    return {
        "households": count,
        "cpu_seconds": cpu,
        "wall_seconds": wall,
        "per_second_cpu": count / cpu,
        "per_second_wall": count / wall,
        "working_steps": steps,
        "words_cpu_seconds": words_cpu,
        "words_per_second_cpu": count / words_cpu,
        "working_lines": lines,
    }


# Runs benefits_screen in a fresh interpreter and reports that process's own peak RSS
# (VmHWM, which exec resets). ru_maxrss from wait4 would also count the parent's pages the
# child had before exec, so a large parent would inflate it.
SCREEN_SCRIPT = """
import os, sys, django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
django.setup()
from django.core.management import call_command
source, target, on = sys.argv[1:4]
call_command("benefits_screen", "--input", source, "--output", target, "--date", on)
with open("/proc/self/status") as fh:
    peak = [line.split()[1] for line in fh if line.startswith("VmHWM:")][0]
sys.stderr.write(f"\\npeak_rss_kb={peak}\\n")
"""


def run_screen(
    source: Path, target: Path, *, on: dt.date = ON, settings: str = "config.settings.dev"
):
    """(seconds, peak RSS in MB, the command's message) for one benefits_screen run."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": settings}
    started = time.perf_counter()
    completed = subprocess.run(
        [sys.executable, "-c", SCREEN_SCRIPT, str(source), str(target), on.isoformat()],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - started
    if completed.returncode != 0:
        sys.exit(f"benefits_screen failed: {completed.stderr}")
    lines = completed.stderr.strip().splitlines()
    peak_kb = int(next(line for line in lines if line.startswith("peak_rss_kb=")).split("=")[1])
    message = next((line for line in lines if line.startswith("benefits_screen:")), "")
    return seconds, peak_kb / 1024, message


def bench_screen(count: int, seed: int) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "households.json"
        target = Path(folder) / "results.json"
        write_households(source, count, seed=seed)
        seconds, peak_mb, message = run_screen(source, target)
        results = 0
        with target.open(encoding="utf-8") as fh:
            for line in fh:
                results += line.startswith('{"id"')
        if results != count:
            sys.exit(f"benefits_screen wrote {results} results for {count} households")
        return {
            "households": count,
            "input_mb": source.stat().st_size / 1e6,
            "output_mb": target.stat().st_size / 1e6,
            "seconds": seconds,
            "per_second": count / seconds,
            "peak_rss_mb": peak_mb,
            "message": message,
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--households", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--skip-screen", action="store_true")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

    print(
        f"Python {sys.version.split()[0]}; reference loop (10M additions): "
        f"{reference_loop():.2f} s CPU"
    )
    engine = bench_engine(args.households, args.seed)
    verdict = "meets" if engine["per_second_cpu"] >= ENGINE_TARGET else "MISSES"
    print(
        f"engine: {engine['households']:,} households in {engine['cpu_seconds']:.2f} s CPU "
        f"({engine['wall_seconds']:.2f} s wall): {engine['per_second_cpu']:,.0f}/s CPU, "
        f"{engine['per_second_wall']:,.0f}/s wall; {engine['working_steps']:,} steps of working "
        f"-- {verdict} the {ENGINE_TARGET:,}/s target"
    )
    print(
        f"engine with the working rendered to words: {engine['words_cpu_seconds']:.2f} s CPU, "
        f"{engine['words_per_second_cpu']:,.0f}/s CPU; {engine['working_lines']:,} lines"
    )
    if not args.skip_screen:
        screen = bench_screen(args.households, args.seed)
        verdict = "meets" if screen["peak_rss_mb"] < MEMORY_TARGET_MB else "MISSES"
        print(
            f"benefits_screen: {screen['households']:,} households, "
            f"{screen['input_mb']:.1f} MB in, {screen['output_mb']:.1f} MB out, "
            f"{screen['seconds']:.1f} s ({screen['per_second']:,.0f}/s end to end), "
            f"peak RSS {screen['peak_rss_mb']:.0f} MB -- {verdict} the "
            f"{MEMORY_TARGET_MB} MB target"
        )
        print(f"  {screen['message']}")


if __name__ == "__main__":
    main()
