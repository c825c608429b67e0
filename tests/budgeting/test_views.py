"""The wizard, check your answers, the result, downloads and the officers' view, over HTTP."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from budgeting.categories import SECTIONS
from budgeting.models import Budget, BudgetLine
from budgeting.selectors import LineAnswer
from tests.budgeting.helpers import fill_budget, submitted_budget
from tests.factories import UserFactory, tenant_with_account

pytestmark = pytest.mark.django_db


def section_url(tenancy, key, change=False):
    url = reverse("budgeting:section", args=[tenancy.reference, key])
    return url + "?change=1" if change else url


def blank_post(section):
    """What the browser sends for a page left blank (frequencies default to monthly)."""
    data = {}
    for line in section.lines:
        data[f"{line.key}-amount"] = ""
        data[f"{line.key}-frequency"] = "monthly"
    for debt in section.debts:
        data[f"{debt.key}-balance"] = ""
        data[f"{debt.key}-payment"] = ""
        data[f"{debt.key}-frequency"] = "monthly"
    return data


HOUSEHOLD_POST = {
    "has_partner": "no",
    "children_under_16": "2",
    "children_16_to_18": "0",
    "other_dependants": "0",
    "non_dependants": "0",
    "vehicles": "0",
    "employment_status": "part_time",
}
REQUIRED = {
    "home": {"rent-amount": "95", "rent-frequency": "weekly", "council_tax-amount": "120"},
    "utilities": {"electricity-amount": "60"},
    "food-housekeeping": {"groceries-amount": "75", "groceries-frequency": "weekly"},
    "earnings": {"client_wages-amount": "£1,000", "client_wages-frequency": "monthly"},
    "benefits": {"universal_credit-amount": "433.33"},
}


@pytest.fixture
def signed_in(client, tenant_and_tenancy):
    user, tenancy = tenant_and_tenancy
    client.force_login(user)
    return client, user, tenancy


def test_anonymous_visitors_are_sent_to_sign_in(client, tenant_and_tenancy):
    _, tenancy = tenant_and_tenancy
    for url in (reverse("budgeting:start"), section_url(tenancy, "household")):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/?next=")


def test_start_page_shows_the_only_tenancys_budget(signed_in):
    client, _, tenancy = signed_in
    response = client.get(reverse("budgeting:start"))
    assert response.status_code == 200
    assert "Start your budget" in response.content.decode()
    assert section_url(tenancy, "household") in response.content.decode()


def test_start_page_without_a_tenancy_says_to_link_one(client):
    client.force_login(UserFactory())
    body = client.get(reverse("budgeting:start")).content.decode()
    assert reverse("portal:link") in body
    assert "0800 144 8848" in body


def test_the_whole_wizard_without_javascript(signed_in):
    client, user, tenancy = signed_in
    response = client.post(section_url(tenancy, "household"), HOUSEHOLD_POST)
    assert response.status_code == 302
    for index, section in enumerate(SECTIONS[1:], start=1):
        page = client.get(section_url(tenancy, section.key))
        assert page.status_code == 200
        assert f"step {index + 1} of {len(SECTIONS)}" in page.content.decode()
        data = blank_post(section) | REQUIRED.get(section.key, {})
        response = client.post(section_url(tenancy, section.key), data)
        assert response.status_code == 302, (section.key, response.content.decode()[:3000])
        following = SECTIONS[index + 1].key if index + 1 < len(SECTIONS) else None
        expected = (
            section_url(tenancy, following)
            if following
            else reverse("budgeting:check", args=[tenancy.reference])
        )
        assert response["Location"] == expected

    check = client.get(reverse("budgeting:check", args=[tenancy.reference]))
    body = check.content.decode()
    assert check.status_code == 200
    assert body.count(">Change<") == len(SECTIONS)
    assert "£1,000.00 a month" in body and "£95.00 a week" in body

    response = client.post(reverse("budgeting:check", args=[tenancy.reference]))
    budget = Budget.objects.get(user=user)
    assert budget.status == Budget.Status.SUBMITTED
    assert response["Location"] == reverse("budgeting:version", args=[tenancy.reference, 1])

    result = client.get(response["Location"]).content.decode()
    # £1,000 + £433.33 in; £411.67 + £120 + £60 + £325 out = £916.67; left £516.66.
    assert "£516.66 left over each month" in result
    assert "£1,433.33" in result and "£916.67" in result


def test_rent_and_service_charges_are_filled_in_on_the_page(signed_in):
    client, _, tenancy = signed_in
    body = client.get(section_url(tenancy, "home")).content.decode()
    assert 'name="rent-amount" type="text" inputmode="decimal"' in body
    assert 'value="95.00"' in body and 'value="12.50"' in body
    assert "We filled this in from your rent account" in body
    assert not Budget.objects.exists()  # GET never writes


def test_money_inputs_are_text_with_a_pound_prefix(signed_in):
    client, _, tenancy = signed_in
    body = client.get(section_url(tenancy, "benefits")).content.decode()
    assert body.count('inputmode="decimal"') == len(SECTIONS[2].lines)
    assert 'class="govuk-input__prefix" aria-hidden="true">£<' in body
    assert 'type="number"' not in body


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("abc", "Enter how much you get from Universal Credit each month, like 433.33"),
        ("-5", "How much you get from Universal Credit must be £0 or more"),
        (
            "12.345",
            "Enter how much you get from Universal Credit each month with no more than 2 "
            "decimal places",
        ),
        ("100000.01", "How much you get from Universal Credit must be £100,000 a month or less"),
        ("9" * 30, "How much you get from Universal Credit must be £100,000 a month or less"),
        ("1e309", "Enter how much you get from Universal Credit each month, like 433.33"),
    ],
)
def test_bad_amounts_get_a_specific_message_and_nothing_typed_is_lost(signed_in, typed, message):
    client, _, tenancy = signed_in
    section = SECTIONS[2]
    data = blank_post(section) | {
        "universal_credit-amount": typed,
        "child_benefit-amount": "26.90",
        "child_benefit-frequency": "weekly",
    }
    response = client.post(section_url(tenancy, "benefits"), data)
    body = response.content.decode()
    assert response.status_code == 200
    assert message in body
    assert "<title>Error:" in body
    assert 'href="#id_universal_credit-amount"' in body  # the summary links to the field
    assert f'value="{typed}"' in body and 'value="26.90"' in body
    assert '<option value="weekly" selected>' in body
    assert not Budget.objects.exists()


def test_a_weekly_amount_over_the_monthly_limit_is_refused(signed_in):
    client, _, tenancy = signed_in
    data = blank_post(SECTIONS[2]) | {
        "universal_credit-amount": "25000",
        "universal_credit-frequency": "weekly",
    }
    body = client.post(section_url(tenancy, "benefits"), data).content.decode()
    assert "must be £100,000 a month or less" in body


def test_comma_and_pound_sign_are_accepted(signed_in):
    client, user, tenancy = signed_in
    data = blank_post(SECTIONS[1]) | {
        "client_wages-amount": "£1,000",
        "other_earnings-amount": " 1,234.5 ",
    }
    assert client.post(section_url(tenancy, "earnings"), data).status_code == 302
    lines = {line.key: line.amount_pence for line in BudgetLine.objects.filter(budget__user=user)}
    assert lines["client_wages"] == 100000 and lines["other_earnings"] == 123450


def test_required_lines_need_an_amount_or_i_do_not_pay_this(signed_in):
    client, user, tenancy = signed_in
    data = blank_post(SECTIONS[5]) | {"rent-amount": "", "council_tax-amount": ""}
    body = client.post(section_url(tenancy, "home"), data).content.decode()
    assert "Enter how much you pay for rent, or select &#x27;I do not pay this&#x27;" in body
    assert "Enter how much you pay for council tax, or select" in body
    data |= {"rent-amount": "95", "council_tax-none": "1"}
    assert client.post(section_url(tenancy, "home"), data).status_code == 302
    council_tax = BudgetLine.objects.get(budget__user=user, key="council_tax")
    assert council_tax.not_paid and council_tax.amount_pence == 0


def test_an_amount_and_i_do_not_pay_this_together_are_refused(signed_in):
    client, _, tenancy = signed_in
    data = blank_post(SECTIONS[5]) | {
        "rent-amount": "95",
        "council_tax-amount": "10",
        "council_tax-none": "1",
    }
    body = client.post(section_url(tenancy, "home"), data).content.decode()
    assert "not both" in body


def test_household_errors_are_specific(signed_in):
    client, _, tenancy = signed_in
    data = HOUSEHOLD_POST | {"has_partner": "yes", "children_under_16": "many", "vehicles": "-1"}
    del data["employment_status"]
    body = client.post(section_url(tenancy, "household"), data).content.decode()
    assert "Enter how many children under 16 live with you as a number, like 0 or 2" in body
    assert "How many cars, vans or motorbikes your household has must be 0 or more" in body
    assert "Select your work situation" in body
    assert "Select your partner&#x27;s work situation" in body
    assert 'value="many"' in body


def test_debts_save_with_balance_and_payment(signed_in):
    client, user, tenancy = signed_in
    section = SECTIONS[-2]
    data = blank_post(section) | {
        "rent_arrears-balance": "190",
        "rent_arrears-payment": "5",
        "rent_arrears-frequency": "weekly",
        "council_tax_arrears-payment": "10",
    }
    body = client.post(section_url(tenancy, "priority-debts"), data).content.decode()
    assert "Enter how much you owe for council tax arrears, or your best guess" in body
    data["council_tax_arrears-balance"] = "£1,200"
    assert client.post(section_url(tenancy, "priority-debts"), data).status_code == 302
    debts = {
        d.key: (d.balance_pence, d.payment_pence, d.frequency)
        for d in Budget.objects.get(user=user).debts.all()
    }
    assert debts == {
        "rent_arrears": (19000, 500, "weekly"),
        "council_tax_arrears": (120000, 1000, "monthly"),
    }


def test_change_links_come_back_to_check_your_answers(signed_in):
    client, user, tenancy = signed_in
    fill_budget(user, tenancy)
    check = reverse("budgeting:check", args=[tenancy.reference])
    body = client.get(check).content.decode()
    assert section_url(tenancy, "earnings", change=True).replace("&", "&amp;") in body
    page = client.get(section_url(tenancy, "earnings", change=True)).content.decode()
    assert f'href="{check}" class="govuk-back-link"' in page
    response = client.post(
        section_url(tenancy, "earnings", change=True),
        blank_post(SECTIONS[1]) | {"client_wages-amount": "500"},
    )
    assert response["Location"] == check


def test_save_and_come_back_later_goes_to_the_overview(signed_in):
    client, _, tenancy = signed_in
    response = client.post(
        section_url(tenancy, "household"), HOUSEHOLD_POST | {"save_and_leave": "1"}
    )
    assert response["Location"] == reverse("budgeting:overview", args=[tenancy.reference])
    body = client.get(response["Location"]).content.decode()
    assert "Continue your budget" in body
    assert section_url(tenancy, "earnings") in body


def test_submitting_with_sections_unanswered_says_which(signed_in):
    client, _, tenancy = signed_in
    client.post(section_url(tenancy, "household"), HOUSEHOLD_POST)
    response = client.post(reverse("budgeting:check", args=[tenancy.reference]))
    assert response.status_code == 422
    body = response.content.decode()
    assert "Answer the questions about money from work" in body
    assert 'href="#section-earnings"' in body


def test_check_page_without_a_draft_goes_to_the_overview(signed_in):
    client, _, tenancy = signed_in
    response = client.get(reverse("budgeting:check", args=[tenancy.reference]))
    assert response["Location"] == reverse("budgeting:overview", args=[tenancy.reference])


def test_extra_post_fields_are_ignored(signed_in):
    client, user, tenancy = signed_in
    other_user, other_account = tenant_with_account()
    data = blank_post(SECTIONS[1]) | {
        "client_wages-amount": "100",
        "status": "submitted",
        "user": str(other_user.pk),
        "user_id": str(other_user.pk),
        "tenancy": str(other_account.tenancy.pk),
        "number": "99",
        "submitted_at": "2020-01-01",
        "client_wages-source": "benefits_check",
        "client_wages-not_paid": "1",
        "rent-amount": "1",
        "sections_done": "check",
    }
    assert client.post(section_url(tenancy, "earnings"), data).status_code == 302
    budget = Budget.objects.get()
    assert (budget.user, budget.tenancy, budget.number, budget.status) == (
        user,
        tenancy,
        1,
        "draft",
    )
    assert budget.submitted_at is None and budget.sections_done == ["earnings"]
    wages = budget.lines.get(key="client_wages")
    assert (wages.amount_pence, wages.source, wages.not_paid) == (10000, "", False)
    assert budget.lines.get(key="rent").amount_pence == 9500  # not this page's line: untouched


def test_another_tenants_budget_is_not_found(client, tenant_and_tenancy):
    owner, tenancy = tenant_and_tenancy
    budget = submitted_budget(owner, tenancy)
    client.force_login(UserFactory())
    urls = [
        reverse("budgeting:overview", args=[tenancy.reference]),
        section_url(tenancy, "earnings"),
        reverse("budgeting:check", args=[tenancy.reference]),
        reverse("budgeting:version", args=[tenancy.reference, budget.number]),
        reverse("budgeting:version_csv", args=[tenancy.reference, budget.number]),
        reverse("budgeting:version_json", args=[tenancy.reference, budget.number]),
        reverse("budgeting:version_print", args=[tenancy.reference, budget.number]),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
    assert (
        client.post(section_url(tenancy, "earnings"), {"client_wages-amount": "1"}).status_code
        == 404
    )
    assert client.post(reverse("budgeting:check", args=[tenancy.reference])).status_code == 404
    assert Budget.objects.count() == 1


def test_unknown_section_and_draft_version_are_not_found(signed_in):
    client, user, tenancy = signed_in
    fill_budget(user, tenancy)  # version 1 is a draft, not submitted
    assert client.get(section_url(tenancy, "nope")).status_code == 404
    assert client.get(reverse("budgeting:version", args=[tenancy.reference, 1])).status_code == 404


NASTY = ["x" * 10_000, "🏠💷" * 500, "<script>alert(1)</script>", "\x00\x01", "NaN", "9" * 5000]


def test_every_page_survives_hostile_input(signed_in):
    client, _, tenancy = signed_in
    for section in SECTIONS:
        url = section_url(tenancy, section.key)
        fields = list(blank_post(section)) or list(HOUSEHOLD_POST) + ["partner_employment_status"]
        for value in NASTY:
            response = client.post(url, {field: value for field in fields})
            assert response.status_code < 500, (section.key, value[:10])


# ------------------------------------------------------------------------------------------
# The result and downloads


def test_result_shows_priority_debts_first_and_the_route_to_advice(signed_in):
    client, user, tenancy = signed_in
    budget = submitted_budget(
        user,
        tenancy,
        lines={
            "universal_credit": LineAnswer(50000, "monthly"),
            "rent": LineAnswer(9500, "weekly"),
            "groceries": LineAnswer(30000, "monthly"),
        },
    )
    body = client.get(
        reverse("budgeting:version", args=[tenancy.reference, budget.number])
    ).content.decode()
    # £500 in, £411.67 + £300 out: short by £211.67.
    assert "You are short by £211.67 a month" in body
    assert body.index("Priority debts") < body.index("Other debts")
    for number in ("0800 144 8848", "0800 138 1111", "0808 808 4000"):
        assert number in body
    assert "nothing left over for payments to debts" in body


def test_a_surplus_with_small_debts_has_no_advice_block(signed_in):
    client, user, tenancy = signed_in
    budget = submitted_budget(user, tenancy, debts={})
    body = client.get(
        reverse("budgeting:version", args=[tenancy.reference, budget.number])
    ).content.decode()
    assert "left over each month" in body
    assert "0800 138 1111" not in body


def test_large_priority_debts_show_the_route_to_advice(signed_in, settings):
    client, user, tenancy = signed_in
    settings.BUDGET_ADVICE_PRIORITY_DEBT_PENCE = 40000
    budget = submitted_budget(user, tenancy)  # £500 rent arrears
    body = client.get(
        reverse("budgeting:version", args=[tenancy.reference, budget.number])
    ).content.decode()
    assert "You owe £500.00 on priority debts" in body
    assert "0808 808 4000" in body


def test_flexible_spending_above_the_guideline_gets_a_gentle_note(signed_in):
    client, user, tenancy = signed_in
    budget = submitted_budget(user, tenancy, lines={"groceries": LineAnswer(20000, "weekly")})
    body = client.get(
        reverse("budgeting:version", args=[tenancy.reference, budget.number])
    ).content.decode()
    # £866.67 a month against the illustrative £410 for one adult and one child.
    assert "Your spending on food and housekeeping (£866.67 a month) is £456.67 more than" in body
    assert "examples only (Illustrative, not SFS figures)" in body


def test_the_budget_works_with_no_guidelines(signed_in):
    from budgeting.models import GuidelineSet

    GuidelineSet.objects.all().delete()
    client, user, tenancy = signed_in
    budget = submitted_budget(user, tenancy, lines={"groceries": LineAnswer(20000, "weekly")})
    response = client.get(reverse("budgeting:version", args=[tenancy.reference, budget.number]))
    assert response.status_code == 200
    assert "guide figure" not in response.content.decode()


def test_print_page_lists_every_line(signed_in):
    client, user, tenancy = signed_in
    budget = submitted_budget(user, tenancy)
    body = client.get(
        reverse("budgeting:version_print", args=[tenancy.reference, budget.number])
    ).content.decode()
    assert "£400.00 a week" in body and "£1,733.33" in body
    assert "Credit cards and store cards" in body


def test_csv_and_json_downloads(signed_in):
    client, user, tenancy = signed_in
    budget = submitted_budget(user, tenancy)
    csv_response = client.get(
        reverse("budgeting:version_csv", args=[tenancy.reference, budget.number])
    )
    assert csv_response["Content-Type"] == "text/csv; charset=utf-8"
    assert f"budget-{tenancy.reference}-v1.csv" in csv_response["Content-Disposition"]
    json_response = client.get(
        reverse("budgeting:version_json", args=[tenancy.reference, budget.number])
    )
    data = json.loads(json_response.content)
    assert (
        data["monthly-income"]["earnings"]["client-salary-or-wages"]["monthly-amount"] == "1733.33"
    )


# ------------------------------------------------------------------------------------------
# A fixed number of queries, however big the budget


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def test_budget_pages_run_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    small_user, small_account = tenant_with_account()
    big_user, big_account = tenant_with_account()
    submitted_budget(
        small_user, small_account.tenancy, lines={"rent": LineAnswer(9500, "weekly")}, debts={}
    )
    every_line = {
        line.key: LineAnswer(1000 + n, "weekly")
        for n, line in enumerate(line for section in SECTIONS for line in section.lines)
    }
    submitted_budget(big_user, big_account.tenancy, lines=every_line)
    fill_budget(
        small_user, small_account.tenancy, lines={"rent": LineAnswer(9500, "weekly")}, debts={}
    )
    fill_budget(big_user, big_account.tenancy, lines=every_line)

    def urls(account):
        ref = account.tenancy.reference
        return [
            reverse("budgeting:start"),
            reverse("budgeting:overview", args=[ref]),
            reverse("budgeting:section", args=[ref, "benefits"]),
            reverse("budgeting:section", args=[ref, "priority-debts"]),
            reverse("budgeting:check", args=[ref]),
            reverse("budgeting:version", args=[ref, 1]),
            reverse("budgeting:version_print", args=[ref, 1]),
            reverse("budgeting:version_csv", args=[ref, 1]),
            reverse("budgeting:version_json", args=[ref, 1]),
        ]

    client.force_login(small_user)
    small = [_queries(client, url) for url in urls(small_account)]
    client.force_login(big_user)
    big = [_queries(client, url) for url in urls(big_account)]
    assert small == big
    for url in urls(big_account):
        with django_assert_max_num_queries(12):
            client.get(url)


def test_saving_a_page_runs_a_fixed_number_of_queries(signed_in, django_assert_max_num_queries):
    client, user, tenancy = signed_in
    fill_budget(user, tenancy)
    data = blank_post(SECTIONS[2]) | {f"{line.key}-amount": "10" for line in SECTIONS[2].lines}
    with django_assert_max_num_queries(16):
        assert client.post(section_url(tenancy, "benefits"), data).status_code == 302


# ------------------------------------------------------------------------------------------
# Officers


def test_officers_see_the_latest_version_read_only(client, officer, tenant_and_tenancy):
    user, tenancy = tenant_and_tenancy
    submitted_budget(user, tenancy)
    fill_budget(user, tenancy)  # a draft: officers never see drafts
    client.force_login(officer)
    body = client.get(
        reverse("budgeting:officer_latest", args=[tenancy.reference])
    ).content.decode()
    assert "version 1" in body and "left over each month" in body
    main = body.split('id="main-content"')[1].split("</main>")[0]
    assert "<form" not in main
    data = json.loads(
        client.get(reverse("budgeting:officer_json", args=[tenancy.reference])).content
    )
    assert data["budget-version"] == 1
    csv_body = client.get(
        reverse("budgeting:officer_csv", args=[tenancy.reference])
    ).content.decode()
    assert csv_body.startswith("sfs_group,")


def test_officer_pages_without_a_budget(client, officer, tenant_and_tenancy):
    _, tenancy = tenant_and_tenancy
    client.force_login(officer)
    body = client.get(
        reverse("budgeting:officer_latest", args=[tenancy.reference])
    ).content.decode()
    assert "No budget has been submitted" in body
    assert client.get(reverse("budgeting:officer_csv", args=[tenancy.reference])).status_code == 404
    assert client.get(reverse("budgeting:officer_latest", args=["NOPE"])).status_code == 404


def test_officer_pages_refuse_tenants_and_officers_without_mfa(
    client, officer_without_mfa, tenant_and_tenancy
):
    user, tenancy = tenant_and_tenancy
    url = reverse("budgeting:officer_latest", args=[tenancy.reference])
    client.force_login(user)
    assert client.get(url).status_code == 403
    client.force_login(officer_without_mfa)
    assert client.get(url)["Location"] == reverse("mfa_activate_totp")
