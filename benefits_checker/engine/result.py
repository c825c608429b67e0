"""What the engine returns: amounts a month in whole pence, the working (as data, put into
words when read: see working.py), and the flags and other help a household may be missing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .working import Step, render_lines, render_sections

# The benefits the engine estimates, in the order a result lists them, with the words a
# person reads. Keys match the "add to my budget" categories where they overlap.
BENEFITS = (
    ("universal_credit", "Universal Credit"),
    ("pension_credit", "Pension Credit"),
    ("housing_benefit", "Housing Benefit"),
    ("council_tax_reduction", "Council Tax Reduction"),
    ("child_benefit", "Child Benefit"),
)
BENEFIT_NAMES = dict(BENEFITS)


@dataclass(frozen=True, slots=True)
class Flag:
    """A benefit we cannot work out from the answers, but which this household may be able to
    get: what it pays, why we think so and how to claim."""

    key: str
    title: str
    amount: str  # "£76.70 or £114.60 a week"
    why: str
    how_to_claim: str
    url: str


@dataclass(frozen=True, slots=True)
class Help:
    """Other help: a scheme whose amount is fixed or varies, with who qualifies."""

    key: str
    title: str
    amount: str
    why: str
    how_to_claim: str
    url: str


class Result:
    """One household's estimate. Amounts are pence a month unless the name says weekly; a
    field keeps its class default (0) until a rule sets it, so making one is cheap."""

    rates_version: str
    on: dt.date
    route: str = "universal_credit"  # or "pension_age"
    universal_credit: int = 0
    uc_standard_allowance: int = 0
    uc_child_element: int = 0
    uc_disabled_child_element: int = 0
    uc_lcwra_element: int = 0
    uc_carer_element: int = 0
    uc_childcare_element: int = 0
    uc_housing_costs_element: int = 0
    uc_under_occupancy_reduction: int = 0
    uc_non_dep_deductions: int = 0
    uc_maximum: int = 0
    uc_work_allowance: int = 0
    uc_earnings_deduction: int = 0
    uc_unearned_income: int = 0
    uc_capital_income: int = 0
    uc_benefit_cap_reduction: int = 0
    benefit_cap_exempt: bool = False
    housing_benefit: int = 0
    housing_benefit_weekly: int = 0
    pension_credit: int = 0
    guarantee_credit_weekly: int = 0
    savings_credit_weekly: int = 0
    child_benefit: int = 0
    council_tax_reduction: int | None = None  # None: no scheme we know applies
    hicbc_annual: int = 0
    gross_earnings: int = 0
    net_earnings: int = 0
    income_tax: int = 0
    national_insurance: int = 0
    bedrooms_allowed: int = 0
    spare_bedrooms: int = 0
    steps: dict[str, list[Step]]  # section -> steps of working, in order (working.py)
    flags: list[Flag]
    other_help: list[Help]
    notes: list[str]

    def __init__(self, *, rates_version: str, on: dt.date, **amounts):
        self.rates_version = rates_version
        self.on = on
        self.steps = {}
        self.flags = []
        self.other_help = []
        self.notes = []
        for name, value in amounts.items():
            if not hasattr(Result, name):
                raise TypeError(f"Result has no field {name}")
            setattr(self, name, value)

    def __repr__(self) -> str:
        return (
            f"<Result {self.rates_version} {self.route}: UC {self.universal_credit}, "
            f"PC {self.pension_credit}, HB {self.housing_benefit}>"
        )

    @property
    def working(self) -> dict[str, list[str]]:
        """The working in words, section by section (rendered each time it is read)."""
        return render_sections(self.steps)

    @property
    def explanation(self) -> list[str]:
        """Every line of working, benefit by benefit, then the notes."""
        lines: list[str] = []
        for steps in self.steps.values():
            lines += render_lines(steps)
        lines += self.notes
        return lines

    def amounts(self) -> dict[str, int | None]:
        """Each estimated benefit a month, by key (None: not worked out)."""
        return {
            "universal_credit": self.universal_credit,
            "pension_credit": self.pension_credit,
            "housing_benefit": self.housing_benefit,
            "council_tax_reduction": self.council_tax_reduction,
            "child_benefit": self.child_benefit,
        }

    @property
    def total(self) -> int:
        """Everything estimated, a month."""
        return (
            self.universal_credit
            + self.pension_credit
            + self.housing_benefit
            + self.child_benefit
            + (self.council_tax_reduction or 0)
        )


def missing_out(result: Result, already: dict[str, int]) -> tuple[int, dict[str, int]]:
    """How much more a month the estimate is than what the household says it gets now, in
    total and per benefit (only benefits where the estimate is higher count)."""
    gaps = {}
    for key, amount in result.amounts().items():
        if amount is None:
            continue
        gap = amount - max(0, already.get(key, 0) or 0)
        if gap > 0:
            gaps[key] = gap
    return sum(gaps.values()), gaps
