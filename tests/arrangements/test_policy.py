"""The policy (pure): which plans are agreed on the spot, and the reasons in words."""

import datetime as dt

import pytest

from arrangements import policy

TODAY = dt.date(2027, 1, 4)
LIMITS = policy.Limits(
    max_weeks_to_clear=52, max_arrears_pence=300_000, broken_plan_lookback_days=183
)


def proposal(**changes):
    fields = {
        "arrears_pence": 50_000,  # £500
        "amount_pence": 2_000,  # £20 a week: 25 weeks
        "frequency": "weekly",
        "start_on": TODAY,
        "today": TODAY,
        "covers_charge": True,
        "charge_pence": 9_500,
        "payment_method": "direct_debit",
        "budget_available_monthly_pence": 20_000,
        "broken_plan_on": None,
    }
    return policy.Proposal(**(fields | changes))


def test_a_plan_within_every_rule_is_agreed_with_its_reasons_in_words():
    outcome = policy.evaluate(proposal(), LIMITS)
    assert outcome.approved
    texts = [reason.tenant_text() for reason in outcome.reasons]
    assert "Your plan clears what you owe by 21 June 2027." in texts
    assert all(reason.passed for reason in outcome.reasons)


@pytest.mark.parametrize(
    ("changes", "failed"),
    [
        ({"amount_pence": 500}, "clears_in_time"),  # 100 weeks
        (
            {
                "arrears_pence": 300_000,
                "amount_pence": 10_000,
                "budget_available_monthly_pence": 50_000,
            },
            "arrears_threshold",
        ),
        ({"budget_available_monthly_pence": 5_000}, "affordable"),  # £86.67 a month needed
        ({"budget_available_monthly_pence": None}, "budget_on_file"),
        ({"broken_plan_on": TODAY - dt.timedelta(days=100)}, "no_recent_broken_plan"),
        ({"covers_charge": False}, "covers_charge"),
        ({"payment_method": "uc_deduction"}, "payment_method"),
        ({"payment_method": "uc_direct"}, "payment_method"),
    ],
)
def test_each_rule_broken_alone_sends_the_plan_to_an_officer(changes, failed):
    outcome = policy.evaluate(proposal(**changes), LIMITS)
    assert not outcome.approved
    assert [reason.code for reason in outcome.failed] == [failed]
    assert outcome.failed[0].officer_text()
    assert outcome.failed[0].tenant_text()


def test_a_plan_broken_long_ago_does_not_count():
    outcome = policy.evaluate(proposal(broken_plan_on=TODAY - dt.timedelta(days=400)), LIMITS)
    assert outcome.approved


def test_affordability_words_give_both_figures():
    outcome = policy.evaluate(proposal(budget_available_monthly_pence=5_000), LIMITS)
    (reason,) = outcome.failed
    assert reason.officer_text() == "Plan £86.67/month is more than the budget's £50.00/month."


def test_without_a_required_budget_the_policy_can_be_relaxed():
    relaxed = policy.Limits(require_budget=False)
    assert policy.evaluate(proposal(budget_available_monthly_pence=None), relaxed).approved


def test_stored_reasons_come_back_with_their_words():
    outcome = policy.evaluate(proposal(amount_pence=500), LIMITS)
    stored = [reason.as_dict() for reason in outcome.reasons]
    again = [policy.reason_from_dict(data) for data in stored]
    assert [r.tenant_text() for r in again] == [r.tenant_text() for r in outcome.reasons]


@pytest.mark.parametrize(
    ("available", "frequency", "affordable", "suggested"),
    [
        (20_000, "weekly", 4_615, 4_615),  # £200 a month is £46.15 a week
        (20_000, "monthly", 20_000, 20_000),
        (500_000, "monthly", 500_000, 50_000),  # never more than the arrears
        (0, "weekly", 0, None),  # nothing to spare: no suggestion below £1
    ],
)
def test_the_suggestion_comes_from_the_budget(available, frequency, affordable, suggested):
    suggestion = policy.suggest(
        arrears_pence=50_000,
        frequency=frequency,
        budget_available_monthly_pence=available,
        limits=LIMITS,
    )
    assert suggestion.affordable_pence == affordable
    assert suggestion.suggested_pence == suggested


def test_without_a_budget_the_suggestion_is_what_clears_within_the_limit():
    suggestion = policy.suggest(
        arrears_pence=52_000, frequency="weekly", budget_available_monthly_pence=None, limits=LIMITS
    )
    assert suggestion.to_clear_in_time_pence == 1_000
    assert suggestion.suggested_pence == 1_000
