"""Matching the grants catalogue against a household (pure: no database)."""

import datetime as dt
from dataclasses import dataclass

import pytest

from benefits_checker.engine import Adult, Child, Household, calculate
from benefits_checker.grants import match_grants

ON = dt.date(2026, 10, 1)


@dataclass
class Scheme:
    name: str
    requires_universal_credit: bool = False
    requires_means_tested_benefit: bool = False
    pension_age: str = "any"
    requires_disability: bool = False
    requires_children: bool = False
    areas: str = ""
    tenure: str = "any"

    @property
    def area_prefixes(self):
        return [part.strip().upper() for part in self.areas.split(",") if part.strip()]


def matched(household, schemes, *, postcode="M14 5RQ", tenure="housing_association"):
    result = calculate(household, on=ON)
    found = match_grants(
        schemes, household=household, result=result, postcode=postcode, tenure=tenure
    )
    return [scheme.name for scheme in found]


SCHEMES = [
    Scheme("anyone"),
    Scheme("uc", requires_universal_credit=True),
    Scheme("means", requires_means_tested_benefit=True),
    Scheme("pensioners", pension_age="only"),
    Scheme("working age", pension_age="working_age"),
    Scheme("disability", requires_disability=True),
    Scheme("children", requires_children=True),
    Scheme("manchester", areas="M"),
    Scheme("m1 only", areas="M1"),
    Scheme("m14", areas="SK4, M14"),
    Scheme("council tenants", tenure="council"),
]


def test_a_working_age_parent_on_uc():
    household = Household(adults=[Adult(age=30)], children=[Child(age=4)], monthly_rent=50_000)
    assert matched(household, SCHEMES) == [
        "anyone",
        "uc",
        "means",
        "working age",
        "children",
        "manchester",
        "m14",
    ]


def test_a_pensioner_with_a_condition_elsewhere():
    household = Household(adults=[Adult(age=75, health_condition=True)], monthly_rent=40_000)
    assert matched(household, SCHEMES, postcode="SK4 1AA", tenure="council") == [
        "anyone",
        "means",
        "pensioners",
        "disability",
        "m14",
        "council tenants",
    ]


@pytest.mark.parametrize(
    ("postcode", "areas", "expected"),
    [("SW1A 1AA", "SW", True), ("SW1A 1AA", "SW1A", True), ("MK9 1AA", "M", False)],
)
def test_postcode_areas(postcode, areas, expected):
    household = Household(adults=[Adult(age=30)])
    names = matched(household, [Scheme("x", areas=areas)], postcode=postcode)
    assert (names == ["x"]) is expected
