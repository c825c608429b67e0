"""Drafts, immutable versions, prefilling and the benefits check's hook."""

import threading

import pytest
from django.db import IntegrityError, connection, transaction
from django.http import Http404

from budgeting import selectors, services
from budgeting.models import Budget, BudgetLine
from budgeting.selectors import DebtAnswer, LineAnswer
from tests.budgeting.helpers import HOUSEHOLD, fill_budget, submitted_budget
from tests.factories import TenancyMemberFactory, UserFactory, tenant_with_account

pytestmark = pytest.mark.django_db


def lines_of(budget):
    return {
        line.key: (line.amount_pence, line.frequency, line.not_paid, line.source)
        for line in BudgetLine.objects.filter(budget=budget)
    }


def test_first_save_starts_a_draft_filled_in_from_the_tenancy(tenant_and_tenancy):
    user, tenancy = tenant_and_tenancy
    draft = services.budget_household_save(user=user, tenancy=tenancy, household=HOUSEHOLD)
    assert draft.status == Budget.Status.DRAFT
    assert draft.number == 1
    assert draft.sections_done == ["household"]
    lines = lines_of(draft)
    assert lines["rent"] == (9500, "weekly", False, "tenancy")
    assert lines["service_charges"] == (1250, "weekly", False, "tenancy")
    arrears = draft.debts.get(key="rent_arrears")
    assert (arrears.balance_pence, arrears.source) == (19000, "tenancy")


def test_answers_saved_on_one_device_are_there_on_another(tenant_and_tenancy):
    user, tenancy = tenant_and_tenancy
    services.budget_lines_save(
        user=user,
        tenancy=tenancy,
        section_key="earnings",
        answers={"client_wages": LineAnswer(40000, "weekly")},
    )
    answers = selectors.budget_answers_for_user(user=user, tenancy=tenancy)
    assert answers.is_saved_draft
    assert answers.lines["client_wages"] == LineAnswer(40000, "weekly")
    assert answers.next_section_to_answer() == "household"


def test_a_blank_line_is_removed_and_a_changed_prefill_loses_its_source(tenant_and_tenancy):
    user, tenancy = tenant_and_tenancy
    services.budget_lines_save(
        user=user,
        tenancy=tenancy,
        section_key="home",
        answers={
            "rent": LineAnswer(9500, "weekly"),  # unchanged: still from the rent account
            "service_charges": None,  # left blank
            "council_tax": LineAnswer(11000, "monthly"),
        },
    )
    draft = Budget.objects.get(user=user)
    assert lines_of(draft) == {
        "rent": (9500, "weekly", False, "tenancy"),
        "council_tax": (11000, "monthly", False, ""),
    }
    services.budget_lines_save(
        user=user, tenancy=tenancy, section_key="home", answers={"rent": LineAnswer(9600, "weekly")}
    )
    assert lines_of(draft)["rent"] == (9600, "weekly", False, "")


def test_submitting_makes_an_immutable_version_and_editing_starts_a_new_one(tenant_and_tenancy):
    user, tenancy = tenant_and_tenancy
    first = submitted_budget(user, tenancy)
    assert (first.number, first.status) == (1, Budget.Status.SUBMITTED)
    assert first.submitted_at is not None
    before = lines_of(first)

    second = services.budget_lines_save(
        user=user,
        tenancy=tenancy,
        section_key="earnings",
        answers={"client_wages": LineAnswer(45000, "weekly")},
    )
    assert second.pk != first.pk
    assert (second.number, second.status, second.copied_from_id) == (2, "draft", first.pk)
    assert lines_of(first) == before  # the old version stays as it was
    assert lines_of(second)["client_wages"] == (45000, "weekly", False, "")
    assert lines_of(second)["groceries"] == before["groceries"]  # copied
    assert second.sections_done == first.sections_done  # every section already answered
    first.refresh_from_db()
    assert first.status == Budget.Status.SUBMITTED


def test_a_new_version_brings_the_rent_up_to_date(tenant_and_tenancy):
    user, tenancy = tenant_and_tenancy
    submitted_budget(user, tenancy, lines={"rent": LineAnswer(9500, "weekly")})
    assert lines_of(Budget.objects.get(number=1))["rent"][3] == "tenancy"
    tenancy.weekly_rent_pence = 9900
    tenancy.save()
    draft = services.budget_household_save(user=user, tenancy=tenancy, household=HOUSEHOLD)
    assert lines_of(draft)["rent"] == (9900, "weekly", False, "tenancy")


def test_submitting_needs_every_section(tenant_and_tenancy):
    user, tenancy = tenant_and_tenancy
    services.budget_household_save(user=user, tenancy=tenancy, household=HOUSEHOLD)
    with pytest.raises(services.BudgetIncomplete) as raised:
        services.budget_submit(user=user, tenancy=tenancy)
    assert raised.value.missing[0] == "earnings"
    assert Budget.objects.get(user=user).status == Budget.Status.DRAFT


def test_submitting_twice_is_refused(tenant_and_tenancy):
    user, tenancy = tenant_and_tenancy
    submitted_budget(user, tenancy)
    with pytest.raises(services.BudgetError):
        services.budget_submit(user=user, tenancy=tenancy)
    assert Budget.objects.filter(user=user).count() == 1


def test_only_one_draft_per_tenant_and_tenancy(tenant_and_tenancy):
    user, tenancy = tenant_and_tenancy
    services.budget_household_save(user=user, tenancy=tenancy, household=HOUSEHOLD)
    with pytest.raises(IntegrityError), transaction.atomic():
        Budget.objects.create(user=user, tenancy=tenancy, number=2)


def test_services_refuse_a_tenancy_the_user_is_not_on(tenant_and_tenancy):
    _, tenancy = tenant_and_tenancy
    stranger = UserFactory()
    with pytest.raises(Http404):
        services.budget_household_save(user=stranger, tenancy=tenancy, household=HOUSEHOLD)
    assert not Budget.objects.exists()


def test_joint_tenants_each_have_their_own_budget(tenant_and_tenancy):
    user, tenancy = tenant_and_tenancy
    joint = UserFactory()
    TenancyMemberFactory(tenancy=tenancy, user=joint, role="joint", name="Joint Tenant")
    submitted_budget(user, tenancy)
    assert selectors.budget_versions_for_user(user=joint, tenancy=tenancy) == []
    assert selectors.budget_latest_for_tenancy(tenancy=tenancy).user == user


def test_amounts_that_are_not_whole_pence_never_reach_the_database(tenant_and_tenancy):
    user, tenancy = tenant_and_tenancy
    for bad in (LineAnswer(-1, "weekly"), LineAnswer(100_000_000, "monthly")):
        with pytest.raises(ValueError):
            services.budget_lines_save(
                user=user, tenancy=tenancy, section_key="earnings", answers={"client_wages": bad}
            )
    with pytest.raises(TypeError):
        services.budget_lines_save(
            user=user,
            tenancy=tenancy,
            section_key="earnings",
            answers={"client_wages": LineAnswer(12.5, "weekly")},
        )
    with pytest.raises(ValueError):
        services.budget_debts_save(
            user=user,
            tenancy=tenancy,
            section_key="other-debts",
            answers={"loans": DebtAnswer(-5, 0, "monthly")},
        )
    assert not BudgetLine.objects.exists()


# ------------------------------------------------------------------------------------------
# The benefits check's hook


def test_benefit_income_fills_a_new_draft_and_marks_its_source(tenant_and_tenancy):
    user, tenancy = tenant_and_tenancy
    budget = services.budget_prefill_benefit_income(
        user=user,
        tenancy=tenancy,
        amounts={"universal_credit": 61234, "child_benefit": 11657},
        source="benefits_check",
    )
    assert budget.status == Budget.Status.DRAFT
    lines = lines_of(budget)
    assert lines["universal_credit"] == (61234, "monthly", False, "benefits_check")
    assert lines["child_benefit"] == (11657, "monthly", False, "benefits_check")
    assert lines["rent"][3] == "tenancy"  # a new draft is still filled in from the tenancy
    assert budget.sections_done == []  # the tenant still sees and confirms the pages


def test_benefit_income_merges_into_the_existing_draft(tenant_and_tenancy):
    user, tenancy = tenant_and_tenancy
    fill_budget(user, tenancy)
    draft = Budget.objects.get(user=user)
    before = lines_of(draft)
    again = services.budget_prefill_benefit_income(
        user=user, tenancy=tenancy, amounts={"child_benefit": 20000}, source="benefits_check"
    )
    assert again.pk == draft.pk
    after = lines_of(draft)
    assert after["child_benefit"] == (20000, "monthly", False, "benefits_check")
    assert {k: v for k, v in after.items() if k != "child_benefit"} == {
        k: v for k, v in before.items() if k != "child_benefit"
    }


def test_benefit_income_never_touches_a_submitted_version(tenant_and_tenancy):
    user, tenancy = tenant_and_tenancy
    first = submitted_budget(user, tenancy)
    before = lines_of(first)
    draft = services.budget_prefill_benefit_income(
        user=user, tenancy=tenancy, amounts={"pension_credit": 5000}, source="benefits_check"
    )
    assert draft.number == 2 and draft.copied_from_id == first.pk
    assert lines_of(first) == before
    assert lines_of(draft)["pension_credit"] == (5000, "monthly", False, "benefits_check")
    assert lines_of(draft)["client_wages"] == before["client_wages"]


@pytest.mark.parametrize(
    ("amounts", "source", "error"),
    [
        ({"rent": 100}, "benefits_check", ValueError),  # not a benefit line
        ({"universal_credit": -1}, "benefits_check", ValueError),
        ({"universal_credit": 10_000_001}, "benefits_check", ValueError),
        ({"universal_credit": 100.5}, "benefits_check", TypeError),
        ({"universal_credit": 100}, "", ValueError),
    ],
)
def test_benefit_income_refuses_bad_input(tenant_and_tenancy, amounts, source, error):
    user, tenancy = tenant_and_tenancy
    with pytest.raises(error):
        services.budget_prefill_benefit_income(
            user=user, tenancy=tenancy, amounts=amounts, source=source
        )
    assert not Budget.objects.exists()


def test_benefit_income_refuses_someone_not_on_the_tenancy(tenant_and_tenancy):
    _, tenancy = tenant_and_tenancy
    with pytest.raises(Http404):
        services.budget_prefill_benefit_income(
            user=UserFactory(), tenancy=tenancy, amounts={"child_benefit": 1}, source="x"
        )


# ------------------------------------------------------------------------------------------
# Concurrency (PostgreSQL)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_devices_saving_at_once_make_one_draft():
    user, account = tenant_with_account()
    tenancy = account.tenancy
    barrier = threading.Barrier(4)
    errors = []

    def save(key):
        try:
            barrier.wait()
            services.budget_lines_save(
                user=user,
                tenancy=tenancy,
                section_key="benefits",
                answers={key: LineAnswer(1000, "weekly")},
            )
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=save, args=(key,))
        for key in ("universal_credit", "child_benefit", "esa", "income_support")
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert Budget.objects.filter(user=user).count() == 1
    assert BudgetLine.objects.filter(budget__user=user, key="rent").count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_submitting_from_two_devices_at_once_makes_one_version():
    user, account = tenant_with_account()
    tenancy = account.tenancy
    fill_budget(user, tenancy)
    barrier = threading.Barrier(2)
    outcomes = []

    def submit():
        try:
            barrier.wait()
            outcomes.append(services.budget_submit(user=user, tenancy=tenancy).number)
        except services.BudgetError as exc:
            outcomes.append(type(exc).__name__)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(map(str, outcomes)) == ["1", "BudgetError"]
    assert Budget.objects.filter(user=user, status="submitted").count() == 1
