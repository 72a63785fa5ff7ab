"""The Celery app: background jobs (imports, claim extraction, regrouping, feed polls).

With ``CELERY_BROKER_URL`` set (Redis: ``redis://127.0.0.1:6379/0``), jobs go to
the broker and ``make worker`` runs them; without it every job runs inline, in
the request or command that asked for it, as if there were no Celery at all.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")

app = Celery("claimtrack")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
