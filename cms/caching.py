"""The content generation: one value in the cache that every cached page fragment varies on.

A page's fragment shows more than the page itself: the titles and addresses of related pages,
the advice list, contact details from the site settings. Rather than track who shows what, any
publish, unpublish, move or delete of a page, and any save of the settings, a site or an image,
starts a new generation, and every fragment is rendered afresh on its next request. Editors
publish a few times a day; tenants read thousands of times, so this costs little.

Reading the generation is a cache read, never a database query. If the cache loses the key, a
new generation starts, which is safe (everything is rendered again).
"""

from __future__ import annotations

import uuid

from django.core.cache import cache

GENERATION_KEY = "cms:content-generation"
# Fragments live for six hours at most, whatever happens to the generation.
FRAGMENT_SECONDS = 6 * 60 * 60


def content_generation() -> str:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
        generation = cache.get(GENERATION_KEY) or "unknown"
    return generation


def new_content_generation(**kwargs) -> None:
    """Signal receiver: everything cached so far is out of date."""
    cache.set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
