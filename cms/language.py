"""The language switcher's target: /language/<code>/?next=/the/page/ (a plain link, no JS).

The portal's pages keep their paths in both languages (DESIGN.md's URL map), so the language is
a cookie, which LocaleMiddleware reads on every request; Wagtail pages follow it too (the site's
root page `.localized` is the Welsh home page when Welsh is active). This is Django's
`set_language` as a GET link, so the switcher is an ordinary link with `hreflang` and `lang`:
it sets the language cookie and goes back to `next`, if that is a path on this site, else to
the home page. For a signed-in person it also stores the choice on their login (that field
only), so emails sent without a request are in it too (portal/person_language.py). Being a
GET, a forged link could at worst change someone's language, which the cookie alone allows too.
"""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

LANGUAGE_CODES = {code for code, _ in settings.LANGUAGES}


@never_cache
@require_GET
def switch_language(request, code: str):
    if code not in LANGUAGE_CODES:
        raise Http404("No such language.")
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ) or not next_url.startswith("/"):
        next_url = "/"
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.language != code:
        # cms imports no app of ours: the login is request.user, so save its field here.
        user.language = code
        user.save(update_fields=["language"])
    response = HttpResponseRedirect(next_url)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response
