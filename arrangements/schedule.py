"""A payment plan's schedule: when each instalment falls due and how much it is.

Pure: no Django, no ORM, integer pence only. The arrears (less any lump sum) are paid in
instalments of the agreed amount; the last instalment is whatever is left, so the schedule
always sums exactly to the arrears and no instalment is ever 0p.

Monthly plans fall due on the same day of each calendar month as the start date; a start on
the 29th, 30th or 31st falls on the last day of shorter months (31 January, 28 February,
31 March), never drifting.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from fractions import Fraction

WEEKLY = "weekly"
FORTNIGHTLY = "fortnightly"
FOUR_WEEKLY = "four_weekly"
MONTHLY = "monthly"
FREQUENCIES = (WEEKLY, FORTNIGHTLY, FOUR_WEEKLY, MONTHLY)

# Days between instalments for the frequencies counted in days.
_DAYS = {WEEKLY: 7, FORTNIGHTLY: 14, FOUR_WEEKLY: 28}
# Weeks in one period of each frequency (a month is 52/12 weeks), exact.
WEEKS_PER_PERIOD = {
    WEEKLY: Fraction(1),
    FORTNIGHTLY: Fraction(2),
    FOUR_WEEKLY: Fraction(4),
    MONTHLY: Fraction(52, 12),
}
# A plan longer than this many instalments is refused: 10 years of weekly payments.
MAX_INSTALMENTS = 520


class ScheduleError(ValueError):
    """The plan cannot be scheduled (bad frequency, amount or a plan far too long)."""


@dataclass(frozen=True)
class Instalment:
    number: int  # 1, 2, 3...
    due_on: dt.date
    amount_pence: int


@dataclass(frozen=True)
class Schedule:
    arrears_pence: int
    lump_sum_pence: int
    lump_sum_on: dt.date | None
    instalments: tuple[Instalment, ...]

    @property
    def clears_on(self) -> dt.date | None:
        """The day the last payment falls due (the lump sum's day if it clears everything)."""
        if self.instalments:
            return self.instalments[-1].due_on
        return self.lump_sum_on

    @property
    def total_pence(self) -> int:
        return self.lump_sum_pence + sum(i.amount_pence for i in self.instalments)

    def due_by(self, on: dt.date) -> list[Instalment]:
        """The instalments due on or before `on`."""
        return [i for i in self.instalments if i.due_on <= on]

    def next_after(self, on: dt.date) -> Instalment | None:
        """The first instalment due after `on` (today's counts as next if not yet past)."""
        for instalment in self.instalments:
            if instalment.due_on >= on:
                return instalment
        return None


def add_months(start: dt.date, months: int) -> dt.date:
    """`start` moved on by whole calendar months, keeping its day where the month has it."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return dt.date(year, month, day)


def due_date(*, start_on: dt.date, frequency: str, index: int) -> dt.date:
    """The date of instalment `index` (0 is the first, on the start date)."""
    if frequency == MONTHLY:
        return add_months(start_on, index)
    try:
        return start_on + dt.timedelta(days=_DAYS[frequency] * index)
    except KeyError:
        raise ScheduleError(f"unknown frequency {frequency!r}") from None


def instalment_count(*, arrears_pence: int, amount_pence: int, lump_sum_pence: int = 0) -> int:
    """How many instalments of `amount_pence` clear what is left after the lump sum."""
    if amount_pence < 1:
        raise ScheduleError("an instalment must be at least 1p")
    remaining = arrears_pence - lump_sum_pence
    if remaining <= 0:
        return 0
    return -(-remaining // amount_pence)


def build(
    *,
    arrears_pence: int,
    amount_pence: int,
    frequency: str,
    start_on: dt.date,
    lump_sum_pence: int = 0,
    lump_sum_on: dt.date | None = None,
) -> Schedule:
    """Every instalment, from `start_on`, of `amount_pence` each, the last taking what is left.

    The lump sum (paid on `lump_sum_on`, the start date if not given) comes off the arrears
    first. Raises ScheduleError for an unknown frequency, an amount under 1p, a negative lump
    sum or more than MAX_INSTALMENTS instalments.
    """
    if frequency not in FREQUENCIES:
        raise ScheduleError(f"unknown frequency {frequency!r}")
    if arrears_pence < 0 or lump_sum_pence < 0:
        raise ScheduleError("amounts must not be negative")
    lump_sum_pence = min(lump_sum_pence, arrears_pence)
    count = instalment_count(
        arrears_pence=arrears_pence, amount_pence=amount_pence, lump_sum_pence=lump_sum_pence
    )
    if count > MAX_INSTALMENTS:
        raise ScheduleError("the plan would take too long")
    remaining = arrears_pence - lump_sum_pence
    instalments = []
    for index in range(count):
        amount = amount_pence if index < count - 1 else remaining - amount_pence * (count - 1)
        instalments.append(
            Instalment(
                number=index + 1,
                due_on=due_date(start_on=start_on, frequency=frequency, index=index),
                amount_pence=amount,
            )
        )
    return Schedule(
        arrears_pence=arrears_pence,
        lump_sum_pence=lump_sum_pence,
        lump_sum_on=(lump_sum_on or start_on) if lump_sum_pence else None,
        instalments=tuple(instalments),
    )


def per_period(*, weekly_pence: int, frequency: str) -> int:
    """A weekly amount as the amount for one period of `frequency`, to the nearest penny
    (rounded once, half up): £95.00 a week is £411.67 a month."""
    exact = weekly_pence * WEEKS_PER_PERIOD[frequency]
    return int((exact * 2 + 1) // 2)


def to_monthly(*, amount_pence: int, frequency: str) -> int:
    """An amount paid every period of `frequency`, as a monthly amount (nearest penny)."""
    exact = amount_pence * WEEKS_PER_PERIOD[frequency] ** -1 * Fraction(52, 12)
    return int((exact * 2 + 1) // 2)


def from_monthly(*, monthly_pence: int, frequency: str) -> int:
    """A monthly amount as the amount for one period of `frequency`, rounded down to the
    penny (so it never exceeds what is affordable)."""
    exact = Fraction(monthly_pence) * Fraction(12, 52) * WEEKS_PER_PERIOD[frequency]
    return int(exact // 1)


def weeks_between(start: dt.date, end: dt.date) -> Fraction:
    return Fraction((end - start).days, 7)


def expected_balance(
    *,
    schedule: Schedule,
    starting_balance_pence: int,
    cutoff: dt.date,
    covers_charge: bool,
    charge_pence: int,
    charges_since_start_pence: int,
) -> int:
    """What the covered accounts should owe if every payment due by `cutoff` was made.

    balance at the start − lump sum (once due) − instalments due, floored at 0 (the arrears
    cannot go below nothing), then + charges since the start − the ongoing charge included in
    each payment due. A plan that does not include the ongoing charge (rent paid another way,
    such as Housing Benefit to the landlord) expects those charges to be met by that route.
    """
    lump = (
        schedule.lump_sum_pence
        if schedule.lump_sum_on is not None and schedule.lump_sum_on <= cutoff
        else 0
    )
    due = schedule.due_by(cutoff)
    arrears_left = max(0, starting_balance_pence - lump - sum(i.amount_pence for i in due))
    if not covers_charge:
        return arrears_left
    return arrears_left + charges_since_start_pence - len(due) * charge_pence
