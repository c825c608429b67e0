"""The working is kept as data (steps: a template key and numbers) and put into words only when
read. These tests hold the words to what the engine wrote before that change: the fixture was
captured from the engine that built its working as text, for 400 sample households that reach
every rule (samples.py), and every result must read byte for byte the same, with the same
amounts, flags, other help and notes."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from benefits_checker.engine import EngineError, calculate
from benefits_checker.engine.working import TEMPLATES, render, render_sections
from benefits_checker.screening import explanation, result_json

from .samples import household_from_dict, rendered

FIXTURE = Path(__file__).parent / "fixtures" / "working_sample.json"
CASES = json.loads(FIXTURE.read_text(encoding="utf-8"))


def _dump(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def _calculate(case):
    household = household_from_dict(case["household"])
    return calculate(household, on=dt.date.fromisoformat(case["on"]))


def test_the_fixture_covers_both_routes_and_every_section():
    routes = {case["result"]["amounts"][0] for case in CASES}
    sections = {section for case in CASES for section in case["result"]["working"]}
    assert routes == {"universal_credit", "pension_age"}
    assert sections == {
        "earnings",
        "universal_credit",
        "pension_credit",
        "housing_benefit",
        "council_tax_reduction",
        "child_benefit",
    }


@pytest.mark.parametrize("index", range(0, len(CASES), 50))
def test_the_working_reads_byte_for_byte_as_before(index):
    # Chunks of 50 cases, so a failure names a small range.
    for case in CASES[index : index + 50]:
        expected = case["result"]
        result = _calculate(case)
        assert _dump(rendered(result)) == _dump(expected), case["household"]
        lines = [line for section in expected["working"].values() for line in section]
        assert result.explanation == lines + expected["notes"]
        checks = [f"Check {title} ({amount}): {why}" for _, title, amount, why in expected["flags"]]
        assert explanation(result) == lines + expected["notes"] + checks


def test_every_template_is_used_by_the_sample_households():
    used = set()
    for case in CASES:
        result = _calculate(case)
        for steps in result.steps.values():
            used.update(step[0] for step in steps)
    assert used == set(TEMPLATES)


def test_the_working_is_data_until_it_is_read():
    case = next(case for case in CASES if "housing_benefit" in case["result"]["working"])
    result = _calculate(case)
    for steps in result.steps.values():
        for step in steps:
            assert isinstance(step, tuple) and step[0] in TEMPLATES
            assert all(isinstance(value, (int, str, tuple, type(None))) for value in step[1:])
    assert render_sections(result.steps) == result.working
    assert [render(step) for step in result.steps["housing_benefit"]] == (
        case["result"]["working"]["housing_benefit"]
    )


def test_the_screening_output_carries_the_rendered_working():
    case = CASES[0]
    result = _calculate(case)
    document = json.loads(result_json("x", result))
    assert document["explanation"] == explanation(result)


def test_the_fixture_households_still_calculate():
    # Guards the fixture's own round trip: every stored household builds and calculates.
    for case in CASES:
        try:
            _calculate(case)
        except EngineError:  # pragma: no cover - none of the samples is refused
            pytest.fail(f"sample refused: {case['household']}")


def test_remembered_words_stay_bounded_and_correct():
    from benefits_checker.engine import working

    for allowed in range(working._LIMIT + 10):
        text = render(("bedrooms", allowed, allowed + 1))
        assert text == f"Bedrooms: you are allowed {allowed} and have {allowed + 1}"
        assert len(working._SEEN) <= working._LIMIT
    assert render(("bedrooms", 2, 2)) == (
        "Bedrooms: you are allowed 2 and have 2, so there is no reduction for a spare bedroom"
    )
