"""The audit trail: one structured record per event, written by every app through one service.

It lives on the ground floor so that any app may record what happened without importing the
officers' side. Record ids and outcomes only: never a balance, a health detail, a budget
figure or a free-text note.
"""

from __future__ import annotations

import logging

from .models import AuditEvent, Tenancy

logger = logging.getLogger("portal.audit")


def audit_record(
    *,
    action: str,
    actor=None,
    tenancy: Tenancy | None = None,
    subject=None,
    subject_type: str = "",
    subject_id: str = "",
    detail: dict | None = None,
) -> AuditEvent:
    """Write one audit event. `subject` may be a model instance (its label and pk are kept) or
    given as `subject_type` and `subject_id`."""
    if subject is not None:
        subject_type = subject._meta.label_lower
        subject_id = str(subject.pk)
    event = AuditEvent.objects.create(
        action=action,
        actor=actor if actor is not None and actor.is_authenticated else None,
        tenancy=tenancy,
        subject_type=subject_type,
        subject_id=subject_id,
        detail=detail or {},
    )
    logger.info(
        "audit action=%s actor=%s subject=%s:%s",
        action,
        getattr(actor, "pk", None),
        subject_type,
        subject_id,
    )
    return event


def audit_events_for_tenancy(*, tenancy: Tenancy, limit: int = 50) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(tenancy=tenancy).select_related("actor")[:limit])
