"""Words for pages: the policy's stored reasons, in the reader's language when shown.

Tenants get whole sentences keyed by the reason's code (`reason_words`); officers get the
policy's own officer sentences, marked in `policy.py` and translated here.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from . import policy, reason_words
from .models import Arrangement


def _stored(arrangement: Arrangement) -> list[policy.Reason]:
    reasons = []
    for data in arrangement.policy_reasons or []:
        try:
            reasons.append(policy.reason_from_dict(data))
        except (KeyError, TypeError):
            continue
    return reasons


def _tenant(reasons) -> list[dict]:
    return [{"passed": r.passed, "text": reason_words.tenant_text(r)} for r in reasons]


def tenant_reasons(arrangement: Arrangement) -> list[dict]:
    return _tenant(_stored(arrangement))


def officer_reasons(arrangement: Arrangement) -> list[dict]:
    return [
        {
            "passed": r.passed,
            "text": _(r.officer).format(**{key: _(value) for key, value in r.params.items()}),
        }
        for r in _stored(arrangement)
    ]


def preview_reasons(outcome: policy.Outcome) -> list[dict]:
    return _tenant(outcome.reasons)
