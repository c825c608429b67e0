"""Building budgets for tests, through the services (the only writers)."""

from budgeting import services
from budgeting.categories import SECTIONS
from budgeting.selectors import DebtAnswer, LineAnswer

HOUSEHOLD = {
    "has_partner": False,
    "children_under_16": 1,
    "children_16_to_18": 0,
    "other_dependants": 0,
    "non_dependants": 0,
    "vehicles": 0,
    "employment_status": "part_time",
    "partner_employment_status": "",
}

LINES = {
    "client_wages": LineAnswer(40000, "weekly"),  # £1,733.33 a month
    "child_benefit": LineAnswer(2690, "weekly"),  # £116.57 a month
    "rent": LineAnswer(9500, "weekly"),  # £411.67 a month
    "council_tax": LineAnswer(12000, "monthly"),
    "electricity": LineAnswer(6000, "monthly"),
    "groceries": LineAnswer(7500, "weekly"),  # £325.00 a month
    "mobile_phone": LineAnswer(0, "monthly", not_paid=True),
}
DEBTS = {
    "rent_arrears": DebtAnswer(50000, 1000, "weekly"),  # £43.33 a month
    "credit_cards": DebtAnswer(120000, 2500, "monthly"),
}


def fill_budget(user, tenancy, *, household=None, lines=None, debts=None):
    """Answer every section (saving a draft) with the figures given or the defaults above."""
    lines = LINES if lines is None else lines
    debts = DEBTS if debts is None else debts
    services.budget_household_save(user=user, tenancy=tenancy, household=household or HOUSEHOLD)
    for section in SECTIONS:
        if section.is_lines:
            services.budget_lines_save(
                user=user,
                tenancy=tenancy,
                section_key=section.key,
                answers={key: value for key, value in lines.items() if key in section.keys},
            )
        elif section.is_debts:
            services.budget_debts_save(
                user=user,
                tenancy=tenancy,
                section_key=section.key,
                answers={key: value for key, value in debts.items() if key in section.keys},
            )


def submitted_budget(user, tenancy, **kwargs):
    fill_budget(user, tenancy, **kwargs)
    return services.budget_submit(user=user, tenancy=tenancy)
