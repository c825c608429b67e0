"""Money: integer pence inside, pounds only at the edges, through one parser and one formatter.

Pure functions, no Django import: messages go through Django's gettext only when Django is
already running, so a person sees them in their language (MoneyError.code says which problem
it is, in any language). No float ever touches an amount.
"""

import re
import sys
from decimal import Decimal, InvalidOperation


def _(message: str) -> str:
    """The message in the active language inside Django; the English where Django is not
    running (the benefits engine and its command line import this module without Django)."""
    translation = sys.modules.get("django.utils.translation")
    if translation is None:
        return message
    from django.conf import settings

    if not settings.configured:
        return message
    return translation.gettext(message)


_POUNDS = re.compile(
    r"^(?P<sign>-)?(?P<whole>[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.(?P<pence>[0-9]{1,2}))?$"
)


class MoneyError(ValueError):
    """The text is not an amount of money in pounds and pence.

    `code` is one of "required", "decimal_places", "negative" or "invalid": test that, never
    the (translated) message.
    """

    def __init__(self, message: str, code: str = "invalid"):
        super().__init__(message)
        self.code = code


def parse_pounds(text: str, *, allow_negative: bool = False) -> int:
    """Turn "1,234.5", "£12" or "-3.20" into pence. Refuses floats' approximations by design.

    Accepts an optional £ sign, thousands commas in the right places and up to two decimal
    places. Raises MoneyError with a sentence a person can act on.
    """
    cleaned = text.strip().replace(" ", "")
    if cleaned.startswith("-£"):
        cleaned = "-" + cleaned[2:]
    cleaned = cleaned.removeprefix("£")
    if not cleaned:
        raise MoneyError(_("Enter an amount"), "required")
    match = _POUNDS.match(cleaned)
    if not match:
        if re.fullmatch(r"-?[0-9]+\.[0-9]{3,}", cleaned.replace(",", "")):
            raise MoneyError(
                _("Enter an amount with no more than 2 decimal places, like 12.50"),
                "decimal_places",
            )
        raise MoneyError(_("Enter an amount in pounds and pence, like 12.50"))
    if match["sign"] and not allow_negative:
        raise MoneyError(_("Enter an amount that is 0 or more"), "negative")
    whole = int(match["whole"].replace(",", ""))
    pence = int((match["pence"] or "0").ljust(2, "0"))
    total = whole * 100 + pence
    return -total if match["sign"] else total


def decimal_pounds_to_pence(value: Decimal | str) -> int:
    """Exact conversion of a Decimal (or its text) of pounds, with at most 2 places."""
    try:
        amount = Decimal(value)
    except (InvalidOperation, TypeError) as exc:
        raise MoneyError(_("Enter an amount in pounds and pence, like 12.50")) from exc
    if not amount.is_finite():
        raise MoneyError(_("Enter an amount in pounds and pence, like 12.50"))
    pence = amount * 100
    if pence != pence.to_integral_value():
        raise MoneyError(
            _("Enter an amount with no more than 2 decimal places, like 12.50"), "decimal_places"
        )
    return int(pence)


def format_pence(pence: int, *, sign: bool = True) -> str:
    """1234567 -> "£12,345.67"; -250 -> "-£2.50" (or "£2.50" with sign=False)."""
    negative = pence < 0
    whole, part = divmod(abs(pence), 100)
    text = f"£{whole:,}.{part:02d}"
    return f"-{text}" if negative and sign else text


def pence_to_pounds_text(pence: int) -> str:
    """Plain 2-decimal text for CSV files: 123456 -> "1234.56", -5 -> "-0.05"."""
    whole, part = divmod(abs(pence), 100)
    return f"{'-' if pence < 0 else ''}{whole}.{part:02d}"
