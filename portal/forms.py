"""Forms for the tenant's pages. Every error message says what to do next."""

from __future__ import annotations

import datetime as dt

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fieldset, Layout, Size
from django import forms
from django.core.exceptions import ValidationError

from .services import normalise_postcode

MAX_TEXT = 100
_PART_NAMES = ("day", "month", "year")


class GovDateField(DateInputField):
    """A GOV.UK date input (day, month, year) with messages in the design system's pattern:
    "Date of birth must include a month", "Date of birth must be a real date"."""

    def __init__(self, *, noun: str, past_only: bool = False, **kwargs):
        self.noun = noun
        self.past_only = past_only
        super().__init__(**kwargs)

    def clean(self, value):
        parts = [str(part or "").strip() for part in (list(value or []) + [None] * 3)[:3]]
        noun = self.noun[0].upper() + self.noun[1:]
        if not any(parts):
            if self.required:
                raise ValidationError(f"Enter {self.noun}", code="required")
            return None
        for name, part in zip(_PART_NAMES, parts, strict=True):
            if not part:
                raise ValidationError(f"{noun} must include a {name}", code="incomplete")
        day, month, year = parts
        if (
            not (day.isdigit() and month.isdigit() and year.isdigit() and len(day) <= 2)
            or len(month) > 2
            or len(year) != 4
        ):
            raise ValidationError(f"{noun} must be a real date, like 27 3 2007", code="invalid")
        try:
            value = dt.date(int(year), int(month), int(day))
        except ValueError:
            raise ValidationError(
                f"{noun} must be a real date, like 27 3 2007", code="invalid"
            ) from None
        if value.year < 1900:
            raise ValidationError(f"{noun} must be after 1900", code="invalid")
        if self.past_only and value >= dt.date.today():
            raise ValidationError(f"{noun} must be in the past", code="invalid")
        return value


class LinkTenancyForm(forms.Form):
    """The three things that prove a tenant is on a tenancy."""

    reference = forms.CharField(
        label="Tenancy reference",
        help_text="You can find this on your tenancy agreement or a rent letter, like T000123",
        max_length=MAX_TEXT,
        error_messages={
            "required": "Enter your tenancy reference",
            "max_length": "Tenancy reference must be 40 characters or fewer",
        },
    )
    date_of_birth = GovDateField(
        label="Your date of birth",
        help_text="For example, 27 3 1985",
        noun="your date of birth",
        past_only=True,
    )
    postcode = forms.CharField(
        label="Postcode of the home",
        max_length=MAX_TEXT,
        error_messages={
            "required": "Enter the postcode of the home",
            "max_length": "Enter a real postcode, like SW1A 1AA",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.text("reference", field_width=10),
            Field("date_of_birth"),
            Field.text("postcode", field_width=10),
            Button("submit", "Link my tenancy"),
        )

    def clean_reference(self) -> str:
        reference = self.cleaned_data["reference"].strip()
        if len(reference) > 40:
            raise ValidationError("Tenancy reference must be 40 characters or fewer")
        if not reference.replace("-", "").replace("/", "").isalnum() or not reference.isascii():
            raise ValidationError(
                "Tenancy reference must only include letters, numbers, dashes and slashes"
            )
        return reference

    def clean_postcode(self) -> str:
        postcode = normalise_postcode(self.cleaned_data["postcode"])
        if not (5 <= len(postcode) <= 7 and postcode.isascii() and postcode.isalnum()):
            raise ValidationError("Enter a real postcode, like SW1A 1AA")
        return postcode


class StatementFilterForm(forms.Form):
    """Narrow a statement to a date range. Sent by GET, so it can be bookmarked."""

    date_from = GovDateField(
        label="From", noun="the start date", required=False, help_text="For example, 1 4 2026"
    )
    date_to = GovDateField(
        label="To", noun="the end date", required=False, help_text="For example, 31 3 2027"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.layout = Layout(
            Fieldset(
                Field("date_from"),
                Field("date_to"),
                legend="Dates",
                legend_size=Size.SMALL,
            ),
            Button.secondary("filter", "Show entries"),
        )

    def clean(self):
        cleaned = super().clean()
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to and date_from > date_to:
            self.add_error("date_to", "The end date must be the same as or after the start date")
        return cleaned
