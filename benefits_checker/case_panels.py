"""The benefits check's panel on the officer's case page: the latest check on the tenancy,
read-only, and only if the tenant chose to share it (`share_with_officer`). Health and
disability answers are special category data: showing them is audited as
'case.special_category_viewed' (what kind of record, never its content). Registered from
`BenefitsCheckerConfig.ready()`."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from portal.audit import audit_record
from portal.tiles import CasePanel, register_case_panel

from .forms import DISABILITY_CHOICES, LCWRA_CHOICES
from .presentation import CHILD_DISABILITY, result_context
from .selectors import latest_check_for_tenancy

LCWRA = dict(LCWRA_CHOICES)
DISABILITY = dict(DISABILITY_CHOICES)
WHO = {"me": _("The tenant"), "partner": _("Their partner")}


def health_lines(answers: dict) -> list[str]:
    """The health and disability answers in words, one line per person who gave any."""
    lines = []
    for key, health in (answers.get("health") or {}).items():
        parts = []
        if health.get("lcwra") in ("before", "new"):
            parts.append(str(_("Found unable to work because of health")))
        if health.get("disability_benefit", "none") != "none":
            parts.append(str(DISABILITY.get(health["disability_benefit"], "")))
        if health.get("condition") == "yes":
            parts.append(str(_("A condition that affects daily life")))
        if health.get("blind") == "yes":
            parts.append(str(_("Registered blind")))
        if parts:
            lines.append(f"{WHO.get(key, _('Someone'))}: {'; '.join(p for p in parts if p)}")
    children = [
        str(CHILD_DISABILITY.get(child.get("disability"), ""))
        for child in (answers.get("children") or {}).values()
        if child.get("disability", "none") != "none"
    ]
    for number, words in enumerate(children, start=1):
        lines.append(f"{_('Child')} {number}: {words}")
    return lines


def benefits_case_panel_context(*, tenancy, officer) -> dict:
    """One query (two when health answers are shown and the viewing is audited)."""
    check = latest_check_for_tenancy(tenancy=tenancy)
    if check is None or not check.share_with_officer:
        return {"check": check, "shared": False}
    context = result_context(check)
    context["shared"] = True
    context["health"] = health_lines(check.answers) if check.involves_health_data else []
    if context["health"]:
        audit_record(
            action="case.special_category_viewed",
            actor=officer,
            tenancy=tenancy,
            subject=check,
            detail={"source": "benefits_checker", "shown": ["health_answers"]},
        )
    return context


def register_case_panels() -> None:
    register_case_panel(
        CasePanel(
            key="benefits",
            title=_("Benefits check"),
            template="benefits_checker/case_panel.html",
            order=30,
            context=benefits_case_panel_context,
        )
    )
