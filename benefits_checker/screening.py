"""Caseload screening: a JSON list of households in, a JSON list of results out, in the same
order, one household at a time so memory stays flat however long the list.

The reader parses the array incrementally with `json.JSONDecoder.raw_decode` over a buffered
text stream: it holds one household (and at most one read-ahead chunk) at a time. Numbers are
decoded as Decimal, never float, so money stays exact. The writer emits each result as soon as
it is worked out. No Django here: the management command is a thin wrapper, and this module
is what bench/engine.py and the tests drive.

The schema is documented in docs/interfaces.md ("Caseload screening").
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import TextIO

from .engine import EngineError, calculate, rates_for
from .engine.household import CouncilTax
from .engine.inputs import InputError, household_from_json
from .engine.result import Result

CHUNK = 64 * 1024
MAX_HOUSEHOLD_CHARS = 1024 * 1024  # one household's JSON may not exceed 1 MB
_WHITESPACE = " \t\n\r"
_DECODER = json.JSONDecoder(parse_float=Decimal)


class MalformedInput(ValueError):
    """The input is not a JSON list of objects: the whole run stops (exit code 2)."""


@dataclass
class _Position:
    line: int = 1
    column: int = 1


def iter_json_array(stream: TextIO, *, chunk_size: int = CHUNK) -> Iterator[object]:
    """Yield each element of a top-level JSON array from a text stream, one at a time.

    Raises MalformedInput (with a line and column) if the text is not one JSON array.
    """
    buffer = ""
    pos = 0
    eof = False
    consumed = _Position()

    def advance(upto: int) -> None:
        """Forget buffer[:upto], keeping count of lines for messages."""
        nonlocal buffer, pos
        dropped = buffer[:upto]
        newlines = dropped.count("\n")
        if newlines:
            consumed.line += newlines
            consumed.column = len(dropped) - dropped.rfind("\n")
        else:
            consumed.column += len(dropped)
        buffer = buffer[upto:]
        pos = 0

    def fill() -> bool:
        nonlocal buffer, eof
        if eof:
            return False
        data = stream.read(chunk_size)
        if not data:
            eof = True
            return False
        buffer += data
        return True

    def where(offset: int) -> str:
        before = buffer[:offset]
        newlines = before.count("\n")
        if newlines:
            return f"line {consumed.line + newlines}, column {len(before) - before.rfind(chr(10))}"
        return f"line {consumed.line}, column {consumed.column + len(before)}"

    def skip_whitespace() -> bool:
        """Move pos to the next non-space character, reading more as needed."""
        nonlocal pos
        while True:
            while pos < len(buffer) and buffer[pos] in _WHITESPACE:
                pos += 1
            if pos < len(buffer):
                return True
            advance(pos)
            if not fill():
                return False

    if not skip_whitespace():
        raise MalformedInput("The input is empty: expected a JSON list of households, [ ... ]")
    if buffer[pos] == "\ufeff":  # a byte order mark
        pos += 1
        if not skip_whitespace():
            raise MalformedInput("The input is empty: expected a JSON list of households")
    if buffer[pos] != "[":
        raise MalformedInput(
            f"Expected a JSON list of households starting with '[' at {where(pos)}"
        )
    pos += 1
    first = True
    while True:
        if not skip_whitespace():
            raise MalformedInput("The input ends before the list is closed with ']'")
        char = buffer[pos]
        if char == "]":
            pos += 1
            if skip_whitespace():
                raise MalformedInput(f"Unexpected text after the end of the list at {where(pos)}")
            return
        if not first:
            if char != ",":
                raise MalformedInput(f"Expected ',' or ']' between households at {where(pos)}")
            pos += 1
            if not skip_whitespace():
                raise MalformedInput("The input ends before the list is closed with ']'")
        first = False
        advance(pos)
        while True:
            try:
                value, end = _DECODER.raw_decode(buffer, 0)
            except json.JSONDecodeError as exc:
                if len(buffer) > MAX_HOUSEHOLD_CHARS:
                    raise MalformedInput(f"Not valid JSON at {where(exc.pos)}: {exc.msg}") from None
                if fill():
                    continue
                raise MalformedInput(f"Not valid JSON at {where(exc.pos)}: {exc.msg}") from None
            # A number or word at the very end of what we have read may continue in the next
            # chunk: only trust a value that is followed by something, or by the end of input.
            if end == len(buffer) and fill():
                continue
            break
        pos = end
        yield value


def _money(pence: int | None) -> str:
    if not pence:
        return "null" if pence is None else "0.00"
    sign = "-" if pence < 0 else ""
    whole, part = divmod(abs(pence), 100)
    return f"{sign}{whole}.{part:02d}"


_dumps = json.JSONEncoder(ensure_ascii=False).encode


def result_json(household_id, result: Result) -> str:
    """One result as JSON text: amounts a month in pounds with 2 decimals, as numbers."""
    m = _money
    return (
        f'{{"id": {_dumps(household_id)}, '
        f'"universal_credit": {m(result.universal_credit)}, '
        f'"uc_standard_allowance": {m(result.uc_standard_allowance)}, '
        f'"uc_child_element": {m(result.uc_child_element)}, '
        f'"uc_disabled_child_element": {m(result.uc_disabled_child_element)}, '
        f'"uc_lcwra_element": {m(result.uc_lcwra_element)}, '
        f'"uc_carer_element": {m(result.uc_carer_element)}, '
        f'"uc_childcare_element": {m(result.uc_childcare_element)}, '
        f'"uc_housing_costs_element": {m(result.uc_housing_costs_element)}, '
        f'"uc_under_occupancy_reduction": {m(result.uc_under_occupancy_reduction)}, '
        f'"uc_non_dep_deductions": {m(result.uc_non_dep_deductions)}, '
        f'"uc_earnings_deduction": {m(result.uc_earnings_deduction)}, '
        f'"uc_unearned_income": {m(result.uc_unearned_income)}, '
        f'"uc_benefit_cap_reduction": {m(result.uc_benefit_cap_reduction)}, '
        f'"housing_benefit": {m(result.housing_benefit)}, '
        f'"pension_credit": {m(result.pension_credit)}, '
        f'"child_benefit": {m(result.child_benefit)}, '
        f'"council_tax_reduction": {m(result.council_tax_reduction)}, '
        f'"spare_bedrooms": {result.spare_bedrooms}, '
        f'"explanation": {_dumps(explanation(result))}}}'
    )


def explanation(result: Result) -> list[str]:
    """The working, then one line for each benefit to check that the engine cannot work out
    (PIP, Attendance Allowance, Carer's Allowance, DLA): what officers screen for."""
    lines = result.explanation
    for flag in result.flags:
        lines.append(f"Check {flag.title} ({flag.amount}): {flag.why}")
    return lines


def error_json(household_id, why: str) -> str:
    return f'{{"id": {_dumps(household_id)}, "error": {_dumps(why)}}}'


@dataclass
class ScreenSummary:
    households: int = 0
    errors: int = 0
    rates_version: str = ""


def _id_of(obj) -> object:
    if isinstance(obj, dict):
        value = obj.get("id")
        if value is None or isinstance(value, (str, int, bool)):
            return value
        if isinstance(value, Decimal):
            return str(value)
        return None
    return None


def screen(
    source: TextIO,
    out: TextIO,
    *,
    on: dt.date,
    council_tax: CouncilTax | None = None,
) -> ScreenSummary:
    """Read households from `source`, write results to `out` in the same order.

    A household that cannot be estimated becomes {"id": ..., "error": "why"} and the rest
    carry on. Raises MalformedInput if the input is not a JSON list (the output written so
    far is then incomplete, and the caller must say so).
    """
    rates = rates_for(on)
    summary = ScreenSummary(rates_version=rates.version)
    write = out.write
    write("[")
    separator = "\n"
    for obj in iter_json_array(source):
        household_id = _id_of(obj)
        try:
            if not isinstance(obj, dict):
                raise InputError("a household must be a JSON object")
            if "id" not in obj:
                raise InputError("id is missing")
            household = household_from_json(obj, council_tax=council_tax)
            text = result_json(household_id, calculate(household, on=on, rates=rates))
        except (InputError, EngineError) as exc:
            summary.errors += 1
            text = error_json(household_id, str(exc))
        summary.households += 1
        write(separator)
        write(text)
        separator = ",\n"
    write("\n]\n" if summary.households else "]\n")
    return summary
