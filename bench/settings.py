"""Settings for the page benchmark: production settings plus one trivial view to compare with."""

from config.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
SECURE_SSL_REDIRECT = False
