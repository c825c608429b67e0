"""Dated rate tables: one JSON file per year in `rates/`, picked by date.

A file holds every amount the engine uses, each with the date it applies from, its source and a
confidence tag (see `docs/benefits.md`). Amounts are written in pounds as text and turned into
whole pence here, once, when the file is loaded; rates (14%, 55%) become exact fractions. The
engine then reads plain attributes of a `Rates` object, so nothing is parsed or looked up by
name per household.

Adding 2027/28 is adding `rates/2027-28.json` with the same keys: `rates_for(date)` picks the
newest file whose `valid_from` is on or before the date.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from functools import cache
from pathlib import Path

from .text import percent

RATES_DIR = Path(__file__).resolve().parent / "rates"


class RatesError(ValueError):
    """A rates file is missing, incomplete or not in the expected form."""


def _pence(text, key: str) -> int:
    try:
        amount = Decimal(str(text))
    except (InvalidOperation, TypeError) as exc:
        raise RatesError(f"{key}: {text!r} is not an amount in pounds") from exc
    pence = amount * 100
    if pence != pence.to_integral_value():
        raise RatesError(f"{key}: {text!r} has more than 2 decimal places")
    return int(pence)


def _date(text, key: str) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except (TypeError, ValueError) as exc:
        raise RatesError(f"{key}: {text!r} is not a date (YYYY-MM-DD)") from exc


# Every parameter the engine reads: file key -> (attribute, kind). Kinds: pence (an amount),
# rate (a Fraction), int, date (or None), bands (list of (below pence or None, pence)),
# optional_int (an int or None).
SCHEMA: dict[str, tuple[str, str]] = {
    "uc.standard_allowance.single_under_25": ("uc_sa_single_young", "pence"),
    "uc.standard_allowance.single_25_plus": ("uc_sa_single", "pence"),
    "uc.standard_allowance.couple_both_under_25": ("uc_sa_couple_young", "pence"),
    "uc.standard_allowance.couple_25_plus": ("uc_sa_couple", "pence"),
    "uc.standard_allowance.age_threshold": ("uc_sa_age", "int"),
    "uc.child.first_born_before_2017": ("uc_child_first", "pence"),
    "uc.child.other": ("uc_child", "pence"),
    "uc.child.higher_rate_born_before": ("uc_child_higher_born_before", "date"),
    "uc.child.limit": ("uc_child_limit", "optional_int"),
    "uc.child.qualifying_young_person_max_age": ("uc_qyp_max_age", "int"),
    "uc.disabled_child.lower": ("uc_disabled_child", "pence"),
    "uc.disabled_child.higher": ("uc_severely_disabled_child", "pence"),
    "uc.lcwra.protected": ("uc_lcwra", "pence"),
    "uc.lcwra.new_claim": ("uc_lcwra_new", "pence"),
    "uc.carer": ("uc_carer", "pence"),
    "uc.childcare.rate": ("uc_childcare_rate", "rate"),
    "uc.childcare.cap_one_child": ("uc_childcare_cap_one", "pence"),
    "uc.childcare.cap_two_plus": ("uc_childcare_cap_two", "pence"),
    "uc.work_allowance.with_housing": ("uc_wa_with_housing", "pence"),
    "uc.work_allowance.without_housing": ("uc_wa_without_housing", "pence"),
    "uc.taper": ("uc_taper", "rate"),
    "uc.capital.lower": ("uc_capital_lower", "pence"),
    "uc.capital.upper": ("uc_capital_upper", "pence"),
    "uc.capital.tariff_step": ("uc_tariff_step", "pence"),
    "uc.capital.tariff_per_step": ("uc_tariff_per_step", "pence"),
    "uc.housing.under_occupancy_one": ("uc_under_occupancy_one", "rate"),
    "uc.housing.under_occupancy_two_plus": ("uc_under_occupancy_two", "rate"),
    "uc.housing.non_dep_deduction": ("uc_ndd", "pence"),
    "uc.housing.non_dep_exempt_under_age": ("uc_ndd_exempt_under", "int"),
    "benefit_cap.london_family": ("cap_london_family", "pence"),
    "benefit_cap.london_single": ("cap_london_single", "pence"),
    "benefit_cap.elsewhere_family": ("cap_family", "pence"),
    "benefit_cap.elsewhere_single": ("cap_single", "pence"),
    "benefit_cap.earnings_hours": ("cap_earnings_hours", "int"),
    "national_living_wage": ("nlw", "pence"),
    "uc.budgeting_advance.minimum": ("ba_minimum", "pence"),
    "uc.budgeting_advance.max_single": ("ba_single", "pence"),
    "uc.budgeting_advance.max_couple": ("ba_couple", "pence"),
    "uc.budgeting_advance.max_with_children": ("ba_children", "pence"),
    "uc.budgeting_advance.earnings_limit_single": ("ba_earnings_single", "pence"),
    "uc.budgeting_advance.earnings_limit_couple": ("ba_earnings_couple", "pence"),
    "uc.budgeting_advance.savings_disregard": ("ba_savings_disregard", "pence"),
    "tax.personal_allowance": ("tax_pa", "pence"),
    "tax.personal_allowance_taper_from": ("tax_pa_taper_from", "pence"),
    "tax.basic_rate_band": ("tax_brb", "pence"),
    "tax.additional_rate_from": ("tax_additional_from", "pence"),
    "tax.basic_rate": ("tax_basic", "rate"),
    "tax.higher_rate": ("tax_higher", "rate"),
    "tax.additional_rate": ("tax_additional", "rate"),
    "tax.marriage_allowance": ("tax_marriage_allowance", "pence"),
    "ni.primary_threshold": ("ni_pt", "pence"),
    "ni.upper_earnings_limit": ("ni_uel", "pence"),
    "ni.main_rate": ("ni_main", "rate"),
    "ni.additional_rate": ("ni_additional", "rate"),
    "pc.standard_minimum_guarantee_single": ("pc_smg_single", "pence"),
    "pc.standard_minimum_guarantee_couple": ("pc_smg_couple", "pence"),
    "pc.severe_disability": ("pc_severe_disability", "pence"),
    "pc.carer": ("pc_carer", "pence"),
    "pc.child": ("pc_child", "pence"),
    "pc.child_first_born_before_2017": ("pc_child_first", "pence"),
    "pc.disabled_child": ("pc_disabled_child", "pence"),
    "pc.severely_disabled_child": ("pc_severely_disabled_child", "pence"),
    "pc.savings_credit.threshold_single": ("sc_threshold_single", "pence"),
    "pc.savings_credit.threshold_couple": ("sc_threshold_couple", "pence"),
    "pc.savings_credit.max_single": ("sc_max_single", "pence"),
    "pc.savings_credit.max_couple": ("sc_max_couple", "pence"),
    "pc.savings_credit.rate": ("sc_rate", "rate"),
    "pc.savings_credit.withdrawal": ("sc_withdrawal", "rate"),
    "pc.savings_credit.pension_age_before": ("sc_pension_age_before", "date"),
    "pc.capital.disregard": ("pc_capital_lower", "pence"),
    "pc.capital.tariff_step": ("pc_tariff_step", "pence"),
    "pc.capital.tariff_per_step": ("pc_tariff_per_step", "pence"),
    "pc.earnings_disregard_single": ("pc_disregard_single", "pence"),
    "pc.earnings_disregard_couple": ("pc_disregard_couple", "pence"),
    "pc.earnings_disregard_higher": ("pc_disregard_higher", "pence"),
    "state_pension.new_full": ("sp_new", "pence"),
    "state_pension.basic_full": ("sp_basic", "pence"),
    "hb.pa.single": ("hb_single", "pence"),
    "hb.pa.single_before_2021": ("hb_single_older", "pence"),
    "hb.pa.couple": ("hb_couple", "pence"),
    "hb.pa.couple_before_2021": ("hb_couple_older", "pence"),
    "hb.pa.higher_rate_pension_age_before": ("hb_older_before", "date"),
    "hb.child": ("hb_child", "pence"),
    "hb.premium.carer": ("hb_carer_premium", "pence"),
    "hb.premium.severe_disability": ("hb_severe_disability_premium", "pence"),
    "hb.premium.disabled_child": ("hb_disabled_child_premium", "pence"),
    "hb.premium.enhanced_disability_child": ("hb_enhanced_child_premium", "pence"),
    "hb.taper": ("hb_taper", "rate"),
    "hb.pa.capital.lower": ("hb_capital_lower", "pence"),
    "hb.pa.capital.upper": ("hb_capital_upper", "pence"),
    "hb.pa.capital.tariff_step": ("hb_tariff_step", "pence"),
    "hb.pa.capital.tariff_per_step": ("hb_tariff_per_step", "pence"),
    "hb.earnings_disregard_single": ("hb_disregard_single", "pence"),
    "hb.earnings_disregard_couple": ("hb_disregard_couple", "pence"),
    "hb.earnings_disregard_lone_parent": ("hb_disregard_lone_parent", "pence"),
    "hb.earnings_disregard_higher": ("hb_disregard_higher", "pence"),
    "hb.non_dep.bands": ("hb_ndd_bands", "bands"),
    "hb.non_dep.not_working": ("hb_ndd_not_working", "pence"),
    "ctr.pa.taper": ("ctr_taper", "rate"),
    "ctr.pa.capital.lower": ("ctr_capital_lower", "pence"),
    "ctr.pa.capital.upper": ("ctr_capital_upper", "pence"),
    "ctr.pa.capital.tariff_step": ("ctr_tariff_step", "pence"),
    "ctr.pa.capital.tariff_per_step": ("ctr_tariff_per_step", "pence"),
    "ctr.pa.non_dep.bands": ("ctr_ndd_bands", "bands"),
    "cb.eldest": ("cb_eldest", "pence"),
    "cb.other": ("cb_other", "pence"),
    "hicbc.start": ("hicbc_start", "pence"),
    "hicbc.end": ("hicbc_end", "pence"),
    "pip.daily_living_standard": ("pip_dl_standard", "pence"),
    "pip.daily_living_enhanced": ("pip_dl_enhanced", "pence"),
    "pip.mobility_standard": ("pip_mob_standard", "pence"),
    "pip.mobility_enhanced": ("pip_mob_enhanced", "pence"),
    "aa.lower": ("aa_lower", "pence"),
    "aa.higher": ("aa_higher", "pence"),
    "dla.care_lowest": ("dla_care_lowest", "pence"),
    "dla.care_middle": ("dla_care_middle", "pence"),
    "dla.care_highest": ("dla_care_highest", "pence"),
    "dla.mobility_lower": ("dla_mob_lower", "pence"),
    "dla.mobility_higher": ("dla_mob_higher", "pence"),
    "ca.amount": ("ca_amount", "pence"),
    "ca.earnings_limit": ("ca_earnings_limit", "pence"),
    "ca.hours": ("ca_hours", "int"),
    "whd.amount": ("whd_amount", "pence"),
    "healthy_start.pregnancy": ("hs_pregnancy", "pence"),
    "healthy_start.child_1_to_3": ("hs_child", "pence"),
    "healthy_start.child_under_1": ("hs_baby", "pence"),
    "healthy_start.uc_take_home_limit": ("hs_uc_limit", "pence"),
    "fsm.uc_earnings_limit": ("fsm_earnings_limit", "pence"),
    "fsm.all_uc_from": ("fsm_all_uc_from", "date"),
    "help_to_save.max_monthly": ("hts_max_monthly", "pence"),
    "help_to_save.max_bonus": ("hts_max_bonus", "pence"),
    "crf.from": ("crf_from", "date"),
    "watersure.children": ("watersure_children", "int"),
}


@dataclass(frozen=True, slots=True)
class Param:
    """One parameter as written in the file, for people: its value, date and source."""

    key: str
    value: object
    period: str | None
    valid_from: dt.date
    source: str
    confidence: str


class Rates:
    """One year's parameters as attributes (pence, Fractions, dates), plus derived values the
    hot path would otherwise recompute for every household."""

    version: str
    valid_from: dt.date
    year_start: dt.date
    params: dict[str, Param]

    def __init__(self, *, version, valid_from, year_start, params, values):
        self.version = version
        self.valid_from = valid_from
        self.year_start = year_start
        self.params = params
        for attribute, value in values.items():
            setattr(self, attribute, value)
        self._derive()

    def _derive(self) -> None:
        # Each rate also as whole numbers (numerator, denominator), and tax rates as whole
        # percentages: the hot path does integer arithmetic only.
        for attribute, kind in SCHEMA.values():
            if kind == "rate":
                rate = getattr(self, attribute)
                setattr(self, f"{attribute}_n", rate.numerator)
                setattr(self, f"{attribute}_d", rate.denominator)
                setattr(self, f"{attribute}_text", percent(rate.numerator, rate.denominator))
        for name in ("tax_basic", "tax_higher", "tax_additional"):
            whole = getattr(self, name) * 100
            if whole.denominator != 1:
                raise RatesError(f"{name} must be a whole percentage")
            setattr(self, f"{name}_pct", int(whole))
        # Benefit cap earnings exemption: 16 hours at the NLW, x 52 / 12 (UC Regs reg 82(1)(a)),
        # kept as an exact comparison: net monthly earnings x 12 >= hours x NLW x 52.
        self.cap_earnings_x12 = self.cap_earnings_hours * self.nlw * 52
        self.cap_earnings_threshold = (self.cap_earnings_x12 * 2 + 12) // 24  # to the penny
        # A child counts as born before the higher-rate date when their age on the first day of
        # the year is at least this (6 April 2026: age 10 or more, born before 6 April 2017).
        born_before = self.uc_child_higher_born_before
        self.uc_child_higher_min_age = (
            self.year_start.year
            - born_before.year
            + 1
            - (
                1
                if (self.year_start.month, self.year_start.day)
                < (born_before.month, born_before.day)
                else 0
            )
        )
        # Weekly amounts as monthly pence (x 52 / 12, rounded once).
        for name in ("cb_eldest", "cb_other", "ca_amount"):
            setattr(self, f"{name}_monthly", weekly_to_monthly(getattr(self, name)))
        self.ba_max = {
            "single": self.ba_single,
            "couple": self.ba_couple,
            "children": self.ba_children,
        }

    def __repr__(self) -> str:
        return f"<Rates {self.version} from {self.valid_from:%d %B %Y}>"


def weekly_to_monthly(weekly_pence: int) -> int:
    """Weekly x 52 / 12, rounded half up to the penny once (UC Sch 4 para 7(2) factors)."""
    return (weekly_pence * 52 * 2 + 12) // 24


def monthly_to_weekly(monthly_pence: int) -> int:
    """Monthly x 12 / 52 to the nearest penny (HB Regs reg 80: a monthly amount as a week)."""
    return (monthly_pence * 12 * 2 + 52) // 104


def _convert(key: str, kind: str, entry: dict):
    if kind == "pence":
        if "amount" not in entry:
            raise RatesError(f"{key}: needs an 'amount'")
        return _pence(entry["amount"], key)
    if kind == "rate":
        if "rate" not in entry:
            raise RatesError(f"{key}: needs a 'rate'")
        try:
            rate = Fraction(str(entry["rate"]))
        except (ValueError, ZeroDivisionError) as exc:
            raise RatesError(f"{key}: {entry['rate']!r} is not a rate") from exc
        if not 0 <= rate <= 1:
            raise RatesError(f"{key}: a rate must be between 0 and 1")
        return rate
    if kind == "bands":
        bands = entry.get("bands")
        if not isinstance(bands, list) or not bands or bands[-1][0] is not None:
            raise RatesError(f"{key}: bands must be a list ending with an open band [null, amount]")
        return tuple(
            (None if below is None else _pence(below, key), _pence(amount, key))
            for below, amount in bands
        )
    value = entry.get("value")
    if kind == "int":
        if not isinstance(value, int) or isinstance(value, bool):
            raise RatesError(f"{key}: needs a whole-number 'value'")
        return value
    if kind == "optional_int":
        if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
            raise RatesError(f"{key}: 'value' must be a whole number or null")
        return value
    if kind == "date":
        return _date(value, key)
    raise RatesError(f"{key}: unknown kind {kind}")  # pragma: no cover


def parse_rates(data: dict, *, name: str = "rates") -> Rates:
    """Check a rates document and build its `Rates`. Every parameter must say where it comes
    from and when it applies; a missing or unknown parameter is an error, not a default."""
    try:
        params_in = data["params"]
        version = data["version"]
        valid_from = _date(data["valid_from"], "valid_from")
        year_start = _date(data["year_start"], "year_start")
    except (KeyError, TypeError) as exc:
        raise RatesError(f"{name}: needs version, valid_from, year_start and params") from exc
    missing = sorted(set(SCHEMA) - set(params_in))
    unknown = sorted(set(params_in) - set(SCHEMA))
    if missing or unknown:
        raise RatesError(f"{name}: missing parameters {missing}; unknown parameters {unknown}")
    params: dict[str, Param] = {}
    values: dict[str, object] = {}
    for key, (attribute, kind) in SCHEMA.items():
        entry = params_in[key]
        for needed in ("valid_from", "source", "confidence"):
            if not entry.get(needed):
                raise RatesError(f"{name}: {key} has no {needed}")
        value = _convert(key, kind, entry)
        values[attribute] = value
        params[key] = Param(
            key=key,
            value=value,
            period=entry.get("period"),
            valid_from=_date(entry["valid_from"], key),
            source=entry["source"],
            confidence=entry["confidence"],
        )
    return Rates(
        version=version,
        valid_from=valid_from,
        year_start=year_start,
        params=params,
        values=values,
    )


@cache
def load_rates(version: str) -> Rates:
    """The rates file `rates/<version>.json`, parsed once per process."""
    path = RATES_DIR / f"{version}.json"
    if not path.is_file():
        raise RatesError(f"There is no rates file for {version}")
    with path.open(encoding="utf-8") as fh:
        return parse_rates(json.load(fh), name=path.name)


@cache
def _index() -> tuple[tuple[dt.date, str], ...]:
    entries = []
    for path in RATES_DIR.glob("*.json"):
        with path.open(encoding="utf-8") as fh:
            data = json.load(fh)
        entries.append((_date(data["valid_from"], path.name), path.stem))
    return tuple(sorted(entries))


def available_versions() -> list[str]:
    return [version for _, version in _index()]


def rates_for(on: dt.date) -> Rates:
    """The rates in force on a date: the newest file whose valid_from is on or before it."""
    chosen = None
    for valid_from, version in _index():
        if valid_from <= on:
            chosen = version
    if chosen is None:
        raise RatesError(f"There are no rates for {on:%d %B %Y}")
    return load_rates(chosen)
