"""A tenant's answers (as stored in the session and on a BenefitsCheck) turned into the
engine's Household. Pure: no database; the people come from portal's tenancy members,
read through benefits_checker.selectors."""

from __future__ import annotations

import datetime as dt

from .engine import Adult, Child, CouncilTax, Household, NonDependant
from .forms import to_monthly

DISABILITY_TO_ADULT = {
    "pip_daily_standard": {"pip_daily_living": "standard"},
    "pip_daily_enhanced": {"pip_daily_living": "enhanced"},
    "pip_mobility": {"pip_mobility": "standard"},
    "aa": {"attendance_allowance": "lower"},
    "dla_care": {"dla_care": "middle"},
    "dla_other": {"dla_care": "lowest"},
}


def relationship(answers: dict, person: dict) -> str:
    """ "me", or how this person is related to the person doing the check."""
    if person["is_me"]:
        return "me"
    return answers.get("people", {}).get(str(person["id"])) or default_relationship(person)


def default_relationship(person: dict) -> str:
    if person["role"] == "joint":
        return "partner"
    return "child" if person["age"] < 16 else "other_adult"


def partner_of(answers: dict, people: list[dict]) -> dict | None:
    for person in people[1:]:
        if relationship(answers, person) == "partner":
            return person
    return None


def people_by(answers: dict, people: list[dict], kind: str) -> list[dict]:
    return [person for person in people[1:] if relationship(answers, person) == kind]


def children_of(answers: dict, people: list[dict]) -> list[dict]:
    """Children for benefits: under 16, or 16 to 19 in full-time education or training."""
    out = []
    for person in people_by(answers, people, "child"):
        details = answers.get("children", {}).get(str(person["id"]), {})
        if person["age"] < 16 or details.get("education", "yes") == "yes":
            out.append(person)
    return out


def other_adults_of(answers: dict, people: list[dict]) -> list[dict]:
    """Non-dependants: other adults, and young people 16 to 19 not in education."""
    children = {person["id"] for person in children_of(answers, people)}
    return people_by(answers, people, "other_adult") + [
        person for person in people_by(answers, people, "child") if person["id"] not in children
    ]


def _adult(person: dict, key: str, answers: dict) -> Adult:
    health = answers.get("health", {}).get(key, {})
    caring = answers.get("caring", {}).get(key, {})
    income = answers.get("income", {}).get(key, {})
    extra = DISABILITY_TO_ADULT.get(health.get("disability_benefit", "none"), {})
    earnings = income.get("earnings") or 0
    return Adult(
        date_of_birth=person["date_of_birth"],
        monthly_earnings=to_monthly(earnings, income.get("earnings_period") or "month"),
        lcwra=health.get("lcwra") in ("before", "new"),
        lcwra_new_claimant=health.get("lcwra") == "new",
        carer=caring.get("carer") == "yes",
        carers_allowance=caring.get("carers_allowance") == "yes",
        monthly_state_pension=to_monthly(income.get("state_pension") or 0, "week"),
        monthly_private_pension=income.get("other_pension") or 0,
        health_condition=health.get("condition") == "yes",
        blind=health.get("blind") == "yes",
        **extra,
    )


def household_from_answers(
    answers: dict,
    people: list[dict],
    *,
    council_tax: CouncilTax | None = None,
    london: bool = False,
    nation: str = "england",
) -> Household:
    me = people[0]
    adults = [_adult(me, "me", answers)]
    partner = partner_of(answers, people)
    if partner is not None:
        adults.append(_adult(partner, "partner", answers))
    children = []
    for person in children_of(answers, people):
        details = answers.get("children", {}).get(str(person["id"]), {})
        disability = details.get("disability", "none")
        sex = details.get("sex")
        children.append(
            Child(
                date_of_birth=person["date_of_birth"],
                sex=sex if sex in ("F", "M") else None,
                disabled=disability == "lower",
                severely_disabled=disability == "higher",
                disability_no_benefit=disability == "no_benefit",
            )
        )
    non_dependants = []
    for person in other_adults_of(answers, people):
        details = answers.get("other_adults", {}).get(str(person["id"]), {})
        non_dependants.append(
            NonDependant(
                age=person["age"],
                monthly_earnings=details.get("earnings") or 0,
                pension_credit=details.get("pension_credit") == "yes",
                care_benefit=details.get("disability") == "yes",
            )
        )
    home = answers.get("home", {})
    money = answers.get("savings", {})
    bill = home.get("council_tax")
    if bill:
        council_tax = CouncilTax(
            annual_bill=bill,
            working_age_scheme=council_tax.working_age_scheme if council_tax else None,
            council_name=council_tax.council_name if council_tax else None,
        )
    elif council_tax is not None:
        council_tax = None  # without the bill we cannot estimate a reduction
    return Household(
        adults=adults,
        children=children,
        monthly_rent=home.get("rent") or 0,
        bedrooms=home.get("bedrooms") or 0,
        non_dependants=non_dependants,
        savings=money.get("savings") or 0,
        married=answers.get("married") == "yes",
        monthly_childcare=money.get("childcare") or 0,
        council_tax=council_tax,
        london=london,
        nation=nation,
        overnight_carer=home.get("overnight_carer") == "yes",
    )


def involves_health_data(answers: dict) -> bool:
    """Whether the answers say anything about anyone's health or disability."""
    for person in answers.get("health", {}).values():
        if (
            person.get("lcwra") in ("before", "new")
            or person.get("disability_benefit", "none") != "none"
            or person.get("condition") == "yes"
            or person.get("blind") == "yes"
        ):
            return True
    return any(
        child.get("disability", "none") != "none" for child in answers.get("children", {}).values()
    )


def date_from_iso(value) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)
