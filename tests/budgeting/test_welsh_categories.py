"""The budget's line names, sections, hints and frequencies in Welsh, wherever the budget shows
them; English pages, officers reading in English and the SFS exports unchanged; and
categories.py still free of Django."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from budgeting import categories, exports
from budgeting.categories import DEBT_KINDS, FREQUENCY_CHOICES, LINES, SECTIONS
from budgeting.selectors import DebtAnswer, LineAnswer
from tests.budgeting.helpers import fill_budget, submitted_budget
from tests.budgeting.test_views import blank_post, section_url
from tests.i18n.extract import ROOT, python_messages

pytestmark = pytest.mark.django_db

LINES_GIVEN = {
    "universal_credit": LineAnswer(50000, "monthly"),
    "rent": LineAnswer(9500, "weekly"),
    "council_tax": LineAnswer(0, "monthly", not_paid=True),
    "groceries": LineAnswer(30000, "monthly"),
}
DEBTS_GIVEN = {"rent_arrears": DebtAnswer(50000, 1000, "weekly")}


@pytest.fixture
def welsh(client, tenant_and_tenancy):
    user, tenancy = tenant_and_tenancy
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    client.force_login(user)
    return client, user, tenancy


@pytest.fixture
def english(client, tenant_and_tenancy):
    user, tenancy = tenant_and_tenancy
    client.force_login(user)
    return client, user, tenancy


def page(client, url, data=None) -> str:
    response = client.post(url, data) if data is not None else client.get(url)
    assert response.status_code == 200
    return response.content.decode()


# ------------------------------------------------------------------------------ the module


def test_categories_still_imports_no_django_even_indirectly():
    """The module and what it imports load without Django (the test above it in
    test_categories.py reads the source; this runs it)."""
    code = (
        "import sys; import budgeting.categories; "
        "print(sorted(m for m in sys.modules if m == 'django' or m.startswith('django.')))"
    )
    result = subprocess.run(  # noqa: S603 (our own interpreter, fixed code)
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_every_word_a_tenant_reads_is_marked_for_the_catalogue():
    """A line, debt or section added without gettext_noop fails here (and then
    tests/i18n/test_catalogue.py asks for its Welsh)."""
    marked = {msgid for _, msgid in python_messages((ROOT / categories.__file__).read_text())}
    words = [label for _, label in FREQUENCY_CHOICES]
    words += list(categories.FREQUENCY_PHRASES.values()) + list(categories.FREQUENCY_SHORT.values())
    words += [label for _, label in categories.GUIDELINE_CATEGORIES]
    words += [label for _, label, _sfs in categories.EMPLOYMENT_STATUSES]
    for section in SECTIONS:
        words += [section.title, section.heading, section.intro]
    for line in LINES.values():
        assert line.question, f"{line.key} needs its own whole question"
        words += [line.label, line.help, line.question]
    for debt in DEBT_KINDS.values():
        assert debt.owed and debt.paying, f"{debt.key} needs its own whole questions"
        words += [debt.label, debt.help, debt.owed, debt.paying]
    assert sorted({word for word in words if word} - marked) == []


def test_the_marker_changes_nothing():
    assert categories.gettext_noop("Rent") == "Rent"
    assert LINES["rent"].label == "Rent"
    assert LINES["rent"].question == "how much you pay for rent"
    assert DEBT_KINDS["tv_licence_arrears"].owed == "how much you owe for TV licence arrears"


# ------------------------------------------------------------------------------ the wizard


def test_a_wizard_page_shows_welsh_lines_hints_and_frequencies(welsh):
    client, _, tenancy = welsh
    body = page(client, section_url(tenancy, "home"))
    for welsh_words in (
        '<h1 class="govuk-heading-xl">Eich cartref</h1>',
        "Lle gallwn ni, rydyn ni wedi llenwi ffigurau o’ch cyfrif rhent.",
        '<h2 class="govuk-fieldset__heading">Rhent</h2>',
        '<h2 class="govuk-fieldset__heading">Treth gyngor</h2>',
        "Eich rhent llawn, hyd yn oed os yw Budd-dal Tai",
        "Fe wnaethon ni lenwi hwn o’ch cyfrif rhent.",
        '<option value="weekly">Bob wythnos</option>',
        '<option value="quarterly">Bob 3 mis</option>',
        '<option value="yearly">Bob blwyddyn</option>',
        'Swm<span class="govuk-visually-hidden"> ar gyfer treth gyngor</span>',
    ):
        assert welsh_words in body
    for english_words in ("Council tax", "Every week", "Every year", "from your rent account"):
        assert english_words not in body


def test_a_debts_page_shows_welsh_debt_names_and_hints(welsh):
    client, _, tenancy = welsh
    body = page(client, section_url(tenancy, "priority-debts"))
    assert '<h1 class="govuk-heading-xl">Dyledion blaenoriaeth</h1>' in body
    assert '<h2 class="govuk-fieldset__heading">Dirwyon llys ynadon</h2>' in body
    assert "Er enghraifft, treth incwm, TAW neu ordaliad credyd treth." in body
    assert "Magistrates" not in body and "Every month" not in body


def test_an_error_for_a_line_is_wholly_welsh(welsh):
    client, _, tenancy = welsh
    home = next(section for section in SECTIONS if section.key == "home")
    data = blank_post(home) | {
        "rent-amount": "-5",
        "rent-frequency": "weekly",
        "council_tax-amount": "lots",
        "tv_licence-amount": "10",
        "tv_licence-none": "1",
    }
    body = page(client, section_url(tenancy, "home"), data)
    assert "Faint rydych chi’n ei dalu am rent: rhaid i’r swm fod yn £0 neu fwy" in body
    assert "Rhowch faint rydych chi’n ei dalu am dreth gyngor bob mis, fel 433.33" in body
    assert (
        "Rhowch faint rydych chi’n ei dalu am eich trwydded deledu, neu dewiswch "
        "‘Dydw i ddim yn talu hwn’, nid y ddau"
    ) in body
    for english_words in ("how much", "Enter", "must be", "each month", "council tax"):
        assert english_words not in body


def test_a_required_line_and_a_debt_errors_are_wholly_welsh(welsh):
    client, _, tenancy = welsh
    utilities = next(section for section in SECTIONS if section.key == "utilities")
    body = page(client, section_url(tenancy, "utilities"), blank_post(utilities))
    assert "Rhowch faint rydych chi’n ei dalu am drydan, neu dewiswch" in body
    debts = next(section for section in SECTIONS if section.key == "other-debts")
    data = blank_post(debts) | {"loans-payment": "abc", "loans-frequency": "weekly"}
    body = page(client, section_url(tenancy, "other-debts"), data)
    assert "Rhowch faint sydd arnoch chi ar fenthyciadau, neu eich amcangyfrif gorau" in body
    assert "Rhowch faint rydych chi’n ei dalu tuag at fenthyciadau bob wythnos, fel 25.00" in body
    assert "how much" not in body
    assert "Loans" not in body and "best guess" not in body and "each week" not in body


def test_the_household_page_offers_welsh_work_situations(welsh):
    client, _, tenancy = welsh
    body = page(client, section_url(tenancy, "household"))
    assert "Am eich aelwyd" in body
    assert "Gweithio’n rhan amser" in body and "Wedi ymddeol" in body
    assert "Working part-time" not in body


def test_check_your_answers_reads_in_welsh(welsh):
    client, user, tenancy = welsh
    fill_budget(user, tenancy, lines=LINES_GIVEN, debts=DEBTS_GIVEN)
    body = page(client, reverse("budgeting:check", args=[tenancy.reference]))
    assert '<h2 class="govuk-summary-card__title">Eich cartref</h2>' in body
    assert "£95.00 yr wythnos" in body
    assert "Dydych chi ddim yn talu hwn" in body
    assert "£500.00 yn ddyledus, yn talu £10.00 yr wythnos" in body
    assert "Gweithio’n rhan amser" in body
    assert "a week" not in body and " owed" not in body and "Your home" not in body


# ------------------------------------------------------------------------------ result, print


def test_the_result_and_print_pages_show_welsh_labels(welsh):
    client, user, tenancy = welsh
    budget = submitted_budget(user, tenancy, lines=LINES_GIVEN, debts=DEBTS_GIVEN)
    args = [tenancy.reference, budget.number]
    result = page(client, reverse("budgeting:version", args=args))
    assert "Ôl-ddyledion rhent" in result
    assert "£10.00 yr wythnos" in result
    assert "Budd-daliadau (yn dod i mewn)" in result
    assert "Eich cartref" in result
    assert "Rent arrears" not in result and "(coming in)" not in result
    printable = page(client, reverse("budgeting:version_print", args=args))
    for welsh_words in (
        '<caption class="govuk-table__caption govuk-table__caption--m">Budd-daliadau</caption>',
        '<td class="govuk-table__cell">Credyd Cynhwysol</td>',
        '<td class="govuk-table__cell">Rhent</td>',
        "£95.00 yr wythnos",
        "Dydych chi ddim yn talu hwn",
        "Ôl-ddyledion rhent",
        "Byw gyda phartner",
        "Gweithio’n rhan amser",
    ):
        assert welsh_words in printable
    for english_words in ("Universal Credit", "a week", "Rent arrears", "Live with a partner"):
        assert english_words not in printable


def test_the_welsh_guideline_note_names_the_category(welsh):
    client, user, tenancy = welsh
    lines = LINES_GIVEN | {"hobbies_leisure": LineAnswer(200000, "monthly")}
    budget = submitted_budget(user, tenancy, lines=lines, debts=DEBTS_GIVEN)
    result = page(client, reverse("budgeting:version", args=[tenancy.reference, budget.number]))
    assert "Mae eich gwariant ar ‘cyfathrebu a hamdden’" in result


# ------------------------------------------------------------------------------ English


def test_the_english_pages_are_unchanged(english):
    client, user, tenancy = english
    home = next(section for section in SECTIONS if section.key == "home")
    body = page(client, section_url(tenancy, "home"))
    assert '<h2 class="govuk-fieldset__heading">Council tax</h2>' in body
    assert '<option value="weekly">Every week</option>' in body
    assert "We filled this in from your rent account." in body
    data = blank_post(home) | {"rent-amount": "95", "council_tax-amount": "lots"}
    body = page(client, section_url(tenancy, "home"), data)
    assert "Enter how much you pay for council tax each month, like 433.33" in body
    budget = submitted_budget(user, tenancy, lines=LINES_GIVEN, debts=DEBTS_GIVEN)
    args = [tenancy.reference, budget.number]
    result = page(client, reverse("budgeting:version", args=args))
    assert "Rent arrears" in result and "£10.00 a week" in result
    assert "Benefits (coming in)" in result
    printable = page(client, reverse("budgeting:version_print", args=args))
    assert '<td class="govuk-table__cell">Universal Credit</td>' in printable
    assert "£95.00 a week" in printable and "You do not pay this" in printable
    assert "Rhent" not in printable and "yr wythnos" not in printable


def test_officers_reading_in_english_see_english(client, officer, tenant_and_tenancy):
    user, tenancy = tenant_and_tenancy
    submitted_budget(user, tenancy, lines=LINES_GIVEN, debts=DEBTS_GIVEN)
    client.force_login(officer)
    body = page(client, reverse("budgeting:officer_latest", args=[tenancy.reference]))
    assert "Rent arrears" in body and "£10.00 a week" in body
    assert "Benefits (coming in)" in body and "Live with a partner" in body
    assert "Ôl-ddyledion" not in body and "yr wythnos" not in body


def test_exports_keep_the_sfs_english_names_when_welsh_is_active(tenant_and_tenancy):
    user, tenancy = tenant_and_tenancy
    budget = submitted_budget(user, tenancy, lines=LINES_GIVEN, debts=DEBTS_GIVEN)
    with translation.override("cy"):
        csv_text = exports.budget_csv(budget=budget)
        data = json.dumps(exports.budget_json(budget=budget), ensure_ascii=False)
    assert "Universal Credit" in csv_text and "Rent arrears" in csv_text
    assert "Credyd Cynhwysol" not in csv_text + data
    assert "Ôl-ddyledion" not in csv_text + data
