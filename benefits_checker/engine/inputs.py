"""A household from the caseload screening JSON (docs/interfaces.md), checked field by field.

Money arrives as JSON numbers (decoded as Decimal, never float) or as text, in pounds with up
to 2 decimal places. Anything the engine cannot use raises `InputError` with a reason that
names the field, so one bad household is reported and the rest carry on.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from portal.money import MoneyError, decimal_pounds_to_pence, parse_pounds

from .household import (
    AA,
    DLA_CARE,
    PIP_DAILY_LIVING,
    Adult,
    Child,
    CouncilTax,
    Household,
    NonDependant,
)

MAX_POUNDS = 10_000_000_00  # £10 million in pence: anything above is a mistake
BANDS = frozenset("ABCDEFGHI")
TENURES = frozenset({"social", "council", "housing_association"})
SEXES = frozenset({"F", "M"})
DEFAULT_NON_DEPENDANT = {"age": 30, "monthly_earnings": 150_000}

ADULT_FIELDS = frozenset(
    {
        "age",
        "date_of_birth",
        "sex",
        "monthly_earnings",
        "lcwra",
        "lcwra_new_claimant",
        "carer",
        "carers_allowance",
        "monthly_state_pension",
        "monthly_private_pension",
        "monthly_other_income",
        "pip_daily_living",
        "pip_mobility",
        "dla_care",
        "attendance_allowance",
        "blind",
        "health_condition",
    }
)
CHILD_FIELDS = frozenset(
    {
        "age",
        "date_of_birth",
        "disabled",
        "severely_disabled",
        "sex",
        "needs_own_room",
        "disability_no_benefit",
    }
)
NON_DEPENDANT_FIELDS = frozenset(
    {
        "age",
        "monthly_earnings",
        "pension_credit",
        "care_benefit",
        "carers_allowance",
        "child_under_5",
        "on_means_tested_benefit_no_earnings",
    }
)
HOUSEHOLD_FIELDS = frozenset(
    {
        "id",
        "adults",
        "children",
        "monthly_rent",
        "tenure",
        "bedrooms",
        "non_dependants",
        "savings",
        "married",
        "monthly_childcare",
        "council_tax_band",
        "annual_council_tax",
        "london",
        "nation",
        "pregnant",
        "overnight_carer",
        "foster_carer",
        "couple_cannot_share",
    }
)


class InputError(ValueError):
    """This household cannot be estimated; the message says which field and why."""


def _money(obj: dict, key: str, where: str, *, default: int = 0) -> int:
    value = obj.get(key)
    if value is None:
        return default
    if isinstance(value, bool):
        raise InputError(f"{where}{key} must be an amount in pounds, like 450.00")
    try:
        if type(value) is int:  # whole pounds (often 0): exact without Decimal
            pence = value * 100
        elif isinstance(value, (int, Decimal)):
            pence = decimal_pounds_to_pence(Decimal(value))
        elif isinstance(value, str):
            pence = parse_pounds(value)
        else:
            raise MoneyError("Enter an amount in pounds and pence, like 12.50")
    except MoneyError as exc:
        raise InputError(f"{where}{key}: {str(exc)[0].lower()}{str(exc)[1:]}") from None
    if pence < 0:
        raise InputError(f"{where}{key} must be 0 or more")
    if pence > MAX_POUNDS:
        raise InputError(f"{where}{key} must be under £10,000,000")
    return pence


def _bool(obj: dict, key: str, where: str) -> bool:
    value = obj.get(key, False)
    if value is None:
        return False
    if not isinstance(value, bool):
        raise InputError(f"{where}{key} must be true or false")
    return value


def _int(obj: dict, key: str, where: str, *, low: int, high: int, default=None) -> int:
    value = obj.get(key, default)
    if value is None:
        raise InputError(f"{where}{key} is missing")
    if isinstance(value, bool) or not isinstance(value, int):
        if isinstance(value, Decimal) and value == value.to_integral_value():
            value = int(value)
        else:
            raise InputError(f"{where}{key} must be a whole number")
    if not low <= value <= high:
        raise InputError(f"{where}{key} must be from {low} to {high}")
    return value


def _choice(obj: dict, key: str, where: str, choices) -> str | None:
    value = obj.get(key)
    if value is None or value is False:
        return None
    if value not in choices:
        raise InputError(f"{where}{key} must be one of {', '.join(sorted(choices))}")
    return value


def _date(obj: dict, key: str, where: str) -> dt.date | None:
    value = obj.get(key)
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise InputError(f"{where}{key} must be a date like 1985-03-27") from None


def _check_fields(obj, allowed: frozenset, where: str) -> None:
    if not isinstance(obj, dict):
        raise InputError(f"{where.rstrip(': ') or 'household'} must be a JSON object")
    unknown = [key for key in obj if key not in allowed]
    if unknown:
        names = ", ".join(sorted(map(str, unknown)))
        raise InputError(f"{where}unknown field{'s' if len(unknown) > 1 else ''} {names}")


def _adult(obj, index: int) -> Adult:
    where = f"adults[{index}]."
    _check_fields(obj, ADULT_FIELDS, where)
    born = _date(obj, "date_of_birth", where)
    age = None if born and "age" not in obj else _int(obj, "age", where, low=16, high=120)
    return Adult(
        age=age,
        date_of_birth=born,
        sex=_choice(obj, "sex", where, SEXES),
        monthly_earnings=_money(obj, "monthly_earnings", where),
        lcwra=_bool(obj, "lcwra", where),
        lcwra_new_claimant=_bool(obj, "lcwra_new_claimant", where),
        carer=_bool(obj, "carer", where),
        carers_allowance=_bool(obj, "carers_allowance", where),
        monthly_state_pension=_money(obj, "monthly_state_pension", where),
        monthly_private_pension=_money(obj, "monthly_private_pension", where),
        monthly_other_unearned=_money(obj, "monthly_other_income", where),
        pip_daily_living=_choice(obj, "pip_daily_living", where, PIP_DAILY_LIVING),
        pip_mobility=_choice(obj, "pip_mobility", where, PIP_DAILY_LIVING),
        dla_care=_choice(obj, "dla_care", where, DLA_CARE),
        attendance_allowance=_choice(obj, "attendance_allowance", where, AA),
        blind=_bool(obj, "blind", where),
        health_condition=_bool(obj, "health_condition", where),
    )


def _child(obj, index: int) -> Child:
    where = f"children[{index}]."
    _check_fields(obj, CHILD_FIELDS, where)
    born = _date(obj, "date_of_birth", where)
    age = None if born and "age" not in obj else _int(obj, "age", where, low=0, high=19)
    return Child(
        age=age,
        date_of_birth=born,
        disabled=_bool(obj, "disabled", where),
        severely_disabled=_bool(obj, "severely_disabled", where),
        sex=_choice(obj, "sex", where, SEXES),
        needs_own_room=_bool(obj, "needs_own_room", where),
        disability_no_benefit=_bool(obj, "disability_no_benefit", where),
    )


def _non_dependants(value) -> list[NonDependant]:
    if value is None:
        return []
    if isinstance(value, int) and not isinstance(value, bool):
        if not 0 <= value <= 20:
            raise InputError("non_dependants must be from 0 to 20")
        return [NonDependant(**DEFAULT_NON_DEPENDANT) for _ in range(value)]
    if not isinstance(value, list):
        raise InputError("non_dependants must be a number or a list of people")
    if len(value) > 20:
        raise InputError("non_dependants must list 20 people or fewer")
    people = []
    for index, obj in enumerate(value):
        where = f"non_dependants[{index}]."
        _check_fields(obj, NON_DEPENDANT_FIELDS, where)
        people.append(
            NonDependant(
                age=_int(obj, "age", where, low=16, high=120),
                monthly_earnings=_money(obj, "monthly_earnings", where),
                pension_credit=_bool(obj, "pension_credit", where),
                care_benefit=_bool(obj, "care_benefit", where),
                carers_allowance=_bool(obj, "carers_allowance", where),
                child_under_5=_bool(obj, "child_under_5", where),
                on_means_tested_benefit_no_earnings=_bool(
                    obj, "on_means_tested_benefit_no_earnings", where
                ),
            )
        )
    return people


def household_from_json(obj, *, council_tax: CouncilTax | None = None) -> Household:
    """Build a `Household` from one screening record, or raise InputError saying why not.

    `council_tax` carries the council's band charges and working-age scheme (from
    `--council-tax`); a record's own `annual_council_tax` takes precedence over the band.
    """
    _check_fields(obj, HOUSEHOLD_FIELDS, "")
    adults_in = obj.get("adults")
    if not isinstance(adults_in, list) or not 1 <= len(adults_in) <= 2:
        raise InputError("adults must be a list of 1 or 2 people")
    adults = [_adult(adult, index) for index, adult in enumerate(adults_in)]
    children_in = obj.get("children") or []
    if not isinstance(children_in, list):
        raise InputError("children must be a list")
    if len(children_in) > 20:
        raise InputError("children must list 20 children or fewer")
    children = [_child(child, index) for index, child in enumerate(children_in)]
    tenure = obj.get("tenure", "social")
    if tenure not in TENURES:
        raise InputError("tenure must be social, council or housing_association")
    band = obj.get("council_tax_band")
    if band is not None and (not isinstance(band, str) or band.upper() not in BANDS):
        raise InputError("council_tax_band must be a letter from A to H (I in Wales)")
    nation = obj.get("nation", "england")
    if nation not in ("england", "wales", "scotland"):
        raise InputError("nation must be england, wales or scotland")
    annual = obj.get("annual_council_tax")
    ct = council_tax
    if annual is not None:
        ct = CouncilTax(
            annual_bill=_money(obj, "annual_council_tax", ""),
            band_charges=council_tax.band_charges if council_tax else None,
            working_age_scheme=council_tax.working_age_scheme if council_tax else None,
            council_name=council_tax.council_name if council_tax else None,
        )
    return Household(
        adults=adults,
        children=children,
        monthly_rent=_money(obj, "monthly_rent", ""),
        tenure=tenure,
        bedrooms=_int(obj, "bedrooms", "", low=0, high=20, default=1),
        non_dependants=_non_dependants(obj.get("non_dependants")),
        savings=_money(obj, "savings", ""),
        married=_bool(obj, "married", ""),
        monthly_childcare=_money(obj, "monthly_childcare", ""),
        council_tax_band=band.upper() if band else None,
        council_tax=ct,
        london=_bool(obj, "london", ""),
        nation=nation,
        pregnant=_bool(obj, "pregnant", ""),
        overnight_carer=_bool(obj, "overnight_carer", ""),
        foster_carer=_bool(obj, "foster_carer", ""),
        couple_cannot_share=_bool(obj, "couple_cannot_share", ""),
    )
