"""Settings for the test suite: fast hashing, in-memory SQLite unless DATABASE_URL is set."""

import os

os.environ.setdefault("DJANGO_DEBUG", "1")

from .base import *  # noqa: F403
from .base import DATABASES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
if DATABASES["default"]["ENGINE"] == "config.backends.postgresql":
    DATABASES["default"]["TEST"] = {"NAME": "test_" + DATABASES["default"]["NAME"]}
    DATABASES["default"]["CONN_MAX_AGE"] = 0
# The Celery worker tests (.ci/run) name the test database, so a worker started
# beside pytest works in the same one (a file for SQLite, not memory).
if os.environ.get("CLAIMTRACK_TEST_DATABASE_NAME"):
    DATABASES["default"]["TEST"] = {"NAME": os.environ["CLAIMTRACK_TEST_DATABASE_NAME"]}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
