"""The questions of the benefits check. Every error message says what to do next.

Each page is one or more small forms (one per person where the question is about a person),
rendered with the partials in templates/benefits_checker/fields/. Money goes through
portal.money.parse_pounds and comes out as whole pence.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.money import MoneyError, parse_pounds

MAX_MONEY = 100_000_00  # £100,000: more than any answer here can sensibly be
YES_NO = [("yes", _("Yes")), ("no", _("No"))]


class MoneyField(forms.CharField):
    """Pounds and pence in, whole pence out. `noun` names the amount in messages."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"})

    def __init__(self, *, noun: str, required_message: str | None = None, **kwargs):
        self.noun = noun
        super().__init__(**kwargs)
        self.error_messages["required"] = required_message or gettext("Enter %(amount)s") % {
            "amount": str(noun).lower()
        }
        self.money = True

    def to_python(self, value):
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        if len(text) > 20:
            raise ValidationError(
                gettext("%(noun)s must be £100,000 or less") % {"noun": self.noun}
            )
        try:
            pence = parse_pounds(text)
        except MoneyError as exc:
            if exc.code == "decimal_places":
                raise ValidationError(
                    gettext("%(noun)s must have no more than 2 decimal places, like 12.50")
                    % {"noun": self.noun}
                ) from None
            if exc.code == "negative":
                raise ValidationError(
                    gettext("%(noun)s must be £0 or more") % {"noun": self.noun}
                ) from None
            raise ValidationError(
                gettext("%(noun)s must be an amount in pounds and pence, like 12.50")
                % {"noun": self.noun}
            ) from None
        if pence > MAX_MONEY:
            raise ValidationError(
                gettext("%(noun)s must be £100,000 or less") % {"noun": self.noun}
            )
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
        ("partner", _("My partner (husband, wife or someone I live with as a couple)")),
        ("child", _("My child, or a child I look after")),
        ("other_adult", _("Another adult, for example a grown-up son or daughter or a relative")),
        ("away", _("They do not live here now")),
    ]

    def __init__(self, *args, person: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person
        self.fields["relationship"] = radios(
            gettext("Who is %(name)s to you?") % {"name": person["name"]},
            self.CHOICES,
            gettext("Select who %(name)s is to you") % {"name": person["name"]},
            hint=gettext("Born %(date)s") % {"date": date_format(person["date_of_birth"], "j F Y")},
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("relationship") == "child" and self.person["age"] >= 20:
            self.add_error(
                "relationship",
                gettext(
                    "%(name)s is %(age)s: select another adult, as a child for benefits must "
                    "be under 20"
                )
                % {"name": self.person["name"], "age": self.person["age"]},
            )
        return cleaned


class MarriedForm(forms.Form):
    married = radios(
        _("Are you and your partner married or in a civil partnership?"),
        YES_NO,
        _("Select yes if you are married or in a civil partnership"),
        hint=_("This decides whether you can share your tax-free allowance (Marriage Allowance)."),
    )


class ChildForm(forms.Form):
    def __init__(self, *args, person: dict, **kwargs):
        super().__init__(*args, **kwargs)
        name = {"name": person["name"]}
        self.fields["sex"] = radios(
            gettext("Is %(name)s a girl or a boy?") % name,
            [("F", _("Girl")), ("M", _("Boy")), ("unknown", _("Prefer not to say"))],
            gettext("Select whether %(name)s is a girl or a boy, or prefer not to say") % name,
            hint=_("This decides which children can share a bedroom."),
        )
        self.fields["disability"] = radios(
            gettext("Does %(name)s get a disability benefit?") % name,
            [
                ("none", _("No")),
                ("lower", _("Yes, Disability Living Allowance or PIP")),
                ("higher", _("Yes, the highest rate of DLA care, or enhanced PIP daily living")),
                ("no_benefit", _("No, but they have a disability or long-term health condition")),
            ],
            gettext("Select whether %(name)s gets a disability benefit") % name,
        )
        if person["age"] >= 16:
            self.fields["education"] = radios(
                gettext("Is %(name)s in full-time education or training (not university)?") % name,
                YES_NO,
                gettext("Select yes if %(name)s is in full-time education or training") % name,
                hint=_(
                    "Young people aged 16 to 19 count as children for benefits only if they "
                    "are in school, college or approved training."
                ),
            )


LCWRA_CHOICES = [
    ("no", _("No")),
    ("before", _("Yes, and the claim started before 6 April 2026")),
    ("new", _("Yes, on a new claim from 6 April 2026")),
]
DISABILITY_CHOICES = [
    ("none", _("None of these")),
    ("pip_daily_standard", _("PIP daily living, standard rate")),
    ("pip_daily_enhanced", _("PIP daily living, enhanced rate")),
    ("pip_mobility", _("PIP mobility only")),
    ("aa", _("Attendance Allowance")),
    ("dla_care", _("Disability Living Allowance, middle or highest rate care")),
    ("dla_other", _("Disability Living Allowance, other rates")),
]


class HealthForm(forms.Form):
    def __init__(self, *args, who: str, **kwargs):
        super().__init__(*args, **kwargs)
        # Whole sentences for "you" and for "your partner", so each translates well.
        you = who == "you"
        self.fields["lcwra"] = radios(
            gettext("Have you been found unable to work or prepare for work because of health?")
            if you
            else gettext(
                "Has your partner been found unable to work or prepare for work because of health?"
            ),
            LCWRA_CHOICES,
            gettext("Select whether you have been found unable to work because of health")
            if you
            else gettext(
                "Select whether your partner has been found unable to work because of health"
            ),
            hint=_(
                "This is 'limited capability for work and work-related activity' (the "
                "Universal Credit health element), after a work capability assessment."
            ),
        )
        self.fields["disability_benefit"] = radios(
            gettext("Which disability benefit do you get?")
            if you
            else gettext("Which disability benefit does your partner get?"),
            DISABILITY_CHOICES,
            gettext("Select the disability benefit you get, or none")
            if you
            else gettext("Select the disability benefit your partner gets, or none"),
        )
        self.fields["condition"] = radios(
            gettext(
                "Do you have a disability or long-term health condition that affects daily life?"
            )
            if you
            else gettext(
                "Does your partner have a disability or long-term health condition that affects "
                "daily life?"
            ),
            YES_NO,
            gettext("Select yes if you have a condition that affects daily life")
            if you
            else gettext("Select yes if your partner has a condition that affects daily life"),
        )
        self.fields["blind"] = radios(
            gettext("Are you registered blind or severely sight impaired?")
            if you
            else gettext("Is your partner registered blind or severely sight impaired?"),
            YES_NO,
            gettext("Select yes if you are registered blind")
            if you
            else gettext("Select yes if your partner is registered blind"),
        )


class CaringForm(forms.Form):
    def __init__(self, *args, who: str, **kwargs):
        super().__init__(*args, **kwargs)
        you = who == "you"
        self.fields["carer"] = radios(
            gettext("Do you look after someone for 35 hours a week or more?")
            if you
            else gettext("Does your partner look after someone for 35 hours a week or more?"),
            YES_NO,
            gettext("Select yes if you look after someone for 35 hours a week or more")
            if you
            else gettext(
                "Select yes if your partner looks after someone for 35 hours a week or more"
            ),
            hint=_(
                "Someone who gets PIP daily living, Attendance Allowance or DLA care at the "
                "middle or highest rate."
            ),
        )
        self.fields["carers_allowance"] = radios(
            gettext("Do you get Carer's Allowance?")
            if you
            else gettext("Does your partner get Carer's Allowance?"),
            YES_NO,
            gettext("Select yes if you get Carer's Allowance")
            if you
            else gettext("Select yes if your partner gets Carer's Allowance"),
        )


PERIODS = [
    ("week", _("Every week")),
    ("fortnight", _("Every 2 weeks")),
    ("four_weeks", _("Every 4 weeks")),
    ("month", _("Every month")),
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
        self.fields["earnings"] = MoneyField(
            noun=_("Earnings"),
            label=gettext("How much do you earn before tax?")
            if you
            else gettext("How much does your partner earn before tax?"),
            help_text=gettext(
                "Your pay before tax and National Insurance. Enter 0 if you do not work."
            )
            if you
            else gettext(
                "Your pay before tax and National Insurance. Enter 0 if your partner does not work."
            ),
            required_message=gettext("Enter how much you earn before tax, or 0")
            if you
            else gettext("Enter how much your partner earns before tax, or 0"),
        )
        self.fields["earnings_period"] = radios(
            _("How often is that paid?"),
            PERIODS,
            _("Select how often the pay is paid"),
            required=False,
        )
        self.fields["state_pension"] = MoneyField(
            noun=_("State Pension"),
            label=gettext("How much State Pension do you get a week?")
            if you
            else gettext("How much State Pension does your partner get a week?"),
            help_text=_("Enter 0 if none. The full new State Pension is £241.30 a week."),
            required_message=gettext("Enter how much State Pension you get a week, or 0")
            if you
            else gettext("Enter how much State Pension your partner gets a week, or 0"),
        )
        self.fields["other_pension"] = MoneyField(
            noun=_("Other pensions"),
            label=gettext("How much from other pensions do you get a month?")
            if you
            else gettext("How much from other pensions does your partner get a month?"),
            help_text=_("Work or personal pensions, before tax. Enter 0 if none."),
            required_message=gettext("Enter how much you get from other pensions a month, or 0")
            if you
            else gettext("Enter how much your partner gets from other pensions a month, or 0"),
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("earnings") and not cleaned.get("earnings_period"):
            self.add_error("earnings_period", gettext("Select how often the pay is paid"))
        return cleaned


class HomeForm(forms.Form):
    rent = MoneyField(
        noun=_("Rent"),
        label=_("How much is your rent a month?"),
        help_text=_(
            "Include service charges you must pay to live here. We have filled in what "
            "our records say."
        ),
        required_message=_("Enter how much your rent is a month"),
    )
    bedrooms = forms.IntegerField(
        label=_("How many bedrooms does your home have?"),
        min_value=0,
        max_value=10,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
        error_messages={
            "required": _("Enter how many bedrooms your home has"),
            "invalid": _("Bedrooms must be a whole number, like 2"),
            "min_value": _("Bedrooms must be 0 or more"),
            "max_value": _("Bedrooms must be 10 or fewer"),
        },
    )
    council_tax = MoneyField(
        noun=_("Council tax"),
        label=_("How much is your council tax bill for the year? (optional)"),
        help_text=_(
            "The full yearly bill before any reduction. Leave this empty if you do not know."
        ),
        required=False,
    )
    overnight_carer = radios(
        _(
            "Does a carer who does not live with you stay overnight to look after you or your "
            "partner?"
        ),
        YES_NO,
        _("Select yes if a carer stays overnight"),
        hint=_("You can then have an extra bedroom."),
    )


class SavingsForm(forms.Form):
    savings = MoneyField(
        noun=_("Savings"),
        label=_("How much do you have in savings?"),
        help_text=_(
            "Money in bank accounts, savings and investments. Add your partner's. Enter 0 if none."
        ),
        required_message=_("Enter how much you have in savings, or 0"),
    )

    def __init__(self, *args, children: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if children:
            self.fields["childcare"] = MoneyField(
                noun=_("Childcare"),
                label=_("How much do you pay for registered childcare a month?"),
                help_text=_(
                    "A registered childminder, nursery or after-school club. Enter 0 if none."
                ),
                required_message=_("Enter how much you pay for childcare a month, or 0"),
            )


class OtherAdultForm(forms.Form):
    def __init__(self, *args, person: dict, **kwargs):
        super().__init__(*args, **kwargs)
        name = {"name": person["name"]}
        self.fields["earnings"] = MoneyField(
            noun=gettext("%(name)s's earnings") % name,
            label=gettext("How much does %(name)s earn a month before tax?") % name,
            help_text=_("Enter 0 if they do not work. A guess is fine."),
            required_message=gettext("Enter how much %(name)s earns a month, or 0") % name,
        )
        self.fields["pension_credit"] = radios(
            gettext("Does %(name)s get Pension Credit?") % name,
            YES_NO,
            gettext("Select yes if %(name)s gets Pension Credit") % name,
        )
        self.fields["disability"] = radios(
            gettext(
                "Does %(name)s get PIP daily living, Attendance Allowance or DLA care, or "
                "Carer's Allowance?"
            )
            % name,
            YES_NO,
            gettext("Select yes if %(name)s gets one of these benefits") % name,
        )


CURRENT_BENEFITS = [
    ("universal_credit", _("Universal Credit")),
    ("pension_credit", _("Pension Credit")),
    ("housing_benefit", _("Housing Benefit")),
    ("council_tax_reduction", _("Council Tax Reduction")),
    ("child_benefit", _("Child Benefit")),
]


class CurrentForm(forms.Form):
    """What the household gets now, so the result can say what they may be missing."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, name in CURRENT_BENEFITS:
            self.fields[key] = MoneyField(
                noun=name,
                label=gettext("%(name)s a month") % {"name": name},
                required=False,
            )
