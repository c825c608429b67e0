"""Settings shared by every environment, read through one django-environ reader.

dev.py, test.py and production.py change only what must differ. `.env.example` lists every
variable this file reads.
"""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
env_file = BASE_DIR / ".env"
if env_file.exists():
    env.read_env(str(env_file))

SECRET_KEY = env("SECRET_KEY", default="dev-only-not-secret")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# The landlord this installation serves: its name heads every page.
LANDLORD_NAME = env("LANDLORD_NAME", default="Riverside Homes")
LANDLORD_PHONE = env("LANDLORD_PHONE", default="0300 123 4567")
LANDLORD_EMAIL = env("LANDLORD_EMAIL", default="income@example.com")
LANDLORD_OPENING_HOURS = env("LANDLORD_OPENING_HOURS", default="Monday to Friday, 8am to 6pm")
SERVICE_NAME = env("SERVICE_NAME", default="Your rent account")

INSTALLED_APPS = [
    # Ours first, so our templates override third-party ones.
    "portal",
    "payments",
    "budgeting",
    "benefits_checker",
    "casework",
    "arrangements",
    "referrals",
    "cms",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "crispy_forms",
    "crispy_forms_gds",
    "formtools",
    "django_celery_beat",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",  # after sessions, before common (Welsh)
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "portal.security.SecurityHeadersMiddleware",
    "portal.security.ContentSecurityPolicyMiddleware",
    "portal.sessions.SessionTimeoutMiddleware",
    "portal.middleware.AdminAreaGuardMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.landlord",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
POSTGRES_ENGINES = ("django.db.backends.postgresql", "django.contrib.gis.db.backends.postgis")


def with_prepared_statements(database: dict) -> dict:
    """`database`, letting psycopg prepare the statements that ask for it (`prepare=True`: the
    dashboard's fingerprint, run on every visit, is then parsed and planned once a connection).

    Django turns preparing off altogether unless told, for the sake of connection poolers. Its
    own cursors bind on the client and never prepare, so nothing else changes: the threshold is
    too high for a statement to be prepared by being repeated. DATABASE_PREPARED_STATEMENTS=false
    turns it off again (PgBouncer before 1.21 in transaction mode)."""
    if database.get("ENGINE") in POSTGRES_ENGINES and env.bool(
        "DATABASE_PREPARED_STATEMENTS", default=True
    ):
        database.setdefault("OPTIONS", {})["prepare_threshold"] = 2**31 - 1
    return database


with_prepared_statements(DATABASES["default"])
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
# The tenant dashboard is served whole from the cache while nothing on it has changed
# (portal/dashboard_cache.py; PostgreSQL only). 0 turns it off. Each cache key below holds a
# version that, when it changes, retires every cached dashboard (cms.caching.GENERATION_KEY).
DASHBOARD_CACHE_SECONDS = env.int("DASHBOARD_CACHE_SECONDS", default=600)
DASHBOARD_CACHE_VERSION_KEYS = ["cms:content-generation"]

AUTH_USER_MODEL = "portal.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
# Argon2id at OWASP's minimum (portal/hashers.py): a tenth of PBKDF2's CPU per sign-in. PBKDF2
# stays second so existing hashes still verify; each is re-hashed with Argon2id at the next
# sign-in. The test settings use MD5 for speed. See docs/security.md, "Password hashing".
PASSWORD_HASHERS = [
    "portal.hashers.Argon2idPasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "portal:dashboard"

# django-allauth: email is the login, and it must be verified before use.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{LANDLORD_NAME}] "
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
}
ACCOUNT_FORMS = {
    "login": "portal.auth_forms.LoginForm",
    "signup": "portal.auth_forms.SignupForm",
    "reset_password": "portal.auth_forms.ResetPasswordForm",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = LANDLORD_NAME

# The idle and absolute limits are kept by portal.sessions on the server (see the security
# block below), so the session is saved only when something in it changes.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env("MEDIA_ROOT", default=str(BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="no-reply@example.com")

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

# Celery: with no broker configured, tasks run inline (the demo and the test suite).
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600),
}
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    "import-dropped-files": {
        "task": "portal.tasks.import_dropped_files",
        "schedule": env.int("HMS_DROP_POLL_SECONDS", default=300),
    },
}

# Files the housing management system drops for import.
HMS_DROP_DIR = env("HMS_DROP_DIR", default=str(BASE_DIR / "var" / "hms-drop"))

# Demo data (seed_demo) only: every demo login uses this password.
DEMO_PASSWORD = env("DEMO_PASSWORD", default="portal-demo-2026")

# Linking a login to a tenancy: wrong tries allowed in the window before linking locks.
TENANCY_LINK_MAX_FAILURES = 5
TENANCY_LINK_LOCK_SECONDS = 60 * 60

INCOME_OFFICER_GROUP = "Income officers"
EDITOR_GROUP = "Editors"

WAGTAIL_SITE_NAME = LANDLORD_NAME
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000")
# Wagtail's own login form would let a password alone into the admin: send people to allauth.
WAGTAILADMIN_LOGIN_URL = "account_login"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_SERVE_METHOD = "serve_view"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
    },
}

# ---------------------------------------------------------------------------------------------
# Payments (payments/): Stripe card payments, Bacs Direct Debit and the webhook inbox.
# Without STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET (the demo) the payment pages say card
# payments are not set up here and list PAYMENTS_OTHER_WAYS_TO_PAY instead. See docs/payments.md.
# ---------------------------------------------------------------------------------------------
from celery.schedules import crontab  # noqa: E402

STRIPE_SECRET_KEY = env("STRIPE_SECRET_KEY", default="")
STRIPE_PUBLISHABLE_KEY = env("STRIPE_PUBLISHABLE_KEY", default="")
# Comma-separated: while a signing secret is rolled, Stripe signs with both for up to 24 hours.
STRIPE_WEBHOOK_SECRETS = env.list("STRIPE_WEBHOOK_SECRET", default=[])
# Pinned: a webhook payload's shape follows its endpoint's API version; create it with this one.
STRIPE_API_VERSION = "2026-10-28.endive"
# Objects from the other mode are never credited (a test event cannot pay a live account).
STRIPE_LIVE_MODE = env.bool(
    "STRIPE_LIVE_MODE", default=STRIPE_SECRET_KEY.startswith(("sk_live_", "rk_live_"))
)
# Seconds to wait for Stripe's answer, per try. With the 1.5 s connection limit, two tries and
# stripe-python's 0.5 s back-off, a hung Stripe holds a page at most 9.5 s: under the 10 s of
# reliability check 29 (payments/stripe_client.py, tests/resilience/test_stripe_failures.py).
STRIPE_TIMEOUT_SECONDS = env.float("STRIPE_TIMEOUT_SECONDS", default=3)
# Stripe's API address; empty for Stripe's own. Set only for a local stand-in (stripe-mock, the
# load benchmark): the secret key is sent there.
STRIPE_API_BASE = env("STRIPE_API_BASE", default="")
# Signed timestamps further than this from our clock, either way, are refused (never 0).
STRIPE_WEBHOOK_TOLERANCE_SECONDS = 300
STRIPE_WEBHOOK_MAX_BYTES = 256 * 1024
PAYMENTS_MIN_PENCE = 100  # £1
PAYMENTS_MAX_PENCE = 1_000_000  # £10,000
PAYMENTS_CHECKOUT_EXPIRES_MINUTES = 60
PAYMENTS_RECONCILE_DAYS = 3  # Stripe retries a webhook for 3 days
PAYMENTS_UNMATCHED_ALERT_HOURS = 24
# Optional prefix for Bacs mandate references (needs Stripe's Custom Branding).
PAYMENTS_BACS_REFERENCE_PREFIX = env("PAYMENTS_BACS_REFERENCE_PREFIX", default="")
# Shown on the payment pages, always, and instead of them when Stripe is not set up.
PAYMENTS_OTHER_WAYS_TO_PAY = env.json(
    "PAYMENTS_OTHER_WAYS_TO_PAY",
    default=[
        {
            "heading": "By phone",
            "text": f"Call {LANDLORD_PHONE} ({LANDLORD_OPENING_HOURS}) and pay with a debit "
            "card. Have your account reference ready.",
        },
        {
            "heading": "At a Post Office or a PayPoint shop",
            "text": "Take your rent payment card to any Post Office, or a shop with the PayPoint "
            "sign. Ask us for a card if you do not have one.",
        },
        {
            "heading": "By bank transfer or standing order",
            "text": "Ask us for our bank details. Use your account reference as the payment "
            "reference so we know the money is yours.",
        },
    ],
)
CELERY_BEAT_SCHEDULE["payments-reconcile"] = {
    "task": "payments.tasks.reconcile",
    "schedule": crontab(hour=3, minute=15),
}
# Picks up inbox events whose processing was never queued (broker down) or found nothing yet.
CELERY_BEAT_SCHEDULE["payments-sweep-inbox"] = {
    "task": "payments.tasks.sweep_inbox",
    "schedule": env.int("PAYMENTS_SWEEP_SECONDS", default=600),
}

# ---------------------------------------------------------------------------------------------
# Budgeting (income and expenditure, budgeting/)
# ---------------------------------------------------------------------------------------------
# Priority debts owed at or above this (pence) show the route to free debt advice on the
# budget's result page, as a shortfall always does. Default £1,000.
BUDGET_ADVICE_PRIORITY_DEBT_PENCE = env.int("BUDGET_ADVICE_PRIORITY_DEBT_PENCE", default=100_000)

# ---------------------------------------------------------------------------------------------
# Content (cms/): Wagtail pages, site settings and search. See docs/content.md.
# ---------------------------------------------------------------------------------------------
INSTALLED_APPS += ["wagtail.contrib.table_block"]  # the advice pages' table block
# Site settings for every template: `landlord` (same keys as above, with the LANDLORD_* settings
# as the fallback for anything editors leave empty), `advice_lines`, `other_ways_to_pay`,
# `footer_links`, `phase_banner`. One read-only query per page, only when a template uses them.
TEMPLATES[0]["OPTIONS"]["context_processors"].append("cms.context_processors.site_content")
# Wagtail search with the database backend: PostgreSQL's full text search with English stemming
# ("paying" finds "pay") in production and CI, SQLite's FTS5 in the demo and local tests.
if DATABASES["default"].get("ENGINE") in POSTGRES_ENGINES:
    WAGTAILSEARCH_BACKENDS = {
        "default": {"BACKEND": "wagtail.search.backends.database", "SEARCH_CONFIG": "english"}
    }
else:
    WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}

# --- Benefits and grants check (benefits_checker) ----------------------------------------------
# Where this landlord's homes are, for the benefit cap (London or elsewhere), the nation's rules
# (england, wales or scotland) and the grants catalogue's tenure criteria
# (council or housing_association).
BENEFITS_LONDON = env.bool("BENEFITS_LONDON", default=False)
BENEFITS_NATION = env("BENEFITS_NATION", default="england")
BENEFITS_LANDLORD_TENURE = env("BENEFITS_LANDLORD_TENURE", default="housing_association")

# --- Officer casework (casework/) --------------------------------------------------------------
# How long each kind of work item may wait before it is overdue, in hours.
CASEWORK_SERVICE_LEVEL_HOURS = {
    "default": 5 * 24,
    "plan_decision": 2 * 24,
    "plan_broken": 3 * 24,
    "direct_debit_failed": 2 * 24,
    "payment_dispute": 2 * 24,
    "referral_review": 1 * 24,
    "referral_undelivered": 1 * 24,
    "consent_withdrawn": 1 * 24,
    "import_failed": 4,
}
CASEWORK_QUEUE_PAGE_SIZE = 25

# --- Welsh (cms/, locale/): wagtail-localize and the portal's own translations -----------------
# The portal's own pages keep their paths (the URL map) and switch language by a cookie that
# /language/<code>/ sets (the switcher in the header); Wagtail pages follow the same cookie (the
# Welsh home page is a translation of the English one, a sibling under the tree root). With no
# cookie, LocaleMiddleware follows the browser's Accept-Language. See docs/content.md.
INSTALLED_APPS += ["wagtail_localize", "wagtail_localize.locales"]  # replaces wagtail.locales
WAGTAIL_I18N_ENABLED = True
LANGUAGES = WAGTAIL_CONTENT_LANGUAGES = [("en-gb", "English"), ("cy", "Cymraeg")]
# Ours first: it also carries Welsh for allauth's sign-in and sign-up words (allauth has none).
# `makemessages -l cy` writes only to locale/ (the first path); locale/third_party/ is by hand.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale" / "third_party"]
LANGUAGE_COOKIE_NAME = "portal_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = env.bool("LANGUAGE_COOKIE_SECURE", default=not DEBUG)

# --- Security (portal/security.py, portal/sessions.py, portal/auth_audit.py) ------------------
# Headers, the Content-Security-Policy, session timeouts and sign-in limits. production.py adds
# HTTPS-only settings (HSTS, secure __Host- cookies). See docs/security.md.
INSTALLED_APPS += ["csp"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Strict: our own files only, no inline script or style anywhere. Card and Direct Debit set-up
# leave the site through a redirect to Stripe Checkout after our own form posts, so form-action
# names Checkout; nothing else of Stripe's is loaded. The TOTP QR code is a data: image.
# portal.security.ContentSecurityPolicyMiddleware relaxes style-src for /cms-admin/ only.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'", "https://checkout.stripe.com"],
        "frame-ancestors": ["'none'"],
    }
}
# Sessions: signed out after 30 minutes without a request, and 12 hours after signing in
# whatever happens (portal.sessions.SessionTimeoutMiddleware keeps both times in the session).
# The cookie lives as long as the absolute limit so the server, not the browser, decides, and can
# say "you were signed out" on the sign-in page. Pages warn 2 minutes before (WCAG 2.2.1).
SESSION_IDLE_TIMEOUT_SECONDS = 30 * 60
SESSION_ABSOLUTE_TIMEOUT_SECONDS = 12 * 60 * 60
SESSION_TIMEOUT_WARNING_SECONDS = 2 * 60
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_TIMEOUT_SECONDS
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Sign-in limits (ACCOUNT_RATE_LIMITS, above) count per client IP address. X-Forwarded-For is
# trusted only for the proxies we run: 0 (the default) ignores it and uses REMOTE_ADDR; behind
# one reverse proxy that appends the client's address, set TRUSTED_PROXY_COUNT=1.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env("TRUSTED_CLIENT_IP_HEADER", default=None)
# allauth's adapter with audit events for failed and rate-limited sign-ins (no signal for those).
ACCOUNT_ADAPTER = "portal.auth_audit.AccountAdapter"
# Adding, removing or switching email addresses asks for the password again (ASVS 7.5.1);
# allauth.mfa already does for turning MFA on or off.
ACCOUNT_REAUTHENTICATION_REQUIRED = True
# Wagtail's admin would load editors' pictures from gravatar.com: that tells a third party who
# is signed in (a hash of their email) and needs an img-src exception. Initials instead.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# --- Citizens Advice referrals (referrals/) ----------------------------------------------------
# How referrals reach Citizens Advice: a class with `send(referral, snapshot)` (docs/referrals.md).
REFERRALS_CHANNEL = env("REFERRALS_CHANNEL", default="referrals.channels.EmailChannel")
# The local Citizens Advice office's referral address (the email channel sends here).
REFERRALS_OFFICE_EMAIL = env("REFERRALS_OFFICE_EMAIL", default="referrals@citizensadvice.example")
# Delivery retries: after this many retries (backoff doubling from the base) the referral goes
# back to the officer as "not delivered".
REFERRALS_MAX_RETRIES = env.int("REFERRALS_MAX_RETRIES", default=5)
REFERRALS_RETRY_BASE_SECONDS = env.int("REFERRALS_RETRY_BASE_SECONDS", default=60)
# Days after delivery (or after a referral ends undelivered) that its snapshot is deleted.
REFERRALS_SNAPSHOT_RETENTION_DAYS = env.int("REFERRALS_SNAPSHOT_RETENTION_DAYS", default=90)
# Arrears (pence, across the tenancy's accounts) at which the dashboard offers a referral.
REFERRALS_LARGE_ARREARS_PENCE = env.int("REFERRALS_LARGE_ARREARS_PENCE", default=50_000)
CELERY_BEAT_SCHEDULE["referrals-purge-snapshots"] = {
    "task": "referrals.tasks.purge_snapshots",
    "schedule": crontab(hour=2, minute=40),
}
# Queues again any referral left `sending` with no try (broker down when the officer sent it).
CELERY_BEAT_SCHEDULE["referrals-requeue-stalled"] = {
    "task": "referrals.tasks.requeue_stalled",
    "schedule": crontab(minute=25),
}

# --- Privacy and resilience (portal/privacy.py, <app>/personal_data.py, portal/cache.py) --------
# How long personal data with a fixed period is kept, in days (docs/privacy.md). The daily task
# portal.tasks.personal_data_retain deletes (or, for Stripe's messages, strips) what is older.
PRIVACY_RETENTION_DAYS_BUDGET = env.int("PRIVACY_RETENTION_DAYS_BUDGET", default=730)
PRIVACY_RETENTION_DAYS_BENEFITS_CHECK = env.int(
    "PRIVACY_RETENTION_DAYS_BENEFITS_CHECK", default=365
)
PRIVACY_RETENTION_DAYS_LINK_ATTEMPT = env.int("PRIVACY_RETENTION_DAYS_LINK_ATTEMPT", default=90)
PRIVACY_RETENTION_DAYS_STRIPE_EVENT_PAYLOAD = env.int(
    "PRIVACY_RETENTION_DAYS_STRIPE_EVENT_PAYLOAD", default=400
)
PRIVACY_RETENTION_DAYS_VULNERABILITY_FLAG_CLEARED = env.int(
    "PRIVACY_RETENTION_DAYS_VULNERABILITY_FLAG_CLEARED", default=365
)
CELERY_BEAT_SCHEDULE["personal-data-retain"] = {
    "task": "portal.tasks.personal_data_retain",
    "schedule": crontab(hour=2, minute=10),
}
# A redis:// CACHE_URL gets a cache that treats Redis being down as a miss (portal/cache.py), so
# pages render from PostgreSQL while Redis is away. Set on django-environ's table of schemes, so
# every settings module that reads CACHE_URL after this (test.py, production.py) gets it too.
environ.Env.CACHE_SCHEMES.update(
    {
        "redis": "portal.cache.FailureTolerantRedisCache",
        "rediss": "portal.cache.FailureTolerantRedisCache",
    }
)
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}

# --- Payment plans (arrangements/) ---------------------------------------------------------------
# Days after each payment's due date before it counts as missed ("we allow 5 days for payments
# to clear"); Hackney's AGREEMENT_BREACH_TOLERANCE_DAYS. See docs/arrangements.md.
ARRANGEMENTS_GRACE_DAYS = env.int("ARRANGEMENTS_GRACE_DAYS", default=5)
# Direct Debit instalments are sent to Stripe this many days before they fall due (Bacs takes
# about 3 working days).
ARRANGEMENTS_DD_LEAD_DAYS = env.int("ARRANGEMENTS_DD_LEAD_DAYS", default=7)
CELERY_BEAT_SCHEDULE["arrangements-monitor"] = {
    "task": "arrangements.tasks.monitor_plans",
    "schedule": crontab(hour=6, minute=30),
}
CELERY_BEAT_SCHEDULE["arrangements-collect"] = {
    "task": "arrangements.tasks.collect_instalments",
    "schedule": crontab(hour=5, minute=45),
}
CELERY_BEAT_SCHEDULE["arrangements-resend-notices"] = {
    "task": "arrangements.tasks.resend_unsent_notices",
    "schedule": crontab(minute=20),
}
