"""The test suite: fast hashing, in-memory email, plain static storage.

DATABASE_URL and CELERY_BROKER_URL from the environment still apply, so CI runs the same tests
on PostgreSQL and Redis. Tasks run inline unless a test starts a real worker.
"""

from .base import *  # noqa: F403
from .base import env

SECRET_KEY = "test-only-not-secret"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
# Off, so no test sees a page another request cached; tests/portal/test_dashboard_cache.py
# turns it on.
DASHBOARD_CACHE_SECONDS = 0
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)  # worker test: false
CELERY_TASK_EAGER_PROPAGATES = True
# Rate limits are tested on their own; elsewhere they would make tests depend on each other.
ACCOUNT_RATE_LIMITS = False
WAGTAILADMIN_BASE_URL = "http://testserver"
LOGGING = {"version": 1, "disable_existing_loggers": False}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
