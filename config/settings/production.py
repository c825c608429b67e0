"""Production: refuses to start without its secrets; HTTPS only, secure cookies, HSTS, a cache
shared by every web process (Redis). `manage.py check --deploy --fail-level WARNING` passes
(tests/security/test_deploy_settings.py). See docs/security.md.
"""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import CONTENT_SECURITY_POLICY, env, with_prepared_statements


def _required(name: str) -> str:
    value = env(name, default="")
    if not value:
        raise ImproperlyConfigured(f"{name} must be set in production.")
    return value


DEBUG = False
SECRET_KEY = _required("SECRET_KEY")
ALLOWED_HOSTS = [host for host in _required("ALLOWED_HOSTS").split(",") if host]
DATABASES = {"default": with_prepared_statements(env.db_url_config(_required("DATABASE_URL")))}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)

# Sign-in rate limits and the session-timeout bookkeeping must be shared by every web process:
# a per-process cache (LocMem) would let an attacker spread guesses over the processes.
CACHES = {"default": env.cache_url_config(_required("CACHE_URL"))}
_PER_PROCESS_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
    "django.core.cache.backends.filebased.FileBasedCache",
)
if CACHES["default"]["BACKEND"] in _PER_PROCESS_CACHES:
    raise ImproperlyConfigured(
        "CACHE_URL must name a cache every web process shares (redis://...), not "
        f"{CACHES['default']['BACKEND']}."
    )

# HTTPS: the reverse proxy (or load balancer) ends TLS and says so in X-Forwarded-Proto, which it
# must always set, overwriting anything the client sent. Everything else is redirected to HTTPS.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
# The health check is asked over plain HTTP from inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]
SECURE_HSTS_SECONDS = 31536000  # one year
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Cookies: HTTPS only; __Host- names cannot be set by a subdomain and are bound to this host.
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"  # Lax, not Strict: links from emails must arrive signed in
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True  # no script reads it: forms carry the token
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_NAME = "__Host-csrftoken"
LANGUAGE_COOKIE_SECURE = True

# Browsers upgrade any stray http:// subresource instead of loading it in the clear.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {**CONTENT_SECURITY_POLICY["DIRECTIVES"], "upgrade-insecure-requests": True}
}

# No check is silenced: every deploy warning is fixed, not hidden.
SILENCED_SYSTEM_CHECKS: list[str] = []
