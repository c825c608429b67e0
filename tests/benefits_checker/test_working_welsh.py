"""The working in the reader's language: a saved check keeps its steps (data) and the result
page words them as it is read, in Welsh for a Welsh reader and in exactly the engine's English
for everyone else. A check saved before the steps were kept still shows its stored words, and
caseload screening stays English."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from benefits_checker.engine import calculate
from benefits_checker.engine import working as engine_working
from benefits_checker.engine.working import render
from benefits_checker.models import BenefitsCheck
from benefits_checker.screening import explanation
from benefits_checker.working_words import (
    TEMPLATES,
    steps_from_json,
    translated_line,
    working_lines,
)
from tests.factories import tenant_with_account

from .samples import household_from_dict
from .test_views import answer_everything, family, step_url  # noqa: F401

FIXTURE = Path(__file__).parent / "fixtures" / "working_sample.json"
MONEY = re.compile(r"£[0-9,]+\.[0-9]{2}")
# Words of the English working that no Welsh line should still carry.
ENGLISH = (" a month", " a week", " a year", " less ", " for ", " over ", "Earnings", "Savings:")


def _samples() -> dict[str, list[tuple]]:
    """Sample steps for every template key, reaching every sentence of each."""
    pc_income_parts = (
        ("pensions", 16950),
        ("pay", 2000, 500),
        ("carers_allowance", 8345),
        ("other", 1000),
        ("savings", 200, 100, 50000, 1000000),
    )
    return {
        "earnings": [
            (index, 150000, tax, tax // 2, 140000 if tax else 150000, marriage)
            for index, tax, marriage in itertools.product((0, 1), (0, 3050), (False, True))
        ],
        "child_benefit": [(1, 2615, 1730, 2615, 11332), (3, 2615, 1730, 6075, 26325)],
        "hicbc": [(6500000, 6000000, 60000, 50)],
        "uc_mixed_age": [()],
        "uc_standard_allowance": [
            (couple, young, 40000) for couple, young in itertools.product((True, False), repeat=2)
        ],
        "uc_child": [
            (33988, 29294, True, 1, 2, 1, False),
            (33988, 29294, True, 0, 1, 0, False),
            (0, 29294, False, 0, 1, 0, False),
            (0, 29294, False, 3, 3, 0, True),
            (0, 29294, False, 2, 2, 0, False),
        ],
        "uc_disabled_child": [
            (1, 49556, 1, 15841, 65397),
            (2, 49556, 0, 15841, 99112),
            (0, 49556, 1, 15841, 15841),
        ],
        "uc_lcwra": [(0, 42311), (1, 42311), (2, 21700)],
        "uc_carer": [(1, 20135, 20135), (2, 20135, 40270)],
        "uc_carer_not_added": [()],
        "uc_childcare_no_child": [()],
        "uc_childcare_no_work": [(True,), (False,)],
        "uc_childcare": [
            ("85%", 50000, 42500, 103153, 1),
            ("85%", 200000, 170000, 103153, 1),
            ("85%", 250000, 212500, 176835, 2),
        ],
        "uc_housing": [
            (52000, spare, "14%" if spare == 1 else "25%", non_dep, paying, 9355, 40000)
            for spare, (non_dep, paying) in itertools.product(
                (0, 1, 2), ((0, 0), (1, 0), (2, 1), (2, 3))
            )
        ],
        "bedrooms": [(2, 3), (2, 2)],
        "uc_maximum": [(141811,)],
        "uc_savings_over": [(1700000, 1600000)],
        "uc_tariff": [(700000, 600000, 4, 435, 25000, 1740)],
        "uc_earnings": [(115734, 42700, 73034, "55%", 40169), (115734, 0, 115734, "55%", 63654)],
        "uc_unearned": [
            (
                (("state_pension", 10000), ("pension", 2000), ("carers_allowance", 3000)),
                15000,
            ),
            ((("other", 500),), 500),
        ],
        "uc_before_cap": [(141811, 40169, 500, 1740, 99402)],
        "uc_award": [(99402,)],
        "cap_exempt": [
            (reason, 79300, 16)
            for reason in (
                "earnings",
                "lcwra",
                "carer",
                "carers_allowance",
                "disability",
                "disabled_child",
            )
        ],
        "cap": [
            (200000, child_benefit, 226325, 195833, london, 30492, childcare, 20000)
            for london, child_benefit, childcare in itertools.product(
                (True, False), (0, 26325), (0, 10492)
            )
        ],
        "pc_intro": [(True,), (False,)],
        "pc_minimum": [
            (
                (
                    ("smg", 22710, False),
                    ("severe", 2, 8210),
                    ("carer", 4581),
                    ("children", 7000, 2),
                ),
                50711,
            ),
            ((("smg", 34660, True), ("severe", 1, 8210), ("children", 3500, 1)), 46370),
        ],
        "pc_income": [
            ((), 0),
            ((("pensions", 16950),), 16950),
            (pc_income_parts, 28495),
        ],
        "pc_guarantee": [(22710, 16950, 5760), (22710, 23000, 0)],
        "pc_savings_credit": [("60%", 18964, 1614, 1614, "40%", 22710, 100, 1514)],
        "pc_award": [(5760, 24960)],
        "hb_rent": [(41167, 9500)],
        "hb_maximum": [(9500, True, 0, 9500), (9500, False, 2115, 7385)],
        "hb_guarantee_credit": [(9500,)],
        "hb_savings_over": [(1700000, 1600000)],
        "hb_applicable": [
            (
                (
                    ("allowance", 22710, True),
                    ("children", 2, 8511),
                    ("disabled_child_premiums", 9000),
                    ("carer", 4581),
                    ("severe", 8210),
                ),
                60000,
            ),
            ((("allowance", 22710, False), ("disabled_child_premium", 4500)), 27210),
        ],
        "hb_income": [
            (20000, sc, tariff, 1000000) for sc, tariff in itertools.product((0, 1514), (0, 200))
        ],
        "hb_taper": [(9500, "65%", 3000, 1950, 7550)],
        "hb_award": [(7550, 32717, False), (9500, 41167, True)],
        "ctr_pension": [
            (
                160000,
                ndd,
                reason,
                1600000 if reason == "savings" else 3000,
                22710,
                600,
                "20%",
                annual,
                annual // 12,
            )
            for ndd, (reason, annual) in itertools.product(
                (0, 500), (("gc", 160000), ("savings", 0), ("taper", 120000))
            )
        ],
        "ctr_savings_over": [
            ("Sir Enghraifft", 228000, capped, "D" if capped != 228000 else None, 1600000)
            for capped in (228000, 180000)
        ],
        "ctr_bands": [
            ("Sir Enghraifft", 228000, capped, "D", 75, kind, 110000, ndd, 170000, 14167)
            for capped, kind, ndd in itertools.product(
                (228000, 180000), ("family", "couple", "single"), (0, 500)
            )
        ],
        "ctr_taper": [
            ("Sir Enghraifft", 228000, capped, "D", 90, 20, 30000, 80000, ndd, 150000, 12500)
            for capped, ndd in itertools.product((228000, 180000), (0, 500))
        ],
    }


SAMPLES = _samples()


def _fixture_steps():
    for case in json.loads(FIXTURE.read_text(encoding="utf-8")):
        household = household_from_dict(case["household"])
        result = calculate(household, on=dt.date.fromisoformat(case["on"]))
        for steps in result.steps.values():
            yield from steps


def test_every_engine_template_has_a_welsh_capable_twin_and_samples():
    assert set(TEMPLATES) == set(engine_working.TEMPLATES) == set(SAMPLES)


@pytest.mark.parametrize("key", sorted(SAMPLES))
def test_every_template_reads_in_welsh_with_the_same_amounts(key):
    for step in SAMPLES[key]:
        step = (key, *step)
        english = render(step)
        with translation.override("cy"):
            welsh = translated_line(step)
            assert working_lines([step]) == [welsh]
        assert welsh != english, step
        assert "%(" not in welsh and "%%" not in welsh, welsh
        assert not [word for word in ENGLISH if word in welsh], (step, welsh)
        # the same amounts, however the sentence is ordered
        assert sorted(MONEY.findall(welsh)) == sorted(MONEY.findall(english)), (step, welsh)


def test_the_messages_read_in_english_exactly_as_the_engine_writes():
    # The English msgids are what translators work from: they must say what the engine says,
    # for every sample sentence and every step of the 400 fixture households.
    steps = [(key, *values) for key, samples in SAMPLES.items() for values in samples]
    steps += list(_fixture_steps())
    with translation.override("en-gb"):
        for step in steps:
            assert translated_line(step) == render(step), step
            assert working_lines([step]) == [render(step)]


def test_steps_come_back_from_json_as_the_engine_made_them():
    step = ("pc_minimum", (("smg", 22710, False), ("children", 7000, 2)), 29710)
    stored = json.loads(json.dumps({"pension_credit": [step]}))
    assert steps_from_json(stored) == {"pension_credit": [step]}
    assert render(steps_from_json(stored)["pension_credit"][0]) == render(step)


def test_caseload_screening_stays_english_whatever_the_language():
    case = json.loads(FIXTURE.read_text(encoding="utf-8"))[0]
    result = calculate(household_from_dict(case["household"]), on=dt.date.fromisoformat(case["on"]))
    english = explanation(result)
    with translation.override("cy"):
        assert explanation(result) == english
        assert result.working == {k: [render(s) for s in v] for k, v in result.steps.items()}


# --- The web check ----------------------------------------------------------------------------


@pytest.fixture
def welsh_client(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    return client


def _family_check(client, user, partner, child) -> BenefitsCheck:
    """The family's whole check, with a council tax bill so the council's scheme applies."""
    call_command("benefits_seed_demo", stdout=None)
    client.force_login(user)
    client.get(step_url("people") + "?new=1")
    answer_everything(client, partner, child)
    home = {"rent": "520.00", "bedrooms": "3", "council_tax": "1600", "overnight_carer": "no"}
    assert client.post(step_url("home"), home).status_code == 302
    client.post(reverse("benefits_checker:check_answers"))
    return BenefitsCheck.objects.get()


def _result_page(client, check) -> str:
    return client.get(reverse("benefits_checker:result", args=[check.pk])).content.decode()


@pytest.mark.django_db
def test_a_whole_check_shows_its_working_in_welsh(welsh_client, family):  # noqa: F811
    user, tenancy, partner, child = family
    check = _family_check(welsh_client, user, partner, child)
    assert set(check.results["steps"]) >= {"earnings", "universal_credit", "council_tax_reduction"}
    body = _result_page(welsh_client, check)
    assert "Enillion: Rydych chi’n ennill £1,200.00 y mis cyn treth" in body
    assert "Lwfans safonol (cwpl, un neu’r ddau yn 25 oed neu’n hŷn)" in body
    assert "Elfen plant: " in body
    assert "Costau tai: rhent £520.00 llai 14% am un ystafell wely sbâr" in body
    assert "Gostyngiad Treth Gyngor (" in body
    assert "Credyd Cynhwysol: " in body and " y mis" in body
    # every line of the working is the Welsh sentence, none the English one
    steps = steps_from_json(check.results["steps"])
    with translation.override("cy"):
        for section_steps in steps.values():
            for step in section_steps:
                assert translated_line(step) in body
    for lines in check.results["working"].values():
        for english in lines:
            assert english not in body


@pytest.mark.django_db
def test_the_same_check_reads_in_exactly_the_engines_english(client, family):  # noqa: F811
    user, tenancy, partner, child = family
    check = _family_check(client, user, partner, child)
    body = _result_page(client, check)
    from django.utils.html import escape

    for lines in check.results["working"].values():
        for english in lines:
            assert escape(english) in body
    assert "Enillion" not in body


@pytest.mark.django_db
def test_a_pension_age_check_shows_pension_credit_and_housing_benefit_in_welsh(welsh_client):
    user, account = tenant_with_account()
    me = account.tenancy.members.get(user=user)
    me.date_of_birth = dt.date(1950, 6, 1)
    me.save()
    welsh_client.force_login(user)
    welsh_client.get(step_url("people") + "?new=1")
    for slug, data in [
        ("people", {}),
        (
            "health",
            {
                "me-lcwra": "no",
                "me-disability_benefit": "none",
                "me-condition": "no",
                "me-blind": "no",
            },
        ),
        ("caring", {"me-carer": "no", "me-carers_allowance": "no"}),
        ("income", {"me-earnings": "0", "me-state_pension": "169.50", "me-other_pension": "0"}),
        (
            "home",
            {"rent": "411.67", "bedrooms": "1", "council_tax": "1600", "overnight_carer": "no"},
        ),
        ("savings", {"savings": "2000"}),
        ("current", {}),
    ]:
        assert welsh_client.post(step_url(slug), data).status_code == 302, slug
    welsh_client.post(reverse("benefits_checker:check_answers"))
    check = BenefitsCheck.objects.get()
    body = _result_page(welsh_client, check)
    assert "Rydych chi wedi cyrraedd oedran Pensiwn y Wladwriaeth" in body
    assert "Isafswm Credyd Pensiwn yr wythnos: £" in body
    assert "Credyd Pensiwn: £" in body
    assert "Budd-dal Tai: mae rhent o £411.67 y mis" in body
    assert "Gostyngiad Treth Gyngor (oedran pensiwn, cynllun cenedlaethol)" in body
    assert "Pension Credit minimum a week" not in body


@pytest.mark.django_db
def test_a_check_saved_before_the_steps_were_kept_shows_its_stored_words(welsh_client, family):  # noqa: F811
    user, tenancy, partner, child = family
    check = _family_check(welsh_client, user, partner, child)
    check.results.pop("steps")
    check.results["working"]["universal_credit"] = ["Universal Credit: £1.00 a month (as saved)"]
    check.save()
    body = _result_page(welsh_client, check)
    assert "Universal Credit: £1.00 a month (as saved)" in body
    assert "Lwfans safonol" not in body


@pytest.mark.django_db
def test_steps_this_code_does_not_know_fall_back_to_the_stored_words(welsh_client, family):  # noqa: F811
    user, tenancy, partner, child = family
    check = _family_check(welsh_client, user, partner, child)
    check.results["steps"] = {"universal_credit": [["a_key_from_another_engine", 1]]}
    check.results["working"]["universal_credit"] = ["Universal Credit: £2.00 a month (as saved)"]
    check.save()
    response = welsh_client.get(reverse("benefits_checker:result", args=[check.pk]))
    assert response.status_code == 200
    assert "Universal Credit: £2.00 a month (as saved)" in response.content.decode()
