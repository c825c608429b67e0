"""Rates are dated data files: every amount has a date and a source, and the file in force is
picked by date."""

import datetime as dt
import json
import shutil
import subprocess
import sys

import pytest

from benefits_checker.engine import rates as rates_module
from benefits_checker.engine.pension_age import (
    age_on,
    assumed_birth_date,
    reached_before,
    state_pension_age_date,
)
from benefits_checker.engine.rates import (
    SCHEMA,
    RatesError,
    available_versions,
    load_rates,
    parse_rates,
    rates_for,
)


def _document(version="2026-27"):
    with (rates_module.RATES_DIR / f"{version}.json").open() as fh:
        return json.load(fh)


@pytest.mark.parametrize("version", ["2025-26", "2026-27"])
def test_every_parameter_has_a_date_a_source_and_a_confidence_tag(version):
    document = _document(version)
    assert set(document["params"]) == set(SCHEMA)
    for key, entry in document["params"].items():
        assert entry["valid_from"], key
        assert len(entry["source"]) > 10, key
        assert entry["confidence"] in {"C1", "C2", "D", "D/U", "C1+D", "C1/U", "C2/U"}, key
        if "amount" in entry:
            assert isinstance(entry["amount"], str), f"{key}: amounts are text, never floats"


@pytest.mark.parametrize(
    ("on", "version"),
    [
        (dt.date(2025, 4, 7), "2025-26"),
        (dt.date(2026, 4, 5), "2025-26"),
        (dt.date(2026, 4, 6), "2026-27"),
        (dt.date(2027, 1, 31), "2026-27"),
    ],
)
def test_the_file_in_force_on_a_date_is_picked(on, version):
    assert rates_for(on).version == version


def test_there_are_no_rates_before_the_first_file():
    with pytest.raises(RatesError):
        rates_for(dt.date(2020, 1, 1))


def test_adding_a_year_is_adding_a_file(tmp_path, monkeypatch):
    for path in rates_module.RATES_DIR.glob("*.json"):
        shutil.copy(path, tmp_path / path.name)
    document = _document()
    document["version"] = "2027-28"
    document["valid_from"] = "2027-04-06"
    document["year_start"] = "2027-04-06"
    document["params"]["uc.standard_allowance.single_25_plus"]["amount"] = "450.00"
    (tmp_path / "2027-28.json").write_text(json.dumps(document))
    monkeypatch.setattr(rates_module, "RATES_DIR", tmp_path)
    rates_module._index.cache_clear()
    rates_module.load_rates.cache_clear()
    try:
        assert available_versions() == ["2025-26", "2026-27", "2027-28"]
        assert rates_for(dt.date(2027, 5, 1)).uc_sa_single == 45000
        assert rates_for(dt.date(2027, 5, 1)).uc_child_higher_min_age == 11
    finally:
        rates_module._index.cache_clear()
        rates_module.load_rates.cache_clear()


def test_a_missing_parameter_is_an_error_not_a_default():
    document = _document()
    del document["params"]["uc.carer"]
    with pytest.raises(RatesError, match="uc.carer"):
        parse_rates(document)


def test_a_parameter_without_a_source_is_refused():
    document = _document()
    document["params"]["uc.carer"]["source"] = ""
    with pytest.raises(RatesError, match="no source"):
        parse_rates(document)


def test_amounts_with_fractions_of_a_penny_are_refused():
    document = _document()
    document["params"]["uc.carer"]["amount"] = "209.345"
    with pytest.raises(RatesError, match="2 decimal places"):
        parse_rates(document)


def test_loaded_amounts_are_whole_pence_and_derived_values_are_right():
    rates = load_rates("2026-27")
    assert rates.uc_sa_single == 42490
    assert rates.uc_taper_n / rates.uc_taper_d == 0.55
    assert rates.cap_earnings_threshold == 88123  # 16 x £12.71 x 52 / 12 = £881.23
    assert rates.uc_child_higher_min_age == 10
    assert rates.cb_eldest_monthly == 11722  # £27.05 x 52 / 12
    assert rates.params["uc.carer"].source.startswith("PE")


def test_the_protected_lcwra_rate_follows_from_the_published_amounts():
    old, new = load_rates("2025-26"), load_rates("2026-27")
    # (400.14 + 423.27) x 1.038 - 424.90 = 429.80
    assert round((old.uc_sa_single + old.uc_lcwra) * 1.038) - new.uc_sa_single == new.uc_lcwra


def test_the_engine_imports_no_django():
    code = (
        "import sys, datetime; import benefits_checker.engine as e;"
        "e.calculate(e.Household(adults=[e.Adult(age=30)]), on=datetime.date(2026, 5, 1));"
        "print('django' in sys.modules)"
    )
    out = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd="."
    )
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize(
    ("born", "spa"),
    [
        (dt.date(1955, 1, 1), dt.date(2021, 1, 1)),  # 66
        (dt.date(1960, 4, 5), dt.date(2026, 4, 5)),  # the last of the 66s
        (dt.date(1960, 4, 6), dt.date(2026, 5, 6)),  # 66 and 1 month
        (dt.date(1960, 5, 5), dt.date(2026, 6, 5)),  # 66 and 1 month
        (dt.date(1960, 5, 6), dt.date(2026, 7, 6)),  # 66 and 2 months
        (dt.date(1961, 3, 5), dt.date(2028, 2, 5)),  # 66 and 11 months
        (dt.date(1961, 3, 6), dt.date(2028, 3, 6)),  # 67
        (dt.date(1970, 2, 28), dt.date(2037, 2, 28)),
        (dt.date(1980, 1, 1), dt.date(2048, 1, 1)),  # 68
    ],
)
def test_state_pension_age_from_date_of_birth(born, spa):
    assert state_pension_age_date(born) == spa


def test_a_29_february_birthday_falls_on_28_february():
    assert state_pension_age_date(dt.date(1964, 2, 29)) == dt.date(2031, 2, 28)


def test_ages_and_assumed_birth_dates():
    start = dt.date(2026, 4, 6)
    assert age_on(dt.date(1960, 4, 6), start) == 66
    born = assumed_birth_date(66, start)
    assert born == dt.date(1959, 4, 7)
    assert age_on(born, start) == 66


def test_pension_age_lines_for_savings_credit_and_the_older_hb_allowance():
    assert reached_before(dt.date(1951, 4, 5), dt.date(2016, 4, 6))
    assert not reached_before(dt.date(1951, 4, 6), dt.date(2016, 4, 6))
    assert reached_before(dt.date(1953, 4, 5), dt.date(2016, 4, 6), sex="F")
    assert reached_before(dt.date(1955, 3, 31), dt.date(2021, 4, 1))
    assert not reached_before(dt.date(1955, 4, 1), dt.date(2021, 4, 1))


def test_the_engines_fast_money_words_match_the_one_formatter():
    from benefits_checker.engine.text import fmt
    from portal.money import format_pence

    for pence in [*range(0, 100_500, 7), 123_456_789, -1, -250]:
        assert fmt(pence) == format_pence(pence)
