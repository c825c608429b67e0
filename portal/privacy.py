"""The register of personal data: every model that holds personal data says how it is exported
to the person it is about (subject access, `/my-account/my-data/`) and how long it is kept.

Each app registers its models from its `AppConfig.ready()`:

    register_personal_data(PersonalData(
        model="budgeting.Budget",
        export=budgets_for_subject_access,       # (*, user) -> list of plain dicts
        retention_days=730,                      # or None with a `retention_reason`
        retain=budgets_past_retention_remove,    # (*, today) -> int rows changed; idempotent
    ))

A test fails when a model with personal data is not registered.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class PersonalData:
    model: str  # "app_label.ModelName"
    export: Callable[..., list[dict]]
    retention_days: int | None = None
    retain: Callable[..., int] | None = None
    retention_reason: str = ""  # why it is kept without a period (e.g. the ledger: 6 years by law)
    title: str = ""  # the heading on the tenant's "your data" page


_REGISTRY: dict[str, PersonalData] = {}


def register_personal_data(entry: PersonalData) -> None:
    _REGISTRY[entry.model.lower()] = entry


def personal_data_registry() -> list[PersonalData]:
    return sorted(_REGISTRY.values(), key=lambda entry: entry.model)
