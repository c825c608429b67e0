"""Words for pages: the policy's stored reasons, translated when shown."""

from __future__ import annotations

from django.utils.translation import gettext as _

from . import policy
from .models import Arrangement


def _texts(arrangement: Arrangement, *, who: str) -> list[dict]:
    shown = []
    for data in arrangement.policy_reasons or []:
        try:
            reason = policy.reason_from_dict(data)
        except (KeyError, TypeError):
            continue
        template = reason.tenant if who == "tenant" else reason.officer
        params = {key: _(value) for key, value in reason.params.items()}
        shown.append({"passed": reason.passed, "text": _(template).format(**params)})
    return shown


def tenant_reasons(arrangement: Arrangement) -> list[dict]:
    return _texts(arrangement, who="tenant")


def officer_reasons(arrangement: Arrangement) -> list[dict]:
    return _texts(arrangement, who="officer")


def preview_reasons(outcome: policy.Outcome) -> list[dict]:
    return [
        {"passed": r.passed, "text": _(r.tenant).format(**{k: _(v) for k, v in r.params.items()})}
        for r in outcome.reasons
    ]
