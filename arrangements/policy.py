"""The payment plan policy: may a plan be agreed on the spot, or must an officer decide?

Pure: no Django, no ORM. The thresholds come in as `Limits` (officers edit them in the admin,
`PolicySettings`); the facts come in as `Proposal`. Every rule that is checked gives a reason in
words, for the tenant and for the officer, whether it passed or not, so nobody is left
guessing why a plan was agreed or sent to an officer.

The tenant's sentences here are the English the policy means; pages show them through
`arrangements.reason_words`, whole gettext sentences keyed by the reason's code, so they are
not marked. The officer's sentences are marked with `_` (a no-op here) so that `makemessages`
collects them; `arrangements.presentation` translates them when it shows them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from portal.money import format_pence

from . import schedule as sched


def _(text: str) -> str:  # marks text for translation without importing Django
    return text


APPROVE = "approve"
REFER = "refer"

UC_METHODS = frozenset({"uc_direct", "uc_deduction"})


@dataclass(frozen=True)
class Limits:
    max_weeks_to_clear: int = 52
    max_arrears_pence: int = 300_000  # £3,000
    broken_plan_lookback_days: int = 183  # six months
    require_budget: bool = True


@dataclass(frozen=True)
class Proposal:
    """What the tenant offers and what we know, all in pence and dates."""

    arrears_pence: int
    amount_pence: int  # towards the arrears, each instalment
    frequency: str
    start_on: dt.date
    today: dt.date
    covers_charge: bool = True  # the instalment includes the ongoing charge
    charge_pence: int = 0  # the ongoing charge for one period
    lump_sum_pence: int = 0
    payment_method: str = "direct_debit"
    # Monthly amount the latest budget leaves for a plan (None: no budget on file).
    budget_available_monthly_pence: int | None = None
    broken_plan_on: dt.date | None = None  # when a recent plan last broke, if one did


@dataclass(frozen=True)
class Reason:
    code: str
    passed: bool
    tenant: str  # template, with {named} fields from `params`
    officer: str
    params: dict[str, str] = field(default_factory=dict)

    def tenant_text(self) -> str:
        return self.tenant.format(**self.params)

    def officer_text(self) -> str:
        return self.officer.format(**self.params)

    def as_dict(self) -> dict:
        return {"code": self.code, "passed": self.passed, "params": dict(self.params)}


@dataclass(frozen=True)
class Outcome:
    decision: str  # APPROVE or REFER
    reasons: tuple[Reason, ...]

    @property
    def approved(self) -> bool:
        return self.decision == APPROVE

    @property
    def failed(self) -> tuple[Reason, ...]:
        return tuple(reason for reason in self.reasons if not reason.passed)


# Each rule's words: (tenant if passed, tenant if not, officer if passed, officer if not).
TEXTS: dict[str, tuple[str, str, str, str]] = {
    "clears_in_time": (
        "Your plan clears what you owe by {clears_on}.",
        (
            "Your plan would take until {clears_on} to clear what you owe. That is longer than "
            "{max_weeks} weeks, so an officer will look at it."
        ),
        _("Clears by {clears_on}, within {max_weeks} weeks."),
        _("Takes {weeks} weeks, to {clears_on}: over the {max_weeks}-week limit."),
    ),
    "arrears_threshold": (
        "What you owe is below {threshold}, so we can agree a plan straight away.",
        "You owe {threshold} or more, so an officer needs to agree your plan.",
        _("Arrears {arrears} under the {threshold} limit."),
        _("Arrears {arrears} at or over the {threshold} limit."),
    ),
    "affordable": (
        "Your budget shows you can afford {amount_monthly} a month towards your arrears.",
        (
            "Your budget shows {available_monthly} a month left over, less than the "
            "{amount_monthly} a month this plan needs. An officer will talk it through with you."
        ),
        _("Plan {amount_monthly}/month within the budget's {available_monthly}/month."),
        _("Plan {amount_monthly}/month is more than the budget's {available_monthly}/month."),
    ),
    "budget_on_file": (
        "We have your budget.",
        (
            "We do not have a budget from you yet. An officer will check the plan is affordable. "
            "Filling in your budget helps us agree plans straight away."
        ),
        _("Budget on file."),
        _("No submitted budget: affordability not checked."),
    ),
    "no_recent_broken_plan": (
        "You have not had a plan break recently.",
        (
            "A plan broke on {broken_on}, in the last 6 months, so an officer needs to agree "
            "this one."
        ),
        _("No broken plan in the last {lookback_days} days."),
        _("A plan broke on {broken_on}, within {lookback_days} days."),
    ),
    "covers_charge": (
        "Each payment covers your {charge} {period} charge plus {amount} towards your arrears.",
        (
            "Your plan does not include your ongoing charges. An officer will check how they are "
            "paid."
        ),
        _("Covers the ongoing {charge} per period plus {amount} towards arrears."),
        _("Does not include the ongoing charge: check how it is paid (HB/UC direct?)."),
    ),
    "payment_method": (
        "You will pay by {method}.",
        (
            "Universal Credit payments to us have to be asked for from the DWP. An officer "
            "will do that."
        ),
        _("Paid by {method}."),
        _("Universal Credit ({method}): request it from the DWP."),
    ),
}

PERIOD_WORDS = {
    sched.WEEKLY: "weekly",
    sched.FORTNIGHTLY: "fortnightly",
    sched.FOUR_WEEKLY: "four-weekly",
    sched.MONTHLY: "monthly",
}
METHOD_WORDS = {
    "direct_debit": _("Direct Debit"),
    "card": _("card"),
    "uc_direct": _("Universal Credit paid to us direct"),
    "uc_deduction": _("a deduction from Universal Credit"),
}


def date_words(day: dt.date) -> str:
    """5 January 2027."""
    return f"{day.day} {day:%B %Y}"


def _reason(code: str, passed: bool, **params) -> Reason:
    tenant_yes, tenant_no, officer_yes, officer_no = TEXTS[code]
    return Reason(
        code=code,
        passed=passed,
        tenant=tenant_yes if passed else tenant_no,
        officer=officer_yes if passed else officer_no,
        params={key: str(value) for key, value in params.items()},
    )


def reason_from_dict(data: dict) -> Reason:
    """A stored reason (code, passed, params) back as a Reason with its words."""
    return _reason(data["code"], bool(data["passed"]), **data.get("params", {}))


def evaluate(proposal: Proposal, limits: Limits) -> Outcome:
    """Every rule, in order; approve only if every one passes."""
    plan = sched.build(
        arrears_pence=proposal.arrears_pence,
        amount_pence=proposal.amount_pence,
        frequency=proposal.frequency,
        start_on=proposal.start_on,
        lump_sum_pence=proposal.lump_sum_pence,
    )
    clears_on = plan.clears_on or proposal.start_on
    weeks = sched.weeks_between(proposal.today, clears_on)
    reasons = [
        _reason(
            "clears_in_time",
            weeks <= limits.max_weeks_to_clear,
            clears_on=date_words(clears_on),
            weeks=int(-(-weeks // 1)),
            max_weeks=limits.max_weeks_to_clear,
        ),
        _reason(
            "arrears_threshold",
            proposal.arrears_pence < limits.max_arrears_pence,
            arrears=format_pence(proposal.arrears_pence),
            threshold=format_pence(limits.max_arrears_pence),
        ),
    ]
    amount_monthly = sched.to_monthly(
        amount_pence=proposal.amount_pence, frequency=proposal.frequency
    )
    if proposal.budget_available_monthly_pence is None:
        reasons.append(_reason("budget_on_file", not limits.require_budget))
    else:
        reasons.append(
            _reason(
                "affordable",
                amount_monthly <= proposal.budget_available_monthly_pence,
                amount_monthly=format_pence(amount_monthly),
                available_monthly=format_pence(proposal.budget_available_monthly_pence),
            )
        )
    recent_break = proposal.broken_plan_on is not None and (
        (proposal.today - proposal.broken_plan_on).days <= limits.broken_plan_lookback_days
    )
    reasons.append(
        _reason(
            "no_recent_broken_plan",
            not recent_break,
            broken_on=date_words(proposal.broken_plan_on) if proposal.broken_plan_on else "",
            lookback_days=limits.broken_plan_lookback_days,
        )
    )
    reasons.append(
        _reason(
            "covers_charge",
            proposal.covers_charge and proposal.amount_pence > 0,
            charge=format_pence(proposal.charge_pence),
            period=PERIOD_WORDS[proposal.frequency],
            amount=format_pence(proposal.amount_pence),
        )
    )
    reasons.append(
        _reason(
            "payment_method",
            proposal.payment_method not in UC_METHODS,
            method=METHOD_WORDS.get(proposal.payment_method, proposal.payment_method),
        )
    )
    decision = APPROVE if all(reason.passed for reason in reasons) else REFER
    return Outcome(decision=decision, reasons=tuple(reasons))


@dataclass(frozen=True)
class Suggestion:
    """What to suggest on the form, per period of the chosen frequency."""

    affordable_pence: int | None  # the most the budget allows (None: no budget)
    to_clear_in_time_pence: int  # the least that clears within the limit
    suggested_pence: int | None


def suggest(
    *,
    arrears_pence: int,
    frequency: str,
    budget_available_monthly_pence: int | None,
    limits: Limits,
) -> Suggestion:
    """The suggested instalment towards the arrears: what the budget leaves each period,
    never more than the arrears nor less than £1. Also the least that clears the arrears
    within the policy's limit, so the tenant can see both."""
    periods = max(1, int(limits.max_weeks_to_clear / sched.WEEKS_PER_PERIOD[frequency] // 1))
    to_clear = max(100, -(-arrears_pence // periods)) if arrears_pence > 0 else 0
    to_clear = min(to_clear, arrears_pence)
    if budget_available_monthly_pence is None:
        return Suggestion(None, to_clear, to_clear or None)
    affordable = sched.from_monthly(
        monthly_pence=budget_available_monthly_pence, frequency=frequency
    )
    suggested = min(affordable, arrears_pence)
    return Suggestion(affordable, to_clear, suggested if suggested >= 100 else None)
