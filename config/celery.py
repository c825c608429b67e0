"""The Celery app. Settings come from Django's settings under the CELERY_ namespace.

With no CELERY_BROKER_URL, tasks run inline in the web process (the demo and most tests);
with one, they go to the broker for a worker to run.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
