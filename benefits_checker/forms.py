"""The questions of the benefits check. Every error message says what to do next.

Each page is one or more small forms (one per person where the question is about a person),
rendered with the partials in templates/benefits_checker/fields/. Money goes through
portal.money.parse_pounds and comes out as whole pence.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from portal.money import MoneyError, parse_pounds

MAX_MONEY = 100_000_00  # £100,000: more than any answer here can sensibly be
YES_NO = [("yes", "Yes"), ("no", "No")]


class MoneyField(forms.CharField):
    """Pounds and pence in, whole pence out. `noun` names the amount in messages."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"})

    def __init__(self, *, noun: str, required_message: str | None = None, **kwargs):
        self.noun = noun
        super().__init__(**kwargs)
        self.error_messages["required"] = required_message or f"Enter {noun.lower()}"
        self.money = True

    def to_python(self, value):
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        if len(text) > 20:
            raise ValidationError(f"{self.noun} must be £100,000 or less")
        try:
            pence = parse_pounds(text)
        except MoneyError as exc:
            message = str(exc)
            if "2 decimal places" in message:
                raise ValidationError(
                    f"{self.noun} must have no more than 2 decimal places, like 12.50"
                ) from None
            if "0 or more" in message:
                raise ValidationError(f"{self.noun} must be £0 or more") from None
            raise ValidationError(
                f"{self.noun} must be an amount in pounds and pence, like 12.50"
            ) from None
        if pence > MAX_MONEY:
            raise ValidationError(f"{self.noun} must be £100,000 or less")
        return pence


def radios(label: str, choices, message: str, *, hint: str = "", required: bool = True):
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect,
        help_text=hint,
        required=required,
        error_messages={"required": message, "invalid_choice": message},
    )


class PersonForm(forms.Form):
    """How someone on the tenancy is related to the person doing the check."""

    CHOICES = [
        ("partner", "My partner (husband, wife or someone I live with as a couple)"),
        ("child", "My child, or a child I look after"),
        ("other_adult", "Another adult, for example a grown-up son or daughter or a relative"),
        ("away", "They do not live here now"),
    ]

    def __init__(self, *args, person: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person
        self.fields["relationship"] = radios(
            f"Who is {person['name']} to you?",
            self.CHOICES,
            f"Select who {person['name']} is to you",
            hint=f"Born {person['date_of_birth'].day} {person['date_of_birth']:%B %Y}",
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("relationship") == "child" and self.person["age"] >= 20:
            self.add_error(
                "relationship",
                f"{self.person['name']} is {self.person['age']}: select another adult, as a "
                "child for benefits must be under 20",
            )
        return cleaned


class MarriedForm(forms.Form):
    married = radios(
        "Are you and your partner married or in a civil partnership?",
        YES_NO,
        "Select yes if you are married or in a civil partnership",
        hint="This decides whether you can share your tax-free allowance (Marriage Allowance).",
    )


class ChildForm(forms.Form):
    def __init__(self, *args, person: dict, **kwargs):
        super().__init__(*args, **kwargs)
        name = person["name"]
        self.fields["sex"] = radios(
            f"Is {name} a girl or a boy?",
            [("F", "Girl"), ("M", "Boy"), ("unknown", "Prefer not to say")],
            f"Select whether {name} is a girl or a boy, or prefer not to say",
            hint="This decides which children can share a bedroom.",
        )
        self.fields["disability"] = radios(
            f"Does {name} get a disability benefit?",
            [
                ("none", "No"),
                ("lower", "Yes, Disability Living Allowance or PIP"),
                ("higher", "Yes, the highest rate of DLA care, or enhanced PIP daily living"),
                ("no_benefit", "No, but they have a disability or long-term health condition"),
            ],
            f"Select whether {name} gets a disability benefit",
        )
        if person["age"] >= 16:
            self.fields["education"] = radios(
                f"Is {name} in full-time education or training (not university)?",
                YES_NO,
                f"Select yes if {name} is in full-time education or training",
                hint="Young people aged 16 to 19 count as children for benefits only if they "
                "are in school, college or approved training.",
            )


LCWRA_CHOICES = [
    ("no", "No"),
    ("before", "Yes, and the claim started before 6 April 2026"),
    ("new", "Yes, on a new claim from 6 April 2026"),
]
DISABILITY_CHOICES = [
    ("none", "None of these"),
    ("pip_daily_standard", "PIP daily living, standard rate"),
    ("pip_daily_enhanced", "PIP daily living, enhanced rate"),
    ("pip_mobility", "PIP mobility only"),
    ("aa", "Attendance Allowance"),
    ("dla_care", "Disability Living Allowance, middle or highest rate care"),
    ("dla_other", "Disability Living Allowance, other rates"),
]


class HealthForm(forms.Form):
    def __init__(self, *args, who: str, **kwargs):
        super().__init__(*args, **kwargs)
        you = who == "you"
        subject = "you" if you else "your partner"
        self.fields["lcwra"] = radios(
            f"Has {subject} been found unable to work or prepare for work because of health?",
            LCWRA_CHOICES,
            f"Select whether {subject} {'have' if you else 'has'} been found unable to work "
            "because of health",
            hint="This is 'limited capability for work and work-related activity' (the "
            "Universal Credit health element), after a work capability assessment.",
        )
        self.fields["disability_benefit"] = radios(
            f"Which disability benefit {'do you' if you else 'does your partner'} get?",
            DISABILITY_CHOICES,
            f"Select the disability benefit {subject} {'get' if you else 'gets'}, or none",
        )
        self.fields["condition"] = radios(
            f"{'Do you' if you else 'Does your partner'} have a disability or long-term "
            "health condition that affects daily life?",
            YES_NO,
            f"Select yes if {subject} {'have' if you else 'has'} a condition that affects "
            "daily life",
        )
        self.fields["blind"] = radios(
            f"{'Are you' if you else 'Is your partner'} registered blind or severely sight "
            "impaired?",
            YES_NO,
            f"Select yes if {subject} {'are' if you else 'is'} registered blind",
        )


class CaringForm(forms.Form):
    def __init__(self, *args, who: str, **kwargs):
        super().__init__(*args, **kwargs)
        you = who == "you"
        subject = "you" if you else "your partner"
        self.fields["carer"] = radios(
            f"{'Do you' if you else 'Does your partner'} look after someone for 35 hours a "
            "week or more?",
            YES_NO,
            f"Select yes if {subject} {'look' if you else 'looks'} after someone for 35 hours "
            "a week or more",
            hint="Someone who gets PIP daily living, Attendance Allowance or DLA care at the "
            "middle or highest rate.",
        )
        self.fields["carers_allowance"] = radios(
            f"{'Do you' if you else 'Does your partner'} get Carer's Allowance?",
            YES_NO,
            f"Select yes if {subject} {'get' if you else 'gets'} Carer's Allowance",
        )


PERIODS = [
    ("week", "Every week"),
    ("fortnight", "Every 2 weeks"),
    ("four_weeks", "Every 4 weeks"),
    ("month", "Every month"),
]
# x numerator / denominator = a month (UC Sch 4 para 7(2) factors).
PERIOD_TO_MONTH = {"week": (52, 12), "fortnight": (26, 12), "four_weeks": (13, 12), "month": (1, 1)}


def to_monthly(pence: int, period: str) -> int:
    """An amount per period as a month, rounded half up once."""
    numerator, denominator = PERIOD_TO_MONTH[period]
    return (pence * numerator * 2 + denominator) // (denominator * 2)


class IncomeForm(forms.Form):
    def __init__(self, *args, who: str, **kwargs):
        super().__init__(*args, **kwargs)
        you = who == "you"
        subject = "you" if you else "your partner"
        self.fields["earnings"] = MoneyField(
            noun="Earnings",
            label=f"How much {'do you' if you else 'does your partner'} earn before tax?",
            help_text="Your pay before tax and National Insurance. Enter 0 if "
            f"{subject} {'do' if you else 'does'} not work.",
            required_message=f"Enter how much {subject} {'earn' if you else 'earns'} before "
            "tax, or 0",
        )
        self.fields["earnings_period"] = radios(
            "How often is that paid?",
            PERIODS,
            "Select how often the pay is paid",
            required=False,
        )
        self.fields["state_pension"] = MoneyField(
            noun="State Pension",
            label=f"How much State Pension {'do you' if you else 'does your partner'} get a week?",
            help_text="Enter 0 if none. The full new State Pension is £241.30 a week.",
            required_message=f"Enter how much State Pension {subject} {'get' if you else 'gets'}"
            " a week, or 0",
        )
        self.fields["other_pension"] = MoneyField(
            noun="Other pensions",
            label=f"How much from other pensions {'do you' if you else 'does your partner'} "
            "get a month?",
            help_text="Work or personal pensions, before tax. Enter 0 if none.",
            required_message=f"Enter how much {subject} {'get' if you else 'gets'} from other "
            "pensions a month, or 0",
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("earnings") and not cleaned.get("earnings_period"):
            self.add_error("earnings_period", "Select how often the pay is paid")
        return cleaned


class HomeForm(forms.Form):
    rent = MoneyField(
        noun="Rent",
        label="How much is your rent a month?",
        help_text="Include service charges you must pay to live here. We have filled in what "
        "our records say.",
        required_message="Enter how much your rent is a month",
    )
    bedrooms = forms.IntegerField(
        label="How many bedrooms does your home have?",
        min_value=0,
        max_value=10,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
        error_messages={
            "required": "Enter how many bedrooms your home has",
            "invalid": "Bedrooms must be a whole number, like 2",
            "min_value": "Bedrooms must be 0 or more",
            "max_value": "Bedrooms must be 10 or fewer",
        },
    )
    council_tax = MoneyField(
        noun="Council tax",
        label="How much is your council tax bill for the year? (optional)",
        help_text="The full yearly bill before any reduction. Leave this empty if you do not know.",
        required=False,
    )
    overnight_carer = radios(
        "Does a carer who does not live with you stay overnight to look after you or your partner?",
        YES_NO,
        "Select yes if a carer stays overnight",
        hint="You can then have an extra bedroom.",
    )


class SavingsForm(forms.Form):
    savings = MoneyField(
        noun="Savings",
        label="How much do you have in savings?",
        help_text="Money in bank accounts, savings and investments. Add your partner's. Enter 0 "
        "if none.",
        required_message="Enter how much you have in savings, or 0",
    )

    def __init__(self, *args, children: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if children:
            self.fields["childcare"] = MoneyField(
                noun="Childcare",
                label="How much do you pay for registered childcare a month?",
                help_text="A registered childminder, nursery or after-school club. Enter 0 if "
                "none.",
                required_message="Enter how much you pay for childcare a month, or 0",
            )


class OtherAdultForm(forms.Form):
    def __init__(self, *args, person: dict, **kwargs):
        super().__init__(*args, **kwargs)
        name = person["name"]
        self.fields["earnings"] = MoneyField(
            noun=f"{name}'s earnings",
            label=f"How much does {name} earn a month before tax?",
            help_text="Enter 0 if they do not work. A guess is fine.",
            required_message=f"Enter how much {name} earns a month, or 0",
        )
        self.fields["pension_credit"] = radios(
            f"Does {name} get Pension Credit?",
            YES_NO,
            f"Select yes if {name} gets Pension Credit",
        )
        self.fields["disability"] = radios(
            f"Does {name} get PIP daily living, Attendance Allowance or DLA care, or "
            "Carer's Allowance?",
            YES_NO,
            f"Select yes if {name} gets one of these benefits",
        )


CURRENT_BENEFITS = [
    ("universal_credit", "Universal Credit"),
    ("pension_credit", "Pension Credit"),
    ("housing_benefit", "Housing Benefit"),
    ("council_tax_reduction", "Council Tax Reduction"),
    ("child_benefit", "Child Benefit"),
]


class CurrentForm(forms.Form):
    """What the household gets now, so the result can say what they may be missing."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, name in CURRENT_BENEFITS:
            self.fields[key] = MoneyField(
                noun=name,
                label=f"{name} a month",
                required=False,
            )
