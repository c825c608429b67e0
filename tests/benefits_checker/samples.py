"""Sample households for the "the working reads the same" check, and their JSON form.

`sample_cases(count, seed)` makes households that reach every rule and every line of working
(both routes, every rates file, both kinds of council scheme, every nation, earnings from none
to the additional rate, disability benefits, non-dependants, savings around each limit). The
households are stored with their rendered working in `fixtures/working_sample.json`, so the
fixture does not depend on this generator staying the same; `household_to_json` and
`household_from_dict` turn a `Household` into plain JSON and back.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random

from benefits_checker.engine import (
    Adult,
    Child,
    CouncilTax,
    Household,
    NonDependant,
    WorkingAgeCtrScheme,
)
from benefits_checker.engine.council_tax import load_council_tax

DATES = (
    dt.date(2026, 1, 15),  # 2025/26 rates: the two-child limit
    dt.date(2026, 5, 1),
    dt.date(2026, 10, 1),  # after free school meals for every UC family (September 2026)
    dt.date(2027, 2, 1),
)

TAPER_SCHEME = CouncilTax(
    band_charges={"A": 120_000, "B": 140_000, "C": 160_000, "D": 180_000, "E": 220_000},
    working_age_scheme=WorkingAgeCtrScheme(
        name="Taper Borough Council scheme",
        kind="taper",
        max_percent=80,
        band_cap="C",
        capital_limit=1_000_000,
        non_dep_deduction_weekly=300,
        minimum_award_weekly=50,
        taper_percent=20,
        allowance_single=45_000,
        allowance_couple=70_000,
        allowance_per_child=30_000,
    ),
    council_name="Taper Borough Council",
)


def _money(rng: random.Random, low: int, high: int, zero: float = 0.0) -> int:
    """Pence between £low and £high, or 0 with probability `zero`."""
    if zero and rng.random() < zero:
        return 0
    return rng.randint(low * 100, high * 100)


def _adult(rng: random.Random, pensioner: bool) -> Adult:
    if rng.random() < 0.25:
        # An exact date of birth, as the web check has: around the State Pension age lines.
        born = dt.date(rng.randint(1930, 2008), rng.randint(1, 12), rng.randint(1, 28))
        if pensioner:
            born = dt.date(rng.randint(1935, 1962), rng.randint(1, 12), rng.randint(1, 28))
        age = None
    else:
        born = None
        age = rng.randint(60, 95) if pensioner else rng.randint(16, 70)
    earning = rng.random() < (0.15 if pensioner else 0.5)
    return Adult(
        age=age,
        date_of_birth=born,
        sex=rng.choice(["F", "M", None]),
        monthly_earnings=(
            rng.choice([_money(rng, 50, 1000), _money(rng, 1000, 4000), _money(rng, 4000, 15000)])
            if earning
            else 0
        ),
        lcwra=rng.random() < 0.15,
        lcwra_new_claimant=rng.random() < 0.3,
        carer=rng.random() < 0.12,
        carers_allowance=rng.random() < 0.08,
        monthly_state_pension=_money(rng, 300, 1200) if pensioner or rng.random() < 0.05 else 0,
        monthly_private_pension=_money(rng, 20, 2500) if rng.random() < 0.2 else 0,
        monthly_other_unearned=_money(rng, 20, 600) if rng.random() < 0.08 else 0,
        pip_daily_living=rng.choice([None] * 8 + ["standard", "enhanced"]),
        pip_mobility=rng.choice([None] * 9 + ["standard", "enhanced"]),
        dla_care=rng.choice([None] * 14 + ["lowest", "middle", "highest"]),
        attendance_allowance=rng.choice([None] * 8 + ["lower", "higher"]) if pensioner else None,
        blind=rng.random() < 0.03,
        health_condition=rng.random() < 0.2,
        cared_for_by_carers_allowance=rng.random() < 0.05,
    )


def _child(rng: random.Random) -> Child:
    dated = rng.random() < 0.2
    return Child(
        age=None if dated else rng.randint(0, 19),
        date_of_birth=(
            dt.date(rng.randint(2007, 2026), rng.randint(1, 12), rng.randint(1, 28))
            if dated
            else None
        ),
        disabled=rng.random() < 0.08,
        severely_disabled=rng.random() < 0.03,
        sex=rng.choice(["F", "M", "F", "M", None]),
        needs_own_room=rng.random() < 0.03,
        disability_no_benefit=rng.random() < 0.06,
    )


def _non_dependant(rng: random.Random) -> NonDependant:
    return NonDependant(
        age=rng.randint(16, 80),
        monthly_earnings=rng.choice([0, _money(rng, 50, 600), _money(rng, 600, 4000)]),
        pension_credit=rng.random() < 0.08,
        care_benefit=rng.random() < 0.08,
        carers_allowance=rng.random() < 0.05,
        child_under_5=rng.random() < 0.05,
        on_means_tested_benefit_no_earnings=rng.random() < 0.1,
    )


def sample_household(rng: random.Random, example: CouncilTax) -> Household:
    pensioner = rng.random() < 0.3
    couple = rng.random() < 0.45
    adults = [_adult(rng, pensioner)]
    if couple:
        # Some mixed-age couples.
        adults.append(_adult(rng, pensioner if rng.random() < 0.8 else not pensioner))
    children = []
    if rng.random() < (0.15 if pensioner else 0.55):
        children = [_child(rng) for _ in range(rng.choice([1, 1, 2, 2, 3, 4, 6]))]
    council_tax = rng.choice(
        [None, None, example, example, TAPER_SCHEME, CouncilTax(annual_bill=_money(rng, 900, 3000))]
    )
    return Household(
        adults=adults,
        children=children,
        monthly_rent=rng.choice([0, _money(rng, 250, 1100), _money(rng, 300, 700)]),
        tenure=rng.choice(["social", "council", "housing_association"]),
        bedrooms=rng.randint(0, 6),
        non_dependants=(
            [_non_dependant(rng) for _ in range(rng.randint(1, 3))] if rng.random() < 0.2 else []
        ),
        savings=rng.choice(
            [0, 0, _money(rng, 0, 6000), _money(rng, 6000, 16000), _money(rng, 9000, 40000)]
        ),
        married=couple and rng.random() < 0.5,
        monthly_childcare=_money(rng, 50, 2000) if children and rng.random() < 0.2 else 0,
        council_tax_band=rng.choice([None, "A", "B", "C", "D", "E"]),
        council_tax=council_tax,
        london=rng.random() < 0.2,
        nation=rng.choice(["england"] * 6 + ["wales", "scotland"]),
        overnight_carer=rng.random() < 0.04,
        foster_carer=rng.random() < 0.03,
        couple_cannot_share=couple and rng.random() < 0.04,
        pregnant=rng.random() < 0.06,
        metered_water=rng.random() < 0.3,
        water_medical_condition=rng.random() < 0.05,
        months_on_uc=rng.choice([None, None, 2, 12]),
    )


def sample_cases(count: int, *, seed: int = 5):
    """Yield (household, date) pairs, reproducibly."""
    rng = random.Random(seed)
    example = load_council_tax()
    for _ in range(count):
        yield sample_household(rng, example), rng.choice(DATES)


def _plain(value):
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    return value


def _lean(obj) -> dict:
    """A dataclass's fields that differ from their defaults, as plain JSON."""
    out = {}
    for item in dataclasses.fields(obj):
        value = getattr(obj, item.name)
        if item.default is not dataclasses.MISSING and value == item.default:
            continue
        if item.default_factory is not dataclasses.MISSING and value == item.default_factory():
            continue
        if dataclasses.is_dataclass(value):
            value = _lean(value)
        elif isinstance(value, list):
            value = [_lean(each) if dataclasses.is_dataclass(each) else each for each in value]
        out[item.name] = _plain(value)
    return out


def household_to_json(household: Household) -> dict:
    return _lean(household)


def _dated(data: dict) -> dict:
    born = data.get("date_of_birth")
    return {**data, "date_of_birth": dt.date.fromisoformat(born) if born else None}


def household_from_dict(data: dict) -> Household:
    """The inverse of `household_to_json`."""
    council_tax = data.get("council_tax")
    if council_tax is not None:
        scheme = council_tax.get("working_age_scheme")
        if scheme is not None:
            scheme = WorkingAgeCtrScheme(
                **{
                    **scheme,
                    "bands": {
                        kind: tuple(tuple(band) for band in bands)
                        for kind, bands in scheme.get("bands", {}).items()
                    },
                }
            )
        council_tax = CouncilTax(**{**council_tax, "working_age_scheme": scheme})
    return Household(
        **{
            **data,
            "adults": [Adult(**_dated(adult)) for adult in data["adults"]],
            "children": [Child(**_dated(child)) for child in data.get("children", [])],
            "non_dependants": [NonDependant(**nd) for nd in data.get("non_dependants", [])],
            "council_tax": council_tax,
        }
    )


AMOUNT_FIELDS = (
    "route",
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
    "uc_maximum",
    "uc_work_allowance",
    "uc_earnings_deduction",
    "uc_unearned_income",
    "uc_capital_income",
    "uc_benefit_cap_reduction",
    "benefit_cap_exempt",
    "housing_benefit",
    "housing_benefit_weekly",
    "pension_credit",
    "guarantee_credit_weekly",
    "savings_credit_weekly",
    "child_benefit",
    "council_tax_reduction",
    "hicbc_annual",
    "gross_earnings",
    "net_earnings",
    "income_tax",
    "national_insurance",
    "bedrooms_allowed",
    "spare_bedrooms",
)


def _item(item) -> list[str]:
    # how_to_claim and url come from claiming.HOW_TO_CLAIM by key, so the key stands for them.
    return [item.key, item.title, item.amount, item.why]


def rendered(result) -> dict:
    """Everything a person reads from a result, as words, and every amount (in the order of
    AMOUNT_FIELDS). The explanation
    (the working, then the notes) and the screening's explanation (that, then a line for each
    flag) are made from these, so the fixture holds them once."""
    return {
        "amounts": [getattr(result, name) for name in AMOUNT_FIELDS],
        "working": result.working,
        "notes": result.notes,
        "flags": [_item(flag) for flag in result.flags],
        "other_help": [_item(item) for item in result.other_help],
    }


def build_fixture(count: int = 400, *, seed: int = 5) -> list[dict]:
    """The fixture's content: each sample household, its date and what it renders to.

    Regenerate `fixtures/working_sample.json` only when the working is meant to change
    (`python -m tests.benefits_checker.samples`): it is one case a line.
    """
    from benefits_checker.engine import EngineError, calculate

    cases = []
    for household, on in sample_cases(count, seed=seed):
        case = {"on": on.isoformat(), "household": household_to_json(household)}
        try:
            case["result"] = rendered(calculate(household, on=on))
        except EngineError as exc:
            case["error"] = str(exc)
        cases.append(case)
    return cases


def write_fixture(path: str = "tests/benefits_checker/fixtures/working_sample.json") -> None:
    import json

    with open(path, "w", encoding="utf-8") as fh:
        fh.write("[\n")
        fh.write(",\n".join(json.dumps(case, ensure_ascii=False) for case in build_fixture()))
        fh.write("\n]\n")


if __name__ == "__main__":
    write_fixture()
