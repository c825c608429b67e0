"""What a referral sends: the allow-list of fields for each consent category, and the one
function that builds the snapshot from them. Pure: no Django import, no database.

The same builder renders the tenant's "check your answers" page and freezes the snapshot at
submission, so what the tenant saw is exactly what is stored and sent. A field that is not in
ALLOWLIST can never reach the snapshot, whatever the sources hold; a category that was not
consented to is left out entirely.
"""

from __future__ import annotations

import copy
import hashlib
import json

from .consent import CATEGORIES, CORE, FINANCES, HEALTH

SCHEMA = "portal-referral-snapshot/1"

ALLOWLIST: dict[str, tuple[str, ...]] = {
    CORE: (
        "name",
        "email",
        "phone",
        "contact_method",
        "contact_times",
        "topics",
        "topic_details",
        "interpreter_language",
        "landlord",
        "tenancy_reference",
        "address",
        "tenancy_start_date",
        "weekly_rent_pence",
        "accounts",
        "total_balance_pence",
    ),
    FINANCES: ("budget", "benefits_check"),
    HEALTH: ("health_needs", "benefits_check_health"),
}

# Nested allow-lists: the keys kept inside structured fields.
ACCOUNT_FIELDS = ("reference", "kind", "balance_pence", "weeks_in_arrears")
BUDGET_FIELDS = (
    "version",
    "submitted_on",
    "income_monthly_pence",
    "spending_monthly_pence",
    "surplus_monthly_pence",
    "priority_debts_owed_pence",
    "priority_debt_payments_monthly_pence",
    "non_priority_debts_owed_pence",
    "non_priority_debt_payments_monthly_pence",
)
BENEFITS_FIELDS = (
    "estimated_on",
    "rates_version",
    "total_monthly_pence",
    "missing_monthly_pence",
    "amounts_monthly_pence",
)
BENEFITS_HEALTH_FIELDS = ("estimated_on", "health_answers", "children_disability")

META_KEYS = ("schema", "categories")


def _only(source: dict | None, fields: tuple[str, ...]) -> dict | None:
    if source is None:
        return None
    return {field: copy.deepcopy(source.get(field)) for field in fields}


def _core(source: dict) -> dict:
    data = {field: copy.deepcopy(source.get(field)) for field in ALLOWLIST[CORE]}
    data["accounts"] = [_only(account, ACCOUNT_FIELDS) for account in source.get("accounts") or []]
    data["topics"] = list(source.get("topics") or [])
    data["contact_times"] = list(source.get("contact_times") or [])
    return data


def _finances(source: dict) -> dict:
    return {
        "budget": _only(source.get("budget"), BUDGET_FIELDS),
        "benefits_check": _only(source.get("benefits_check"), BENEFITS_FIELDS),
    }


def _health(source: dict) -> dict:
    return {
        "health_needs": source.get("health_needs") or "",
        "benefits_check_health": _only(source.get("benefits_check_health"), BENEFITS_HEALTH_FIELDS),
    }


BUILDERS = {CORE: _core, FINANCES: _finances, HEALTH: _health}


def snapshot_build(*, categories, sources: dict[str, dict]) -> dict:
    """The snapshot for these consented categories. `sources` maps a category to everything
    known for it (extra keys are dropped). The core category is required: without it there is
    nothing to refer."""
    chosen = [category for category in CATEGORIES if category in set(categories)]
    if CORE not in chosen:
        raise ValueError("A referral needs consent to share the core details.")
    snapshot: dict = {"schema": SCHEMA, "categories": chosen}
    for category in chosen:
        snapshot[category] = BUILDERS[category](sources.get(category) or {})
    return snapshot


def snapshot_keys(snapshot: dict) -> dict[str, set[str]]:
    """The field names in each category of a snapshot (for tests and the record of what was
    shared)."""
    return {category: set(snapshot[category]) for category in CATEGORIES if category in snapshot}


def snapshot_hash(snapshot: dict) -> str:
    encoded = json.dumps(snapshot, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()
