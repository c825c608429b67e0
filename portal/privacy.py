"""The register of personal data: every model that holds personal data says how it is exported
to the person it is about (subject access, `/my-account/my-data/`) and how long it is kept.

Each app registers its models from its `AppConfig.ready()`, usually from `<app>/personal_data.py`:

    register_personal_data(PersonalData(
        model="budgeting.Budget",
        includes=("budgeting.BudgetLine", "budgeting.BudgetDebt"),  # exported and kept with it
        title="Your budgets",
        export=budgets_for_subject_access,       # (*, user) -> list of plain dicts
        retention_days=730,                      # or None with a `retention_reason`
        retain=budgets_past_retention_remove,    # (*, today) -> int rows changed; idempotent
    ))

`tests/privacy/test_registry.py` walks every model of our apps and fails when one is neither
registered here nor on its list of models without personal data. See docs/privacy.md.

The export functions are the only way this data leaves for a tenant: each takes `user=` and
must return that user's data only (reach tenancies through `portal.selectors.tenancies_for_user`).
Values are plain: str, int, bool, None, date, datetime, lists and dicts of those. Keys are
snake_case; a key ending in `_pence` holds money in pence.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.apps import apps
from django.db import transaction
from django.utils import timezone

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PersonalData:
    model: str  # "app_label.ModelName"
    export: Callable[..., list[dict]]
    retention_days: int | None = None
    retain: Callable[..., int] | None = None
    retention_reason: str = ""  # why it is kept without a period (e.g. the ledger: 6 years by law)
    title: str = ""  # the heading on the tenant's "your data" page
    # Models whose rows are exported and kept (or removed) together with this one's, such as a
    # budget's lines: they count as registered.
    includes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def models(self) -> list[str]:
        return [self.model.lower(), *(label.lower() for label in self.includes)]

    @property
    def heading(self) -> str:
        return self.title or apps.get_model(self.model)._meta.verbose_name_plural.capitalize()


_REGISTRY: dict[str, PersonalData] = {}


def register_personal_data(entry: PersonalData) -> None:
    _REGISTRY[entry.model.lower()] = entry


def personal_data_registry() -> list[PersonalData]:
    return sorted(_REGISTRY.values(), key=lambda entry: entry.model)


# --- Checking the register -------------------------------------------------------------------


def personal_data_gaps(
    *,
    models: Iterable[str],
    registry: Iterable[PersonalData],
    no_personal_data: Iterable[str],
) -> list[str]:
    """What is wrong with the register, as sentences (empty when all is well).

    `models` are the "app_label.modelname" labels to account for; `no_personal_data` those
    declared to hold none. Every other model must be registered (or included by an entry), and
    every entry must say how long its data is kept: a period with a `retain` function, or a
    reason for keeping it.
    """
    registry = list(registry)
    covered = {label for entry in registry for label in entry.models}
    allowed = {label.lower() for label in no_personal_data}
    problems = [
        f"{label} is neither registered with register_personal_data nor listed as holding "
        "no personal data"
        for label in sorted({label.lower() for label in models})
        if label not in covered and label not in allowed
    ]
    for label in sorted(covered & allowed):
        problems.append(f"{label} is registered but also listed as holding no personal data")
    for entry in registry:
        if entry.export is None:
            problems.append(f"{entry.model} has no export function")
        has_period = entry.retention_days is not None and entry.retain is not None
        if not has_period and not entry.retention_reason:
            problems.append(
                f"{entry.model} needs retention_days with a retain function, or a retention_reason"
            )
        if entry.retention_days is not None and entry.retain is None:
            problems.append(f"{entry.model} has a retention period but no retain function")
    return problems


# --- Subject access --------------------------------------------------------------------------


@dataclass
class ExportSection:
    model: str
    title: str
    records: list[dict]


def subject_access_export(*, user) -> list[ExportSection]:
    """Everything held about this login, from every registered exporter, in register order."""
    sections = []
    for entry in personal_data_registry():
        records = entry.export(user=user)
        sections.append(ExportSection(model=entry.model, title=entry.heading, records=records))
    return sections


def subject_access_document(*, user, sections: list[ExportSection]) -> dict:
    """The JSON download: who it is for, when it was made, and each section's records."""
    return {
        "generated_at": timezone.now(),
        "account_email": user.email,
        "sections": [
            {"model": section.model, "title": section.title, "records": section.records}
            for section in sections
        ],
    }


# --- Retention -------------------------------------------------------------------------------


def personal_data_retain_all(*, today: dt.date | None = None) -> dict[str, int]:
    """Run every registered retention function for `today`; rows changed, by model.

    Each function runs in its own transaction, so one failing does not undo the others (the
    failure is logged and raised at the end, for the task to report). Running it twice for the
    same day changes nothing the second time.
    """
    today = today or timezone.localdate()
    changed: dict[str, int] = {}
    failures = []
    for entry in personal_data_registry():
        if entry.retain is None:
            continue
        try:
            with transaction.atomic():
                changed[entry.model] = entry.retain(today=today)
        except Exception as exc:  # one category failing must not stop the others
            logger.exception("personal data retention failed model=%s", entry.model)
            failures.append((entry.model, exc))
    changed["sessions.session"] = ended_sessions_remove(today=today)
    if failures:
        raise RetentionFailed([model for model, _ in failures]) from failures[0][1]
    return changed


class RetentionFailed(Exception):
    """One or more categories could not be processed (the others were)."""


def ended_sessions_remove(*, today: dt.date) -> int:
    """Delete sessions that have expired (signed out, or idle past the timeout)."""
    from django.contrib.sessions.models import Session

    deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted


def cutoff(*, today: dt.date, days: int) -> dt.datetime:
    """The start of the day `days` before `today`, in the site's time zone: rows last
    touched before it are past their period."""
    start = dt.datetime.combine(today - dt.timedelta(days=days), dt.time.min)
    return timezone.make_aware(start)
