"""The working of a benefits check in the reader's language.

The engine keeps its working as data (steps: a template key and numbers, see
`engine/working.py`) and writes it in English with no Django. This module is the Django side:
the same template keys, written with gettext so a Welsh reader gets Welsh. Each message is a
whole sentence for each case (never "You" + "earn"); amounts go in through `%(name)s`
placeholders. Where a line is a sum of a varying number of parts ("£X State Pension + £Y
Carer's Allowance"), each part is a message of its own, joined by " + ". Notes in brackets and
clauses after a semicolon are whole messages too.

English readers get the engine's own words (`engine.working.render`), so English stays
byte for byte what it was; tests/benefits_checker/test_working_welsh.py proves that these
messages, read in English, say exactly the same. Caseload screening never comes here: its
output stays English.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from .engine.text import fmt
from .engine.working import Step, render

# --- Earnings ---------------------------------------------------------------------------------


def _earnings(index: int, gross: int, tax: int, ni: int, net: int, marriage: bool) -> str:
    values = {"gross": fmt(gross), "tax": fmt(tax), "ni": fmt(ni), "net": fmt(net)}
    if tax or ni:
        if index:
            line = _(
                "Earnings: Your partner earns %(gross)s a month before tax; less %(tax)s income "
                "tax and %(ni)s National Insurance = %(net)s take-home pay"
            )
        else:
            line = _(
                "Earnings: You earn %(gross)s a month before tax; less %(tax)s income tax and "
                "%(ni)s National Insurance = %(net)s take-home pay"
            )
    elif index:
        line = _(
            "Earnings: Your partner earns %(gross)s a month, too little for income tax or "
            "National Insurance, so that is the take-home pay"
        )
    else:
        line = _(
            "Earnings: You earn %(gross)s a month, too little for income tax or National "
            "Insurance, so that is the take-home pay"
        )
    line %= values
    if marriage:
        line += " " + _("(with Marriage Allowance from your partner)")
    return line


# --- Child Benefit ----------------------------------------------------------------------------


def _child_benefit(count: int, eldest: int, other: int, weekly: int, monthly: int) -> str:
    values = {
        "eldest": fmt(eldest),
        "others": count - 1,
        "other": fmt(other),
        "weekly": fmt(weekly),
        "monthly": fmt(monthly),
    }
    if count == 1:
        return (
            _("Child Benefit: %(eldest)s a week for your child, x 52 / 12 = %(monthly)s a month")
            % values
        )
    return (
        _(
            "Child Benefit: %(eldest)s a week for the eldest child + %(others)s x %(other)s "
            "for the others = %(weekly)s a week, x 52 / 12 = %(monthly)s a month"
        )
        % values
    )


def _hicbc(top: int, start: int, charge: int, percent: int) -> str:
    return _(
        "High Income Child Benefit Charge: the highest income is about %(top)s a year, "
        "over %(start)s, so about %(charge)s of the year's Child Benefit (%(percent)s%%) is "
        "paid back through tax. Claiming still protects your State Pension."
    ) % {"top": fmt(top), "start": fmt(start), "charge": fmt(charge), "percent": percent}


# --- Universal Credit -------------------------------------------------------------------------


def _uc_mixed_age() -> str:
    return _(
        "One of you has reached State Pension age and the other has not, so you claim "
        "Universal Credit as a couple (not Pension Credit)"
    )


def _uc_standard_allowance(couple: bool, young: bool, amount: int) -> str:
    if couple and young:
        text = _("Standard allowance (couple, both under 25): %(amount)s")
    elif couple:
        text = _("Standard allowance (couple, one or both 25 or over): %(amount)s")
    elif young:
        text = _("Standard allowance (single, under 25): %(amount)s")
    else:
        text = _("Standard allowance (single, 25 or over): %(amount)s")
    return text % {"amount": fmt(amount)}


def _uc_child(
    first_rate: int,
    rate: int,
    first_higher: bool,
    others: int,
    eligible: int,
    limited: int,
    no_limit: bool,
) -> str:
    amount = (first_rate if first_higher else 0) + others * rate
    values = {
        "first_rate": fmt(first_rate),
        "rate": fmt(rate),
        "others": others,
        "eligible": eligible,
        "amount": fmt(amount),
        "limited": limited,
    }
    if first_higher and others:
        text = _(
            "Child element: %(first_rate)s for the eldest child (born before 6 April 2017) + "
            "%(others)s x %(rate)s = %(amount)s"
        )
    elif first_higher:
        text = _("Child element: %(first_rate)s for a child born before 6 April 2017")
    elif eligible == 1:
        text = _("Child element: %(rate)s for one child")
    else:
        text = _("Child element: %(eligible)s x %(rate)s = %(amount)s")
    text %= values
    if limited:
        text += " " + _("(the two-child limit leaves out %(limited)s)") % values
    elif no_limit and eligible > 2:
        text += " " + _("(there is no two-child limit from 6 April 2026)")
    return text


def _uc_disabled_child(
    higher: int, higher_rate: int, lower: int, lower_rate: int, total: int
) -> str:
    values = {
        "higher": higher,
        "higher_rate": fmt(higher_rate),
        "lower": lower,
        "lower_rate": fmt(lower_rate),
        "total": fmt(total),
    }
    if higher and lower:
        text = _(
            "Disabled child addition: %(higher)s x %(higher_rate)s (higher rate) + %(lower)s x "
            "%(lower_rate)s (lower rate) = %(total)s"
        )
    elif higher:
        text = _("Disabled child addition: %(higher)s x %(higher_rate)s (higher rate) = %(total)s")
    else:
        text = _("Disabled child addition: %(lower)s x %(lower_rate)s (lower rate) = %(total)s")
    return text % values


def _uc_lcwra(rate: int, amount: int) -> str:
    if rate == 1:
        text = _("Health element (LCWRA) (claimed before 6 April 2026): %(amount)s")
    elif rate == 2:
        text = _("Health element (LCWRA) (new claim from 6 April 2026): %(amount)s")
    else:
        text = _("Health element (LCWRA): %(amount)s")
    return text % {"amount": fmt(amount)}


def _uc_carer(carers: int, rate: int, total: int) -> str:
    if carers == 1:
        return _("Carer element: %(rate)s") % {"rate": fmt(rate)}
    return _("Carer element: 2 x %(rate)s = %(total)s") % {"rate": fmt(rate), "total": fmt(total)}


def _uc_carer_not_added() -> str:
    return _(
        "Carer element: not added, because the same person has the health element "
        "(only one of the two can be paid for one person)"
    )


def _uc_childcare_no_child() -> str:
    return _("Childcare costs: not added, as there is no child under 16")


def _uc_childcare_no_work(couple: bool) -> str:
    if couple:
        return _(
            "Childcare costs: not added, because the childcare element needs both of you to be "
            "in paid work (or one working and the other unable to care)"
        )
    return _(
        "Childcare costs: not added, because the childcare element needs you to be in paid "
        "work (or one working and the other unable to care)"
    )


def _uc_childcare(share_text: str, paid: int, share: int, cap: int, under_16: int) -> str:
    values = {
        "share_text": share_text,
        "paid": fmt(paid),
        "share": fmt(share),
        "cap": fmt(cap),
        "count": under_16,
    }
    if share > cap:
        return (
            ngettext(
                "Childcare costs: %(share_text)s of %(paid)s = %(share)s, capped at %(cap)s for "
                "%(count)s child",
                "Childcare costs: %(share_text)s of %(paid)s = %(share)s, capped at %(cap)s for "
                "%(count)s children",
                under_16,
            )
            % values
        )
    return _("Childcare costs: %(share_text)s of %(paid)s = %(share)s") % values


def _uc_housing(
    rent: int,
    spare: int,
    share_text: str,
    non_dep: int,
    paying: int,
    rate: int,
    amount: int,
) -> str:
    """One whole sentence for each of spare bedrooms (none, one, more) and other adults (none,
    no deduction, one paying, more paying)."""
    values = {
        "rent": fmt(rent),
        "share_text": share_text,
        "spare": spare,
        "paying": paying,
        "rate": fmt(rate),
        "amount": fmt(amount),
    }
    adults = 0 if non_dep == 0 else 1 if non_dep == 1 else 2 if paying == 1 else 3
    rooms = 0 if not spare else 1 if spare == 1 else 2
    return _HOUSING[rooms][adults]() % values


_HOUSING: tuple[tuple[Callable[[], str], ...], ...] = (
    (
        lambda: _("Housing costs: %(rent)s rent = %(amount)s"),
        lambda: _(
            "Housing costs: %(rent)s rent (no deduction for other adults: you or your partner "
            "get a disability benefit) = %(amount)s"
        ),
        lambda: _(
            "Housing costs: %(rent)s rent less %(paying)s x %(rate)s for another adult living "
            "with you = %(amount)s"
        ),
        lambda: _(
            "Housing costs: %(rent)s rent less %(paying)s x %(rate)s for other adults living "
            "with you = %(amount)s"
        ),
    ),
    (
        lambda: _(
            "Housing costs: %(rent)s rent less %(share_text)s for one spare bedroom = %(amount)s"
        ),
        lambda: _(
            "Housing costs: %(rent)s rent less %(share_text)s for one spare bedroom (no "
            "deduction for other adults: you or your partner get a disability benefit) = "
            "%(amount)s"
        ),
        lambda: _(
            "Housing costs: %(rent)s rent less %(share_text)s for one spare bedroom less "
            "%(paying)s x %(rate)s for another adult living with you = %(amount)s"
        ),
        lambda: _(
            "Housing costs: %(rent)s rent less %(share_text)s for one spare bedroom less "
            "%(paying)s x %(rate)s for other adults living with you = %(amount)s"
        ),
    ),
    (
        lambda: _(
            "Housing costs: %(rent)s rent less %(share_text)s for %(spare)s spare bedrooms = "
            "%(amount)s"
        ),
        lambda: _(
            "Housing costs: %(rent)s rent less %(share_text)s for %(spare)s spare bedrooms (no "
            "deduction for other adults: you or your partner get a disability benefit) = "
            "%(amount)s"
        ),
        lambda: _(
            "Housing costs: %(rent)s rent less %(share_text)s for %(spare)s spare bedrooms less "
            "%(paying)s x %(rate)s for another adult living with you = %(amount)s"
        ),
        lambda: _(
            "Housing costs: %(rent)s rent less %(share_text)s for %(spare)s spare bedrooms less "
            "%(paying)s x %(rate)s for other adults living with you = %(amount)s"
        ),
    ),
)


def _bedrooms(allowed: int, bedrooms: int) -> str:
    values = {"allowed": allowed, "bedrooms": bedrooms}
    if bedrooms > allowed:
        return _("Bedrooms: you are allowed %(allowed)s and have %(bedrooms)s") % values
    return (
        _(
            "Bedrooms: you are allowed %(allowed)s and have %(bedrooms)s, so there is no "
            "reduction for a spare bedroom"
        )
        % values
    )


def _uc_maximum(maximum: int) -> str:
    return _("Maximum Universal Credit (all the amounts above added up): %(maximum)s") % {
        "maximum": fmt(maximum)
    }


def _uc_savings_over(savings: int, upper: int) -> str:
    return _(
        "Savings: %(savings)s is over %(upper)s, so no Universal Credit is paid until savings "
        "fall to that or less"
    ) % {"savings": fmt(savings), "upper": fmt(upper)}


def _uc_tariff(savings: int, lower: int, steps: int, per_step: int, step: int, tariff: int) -> str:
    return _(
        "Savings: %(savings)s is %(over)s over %(lower)s; %(steps)s x %(per_step)s for each "
        "%(step)s or part = %(tariff)s taken off as income"
    ) % {
        "savings": fmt(savings),
        "over": fmt(savings - lower),
        "lower": fmt(lower),
        "steps": steps,
        "per_step": fmt(per_step),
        "step": fmt(step),
        "tariff": fmt(tariff),
    }


def _uc_earnings(net: int, allowance: int, over: int, taper_text: str, deduction: int) -> str:
    values = {
        "net": fmt(net),
        "allowance": fmt(allowance),
        "over": fmt(over),
        "taper_text": taper_text,
        "deduction": fmt(deduction),
    }
    if allowance:
        text = _(
            "Earnings: %(net)s take-home pay less the %(allowance)s work allowance = %(over)s; "
            "%(taper_text)s of that = %(deduction)s taken off"
        )
    else:
        text = _(
            "Earnings: %(taper_text)s of %(net)s take-home pay = %(deduction)s taken off (no "
            "work allowance without children or a health element)"
        )
    return text % values


# Each part of a sum is a whole phrase: "£X State Pension".
_UNEARNED: dict[str, Callable[[], str]] = {
    "state_pension": lambda: _("%(amount)s State Pension"),
    "pension": lambda: _("%(amount)s other pension"),
    "carers_allowance": lambda: _("%(amount)s Carer's Allowance"),
    "other": lambda: _("%(amount)s other income"),
}


def _uc_unearned(parts: tuple[tuple[str, int], ...], total: int) -> str:
    words = " + ".join(_UNEARNED[kind]() % {"amount": fmt(amount)} for kind, amount in parts)
    return _("Other income taken off in full: %(parts)s = %(total)s") % {
        "parts": words,
        "total": fmt(total),
    }


def _uc_before_cap(maximum: int, deduction: int, unearned: int, tariff: int, award: int) -> str:
    return _(
        "Universal Credit before the benefit cap: %(maximum)s less %(deduction)s for "
        "earnings, %(unearned)s other income and %(tariff)s for savings = %(award)s"
    ) % {
        "maximum": fmt(maximum),
        "deduction": fmt(deduction),
        "unearned": fmt(unearned),
        "tariff": fmt(tariff),
        "award": fmt(award),
    }


def _uc_award(award: int) -> str:
    return _("Universal Credit: %(award)s a month") % {"award": fmt(award)}


_CAP_EXEMPT: dict[str, Callable[[], str]] = {
    "earnings": lambda: _(
        "Benefit cap: does not apply, because your take-home pay is at least %(threshold)s a "
        "month (%(hours)s hours a week at the National Living Wage)"
    ),
    "lcwra": lambda: _("Benefit cap: does not apply, because you get the health element"),
    "carer": lambda: _("Benefit cap: does not apply, because you get the carer element"),
    "carers_allowance": lambda: _(
        "Benefit cap: does not apply, because someone gets Carer's Allowance"
    ),
    "disability": lambda: _(
        "Benefit cap: does not apply, because someone in your household gets a disability benefit"
    ),
    "disabled_child": lambda: _(
        "Benefit cap: does not apply, because a child gets a disability benefit"
    ),
}


def _cap_exempt(reason: str, threshold: int, hours: int) -> str:
    text = _CAP_EXEMPT[reason]()
    if reason == "earnings":
        text %= {"threshold": fmt(threshold), "hours": hours}
    return text


def _cap_line(london: bool, child_benefit: bool, childcare: bool) -> str:
    """One whole sentence for each case: in or outside London, with or without Child Benefit,
    with or without childcare left out of the cap."""
    if london and child_benefit and childcare:
        return _(
            "Benefit cap: %(before_cap)s Universal Credit + %(child_benefit)s Child Benefit = "
            "%(total)s, over the %(cap)s cap in London by %(excess)s; less the %(childcare)s "
            "childcare element, which is not capped: Universal Credit is cut by %(reduction)s"
        )
    if london and child_benefit:
        return _(
            "Benefit cap: %(before_cap)s Universal Credit + %(child_benefit)s Child Benefit = "
            "%(total)s, over the %(cap)s cap in London by %(excess)s: Universal Credit is cut "
            "by %(reduction)s"
        )
    if london and childcare:
        return _(
            "Benefit cap: %(before_cap)s Universal Credit = %(total)s, over the %(cap)s cap in "
            "London by %(excess)s; less the %(childcare)s childcare element, which is not "
            "capped: Universal Credit is cut by %(reduction)s"
        )
    if london:
        return _(
            "Benefit cap: %(before_cap)s Universal Credit = %(total)s, over the %(cap)s cap in "
            "London by %(excess)s: Universal Credit is cut by %(reduction)s"
        )
    if child_benefit and childcare:
        return _(
            "Benefit cap: %(before_cap)s Universal Credit + %(child_benefit)s Child Benefit = "
            "%(total)s, over the %(cap)s cap outside London by %(excess)s; less the "
            "%(childcare)s childcare element, which is not capped: Universal Credit is cut by "
            "%(reduction)s"
        )
    if child_benefit:
        return _(
            "Benefit cap: %(before_cap)s Universal Credit + %(child_benefit)s Child Benefit = "
            "%(total)s, over the %(cap)s cap outside London by %(excess)s: Universal Credit is "
            "cut by %(reduction)s"
        )
    if childcare:
        return _(
            "Benefit cap: %(before_cap)s Universal Credit = %(total)s, over the %(cap)s cap "
            "outside London by %(excess)s; less the %(childcare)s childcare element, which is "
            "not capped: Universal Credit is cut by %(reduction)s"
        )
    return _(
        "Benefit cap: %(before_cap)s Universal Credit = %(total)s, over the %(cap)s cap outside "
        "London by %(excess)s: Universal Credit is cut by %(reduction)s"
    )


def _cap(
    before_cap: int,
    child_benefit: int,
    total: int,
    cap: int,
    london: bool,
    excess: int,
    childcare: int,
    reduction: int,
) -> str:
    return _cap_line(london, bool(child_benefit), bool(childcare)) % {
        "before_cap": fmt(before_cap),
        "child_benefit": fmt(child_benefit),
        "total": fmt(total),
        "cap": fmt(cap),
        "excess": fmt(excess),
        "childcare": fmt(childcare),
        "reduction": fmt(reduction),
    }


# --- Pension Credit ---------------------------------------------------------------------------


def _pc_intro(couple: bool) -> str:
    if couple:
        return _("You have both reached State Pension age, so you can claim Pension Credit")
    return _("You have reached State Pension age, so you can claim Pension Credit")


def _pc_minimum_part(part: tuple) -> str:
    kind = part[0]
    if kind == "smg":
        if part[2]:
            return _("%(amount)s standard minimum guarantee (couple)") % {"amount": fmt(part[1])}
        return _("%(amount)s standard minimum guarantee (single)") % {"amount": fmt(part[1])}
    if kind == "severe":
        count, rate = part[1], part[2]
        if count > 1:
            return _("%(count)s x %(rate)s severe disability") % {"count": count, "rate": fmt(rate)}
        return _("%(rate)s severe disability") % {"rate": fmt(rate)}
    if kind == "carer":
        return _("%(amount)s carer addition") % {"amount": fmt(part[1])}
    count = part[2]  # "children"
    return ngettext(
        "%(amount)s for %(count)s child", "%(amount)s for %(count)s children", count
    ) % {"amount": fmt(part[1]), "count": count}


def _pc_minimum(parts: tuple[tuple, ...], amount: int) -> str:
    words = " + ".join(_pc_minimum_part(part) for part in parts)
    return _("Pension Credit minimum a week: %(parts)s = %(amount)s") % {
        "parts": words,
        "amount": fmt(amount),
    }


def _pc_income_part(part: tuple) -> str:
    kind = part[0]
    if kind == "pensions":
        return _("%(amount)s pensions") % {"amount": fmt(part[1])}
    if kind == "pay":
        return _("%(amount)s take-home pay after a %(disregard)s disregard") % {
            "amount": fmt(part[1]),
            "disregard": fmt(part[2]),
        }
    if kind == "carers_allowance":
        return _("%(amount)s Carer's Allowance") % {"amount": fmt(part[1])}
    if kind == "other":
        return _("%(amount)s other income") % {"amount": fmt(part[1])}
    _kind, deemed, per_step, step, lower = part  # "savings"
    return _("%(deemed)s from savings (%(per_step)s for each %(step)s or part over %(lower)s)") % {
        "deemed": fmt(deemed),
        "per_step": fmt(per_step),
        "step": fmt(step),
        "lower": fmt(lower),
    }


def _pc_income(parts: tuple[tuple, ...], income: int) -> str:
    if not parts:
        return _("Income a week: none")
    words = " + ".join(_pc_income_part(part) for part in parts)
    if len(parts) == 1:
        return _("Income a week: %(parts)s") % {"parts": words}
    return _("Income a week: %(parts)s = %(income)s") % {"parts": words, "income": fmt(income)}


def _pc_guarantee(minimum: int, income: int, gc: int) -> str:
    values = {"minimum": fmt(minimum), "income": fmt(income), "gc": fmt(gc)}
    if gc:
        return _("Guarantee Credit: %(minimum)s less %(income)s income = %(gc)s a week") % values
    return _("Guarantee Credit: none, as income of %(income)s is at least %(minimum)s") % values


def _pc_savings_credit(
    rate_text: str,
    threshold: int,
    maximum: int,
    earned: int,
    withdrawal_text: str,
    minimum: int,
    withdrawn: int,
    sc: int,
) -> str:
    return _(
        "Savings Credit: %(rate_text)s of income over %(threshold)s (at most %(maximum)s) = "
        "%(earned)s, less %(withdrawal_text)s of income over %(minimum)s = %(withdrawn)s; "
        "Savings Credit %(sc)s a week"
    ) % {
        "rate_text": rate_text,
        "threshold": fmt(threshold),
        "maximum": fmt(maximum),
        "earned": fmt(earned),
        "withdrawal_text": withdrawal_text,
        "minimum": fmt(minimum),
        "withdrawn": fmt(withdrawn),
        "sc": fmt(sc),
    }


def _pc_award(weekly: int, monthly: int) -> str:
    return _("Pension Credit: %(weekly)s a week, x 52 / 12 = %(monthly)s a month") % {
        "weekly": fmt(weekly),
        "monthly": fmt(monthly),
    }


# --- Housing Benefit (pension age) ------------------------------------------------------------


def _hb_rent(rent: int, weekly: int) -> str:
    return _(
        "Housing Benefit: rent of %(rent)s a month is %(weekly)s a week (x 12 / 52). There is "
        "no spare bedroom reduction at pension age"
    ) % {"rent": fmt(rent), "weekly": fmt(weekly)}


def _hb_maximum(weekly_rent: int, exempt: bool, deduction: int, maximum: int) -> str:
    values = {"rent": fmt(weekly_rent), "deduction": fmt(deduction), "maximum": fmt(maximum)}
    if exempt:
        text = _(
            "Most Housing Benefit: %(rent)s no deduction for other adults: you or your partner "
            "get a disability benefit = %(maximum)s a week"
        )
    else:
        text = _(
            "Most Housing Benefit: %(rent)s less %(deduction)s a week for other adults living "
            "with you = %(maximum)s a week"
        )
    return text % values


def _hb_guarantee_credit(hb: int) -> str:
    return _("With Guarantee Credit you get the most Housing Benefit: %(hb)s a week") % {
        "hb": fmt(hb)
    }


def _hb_savings_over(savings: int, upper: int) -> str:
    return _(
        "Savings of %(savings)s are over %(upper)s, so no Housing Benefit (unless you get "
        "Guarantee Credit)"
    ) % {"savings": fmt(savings), "upper": fmt(upper)}


def _applicable_part(part: tuple) -> str:
    kind = part[0]
    if kind == "allowance":
        if part[2]:
            return _("%(amount)s personal allowance (pension age reached before April 2021)") % {
                "amount": fmt(part[1])
            }
        return _("%(amount)s personal allowance") % {"amount": fmt(part[1])}
    if kind == "children":
        return _("%(count)s x %(rate)s for children") % {"count": part[1], "rate": fmt(part[2])}
    if kind == "disabled_child_premiums":
        return _("%(amount)s disabled child premiums") % {"amount": fmt(part[1])}
    if kind == "disabled_child_premium":
        return _("%(amount)s disabled child premium") % {"amount": fmt(part[1])}
    if kind == "carer":
        return _("%(amount)s carer premium") % {"amount": fmt(part[1])}
    return _("%(amount)s severe disability premium") % {"amount": fmt(part[1])}  # "severe"


def _hb_applicable(parts: tuple[tuple, ...], amount: int) -> str:
    words = " + ".join(_applicable_part(part) for part in parts)
    return _("Applicable amount: %(parts)s = %(amount)s a week") % {
        "parts": words,
        "amount": fmt(amount),
    }


def _hb_income(income: int, sc: int, tariff: int, lower: int) -> str:
    values = {"income": fmt(income), "sc": fmt(sc), "tariff": fmt(tariff), "lower": fmt(lower)}
    if sc and tariff:
        text = _(
            "Income: %(income)s a week (including %(sc)s Savings Credit) (including %(tariff)s "
            "from savings over %(lower)s)"
        )
    elif sc:
        text = _("Income: %(income)s a week (including %(sc)s Savings Credit)")
    elif tariff:
        text = _("Income: %(income)s a week (including %(tariff)s from savings over %(lower)s)")
    else:
        text = _("Income: %(income)s a week")
    return text % values


def _hb_taper(maximum: int, taper_text: str, excess: int, taper: int, hb: int) -> str:
    return _(
        "Housing Benefit: %(maximum)s less %(taper_text)s of the %(excess)s income over the "
        "applicable amount (%(taper)s) = %(hb)s a week"
    ) % {
        "maximum": fmt(maximum),
        "taper_text": taper_text,
        "excess": fmt(excess),
        "taper": fmt(taper),
        "hb": fmt(hb),
    }


def _hb_award(weekly: int, monthly: int, capped: bool) -> str:
    values = {"weekly": fmt(weekly), "monthly": fmt(monthly)}
    if capped:
        text = _(
            "Housing Benefit: %(weekly)s a week x 52 / 12 = %(monthly)s a month (no more than "
            "the rent)"
        )
    else:
        text = _("Housing Benefit: %(weekly)s a week x 52 / 12 = %(monthly)s a month")
    return text % values


# --- Council Tax Reduction --------------------------------------------------------------------
# A line is clauses joined by "; ", each clause a whole message: what the bill is, why the
# help is what it is, and what it comes to.


def _ctr_pension(
    bill: int,
    ndd: int,
    reason: str,
    a: int,
    b: int,
    c: int,
    taper_text: str,
    annual: int,
    monthly: int,
) -> str:
    values = {
        "bill": fmt(bill),
        "ndd": fmt(ndd),
        "ndd_year": fmt(ndd * 52),
        "a": fmt(a),
        "b": fmt(b),
        "c_year": fmt(c * 52),
        "taper_text": taper_text,
        "annual": fmt(annual),
        "monthly": fmt(monthly),
    }
    if ndd:
        head = _(
            "Council Tax Reduction (pension age, national scheme): bill %(bill)s a year, less "
            "%(ndd)s a week (%(ndd_year)s a year) for other adults"
        )
    else:
        head = _("Council Tax Reduction (pension age, national scheme): bill %(bill)s a year")
    if reason == "gc":
        why = _(
            "with Guarantee Credit you get the most help = %(annual)s a year, %(monthly)s a month"
        )
    elif reason == "savings":
        why = _("savings are over %(a)s, so there is none = %(annual)s a year, %(monthly)s a month")
    else:
        why = _(
            "less %(taper_text)s of the %(a)s a week income over the %(b)s applicable amount "
            "(%(c_year)s a year) = %(annual)s a year, %(monthly)s a month"
        )
    return f"{head % values}; {why % values}"


def _ctr_head(name: str, bill: int, capped: int, band_cap: str | None) -> str:
    values = {"name": name, "bill": fmt(bill), "band": band_cap, "capped": fmt(capped)}
    if capped != bill:
        return (
            _(
                "Council Tax Reduction (%(name)s): bill %(bill)s a year, help only up to the band "
                "%(band)s bill of %(capped)s"
            )
            % values
        )
    return _("Council Tax Reduction (%(name)s): bill %(bill)s a year") % values


def _ctr_savings_over(name: str, bill: int, capped: int, band_cap: str | None, limit: int) -> str:
    why = _("savings are over %(limit)s, so none") % {"limit": fmt(limit)}
    return f"{_ctr_head(name, bill, capped, band_cap)}; {why}"


# The basis of the help and its total, one whole clause for each kind of household, with and
# without a deduction for other adults.
_CTR_BANDS: dict[tuple[str, bool], Callable[[], str]] = {
    ("family", False): lambda: _(
        "%(percent)s%% for a family household with %(income)s a month income = %(annual)s a "
        "year, %(monthly)s a month"
    ),
    ("family", True): lambda: _(
        "%(percent)s%% for a family household with %(income)s a month income; less %(ndd)s a "
        "week for other adults = %(annual)s a year, %(monthly)s a month"
    ),
    ("couple", False): lambda: _(
        "%(percent)s%% for a couple household with %(income)s a month income = %(annual)s a "
        "year, %(monthly)s a month"
    ),
    ("couple", True): lambda: _(
        "%(percent)s%% for a couple household with %(income)s a month income; less %(ndd)s a "
        "week for other adults = %(annual)s a year, %(monthly)s a month"
    ),
    ("single", False): lambda: _(
        "%(percent)s%% for a single household with %(income)s a month income = %(annual)s a "
        "year, %(monthly)s a month"
    ),
    ("single", True): lambda: _(
        "%(percent)s%% for a single household with %(income)s a month income; less %(ndd)s a "
        "week for other adults = %(annual)s a year, %(monthly)s a month"
    ),
}


def _ctr_bands(
    name: str,
    bill: int,
    capped: int,
    band_cap: str | None,
    percent: int,
    kind: str,
    income: int,
    ndd: int,
    annual: int,
    monthly: int,
) -> str:
    basis = _CTR_BANDS[kind, bool(ndd)]() % {
        "percent": percent,
        "income": fmt(income),
        "ndd": fmt(ndd),
        "annual": fmt(annual),
        "monthly": fmt(monthly),
    }
    return f"{_ctr_head(name, bill, capped, band_cap)}; {basis}"


def _ctr_taper(
    name: str,
    bill: int,
    capped: int,
    band_cap: str | None,
    max_percent: int,
    taper_percent: int,
    excess: int,
    allowance: int,
    ndd: int,
    annual: int,
    monthly: int,
) -> str:
    if ndd:
        text = _(
            "%(max_percent)s%% of the bill less %(taper_percent)s%% of the %(excess)s a month "
            "income over %(allowance)s; less %(ndd)s a week for other adults = %(annual)s a "
            "year, %(monthly)s a month"
        )
    else:
        text = _(
            "%(max_percent)s%% of the bill less %(taper_percent)s%% of the %(excess)s a month "
            "income over %(allowance)s = %(annual)s a year, %(monthly)s a month"
        )
    basis = text % {
        "max_percent": max_percent,
        "taper_percent": taper_percent,
        "excess": fmt(excess),
        "allowance": fmt(allowance),
        "ndd": fmt(ndd),
        "annual": fmt(annual),
        "monthly": fmt(monthly),
    }
    return f"{_ctr_head(name, bill, capped, band_cap)}; {basis}"


TEMPLATES: dict[str, Callable[..., str]] = {
    "earnings": _earnings,
    "child_benefit": _child_benefit,
    "hicbc": _hicbc,
    "uc_mixed_age": _uc_mixed_age,
    "uc_standard_allowance": _uc_standard_allowance,
    "uc_child": _uc_child,
    "uc_disabled_child": _uc_disabled_child,
    "uc_lcwra": _uc_lcwra,
    "uc_carer": _uc_carer,
    "uc_carer_not_added": _uc_carer_not_added,
    "uc_childcare_no_child": _uc_childcare_no_child,
    "uc_childcare_no_work": _uc_childcare_no_work,
    "uc_childcare": _uc_childcare,
    "uc_housing": _uc_housing,
    "bedrooms": _bedrooms,
    "uc_maximum": _uc_maximum,
    "uc_savings_over": _uc_savings_over,
    "uc_tariff": _uc_tariff,
    "uc_earnings": _uc_earnings,
    "uc_unearned": _uc_unearned,
    "uc_before_cap": _uc_before_cap,
    "uc_award": _uc_award,
    "cap_exempt": _cap_exempt,
    "cap": _cap,
    "pc_intro": _pc_intro,
    "pc_minimum": _pc_minimum,
    "pc_income": _pc_income,
    "pc_guarantee": _pc_guarantee,
    "pc_savings_credit": _pc_savings_credit,
    "pc_award": _pc_award,
    "hb_rent": _hb_rent,
    "hb_maximum": _hb_maximum,
    "hb_guarantee_credit": _hb_guarantee_credit,
    "hb_savings_over": _hb_savings_over,
    "hb_applicable": _hb_applicable,
    "hb_income": _hb_income,
    "hb_taper": _hb_taper,
    "hb_award": _hb_award,
    "ctr_pension": _ctr_pension,
    "ctr_savings_over": _ctr_savings_over,
    "ctr_bands": _ctr_bands,
    "ctr_taper": _ctr_taper,
}


def translated_line(step: Step) -> str:
    """One step in the active language, through the messages above (whatever the language)."""
    return TEMPLATES[step[0]](*step[1:])


def _english() -> bool:
    language = get_language()
    return language is None or language.startswith("en")


def working_lines(steps: Iterable[Step]) -> list[str]:
    """One section's steps in the reader's language: the engine's own words for English."""
    line = render if _english() else translated_line
    return [line(step) for step in steps]


def steps_from_json(sections: dict[str, list]) -> dict[str, list[Step]]:
    """Saved steps back as the tuples the engine made (JSON keeps tuples as lists)."""
    return {section: [_tuple(step) for step in steps] for section, steps in sections.items()}


def _tuple(value):
    return tuple(_tuple(item) for item in value) if isinstance(value, list) else value
