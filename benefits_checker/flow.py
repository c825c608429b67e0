"""The pages of the check, in order: which apply to this household, which forms each shows,
and how their answers are kept. Answers live in the session until the tenant confirms them
on "Check your answers"; only then is a BenefitsCheck saved.

Answers are JSON-safe: money in whole pence, choices as their values.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext, gettext_lazy

from . import forms
from .answers import (
    children_of,
    default_relationship,
    other_adults_of,
    partner_of,
    people_by,
    relationship,
)
from .engine.rates import weekly_to_monthly

SESSION_KEY = "benefits_check"


@dataclass
class Section:
    """One form on a page, with the heading it sits under (a person's name, or nothing)."""

    heading: str
    key: str
    form: object


@dataclass(frozen=True)
class Step:
    slug: str
    title: str

    def applies(self, answers: dict, people: list[dict]) -> bool:
        return True

    def sections(self, data, answers: dict, people: list[dict], tenancy) -> list[Section]:
        raise NotImplementedError

    def save(self, sections: list[Section], answers: dict, people: list[dict]) -> None:
        raise NotImplementedError

    def page_errors(self, sections: list[Section], people: list[dict]) -> list[str]:
        """Errors about the page as a whole (added to its first form)."""
        return []


def _initial(answers: dict, *path, default=None):
    value = answers
    for key in path:
        if not isinstance(value, dict) or key not in value:
            return default
        value = value[key]
    return value


def _pounds(pence) -> str | None:
    if pence is None:
        return None
    return f"{pence // 100}.{pence % 100:02d}"


def _money_initial(values: dict, names) -> dict:
    return {name: _pounds(values.get(name)) for name in names if name in values}


class PeopleStep(Step):
    def sections(self, data, answers, people, tenancy):
        out = []
        for person in people[1:]:
            key = str(person["id"])
            form = forms.PersonForm(
                data,
                person=person,
                prefix=f"p{person['id']}",
                initial={"relationship": relationship(answers, person)},
            )
            out.append(Section(heading=person["name"], key=key, form=form))
        return out

    def page_errors(self, sections, people):
        partners = [s for s in sections if s.form.cleaned_data.get("relationship") == "partner"]
        if len(partners) > 1:
            return [gettext("Select only one person as your partner")]
        return []

    def save(self, sections, answers, people):
        answers["people"] = {s.key: s.form.cleaned_data["relationship"] for s in sections}


class PartnerStep(Step):
    def applies(self, answers, people):
        return partner_of(answers, people) is not None

    def sections(self, data, answers, people, tenancy):
        form = forms.MarriedForm(data, initial={"married": answers.get("married")})
        return [Section(heading="", key="married", form=form)]

    def save(self, sections, answers, people):
        answers["married"] = sections[0].form.cleaned_data["married"]


class ChildrenStep(Step):
    def applies(self, answers, people):
        return bool(people_by(answers, people, "child"))

    def sections(self, data, answers, people, tenancy):
        out = []
        for person in people_by(answers, people, "child"):
            key = str(person["id"])
            form = forms.ChildForm(
                data,
                person=person,
                prefix=f"c{person['id']}",
                initial=_initial(answers, "children", key, default={}),
            )
            out.append(
                Section(heading=f"{person['name']}, aged {person['age']}", key=key, form=form)
            )
        return out

    def save(self, sections, answers, people):
        answers["children"] = {s.key: dict(s.form.cleaned_data) for s in sections}


def _adults(answers, people) -> list[tuple[str, str, dict]]:
    """(key, who, person) for you and any partner."""
    out = [("me", "you", people[0])]
    partner = partner_of(answers, people)
    if partner is not None:
        out.append(("partner", "partner", partner))
    return out


class PerAdultStep(Step):
    form_class = None
    answer_key = ""
    money_fields: tuple[str, ...] = ()

    def sections(self, data, answers, people, tenancy):
        out = []
        adults = _adults(answers, people)
        for key, who, person in adults:
            stored = _initial(answers, self.answer_key, key, default={})
            initial = {**stored, **_money_initial(stored, self.money_fields)}
            form = self.form_class(data, who=who, prefix=key, initial=initial)
            heading = (
                "" if len(adults) == 1 else (gettext("You") if key == "me" else person["name"])
            )
            out.append(Section(heading=heading, key=key, form=form))
        return out

    def save(self, sections, answers, people):
        answers[self.answer_key] = {s.key: dict(s.form.cleaned_data) for s in sections}


class HealthStep(PerAdultStep):
    form_class = forms.HealthForm
    answer_key = "health"


class CaringStep(PerAdultStep):
    form_class = forms.CaringForm
    answer_key = "caring"


class IncomeStep(PerAdultStep):
    form_class = forms.IncomeForm
    answer_key = "income"
    money_fields = ("earnings", "state_pension", "other_pension")


class HomeStep(Step):
    def sections(self, data, answers, people, tenancy):
        stored = answers.get("home")
        if stored is None:
            initial = {
                "rent": _pounds(weekly_to_monthly(tenancy.weekly_rent_pence)),
                "bedrooms": tenancy.bedrooms,
            }
        else:
            initial = {**stored, **_money_initial(stored, ("rent", "council_tax"))}
        return [Section(heading="", key="home", form=forms.HomeForm(data, initial=initial))]

    def save(self, sections, answers, people):
        answers["home"] = dict(sections[0].form.cleaned_data)


class SavingsStep(Step):
    def sections(self, data, answers, people, tenancy):
        stored = answers.get("savings", {})
        form = forms.SavingsForm(
            data,
            children=bool(children_of(answers, people)),
            initial=_money_initial(stored, ("savings", "childcare")),
        )
        return [Section(heading="", key="savings", form=form)]

    def save(self, sections, answers, people):
        answers["savings"] = dict(sections[0].form.cleaned_data)


class OtherAdultsStep(Step):
    def applies(self, answers, people):
        return bool(other_adults_of(answers, people))

    def sections(self, data, answers, people, tenancy):
        out = []
        for person in other_adults_of(answers, people):
            key = str(person["id"])
            stored = _initial(answers, "other_adults", key, default={})
            form = forms.OtherAdultForm(
                data,
                person=person,
                prefix=f"o{person['id']}",
                initial={**stored, **_money_initial(stored, ("earnings",))},
            )
            out.append(Section(heading=person["name"], key=key, form=form))
        return out

    def save(self, sections, answers, people):
        answers["other_adults"] = {s.key: dict(s.form.cleaned_data) for s in sections}


class CurrentStep(Step):
    def sections(self, data, answers, people, tenancy):
        stored = answers.get("current", {})
        keys = [key for key, _ in forms.CURRENT_BENEFITS]
        form = forms.CurrentForm(data, initial=_money_initial(stored, keys))
        return [Section(heading="", key="current", form=form)]

    def save(self, sections, answers, people):
        answers["current"] = {
            key: value for key, value in sections[0].form.cleaned_data.items() if value
        }


STEPS: list[Step] = [
    PeopleStep("people", gettext_lazy("Who lives with you")),
    PartnerStep("partner", gettext_lazy("You and your partner")),
    ChildrenStep("children", gettext_lazy("Your children")),
    HealthStep("health", gettext_lazy("Health and disability")),
    CaringStep("caring", gettext_lazy("Caring for someone")),
    IncomeStep("income", gettext_lazy("Earnings and pensions")),
    HomeStep("home", gettext_lazy("Your home")),
    SavingsStep("savings", gettext_lazy("Savings and childcare")),
    OtherAdultsStep("other-adults", gettext_lazy("Other adults in your home")),
    CurrentStep("current", gettext_lazy("What you get now")),
]
STEPS_BY_SLUG = {step.slug: step for step in STEPS}


def applicable_steps(answers: dict, people: list[dict]) -> list[Step]:
    return [step for step in STEPS if step.applies(answers, people)]


def next_step(current: str, answers: dict, people: list[dict]) -> Step | None:
    steps = applicable_steps(answers, people)
    slugs = [step.slug for step in steps]
    if current in slugs:
        index = slugs.index(current)
        return steps[index + 1] if index + 1 < len(steps) else None
    return steps[0] if steps else None


def previous_step(current: str, answers: dict, people: list[dict]) -> Step | None:
    steps = applicable_steps(answers, people)
    slugs = [step.slug for step in steps]
    if current in slugs and slugs.index(current) > 0:
        return steps[slugs.index(current) - 1]
    return None


def missing_steps(answers: dict, people: list[dict], done: list[str]) -> list[Step]:
    """Pages that apply but have not been answered (a change can add a page, such as a
    partner's questions once someone is marked as a partner)."""
    return [step for step in applicable_steps(answers, people) if step.slug not in done]


def defaults_for(people: list[dict]) -> dict:
    return {"people": {str(p["id"]): default_relationship(p) for p in people[1:]}}
