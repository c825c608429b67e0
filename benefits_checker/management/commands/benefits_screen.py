"""Screen a caseload for benefits people may be missing.

    python manage.py benefits_screen < households.json > results.json
    python manage.py benefits_screen --input households.json --output results.json \
        [--date 2026-10-01] [--council-tax council.json | --council-tax example]

Reads a JSON list of households and writes a JSON list of results in the same order,
streaming (memory stays flat). A household it cannot estimate gets {"id": ..., "error": "why"}
and the rest carry on. Input that is not a JSON list stops the run with a message and exit
code 2. Schema: docs/interfaces.md, "Caseload screening".
"""

from __future__ import annotations

import datetime as dt
import io
import os
import sys

from django.core.management.base import BaseCommand, CommandError

from benefits_checker.engine import RatesError
from benefits_checker.engine.council_tax import EXAMPLE_SCHEME, SchemeError, load_council_tax
from benefits_checker.screening import MalformedInput, screen

BUFFER = 1024 * 1024


class Command(BaseCommand):
    help = "Estimate benefits for a JSON list of households (stdin or --input) as JSON."

    def add_arguments(self, parser):
        parser.add_argument("--input", help="Read households from this file (default: stdin).")
        parser.add_argument("--output", help="Write results to this file (default: stdout).")
        parser.add_argument(
            "--date",
            help="The date to estimate for, YYYY-MM-DD (picks the rates; default: today).",
        )
        parser.add_argument(
            "--council-tax",
            help="A JSON file of the council's band charges and working-age Council Tax "
            "Reduction scheme, or 'example' for the illustrative scheme.",
        )

    def handle(self, *args, **options):
        on = self._date(options["date"])
        council_tax = self._council_tax(options["council_tax"])
        source = self._open_input(options["input"])
        target, temporary = self._open_output(options["output"])
        try:
            summary = screen(source, target, on=on, council_tax=council_tax)
        except MalformedInput as exc:
            self._abandon(target, temporary, options["output"])
            self.stderr.write(f"benefits_screen: the input is not a JSON list of households: {exc}")
            if not temporary:
                self.stderr.write("benefits_screen: the results written so far are incomplete")
            sys.exit(2)
        except RatesError as exc:
            self._abandon(target, temporary, options["output"])
            raise CommandError(str(exc)) from None
        finally:
            if source is not sys.stdin:
                source.close()
        target.flush()
        if temporary:
            target.close()
            os.replace(temporary, options["output"])
        self.stderr.write(
            f"benefits_screen: {summary.households} households, {summary.errors} with errors "
            f"(rates {summary.rates_version}, estimated for {on:%d %B %Y})"
        )

    def _date(self, text):
        if not text:
            return dt.date.today()
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise CommandError("--date must be a date like 2026-10-01") from None

    def _council_tax(self, value):
        if not value:
            return None
        try:
            return load_council_tax(EXAMPLE_SCHEME if value == "example" else value)
        except SchemeError as exc:
            raise CommandError(str(exc)) from None

    def _open_input(self, path):
        if not path:
            return io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8-sig", errors="strict")
        try:
            return open(path, encoding="utf-8-sig", buffering=BUFFER)  # noqa: SIM115
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}") from None

    def _open_output(self, path):
        if not path:
            self.stdout.ending = ""  # we write whole records and our own line breaks
            return self.stdout, None
        temporary = f"{path}.partial"
        try:
            return open(temporary, "w", encoding="utf-8", buffering=BUFFER), temporary  # noqa: SIM115
        except OSError as exc:
            raise CommandError(f"Cannot write {path}: {exc.strerror}") from None

    def _abandon(self, target, temporary, path):
        """A stopped run leaves no half-written results file behind."""
        if temporary:
            target.close()
            os.unlink(temporary)
