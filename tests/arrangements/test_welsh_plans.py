"""The payment plan in Welsh: every tenant page (form, preview, errors, status, offer,
withdraw, tile) read with the Welsh cookie has no English from the plan's own strings left in
it, and the policy's reasons are whole Welsh sentences that say, in English, exactly what the
policy says."""

from __future__ import annotations

import datetime as dt
import html
import re

import polib
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from arrangements import policy, reason_words
from arrangements.models import Arrangement
from tests.arrangements.conftest import charge
from tests.arrangements.factories import CounterOfferFactory
from tests.arrangements.helpers import propose
from tests.arrangements.test_tenant_pages import PROPOSE, START, form_data
from tests.budgeting.helpers import submitted_budget
from tests.i18n.extract import ROOT, TENANT_FACING, messages_in

TODAY = dt.date(2027, 1, 4)
LIMITS = policy.Limits(
    max_weeks_to_clear=52, max_arrears_pence=300_000, broken_plan_lookback_days=183
)


def proposal(**changes):
    fields = {
        "arrears_pence": 50_000,
        "amount_pence": 2_000,
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


# Between them these pass and fail every rule, at every frequency and with every method.
PROPOSALS = [
    proposal(),
    proposal(frequency="fortnightly"),
    proposal(frequency="four_weekly"),
    proposal(frequency="monthly", amount_pence=8_000),
    proposal(payment_method="card"),
    proposal(payment_method="uc_direct"),
    proposal(payment_method="uc_deduction"),
    proposal(amount_pence=500),
    proposal(arrears_pence=300_000, amount_pence=10_000, budget_available_monthly_pence=50_000),
    proposal(budget_available_monthly_pence=5_000),
    proposal(budget_available_monthly_pence=None),
    proposal(broken_plan_on=TODAY - dt.timedelta(days=100)),
    proposal(covers_charge=False),
]


def every_reason() -> list[policy.Reason]:
    cases = [(case, LIMITS) for case in PROPOSALS]
    # a budget is only "on file" as a passed rule when the policy does not require one
    cases.append(
        (proposal(budget_available_monthly_pence=None), policy.Limits(require_budget=False))
    )
    reasons = {}
    for case, limits in cases:
        for reason in policy.evaluate(case, limits).reasons:
            # as the pages get them: stored, then read back (each different sentence once)
            reasons.setdefault(reason.tenant_text(), policy.reason_from_dict(reason.as_dict()))
    return list(reasons.values())


def test_the_cases_cover_every_rule_passed_and_failed_and_every_period():
    seen = {(reason.code, reason.passed) for reason in every_reason()}
    assert seen == {(code, passed) for code in policy.TEXTS for passed in (True, False)}
    periods = {r.params["period"] for r in every_reason() if r.code == "covers_charge" and r.passed}
    assert periods == set(policy.PERIOD_WORDS.values())


@pytest.mark.parametrize("reason", every_reason(), ids=lambda r: f"{r.code}-{r.passed}")
def test_in_english_the_reasons_say_exactly_what_the_policy_says(reason):
    with translation.override("en-gb"):
        assert reason_words.tenant_text(reason) == reason.tenant_text()


@pytest.mark.parametrize("reason", every_reason(), ids=lambda r: f"{r.code}-{r.passed}")
def test_in_welsh_every_reason_is_a_whole_welsh_sentence(reason):
    with translation.override("cy"):
        text = reason_words.tenant_text(reason)
    assert text != reason.tenant_text()
    assert not re.search(r"\{|%\(", text)
    english_words = {"weekly", "monthly", "fortnightly", "four-weekly", "card", "Direct Debit"}
    assert not [word for word in english_words if re.search(rf"\b{word}\b", text)]
    for month in ("January", "June", "September"):
        assert month not in text


def test_dates_in_the_reasons_are_written_in_welsh():
    (reason,) = [
        r for r in policy.evaluate(proposal(), LIMITS).reasons if r.code == "clears_in_time"
    ]
    assert reason.params["clears_on"] == "21 June 2027"
    with translation.override("cy"):
        assert reason_words.tenant_text(reason) == (
            "Mae eich cynllun yn clirio’r hyn sy’n ddyledus gennych chi erbyn 21 Mehefin 2027."
        )


@pytest.mark.parametrize("stored", ["", "soon", "31 February 2027", "5 Janvier 2027"])
def test_a_date_that_cannot_be_read_back_is_shown_as_stored(stored):
    reason = policy.reason_from_dict(
        {"code": "no_recent_broken_plan", "passed": False, "params": {"broken_on": stored}}
    )
    with translation.override("cy"):
        assert f"Torrodd cynllun ar {stored}," in reason_words.tenant_text(reason)


# --- The pages, driven in Welsh ---------------------------------------------------------------

PLAN_FILES = [
    path
    for path in TENANT_FACING
    if path.startswith(("arrangements/", "templates/arrangements/"))
    and not path.startswith("templates/arrangements/email/")
]
_PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\{[^}]*\}\}|<[^>]+>")


def english_phrases() -> set[str]:
    """The fixed English words of every tenant-facing plan string whose Welsh differs: each
    piece between placeholders and tags that has at least two words."""
    catalogue = {
        e.msgid: e.msgstr
        for e in polib.pofile(str(ROOT / "locale" / "cy" / "LC_MESSAGES" / "django.po"))
        if not e.obsolete and not e.msgid_plural
    }
    phrases = set()
    for path in PLAN_FILES:
        for _context, msgid in messages_in(path):
            if catalogue.get(msgid, msgid) == msgid:
                continue
            for piece in _PLACEHOLDER.split(msgid):
                piece = piece.strip(" .,:;()")
                if len(piece.split()) >= 2:
                    phrases.add(piece)
    return phrases


ENGLISH = english_phrases()
# Single English words a plan's own labels would leave behind on a Welsh page.
ENGLISH_WORDS = re.compile(
    r"\b(Waiting for a decision|Agreed|Behind|Withdrawn|Not agreed|Card|Every week|weekly|"
    r"monthly|January|February|March|April|May|June|July|August|September|October|November|"
    r"December)\b"
)


def visible_text(response) -> str:
    body = response.content.decode()
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def assert_welsh(response):
    text = visible_text(response)
    left = sorted(phrase for phrase in ENGLISH if phrase in text)
    assert not left, f"English left on a Welsh page: {left}"
    words = sorted(set(ENGLISH_WORDS.findall(text)))
    assert not words, f"English words left on a Welsh page: {words}"
    return text


@pytest.fixture
def welsh(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    return client


def test_the_english_phrases_are_a_real_list():
    assert "Your plan clears what you owe by" in ENGLISH
    assert "Amount must be" in ENGLISH
    assert "Waiting for a decision" in ENGLISH
    assert len(ENGLISH) > 150


def test_the_check_finds_english_on_a_page(client, owing, today):
    user, _ = owing
    client.force_login(user)
    with pytest.raises(AssertionError, match="English left"):
        assert_welsh(client.get(START))


@pytest.mark.django_db
def test_the_form_and_its_preview_read_in_welsh(welsh, owing, today):
    user, _ = owing
    welsh.force_login(user)
    form = assert_welsh(welsh.get(START))
    assert "Trefnu cynllun talu" in form
    assert "Cerdyn" in form and "Bob wythnos" in form
    assert "Credyd Cynhwysol wedi’i dalu’n uniongyrchol i ni" in form
    preview = assert_welsh(welsh.post(PROPOSE, form_data()))
    assert "Gwirio eich cynllun talu" in preview
    assert "Mae eich cynllun yn clirio’r hyn sy’n ddyledus gennych chi erbyn" in preview
    assert "Mae pob taliad yn cynnwys eich tâl wythnosol o £95.00 ynghyd â £20.00" in preview
    assert "Byddwch chi’n talu â cherdyn." in preview
    assert "Does gennym ni ddim cyllideb gennych chi eto." in preview


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "welsh_error"),
    [
        ({"amount": "0.50"}, "Rhaid i’r swm fod yn £1 neu fwy"),
        (
            {"amount": "600.00"},
            "Rhaid i’r swm fod yn £500.00 neu lai. Dyna’r hyn sy’n ddyledus gennych chi",
        ),
        (
            {"amount": "480.00", "lump_sum": "50.00"},
            "Rhaid i’r swm fod yn £450.00 neu lai. Dyna’r hyn sy’n ddyledus gennych chi ar ôl "
            "eich cyfandaliad",
        ),
        ({"lump_sum": "500.00"}, "Mae eich cyfandaliad yn clirio’r hyn sy’n ddyledus"),
        # £1 a time on £600 is 600 payments, more than 10 years' worth
        ({"amount": "1.00", "arrears": 10_000}, "byddai eich cynllun yn cymryd mwy na 10"),
        (
            {"start_day": "20", "start_month": "11", "start_year": "2026"},
            "Rhaid i’r dyddiad dechrau fod heddiw neu yn y dyfodol",
        ),
        (
            {"start_day": "5", "start_month": "1", "start_year": "2027"},
            "Ni all y dyddiad dechrau fod yn hwyrach na 23 Rhagfyr 2026",
        ),
    ],
)
def test_the_plans_errors_read_in_welsh(welsh, owing, today, changes, welsh_error):
    user, account = owing
    more = changes.pop("arrears", 0)
    if more:
        charge(account, dt.date(2026, 11, 16), more)
    welsh.force_login(user)
    response = welsh.post(PROPOSE, form_data(**changes))
    assert response.status_code == 200
    text = assert_welsh(response)
    assert welsh_error in text


@pytest.mark.django_db
def test_a_plan_waiting_for_an_officer_reads_in_welsh(welsh, owing, today):
    user, _ = owing
    plan = propose(user, today=today)  # no budget: an officer decides
    welsh.force_login(user)
    page = assert_welsh(welsh.get(reverse("arrangements:detail", args=[plan.pk])))
    assert "Yn aros am benderfyniad" in page
    assert "Pam mae swyddog yn edrych arno" in page
    assert "Does gennym ni ddim cyllideb gennych chi eto." in page
    assert "Cerdyn" in page
    assert "Tachwedd 2026" in page
    withdraw = assert_welsh(welsh.get(reverse("arrangements:withdraw", args=[plan.pk])))
    assert "Ydych chi’n siŵr eich bod eisiau tynnu eich cynllun talu yn ôl?" in withdraw
    tile = assert_welsh(welsh.get(reverse("portal:dashboard")))
    assert "Eich cynllun: yn aros am benderfyniad." in tile
    followed = welsh.post(reverse("arrangements:withdraw", args=[plan.pk]), follow=True)
    assert "Wedi’i dynnu’n ôl" in assert_welsh(followed)
    again = assert_welsh(welsh.get(reverse("arrangements:withdraw", args=[plan.pk])))
    assert "Mae wedi’i benderfynu’n barod: wedi’i dynnu’n ôl." in again
    earlier = assert_welsh(welsh.get(START))
    assert ": wedi’i dynnu’n ôl" in earlier


@pytest.mark.django_db
def test_an_agreed_plan_reads_in_welsh(welsh, owing, today):
    user, account = owing
    submitted_budget(user, account.tenancy)
    plan = propose(user, today=today, method="direct_debit")
    assert plan.status == Arrangement.Status.LIVE
    welsh.force_login(user)
    page = assert_welsh(welsh.get(reverse("arrangements:detail", args=[plan.pk])))
    assert "Wedi’i gytuno" in page
    assert "Debyd Uniongyrchol" in page
    assert "bob wythnos" in page


@pytest.mark.django_db
def test_an_offer_reads_in_welsh(welsh, owing, today):
    user, _ = owing
    plan = propose(user, today=today)
    Arrangement.objects.filter(pk=plan.pk).update(status="countered")
    CounterOfferFactory(arrangement=plan, amount_pence=2500, frequency="fortnightly")
    welsh.force_login(user)
    status = assert_welsh(welsh.get(reverse("arrangements:detail", args=[plan.pk])))
    assert "Rydyn ni wedi cynnig cynllun gwahanol" in status
    assert "gallwn gynnig £25.00 tuag at eich ôl-ddyledion, bob 2 wythnos." in status
    url = reverse("arrangements:respond", args=[plan.pk])
    offer = assert_welsh(welsh.get(url))
    assert "Ein cynnig" in offer
    error = welsh.post(url, {})
    assert error.status_code == 400
    assert "Dewiswch a ydych chi’n derbyn y cynllun a gynigiwyd gennym" in assert_welsh(error)
    followed = welsh.post(url, {"answer": "decline"}, follow=True)
    assert "Cynnig wedi’i wrthod" in assert_welsh(followed)
    answered = assert_welsh(welsh.get(url))
    assert "Eich cynllun yw: cynnig wedi’i wrthod." in answered
