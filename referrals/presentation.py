"""A snapshot as rows for the tenant's "check your answers" page, the status page and the
officer's review: every field that will be sent, in plain words. No database."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from portal.money import format_pence

from .consent import CORE, FINANCES, HEALTH

SECTION_TITLES = {
    CORE: _("Your details, tenancy and balances"),
    FINANCES: _("Your budget and benefits check"),
    HEALTH: _("Health or disability information"),
}

LABELS = {
    "name": _("Name"),
    "email": _("Email address"),
    "phone": _("Phone number"),
    "contact_method": _("How to contact you"),
    "contact_times": _("Good times to contact you"),
    "topics": _("What you want help with"),
    "topic_details": _("More about what you need"),
    "interpreter_language": _("Interpreter"),
    "landlord": _("Your landlord"),
    "tenancy_reference": _("Tenancy reference"),
    "address": _("Address"),
    "tenancy_start_date": _("Tenancy started"),
    "weekly_rent_pence": _("Weekly rent"),
    "accounts": _("Your accounts"),
    "total_balance_pence": _("Total you owe us"),
    "budget": _("Your latest budget"),
    "benefits_check": _("Your latest benefits check"),
    "health_needs": _("What you told us about your health or access needs"),
    "benefits_check_health": _("Health and disability answers from your benefits check"),
}

TOPICS = {
    "debt": _("Debt and money owed"),
    "benefits": _("Benefits"),
    "energy": _("Energy bills"),
    "housing": _("Housing"),
    "other": _("Something else"),
}
CONTACT_METHODS = {"phone": _("Phone call"), "email": _("Email")}
CONTACT_TIMES = {
    "morning": _("Weekday mornings"),
    "afternoon": _("Weekday afternoons"),
    "evening": _("Weekday evenings"),
    "any": _("Any time"),
}
ACCOUNT_KINDS = {
    "rent": _("Rent"),
    "service_charge": _("Service charges"),
    "garage": _("Garage rent"),
    "rechargeable_repairs": _("Rechargeable repairs"),
    "former_tenant_arrears": _("Former tenant arrears"),
    "hb_overpayment": _("Housing Benefit overpayment"),
    "court_costs": _("Court costs"),
}
BUDGET_LABELS = {
    "income_monthly_pence": _("Income each month"),
    "spending_monthly_pence": _("Spending each month"),
    "surplus_monthly_pence": _("Left over (or short) each month"),
    "priority_debts_owed_pence": _("Priority debts owed"),
    "non_priority_debts_owed_pence": _("Other debts owed"),
}
NONE = _("None")


def _money(pence) -> str:
    return format_pence(pence) if isinstance(pence, int) else str(NONE)


def _value(key: str, value) -> str:
    if key == "topics":
        return ", ".join(str(TOPICS.get(item, item)) for item in value) or str(NONE)
    if key == "contact_method":
        return str(CONTACT_METHODS.get(value, value or NONE))
    if key == "contact_times":
        return ", ".join(str(CONTACT_TIMES.get(item, item)) for item in value) or str(NONE)
    if key.endswith("_pence"):
        return _money(value)
    if key == "accounts":
        parts = []
        for account in value:
            kind = ACCOUNT_KINDS.get(account["kind"], account["kind"])
            text = f"{kind} ({account['reference']}): {_money(account['balance_pence'])}"
            if account.get("weeks_in_arrears"):
                text += " " + str(
                    _("(%(weeks)s weeks of rent)") % {"weeks": account["weeks_in_arrears"]}
                )
            parts.append(text)
        return "; ".join(parts) or str(NONE)
    if key == "budget":
        if not value:
            return str(_("No budget saved, so nothing is sent"))
        parts = [f"{BUDGET_LABELS[name]}: {_money(value.get(name))}" for name in BUDGET_LABELS]
        return "; ".join(parts)
    if key == "benefits_check":
        if not value:
            return str(_("No benefits check done, so nothing is sent"))
        return str(
            _("Estimated %(total)s a month, of which %(missing)s you may be missing")
            % {
                "total": _money(value.get("total_monthly_pence")),
                "missing": _money(value.get("missing_monthly_pence")),
            }
        )
    if key == "benefits_check_health":
        if not value:
            return str(_("No health answers in a benefits check, so nothing is sent"))
        return str(_("Your answers about health, disability benefits and disabled children"))
    if value in (None, ""):
        return str(NONE)
    return str(value)


def snapshot_sections(snapshot: dict | None) -> list[dict]:
    """[{"key": category, "title": ..., "rows": [{"key": label, "value": text}]}], every
    field in the snapshot, in the snapshot's order."""
    if not snapshot:
        return []
    sections = []
    for category in (CORE, FINANCES, HEALTH):
        if category not in snapshot:
            continue
        rows = [
            {"key": LABELS.get(key, key), "value": _value(key, value)}
            for key, value in snapshot[category].items()
        ]
        sections.append({"key": category, "title": SECTION_TITLES[category], "rows": rows})
    return sections
