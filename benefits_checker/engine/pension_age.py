"""State Pension age from a date of birth, and ages on a date.

Pensions Act 1995 Sch 4 as amended by the Pensions Acts 2011 and 2014 (s.26 and its
explanatory notes) and the Pensions Act 2007:
- born 6 October 1954 to 5 April 1960: 66;
- born 6 April 1960 to 5 March 1961: 66 and 1 to 11 months (born 6 April to 5 May 1960:
  66 and 1 month; each later month of birth one month more);
- born 6 March 1961 to 5 April 1977: 67;
- born on or after 6 April 1978: 68 (the 2044-46 rise; the 1977-78 phase-in is taken as 67
  here, which is decades away from mattering to this service).
Before 6 October 1954 the age was 65 or lower (women's rising from 60): those people reached
it before October 2020, so only the cut-offs below matter for them.

The line between "pension age" and "working age" (UC or Pension Credit, the benefit cap
exemption, Attendance Allowance or PIP) is drawn here, from a date of birth, never from
"age 66 or more".
"""

from __future__ import annotations

import calendar
import datetime as dt


def add_years_months(born: dt.date, years: int, months: int = 0) -> dt.date:
    """The day a person born on `born` reaches `years` and `months`. A birthday that does not
    exist that year (29 February, or 31st in a short month) falls on the month's last day."""
    month_index = born.month - 1 + months
    year = born.year + years + month_index // 12
    month = month_index % 12 + 1
    day = min(born.day, calendar.monthrange(year, month)[1])
    return dt.date(year, month, day)


def age_on(born: dt.date, on: dt.date) -> int:
    """Age in whole years on a date."""
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def state_pension_age_date(born: dt.date, sex: str | None = None) -> dt.date:
    """The date a person born on `born` reaches State Pension age."""
    if born < dt.date(1954, 10, 6):
        # Men 65; women between 60 and 65 by date of birth. Women born before 6 April 1950
        # reached 60; later cohorts rose to 65 by November 2018. The exact day only matters
        # for Savings Credit (before 6 April 2016), handled by `reached_before`.
        if sex == "F" and born < dt.date(1950, 4, 6):
            return add_years_months(born, 60)
        return add_years_months(born, 65)
    if born < dt.date(1960, 4, 6):
        return add_years_months(born, 66)
    if born < dt.date(1961, 3, 6):
        # Months since 6 April 1960, counting from the 6th of each month, plus one.
        months = (born.year - 1960) * 12 + (born.month - 4) - (1 if born.day < 6 else 0) + 1
        return add_years_months(born, 66, months)
    if born < dt.date(1978, 4, 6):
        return add_years_months(born, 67)
    return add_years_months(born, 68)


# People who reached State Pension age before 6 April 2016 (Savings Credit): men born before
# 6 April 1951; women born before 6 April 1953 (their pension age was rising to 65 then).
_SAVINGS_CREDIT_BORN_BEFORE = {"F": dt.date(1953, 4, 6), None: dt.date(1951, 4, 6)}


def reached_before(born: dt.date, cutoff: dt.date, sex: str | None = None) -> bool:
    """Whether State Pension age was reached before a date (the Savings Credit line, 6 April
    2016, and the higher HB allowance line, 1 April 2021)."""
    if cutoff == dt.date(2016, 4, 6):
        return born < _SAVINGS_CREDIT_BORN_BEFORE.get(sex, _SAVINGS_CREDIT_BORN_BEFORE[None])
    return state_pension_age_date(born, sex) < cutoff


def assumed_birth_date(age: int, year_start: dt.date) -> dt.date:
    """With only an age on the first day of the rates year: the earliest date of birth that
    age allows (born the day after a birthday that would make them a year older)."""
    return add_years_months(year_start, -(age + 1)) + dt.timedelta(days=1)
