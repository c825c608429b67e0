"""The rest of the result in the reader's language: benefit names, how to claim, the flags,
other help and notes. A saved check keeps the engine's English; a Welsh reader reads every one
of those sentences in Welsh with the same amounts, an English reader exactly what the engine
wrote. Grant schemes are editors' content and stay as written."""

from __future__ import annotations

import datetime as dt
import importlib
import itertools
import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from benefits_checker import result_words
from benefits_checker.engine import BENEFITS, available_versions, calculate, load_rates
from benefits_checker.engine.claiming import HOW_TO_CLAIM
from benefits_checker.models import BenefitsCheck
from benefits_checker.presentation import result_context
from benefits_checker.result_words import (
    ITEMS,
    NOTES,
    TAILS,
    benefit_name,
    how_to_claim,
    item_for_reader,
    note_for_reader,
)
from benefits_checker.services import _item
from tests.factories import tenant_with_account

from .samples import household_from_dict
from .test_views import answer_everything, family, step_url  # noqa: F401

# The engine's builders of each flag and item of other help (private: the words are theirs).
rules = importlib.import_module("benefits_checker.engine.calculate")

FIXTURE = Path(__file__).parent / "fixtures" / "working_sample.json"
MONEY = re.compile(r"£[0-9,]+(?:\.[0-9]{2})?")
WHO = (("you",), ("your partner",), ("you", "your partner"))
FIELDS = ("title", "amount", "why", "how_to_claim")


def _engine_items() -> list[dict]:
    """Every flag and item of other help the engine can write, for every rates file, nation
    and person, as a saved check keeps them."""
    items = []
    for version in available_versions():
        r = load_rates(version)
        for scotland, people in itertools.product((False, True), WHO):
            items += [
                rules._pip_flag(r, scotland, people),
                rules._aa_flag(r, scotland, people),
                rules._ca_flag(r, scotland, people),
            ]
        items += [rules._dla_child_flag(r, scotland) for scotland in (False, True)]
        catalogue = rules._catalogue(r)
        items += [value for value in catalogue.values() if hasattr(value, "key")]
        for why, nation in itertools.product(
            ("fsm_gc", "fsm_all_uc", "fsm_low_pay"), rules.FSM_NATION
        ):
            items.append(rules._free_school_meals(catalogue[why], nation))
        items += [rules._healthy_start(r, weekly) for weekly in (470, 1060, 2590)]
        items += [rules._budgeting_advance(r, maximum) for maximum in (10000, 81200, 123456)]
    return [_item(item) for item in items]


def _fixture_results():
    """The 400 sample households (every route, rates file and nation) worked out."""
    for case in json.loads(FIXTURE.read_text(encoding="utf-8")):
        household = household_from_dict(case["household"])
        yield calculate(household, on=dt.date.fromisoformat(case["on"]))


ENGINE_ITEMS = _engine_items()
FIXTURE_RESULTS = list(_fixture_results())
FIXTURE_ITEMS = [_item(i) for result in FIXTURE_RESULTS for i in result.flags + result.other_help]
FIXTURE_NOTES = sorted({note for result in FIXTURE_RESULTS for note in result.notes})
ALL_NOTES = sorted(
    set(FIXTURE_NOTES) | {note for notes in rules.NATION_NOTES.values() for note in notes}
)


def _assert_welsh(english: str, welsh: str) -> None:
    assert welsh != english, english
    assert "%(" not in welsh and "%%" not in welsh, welsh
    assert sorted(MONEY.findall(welsh)) == sorted(MONEY.findall(english)), (english, welsh)


# --- The words, sentence by sentence ----------------------------------------------------------


def test_every_benefit_of_the_engine_has_a_welsh_name():
    assert [key for key, _ in BENEFITS] == list(result_words.BENEFIT_NAMES)
    for key, name in BENEFITS:
        with translation.override("en-gb"):
            assert benefit_name(key, name) == name
        with translation.override("cy"):
            _assert_welsh(name, benefit_name(key, name))


def test_every_way_to_claim_reads_in_welsh_and_in_the_engines_english():
    assert set(result_words.HOW_TO_CLAIM) == set(HOW_TO_CLAIM)
    for key, (english, _url) in HOW_TO_CLAIM.items():
        with translation.override("en-gb"):
            assert how_to_claim(key, english) == english
        with translation.override("cy"):
            _assert_welsh(english, how_to_claim(key, english))


def test_the_samples_reach_every_kind_of_flag_and_other_help_and_every_sentence():
    keys = {item["key"] for item in ENGINE_ITEMS}
    assert keys == set(ITEMS) == {item["key"] for item in ENGINE_ITEMS + FIXTURE_ITEMS}
    for key, fields in ITEMS.items():
        for field, phrases in fields.items():
            texts = [item[field] for item in ENGINE_ITEMS if item["key"] == key]
            for phrase in phrases + TAILS.get((key, field), ()):
                assert any(phrase.pattern.search(text) for text in texts), phrase.msgid


@pytest.mark.parametrize("item", ENGINE_ITEMS, ids=lambda item: item["key"])
def test_every_flag_and_other_help_reads_in_welsh_with_the_same_amounts(item):
    with translation.override("cy"):
        welsh = item_for_reader(item)
    assert welsh["key"] == item["key"] and welsh["url"] == item["url"]
    for field in FIELDS:
        _assert_welsh(item[field], welsh[field])


def test_the_messages_read_in_english_exactly_as_the_engine_writes():
    # The English msgids are what translators work from: they must say what the engine says,
    # for every variant and for every flag, item and note of the 400 fixture households.
    with translation.override("en-gb"):
        for item in ENGINE_ITEMS + FIXTURE_ITEMS:
            assert item_for_reader(item) == item
            for field in ("title", "amount", "why"):
                phrases = ITEMS[item["key"]][field]
                tails = TAILS.get((item["key"], field), ())
                assert result_words.read(item[field], phrases, tails) == item[field]
        for note in ALL_NOTES:
            assert result_words.read(note, NOTES) == note


def test_every_fixture_households_flags_help_and_notes_read_in_welsh(caplog):
    assert len(FIXTURE_NOTES) >= 4  # both council tax notes, Wales and Scotland
    with translation.override("cy"):
        for item in FIXTURE_ITEMS:
            welsh = item_for_reader(item)
            for field in FIELDS:
                _assert_welsh(item[field], welsh[field])
        for note in ALL_NOTES:
            _assert_welsh(note, note_for_reader(note))
    assert "no words" not in caplog.text


def test_a_sentence_from_another_engine_is_shown_as_stored():
    item = {**ENGINE_ITEMS[0], "why": "A reason an older engine gave.", "how_to_claim": "Ring."}
    with translation.override("cy"):
        shown = item_for_reader(item)
        assert shown["why"] == "A reason an older engine gave."
        assert shown["how_to_claim"] == "Ring."
        assert shown["title"] != item["title"]  # what is known is still Welsh
        assert note_for_reader("An old note.") == "An old note."
        # an amount where the message has one, but not an amount: not the sentence
        assert result_words.read("Help to Save", ITEMS["help_to_save"]["amount"]) is None


# --- The web check ----------------------------------------------------------------------------


@pytest.fixture
def welsh_client(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    return client


def _family_check(client, user, partner, child) -> BenefitsCheck:
    """The family's whole check, with a partner who is unwell and cares for someone and a
    child with a condition but no disability benefit: PIP, carer and DLA flags."""
    client.force_login(user)
    client.get(step_url("people") + "?new=1")
    answer_everything(client, partner, child)
    pages = [
        ("children", {f"c{child.pk}-sex": "F", f"c{child.pk}-disability": "no_benefit"}),
        (
            "health",
            {
                "me-lcwra": "no",
                "me-disability_benefit": "none",
                "me-condition": "no",
                "me-blind": "no",
                "partner-lcwra": "no",
                "partner-disability_benefit": "none",
                "partner-condition": "yes",
                "partner-blind": "no",
            },
        ),
        (
            "caring",
            {
                "me-carer": "no",
                "me-carers_allowance": "no",
                "partner-carer": "yes",
                "partner-carers_allowance": "no",
            },
        ),
    ]
    for slug, data in pages:
        response = client.post(step_url(slug) + "?change=1", data)
        assert response.status_code == 302, (slug, response.content.decode()[:2000])
    assert client.post(reverse("benefits_checker:check_answers")).status_code == 302
    return BenefitsCheck.objects.get()


def _pension_age_check(client) -> BenefitsCheck:
    """A single pensioner with a condition and no disability benefit, no council tax bill."""
    user, account = tenant_with_account()
    me = account.tenancy.members.get(user=user)
    me.date_of_birth = dt.date(1950, 6, 1)
    me.save()
    client.force_login(user)
    client.get(step_url("people") + "?new=1")
    health = {"me-lcwra": "no", "me-disability_benefit": "none", "me-condition": "yes"}
    for slug, data in [
        ("people", {}),
        ("health", {**health, "me-blind": "no"}),
        ("caring", {"me-carer": "no", "me-carers_allowance": "no"}),
        ("income", {"me-earnings": "0", "me-state_pension": "169.50", "me-other_pension": "0"}),
        ("home", {"rent": "411.67", "bedrooms": "1", "council_tax": "", "overnight_carer": "no"}),
        ("savings", {"savings": "2000"}),
        ("current", {}),
    ]:
        assert client.post(step_url(slug), data).status_code == 302, slug
    client.post(reverse("benefits_checker:check_answers"))
    return BenefitsCheck.objects.get()


def _page(client, check) -> str:
    response = client.get(reverse("benefits_checker:result", args=[check.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    # Grant schemes are editors' content, shown as written: set them aside.
    for grant in check.results["grants"]:
        for value in grant.values():
            if isinstance(value, str) and value:
                assert escape(value) in body
                body = body.replace(escape(value), "")
    return body


def _english_words(results: dict) -> list[str]:
    """Every sentence of the engine's English the result page can show (not the working)."""
    words = []
    for item in results["flags"] + results["other_help"]:
        words += [item[field] for field in FIELDS]
    words += [how["how"] for how in results["how_to_claim"].values()]
    words += results["notes"]
    return words


def _assert_all_welsh(body: str, results: dict) -> None:
    for english in _english_words(results) + [name for _, name in BENEFITS]:
        assert escape(english) not in body, english
    # ... and each one's Welsh is there instead
    with translation.override("cy"):
        context_words = []
        for item in results["flags"] + results["other_help"]:
            shown = item_for_reader(item)
            context_words += [shown[field] for field in FIELDS]
        context_words += [note_for_reader(note) for note in results["notes"]]
        for key, how in results["how_to_claim"].items():
            context_words += [benefit_name(key, how["name"]), how_to_claim(key, how["how"])]
    for welsh in context_words:
        assert escape(welsh) in body, welsh


@pytest.mark.django_db
@pytest.mark.parametrize("nation", ["england", "wales", "scotland"])
def test_a_whole_family_check_reads_in_welsh(welsh_client, family, nation, settings):  # noqa: F811
    settings.BENEFITS_NATION = nation
    user, tenancy, partner, child = family
    check = _family_check(welsh_client, user, partner, child)
    results = check.results
    assert {flag["key"] for flag in results["flags"]} == {"pip", "carers_allowance", "dla_child"}
    assert len(results["other_help"]) >= 3 and results["notes"]
    body = _page(welsh_client, check)
    _assert_all_welsh(body, results)
    assert "Sut gwnaethon ni gyfrifo Credyd Cynhwysol" in body
    assert "Mae gan eich partner gyflwr iechyd sy’n effeithio ar fywyd bob dydd." in body
    assert "Mae eich partner yn gofalu am rywun am o leiaf 35 awr yr wythnos" in body
    if nation == "wales":
        assert "Cymru: mae Gostyngiad Treth Gyngor yn gynllun cenedlaethol" in body
    if nation == "scotland":
        assert "Taliad Anabledd Oedolion" in body and "Taliad Cymorth Gofalwr" in body


@pytest.mark.django_db
def test_a_whole_pension_age_check_reads_in_welsh(welsh_client):
    check = _pension_age_check(welsh_client)
    results = check.results
    assert results["route"] == "pension_age"
    assert [flag["key"] for flag in results["flags"]] == ["attendance_allowance"]
    assert any(item["key"] == "warm_home_discount" for item in results["other_help"])
    body = _page(welsh_client, check)
    _assert_all_welsh(body, results)
    assert "Lwfans Gweini" in body and "Credyd Pensiwn" in body
    assert "Gostyngiad Treth Gyngor: dywedwch wrthym faint yw eich bil treth gyngor" in body


@pytest.mark.django_db
def test_the_same_check_reads_in_exactly_the_engines_english(client, family):  # noqa: F811
    user, tenancy, partner, child = family
    check = _family_check(client, user, partner, child)
    body = _page(client, check)
    for english in _english_words(check.results):
        assert escape(english) in body, english
    for how in check.results["how_to_claim"].values():
        assert f"How we worked out {how['name']}" in body
    with translation.override("en-gb"):
        context = result_context(check)
    assert context["flags"] == check.results["flags"]
    assert context["other_help"] == check.results["other_help"]
    assert context["notes"] == check.results["notes"]
    names = dict(BENEFITS)
    assert [row["name"] for row in context["rows"]] == [
        names[row["key"]] for row in context["rows"]
    ]
    assert "Credyd Cynhwysol" not in body and "Sut i hawlio" not in body


@pytest.mark.django_db
def test_a_check_with_words_from_an_older_engine_still_shows(welsh_client, family):  # noqa: F811
    user, tenancy, partner, child = family
    check = _family_check(welsh_client, user, partner, child)
    check.results["flags"][0]["why"] = "Words an older engine wrote."
    check.results["notes"] = ["A note an older engine wrote."]
    check.save()
    body = _page(welsh_client, check)
    assert "Words an older engine wrote." in body and "A note an older engine wrote." in body
    assert "Taliad Annibyniaeth Personol" in body


@pytest.mark.django_db
def test_add_to_budget_names_the_benefits_in_the_readers_language(client, family):  # noqa: F811
    user, tenancy, partner, child = family
    check = _family_check(client, user, partner, child)
    url = reverse("benefits_checker:add_to_budget", args=[check.pk])
    english = client.get(url).content.decode()
    assert "Universal Credit" in english and "Child Benefit" in english
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    welsh = client.get(url).content.decode()
    assert "Credyd Cynhwysol" in welsh and "Budd-dal Plant" in welsh
    for _, name in BENEFITS:
        assert name not in welsh


@pytest.mark.django_db
def test_the_dashboard_tile_reads_in_welsh_after_a_check(welsh_client, family):  # noqa: F811
    user, tenancy, partner, child = family
    _family_check(welsh_client, user, partner, child)
    body = welsh_client.get(reverse("portal:dashboard")).content.decode()
    assert "Mae eich gwiriad diwethaf yn dweud y gallech fod yn colli" in body
    assert "Your last check says" not in body
    for _, name in BENEFITS:
        assert name not in body


def test_the_household_fixture_covers_every_nation():
    nations = {
        household_from_dict(case["household"]).nation
        for case in json.loads(FIXTURE.read_text(encoding="utf-8"))
    }
    assert nations == {"england", "wales", "scotland"}
