"""The policy's reasons for the tenant, in the reader's language.

`policy.py` is pure (no Django) and keeps its reasons as a code, passed or not, and figures
(`Reason.params`, stored in `Arrangement.policy_reasons`). This is the Django side, as
`benefits_checker/working_words.py` is for the benefits engine: the same sentences written
with gettext, keyed by the reason's code. Each is a whole sentence for each case (one per
frequency, one per payment method), never an English word dropped into a sentence; figures go
in through `%(name)s`. Dates were stored in English words ("5 January 2027"), so they are read
back and written again in the reader's language.

Read in English these say exactly what the policy says
(tests/arrangements/test_welsh_plans.py checks every case). Officers read the policy's own
officer sentences (`presentation.officer_reasons`).
"""

from __future__ import annotations

import datetime as dt
import re

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from . import policy
from . import schedule as sched

_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_DATE_WORDS = re.compile(r"(\d{1,2}) ([A-Z][a-z]+) (\d{4})")


def _date(words: str) -> str:
    """A date the policy wrote as "5 January 2027", in the reader's language ("5 Ionawr 2027").
    Anything else is shown as it was stored."""
    match = _DATE_WORDS.fullmatch(words.strip())
    if match is None or match[2] not in _MONTHS:
        return words
    try:
        day = dt.date(int(match[3]), _MONTHS.index(match[2]) + 1, int(match[1]))
    except ValueError:
        return words
    return date_format(day, "j F Y")


# The policy stores the English word for the period and the method; read them back.
_PERIOD_OF = {word: frequency for frequency, word in policy.PERIOD_WORDS.items()}
_METHOD_OF = {word: method for method, word in policy.METHOD_WORDS.items()}


def _covers_charge(params: dict) -> str:
    values = {"charge": params.get("charge", ""), "amount": params.get("amount", "")}
    period = _PERIOD_OF.get(params.get("period", ""))
    if period == sched.WEEKLY:
        text = _(
            "Each payment covers your %(charge)s weekly charge plus %(amount)s towards your "
            "arrears."
        )
    elif period == sched.FORTNIGHTLY:
        text = _(
            "Each payment covers your %(charge)s fortnightly charge plus %(amount)s towards "
            "your arrears."
        )
    elif period == sched.FOUR_WEEKLY:
        text = _(
            "Each payment covers your %(charge)s four-weekly charge plus %(amount)s towards "
            "your arrears."
        )
    elif period == sched.MONTHLY:
        text = _(
            "Each payment covers your %(charge)s monthly charge plus %(amount)s towards your "
            "arrears."
        )
    else:
        text = _("Each payment covers your %(charge)s charge plus %(amount)s towards your arrears.")
    return text % values


def _pays_by(params: dict) -> str:
    method = _METHOD_OF.get(params.get("method", ""))
    if method == "direct_debit":
        return _("You will pay by Direct Debit.")
    if method == "card":
        return _("You will pay by card.")
    if method == "uc_direct":
        return _("You will pay by Universal Credit paid to us direct.")
    if method == "uc_deduction":
        return _("You will pay by a deduction from Universal Credit.")
    return _("You will pay by %(method)s.") % {"method": params.get("method", "")}


def tenant_text(reason: policy.Reason) -> str:
    """The reason's sentence for the tenant, in the active language."""
    params = dict(reason.params)
    code, passed = reason.code, reason.passed
    if code == "clears_in_time":
        values = {
            "clears_on": _date(params.get("clears_on", "")),
            "max_weeks": params.get("max_weeks", ""),
        }
        if passed:
            return _("Your plan clears what you owe by %(clears_on)s.") % values
        return (
            _(
                "Your plan would take until %(clears_on)s to clear what you owe. That is longer "
                "than %(max_weeks)s weeks, so an officer will look at it."
            )
            % values
        )
    if code == "arrears_threshold":
        values = {"threshold": params.get("threshold", "")}
        if passed:
            return (
                _("What you owe is below %(threshold)s, so we can agree a plan straight away.")
                % values
            )
        return _("You owe %(threshold)s or more, so an officer needs to agree your plan.") % values
    if code == "affordable":
        values = {
            "amount_monthly": params.get("amount_monthly", ""),
            "available_monthly": params.get("available_monthly", ""),
        }
        if passed:
            return (
                _(
                    "Your budget shows you can afford %(amount_monthly)s a month towards your "
                    "arrears."
                )
                % values
            )
        return (
            _(
                "Your budget shows %(available_monthly)s a month left over, less than the "
                "%(amount_monthly)s a month this plan needs. An officer will talk it through "
                "with you."
            )
            % values
        )
    if code == "budget_on_file":
        if passed:
            return _("We have your budget.")
        return _(
            "We do not have a budget from you yet. An officer will check the plan is "
            "affordable. Filling in your budget helps us agree plans straight away."
        )
    if code == "no_recent_broken_plan":
        if passed:
            return _("You have not had a plan break recently.")
        return _(
            "A plan broke on %(broken_on)s, in the last 6 months, so an officer needs to "
            "agree this one."
        ) % {"broken_on": _date(params.get("broken_on", ""))}
    if code == "covers_charge":
        if passed:
            return _covers_charge(params)
        return _(
            "Your plan does not include your ongoing charges. An officer will check how they "
            "are paid."
        )
    if code == "payment_method":
        if passed:
            return _pays_by(params)
        return _(
            "Universal Credit payments to us have to be asked for from the DWP. An officer will "
            "do that."
        )
    # A rule this module does not know yet: the policy's own English words.
    return reason.tenant_text()
