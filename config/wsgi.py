"""WSGI entry point, used by gunicorn in production."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")

application = get_wsgi_application()

# gunicorn runs no system checks: log the ones about how the server is started.
from config.security import log_startup_warnings  # noqa: E402

log_startup_warnings()
