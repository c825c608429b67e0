"""`python manage.py benefits_screen`: the schema, per-household errors, malformed input, and
flat memory on a large caseload."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command

from bench.engine import run_screen as run_screen_process
from bench.engine import write_households
from benefits_checker.engine.inputs import InputError, household_from_json
from benefits_checker.screening import MalformedInput, iter_json_array

ROOT = Path(__file__).resolve().parent.parent.parent
OUTPUT_FIELDS = [
    "id",
    "universal_credit",
    "uc_standard_allowance",
    "uc_child_element",
    "uc_disabled_child_element",
    "uc_lcwra_element",
    "uc_carer_element",
    "uc_childcare_element",
    "uc_housing_costs_element",
    "uc_under_occupancy_reduction",
    "uc_non_dep_deductions",
    "uc_earnings_deduction",
    "uc_unearned_income",
    "uc_benefit_cap_reduction",
    "housing_benefit",
    "pension_credit",
    "child_benefit",
    "council_tax_reduction",
    "spare_bedrooms",
    "explanation",
]

ISSUE_EXAMPLE = """[
{"id": "any string",
 "adults": [ {"age": 34, "monthly_earnings": 900.00,
              "lcwra": false, "lcwra_new_claimant": false,
              "carer": false, "carers_allowance": false,
              "monthly_state_pension": 0, "monthly_private_pension": 0} ],
 "children": [ {"age": 7, "disabled": false, "severely_disabled": false, "sex": "F"} ],
 "monthly_rent": 450.00,
 "tenure": "social",
 "bedrooms": 2,
 "non_dependants": 0,
 "savings": 0,
 "married": false,
 "monthly_childcare": 0,
 "council_tax_band": "B",
 "london": false}
]"""


def run_screen(text: str, *args: str) -> tuple[list, str]:
    out, err = io.StringIO(), io.StringIO()
    stdin = sys.stdin
    sys.stdin = io.TextIOWrapper(io.BytesIO(text.encode()), encoding="utf-8")
    try:
        call_command("benefits_screen", "--date", "2026-10-01", *args, stdout=out, stderr=err)
    finally:
        sys.stdin = stdin
    return json.loads(out.getvalue(), parse_float=Decimal), err.getvalue()


def test_the_issue_example_gives_every_output_field_in_order(capsys):
    results, message = run_screen(ISSUE_EXAMPLE)
    (result,) = results
    assert list(result) == OUTPUT_FIELDS
    assert result["id"] == "any string"
    # Lone parent, £900 gross (no tax or NI), one child of 7, £450 rent for 2 bedrooms:
    # 424.90 + 303.94 + 450.00 = 1,178.84; (900 - 427) x 55% = 260.15; UC £918.69
    assert result["universal_credit"] == Decimal("918.69")
    assert result["uc_earnings_deduction"] == Decimal("260.15")
    assert result["child_benefit"] == Decimal("117.22")
    assert result["council_tax_reduction"] is None
    assert result["spare_bedrooms"] == 0
    assert all(isinstance(line, str) for line in result["explanation"])
    assert "1 households, 0 with errors" in message


def test_amounts_are_written_with_two_decimals():
    out = io.StringIO()
    stdin = sys.stdin
    sys.stdin = io.TextIOWrapper(io.BytesIO(ISSUE_EXAMPLE.encode()), encoding="utf-8")
    try:
        call_command("benefits_screen", "--date", "2026-10-01", stdout=out, stderr=io.StringIO())
    finally:
        sys.stdin = stdin
    assert '"uc_lcwra_element": 0.00,' in out.getvalue()
    assert '"universal_credit": 918.69,' in out.getvalue()


def test_a_bad_household_gets_an_error_and_the_rest_carry_on():
    text = json.dumps(
        [
            {"id": "ok-1", "adults": [{"age": 30}], "monthly_rent": 400, "bedrooms": 1},
            {"id": "no-adults", "adults": []},
            {"id": "bad-rent", "adults": [{"age": 30}], "monthly_rent": "lots"},
            {"id": "typo", "adults": [{"age": 30}], "montly_rent": 400},
            "not an object",
            {"adults": [{"age": 30}]},
            {"id": "ok-2", "adults": [{"age": 28}], "monthly_rent": 450, "bedrooms": 2},
        ]
    )
    results, message = run_screen(text)
    assert [r.get("id") for r in results] == [
        "ok-1",
        "no-adults",
        "bad-rent",
        "typo",
        None,
        None,
        "ok-2",
    ]
    assert results[0]["universal_credit"] == Decimal("824.90")
    assert results[1] == {"id": "no-adults", "error": "adults must be a list of 1 or 2 people"}
    assert results[2]["error"] == "monthly_rent: enter an amount in pounds and pence, like 12.50"
    assert results[3]["error"] == "unknown field montly_rent"
    assert results[4]["error"] == "a household must be a JSON object"
    assert results[5]["error"] == "id is missing"
    assert results[6]["universal_credit"] == Decimal("811.90")
    assert "7 households, 5 with errors" in message


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "The input is empty"),
        ('{"id": 1}', "Expected a JSON list"),
        ('[{"id": 1, "adults": [{"age": 30}]},, ]', "line 1, column 37"),  # the second comma
        ('[{"id": 1, "adults": [{"age": 30}]}', "ends before the list is closed"),
        ('[{"id": 1}\n {"id": 2}]', "Expected ',' or ']' between households at line 2"),
        ("[] trailing", "Unexpected text after the end of the list"),
        ('[{"id": "x", "adults": [{"age": 3', "Not valid JSON"),
    ],
)
def test_malformed_input_stops_with_a_clear_message_and_exit_code_2(tmp_path, text, message):
    source = tmp_path / "in.json"
    source.write_text(text)
    target = tmp_path / "out.json"
    completed = subprocess.run(  # noqa: S603
        [
            sys.executable,
            "manage.py",
            "benefits_screen",
            "--input",
            str(source),
            "--output",
            str(target),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"},
        check=False,
    )
    assert completed.returncode == 2
    assert message in completed.stderr
    assert "Traceback" not in completed.stderr
    assert not target.exists()  # no half-written results file
    assert not (tmp_path / "out.json.partial").exists()


def test_files_in_and_out_and_the_example_council_tax_scheme(tmp_path):
    source = tmp_path / "households.json"
    source.write_text(json.dumps([{"id": "A", "adults": [{"age": 30}], "council_tax_band": "B"}]))
    target = tmp_path / "results.json"
    call_command(
        "benefits_screen",
        "--input",
        str(source),
        "--output",
        str(target),
        "--date",
        "2026-10-01",
        "--council-tax",
        "example",
        stderr=io.StringIO(),
    )
    (result,) = json.loads(target.read_text())
    # Example scheme: band B £1,773.33 a year, no income: 90% = £1,596.00 a year = £133.00
    assert result["council_tax_reduction"] == 133.0


def test_the_reader_streams_objects_across_chunk_boundaries():
    items = [{"id": str(n), "text": "é" * (n % 7), "n": n * 1.25} for n in range(500)]
    text = "\ufeff" + json.dumps(items, indent=2)
    parsed = list(iter_json_array(io.StringIO(text), chunk_size=7))
    assert [item["id"] for item in parsed] == [str(n) for n in range(500)]
    assert parsed[3]["n"] == Decimal("3.75")  # never a float


def test_a_number_split_at_a_chunk_boundary_is_read_whole():
    assert list(iter_json_array(io.StringIO("[12345, 678]"), chunk_size=3)) == [12345, 678]


def test_an_oversized_household_is_refused(monkeypatch):
    from benefits_checker import screening

    monkeypatch.setattr(screening, "MAX_HOUSEHOLD_CHARS", 100)
    with pytest.raises(MalformedInput):
        list(iter_json_array(io.StringIO('[{"id": "' + "x" * 1000), chunk_size=10))


@pytest.mark.parametrize(
    ("record", "error"),
    [
        ({"id": 1, "adults": [{"age": 15}]}, "adults[0].age must be from 16 to 120"),
        ({"id": 1, "adults": [{"age": 30, "lcwra": "yes"}]}, "adults[0].lcwra must be true"),
        ({"id": 1, "adults": [{"age": 30}], "children": [{"age": 20}]}, "from 0 to 19"),
        ({"id": 1, "adults": [{"age": 30}], "tenure": "private"}, "tenure must be"),
        ({"id": 1, "adults": [{"age": 30}], "savings": -1}, "savings"),
        ({"id": 1, "adults": [{"age": 30}], "savings": Decimal("1.234")}, "2 decimal places"),
        ({"id": 1, "adults": [{"age": 30}], "council_tax_band": "Z"}, "council_tax_band"),
        ({"id": 1, "adults": [{"age": 30}], "non_dependants": "two"}, "non_dependants"),
        ({"id": 1, "adults": [{"age": 30}], "bedrooms": 2.5}, "bedrooms must be a whole"),
        ({"id": 1, "adults": [{"age": 30}], "monthly_rent": Decimal("1e12")}, "under £10,000,000"),
        ({"id": 1, "adults": [{"age": 30}], "monthly_rent": 450.5}, "like 12.50"),  # no floats
    ],
)
def test_household_errors_name_the_field(record, error):
    with pytest.raises(InputError, match=error.replace("[", r"\[").replace("]", r"\]")):
        household_from_json(record)


def test_non_dependants_as_a_count_take_the_stated_defaults():
    household = household_from_json({"id": 1, "adults": [{"age": 30}], "non_dependants": 2})
    assert [(nd.age, nd.monthly_earnings) for nd in household.non_dependants] == [
        (30, 150_000),
        (30, 150_000),
    ]


def test_memory_stays_flat_on_a_large_caseload(tmp_path):
    """Peak RSS for 20,000 households is within a few MB of that for 500: nothing grows with
    the length of the list (the bounded caches of formatted amounts aside). Each run is a
    fresh process reporting its own peak (bench.engine.run_screen)."""

    def peak_rss_mb(count: int) -> float:
        source = tmp_path / f"h{count}.json"
        write_households(source, count)
        _, peak, message = run_screen_process(
            source, tmp_path / f"r{count}.json", settings="config.settings.test"
        )
        assert f"{count} households, 0 with errors" in message
        return peak

    small, large = peak_rss_mb(500), peak_rss_mb(20_000)
    with (tmp_path / "r20000.json").open() as fh:
        assert len(json.load(fh)) == 20_000
    assert large - small < 15, (small, large)
    assert large < 200
