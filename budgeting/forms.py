"""The wizard's forms: one per page. Money is parsed by portal.money.parse_pounds only.

Every message says what to do next, naming the line it is about. A form only ever reads its
own fields, so anything else in a POST (a status, a user, another tenancy) is ignored.
"""

from __future__ import annotations

import re

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size
from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.money import MoneyError, parse_pounds, pence_to_pounds_text

from . import calculations
from .categories import (
    EMPLOYMENT_STATUSES,
    FREQUENCY_CHOICES,
    FREQUENCY_PHRASES,
    INCOME,
    DebtKind,
    Line,
    Section,
)
from .presentation import source_words
from .selectors import DebtAnswer, LineAnswer
from .services import MAX_BALANCE_PENCE, MAX_MONTHLY_PENCE

EXAMPLE = "433.33"
MAX_MONEY_TEXT = 20  # "£10,000,000.00" is 14 characters
MAX_PEOPLE = 20
_TOO_MANY_PLACES = re.compile(r"-?[0-9]+\.[0-9]{3,}")


def _sentence(text: str) -> str:
    return text[0].upper() + text[1:]


def parse_money(
    raw: str, *, how_much: str, period: str = "", example: str = EXAMPLE, limit: str = ""
) -> int:
    """Pence from what a person typed, or a ValidationError naming what to fix.

    `how_much` is the question, like "how much you pay for rent", and `period` how often,
    like "each week". `limit` is the message's upper limit, like "£100,000 a month".
    """
    asked = f"{how_much} {period}".strip()
    limit = limit or gettext("£100,000 a month")
    text = (raw or "").strip()
    cleaned = text.replace("£", "").replace(",", "").replace(" ", "")
    if len(text) > MAX_MONEY_TEXT and re.fullmatch(r"[0-9]+(\.[0-9]*)?", cleaned):
        raise ValidationError(
            gettext("%(what)s must be %(limit)s or less")
            % {"what": _sentence(how_much), "limit": limit}
        )
    if len(text) > MAX_MONEY_TEXT:
        raise ValidationError(
            gettext("Enter %(asked)s, like %(example)s") % {"asked": asked, "example": example}
        )
    if _TOO_MANY_PLACES.fullmatch(cleaned):
        raise ValidationError(
            gettext("Enter %(asked)s with no more than 2 decimal places, like %(example)s")
            % {"asked": asked, "example": example}
        )
    try:
        pence = parse_pounds(text, allow_negative=True)
    except (MoneyError, ValueError):
        raise ValidationError(
            gettext("Enter %(asked)s, like %(example)s") % {"asked": asked, "example": example}
        ) from None
    if pence < 0:
        raise ValidationError(
            gettext("%(what)s must be £0 or more") % {"what": _sentence(how_much)}
        )
    return pence


def _input(bound) -> dict:
    value = bound.value()
    return {
        "id": bound.id_for_label,
        "name": bound.html_name,
        "value": "" if value is None else value,
        "errors": list(bound.errors),
    }


def _select(bound) -> dict:
    field = _input(bound)
    field["options"] = [
        (value, gettext(label), value == field["value"]) for value, label in FREQUENCY_CHOICES
    ]
    return field


def pounds_text(pence: int | None) -> str:
    """An amount as it is typed back into a form: 43333 -> "433.33"."""
    return "" if pence is None else pence_to_pounds_text(pence)


class LinesForm(forms.Form):
    """A page of income or spending: for each line, an amount, how often and "I do not pay
    this". Fields are named "<line key>-amount", "<line key>-frequency", "<line key>-none"
    and, for lines that ask what they are, "<line key>-description"."""

    def __init__(self, *args, section: Section, **kwargs):
        super().__init__(*args, **kwargs)
        self.section = section
        self.income = section.kind == INCOME
        for line in section.lines:
            self.fields[f"{line.key}-amount"] = forms.CharField(
                label=_("Amount"), required=False, strip=True
            )
            self.fields[f"{line.key}-frequency"] = forms.ChoiceField(
                label=_("How often"),
                choices=FREQUENCY_CHOICES,
                required=False,
                error_messages={"invalid_choice": self._how_often_message()},
            )
            self.fields[f"{line.key}-none"] = forms.BooleanField(
                label=self.none_label(line), required=False
            )
            if line.describe:
                self.fields[f"{line.key}-description"] = forms.CharField(
                    label=_("What is it?"),
                    required=False,
                    max_length=100,
                    error_messages={
                        "max_length": _("What it is must be 100 characters or fewer"),
                    },
                )

    def _how_often_message(self) -> str:
        if self.income:
            return gettext("Select how often you get this")
        return gettext("Select how often you pay this")

    def none_label(self, line: Line) -> str:
        if line.key == "savings_contribution":
            return gettext("I do not save")
        return gettext("I do not get this") if self.income else gettext("I do not pay this")

    def how_much(self, line: Line) -> str:
        # The line's own whole phrase, translated: Welsh mutates a noun after "am" or "o",
        # so "how much you pay for {label}" cannot be pieced together.
        return gettext(line.question)

    @staticmethod
    def initial_for(section: Section, answers: dict[str, LineAnswer]) -> dict:
        initial = {}
        for line in section.lines:
            answer = answers.get(line.key)
            initial[f"{line.key}-frequency"] = answer.frequency if answer else calculations.MONTHLY
            if answer is None:
                continue
            initial[f"{line.key}-none"] = answer.not_paid
            if not answer.not_paid:
                initial[f"{line.key}-amount"] = pounds_text(answer.amount_pence)
            if line.describe:
                initial[f"{line.key}-description"] = answer.description
        return initial

    def clean(self):
        cleaned = super().clean()
        answers: dict[str, LineAnswer | None] = {}
        for line in self.section.lines:
            amount_name = f"{line.key}-amount"
            frequency_name = f"{line.key}-frequency"
            if self.has_error(frequency_name):
                continue
            raw = cleaned.get(amount_name) or ""
            not_paid = bool(cleaned.get(f"{line.key}-none"))
            frequency = cleaned.get(frequency_name) or ""
            description = cleaned.get(f"{line.key}-description") or ""
            how_much = self.how_much(line)
            none_label = self.none_label(line)
            if not_paid and raw:
                self.add_error(
                    amount_name,
                    gettext("Enter %(how_much)s, or select '%(none)s', not both")
                    % {"how_much": how_much, "none": none_label},
                )
                continue
            if not_paid:
                answers[line.key] = LineAnswer(
                    amount_pence=0,
                    frequency=frequency or calculations.MONTHLY,
                    not_paid=True,
                    description=description,
                )
                continue
            if not raw:
                if line.required:
                    self.add_error(
                        amount_name,
                        gettext("Enter %(how_much)s, or select '%(none)s'")
                        % {"how_much": how_much, "none": none_label},
                    )
                else:
                    answers[line.key] = None
                continue
            if not frequency:
                self.add_error(frequency_name, self._how_often_message())
                continue
            try:
                pence = parse_money(
                    raw, how_much=how_much, period=gettext(FREQUENCY_PHRASES[frequency])
                )
            except ValidationError as error:
                self.add_error(amount_name, error)
                continue
            if calculations.to_monthly(pence, frequency) > MAX_MONTHLY_PENCE:
                self.add_error(
                    amount_name,
                    gettext("%(what)s must be £100,000 a month or less")
                    % {"what": _sentence(how_much)},
                )
                continue
            answers[line.key] = LineAnswer(
                amount_pence=pence, frequency=frequency, description=description
            )
        cleaned["answers"] = answers
        return cleaned

    def rows(self, sources: dict[str, str] | None = None) -> list[dict]:
        """What the template needs for each line, in order, as plain values (a page has up to
        13 lines, and plain values render several times faster than bound fields)."""
        sources = sources or {}
        rows = []
        for line in self.section.lines:
            amount = _input(self[f"{line.key}-amount"])
            frequency = _select(self[f"{line.key}-frequency"])
            none = self[f"{line.key}-none"]
            description = _input(self[f"{line.key}-description"]) if line.describe else None
            label = gettext(line.label)
            errors = amount["errors"] + frequency["errors"]
            errors += description["errors"] if description else []
            rows.append(
                {
                    "line": line,
                    "label": label,
                    "help": gettext(line.help),
                    "label_lower": label.lower(),
                    "amount": amount,
                    "frequency": frequency,
                    "none": {
                        "id": none.id_for_label,
                        "name": none.html_name,
                        "checked": bool(none.value()),
                        "label": none.label,
                    },
                    "description": description,
                    "errors": errors,
                    "source": source_words(sources[line.key]) if sources.get(line.key) else "",
                }
            )
        return rows


class DebtsForm(forms.Form):
    """A page of debts: for each kind, what is owed, what is paid now and how often."""

    def __init__(self, *args, section: Section, **kwargs):
        super().__init__(*args, **kwargs)
        self.section = section
        for kind in section.debts:
            self.fields[f"{kind.key}-balance"] = forms.CharField(
                label=_("Amount owed"), required=False, strip=True
            )
            self.fields[f"{kind.key}-payment"] = forms.CharField(
                label=_("What you pay now"), required=False, strip=True
            )
            self.fields[f"{kind.key}-frequency"] = forms.ChoiceField(
                label=_("How often"),
                choices=FREQUENCY_CHOICES,
                required=False,
                error_messages={"invalid_choice": _("Select how often you pay this")},
            )

    @staticmethod
    def initial_for(section: Section, answers: dict[str, DebtAnswer]) -> dict:
        initial = {}
        for kind in section.debts:
            answer = answers.get(kind.key)
            initial[f"{kind.key}-frequency"] = answer.frequency if answer else calculations.MONTHLY
            if answer is None:
                continue
            initial[f"{kind.key}-balance"] = pounds_text(answer.balance_pence)
            if answer.payment_pence:
                initial[f"{kind.key}-payment"] = pounds_text(answer.payment_pence)
        return initial

    def _debt(self, kind: DebtKind, cleaned) -> DebtAnswer | None:
        balance_name, payment_name = f"{kind.key}-balance", f"{kind.key}-payment"
        frequency_name = f"{kind.key}-frequency"
        if self.has_error(frequency_name):
            return None
        raw_balance = cleaned.get(balance_name) or ""
        raw_payment = cleaned.get(payment_name) or ""
        frequency = cleaned.get(frequency_name) or ""
        if not raw_balance and not raw_payment:
            return None
        owed = gettext(kind.owed)
        balance = payment = None
        if not raw_balance:
            self.add_error(
                balance_name, gettext("Enter %(owed)s, or your best guess") % {"owed": owed}
            )
        else:
            try:
                balance = parse_money(
                    raw_balance, how_much=owed, example="1250.00", limit=gettext("£1,000,000")
                )
            except ValidationError as error:
                self.add_error(balance_name, error)
            else:
                if balance > MAX_BALANCE_PENCE:
                    self.add_error(
                        balance_name,
                        gettext("%(what)s must be £1,000,000 or less") % {"what": _sentence(owed)},
                    )
                    balance = None
        if raw_payment:
            if not frequency:
                self.add_error(frequency_name, gettext("Select how often you pay this"))
                return None
            paying = gettext(kind.paying)
            try:
                payment = parse_money(
                    raw_payment,
                    how_much=paying,
                    period=gettext(FREQUENCY_PHRASES[frequency]),
                    example="25.00",
                )
            except ValidationError as error:
                self.add_error(payment_name, error)
            else:
                if calculations.to_monthly(payment, frequency) > MAX_MONTHLY_PENCE:
                    self.add_error(
                        payment_name,
                        gettext("%(what)s must be £100,000 a month or less")
                        % {"what": _sentence(paying)},
                    )
                    payment = None
            if payment is None:
                return None
        if balance is None:
            return None
        return DebtAnswer(
            balance_pence=balance,
            payment_pence=payment or 0,
            frequency=frequency or calculations.MONTHLY,
        )

    def clean(self):
        cleaned = super().clean()
        cleaned["answers"] = {kind.key: self._debt(kind, cleaned) for kind in self.section.debts}
        return cleaned

    def rows(self, sources: dict[str, str] | None = None) -> list[dict]:
        sources = sources or {}
        rows = []
        for kind in self.section.debts:
            balance = _input(self[f"{kind.key}-balance"])
            payment = _input(self[f"{kind.key}-payment"])
            frequency = _select(self[f"{kind.key}-frequency"])
            label = gettext(kind.label)
            rows.append(
                {
                    "debt": kind,
                    "label": label,
                    "help": gettext(kind.help),
                    "label_lower": label.lower(),
                    "balance": balance,
                    "payment": payment,
                    "frequency": frequency,
                    "errors": balance["errors"] + payment["errors"] + frequency["errors"],
                    "source": source_words(sources[kind.key]) if sources.get(kind.key) else "",
                }
            )
        return rows


def _count_field(label: str, noun: str, help_text: str = "") -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        help_text=help_text,
        min_value=0,
        max_value=MAX_PEOPLE,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
        error_messages={
            # Lazy all the way: the words are chosen when the message is shown, in that language.
            "required": format_lazy(_("Enter how many {noun}, like 0 or 2"), noun=noun),
            "invalid": format_lazy(_("Enter how many {noun} as a number, like 0 or 2"), noun=noun),
            "min_value": format_lazy(_("How many {noun} must be 0 or more"), noun=noun),
            "max_value": format_lazy(
                _("How many {noun} must be {max} or fewer"), noun=noun, max=MAX_PEOPLE
            ),
        },
    )


class HouseholdForm(forms.Form):
    """The household: the SFS header, in plain words."""

    has_partner = forms.TypedChoiceField(
        label=_("Do you live with a partner?"),
        help_text=_("A husband, wife, civil partner or someone you live with as a couple."),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select yes if you live with a partner"),
            "invalid_choice": _("Select yes if you live with a partner"),
        },
    )
    children_under_16 = _count_field(
        _("How many children under 16 live with you?"),
        _("children under 16 live with you"),
        _("Children you or your partner are responsible for. Put 0 if none."),
    )
    children_16_to_18 = _count_field(
        _("How many young people aged 16 to 18 depend on you?"),
        _("young people aged 16 to 18 depend on you"),
        _("For example, in school, college or training and living with you. Put 0 if none."),
    )
    other_dependants = _count_field(
        _("How many other people depend on you?"),
        _("other people depend on you"),
        _("For example, an adult relative you support who has no income. Put 0 if none."),
    )
    non_dependants = _count_field(
        _("How many other adults live with you?"),
        _("other adults live with you"),
        _("Adults who do not depend on you, like a grown-up son or daughter. Put 0 if none."),
    )
    vehicles = _count_field(
        _("How many cars, vans or motorbikes does your household have?"),
        _("cars, vans or motorbikes your household has"),
        _("Put 0 if none."),
    )
    employment_status = forms.ChoiceField(
        label=_("What is your work situation?"),
        choices=[(value, _(label)) for value, label, _sfs in EMPLOYMENT_STATUSES],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select your work situation"),
            "invalid_choice": _("Select your work situation"),
        },
    )
    partner_employment_status = forms.ChoiceField(
        label=_("What is your partner's work situation?"),
        help_text=_("Only if you live with a partner."),
        required=False,
        choices=[(value, _(label)) for value, label, _sfs in EMPLOYMENT_STATUSES],
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Select your partner's work situation")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field.radios("has_partner", legend_size=Size.SMALL, inline=True),
            Field.text("children_under_16", field_width=2, label_size=Size.SMALL),
            Field.text("children_16_to_18", field_width=2, label_size=Size.SMALL),
            Field.text("other_dependants", field_width=2, label_size=Size.SMALL),
            Field.text("non_dependants", field_width=2, label_size=Size.SMALL),
            Field.text("vehicles", field_width=2, label_size=Size.SMALL),
            Field.radios("employment_status", legend_size=Size.SMALL, small=True),
            Field.radios("partner_employment_status", legend_size=Size.SMALL, small=True),
        )

    @staticmethod
    def initial_for(household: dict) -> dict:
        initial = {key: value for key, value in household.items() if value not in (None, "")}
        if household.get("has_partner") is not None:
            initial["has_partner"] = "yes" if household["has_partner"] else "no"
        return initial

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("has_partner") and not cleaned.get("partner_employment_status"):
            self.add_error("partner_employment_status", _("Select your partner's work situation"))
        if cleaned.get("has_partner") is False:
            cleaned["partner_employment_status"] = ""
        return cleaned
