"""Search across the advice of the site the request is for (Wagtail search)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.shortcuts import render
from wagtail.models import Site

from .models import AdvicePage

RESULTS_PER_PAGE = 10
MAX_QUERY_LENGTH = 100


def search(request):
    query = " ".join(request.GET.get("q", "").split())[:MAX_QUERY_LENGTH]
    site = Site.find_for_request(request)
    results = None
    breadcrumbs = []
    if site is not None:
        breadcrumbs = [{"text": site.root_page.title, "href": site.root_page.get_url(request)}]
    if query and site is not None:
        matches = AdvicePage.objects.live().public().descendant_of(site.root_page).search(query)
        results = Paginator(matches, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "cms/search.html",
        {
            "query": query,
            "breadcrumbs": breadcrumbs,
            "results": results,
            "pagination_query": urlencode({"q": query}),
        },
    )
