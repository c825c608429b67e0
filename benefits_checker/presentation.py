"""What the pages show: the rows of "Check your answers" and the result page's context, built
from stored answers and results (no queries here)."""

from __future__ import annotations

import logging

from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.money import format_pence

from .engine import BENEFITS
from .result_words import benefit_name, english, how_to_claim, item_for_reader, note_for_reader
from .services import BUDGET_KEYS, budget_amounts, budget_amounts_named
from .working_words import steps_from_json, working_lines

logger = logging.getLogger(__name__)

YES_NO = {"yes": _("Yes"), "no": _("No")}
SEX = {"F": _("Girl"), "M": _("Boy"), "unknown": _("Prefer not to say")}
CHILD_DISABILITY = {
    "none": _("No disability benefit"),
    "lower": _("Disability Living Allowance or PIP"),
    "higher": _("Highest rate DLA care or enhanced PIP daily living"),
    "no_benefit": _("A disability or condition, but no disability benefit yet"),
}
RELATIONSHIP = {
    "partner": _("Your partner"),
    "child": _("Your child"),
    "other_adult": _("Another adult"),
    "away": _("Does not live here now"),
}


def _money(pence) -> str:
    return format_pence(pence or 0)


def _row(key: str, value: str, step: str, hidden: str) -> dict:
    return {
        "key": key,
        "value": value,
        "action_href": reverse("benefits_checker:step", args=[step]) + "?change=1",
        "action_text": gettext("Change"),
        "action_hidden": hidden,
    }


def check_answers_rows(
    answers, people, *, steps, partner, children, other_adults, relationship, choices
) -> list[dict]:
    """Groups of summary-list rows, one group per page of the check, each with a Change link."""
    slugs = {step.slug for step in steps}
    groups = []
    rows = [_row(p["name"], RELATIONSHIP[relationship(p)], "people", p["name"]) for p in people[1:]]
    if not rows:
        rows = [{"key": gettext("People on the tenancy"), "value": gettext("Only you")}]
    groups.append({"title": gettext("Who lives with you"), "rows": rows})
    if "partner" in slugs:
        groups.append(
            {
                "title": gettext("You and your partner"),
                "rows": [
                    _row(
                        gettext("Married or civil partners"),
                        YES_NO.get(answers.get("married"), ""),
                        "partner",
                        gettext("whether you are married"),
                    )
                ],
            }
        )
    if "children" in slugs:
        rows = []
        for person in [p for p in people[1:] if relationship(p) == "child"]:
            details = answers.get("children", {}).get(str(person["id"]), {})
            sex = SEX.get(details.get("sex"), "")
            value = f"{sex}. {CHILD_DISABILITY.get(details.get('disability'), '')}"
            if "education" in details:
                value += ". " + gettext("In education: %(answer)s") % {
                    "answer": YES_NO.get(details["education"], "")
                }
            rows.append(
                _row(
                    person["name"],
                    value,
                    "children",
                    gettext("details for %(name)s") % {"name": person["name"]},
                )
            )
        groups.append({"title": gettext("Your children"), "rows": rows})
    adults = [("me", gettext("You"), people[0])] + (
        [("partner", partner["name"], partner)] if partner else []
    )
    health_rows, caring_rows, income_rows = [], [], []
    for key, label, _person in adults:
        health = answers.get("health", {}).get(key, {})
        health_rows.append(
            _row(
                label,
                "; ".join(
                    str(part)
                    for part in (
                        gettext("Health element: %(answer)s")
                        % {"answer": choices["lcwra"].get(health.get("lcwra"), "")},
                        choices["disability"].get(health.get("disability_benefit"), ""),
                        gettext("A condition that affects daily life")
                        if health.get("condition") == "yes"
                        else "",
                        gettext("Registered blind") if health.get("blind") == "yes" else "",
                    )
                    if part
                ),
                "health",
                gettext("your health answers")
                if key == "me"
                else gettext("health answers for %(name)s") % {"name": label},
            )
        )
        caring = answers.get("caring", {}).get(key, {})
        caring_rows.append(
            _row(
                label,
                gettext("Cares 35 hours a week: %(carer)s. Carer's Allowance: %(allowance)s")
                % {
                    "carer": YES_NO.get(caring.get("carer"), ""),
                    "allowance": YES_NO.get(caring.get("carers_allowance"), ""),
                },
                "caring",
                gettext("your caring answers")
                if key == "me"
                else gettext("caring answers for %(name)s") % {"name": label},
            )
        )
        income = answers.get("income", {}).get(key, {})
        pay = income.get("earnings") or 0
        period = choices["period"].get(income.get("earnings_period"), "").lower()
        income_rows.append(
            _row(
                label,
                (
                    gettext("Earnings %(amount)s %(period)s")
                    % {"amount": _money(pay), "period": period}
                    if pay
                    else gettext("No earnings")
                )
                + ". "
                + gettext("State Pension %(amount)s a week")
                % {"amount": _money(income.get("state_pension"))}
                + ". "
                + gettext("Other pensions %(amount)s a month")
                % {"amount": _money(income.get("other_pension"))},
                "income",
                gettext("your earnings and pensions")
                if key == "me"
                else gettext("earnings and pensions for %(name)s") % {"name": label},
            )
        )
    groups.append({"title": gettext("Health and disability"), "rows": health_rows})
    groups.append({"title": gettext("Caring for someone"), "rows": caring_rows})
    groups.append({"title": gettext("Earnings and pensions"), "rows": income_rows})
    home = answers.get("home", {})
    groups.append(
        {
            "title": gettext("Your home"),
            "rows": [
                _row(gettext("Rent a month"), _money(home.get("rent")), "home", gettext("rent")),
                _row(
                    gettext("Bedrooms"),
                    str(home.get("bedrooms", "")),
                    "home",
                    gettext("bedrooms"),
                ),
                _row(
                    gettext("Council tax a year"),
                    _money(home["council_tax"])
                    if home.get("council_tax")
                    else gettext("Not given"),
                    "home",
                    gettext("council tax"),
                ),
                _row(
                    gettext("A carer stays overnight"),
                    YES_NO.get(home.get("overnight_carer"), ""),
                    "home",
                    gettext("whether a carer stays overnight"),
                ),
            ],
        }
    )
    money = answers.get("savings", {})
    rows = [_row(gettext("Savings"), _money(money.get("savings")), "savings", gettext("savings"))]
    if "childcare" in money:
        rows.append(
            _row(
                gettext("Childcare a month"),
                _money(money.get("childcare")),
                "savings",
                gettext("childcare"),
            )
        )
    groups.append({"title": gettext("Savings and childcare"), "rows": rows})
    if other_adults:
        rows = []
        for person in other_adults:
            details = answers.get("other_adults", {}).get(str(person["id"]), {})
            rows.append(
                _row(
                    person["name"],
                    gettext(
                        "Earns %(amount)s a month. Pension Credit: %(pension_credit)s. "
                        "Disability or carer benefit: %(disability)s"
                    )
                    % {
                        "amount": _money(details.get("earnings")),
                        "pension_credit": YES_NO.get(details.get("pension_credit"), ""),
                        "disability": YES_NO.get(details.get("disability"), ""),
                    },
                    "other-adults",
                    gettext("answers about %(name)s") % {"name": person["name"]},
                )
            )
        groups.append({"title": gettext("Other adults in your home"), "rows": rows})
    current = answers.get("current", {})
    rows = [
        _row(
            name,
            gettext("%(amount)s a month") % {"amount": _money(current.get(key))},
            "current",
            name,
        )
        for key, name in choices["current"]
        if current.get(key)
    ] or [
        _row(
            gettext("Benefits you get now"),
            gettext("None"),
            "current",
            gettext("benefits you get now"),
        )
    ]
    groups.append({"title": gettext("What you get now"), "rows": rows})
    return groups


def working_for_reader(check) -> dict[str, list[str]]:
    """The check's working, section by section, in the reader's language.

    A check keeps its working as steps (data) and is worded now, so a Welsh reader reads
    Welsh. A check saved before the steps were kept has only its (English) words: those are
    shown as they are. A step this code no longer knows (an older engine's) falls back to the
    stored words rather than break the page."""
    results = check.results
    stored = results.get("working", {})
    if "steps" not in results:
        return stored
    try:
        return {
            section: working_lines(steps)
            for section, steps in steps_from_json(results["steps"]).items()
        }
    except (KeyError, IndexError, TypeError, ValueError):
        logger.warning("benefits check %s: stored working steps not understood", check.pk)
        return stored


def _how_for_reader(key: str, how: dict | None) -> dict | None:
    if how is None:
        return None
    return {**how, "name": benefit_name(key, how["name"]), "how": how_to_claim(key, how["how"])}


def result_context(check) -> dict:
    """The result page: each benefit's estimate beside what the tenant gets now.

    Names, how to claim, flags, other help and notes are stored in the engine's English and
    worded here in the reader's language (result_words.py); English readers get them exactly
    as stored. Grants are editors' content and are shown as written."""
    results = check.results
    working = working_for_reader(check)
    amounts = results["amounts"]
    already = results.get("already", {})
    gaps = results.get("gaps", {})
    in_english = english()
    how_to = results.get("how_to_claim", {})
    rows = []
    for key, name in BENEFITS:
        amount = amounts.get(key)
        if key == "council_tax_reduction" and amount is None:
            continue
        if not amount and not already.get(key):
            continue
        how = how_to.get(key)
        rows.append(
            {
                "key": key,
                "name": name if in_english else benefit_name(key, name),
                "estimate": amount or 0,
                "now": already.get(key, 0),
                "gap": gaps.get(key, 0),
                "working": working.get(key, []),
                "how": how if in_english else _how_for_reader(key, how),
            }
        )
    flags, other_help, notes = results["flags"], results["other_help"], results["notes"]
    if not in_english:
        flags = [item_for_reader(flag) for flag in flags]
        other_help = [item_for_reader(item) for item in other_help]
        notes = [note_for_reader(note) for note in notes]
    return {
        "check": check,
        "results": results,
        "rows": rows,
        "total": results["total"],
        "missing": results["missing"],
        "working": working,
        "earnings_working": working.get("earnings", []),
        "flags": flags,
        "other_help": other_help,
        "grants": results["grants"],
        "notes": notes,
        "told_us_current": bool(already),
    }


def budget_lines_for_reader(check) -> list[tuple[str, int]]:
    """(name, pence a month) for "Add to my budget": each benefit named in the reader's
    language (English readers: the names as they always were)."""
    if english():
        return budget_amounts_named(check)
    engine_key = {budget: engine for engine, budget in BUDGET_KEYS.items()}
    names = dict(BENEFITS)
    return [
        (benefit_name(engine_key[key], names[engine_key[key]]), pence)
        for key, pence in budget_amounts(check).items()
    ]
