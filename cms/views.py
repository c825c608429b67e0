"""Search across the advice of the site the request is for (Wagtail search), in the reader's
language: with Welsh active, the Welsh advice and the English advice not translated yet."""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.shortcuts import render
from wagtail.models import Site

from .selectors import advice_for_search

RESULTS_PER_PAGE = 10
MAX_QUERY_LENGTH = 100


def search(request):
    query = " ".join(request.GET.get("q", "").split())[:MAX_QUERY_LENGTH]
    site = Site.find_for_request(request)
    results = None
    breadcrumbs = []
    marks = {}
    if site is not None:
        home = site.root_page.localized  # the home page in the reader's language, if live
        breadcrumbs = [{"text": home.title, "href": home.get_url(request)}]
        if home.pk != site.root_page.pk:
            # English advice not translated yet is listed too, marked as English (lang), as
            # the Welsh home page marks it.
            marks = {
                "reader_locale_id": home.locale_id,
                "other_language": site.root_page.locale.language_code,
            }
    if query and site is not None:
        matches = advice_for_search(site_root=site.root_page).search(query)
        results = Paginator(matches, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "cms/search.html",
        {
            "query": query,
            "breadcrumbs": breadcrumbs,
            "results": results,
            "pagination_query": urlencode({"q": query}),
            **marks,
        },
    )
