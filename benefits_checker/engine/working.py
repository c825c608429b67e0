"""The working as data, and its words.

While it calculates, the engine records each step of the working as a tuple: a template key
and the numbers (whole pence, counts) and choices the sentence needs, for example

    ("uc_housing", 45000, 1, "14%", 0, 0, 0, 38700)
    -> "Housing costs: £450.00 rent less 14% for one spare bedroom = £387.00"

Nothing is turned into words until someone reads it: `render(step)` writes one step and
`render_sections(steps)` a result's working, section by section, in English. The web check
saves the steps with a check and words them when the page is read, in the reader's language
(`benefits_checker/working_words.py` holds the same keys as gettext messages, Django side;
English readers get `render`'s words); caseload screening renders each household's
explanation here, in English, as it writes the JSON. So a screening or a benchmark that only
needs the amounts never pays for the words, and the words come out exactly as before
(tests/benefits_checker/test_working_rendering.py holds them to a fixture). A new template
key needs its Welsh-capable twin in working_words.py (a test loops over both).

Each template is a function of the step's values, in order. A step's values are plain ints,
bools and short strings, so a step is cheap to make and safe to keep.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from .text import fmt

Step = tuple  # (template key, *values)


# --- Earnings ---------------------------------------------------------------------------------


def _earnings(index: int, gross: int, tax: int, ni: int, net: int, marriage: bool) -> str:
    who = "Your partner" if index else "You"
    verb = "earns" if index else "earn"
    if tax or ni:
        line = (
            f"Earnings: {who} {verb} {fmt(gross)} a month before tax; less {fmt(tax)} income "
            f"tax and {fmt(ni)} National Insurance = {fmt(net)} take-home pay"
        )
    else:
        line = (
            f"Earnings: {who} {verb} {fmt(gross)} a month, too little for income tax or "
            "National Insurance, so that is the take-home pay"
        )
    if marriage:
        line += " (with Marriage Allowance from your partner)"
    return line


# --- Child Benefit ----------------------------------------------------------------------------


def _child_benefit(count: int, eldest: int, other: int, weekly: int, monthly: int) -> str:
    if count == 1:
        return (
            f"Child Benefit: {fmt(eldest)} a week for your child, x 52 / 12 = "
            f"{fmt(monthly)} a month"
        )
    return (
        f"Child Benefit: {fmt(eldest)} a week for the eldest child + {count - 1} x "
        f"{fmt(other)} for the others = {fmt(weekly)} a week, x 52 / 12 = "
        f"{fmt(monthly)} a month"
    )


def _hicbc(top: int, start: int, charge: int, percent: int) -> str:
    return (
        f"High Income Child Benefit Charge: the highest income is about {fmt(top)} a year, "
        f"over {fmt(start)}, so about {fmt(charge)} of the year's Child Benefit "
        f"({percent}%) is paid back through tax. Claiming still protects your State Pension."
    )


# --- Universal Credit -------------------------------------------------------------------------

_SA_LABELS = {
    (True, True): "couple, both under 25",
    (True, False): "couple, one or both 25 or over",
    (False, True): "single, under 25",
    (False, False): "single, 25 or over",
}


def _uc_standard_allowance(couple: bool, young: bool, amount: int) -> str:
    return f"Standard allowance ({_SA_LABELS[couple, young]}): {fmt(amount)}"


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
    if first_higher and others:
        text = (
            f"Child element: {fmt(first_rate)} for the eldest child (born before "
            f"6 April 2017) + {others} x {fmt(rate)} = {fmt(amount)}"
        )
    elif first_higher:
        text = f"Child element: {fmt(first_rate)} for a child born before 6 April 2017"
    elif eligible == 1:
        text = f"Child element: {fmt(rate)} for one child"
    else:
        text = f"Child element: {eligible} x {fmt(rate)} = {fmt(amount)}"
    if limited:
        text += f" (the two-child limit leaves out {limited})"
    elif no_limit and eligible > 2:
        text += " (there is no two-child limit from 6 April 2026)"
    return text


def _uc_disabled_child(
    higher: int, higher_rate: int, lower: int, lower_rate: int, total: int
) -> str:
    parts = []
    if higher:
        parts.append(f"{higher} x {fmt(higher_rate)} (higher rate)")
    if lower:
        parts.append(f"{lower} x {fmt(lower_rate)} (lower rate)")
    return f"Disabled child addition: {' + '.join(parts)} = {fmt(total)}"


_LCWRA_RATES = ("", " (claimed before 6 April 2026)", " (new claim from 6 April 2026)")


def _uc_lcwra(rate: int, amount: int) -> str:
    """rate: 0 when both rates are the same, 1 the protected rate, 2 the new-claim rate."""
    return f"Health element (LCWRA){_LCWRA_RATES[rate]}: {fmt(amount)}"


def _uc_carer(carers: int, rate: int, total: int) -> str:
    if carers == 1:
        return f"Carer element: {fmt(rate)}"
    return f"Carer element: 2 x {fmt(rate)} = {fmt(total)}"


def _uc_childcare_no_work(couple: bool) -> str:
    return (
        "Childcare costs: not added, because the childcare element needs "
        + ("both of you" if couple else "you")
        + " to be in paid work (or one working and the other unable to care)"
    )


def _uc_childcare(share_text: str, paid: int, share: int, cap: int, under_16: int) -> str:
    text = f"Childcare costs: {share_text} of {fmt(paid)} = {fmt(share)}"
    if share > cap:
        plural = "children" if under_16 > 1 else "child"
        text += f", capped at {fmt(cap)} for {under_16} {plural}"
    return text


def _uc_housing(
    rent: int,
    spare: int,
    share_text: str,
    non_dep: int,
    paying: int,
    rate: int,
    amount: int,
) -> str:
    """non_dep: 0 none, 1 no deduction (a disability benefit), 2 `paying` x `rate` off."""
    text = f"Housing costs: {fmt(rent)} rent"
    if spare:
        text += (
            f" less {share_text} for "
            f"{'one spare bedroom' if spare == 1 else f'{spare} spare bedrooms'}"
        )
    if non_dep == 1:
        text += " (no deduction for other adults: you or your partner get a disability benefit)"
    elif non_dep == 2:
        text += (
            f" less {paying} x {fmt(rate)} for "
            f"{'another adult' if paying == 1 else 'other adults'} living with you"
        )
    return f"{text} = {fmt(amount)}"


def _bedrooms(allowed: int, bedrooms: int) -> str:
    if bedrooms > allowed:
        return f"Bedrooms: you are allowed {allowed} and have {bedrooms}"
    return (
        f"Bedrooms: you are allowed {allowed} and have {bedrooms}, so there is no reduction "
        "for a spare bedroom"
    )


def _uc_maximum(maximum: int) -> str:
    return f"Maximum Universal Credit (all the amounts above added up): {fmt(maximum)}"


def _uc_savings_over(savings: int, upper: int) -> str:
    return (
        f"Savings: {fmt(savings)} is over {fmt(upper)}, so no Universal Credit "
        "is paid until savings fall to that or less"
    )


def _uc_tariff(savings: int, lower: int, steps: int, per_step: int, step: int, tariff: int) -> str:
    return (
        f"Savings: {fmt(savings)} is {fmt(savings - lower)} over "
        f"{fmt(lower)}; {steps} x {fmt(per_step)} for each "
        f"{fmt(step)} or part = {fmt(tariff)} taken off as income"
    )


def _uc_earnings(net: int, allowance: int, over: int, taper_text: str, deduction: int) -> str:
    if allowance:
        return (
            f"Earnings: {fmt(net)} take-home pay less the {fmt(allowance)} work allowance "
            f"= {fmt(over)}; {taper_text} of that = {fmt(deduction)} taken off"
        )
    return (
        f"Earnings: {taper_text} of {fmt(net)} take-home pay = "
        f"{fmt(deduction)} taken off (no work allowance without children or a health "
        "element)"
    )


_UNEARNED = {
    "state_pension": "State Pension",
    "pension": "other pension",
    "carers_allowance": "Carer's Allowance",
    "other": "other income",
}


def _uc_unearned(parts: tuple[tuple[str, int], ...], total: int) -> str:
    words = " + ".join(f"{fmt(amount)} {_UNEARNED[kind]}" for kind, amount in parts)
    return f"Other income taken off in full: {words} = {fmt(total)}"


def _uc_before_cap(maximum: int, deduction: int, unearned: int, tariff: int, award: int) -> str:
    return (
        f"Universal Credit before the benefit cap: {fmt(maximum)} less {fmt(deduction)} "
        f"for earnings, {fmt(unearned)} other income and {fmt(tariff)} for savings = "
        f"{fmt(award)}"
    )


def _uc_award(award: int) -> str:
    return f"Universal Credit: {fmt(award)} a month"


_CAP_EXEMPT = {
    "lcwra": "you get the health element",
    "carer": "you get the carer element",
    "carers_allowance": "someone gets Carer's Allowance",
    "disability": "someone in your household gets a disability benefit",
    "disabled_child": "a child gets a disability benefit",
}


def _cap_exempt(reason: str, threshold: int, hours: int) -> str:
    if reason == "earnings":
        why = (
            f"your take-home pay is at least {fmt(threshold)} a month "
            f"({hours} hours a week at the National Living Wage)"
        )
    else:
        why = _CAP_EXEMPT[reason]
    return f"Benefit cap: does not apply, because {why}"


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
    where = "in London" if london else "outside London"
    text = (
        f"Benefit cap: {fmt(before_cap)} Universal Credit"
        + (f" + {fmt(child_benefit)} Child Benefit" if child_benefit else "")
        + f" = {fmt(total)}, over the {fmt(cap)} cap {where} by {fmt(excess)}"
    )
    if childcare:
        text += f"; less the {fmt(childcare)} childcare element, which is not capped"
    return f"{text}: Universal Credit is cut by {fmt(reduction)}"


# --- Pension Credit ---------------------------------------------------------------------------


def _pc_intro(couple: bool) -> str:
    if couple:
        return "You have both reached State Pension age, so you can claim Pension Credit"
    return "You have reached State Pension age, so you can claim Pension Credit"


def _pc_minimum_part(part: tuple) -> str:
    kind = part[0]
    if kind == "smg":
        return f"{fmt(part[1])} standard minimum guarantee ({'couple' if part[2] else 'single'})"
    if kind == "severe":
        count, rate = part[1], part[2]
        if count > 1:
            return f"{count} x {fmt(rate)} severe disability"
        return f"{fmt(rate)} severe disability"
    if kind == "carer":
        return f"{fmt(part[1])} carer addition"
    count = part[2]  # "children"
    return f"{fmt(part[1])} for {count} child{'ren' if count > 1 else ''}"


def _pc_minimum(parts: tuple[tuple, ...], amount: int) -> str:
    words = " + ".join(_pc_minimum_part(part) for part in parts)
    return f"Pension Credit minimum a week: {words} = {fmt(amount)}"


def _pc_income_part(part: tuple) -> str:
    kind = part[0]
    if kind == "pensions":
        return f"{fmt(part[1])} pensions"
    if kind == "pay":
        return f"{fmt(part[1])} take-home pay after a {fmt(part[2])} disregard"
    if kind == "carers_allowance":
        return f"{fmt(part[1])} Carer's Allowance"
    if kind == "other":
        return f"{fmt(part[1])} other income"
    _, deemed, per_step, step, lower = part  # "savings"
    return (
        f"{fmt(deemed)} from savings ({fmt(per_step)} for each "
        f"{fmt(step)} or part over {fmt(lower)})"
    )


def _pc_income(parts: tuple[tuple, ...], income: int) -> str:
    words = " + ".join(_pc_income_part(part) for part in parts) if parts else "none"
    return f"Income a week: {words}" + (f" = {fmt(income)}" if len(parts) > 1 else "")


def _pc_guarantee(minimum: int, income: int, gc: int) -> str:
    if gc:
        return f"Guarantee Credit: {fmt(minimum)} less {fmt(income)} income = {fmt(gc)} a week"
    return f"Guarantee Credit: none, as income of {fmt(income)} is at least {fmt(minimum)}"


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
    return (
        f"Savings Credit: {rate_text} of income over {fmt(threshold)} "
        f"(at most {fmt(maximum)}) = {fmt(earned)}, less {withdrawal_text} "
        f"of income over {fmt(minimum)} = {fmt(withdrawn)}; Savings Credit {fmt(sc)} a week"
    )


def _pc_award(weekly: int, monthly: int) -> str:
    return f"Pension Credit: {fmt(weekly)} a week, x 52 / 12 = {fmt(monthly)} a month"


# --- Housing Benefit (pension age) ------------------------------------------------------------


def _hb_rent(rent: int, weekly: int) -> str:
    return (
        f"Housing Benefit: rent of {fmt(rent)} a month is {fmt(weekly)} a week (x 12 / 52). "
        "There is no spare bedroom reduction at pension age"
    )


def _hb_maximum(weekly_rent: int, exempt: bool, deduction: int, maximum: int) -> str:
    if exempt:
        ndd = "no deduction for other adults: you or your partner get a disability benefit"
    else:
        ndd = f"less {fmt(deduction)} a week for other adults living with you"
    return f"Most Housing Benefit: {fmt(weekly_rent)} {ndd} = {fmt(maximum)} a week"


def _hb_guarantee_credit(hb: int) -> str:
    return f"With Guarantee Credit you get the most Housing Benefit: {fmt(hb)} a week"


def _hb_savings_over(savings: int, upper: int) -> str:
    return (
        f"Savings of {fmt(savings)} are over {fmt(upper)}, so no Housing "
        "Benefit (unless you get Guarantee Credit)"
    )


def _applicable_part(part: tuple) -> str:
    kind = part[0]
    if kind == "allowance":
        return f"{fmt(part[1])} personal allowance" + (
            " (pension age reached before April 2021)" if part[2] else ""
        )
    if kind == "children":
        return f"{part[1]} x {fmt(part[2])} for children"
    if kind == "disabled_child_premiums":
        return f"{fmt(part[1])} disabled child premiums"
    if kind == "disabled_child_premium":
        return f"{fmt(part[1])} disabled child premium"
    if kind == "carer":
        return f"{fmt(part[1])} carer premium"
    return f"{fmt(part[1])} severe disability premium"  # "severe"


def _hb_applicable(parts: tuple[tuple, ...], amount: int) -> str:
    words = " + ".join(_applicable_part(part) for part in parts)
    return f"Applicable amount: {words} = {fmt(amount)} a week"


def _hb_income(income: int, sc: int, tariff: int, lower: int) -> str:
    return (
        f"Income: {fmt(income)} a week"
        + (f" (including {fmt(sc)} Savings Credit)" if sc else "")
        + (f" (including {fmt(tariff)} from savings over {fmt(lower)})" if tariff else "")
    )


def _hb_taper(maximum: int, taper_text: str, excess: int, taper: int, hb: int) -> str:
    return (
        f"Housing Benefit: {fmt(maximum)} less {taper_text} of the "
        f"{fmt(excess)} income over the applicable amount ({fmt(taper)}) = {fmt(hb)} a week"
    )


def _hb_award(weekly: int, monthly: int, capped: bool) -> str:
    return f"Housing Benefit: {fmt(weekly)} a week x 52 / 12 = {fmt(monthly)} a month" + (
        " (no more than the rent)" if capped else ""
    )


# --- Council Tax Reduction --------------------------------------------------------------------


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
    """reason "gc"; "savings" (a: the upper limit); "taper" (a: excess income a week, b: the
    applicable amount, c: the taper a week)."""
    text = f"Council Tax Reduction (pension age, national scheme): bill {fmt(bill)} a year"
    if ndd:
        text += f", less {fmt(ndd)} a week ({fmt(ndd * 52)} a year) for other adults"
    if reason == "gc":
        why = "with Guarantee Credit you get the most help"
    elif reason == "savings":
        why = f"savings are over {fmt(a)}, so there is none"
    else:
        why = (
            f"less {taper_text} of the {fmt(a)} a week income over the "
            f"{fmt(b)} applicable amount ({fmt(c * 52)} a year)"
        )
    return f"{text}; {why} = {fmt(annual)} a year, {fmt(monthly)} a month"


def _ctr_head(name: str, bill: int, capped: int, band_cap: str | None) -> str:
    head = f"Council Tax Reduction ({name}): bill {fmt(bill)} a year"
    if capped != bill:
        head += f", help only up to the band {band_cap} bill of {fmt(capped)}"
    return head


def _ctr_savings_over(name: str, bill: int, capped: int, band_cap: str | None, limit: int) -> str:
    return f"{_ctr_head(name, bill, capped, band_cap)}; savings are over {fmt(limit)}, so none"


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
    basis = f"{percent}% for a {kind} household with {fmt(income)} a month income"
    return _ctr_line(name, bill, capped, band_cap, basis, ndd, annual, monthly)


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
    basis = (
        f"{max_percent}% of the bill less {taper_percent}% of the "
        f"{fmt(excess)} a month income over {fmt(allowance)}"
    )
    return _ctr_line(name, bill, capped, band_cap, basis, ndd, annual, monthly)


def _ctr_line(name, bill, capped, band_cap, basis, ndd, annual, monthly) -> str:
    return (
        f"{_ctr_head(name, bill, capped, band_cap)}; {basis}"
        + (f"; less {fmt(ndd)} a week for other adults" if ndd else "")
        + f" = {fmt(annual)} a year, {fmt(monthly)} a month"
    )


def _fixed(text: str) -> Callable[[], str]:
    return lambda: text


TEMPLATES: dict[str, Callable[..., str]] = {
    "earnings": _earnings,
    "child_benefit": _child_benefit,
    "hicbc": _hicbc,
    "uc_mixed_age": _fixed(
        "One of you has reached State Pension age and the other has not, so you claim "
        "Universal Credit as a couple (not Pension Credit)"
    ),
    "uc_standard_allowance": _uc_standard_allowance,
    "uc_child": _uc_child,
    "uc_disabled_child": _uc_disabled_child,
    "uc_lcwra": _uc_lcwra,
    "uc_carer": _uc_carer,
    "uc_carer_not_added": _fixed(
        "Carer element: not added, because the same person has the health element "
        "(only one of the two can be paid for one person)"
    ),
    "uc_childcare_no_child": _fixed("Childcare costs: not added, as there is no child under 16"),
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


# Steps whose values hardly vary across a caseload (a rate, a count of children, bedrooms):
# their words are remembered, up to a bound so memory stays flat. A step is a tuple of plain
# values, so it is its own key.
REMEMBERED = frozenset(
    {
        "uc_mixed_age",
        "uc_standard_allowance",
        "uc_child",
        "uc_disabled_child",
        "uc_lcwra",
        "uc_carer",
        "uc_carer_not_added",
        "uc_childcare_no_child",
        "uc_childcare_no_work",
        "bedrooms",
        "cap_exempt",
        "child_benefit",
        "pc_intro",
        "pc_minimum",
        "hb_applicable",
    }
)
_SEEN: dict[Step, str] = {}
_LIMIT = 4096


def render(step: Step, _get=_SEEN.get) -> str:
    """One step of the working in words."""
    key = step[0]
    if key not in REMEMBERED:
        return TEMPLATES[key](*step[1:])
    text = _get(step)
    if text is None:
        text = TEMPLATES[key](*step[1:])
        if len(_SEEN) >= _LIMIT:
            _SEEN.clear()
        _SEEN[step] = text
    return text


def render_lines(steps: Iterable[Step]) -> list[str]:
    return [render(step) for step in steps]


def render_sections(sections: dict[str, list[Step]]) -> dict[str, list[str]]:
    """A result's working in words: section -> lines, in order."""
    return {section: render_lines(steps) for section, steps in sections.items()}
