"""Reads for the cms views: which advice a search looks in, for the reader's language."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from wagtail.models import Page

from .models import AdvicePage


def _below(page: Page) -> Q:
    # path and depth are Page's own search filter fields, so the search backends accept them.
    return Q(path__startswith=page.path, depth__gt=page.depth)


def advice_for_search(*, site_root: Page) -> QuerySet[AdvicePage]:
    """The live, public advice pages a search of this site looks in.

    The site's root page is the default language's (English) home page. For a reader whose
    language has a live translation of it (the Welsh home page): that tree's advice, and the
    English advice with no live translation there yet, which the reader is served in English
    at the same address (`HomePage.route`). Never a page and its translation both: the reader
    gets the translation. Otherwise, exactly the advice under the site's root page.
    """
    pages = AdvicePage.objects.live().public()
    home = site_root.localized
    if home.pk == site_root.pk:
        return pages.filter(_below(site_root))
    translated = pages.filter(_below(home)).values("translation_key")
    return pages.filter(_below(home) | (_below(site_root) & ~Q(translation_key__in=translated)))
