"""Forms for payment plans. Every error message says what to do next, and a form with errors
keeps everything the person typed.

The pages write their GOV.UK markup by hand (templates/arrangements/), as the payment pages do:
money needs a £ prefix and the start date is the GOV.UK three-part date input.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from portal.money import MoneyError, parse_pounds

from .models import ArrangementDecision, Frequency, PaymentMethod
from .services import Terms

AMOUNT_EXAMPLE = _("Enter an amount in pounds and pence, like 12.50")
TRY_AGAIN = _("Something went wrong. Check your plan and select Continue again")


def _money(text: str, *, required_message) -> int:
    if not text:
        raise ValidationError(required_message)
    try:
        pence = parse_pounds(text, allow_negative=True)
    except MoneyError as exc:
        raise ValidationError(str(exc)) from None
    if pence < 0:
        raise ValidationError(_("Enter the amount without a minus sign, like 12.50"))
    return pence


class ProposalForm(forms.Form):
    """The tenant's plan: how much, how often, from when, an optional lump sum, how to pay."""

    amount = forms.CharField(
        label=_("How much can you pay towards your arrears each time?"),
        max_length=30,
        required=False,
        error_messages={"max_length": AMOUNT_EXAMPLE},
    )
    frequency = forms.ChoiceField(
        label=_("How often will you pay?"),
        choices=Frequency.choices,
        error_messages={
            "required": _("Choose how often you will pay"),
            "invalid_choice": _("Choose how often you will pay"),
        },
    )
    start_day = forms.CharField(max_length=2, required=False)
    start_month = forms.CharField(max_length=2, required=False)
    start_year = forms.CharField(max_length=4, required=False)
    covers_charge = forms.ChoiceField(
        label=_("Will your payments include your rent?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        error_messages={
            "required": _("Choose whether your payments will include your rent"),
            "invalid_choice": _("Choose whether your payments will include your rent"),
        },
    )
    lump_sum = forms.CharField(
        label=_("Can you pay a lump sum first? (optional)"),
        max_length=30,
        required=False,
        error_messages={"max_length": AMOUNT_EXAMPLE},
    )
    payment_method = forms.ChoiceField(
        label=_("How will you pay?"),
        choices=PaymentMethod.choices,
        error_messages={
            "required": _("Choose how you will pay"),
            "invalid_choice": _("Choose how you will pay"),
        },
    )
    other_accounts = forms.MultipleChoiceField(required=False, choices=[])
    form_token = forms.UUIDField(
        widget=forms.HiddenInput, error_messages={"required": TRY_AGAIN, "invalid": TRY_AGAIN}
    )

    def __init__(self, *args, other_accounts=(), **kwargs):
        kwargs.setdefault("auto_id", "%s")
        super().__init__(*args, **kwargs)
        self.fields["other_accounts"].choices = [
            (summary.account.reference, summary.account.get_kind_display())
            for summary in other_accounts
        ]
        self.fields["other_accounts"].error_messages["invalid_choice"] = _(
            "Choose from the accounts listed"
        )

    def clean_amount(self) -> int:
        return _money(
            self.cleaned_data["amount"].strip(),
            required_message=_("Enter how much you can pay towards your arrears each time"),
        )

    def clean_lump_sum(self) -> int:
        text = self.cleaned_data["lump_sum"].strip()
        if not text:
            return 0
        return _money(text, required_message="")

    def clean_covers_charge(self) -> bool:
        return self.cleaned_data["covers_charge"] == "yes"

    def clean(self):
        cleaned = super().clean()
        parts = [
            (self.data.get(name) or "").strip()
            for name in ("start_day", "start_month", "start_year")
        ]
        if not any(parts):
            self.add_error("start_day", _("Enter the date your plan starts"))
        elif not all(parts):
            missing = [
                label
                for label, part in zip((_("day"), _("month"), _("year")), parts, strict=True)
                if not part
            ]
            self.add_error(
                "start_day",
                _("The start date must include a %(part)s") % {"part": missing[0]},
            )
        else:
            try:
                cleaned["start_on"] = dt.date(int(parts[2]), int(parts[1]), int(parts[0]))
                if len(parts[2]) != 4:
                    raise ValueError
            except ValueError:
                self.add_error("start_day", _("The start date must be a real date, like 5 1 2027"))
        return cleaned

    def terms(self) -> Terms:
        data = self.cleaned_data
        return Terms(
            amount_pence=data["amount"],
            frequency=data["frequency"],
            start_on=data["start_on"],
            payment_method=data["payment_method"],
            covers_charge=data["covers_charge"],
            lump_sum_pence=data.get("lump_sum") or 0,
            other_accounts=tuple(data.get("other_accounts") or ()),
        )

    # The field an error from the service is shown on.
    FIELD_FOR = {
        "start_on": "start_day",
        "lump_sum": "lump_sum",
        "amount": "amount",
        "frequency": "frequency",
        "payment_method": "payment_method",
    }


def new_token() -> str:
    return str(uuid.uuid4())


class RejectForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Reason"),
        choices=[("", _("Choose a reason"))] + list(ArrangementDecision.Reason.choices),
        error_messages={"required": _("Choose a reason"), "invalid_choice": _("Choose a reason")},
    )
    text = forms.CharField(
        label=_("What to tell the tenant (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea,
        error_messages={"max_length": _("Reason must be 2,000 characters or fewer")},
    )

    def __init__(self, *args, prefix=None, **kwargs):
        kwargs.setdefault("auto_id", "%s")
        super().__init__(*args, prefix=prefix, **kwargs)


class CancelForm(RejectForm):
    pass


class CounterForm(forms.Form):
    amount = forms.CharField(
        label=_("Amount towards the arrears each time"), max_length=30, required=False
    )
    frequency = forms.ChoiceField(
        label=_("How often"),
        choices=Frequency.choices,
        error_messages={
            "required": _("Choose how often the tenant would pay"),
            "invalid_choice": _("Choose how often the tenant would pay"),
        },
    )
    text = forms.CharField(
        label=_("What to tell the tenant (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea,
        error_messages={"max_length": _("Message must be 2,000 characters or fewer")},
    )

    def __init__(self, *args, prefix=None, **kwargs):
        kwargs.setdefault("auto_id", "%s")
        super().__init__(*args, prefix=prefix, **kwargs)

    def clean_amount(self) -> int:
        return _money(
            self.cleaned_data["amount"].strip(),
            required_message=_("Enter the amount towards the arrears each time"),
        )
