"""The consent statements a tenant is shown, versioned in code. Pure: no Django import.

A version's text never changes once it has been shown to anyone: the consent record keeps the
version and a hash of the exact words, so we can always say what a person agreed to. To change
the wording, add a new version and point CURRENT_VERSION at it (the old one stays, because
records refer to it). A Welsh translation is a version of its own (for example "2026-11-cy").

Three separate statements, one tick box each (ICO: explicit consent for special category data
must be separate and must name the kind of data):

- core      needed to refer: name, contact details, tenancy and balances
- finances  optional: the latest budget and benefits check
- health    optional: health or disability information, named as such
"""

from __future__ import annotations

import hashlib
import json

CORE = "core"
FINANCES = "finances"
HEALTH = "health"
CATEGORIES = (CORE, FINANCES, HEALTH)
REQUIRED = frozenset({CORE})

RECIPIENT = "Citizens Advice"
PURPOSE = "debt_advice"
CHANNEL_WEB_FORM = "web_form"

CONSENT_VERSIONS: dict[str, dict[str, str]] = {
    "2026-11-en": {
        CORE: (
            "I agree that my landlord can share my name, my contact details, my tenancy "
            "details and the balances of my accounts with Citizens Advice, so that Citizens "
            "Advice can contact me and give me free debt advice."
        ),
        FINANCES: (
            "I also agree that my landlord can share my latest budget (my income and spending) "
            "and my latest benefits check with Citizens Advice."
        ),
        HEALTH: (
            "I also agree that my landlord can share information about my health or disability "
            "with Citizens Advice. This is health information. It includes what I wrote about my "
            "health or access needs and my health and disability answers in my benefits check."
        ),
    },
}
CURRENT_VERSION = "2026-11-en"


def statements(version: str = CURRENT_VERSION) -> dict[str, str]:
    """The exact words of each statement in this version."""
    return dict(CONSENT_VERSIONS[version])


def text_hash(version: str, categories=CATEGORIES) -> str:
    """SHA-256 of the exact statements shown (all three: the tenant saw all of them), so a
    record proves which words were on the page even if the code is later changed by mistake."""
    shown = {category: CONSENT_VERSIONS[version][category] for category in categories}
    encoded = json.dumps({"version": version, "statements": shown}, sort_keys=True)
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


def normalise_categories(categories) -> list[str]:
    """The categories in their fixed order, unknown ones dropped."""
    chosen = set(categories)
    return [category for category in CATEGORIES if category in chosen]
