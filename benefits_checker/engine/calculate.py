"""The rules: a household and a date in, a `Result` with its working out.

Everything is whole pence. A share (14%, 55%, 85%) is taken exactly and rounded half up to the
penny once, where the rules produce a fraction of a penny; weekly benefits become monthly as
x 52 / 12, rounded once. Universal Credit is worked out a month at a time; Pension Credit,
Housing Benefit and Council Tax Reduction a week at a time, as the rules do.

The hot path reads attributes of a `Rates` object built once per rates file, and records the
working as steps (a template key and the numbers, see working.py) that are put into words only
when someone reads them, so the engine runs tens of thousands of households a second on one
core (bench/engine.py).
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from .claiming import HOW_TO_CLAIM
from .household import Adult, Child, Household, NonDependant
from .pension_age import (
    age_on,
    assumed_birth_date,
    reached_before,
    state_pension_age_date,
)
from .rates import Rates, monthly_to_weekly, rates_for, weekly_to_monthly
from .result import Flag, Help, Result
from .tax import net_pay
from .text import fmt
from .working import Step

SOCIAL_TENURES = frozenset({"social", "council", "housing_association"})
NATIONS = frozenset({"england", "wales", "scotland"})
YOUNG_CHILD_AGE = 10  # two children under 10 share whatever their sex
OWN_ROOM_AGE = 16

# Steps of working that need no numbers: made once.
MIXED_AGE: Step = ("uc_mixed_age",)
CARER_NOT_ADDED: Step = ("uc_carer_not_added",)
CHILDCARE_NO_CHILD: Step = ("uc_childcare_no_child",)
PC_INTRO_SINGLE: Step = ("pc_intro", False)
PC_INTRO_COUPLE: Step = ("pc_intro", True)


class EngineError(ValueError):
    """The household cannot be estimated: the message says why, for a person to act on."""


def _share(amount: int, n: int, d: int) -> int:
    """amount x n / d, rounded half up to the penny (amount >= 0)."""
    return (amount * n * 2 + d) // (d * 2)


def _steps(excess: int, step: int) -> int:
    """Steps of `step` or part of one in `excess` (> 0)."""
    return -(-excess // step)


# ----------------------------------------------------------------------------------------------
# People: ages and State Pension age
# ----------------------------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def _facts_from_age(age: int, year_start: dt.date, on: dt.date, sex: str | None):
    born = assumed_birth_date(age, year_start)
    return _facts_from_birth(born, on, sex, age)


@lru_cache(maxsize=65536)
def _facts_from_birth(born: dt.date, on: dt.date, sex: str | None, age: int | None = None):
    """(age, at pension age, reached pension age before 6 April 2016, before 1 April 2021)."""
    spa = state_pension_age_date(born, sex)
    return (
        age_on(born, on) if age is None else age,
        on >= spa,
        reached_before(born, dt.date(2016, 4, 6), sex),
        spa < dt.date(2021, 4, 1),
    )


def _adult_facts(adult: Adult, on: dt.date, r: Rates):
    if adult.date_of_birth is not None:
        return _facts_from_birth(adult.date_of_birth, on, adult.sex)
    return _facts_from_age(adult.age, r.year_start, on, adult.sex)


def _child_age(child: Child, on: dt.date) -> int:
    return age_on(child.date_of_birth, on) if child.date_of_birth is not None else child.age


def _born_before_higher_rate(child: Child, r: Rates) -> bool:
    if child.date_of_birth is not None:
        return child.date_of_birth < r.uc_child_higher_born_before
    return child.age >= r.uc_child_higher_min_age


class _People:
    """What the rules ask of the claimant and partner as a pair, worked out once."""

    __slots__ = ("care", "disability", "blind", "carers_allowance", "carer", "lcwra", "unwell")

    def __init__(self, adults: list[Adult]):
        care = disability = blind = ca = carer = lcwra = unwell = False
        for a in adults:
            if a.pip_daily_living or a.attendance_allowance or a.dla_care in ("middle", "highest"):
                care = True
            if a.pip_daily_living or a.pip_mobility or a.dla_care or a.attendance_allowance:
                disability = True
            if a.blind:
                blind = True
            if a.carers_allowance:
                ca = carer = True
            elif a.carer:
                carer = True
            if a.lcwra:
                lcwra = unwell = True
            elif a.health_condition:
                unwell = True
        self.care = care  # PIP daily living, DLA care middle/highest or AA
        self.disability = disability  # any PIP, DLA or AA
        self.blind = blind
        self.carers_allowance = ca
        self.carer = carer
        self.lcwra = lcwra
        self.unwell = unwell


@lru_cache(maxsize=64)
def _standard_allowance(r: Rates, couple: bool, young: bool) -> tuple[int, Step]:
    if couple:
        sa = r.uc_sa_couple_young if young else r.uc_sa_couple
    else:
        sa = r.uc_sa_single_young if young else r.uc_sa_single
    return sa, ("uc_standard_allowance", couple, young, sa)


# ----------------------------------------------------------------------------------------------
# Size criteria (UC Regs Sch 4 paras 8-12; HB Regs reg B13)
# ----------------------------------------------------------------------------------------------


def bedrooms_allowed(hh: Household, child_ages: list[int]) -> int:
    """Bedrooms the household is allowed: one for the claimant (and partner), one for each
    other person 16 or over, and children paired where the rules let them share (two of the
    same sex under 16, or two under 10 whatever their sex), plus the extra rooms for an
    overnight carer, fostering, a couple or child who cannot share because of disability."""
    rooms = 1
    if len(hh.adults) == 2 and hh.couple_cannot_share:
        rooms += 1
    rooms += len(hh.non_dependants)
    if hh.overnight_carer:
        rooms += 1
    if hh.foster_carer:
        rooms += 1
    if not child_ages:
        return rooms
    older_boys = older_girls = boys = girls = unknown_young = 0
    for child, age in zip(hh.children, child_ages, strict=True):
        if age >= OWN_ROOM_AGE or child.needs_own_room:
            rooms += 1
        elif age >= YOUNG_CHILD_AGE:
            if child.sex == "M":
                older_boys += 1
            elif child.sex == "F":
                older_girls += 1
            else:
                rooms += 1  # sex unknown: shares only where sex does not matter (under 10)
        elif child.sex == "M":
            boys += 1
        elif child.sex == "F":
            girls += 1
        else:
            unknown_young += 1
    rooms += older_boys // 2 + older_girls // 2
    # An odd older child shares with a younger child of the same sex where there is one: never
    # worse than leaving them alone, and it can save a room.
    if older_boys % 2:
        rooms += 1
        if boys:
            boys -= 1
    if older_girls % 2:
        rooms += 1
        if girls:
            girls -= 1
    rooms += (boys + girls + unknown_young + 1) // 2
    return rooms


# ----------------------------------------------------------------------------------------------
# The calculation
# ----------------------------------------------------------------------------------------------


def calculate(hh: Household, *, on: dt.date | None = None, rates: Rates | None = None) -> Result:
    """Estimate what a household may get a month, with the working.

    `on` picks the rates file (default today); pass `rates` to use a particular file.
    """
    if on is None:
        on = dt.date.today()
    r = rates or rates_for(on)
    adults = hh.adults
    if not 1 <= len(adults) <= 2:
        raise EngineError("A household needs 1 or 2 adults (the claimant and any partner)")
    if hh.nation not in NATIONS:
        raise EngineError("Nation must be england, wales or scotland")

    facts = [_adult_facts(adult, on, r) for adult in adults]
    children = hh.children
    child_ages = [
        child.age if child.date_of_birth is None else age_on(child.date_of_birth, on)
        for child in children
    ]
    people = _People(adults)
    result = Result(rates_version=r.version, on=on)
    steps = result.steps
    couple = len(adults) == 2

    # Earnings: net of income tax and National Insurance.
    if adults[0].monthly_earnings or (couple and adults[1].monthly_earnings):
        net_each = _earnings(hh, r, couple, result)
    else:
        net_each = [0, 0] if couple else [0]

    allowed = bedrooms_allowed(hh, child_ages)
    result.bedrooms_allowed = allowed
    if hh.bedrooms > allowed:
        result.spare_bedrooms = hh.bedrooms - allowed

    cb_monthly, cb_lines = _child_benefit(hh, r, result) if children else (0, None)

    if facts[0][1] and (not couple or facts[1][1]):
        result.route = "pension_age"
        _pension_age(hh, r, on, facts, people, child_ages, net_each, result)
    else:
        _universal_credit(hh, r, on, facts, people, child_ages, net_each, cb_monthly, result)
        _working_age_ctr(hh, r, net_each, result)

    if cb_lines:
        steps["child_benefit"] = cb_lines
    if people.unwell or people.carer or children:
        _flags(hh, r, on, facts, child_ages, net_each, result)
    _other_help(hh, r, on, child_ages, result)
    if hh.nation != "england":
        result.notes.extend(NATION_NOTES[hh.nation])
    return result


def _earnings(hh, r, couple, result) -> list[int]:
    """Take-home pay for each adult, with the working."""
    adults = hh.adults
    gross = [adult.monthly_earnings for adult in adults]
    pensions = [adult.monthly_state_pension + adult.monthly_private_pension for adult in adults]
    pay = net_pay(gross, pensions, married=hh.married and couple, rates=r)
    lines = []
    net_each = []
    total_gross = total_net = 0
    for index, each in enumerate(pay):
        net = each.gross - each.tax - each.ni
        net_each.append(net)
        if not each.gross:
            continue
        total_gross += each.gross
        total_net += net
        lines.append(
            ("earnings", index, each.gross, each.tax, each.ni, net, each.marriage_allowance)
        )
        result.income_tax += each.tax
        result.national_insurance += each.ni
    result.gross_earnings = total_gross
    result.net_earnings = total_net
    result.steps["earnings"] = lines
    return net_each


# ----------------------------------------------------------------------------------------------
# Child Benefit
# ----------------------------------------------------------------------------------------------


def _child_benefit(hh: Household, r: Rates, result: Result) -> tuple[int, list[Step]]:
    count = len(hh.children)
    if not count:
        return 0, []
    weekly = r.cb_eldest + r.cb_other * (count - 1)
    monthly = weekly_to_monthly(weekly)
    result.child_benefit = monthly
    lines = [("child_benefit", count, r.cb_eldest, r.cb_other, weekly, monthly)]
    # High Income Child Benefit Charge: 1% of the year's Child Benefit per £200 of the highest
    # earner's adjusted net income above £60,000 (taken here as pay and pensions before tax).
    top = max(
        (a.monthly_earnings + a.monthly_state_pension + a.monthly_private_pension) * 12
        for a in hh.adults
    )
    if top > r.hicbc_start:
        span = r.hicbc_end - r.hicbc_start
        percent = min(100, (top - r.hicbc_start) * 100 // span)
        annual = weekly * 52
        charge = annual * percent // 100
        result.hicbc_annual = charge
        lines.append(("hicbc", top, r.hicbc_start, charge, percent))
    return monthly, lines


# ----------------------------------------------------------------------------------------------
# Universal Credit (working age, and mixed-age couples)
# ----------------------------------------------------------------------------------------------


def _uc_children(hh, r, child_ages, result, lines) -> bool:
    """Child and disabled child elements. Returns whether a child element is included."""
    children = hh.children
    if not children:
        return False
    count_before = 0
    min_age = r.uc_child_higher_min_age
    born_before = r.uc_child_higher_born_before
    for child in children:
        if child.date_of_birth is None:
            if child.age >= min_age:
                count_before += 1
        elif child.date_of_birth < born_before:
            count_before += 1
    eligible = len(children)
    limited = 0
    if r.uc_child_limit is not None:
        # The two-child limit (to 5 April 2026): children born before 6 April 2017 always
        # count; later children only up to the limit. Exceptions are not modelled.
        later = eligible - count_before
        allowed_later = max(0, r.uc_child_limit - count_before)
        limited = max(0, later - allowed_later)
        eligible -= limited
    first_higher = count_before > 0 and eligible > 0
    others = eligible - (1 if first_higher else 0)
    result.uc_child_element = (r.uc_child_first if first_higher else 0) + others * r.uc_child
    lines.append(
        (
            "uc_child",
            r.uc_child_first,
            r.uc_child,
            first_higher,
            others,
            eligible,
            limited,
            r.uc_child_limit is None,
        )
    )
    disabled = 0
    higher = lower = 0
    for child in children:
        if child.severely_disabled:
            higher += 1
        elif child.disabled:
            lower += 1
    if higher or lower:
        disabled = higher * r.uc_severely_disabled_child + lower * r.uc_disabled_child
        result.uc_disabled_child_element = disabled
        lines.append(
            (
                "uc_disabled_child",
                higher,
                r.uc_severely_disabled_child,
                lower,
                r.uc_disabled_child,
                disabled,
            )
        )
    return eligible > 0


def _uc_housing(hh, r, people, result, lines) -> int:
    rent = hh.monthly_rent
    if rent <= 0:
        return 0
    if hh.tenure not in SOCIAL_TENURES:
        raise EngineError("Tenure must be social, council or housing_association")
    spare = result.spare_bedrooms
    reduction = 0
    share_text = ""
    if spare:
        if spare == 1:
            n, d, share_text = (
                r.uc_under_occupancy_one_n,
                r.uc_under_occupancy_one_d,
                r.uc_under_occupancy_one_text,
            )
        else:
            n, d, share_text = (
                r.uc_under_occupancy_two_n,
                r.uc_under_occupancy_two_d,
                r.uc_under_occupancy_two_text,
            )
        reduction = _share(rent, n, d)
        result.uc_under_occupancy_reduction = reduction
    ndd = paying = non_dep = 0
    if hh.non_dependants:
        if people.blind or people.care:
            non_dep = 1  # no deduction: a disability benefit
        else:
            paying = sum(1 for nd in hh.non_dependants if not _uc_ndd_exempt(nd, r))
            ndd = paying * r.uc_ndd
            if ndd:
                non_dep = 2
                result.uc_non_dep_deductions = ndd
    amount = rent - reduction - ndd
    if amount < 0:
        amount = 0
    result.uc_housing_costs_element = amount
    lines.append(("uc_housing", rent, spare, share_text, non_dep, paying, r.uc_ndd, amount))
    lines.append(("bedrooms", result.bedrooms_allowed, hh.bedrooms))
    return amount


def _uc_ndd_exempt(nd: NonDependant, r: Rates) -> bool:
    return (
        nd.age < r.uc_ndd_exempt_under
        or nd.pension_credit
        or nd.care_benefit
        or nd.carers_allowance
        or nd.child_under_5
    )


def _universal_credit(hh, r, on, facts, people, child_ages, net_each, cb_monthly, result: Result):
    adults = hh.adults
    couple = len(adults) == 2
    lines: list[Step] = []
    result.steps["universal_credit"] = lines

    # Standard allowance.
    if couple:
        if facts[0][1] or facts[1][1]:
            lines.append(MIXED_AGE)
        young = facts[0][0] < r.uc_sa_age and facts[1][0] < r.uc_sa_age
    else:
        young = facts[0][0] < r.uc_sa_age
    sa, line = _standard_allowance(r, couple, young)
    result.uc_standard_allowance = sa
    lines.append(line)

    has_child = _uc_children(hh, r, child_ages, result, lines) if hh.children else False

    # LCWRA (health) element: one per award, the protected rate unless every adult with LCWRA
    # is a new claimant from 6 April 2026.
    attributed = None
    if people.lcwra:
        lcwra_adults = [adult for adult in adults if adult.lcwra]
        protected = [adult for adult in lcwra_adults if not adult.lcwra_new_claimant]
        amount = r.uc_lcwra if protected else r.uc_lcwra_new
        result.uc_lcwra_element = amount
        rate = 0 if r.uc_lcwra == r.uc_lcwra_new else (1 if protected else 2)
        lines.append(("uc_lcwra", rate, amount))
        # Attribute it to someone who is not also a carer where we can (UC Regs reg 29(4)).
        non_carers = [a for a in lcwra_adults if not (a.carer or a.carers_allowance)]
        attributed = (non_carers or protected or lcwra_adults)[0]

    # Carer element: for each carer, except one who has LCWRA and has the LCWRA element.
    carers = 0
    if people.carer:
        for adult in adults:
            if (adult.carer or adult.carers_allowance) and adult is not attributed:
                carers += 1
    if carers:
        result.uc_carer_element = carers * r.uc_carer
        lines.append(("uc_carer", carers, r.uc_carer, result.uc_carer_element))
    elif attributed is not None and (attributed.carer or attributed.carers_allowance):
        lines.append(CARER_NOT_ADDED)

    # Childcare costs element: 85% of registered childcare, capped, if the work condition is
    # met (each adult works, or one works and the other cannot care because of LCWRA or caring).
    if hh.monthly_childcare > 0:
        under_16 = sum(1 for age in child_ages if age < OWN_ROOM_AGE)
        working = [adult.monthly_earnings > 0 for adult in adults]
        work_condition = all(working) or (
            couple
            and any(working)
            and all(
                w or a.lcwra or a.carer or a.carers_allowance
                for w, a in zip(working, adults, strict=True)
            )
        )
        if not under_16:
            lines.append(CHILDCARE_NO_CHILD)
        elif not work_condition:
            lines.append(("uc_childcare_no_work", couple))
        else:
            cap = r.uc_childcare_cap_one if under_16 == 1 else r.uc_childcare_cap_two
            share = _share(hh.monthly_childcare, r.uc_childcare_rate_n, r.uc_childcare_rate_d)
            amount = min(share, cap)
            result.uc_childcare_element = amount
            lines.append(
                (
                    "uc_childcare",
                    r.uc_childcare_rate_text,
                    hh.monthly_childcare,
                    share,
                    cap,
                    under_16,
                )
            )

    housing = _uc_housing(hh, r, people, result, lines)

    maximum = (
        sa
        + result.uc_child_element
        + result.uc_disabled_child_element
        + result.uc_lcwra_element
        + result.uc_carer_element
        + result.uc_childcare_element
        + housing
    )
    result.uc_maximum = maximum
    lines.append(("uc_maximum", maximum))

    # Capital: over £16,000 means no UC; above £6,000, £4.35 a month for each £250 or part.
    savings = hh.savings
    if savings > r.uc_capital_upper:
        lines.append(("uc_savings_over", savings, r.uc_capital_upper))
        result.universal_credit = 0
        return
    tariff = 0
    if savings > r.uc_capital_lower:
        steps = _steps(savings - r.uc_capital_lower, r.uc_tariff_step)
        tariff = steps * r.uc_tariff_per_step
        lines.append(
            (
                "uc_tariff",
                savings,
                r.uc_capital_lower,
                steps,
                r.uc_tariff_per_step,
                r.uc_tariff_step,
                tariff,
            )
        )
        result.uc_capital_income = tariff

    # Earnings: the taper on net earnings above any work allowance.
    net = result.net_earnings
    deduction = 0
    if net:
        allowance = 0
        if has_child or people.lcwra:
            allowance = r.uc_wa_with_housing if housing else r.uc_wa_without_housing
        result.uc_work_allowance = allowance
        over = net - allowance if net > allowance else 0
        deduction = _share(over, r.uc_taper_n, r.uc_taper_d)
        lines.append(("uc_earnings", net, allowance, over, r.uc_taper_text, deduction))
        result.uc_earnings_deduction = deduction

    # Unearned income, counted in full.
    unearned = 0
    parts = []
    for adult in adults:
        if not (
            adult.monthly_state_pension
            or adult.monthly_private_pension
            or adult.carers_allowance
            or adult.monthly_other_unearned
        ):
            continue
        if adult.monthly_state_pension:
            unearned += adult.monthly_state_pension
            parts.append(("state_pension", adult.monthly_state_pension))
        if adult.monthly_private_pension:
            unearned += adult.monthly_private_pension
            parts.append(("pension", adult.monthly_private_pension))
        if adult.carers_allowance:
            unearned += r.ca_amount_monthly
            parts.append(("carers_allowance", r.ca_amount_monthly))
        if adult.monthly_other_unearned:
            unearned += adult.monthly_other_unearned
            parts.append(("other", adult.monthly_other_unearned))
    if unearned:
        lines.append(("uc_unearned", tuple(parts), unearned))
        result.uc_unearned_income = unearned

    before_cap = maximum - deduction - unearned - tariff
    if before_cap < 0:
        before_cap = 0
    if deduction or unearned or tariff:
        lines.append(("uc_before_cap", maximum, deduction, unearned, tariff, before_cap))

    reduction = _benefit_cap(hh, r, people, before_cap, cb_monthly, result, lines)
    award = before_cap - reduction
    result.universal_credit = award
    lines.append(("uc_award", award))


def _benefit_cap(hh, r, people, before_cap, cb_monthly, result, lines) -> int:
    """The cap on total benefits, with every exemption (UC Regs regs 78-83)."""
    reason = None
    if result.uc_lcwra_element:
        reason = "lcwra"
    elif result.uc_carer_element:
        reason = "carer"
    elif people.carers_allowance:
        reason = "carers_allowance"
    elif people.disability:
        reason = "disability"
    elif result.uc_disabled_child_element:
        reason = "disabled_child"
    elif result.net_earnings * 12 >= r.cap_earnings_x12:
        reason = "earnings"
    family = len(hh.adults) == 2 or bool(hh.children)
    if hh.london:
        cap = r.cap_london_family if family else r.cap_london_single
    else:
        cap = r.cap_family if family else r.cap_single
    total = before_cap + cb_monthly
    if reason:
        result.benefit_cap_exempt = True
        if total > cap:
            lines.append(("cap_exempt", reason, r.cap_earnings_threshold, r.cap_earnings_hours))
        return 0
    if total <= cap:
        return 0
    excess = total - cap
    reduction = max(0, min(before_cap, excess - result.uc_childcare_element))
    result.uc_benefit_cap_reduction = reduction
    lines.append(
        (
            "cap",
            before_cap,
            cb_monthly,
            total,
            cap,
            hh.london,
            excess,
            result.uc_childcare_element,
            reduction,
        )
    )
    return reduction


# ----------------------------------------------------------------------------------------------
# Pension age: Pension Credit, Housing Benefit, Council Tax Reduction (national scheme)
# ----------------------------------------------------------------------------------------------


def _severe_disability_count(hh: Household) -> int:
    """How many severe disability additions: each adult who gets a care benefit and has
    nobody paid Carer's Allowance for them; none if another adult lives with them or, in a
    couple, if both do not qualify (a blind partner counts as qualifying)."""
    adults = hh.adults
    if any(not nd.care_benefit for nd in hh.non_dependants):
        return 0
    if not all(adult.gets_care_benefit or adult.blind for adult in adults):
        return 0
    return sum(
        1 for adult in adults if adult.gets_care_benefit and not adult.cared_for_by_carers_allowance
    )


def _pension_income_weekly(hh, r, net_each, result, disregard_table) -> tuple[int, list[tuple]]:
    """A week's income for Pension Credit and HB: pensions, net earnings less the disregard,
    Carer's Allowance and other income."""
    adults = hh.adults
    income = 0
    parts = []
    pensions = sum(a.monthly_state_pension + a.monthly_private_pension for a in adults)
    if pensions:
        weekly = monthly_to_weekly(pensions)
        income += weekly
        parts.append(("pensions", weekly))
    net = sum(net_each)
    if net:
        single, couple, higher = disregard_table
        if any(
            a.carers_allowance or a.carer or a.gets_disability_benefit or a.lcwra for a in adults
        ):
            disregard = higher
        else:
            disregard = couple if len(adults) == 2 else single
        weekly = max(0, monthly_to_weekly(net) - disregard)
        income += weekly
        parts.append(("pay", weekly, disregard))
    ca = sum(1 for a in adults if a.carers_allowance)
    if ca:
        income += ca * r.ca_amount
        parts.append(("carers_allowance", ca * r.ca_amount))
    other = sum(a.monthly_other_unearned for a in adults)
    if other:
        weekly = monthly_to_weekly(other)
        income += weekly
        parts.append(("other", weekly))
    return income, parts


def _child_first_higher(hh, r) -> bool:
    return any(_born_before_higher_rate(child, r) for child in hh.children)


def _pension_age(hh, r, on, facts, people, child_ages, net_each, result: Result):
    adults = hh.adults
    couple = len(adults) == 2
    lines: list[Step] = []
    result.steps["pension_credit"] = lines
    lines.append(PC_INTRO_COUPLE if couple else PC_INTRO_SINGLE)

    # Appropriate minimum guarantee.
    smg = r.pc_smg_couple if couple else r.pc_smg_single
    amg = smg
    parts = [("smg", smg, couple)]
    severe = _severe_disability_count(hh)
    if severe:
        amg += severe * r.pc_severe_disability
        parts.append(("severe", severe, r.pc_severe_disability))
    carers = sum(1 for a in adults if a.carers_allowance)
    if carers:
        amg += carers * r.pc_carer
        parts.append(("carer", carers * r.pc_carer))
    if hh.children:
        count = len(hh.children)
        first = _child_first_higher(hh, r)
        child_amount = (r.pc_child_first if first else r.pc_child) + (count - 1) * r.pc_child
        for child in hh.children:
            if child.severely_disabled:
                child_amount += r.pc_severely_disabled_child
            elif child.disabled:
                child_amount += r.pc_disabled_child
        amg += child_amount
        parts.append(("children", child_amount, count))
    lines.append(("pc_minimum", tuple(parts), amg))

    income, income_parts = _pension_income_weekly(
        hh,
        r,
        net_each,
        result,
        (r.pc_disregard_single, r.pc_disregard_couple, r.pc_disregard_higher),
    )
    deemed = 0
    if hh.savings > r.pc_capital_lower:
        steps = _steps(hh.savings - r.pc_capital_lower, r.pc_tariff_step)
        deemed = steps * r.pc_tariff_per_step
        income += deemed
        income_parts.append(
            ("savings", deemed, r.pc_tariff_per_step, r.pc_tariff_step, r.pc_capital_lower)
        )
    lines.append(("pc_income", tuple(income_parts), income))
    gc = max(0, amg - income)
    result.guarantee_credit_weekly = gc
    lines.append(("pc_guarantee", amg, income, gc))

    # Savings Credit: only if someone reached State Pension age before 6 April 2016.
    sc = 0
    if any(fact[2] for fact in facts):
        threshold = r.sc_threshold_couple if couple else r.sc_threshold_single
        maximum = r.sc_max_couple if couple else r.sc_max_single
        qualifying = income  # the income above, less nothing this estimate models
        earned = min(maximum, _share(max(0, qualifying - threshold), r.sc_rate_n, r.sc_rate_d))
        withdrawn = _share(max(0, income - amg), r.sc_withdrawal_n, r.sc_withdrawal_d)
        sc = max(0, earned - withdrawn)
        lines.append(
            (
                "pc_savings_credit",
                r.sc_rate_text,
                threshold,
                maximum,
                earned,
                r.sc_withdrawal_text,
                amg,
                withdrawn,
                sc,
            )
        )
    result.savings_credit_weekly = sc
    weekly = gc + sc
    result.pension_credit = weekly_to_monthly(weekly)
    lines.append(("pc_award", weekly, result.pension_credit))

    _pension_age_hb(hh, r, facts, net_each, income - deemed, gc, sc, result)
    _pension_age_ctr(hh, r, facts, net_each, income - deemed, gc, sc, result)


def _applicable_amount(hh, r, facts) -> tuple[int, list[tuple]]:
    """HB and pension-age CTR applicable amount a week: personal allowance, children and
    premiums, with its parts for the working."""
    couple = len(hh.adults) == 2
    older = any(fact[3] for fact in facts)
    if couple:
        amount = r.hb_couple_older if older else r.hb_couple
    else:
        amount = r.hb_single_older if older else r.hb_single
    parts = [("allowance", amount, older)]
    if hh.children:
        count = len(hh.children)
        amount += count * r.hb_child
        parts.append(("children", count, r.hb_child))
        for child in hh.children:
            if child.severely_disabled:
                premiums = r.hb_disabled_child_premium + r.hb_enhanced_child_premium
                amount += premiums
                parts.append(("disabled_child_premiums", premiums))
            elif child.disabled:
                amount += r.hb_disabled_child_premium
                parts.append(("disabled_child_premium", r.hb_disabled_child_premium))
    carers = sum(1 for a in hh.adults if a.carers_allowance)
    if carers:
        amount += carers * r.hb_carer_premium
        parts.append(("carer", carers * r.hb_carer_premium))
    severe = _severe_disability_count(hh)
    if severe:
        amount += severe * r.hb_severe_disability_premium
        parts.append(("severe", severe * r.hb_severe_disability_premium))
    return amount, parts


def _band(bands, weekly_income: int) -> int:
    for below, amount in bands:
        if below is None or weekly_income < below:
            return amount
    return bands[-1][1]  # pragma: no cover


def _hb_ndd(hh, r) -> tuple[int, bool]:
    """Non-dependant deductions a week, and whether they are shown in the working: as none
    (the renter gets a disability benefit) or as the amount off."""
    if not hh.non_dependants:
        return 0, False
    if any(a.blind or a.gets_care_benefit for a in hh.adults):
        return 0, True
    total = 0
    for nd in hh.non_dependants:
        if (
            nd.pension_credit
            or nd.age < 18
            or (nd.age < 25 and nd.on_means_tested_benefit_no_earnings)
        ):
            continue
        if nd.monthly_earnings > 0:
            total += _band(r.hb_ndd_bands, monthly_to_weekly(nd.monthly_earnings))
        else:
            total += r.hb_ndd_not_working
    return total, bool(total)


def _pension_age_hb(hh, r, facts, net_each, income, gc, sc, result: Result):
    rent = hh.monthly_rent
    if rent <= 0:
        return
    if hh.tenure not in SOCIAL_TENURES:
        raise EngineError("Tenure must be social, council or housing_association")
    lines: list[Step] = []
    result.steps["housing_benefit"] = lines
    rent_w = monthly_to_weekly(rent)
    ndd, ndd_shown = _hb_ndd(hh, r)
    maximum = max(0, rent_w - ndd)
    lines.append(("hb_rent", rent, rent_w))
    if ndd_shown:
        lines.append(("hb_maximum", rent_w, not ndd, ndd, maximum))
    if gc:
        hb = maximum
        lines.append(("hb_guarantee_credit", hb))
    elif hh.savings > r.hb_capital_upper:
        hb = 0
        lines.append(("hb_savings_over", hh.savings, r.hb_capital_upper))
    else:
        applicable, parts = _applicable_amount(hh, r, facts)
        total_income = income + sc
        tariff = 0
        if hh.savings > r.hb_capital_lower:
            tariff = _steps(hh.savings - r.hb_capital_lower, r.hb_tariff_step) * (
                r.hb_tariff_per_step
            )
            total_income += tariff
        lines.append(("hb_applicable", tuple(parts), applicable))
        lines.append(("hb_income", total_income, sc, tariff, r.hb_capital_lower))
        excess = max(0, total_income - applicable)
        taper = _share(excess, r.hb_taper_n, r.hb_taper_d)
        hb = max(0, maximum - taper)
        if hb < 50:  # HB is not paid below 50p a week
            hb = 0
        lines.append(("hb_taper", maximum, r.hb_taper_text, excess, taper, hb))
    result.housing_benefit_weekly = hb
    # A week's HB rounded to the penny can come to a penny more than the rent a month: never
    # more than the rent.
    monthly = weekly_to_monthly(hb)
    result.housing_benefit = min(monthly, rent)
    lines.append(("hb_award", hb, result.housing_benefit, result.housing_benefit < monthly))


def _council_tax_bill(hh: Household) -> int | None:
    ct = hh.council_tax
    if ct is None:
        return None
    if ct.annual_bill is not None:
        return ct.annual_bill
    if ct.band_charges and hh.council_tax_band:
        return ct.band_charges.get(hh.council_tax_band)
    return None


def _pension_age_ctr(hh, r, facts, net_each, income, gc, sc, result: Result):
    """The national pension-age scheme (SI 2012/2885 as amended): worked out a week at a
    time, like Housing Benefit, then as a year's reduction (never more than the bill) and a
    twelfth of that a month."""
    bill = _council_tax_bill(hh)
    if bill is None:
        result.notes.append(
            "Council Tax Reduction: tell us your council tax bill to estimate it. At pension age "
            "the national scheme can pay up to the whole bill."
        )
        return
    ndd = 0
    if hh.non_dependants and not any(a.blind or a.gets_care_benefit for a in hh.adults):
        for nd in hh.non_dependants:
            if nd.pension_credit or nd.age < 18 or nd.on_means_tested_benefit_no_earnings:
                continue
            earnings = monthly_to_weekly(nd.monthly_earnings) if nd.monthly_earnings else 0
            ndd += _band(r.ctr_ndd_bands, earnings)
    taper = 0
    excess = applicable = 0
    if gc:
        reason = "gc"
    elif hh.savings > r.ctr_capital_upper:
        reason = "savings"
        taper = None
    else:
        applicable, _ = _applicable_amount(hh, r, facts)
        total_income = income + sc
        if hh.savings > r.ctr_capital_lower:
            total_income += _steps(hh.savings - r.ctr_capital_lower, r.ctr_tariff_step) * (
                r.ctr_tariff_per_step
            )
        excess = max(0, total_income - applicable)
        taper = _share(excess, r.ctr_taper_n, r.ctr_taper_d)
        reason = "taper"
    annual = 0 if taper is None else max(0, bill - ndd * 52 - taper * 52)
    monthly = (annual * 2 + 12) // 24
    result.council_tax_reduction = monthly
    result.steps["council_tax_reduction"] = [
        (
            "ctr_pension",
            bill,
            ndd,
            reason,
            r.ctr_capital_upper if reason == "savings" else excess,
            applicable,
            taper or 0,
            r.ctr_taper_text,
            annual,
            monthly,
        )
    ]


# ----------------------------------------------------------------------------------------------
# Working-age Council Tax Reduction: the council's own scheme, when we know it
# ----------------------------------------------------------------------------------------------


def _working_age_ctr(hh, r, net_each, result: Result):
    ct = hh.council_tax
    scheme = ct.working_age_scheme if ct else None
    bill = _council_tax_bill(hh)
    if scheme is None or bill is None:
        result.notes.append(
            "Council Tax Reduction: each council sets its own scheme for people of working age. "
            "Ask your council: you may get help with your council tax bill."
        )
        return
    lines: list[Step] = []
    result.steps["council_tax_reduction"] = lines
    capped = bill
    if scheme.band_cap and ct.band_charges and hh.council_tax_band:
        cap_bill = ct.band_charges.get(scheme.band_cap)
        if cap_bill is not None and cap_bill < bill:
            capped = cap_bill
    if hh.savings > scheme.capital_limit:
        result.council_tax_reduction = 0
        lines.append(
            ("ctr_savings_over", scheme.name, bill, capped, scheme.band_cap, scheme.capital_limit)
        )
        return
    income = sum(net_each)
    for a in hh.adults:
        income += a.monthly_state_pension + a.monthly_private_pension + a.monthly_other_unearned
        if a.carers_allowance:
            income += r.ca_amount_monthly
    if scheme.kind == "bands":
        kind = "family" if hh.children else ("couple" if len(hh.adults) == 2 else "single")
        percent = min(_band(scheme.bands[kind], income), scheme.max_percent)
        annual = capped * percent // 100
    else:
        allowance = (
            scheme.allowance_couple if len(hh.adults) == 2 else scheme.allowance_single
        ) + scheme.allowance_per_child * len(hh.children)
        income += result.universal_credit
        excess = max(0, income - allowance)
        annual = max(
            0, capped * scheme.max_percent // 100 - excess * 12 * scheme.taper_percent // 100
        )
    ndd = scheme.non_dep_deduction_weekly * sum(
        1 for nd in hh.non_dependants if nd.age >= 18 and not nd.pension_credit
    )
    annual = max(0, annual - ndd * 52)
    if annual < scheme.minimum_award_weekly * 52:
        annual = 0
    monthly = (annual * 2 + 12) // 24
    result.council_tax_reduction = monthly
    if scheme.kind == "bands":
        lines.append(
            (
                "ctr_bands",
                scheme.name,
                bill,
                capped,
                scheme.band_cap,
                percent,
                kind,
                income,
                ndd,
                annual,
                monthly,
            )
        )
    else:
        lines.append(
            (
                "ctr_taper",
                scheme.name,
                bill,
                capped,
                scheme.band_cap,
                scheme.max_percent,
                scheme.taper_percent,
                excess,
                allowance,
                ndd,
                annual,
                monthly,
            )
        )


# ----------------------------------------------------------------------------------------------
# Flags: benefits we cannot work out, with their rates and how to claim
# ----------------------------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def _flag(key: str, title: str, amount: str, why: str) -> Flag:
    how, url = HOW_TO_CLAIM[key]
    return Flag(key=key, title=title, amount=amount, why=why, how_to_claim=how, url=url)


def _flags(hh, r, on, facts, child_ages, net_each, result: Result):
    adults = hh.adults
    if not any(a.lcwra or a.health_condition or a.carer for a in adults) and not any(
        c.disability_no_benefit for c in hh.children
    ):
        return
    scotland = hh.nation == "scotland"
    couple = len(adults) == 2
    pip, aa, ca = [], [], []
    for index, (adult, fact) in enumerate(zip(adults, facts, strict=True)):
        who = ("you" if index == 0 else "your partner") if couple else "you"
        if (adult.lcwra or adult.health_condition) and not adult.gets_disability_benefit:
            (aa if fact[1] else pip).append(who)
        if (
            adult.carer
            and not adult.carers_allowance
            and monthly_to_weekly(net_each[index]) <= r.ca_earnings_limit
        ):
            ca.append(who)
    flags = result.flags
    if pip:
        flags.append(_pip_flag(r, scotland, tuple(pip)))
    if aa:
        flags.append(_aa_flag(r, scotland, tuple(aa)))
    if ca:
        flags.append(_ca_flag(r, scotland, tuple(ca)))
    if any(
        c.disability_no_benefit and not (c.disabled or c.severely_disabled) for c in hh.children
    ):
        flags.append(_dla_child_flag(r, scotland))


# Each flag's words depend only on the rates, the nation and who it is for, so each is made
# once and shared (a Flag is immutable).


@lru_cache(maxsize=64)
def _pip_flag(r: Rates, scotland: bool, people: tuple[str, ...]) -> Flag:
    return _flag(
        "pip",
        "Adult Disability Payment" if scotland else "Personal Independence Payment",
        f"{fmt(r.pip_mob_standard)} to {fmt(r.pip_dl_enhanced + r.pip_mob_enhanced)} "
        f"a week{' each' if len(people) > 1 else ''}",
        f"{_who(people)} a health condition that affects daily life. It is not means-"
        "tested, does not count as income for Universal Credit and lifts the benefit "
        "cap.",
    )


@lru_cache(maxsize=64)
def _aa_flag(r: Rates, scotland: bool, people: tuple[str, ...]) -> Flag:
    return _flag(
        "attendance_allowance",
        "Pension Age Disability Payment" if scotland else "Attendance Allowance",
        f"{fmt(r.aa_lower)} or {fmt(r.aa_higher)} a week{' each' if len(people) > 1 else ''}",
        f"{_who(people)} a health condition that affects daily life. It is not means-"
        "tested, and it can add a severe disability amount to Pension Credit and "
        "Housing Benefit.",
    )


@lru_cache(maxsize=64)
def _ca_flag(r: Rates, scotland: bool, people: tuple[str, ...]) -> Flag:
    return _flag(
        "carers_allowance",
        "Carer Support Payment" if scotland else "Carer's Allowance",
        f"{fmt(r.ca_amount)} a week",
        f"{_who(people, verb='care')} for someone at least {r.ca_hours} hours a week, with "
        f"take-home pay under {fmt(r.ca_earnings_limit)} a week. Universal Credit and "
        "Pension Credit count it as income, so it may not leave you better off there, "
        "but it gives National Insurance credits and lifts the benefit cap. The person "
        "you care for may lose a severe disability amount.",
    )


@lru_cache(maxsize=16)
def _dla_child_flag(r: Rates, scotland: bool) -> Flag:
    return _flag(
        "dla_child",
        "Child Disability Payment" if scotland else "Disability Living Allowance for children",
        f"{fmt(r.dla_care_lowest)} to {fmt(r.dla_care_highest + r.dla_mob_higher)} a week",
        "A child has a disability or health condition and gets no disability benefit "
        f"yet. It would also add {fmt(r.uc_disabled_child)} or more a month to "
        "Universal Credit.",
    )


def _who(people: tuple[str, ...], verb: str = "have") -> str:
    """["you"] -> "You have"; ["your partner"] -> "Your partner has"; both -> "You and your
    partner have"."""
    if len(people) == 2:
        return f"You and your partner {verb}"
    if people[0] == "you":
        return f"You {verb}"
    return f"Your partner {'has' if verb == 'have' else verb + 's'}"


# ----------------------------------------------------------------------------------------------
# Other help
# ----------------------------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def _help(key: str, title: str, amount: str, why: str) -> Help:
    how, url = HOW_TO_CLAIM[key]
    return Help(key=key, title=title, amount=amount, why=why, how_to_claim=how, url=url)


@lru_cache(maxsize=16)
def _catalogue(r: Rates) -> dict[str, Help]:
    """The other-help entries whose words depend only on the rates, built once per rates."""
    fsm_limit = (r.fsm_earnings_limit * 2 + 12) // 24
    return {
        "crf": _help(
            "crisis_and_resilience_fund",
            "Crisis and Resilience Fund",
            "Varies",
            "Your council can help in a crisis, whether or not you get benefits.",
        ),
        "crf_housing": _help(
            "crisis_and_resilience_fund",
            "Crisis and Resilience Fund",
            "Varies",
            "Your council can help in a crisis, whether or not you get benefits. Its Housing "
            "Payments help people who get help with rent.",
        ),
        "crf_shortfall": _help(
            "crisis_and_resilience_fund",
            "Crisis and Resilience Fund",
            "Varies",
            "Your council can help in a crisis, whether or not you get benefits. Its Housing "
            "Payments can help with a rent shortfall, such as the spare bedroom reduction or the "
            "benefit cap.",
        ),
        "dhp": _help(
            "crisis_and_resilience_fund",
            "Discretionary Housing Payments",
            "Varies",
            "Your council can help if your benefit does not cover your rent.",
        ),
        "dhp_scotland": _help(
            "crisis_and_resilience_fund",
            "Discretionary Housing Payments",
            "Varies",
            "Your council can help if your benefit does not cover your rent. In Scotland they "
            "cover the spare bedroom reduction in full.",
        ),
        "whd_gc": _help(
            "warm_home_discount",
            "Warm Home Discount",
            f"{fmt(r.whd_amount)} a year off your electricity bill",
            "You may get it because you would get Pension Credit Guarantee Credit.",
        ),
        "whd": _help(
            "warm_home_discount",
            "Warm Home Discount",
            f"{fmt(r.whd_amount)} a year off your electricity bill",
            "You may get it because you would get a means-tested benefit.",
        ),
        "water": _help(
            "water_social_tariff",
            "Water social tariff",
            "Varies by water company",
            "Water companies cut bills for people on means-tested benefits or low incomes.",
        ),
        "watersure": _help(
            "water_social_tariff",
            "Water social tariff and WaterSure",
            "Varies by water company",
            "Water companies cut bills for people on means-tested benefits or low incomes. "
            "WaterSure caps a metered bill at the company's average.",
        ),
        "broadband": _help(
            "broadband_social_tariff",
            "Broadband social tariff",
            "About £10 to £25 a month",
            "Every broadband social tariff accepts people on Universal Credit; many accept "
            "Pension Credit.",
        ),
        "fsm_gc": (
            "Children in families on Pension Credit Guarantee Credit get free school meals."
        ),
        "fsm_all_uc": (
            "From September 2026 every child in a family on Universal Credit can get them."
        ),
        "fsm_low_pay": (
            f"Your take-home pay is under {fmt(fsm_limit)} a month "
            f"({fmt(r.fsm_earnings_limit)} a year)."
        ),
        "help_to_save": _help(
            "help_to_save",
            "Help to Save",
            f"A 50% bonus on up to {fmt(r.hts_max_monthly)} a month saved "
            f"(up to {fmt(r.hts_max_bonus)} over 4 years)",
            "You get Universal Credit and have take-home pay.",
        ),
        "fsm_limit": fsm_limit,
    }


FSM_NATION = {
    "england": "",
    "wales": " In Wales every primary school child gets free school meals.",
    "scotland": " In Scotland every child in P1 to P5 gets free school meals.",
}


def _other_help(hh, r, on, child_ages, result: Result):
    items = result.other_help
    on_uc = result.universal_credit > 0
    on_gc = result.guarantee_credit_weekly > 0
    on_pc = result.pension_credit > 0
    means_tested = on_uc or on_pc or result.housing_benefit > 0
    housing_support = result.uc_housing_costs_element > 0 or result.housing_benefit > 0
    nation = hh.nation
    catalogue = _catalogue(r)

    if nation == "england" and r.crf_from is not None and on >= r.crf_from:
        if housing_support and (
            result.uc_under_occupancy_reduction
            or result.uc_non_dep_deductions
            or result.uc_benefit_cap_reduction
        ):
            items.append(catalogue["crf_shortfall"])
        else:
            items.append(catalogue["crf_housing" if housing_support else "crf"])
    elif housing_support:
        items.append(catalogue["dhp_scotland" if nation == "scotland" else "dhp"])
    if on_gc:
        items.append(catalogue["whd_gc"])
    elif means_tested:
        items.append(catalogue["whd"])
    if means_tested:
        watersure = hh.metered_water and (
            hh.water_medical_condition
            or sum(1 for age in child_ages if age < 19) >= r.watersure_children
        )
        items.append(catalogue["watersure" if watersure else "water"])
    if on_uc or on_pc:
        items.append(catalogue["broadband"])
    if not (on_uc or on_pc):
        return
    if child_ages and (on_uc or on_gc) and any(4 <= age <= 18 for age in child_ages):
        why = None
        if on_gc:
            why = catalogue["fsm_gc"]
        elif r.fsm_all_uc_from is not None and on >= r.fsm_all_uc_from:
            why = catalogue["fsm_all_uc"]
        elif result.net_earnings <= catalogue["fsm_limit"]:
            why = catalogue["fsm_low_pay"]
        if why:
            items.append(_free_school_meals(why, nation))
    if (
        (hh.pregnant or (child_ages and min(child_ages) < 4))
        and nation != "scotland"
        and ((on_uc and result.net_earnings <= r.hs_uc_limit) or (on_pc and hh.children))
    ):
        weekly = sum(r.hs_baby if age < 1 else r.hs_child for age in child_ages if age < 4) + (
            r.hs_pregnancy if hh.pregnant else 0
        )
        items.append(_healthy_start(r, weekly))
    if on_uc:
        couple = len(hh.adults) == 2
        limit = r.ba_earnings_couple if couple else r.ba_earnings_single
        if result.net_earnings * 6 <= limit and (hh.months_on_uc is None or hh.months_on_uc >= 6):
            kind = "children" if hh.children else ("couple" if couple else "single")
            maximum = r.ba_max[kind] - max(0, hh.savings - r.ba_savings_disregard)
            if maximum >= r.ba_minimum:
                items.append(_budgeting_advance(r, maximum))
        if result.net_earnings >= 100:
            items.append(catalogue["help_to_save"])


@lru_cache(maxsize=64)
def _free_school_meals(why: str, nation: str) -> Help:
    return _help("free_school_meals", "Free school meals", "Free meals", why + FSM_NATION[nation])


@lru_cache(maxsize=256)
def _healthy_start(r: Rates, weekly: int) -> Help:
    return _help(
        "healthy_start",
        "Healthy Start",
        f"{fmt(weekly)} a week for milk, fruit and vegetables, and free vitamins",
        "You are pregnant or have a child under 4, and get Universal Credit with "
        f"take-home pay of {fmt(r.hs_uc_limit)} a month or less (or Pension Credit).",
    )


@lru_cache(maxsize=4096)
def _budgeting_advance(r: Rates, maximum: int) -> Help:
    return _help(
        "budgeting_advance",
        "Budgeting Advance",
        f"A loan of {fmt(r.ba_minimum)} to {fmt(maximum)}",
        "An interest-free loan for essential costs, for people on Universal "
        "Credit for 6 months or more. It is paid back from your Universal "
        "Credit.",
    )


NATION_NOTES = {
    "wales": (
        "Wales: Council Tax Reduction is a national scheme for all ages (the Council Tax "
        "Reduction Schemes (Prescribed Requirements) (Wales) Regulations 2013); ask your "
        "council. Universal Credit, Pension Credit and Housing Benefit are the same as in "
        "England.",
    ),
    "scotland": (
        "Scotland: Discretionary Housing Payments pay back the spare bedroom reduction in full. "
        "Disability and carer benefits are Scottish (Adult Disability Payment, Child Disability "
        "Payment, Pension Age Disability Payment, Carer Support Payment). Scottish Child "
        "Payment and Best Start Foods are not worked out here. Income tax bands differ, so "
        "take-home pay may differ a little.",
    ),
}
