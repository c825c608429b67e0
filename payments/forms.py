"""Forms for the payment pages. Every error message says what to do next.

The pages write their GOV.UK markup by hand (templates/payments/): the amount needs a £
prefix, which crispy-forms-gds does not draw.
"""

from __future__ import annotations

import uuid

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.money import MoneyError, format_pence, parse_pounds

AMOUNT_EXAMPLE = _("Enter an amount in pounds and pence, like 12.50")
# The token is ours, not the tenant's: if it is missing or damaged, they just try again.
TRY_AGAIN = _("Something went wrong. Check the amount and select Continue to payment again")
TOKEN_ERRORS = {"required": TRY_AGAIN, "invalid": TRY_AGAIN}


def whole_pounds(pence: int) -> str:
    """10000 -> "£100", 1050 -> "£10.50": limits read better without ".00"."""
    return f"£{pence // 100:,}" if pence % 100 == 0 else format_pence(pence)


class PayForm(forms.Form):
    """How much to pay. `form_token` makes a double-click one payment. (The account comes
    from the page's hidden `account` field, which the view looks up through the selectors.)"""

    amount = forms.CharField(
        label=_("How much do you want to pay?"),
        max_length=30,
        strip=True,
        error_messages={
            "required": _("Enter how much you want to pay"),
            "max_length": AMOUNT_EXAMPLE,
            "null_characters_not_allowed": AMOUNT_EXAMPLE,
        },
    )
    form_token = forms.UUIDField(widget=forms.HiddenInput, error_messages=TOKEN_ERRORS)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "%s")  # the page's ids: the error summary links to #amount
        super().__init__(*args, **kwargs)

    def clean_amount(self) -> int:
        text = self.cleaned_data["amount"]
        try:
            pence = parse_pounds(text, allow_negative=True)
        except MoneyError as exc:
            raise ValidationError(str(exc)) from None
        if pence < 0:
            raise ValidationError(_("Enter the amount without a minus sign, like 12.50"))
        if pence < settings.PAYMENTS_MIN_PENCE:
            raise ValidationError(
                gettext("Amount must be %(amount)s or more")
                % {"amount": whole_pounds(settings.PAYMENTS_MIN_PENCE)}
            )
        if pence > settings.PAYMENTS_MAX_PENCE:
            raise ValidationError(
                gettext("Amount must be %(amount)s or less")
                % {"amount": whole_pounds(settings.PAYMENTS_MAX_PENCE)}
            )
        return pence


class MandateSetupForm(forms.Form):
    """Set up a Direct Debit for one account (named by the page's hidden `account` field)."""

    form_token = forms.UUIDField(widget=forms.HiddenInput, error_messages=TOKEN_ERRORS)


def new_token() -> str:
    return str(uuid.uuid4())
