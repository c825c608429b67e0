"""What the pages show: the rows of "Check your answers" and the result page's context, built
from stored answers and results (no queries here)."""

from __future__ import annotations

from django.urls import reverse

from portal.money import format_pence

from .engine import BENEFITS

YES_NO = {"yes": "Yes", "no": "No"}
SEX = {"F": "Girl", "M": "Boy", "unknown": "Prefer not to say"}
CHILD_DISABILITY = {
    "none": "No disability benefit",
    "lower": "Disability Living Allowance or PIP",
    "higher": "Highest rate DLA care or enhanced PIP daily living",
    "no_benefit": "A disability or condition, but no disability benefit yet",
}
RELATIONSHIP = {
    "partner": "Your partner",
    "child": "Your child",
    "other_adult": "Another adult",
    "away": "Does not live here now",
}


def _money(pence) -> str:
    return format_pence(pence or 0)


def _row(key: str, value: str, step: str, hidden: str) -> dict:
    return {
        "key": key,
        "value": value,
        "action_href": reverse("benefits_checker:step", args=[step]) + "?change=1",
        "action_text": "Change",
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
        rows = [{"key": "People on the tenancy", "value": "Only you"}]
    groups.append({"title": "Who lives with you", "rows": rows})
    if "partner" in slugs:
        groups.append(
            {
                "title": "You and your partner",
                "rows": [
                    _row(
                        "Married or civil partners",
                        YES_NO.get(answers.get("married"), ""),
                        "partner",
                        "whether you are married",
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
                value += ". In education: " + YES_NO.get(details["education"], "")
            rows.append(_row(person["name"], value, "children", f"details for {person['name']}"))
        groups.append({"title": "Your children", "rows": rows})
    adults = [("me", "You", people[0])] + (
        [("partner", partner["name"], partner)] if partner else []
    )
    health_rows, caring_rows, income_rows = [], [], []
    for key, label, _person in adults:
        health = answers.get("health", {}).get(key, {})
        health_rows.append(
            _row(
                label,
                "; ".join(
                    part
                    for part in (
                        "Health element: " + choices["lcwra"].get(health.get("lcwra"), ""),
                        choices["disability"].get(health.get("disability_benefit"), ""),
                        "A condition that affects daily life"
                        if health.get("condition") == "yes"
                        else "",
                        "Registered blind" if health.get("blind") == "yes" else "",
                    )
                    if part
                ),
                "health",
                f"health answers for {label.lower() if key == 'me' else label}",
            )
        )
        caring = answers.get("caring", {}).get(key, {})
        caring_rows.append(
            _row(
                label,
                f"Cares 35 hours a week: {YES_NO.get(caring.get('carer'), '')}. "
                f"Carer's Allowance: {YES_NO.get(caring.get('carers_allowance'), '')}",
                "caring",
                f"caring answers for {label.lower() if key == 'me' else label}",
            )
        )
        income = answers.get("income", {}).get(key, {})
        pay = income.get("earnings") or 0
        period = choices["period"].get(income.get("earnings_period"), "").lower()
        income_rows.append(
            _row(
                label,
                (f"Earnings {_money(pay)} {period}" if pay else "No earnings")
                + f". State Pension {_money(income.get('state_pension'))} a week"
                + f". Other pensions {_money(income.get('other_pension'))} a month",
                "income",
                f"earnings and pensions for {label.lower() if key == 'me' else label}",
            )
        )
    groups.append({"title": "Health and disability", "rows": health_rows})
    groups.append({"title": "Caring for someone", "rows": caring_rows})
    groups.append({"title": "Earnings and pensions", "rows": income_rows})
    home = answers.get("home", {})
    groups.append(
        {
            "title": "Your home",
            "rows": [
                _row("Rent a month", _money(home.get("rent")), "home", "rent"),
                _row("Bedrooms", str(home.get("bedrooms", "")), "home", "bedrooms"),
                _row(
                    "Council tax a year",
                    _money(home["council_tax"]) if home.get("council_tax") else "Not given",
                    "home",
                    "council tax",
                ),
                _row(
                    "A carer stays overnight",
                    YES_NO.get(home.get("overnight_carer"), ""),
                    "home",
                    "whether a carer stays overnight",
                ),
            ],
        }
    )
    money = answers.get("savings", {})
    rows = [_row("Savings", _money(money.get("savings")), "savings", "savings")]
    if "childcare" in money:
        rows.append(
            _row("Childcare a month", _money(money.get("childcare")), "savings", "childcare")
        )
    groups.append({"title": "Savings and childcare", "rows": rows})
    if other_adults:
        rows = []
        for person in other_adults:
            details = answers.get("other_adults", {}).get(str(person["id"]), {})
            rows.append(
                _row(
                    person["name"],
                    f"Earns {_money(details.get('earnings'))} a month. Pension Credit: "
                    f"{YES_NO.get(details.get('pension_credit'), '')}. Disability or carer "
                    f"benefit: {YES_NO.get(details.get('disability'), '')}",
                    "other-adults",
                    f"answers about {person['name']}",
                )
            )
        groups.append({"title": "Other adults in your home", "rows": rows})
    current = answers.get("current", {})
    rows = [
        _row(name, _money(current.get(key)) + " a month", "current", name)
        for key, name in choices["current"]
        if current.get(key)
    ] or [_row("Benefits you get now", "None", "current", "benefits you get now")]
    groups.append({"title": "What you get now", "rows": rows})
    return groups


def result_context(check) -> dict:
    """The result page: each benefit's estimate beside what the tenant gets now."""
    results = check.results
    amounts = results["amounts"]
    already = results.get("already", {})
    gaps = results.get("gaps", {})
    rows = []
    for key, name in BENEFITS:
        amount = amounts.get(key)
        if key == "council_tax_reduction" and amount is None:
            continue
        if not amount and not already.get(key):
            continue
        rows.append(
            {
                "key": key,
                "name": name,
                "estimate": amount or 0,
                "now": already.get(key, 0),
                "gap": gaps.get(key, 0),
                "working": results["working"].get(key, []),
                "how": results.get("how_to_claim", {}).get(key),
            }
        )
    return {
        "check": check,
        "results": results,
        "rows": rows,
        "total": results["total"],
        "missing": results["missing"],
        "earnings_working": results["working"].get("earnings", []),
        "flags": results["flags"],
        "other_help": results["other_help"],
        "grants": results["grants"],
        "notes": results["notes"],
        "told_us_current": bool(already),
    }
