"""What the engine needs to know about a household. Plain data: money in whole pence a month
(unless a name says otherwise), ages in whole years, dates where we have them.

A person may carry an exact date of birth (the web check, from the tenancy) or only an age
(caseload screening). With only an age, the age is the age on the first day of the rates year
(6 April 2026 for 2026/27), and:
- a child counts as born before 6 April 2017 when that age is 10 or more (2026/27);
- an adult is taken as born on the earliest date that age allows (the day after their
  birthday would make them a year older), which places people turning 66 this year on the
  right side of the State Pension age line as often as an age alone can.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

# Disability benefits a person may already get (the gateways: benefit cap exemption, no
# non-dependant deductions, the severe disability additions, the carer element for whoever
# cares for them).
PIP_DAILY_LIVING = ("standard", "enhanced")
DLA_CARE = ("lowest", "middle", "highest")
AA = ("lower", "higher")


@dataclass(slots=True)
class Adult:
    """The claimant or their partner."""

    age: int | None = None
    date_of_birth: dt.date | None = None
    sex: str | None = None  # "F" or "M": only used for the old (pre-2016) State Pension age
    monthly_earnings: int = 0  # gross pay a month, pence
    lcwra: bool = False  # limited capability for work and work-related activity
    lcwra_new_claimant: bool = False  # a new claim from 6 April 2026: the lower health element
    carer: bool = False  # cares 35 hours a week or more for a severely disabled person
    carers_allowance: bool = False  # gets Carer's Allowance
    monthly_state_pension: int = 0
    monthly_private_pension: int = 0
    monthly_other_unearned: int = 0  # e.g. new-style ESA or JSA; counted in full
    pip_daily_living: str | None = None  # "standard" | "enhanced"
    pip_mobility: str | None = None  # "standard" | "enhanced"
    dla_care: str | None = None  # "lowest" | "middle" | "highest"
    attendance_allowance: str | None = None  # "lower" | "higher"
    blind: bool = False
    health_condition: bool = False  # a long-term condition that affects daily life
    cared_for_by_carers_allowance: bool = False  # someone gets Carer's Allowance for them

    @property
    def gets_disability_benefit(self) -> bool:
        """Gets PIP, DLA or Attendance Allowance (any rate): the benefit cap's gateway."""
        return bool(
            self.pip_daily_living or self.pip_mobility or self.dla_care or self.attendance_allowance
        )

    @property
    def gets_care_benefit(self) -> bool:
        """PIP daily living, DLA care at the middle or highest rate, or Attendance Allowance:
        the qualifying benefits for the housing exemptions and severe disability additions."""
        return bool(
            self.pip_daily_living
            or self.attendance_allowance
            or self.dla_care in ("middle", "highest")
        )


@dataclass(slots=True)
class Child:
    """A child (under 16) or qualifying young person (16 to 19 in approved education)."""

    age: int | None = None
    date_of_birth: dt.date | None = None
    disabled: bool = False  # gets DLA or PIP (the lower disabled child addition)
    severely_disabled: bool = False  # DLA highest care, PIP enhanced daily living, or blind
    sex: str | None = None  # "F" or "M"; unknown shares a room only where sex does not matter
    needs_own_room: bool = False  # cannot share a bedroom because of a disability
    disability_no_benefit: bool = False  # has a disability but gets no DLA yet (a DLA flag)


@dataclass(slots=True)
class NonDependant:
    """Another adult living in the home who is not the claimant's partner or child (a grown-up
    son or daughter, a relative)."""

    age: int = 30
    monthly_earnings: int = 150_000  # gross, pence
    pension_credit: bool = False
    care_benefit: bool = False  # PIP daily living, DLA care middle/highest, or AA
    carers_allowance: bool = False
    child_under_5: bool = False  # responsible for a child under 5
    on_means_tested_benefit_no_earnings: bool = False  # e.g. UC with no earnings


@dataclass(slots=True)
class WorkingAgeCtrScheme:
    """A council's own working-age Council Tax Reduction scheme (England), as parameters.

    kind "bands": the reduction is a share of the bill chosen by the household's net monthly
    income (earnings and unearned income, without UC) from `bands`, a tuple of
    (income below, percent) per household type ("single", "couple", "family").
    kind "taper": the maximum reduction less `taper` of monthly income above `allowance_*`.
    """

    name: str
    kind: str = "bands"
    max_percent: int = 100
    band_cap: str | None = None  # help only up to the bill of this band
    capital_limit: int = 1_600_000
    non_dep_deduction_weekly: int = 0
    minimum_award_weekly: int = 0
    bands: dict[str, tuple[tuple[int | None, int], ...]] = field(default_factory=dict)
    taper_percent: int = 20
    allowance_single: int = 0
    allowance_couple: int = 0
    allowance_per_child: int = 0
    source: str = ""


@dataclass(slots=True)
class CouncilTax:
    """The household's council tax: the bill a year for this home (or the council's band
    charges, to look the band up) and the council's working-age scheme, if we know it."""

    annual_bill: int | None = None
    band_charges: dict[str, int] | None = None  # band letter -> annual charge, pence
    working_age_scheme: WorkingAgeCtrScheme | None = None
    council_name: str | None = None


@dataclass(slots=True)
class Household:
    adults: list[Adult]
    children: list[Child] = field(default_factory=list)
    monthly_rent: int = 0  # eligible rent and service charges a month, pence
    tenure: str = "social"  # "social" | "council" | "housing_association"
    bedrooms: int = 1
    non_dependants: list[NonDependant] = field(default_factory=list)
    savings: int = 0  # pence
    married: bool = False
    monthly_childcare: int = 0  # registered childcare paid a month, pence
    council_tax_band: str | None = None
    council_tax: CouncilTax | None = None
    london: bool = False
    nation: str = "england"  # "england" | "wales" | "scotland"
    # Extra bedroom conditions (UC Sch 4 para 12 / HB reg B13).
    overnight_carer: bool = False
    foster_carer: bool = False
    couple_cannot_share: bool = False
    pregnant: bool = False
    metered_water: bool = False
    water_medical_condition: bool = False
    months_on_uc: int | None = None  # for the Budgeting Advance (6 months usually needed)
