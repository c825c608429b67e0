"""The schedule (pure): every instalment's date and amount, summing exactly to the arrears."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from arrangements import schedule as sched

D = dt.date


@pytest.mark.parametrize(
    ("arrears", "amount", "lump", "expected"),
    [
        (10000, 3000, 0, [3000, 3000, 3000, 1000]),
        (10000, 2500, 0, [2500, 2500, 2500, 2500]),
        (10001, 2500, 0, [2500, 2500, 2500, 2500, 1]),
        (10000, 3000, 4000, [3000, 3000]),
        (10000, 10000, 0, [10000]),
        (150, 100, 0, [100, 50]),
    ],
)
def test_instalments_are_the_amount_and_the_last_takes_what_is_left(
    arrears, amount, lump, expected
):
    plan = sched.build(
        arrears_pence=arrears,
        amount_pence=amount,
        frequency="weekly",
        start_on=D(2027, 1, 4),
        lump_sum_pence=lump,
    )
    assert [i.amount_pence for i in plan.instalments] == expected
    assert plan.total_pence == arrears


@pytest.mark.parametrize(
    ("frequency", "dates"),
    [
        ("weekly", [D(2027, 1, 29), D(2027, 2, 5), D(2027, 2, 12)]),
        ("fortnightly", [D(2027, 1, 29), D(2027, 2, 12), D(2027, 2, 26)]),
        ("four_weekly", [D(2027, 1, 29), D(2027, 2, 26), D(2027, 3, 26)]),
    ],
)
def test_weekly_frequencies_count_days(frequency, dates):
    plan = sched.build(
        arrears_pence=300, amount_pence=100, frequency=frequency, start_on=D(2027, 1, 29)
    )
    assert [i.due_on for i in plan.instalments] == dates


def test_monthly_plans_keep_the_day_of_the_month_and_never_drift():
    plan = sched.build(
        arrears_pence=500, amount_pence=100, frequency="monthly", start_on=D(2027, 1, 31)
    )
    assert [i.due_on for i in plan.instalments] == [
        D(2027, 1, 31),
        D(2027, 2, 28),
        D(2027, 3, 31),
        D(2027, 4, 30),
        D(2027, 5, 31),
    ]
    leap = sched.build(
        arrears_pence=200, amount_pence=100, frequency="monthly", start_on=D(2028, 1, 29)
    )
    assert [i.due_on for i in leap.instalments] == [D(2028, 1, 29), D(2028, 2, 29)]
    december = sched.build(
        arrears_pence=200, amount_pence=100, frequency="monthly", start_on=D(2026, 12, 15)
    )
    assert december.clears_on == D(2027, 1, 15)


def test_the_clear_date_is_the_last_instalment():
    plan = sched.build(
        arrears_pence=1000, amount_pence=300, frequency="weekly", start_on=D(2027, 1, 4)
    )
    assert plan.clears_on == D(2027, 1, 25)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"frequency": "daily"},
        {"amount_pence": 0},
        {"amount_pence": 1, "arrears_pence": 10_000},  # 10,000 weeks
        {"lump_sum_pence": -1},
    ],
)
def test_impossible_schedules_are_refused(kwargs):
    args = {
        "arrears_pence": 1000,
        "amount_pence": 100,
        "frequency": "weekly",
        "start_on": D(2027, 1, 4),
    } | kwargs
    with pytest.raises(sched.ScheduleError):
        sched.build(**args)


def test_amounts_convert_between_frequencies_exactly_once():
    assert sched.per_period(weekly_pence=9500, frequency="monthly") == 41167  # 411.666...
    assert sched.per_period(weekly_pence=9500, frequency="four_weekly") == 38000
    assert sched.to_monthly(amount_pence=1000, frequency="weekly") == 4333
    assert sched.from_monthly(monthly_pence=4333, frequency="weekly") == 999  # rounded down


def test_expected_balance_follows_the_rule_with_charges_and_the_lump_sum():
    plan = sched.build(
        arrears_pence=10000,
        amount_pence=2000,
        frequency="weekly",
        start_on=D(2027, 1, 4),
        lump_sum_pence=2000,
        lump_sum_on=D(2027, 1, 4),
    )
    # Two instalments and the lump sum due; £190 of rent charged; £95 included in each payment.
    expected = sched.expected_balance(
        schedule=plan,
        starting_balance_pence=10000,
        cutoff=D(2027, 1, 11),
        covers_charge=True,
        charge_pence=9500,
        charges_since_start_pence=19000,
    )
    assert expected == 10000 - 2000 - 2 * 2000 + 19000 - 2 * 9500
    # Without the charge included: the arrears part only, never below 0.
    assert (
        sched.expected_balance(
            schedule=plan,
            starting_balance_pence=10000,
            cutoff=D(2030, 1, 1),
            covers_charge=False,
            charge_pence=0,
            charges_since_start_pence=50000,
        )
        == 0
    )


@given(
    arrears=st.integers(min_value=1, max_value=5_000_000),
    amount=st.integers(min_value=1, max_value=5_000_000),
    lump=st.integers(min_value=0, max_value=5_000_000),
    frequency=st.sampled_from(sched.FREQUENCIES),
    start=st.dates(min_value=D(2000, 1, 1), max_value=D(2090, 12, 31)),
)
def test_every_schedule_sums_exactly_and_no_instalment_is_empty(
    arrears, amount, lump, frequency, start
):
    try:
        plan = sched.build(
            arrears_pence=arrears,
            amount_pence=amount,
            frequency=frequency,
            start_on=start,
            lump_sum_pence=lump,
        )
    except sched.ScheduleError:
        assert -(-(arrears - min(lump, arrears)) // amount) > sched.MAX_INSTALMENTS
        return
    amounts = [i.amount_pence for i in plan.instalments]
    assert plan.lump_sum_pence + sum(amounts) == arrears
    assert all(a >= 1 for a in amounts)
    # No two differ by more than 1p, except the last (which absorbs what is left).
    assert len(set(amounts[:-1])) <= 1
    assert not amounts or amounts[-1] <= amount
    dates = [i.due_on for i in plan.instalments]
    assert dates == sorted(set(dates))
    if dates:
        assert dates[0] == start


@given(
    start=st.dates(min_value=D(2000, 1, 1), max_value=D(2090, 12, 31)),
    months=st.integers(min_value=0, max_value=240),
)
def test_monthly_dates_are_one_per_calendar_month(start, months):
    due = sched.due_date(start_on=start, frequency="monthly", index=months)
    assert (due.year - start.year) * 12 + due.month - start.month == months
    assert due.day == start.day or due.day < start.day and (due + dt.timedelta(days=1)).day == 1
