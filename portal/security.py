"""Response headers every page needs: no caching of signed-in pages, and the
Content-Security-Policy (django-csp) with the one relaxation Wagtail's admin needs.

Django's SecurityMiddleware already sends nosniff, Referrer-Policy, HSTS (production) and
Cross-Origin-Opener-Policy from settings; XFrameOptionsMiddleware sends X-Frame-Options.
See docs/security.md.
"""

from __future__ import annotations

from csp.middleware import CSPMiddleware, PolicyParts
from django.utils.cache import add_never_cache_headers

CMS_ADMIN_PREFIX = "/cms-admin/"

# Wagtail 8's admin is not yet free of inline script: its date and date-time choosers write
# `<script>initDateChooser(...)</script>` next to the field (page filters, scheduled publishing),
# and its panels insert StreamField templates containing such scripts through jQuery. So
# /cms-admin/ alone (editors and superusers with MFA, behind AdminAreaGuardMiddleware) allows
# inline script. Styles stay strict there (it sets none inline), and so does everything else:
# object-src 'none', base-uri, form-action. Page previews are shown in a same-origin frame.
# Checked in Chromium by tests/security/test_csp_browser.py; review on each Wagtail upgrade.
WAGTAIL_ADMIN_CSP_UPDATE = {
    "script-src": ["'unsafe-inline'"],
}
WAGTAIL_ADMIN_CSP_REPLACE = {
    "frame-ancestors": ["'self'"],
}


def _signed_in(request) -> bool:
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


class SecurityHeadersMiddleware:
    """`Cache-Control: no-store` on every response to a signed-in person, so a shared or public
    computer's browser cache, or a proxy, never keeps a copy of their rent account.

    "Signed in" is judged before and after the view: the response that signs someone in, and the
    one that signs them out, are covered too.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        signed_in_before = _signed_in(request)
        response = self.get_response(request)
        if signed_in_before or _signed_in(request):
            add_never_cache_headers(response)
            response["Cache-Control"] = "no-store, private"
        return response


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware with the policy from settings.CONTENT_SECURITY_POLICY, relaxed
    for Wagtail's admin only (see WAGTAIL_ADMIN_CSP_UPDATE)."""

    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if request.path_info.startswith(CMS_ADMIN_PREFIX):
            parts.update = {**WAGTAIL_ADMIN_CSP_UPDATE, **(parts.update or {})}
            parts.replace = {**WAGTAIL_ADMIN_CSP_REPLACE, **(parts.replace or {})}
        return parts
