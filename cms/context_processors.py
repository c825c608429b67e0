"""Site settings for every template: the landlord's details, the free advice lines and more.

Keeps the foundation's `landlord` keys (name, phone, email, opening_hours) and falls back to the
Django settings for any field editors left empty, so pages look right before anyone has opened
the settings form, and on a database with no settings row at all.

Cost: one read-only query per request that renders a template and uses any of these values
(lazy). It never writes: Wagtail's own `PortalSettings.for_request` creates the row on first
use, which a GET must not do.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.db.models import Case, IntegerField, Q, Value, When
from django.http.request import split_domain_port
from django.utils.functional import SimpleLazyObject

# The free, independent advice lines shown when editors have not set their own. Opening hours
# change; editors add them in the settings.
DEFAULT_ADVICE_LINES = [
    {
        "name": "Citizens Advice",
        "phone": "0800 144 8848",
        "website": "https://www.citizensadvice.org.uk/",
        "text": "Free advice on debt, benefits and housing.",
    },
    {
        "name": "StepChange",
        "phone": "0800 138 1111",
        "website": "https://www.stepchange.org/",
        "text": "Free debt advice and help to make a plan.",
    },
    {
        "name": "National Debtline",
        "phone": "0808 808 4000",
        "website": "https://nationaldebtline.org/",
        "text": "Free debt advice by phone, web chat and online.",
    },
]
DEFAULT_PHASE = {"tag": "Beta", "text": "This is a new service."}
SETTINGS_ATTR = "_cms_portal_settings"


def _hostname_and_port(request) -> tuple[str, int | None]:
    try:
        host = request.get_host()
    except DisallowedHost:
        return "", None
    hostname, _ = split_domain_port(host)
    try:
        port = int(request.get_port())
    except (TypeError, ValueError):
        port = None
    return hostname, port


def portal_settings_for_request(request):
    """The request's site's settings row, or None. Read-only, one query, cached on the request.

    Sites are matched as Wagtail does: hostname and port, then hostname, then the default site.
    """
    if hasattr(request, SETTINGS_ATTR):
        return getattr(request, SETTINGS_ATTR)
    from .models import PortalSettings

    hostname, port = _hostname_and_port(request)
    found = (
        PortalSettings.objects.select_related("logo")
        .filter(Q(site__hostname=hostname) | Q(site__is_default_site=True))
        .annotate(
            match=Case(
                When(site__hostname=hostname, site__port=port, then=Value(0)),
                When(site__hostname=hostname, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            )
        )
        .order_by("match", "site_id")
        .first()
    )
    setattr(request, SETTINGS_ATTR, found)
    return found


def _items(stream_field) -> list[dict]:
    """A settings StreamField as plain dicts (its stored JSON: no block conversion, no query)."""
    if not stream_field:
        return []
    return [dict(item.get("value") or {}) for item in stream_field.raw_data]


class SiteContent:
    """Everything the context processor offers, computed once per request on first use."""

    def __init__(self, request):
        row = portal_settings_for_request(request)
        self.landlord = {
            "name": (row and row.landlord_name) or settings.LANDLORD_NAME,
            "phone": (row and row.phone) or settings.LANDLORD_PHONE,
            "email": (row and row.email) or settings.LANDLORD_EMAIL,
            "opening_hours": (row and row.opening_hours) or settings.LANDLORD_OPENING_HOURS,
            "logo": row.logo if row else None,
            "other_phone_numbers": _items(row.other_phone_numbers) if row else [],
        }
        self.advice_lines = (row and _items(row.advice_lines)) or DEFAULT_ADVICE_LINES
        self.other_ways_to_pay = (row and _items(row.other_ways_to_pay)) or list(
            getattr(settings, "PAYMENTS_OTHER_WAYS_TO_PAY", [])
        )
        self.footer_links = _items(row.footer_links) if row else []
        if row is None:
            self.phase_banner = DEFAULT_PHASE
        elif row.phase_tag:
            self.phase_banner = {"tag": row.phase_tag, "text": row.phase_text}
        else:
            self.phase_banner = None


def site_content(request):
    """Context processor: `landlord`, `advice_lines`, `other_ways_to_pay`, `footer_links`,
    `phase_banner` (None when editors turned the banner off)."""
    content = SimpleLazyObject(lambda: SiteContent(request))
    return {
        "landlord": SimpleLazyObject(lambda: content.landlord),
        "advice_lines": SimpleLazyObject(lambda: content.advice_lines),
        "other_ways_to_pay": SimpleLazyObject(lambda: content.other_ways_to_pay),
        "footer_links": SimpleLazyObject(lambda: content.footer_links),
        "phase_banner": SimpleLazyObject(lambda: content.phase_banner),
    }
