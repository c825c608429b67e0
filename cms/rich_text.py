"""GOV.UK classes for Wagtail's rich text.

Wagtail's rich text output is markup it has already sanitised against a features list: bare
`<p>`, `<h2>`, `<ul>`, `<a href>`... with at most a `data-block-key` attribute. GOV.UK Frontend
styles its typography by class, so each of those tags gets the matching class here.
"""

from __future__ import annotations

import re

from django.utils.safestring import SafeString, mark_safe

CLASSES = {
    "p": "govuk-body",
    "h2": "govuk-heading-l",
    "h3": "govuk-heading-m",
    "h4": "govuk-heading-s",
    "ul": "govuk-list govuk-list--bullet",
    "ol": "govuk-list govuk-list--number",
    "a": "govuk-link",
}
_OPENING_TAG = re.compile(r"<(p|h2|h3|h4|ul|ol|a)(\s[^>]*)?>")


def _add_class(match: re.Match) -> str:
    tag, attributes = match.group(1), match.group(2) or ""
    if "class=" in attributes:
        return match.group(0)
    return f'<{tag} class="{CLASSES[tag]}"{attributes}>'


def govuk_rich_text(html: str) -> SafeString:
    """Rich text HTML (already expanded and sanitised by Wagtail) with GOV.UK classes."""
    return mark_safe(_OPENING_TAG.sub(_add_class, html))  # noqa: S308 - Wagtail sanitised it
