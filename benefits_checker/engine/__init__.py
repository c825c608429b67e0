"""The benefits engine: pure Python, no Django, integer pence, rates from dated data files.

    from benefits_checker.engine import Adult, Household, calculate
    result = calculate(Household(adults=[Adult(age=30)], monthly_rent=40_000), on=date(2026, 5, 1))
    result.universal_credit  # 82490 (pence a month)
    result.explanation       # the working, line by line

See docs/benefits.md for the rules, their sources and what is not modelled.
"""

from .calculate import EngineError, bedrooms_allowed, calculate
from .household import (
    Adult,
    Child,
    CouncilTax,
    Household,
    NonDependant,
    WorkingAgeCtrScheme,
)
from .rates import Rates, RatesError, available_versions, load_rates, rates_for
from .result import BENEFIT_NAMES, BENEFITS, Flag, Help, Result, missing_out

__all__ = [
    "BENEFITS",
    "BENEFIT_NAMES",
    "Adult",
    "Child",
    "CouncilTax",
    "EngineError",
    "Flag",
    "Help",
    "Household",
    "NonDependant",
    "Rates",
    "RatesError",
    "Result",
    "WorkingAgeCtrScheme",
    "available_versions",
    "bedrooms_allowed",
    "calculate",
    "load_rates",
    "missing_out",
    "rates_for",
]
