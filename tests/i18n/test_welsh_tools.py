"""The tools in Welsh: the benefits check from start to result, the budget's result and
printable pages, money messages, account kinds and the payment emails."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from benefits_checker.models import BenefitsCheck
from budgeting.selectors import LineAnswer
from portal.models import Account, LedgerEntry
from portal.money import MoneyError, parse_pounds
from portal.templatetags.money import balance_words
from tests.benefits_checker.test_views import answer_everything, family, step_url  # noqa: F401
from tests.budgeting.helpers import submitted_budget
from tests.factories import tenant_with_account

pytestmark = pytest.mark.django_db


@pytest.fixture
def welsh_client(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    return client


def test_a_whole_benefits_check_reads_in_welsh(welsh_client, family):  # noqa: F811
    user, tenancy, partner, child = family
    welsh_client.force_login(user)
    start = welsh_client.get(reverse("benefits_checker:start")).content.decode()
    assert "Gwirio pa fudd-daliadau y gallech chi eu cael" in start
    assert "Amcangyfrif yw hwn, nid penderfyniad" in start
    step = welsh_client.get(step_url("people") + "?new=1").content.decode()
    assert "Pwy sy’n byw gyda chi" in step
    assert "Pwy yw Pat Partner i chi?" in step
    summary = answer_everything(welsh_client, partner, child, current_uc="100")
    body = summary.content.decode()
    assert "Gwirio eich atebion" in body
    assert "Chi a’ch partner" in body and "Pobl ar y denantiaeth" not in body
    # the partner's questions are whole Welsh sentences, not "you" swapped for a name
    health = welsh_client.get(step_url("health")).content.decode()
    assert "Ydy eich partner yn cael ei asesu" not in health
    assert "Oes gan eich partner anabledd neu gyflwr iechyd hirdymor" in health
    assert "Oes gennych chi anabledd neu gyflwr iechyd hirdymor" in health
    response = welsh_client.post(reverse("benefits_checker:check_answers"))
    check = BenefitsCheck.objects.get()
    result = welsh_client.get(response["Location"]).content.decode()
    assert "Amcangyfrif o’ch budd-daliadau" in result
    assert "Efallai eich bod chi’n colli" in result
    assert check.tenancy == tenancy


def test_benefits_check_errors_are_in_welsh_and_keep_what_was_typed(welsh_client, family):  # noqa: F811
    user, tenancy, partner, child = family
    welsh_client.force_login(user)
    welsh_client.get(step_url("people") + "?new=1")
    answer_everything(welsh_client, partner, child)
    response = welsh_client.post(
        step_url("income"),
        {
            "me-earnings": "12.345",
            "me-earnings_period": "month",
            "me-state_pension": "-4",
            "me-other_pension": "",
            "partner-earnings": "0",
            "partner-state_pension": "0",
            "partner-other_pension": "0",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Mae problem wedi codi" in body
    assert "Enillion: ni ddylai fod mwy na 2 le degol, fel 12.50" in body
    assert "Pensiwn y Wladwriaeth: rhaid i’r swm fod yn £0 neu fwy" in body
    assert "Rhowch faint rydych chi’n ei gael o bensiynau eraill y mis, neu 0" in body
    assert 'value="12.345"' in body


def test_the_budget_result_and_printable_pages_read_in_welsh(welsh_client):
    user, account = tenant_with_account()
    tenancy = account.tenancy
    welsh_client.force_login(user)
    budget = submitted_budget(
        user,
        tenancy,
        lines={
            "universal_credit": LineAnswer(50000, "monthly"),
            "rent": LineAnswer(9500, "weekly"),
            "groceries": LineAnswer(30000, "monthly"),
        },
    )
    result = welsh_client.get(
        reverse("budgeting:version", args=[tenancy.reference, budget.number])
    ).content.decode()
    assert "Rydych chi’n brin o £211.67 y mis" in result
    assert "Dyledion blaenoriaeth" in result
    assert "Cyfansymiau fesul adran" in result
    printable = welsh_client.get(
        reverse("budgeting:version_print", args=[tenancy.reference, budget.number])
    ).content.decode()
    assert "Cyllideb (incwm a gwariant)" in printable
    assert "Arian sy’n dod i mewn" in printable


def test_money_messages_follow_the_language_and_keep_a_code():
    with translation.override("cy"):
        with pytest.raises(MoneyError) as error:
            parse_pounds("1.234")
        assert str(error.value) == "Rhowch swm heb fwy na 2 le degol, fel 12.50"
        assert balance_words(12000) == "£120.00 yn ddyledus"
        assert balance_words(-500) == "£5.00 mewn credyd"
        assert str(Account.Kind.SERVICE_CHARGE.label) == "Taliadau gwasanaeth"
        assert str(LedgerEntry.Kind.WRITEOFF.label) == "Dileu dyled"
    assert error.value.code == "decimal_places"
    with translation.override("en-gb"):
        with pytest.raises(MoneyError) as error:
            parse_pounds("-1")
        assert balance_words(12000) == "£120.00 owed"
    assert error.value.code == "negative"
    assert str(error.value) == "Enter an amount that is 0 or more"


def test_the_payment_emails_are_in_the_language_they_are_rendered_in():
    account = SimpleNamespace(get_kind_display="Rent", reference="RENT-1")
    attempt = SimpleNamespace(kind="collection", payment_intent_id="pi_1")
    context = {
        "attempt": attempt,
        "amount": "£10.00",
        "account": account,
        "landlord_name": "Test Homes",
        "landlord_phone": "0300 000 0000",
    }
    with translation.override("en-gb"):
        english = render_to_string("payments/email/failed.txt", context)
        receipt = render_to_string("payments/email/receipt.txt", context)
    assert english.startswith(
        "Your Direct Debit payment of £10.00 to your rent account (RENT-1) did not go through."
    )
    assert "Paid by: Direct Debit\nPayment reference: pi_1" in receipt
    with translation.override("cy"):
        welsh = render_to_string("payments/email/receipt.txt", context)
    assert welsh.startswith("Rydyn ni wedi cael eich taliad. Diolch.")
    assert "Ffordd o dalu: Debyd Uniongyrchol" in welsh
