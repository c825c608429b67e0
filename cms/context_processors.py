"""Site settings for every template: the landlord's details, the free advice lines and more.

Keeps the foundation's `landlord` keys (name, phone, email, opening_hours) and falls back to the
Django settings for any field editors left empty, so pages look right before anyone has opened
the settings form, and on a database with no settings row at all.

Welsh: each text a tenant reads has a Welsh field beside it (`..._cy`). A Welsh reader gets the
Welsh when an editor wrote it; otherwise the English, in Welsh from the catalogue when it is one
of the defaults (cms/settings_strings.py), else as written and flagged (`lang: "en"`) so the
templates can mark it `lang="en"`. English readers get exactly what they got before.

Cost: the settings row's values, both languages in one entry per site, are cached (one cache
round trip per request that renders a template and uses any of these values, lazily), stored
with the content generation (cms/caching.py) they were read under; any save or delete of the
settings, a site or an image starts a new generation, so an editor's change shows on the next
request in both languages. The reader's language is applied after reading (a few catalogue
look-ups), so one language's words can never be served to the other. A cache miss is one
read-only query. It never writes: Wagtail's own `PortalSettings.for_request` creates the row on
first use, which a GET must not do.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.db.models import Case, IntegerField, Q, Value, When
from django.http.request import split_domain_port
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language, gettext

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
WELSH = "cy"
# What marks English shown on a Welsh page (as the layout has always marked it).
ENGLISH = "en"
# The words in each settings list that have a Welsh field beside them (`<name>_cy`).
LIST_TEXT_FIELDS = {
    "other_phone_numbers": ("label", "opening_hours"),
    "advice_lines": ("name", "opening_hours", "text"),
    "other_ways_to_pay": ("heading", "text"),
    "footer_links": ("text",),
}
SETTINGS_ATTR = "_cms_portal_settings"
# An upper bound on staleness should a save race a cache fill (the generation covers the rest).
SITE_VALUES_SECONDS = 10 * 60
_NO_ROW = "none"


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


def _row_values(row) -> dict | None:
    """The settings row as plain values, fit for the cache (the logo by id)."""
    if row is None:
        return None
    return {
        "landlord_name": row.landlord_name,
        "landlord_name_cy": row.landlord_name_cy,
        "phone": row.phone,
        "email": row.email,
        "opening_hours": row.opening_hours,
        "opening_hours_cy": row.opening_hours_cy,
        "logo_id": row.logo_id,
        "other_phone_numbers": _items(row.other_phone_numbers),
        "advice_lines": _items(row.advice_lines),
        "other_ways_to_pay": _items(row.other_ways_to_pay),
        "footer_links": _items(row.footer_links),
        "phase_tag": row.phase_tag,
        "phase_tag_cy": row.phase_tag_cy,
        "phase_text": row.phase_text,
        "phase_text_cy": row.phase_text_cy,
    }


def site_values_for_request(request) -> dict | None:
    """The request's site's settings as plain values, or None without a settings row. From the
    cache when it can; otherwise one read-only query (`portal_settings_for_request`)."""
    from .caching import GENERATION_KEY, content_generation

    hostname, port = _hostname_and_port(request)
    key = f"cms:site-values:{hostname[:100]}:{port}"
    # One round trip: the generation and the values stored with the generation they are of.
    found = cache.get_many([GENERATION_KEY, key])
    generation = found.get(GENERATION_KEY) or content_generation()
    stored = found.get(key)
    if stored is not None and stored[0] == generation:
        return None if stored[1] == _NO_ROW else stored[1]
    values = _row_values(portal_settings_for_request(request))
    cache.set(key, (generation, _NO_ROW if values is None else values), SITE_VALUES_SECONDS)
    return values


def _logo(logo_id):
    if logo_id is None:
        return None
    from wagtail.images import get_image_model

    return get_image_model().objects.filter(pk=logo_id).first()


def reader_is_welsh() -> bool:
    """Whether the active language (the reader's, from the cookie) is Welsh."""
    return (get_language() or "").split("-")[0].lower() == WELSH


def welsh_text(english: str | None, welsh: str | None) -> tuple[str, bool]:
    """For a Welsh reader: the text, and whether it is still English. The editor's Welsh if
    there is some; else the English through the catalogue (the defaults have Welsh there);
    else the English as written."""
    if welsh:
        return welsh, False
    if not english:
        return english or "", False
    translated = gettext(english)
    return translated, translated == english


def localised_items(items: list[dict], fields: tuple[str, ...], *, welsh: bool) -> list[dict]:
    """A settings list for the reader, without the `_cy` keys. For a Welsh reader each text is
    in Welsh where it can be, and an item with no Welsh at all gets `lang: "en"`."""
    shown = []
    for item in items:
        value = {key: text for key, text in item.items() if not key.endswith("_cy")}
        if welsh:
            english_only = in_welsh = False
            for name in fields:
                value[name], still_english = welsh_text(item.get(name), item.get(f"{name}_cy"))
                english_only = english_only or still_english
                in_welsh = in_welsh or (bool(value[name]) and not still_english)
            value["lang"] = ENGLISH if english_only and not in_welsh else ""
        shown.append(value)
    return shown


class SiteContent:
    """Everything the context processor offers, computed once per request on first use, in the
    reader's language. Empty fields fall back to the Django settings, applied here so they
    always apply."""

    def __init__(self, request):
        row = site_values_for_request(request) or {}
        welsh = reader_is_welsh()
        opening_hours = row.get("opening_hours") or settings.LANDLORD_OPENING_HOURS
        opening_hours_lang = ""
        if welsh:
            opening_hours, still_english = welsh_text(opening_hours, row.get("opening_hours_cy"))
            opening_hours_lang = ENGLISH if still_english else ""
        name = row.get("landlord_name") or settings.LANDLORD_NAME
        self.landlord = {
            "name": (welsh and row.get("landlord_name_cy")) or name,
            "phone": row.get("phone") or settings.LANDLORD_PHONE,
            "email": row.get("email") or settings.LANDLORD_EMAIL,
            "opening_hours": opening_hours,
            "opening_hours_lang": opening_hours_lang,
            "logo": _logo(row.get("logo_id")),
            "other_phone_numbers": localised_items(
                row.get("other_phone_numbers") or [],
                LIST_TEXT_FIELDS["other_phone_numbers"],
                welsh=welsh,
            ),
        }
        self.advice_lines = localised_items(
            row.get("advice_lines") or DEFAULT_ADVICE_LINES,
            LIST_TEXT_FIELDS["advice_lines"],
            welsh=welsh,
        )
        self.other_ways_to_pay = localised_items(
            row.get("other_ways_to_pay")
            or list(getattr(settings, "PAYMENTS_OTHER_WAYS_TO_PAY", [])),
            LIST_TEXT_FIELDS["other_ways_to_pay"],
            welsh=welsh,
        )
        self.footer_links = localised_items(
            row.get("footer_links") or [], LIST_TEXT_FIELDS["footer_links"], welsh=welsh
        )
        if not row:
            phase = dict(DEFAULT_PHASE)
        elif row["phase_tag"]:
            phase = {"tag": row["phase_tag"], "text": row["phase_text"]}
        else:
            phase = None
        if phase and welsh:
            phase["tag"] = welsh_text(phase["tag"], row.get("phase_tag_cy"))[0]
            phase["text"] = welsh_text(phase["text"], row.get("phase_text_cy"))[0]
        self.phase_banner = phase


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
