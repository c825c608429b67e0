"""Each person's language (English or Welsh), remembered on their login.

The language a page is read in is a cookie (docs/content.md, "Welsh"), but an email sent by a
Celery task has no request and so no cookie: without a stored choice it would always go out in
English. So the login remembers it:

- at sign-up, the language they were reading in (`on_signed_up`);
- when a signed-in person uses the switcher (`cms/language.py`, which saves the same field);
- at sign-in, a login with no stored language takes the one this browser's cookie chose.

And it is used:

- at sign-in on a browser with no language cookie, the stored language is set as the cookie and
  made active, so the portal speaks it from then on (`on_logged_in`);
- every email to a tenant is rendered inside `translation.override(user_email_language(...))`.

`connect()` is called from `portal.auth_audit.connect()` (PortalConfig.ready()).
"""

from __future__ import annotations

from allauth.account import signals as account_signals
from django.conf import settings
from django.utils import translation

LANGUAGE_CODES = frozenset(code for code, _ in settings.LANGUAGES)


def language_supported(code: str | None) -> str:
    """The site's language code for `code` ("en-us" -> "en-gb"), or "" if it has none."""
    if not code:
        return ""
    try:
        return translation.get_supported_language_variant(code)
    except LookupError:
        return ""


def user_email_language(*, user) -> str:
    """The language to write to this person in: their stored choice, else the site's default."""
    stored = getattr(user, "language", "")
    return stored if stored in LANGUAGE_CODES else settings.LANGUAGE_CODE


def user_language_set(*, user, language: str) -> bool:
    """Store the person's language (that field only). True if it changed."""
    language = language_supported(language)
    if not language or user.language == language:
        return False
    user.language = language
    user.save(update_fields=["language"])
    return True


def language_cookie_set(response, language: str) -> None:
    """The same cookie the switcher sets (cms/language.py), read by LocaleMiddleware."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


def on_signed_up(sender, request, user, **kwargs) -> None:
    """They signed up reading this language (LocaleMiddleware has made it active)."""
    user_language_set(user=user, language=translation.get_language())


def on_logged_in(sender, request, user, response=None, **kwargs) -> None:
    """allauth's sign-in signal, which carries the response (the redirect after signing in)."""
    cookie = language_supported(request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME))
    stored = user.language if user.language in LANGUAGE_CODES else ""
    if cookie:
        # This browser's choice stands; a login made before languages were stored learns it.
        if not stored:
            user_language_set(user=user, language=cookie)
        return
    if not stored:
        return
    # A new browser: speak their language now (the "signed in" message) and from then on.
    translation.activate(stored)
    request.LANGUAGE_CODE = stored
    if response is not None:
        language_cookie_set(response, stored)


def connect() -> None:
    uid = "portal.person_language"
    account_signals.user_signed_up.connect(on_signed_up, dispatch_uid=f"{uid}.signup")
    account_signals.user_logged_in.connect(on_logged_in, dispatch_uid=f"{uid}.login")
