"""Forms for the tenant's pages. Every error message says what to do next."""

from __future__ import annotations

import datetime as dt

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fieldset, Layout, Size
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .services import normalise_postcode

MAX_TEXT = 100
_PART_NAMES = (_("day"), _("month"), _("year"))


class GovDateField(DateInputField):
    """A GOV.UK date input (day, month, year) with messages in the design system's pattern:
    "Date of birth must include a month", "Date of birth must be a real date"."""

    def __init__(self, *, noun: str, past_only: bool = False, **kwargs):
        self.noun = noun
        self.past_only = past_only
        super().__init__(**kwargs)

    def clean(self, value):
        parts = [str(part or "").strip() for part in (list(value or []) + [None] * 3)[:3]]
        lower = str(self.noun)
        noun = lower[0].upper() + lower[1:]
        if not any(parts):
            if self.required:
                raise ValidationError(gettext("Enter %(noun)s") % {"noun": lower}, code="required")
            return None
        for name, part in zip(_PART_NAMES, parts, strict=True):
            if not part:
                raise ValidationError(
                    gettext("%(noun)s must include a %(part)s") % {"noun": noun, "part": name},
                    code="incomplete",
                )
        day, month, year = parts
        if (
            not (day.isdigit() and month.isdigit() and year.isdigit() and len(day) <= 2)
            or len(month) > 2
            or len(year) != 4
        ):
            raise ValidationError(
                gettext("%(noun)s must be a real date, like 27 3 2007") % {"noun": noun},
                code="invalid",
            )
        try:
            value = dt.date(int(year), int(month), int(day))
        except ValueError:
            raise ValidationError(
                gettext("%(noun)s must be a real date, like 27 3 2007") % {"noun": noun},
                code="invalid",
            ) from None
        if value.year < 1900:
            raise ValidationError(
                gettext("%(noun)s must be after 1900") % {"noun": noun}, code="invalid"
            )
        if self.past_only and value >= dt.date.today():
            raise ValidationError(
                gettext("%(noun)s must be in the past") % {"noun": noun}, code="invalid"
            )
        return value


class LinkTenancyForm(forms.Form):
    """The three things that prove a tenant is on a tenancy."""

    reference = forms.CharField(
        label=_("Tenancy reference"),
        help_text=_("You can find this on your tenancy agreement or a rent letter, like T000123"),
        max_length=MAX_TEXT,
        error_messages={
            "required": _("Enter your tenancy reference"),
            "max_length": _("Tenancy reference must be 40 characters or fewer"),
        },
    )
    date_of_birth = GovDateField(
        label=_("Your date of birth"),
        help_text=_("For example, 27 3 1985"),
        noun=_("your date of birth"),
        past_only=True,
    )
    postcode = forms.CharField(
        label=_("Postcode of the home"),
        max_length=MAX_TEXT,
        error_messages={
            "required": _("Enter the postcode of the home"),
            "max_length": _("Enter a real postcode, like SW1A 1AA"),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.text("reference", field_width=10),
            Field("date_of_birth"),
            Field.text("postcode", field_width=10),
            Button("submit", _("Link my tenancy")),
        )

    def clean_reference(self) -> str:
        reference = self.cleaned_data["reference"].strip()
        if len(reference) > 40:
            raise ValidationError(_("Tenancy reference must be 40 characters or fewer"))
        if not reference.replace("-", "").replace("/", "").isalnum() or not reference.isascii():
            raise ValidationError(
                _("Tenancy reference must only include letters, numbers, dashes and slashes")
            )
        return reference

    def clean_postcode(self) -> str:
        postcode = normalise_postcode(self.cleaned_data["postcode"])
        if not (5 <= len(postcode) <= 7 and postcode.isascii() and postcode.isalnum()):
            raise ValidationError(_("Enter a real postcode, like SW1A 1AA"))
        return postcode


class StatementFilterForm(forms.Form):
    """Narrow a statement to a date range. Sent by GET, so it can be bookmarked."""

    date_from = GovDateField(
        label=_("From"),
        noun=_("the start date"),
        required=False,
        help_text=_("For example, 1 4 2026"),
    )
    date_to = GovDateField(
        label=_("To"),
        noun=_("the end date"),
        required=False,
        help_text=_("For example, 31 3 2027"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.layout = Layout(
            Fieldset(
                Field("date_from"),
                Field("date_to"),
                legend=_("Dates"),
                legend_size=Size.SMALL,
            ),
            Button.secondary("filter", _("Show entries")),
        )

    def clean(self):
        cleaned = super().clean()
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to and date_from > date_to:
            self.add_error("date_to", _("The end date must be the same as or after the start date"))
        return cleaned
