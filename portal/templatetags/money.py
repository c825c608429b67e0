"""Money in templates: the one formatter, so every page reads "£1,234.56"."""

from django import template
from django.utils.translation import gettext

from portal.money import format_pence

register = template.Library()


@register.filter
def pounds(pence: int | None) -> str:
    """12345 -> "£123.45"; -500 -> "-£5.00"."""
    if pence is None:
        return ""
    return format_pence(int(pence))


@register.filter
def pounds_unsigned(pence: int | None) -> str:
    """The size of an amount without its sign: -500 -> "£5.00"."""
    if pence is None:
        return ""
    return format_pence(abs(int(pence)), sign=False)


@register.filter
def balance_words(pence: int | None) -> str:
    """A balance as a person says it: "£120.00 owed", "£5.00 in credit", "£0.00"."""
    pence = int(pence or 0)
    if pence > 0:
        return gettext("%(amount)s owed") % {"amount": format_pence(pence)}
    if pence < 0:
        return gettext("%(amount)s in credit") % {"amount": format_pence(-pence)}
    return format_pence(0)
