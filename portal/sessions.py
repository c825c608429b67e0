"""Session timeouts: signed out after 30 minutes without activity and 12 hours after signing
in, decided on the server, with a warning that lets people stay signed in (WCAG 2.2.1).

The session keeps two times (seconds since the epoch): when the person signed in and when they
last made a request. The middleware checks both on every request from a signed-in person; past
either limit it signs them out, says why on the sign-in page and sends them there. The cookie
lives as long as the absolute limit (SESSION_COOKIE_AGE), so the browser never quietly drops it
first and the person is always told what happened.

`templates/components/session_timeout.html` and `static/js/session-timeout.js` show the
warning 2 minutes before the idle limit; "Stay signed in" POSTs to `session_extend`, which is
any request, so it counts as activity. Without JavaScript the page still works: the session just
ends and the sign-in page says so. See docs/security.md.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from .audit import audit_record

STARTED_KEY = "_portal_signed_in_at"
LAST_ACTIVITY_KEY = "_portal_last_activity_at"
ACTIVITY_WRITE_EVERY_SECONDS = 60
# Requests a page makes on its own, not the person: Wagtail's editor pings every 10 seconds while
# its tab is visible. Counting them would keep an unattended editor signed in for 12 hours, and
# the warning's countdown would no longer match the server's.
NOT_ACTIVITY_PATH_PREFIXES = ("/cms-admin/editing-sessions/",)

IDLE_MESSAGE = _(
    "We signed you out because you had not done anything for 30 minutes. "
    "This keeps your account safe. Sign in again to carry on."
)
ABSOLUTE_MESSAGE = _(
    "We signed you out because you had been signed in for 12 hours. "
    "This keeps your account safe. Sign in again to carry on."
)


@dataclass(frozen=True)
class SessionClock:
    """What a page needs to warn before the session ends (request.session_clock)."""

    seconds_left: int  # until the earlier of the idle and the absolute limit
    warning_seconds: int
    idle_seconds: int
    absolute_ends_in: int


def _now() -> float:
    return time.time()


def session_start(session, *, now: float | None = None) -> None:
    """Start both clocks: called when someone signs in."""
    now = _now() if now is None else now
    session[STARTED_KEY] = now
    session[LAST_ACTIVITY_KEY] = now


def expiry_reason(session, *, now: float) -> str | None:
    """ "idle", "absolute" or None (still valid)."""
    started = session.get(STARTED_KEY)
    last = session.get(LAST_ACTIVITY_KEY)
    if started is None or last is None:
        return None
    if now - started >= settings.SESSION_ABSOLUTE_TIMEOUT_SECONDS:
        return "absolute"
    if now - last >= settings.SESSION_IDLE_TIMEOUT_SECONDS:
        return "idle"
    return None


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


class SessionTimeoutMiddleware:
    """Signs people out after the idle or absolute limit; records activity otherwise."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return self.get_response(request)

        session = request.session
        now = _now()
        if STARTED_KEY not in session:  # signed in before this middleware existed
            session_start(session, now=now)
        reason = expiry_reason(session, now=now)
        if reason is not None:
            return self._sign_out(request, reason)

        # Writing the time on every request would save the session (a database write) on
        # every page; a minute's precision in a 30-minute limit is plenty. "Stay signed in"
        # always counts.
        background = request.path_info.startswith(NOT_ACTIVITY_PATH_PREFIXES)
        if not background and (
            now - session[LAST_ACTIVITY_KEY] >= ACTIVITY_WRITE_EVERY_SECONDS
            or request.path_info == reverse("portal:session_extend")
        ):
            session[LAST_ACTIVITY_KEY] = now
        idle_left = int(settings.SESSION_IDLE_TIMEOUT_SECONDS - (now - session[LAST_ACTIVITY_KEY]))
        absolute_left = int(
            settings.SESSION_ABSOLUTE_TIMEOUT_SECONDS - (now - session[STARTED_KEY])
        )
        request.session_clock = SessionClock(
            seconds_left=max(0, min(idle_left, absolute_left)),
            warning_seconds=settings.SESSION_TIMEOUT_WARNING_SECONDS,
            idle_seconds=idle_left,
            absolute_ends_in=max(0, absolute_left),
        )
        return self.get_response(request)

    def _sign_out(self, request, reason: str):
        user = request.user
        audit_record(action="auth.session_expired", actor=user, detail={"reason": reason})
        logout(request)  # flushes the server-side session: the old cookie is worthless
        if _wants_json(request):
            return JsonResponse({"signed_in": False}, status=401)
        messages.info(request, IDLE_MESSAGE if reason == "idle" else ABSOLUTE_MESSAGE)
        login_url = reverse(settings.LOGIN_URL)
        if request.method != "GET" or request.path_info == login_url:
            return HttpResponseRedirect(login_url)
        return redirect_to_login(request.get_full_path())


def _safe_next(request) -> str | None:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return None


@require_http_methods(["GET", "POST"])
def session_extend(request):
    """ "Stay signed in". The middleware has already counted this request as activity, so the
    view only answers: JSON for the warning's script, or back to the page for a plain form post.
    GET shows the same button on a page of its own (and writes nothing but the session)."""
    if not request.user.is_authenticated:
        if _wants_json(request):
            return JsonResponse({"signed_in": False}, status=401)
        return redirect_to_login(request.get_full_path())
    clock = request.session_clock
    if request.method == "POST":
        if _wants_json(request):
            return JsonResponse({"signed_in": True, "seconds_left": clock.seconds_left})
        return HttpResponseRedirect(_safe_next(request) or reverse("portal:dashboard"))
    return render(
        request,
        "portal/session_extend.html",
        {"next": _safe_next(request) or "", "minutes": settings.SESSION_IDLE_TIMEOUT_SECONDS // 60},
    )
