"""Claimtrack settings.

One module for every environment: production differs only through environment
variables (DJANGO_SECRET_KEY, DJANGO_DEBUG, DJANGO_ALLOWED_HOSTS, DATABASE_URL,
CONN_MAX_AGE, ...). Tests use ``config.settings.test`` on top of this.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
import dj_email_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# ------------------------------------------------------------------------------
# Core
# ------------------------------------------------------------------------------
# Off unless asked for: a server started without DJANGO_DEBUG must not show tracebacks
# or the URL conf. `make run` and the test settings turn it on.
DEBUG = env_bool("DJANGO_DEBUG", False)

_INSECURE_KEY = "django-insecure-claimtrack-development-key-do-not-use-in-production"
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off (the default). For "
            "development set DJANGO_DEBUG=1, as make run does."
        )
    SECRET_KEY = _INSECURE_KEY

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost" if not DEBUG else "*")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

# ------------------------------------------------------------------------------
# Apps
# ------------------------------------------------------------------------------
DJANGO_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
]
THIRD_PARTY_APPS = [
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "axes",
    "csp",
]
LOCAL_APPS = [
    "articles",
    "claims",
]
INSTALLED_APPS = DJANGO_APPS + THIRD_PARTY_APPS + LOCAL_APPS

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "config.csp.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    # Before anything reads the query string: a NUL byte in it is a 400, not a database error.
    "config.security.RefuseNulBytesMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # An anonymous repeat visit of a public page, answered from the shared cache
    # before sessions, CSRF and authentication (only with CLAIMTRACK_SHARED_PAGE_CACHE).
    "claims.public.caching.CachedPageMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "config.security.AdminFilterErrorsMiddleware",
    "config.busy.DatabaseBusyMiddleware",  # issue 16: a locked database is a 503, not a 500
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a locked-out log-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

_CONTEXT_PROCESSORS = [
    "django.template.context_processors.request",
    "django.contrib.auth.context_processors.auth",
    "django.contrib.messages.context_processors.messages",
    "config.context_processors.site",
    "csp.context_processors.nonce",
]
TEMPLATES = [
    # The public and review pages, the log-in and error pages (config/jinja2.py).
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": False,
        "OPTIONS": {
            "environment": "config.jinja2.environment",
            "context_processors": _CONTEXT_PROCESSORS,
        },
    },
    # The admin, the API's docs page and Django's own apps, with our overrides.
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates" / "django"],
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": _CONTEXT_PROCESSORS},
    },
]

# ------------------------------------------------------------------------------
# Database
# ------------------------------------------------------------------------------
CONN_MAX_AGE = env_int("CONN_MAX_AGE", 60)
DATABASES = {
    # An empty DATABASE_URL (as .env files and compose files often leave it) means unset.
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'claimtrack.sqlite3'}",
        conn_max_age=CONN_MAX_AGE,
        conn_health_checks=CONN_MAX_AGE > 0,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while a writer commits; IMMEDIATE avoids
    # "database is locked" when two requests upgrade a read to a write.
    # A writer waits up to DATABASE_LOCK_TIMEOUT seconds for the lock, then its
    # request answers 503 with Retry-After (config.busy), never 500.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": env_int("DATABASE_LOCK_TIMEOUT", 5),
    }
    # A connection is kept as on PostgreSQL: opening one and running its pragmas cost
    # about a millisecond of every request. No health check: a file does not drop.
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = False
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A page's queries are short: compiling one to machine code (JIT) took longer than
    # running it, up to half a second on public pages at a million claims.
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options["options"] = f"{_options.get('options', '')} -c jit=off".strip()
    if os.environ.get("DATABASE_LOCK_TIMEOUT"):
        # A write waits this long for a row or table lock, then answers 503 (config.busy).
        _lock_seconds = env_int("DATABASE_LOCK_TIMEOUT", 0)
        _options["options"] += f" -c lock_timeout={_lock_seconds * 1000}"
    # Parameters bound by the server, so psycopg prepares a statement a connection runs
    # often (the pages' reads) and the server stops planning it again: planning cost more
    # than running on the claim page. DATABASE_SERVER_SIDE_BINDING=0 for a pooler in
    # transaction mode that cannot keep prepared statements.
    if env_bool("DATABASE_SERVER_SIDE_BINDING", True):
        _options.update(server_side_binding=True, prepare_threshold=5)
    # Django's backend, with a health check that makes no round trip while the kept
    # connection is idle and the server has sent nothing (config/backends/postgresql).
    DATABASES["default"]["ENGINE"] = "config.backends.postgresql"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# ------------------------------------------------------------------------------
# Cache
# ------------------------------------------------------------------------------
# Local memory by default; CACHE_URL=redis://127.0.0.1:6379/0 shares one cache
# between several app servers behind a load balancer.
CACHE_URL = os.environ.get("CACHE_URL", "")
if CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {
        "default": {
            # Django's, keeping one Redis client per connection pool (config.cache).
            "BACKEND": "config.cache.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": "claimtrack",
            "TIMEOUT": 300,
        }
    }
elif CACHE_URL in ("", "locmem://"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "claimtrack",
            "TIMEOUT": 300,
            # Django's default of 300 entries is a few dozen pages once the queue
            # counts and event fingerprints are in: keep a busy day's pages.
            "OPTIONS": {"MAX_ENTRIES": env_int("CACHE_MAX_ENTRIES", 20_000)},
        }
    }
elif CACHE_URL == "dummy://":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
else:
    raise ImproperlyConfigured(
        f"Unsupported CACHE_URL {CACHE_URL!r}: use redis://, locmem:// or dummy://"
    )

# Public pages kept under versions that every write bumps in the cache
# (claims.page_versions): a cached visit or a 304 then reads no database. Only
# right when every app server shares the cache, so on by default with Redis; with
# local memory each process would miss the others' bumps, and pages keep reading a
# database fingerprint instead.
CLAIMTRACK_SHARED_PAGE_CACHE = env_bool(
    "CLAIMTRACK_SHARED_PAGE_CACHE", CACHES["default"]["BACKEND"].endswith(".RedisCache")
)

# With a shared cache, sessions are read from it and written through to the
# database (they outlive a flush of the cache): a signed-in page then skips the
# session query. Not with local memory: a log-out in one process would leave the
# session alive in the other processes' copies.
if CACHES["default"]["BACKEND"].endswith(".RedisCache"):
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# ------------------------------------------------------------------------------
# Auth
# ------------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# django-axes first: it refuses a locked-out username+address before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/review/"
LOGOUT_REDIRECT_URL = "/"

# ------------------------------------------------------------------------------
# Internationalisation
# ------------------------------------------------------------------------------
LANGUAGE_CODE = "en-us"
TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

# ------------------------------------------------------------------------------
# Static files
# ------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# ------------------------------------------------------------------------------
# Security (default-on; production values when DEBUG is off)
# ------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # the review page's small scripts read it for fetch()
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)
    SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)
    if env_bool("DJANGO_BEHIND_PROXY", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# ------------------------------------------------------------------------------
# E-mail (notifications)
# ------------------------------------------------------------------------------
# EMAIL_URL picks the backend: unset prints mail on the console; smtp://user:pass@host:587/?tls=True
# (or submission://, smtp+ssl://) sends it. Parsed by dj-email-url.
EMAIL_URL = os.environ.get("EMAIL_URL", "")
if EMAIL_URL:
    _email = dj_email_url.parse(EMAIL_URL)
    EMAIL_BACKEND = _email["EMAIL_BACKEND"]
    EMAIL_HOST = _email["EMAIL_HOST"]
    EMAIL_PORT = _email["EMAIL_PORT"]
    EMAIL_HOST_USER = _email["EMAIL_HOST_USER"]
    EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_PASSWORD"]
    EMAIL_USE_TLS = _email["EMAIL_USE_TLS"]
    EMAIL_USE_SSL = _email["EMAIL_USE_SSL"]
    EMAIL_FILE_PATH = _email["EMAIL_FILE_PATH"]
    # A mail server that does not answer must not hold a reviewer's request for long.
    EMAIL_TIMEOUT = _email["EMAIL_TIMEOUT"] or env_int("EMAIL_TIMEOUT", 10)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Claimtrack <claimtrack@localhost>")
# Links in e-mails need the site's address: requests are not at hand when mail is sent.
CLAIMTRACK_SITE_URL = os.environ.get("CLAIMTRACK_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# ------------------------------------------------------------------------------
# Logging
# ------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}

# ------------------------------------------------------------------------------
# Django REST Framework
# ------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: its WWW-Authenticate header turns "not logged in" into a 401.
        "claims.api.errors.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # Deny by default: every API view names who may use it (claims.api.views).
    "DEFAULT_PERMISSION_CLASSES": ["claims.api.errors.DenyAll"],
    # JSONRenderer's bytes, written by orjson.
    "DEFAULT_RENDERER_CLASSES": ["claims.api.renderers.OrjsonRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    # Per-period counters: a check costs the same at any rate (claims.api.throttles).
    "DEFAULT_THROTTLE_CLASSES": [
        "claims.api.throttles.AnonRateThrottle",
        "claims.api.throttles.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("CLAIMTRACK_API_ANON_RATE", "60/minute"),
        "user": os.environ.get("CLAIMTRACK_API_USER_RATE", "600/minute"),
    },
    # Behind one reverse proxy, throttle by the client address it forwards.
    "NUM_PROXIES": 1 if env_bool("DJANGO_BEHIND_PROXY", False) else None,
    "EXCEPTION_HANDLER": "claims.api.errors.api_exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Claimtrack API",
    "DESCRIPTION": (
        "Articles, claims, claimants, sources and published verdicts, read by anyone; "
        "reviewers and editors also work through it.\n\n"
        "Authenticate with `Authorization: Token <key>` (or `Bearer <key>`; create a key with "
        "`python manage.py create_api_token USER`) or with the browser session. "
        "Anonymous callers see only claims with a published verdict. Lists use cursor "
        "pagination: follow `next` and `previous`. Every error has the same JSON body: "
        "`detail`, `code` and, for invalid input, `errors`."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v[0-9]+",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "SourceFormatEnum": "articles.models.Article.SourceFormat",
        "ClaimKindEnum": "claims.models.Claim.Kind",
        "ClaimStatusEnum": "claims.models.Claim.Status",
        "ClaimantKindEnum": "claims.models.Claimant.Kind",
        "SourceKindEnum": "claims.models.Source.Kind",
        "VerdictStatusEnum": "claims.models.Verdict.Status",
        "VerdictRatingEnum": "claims.models.Verdict.Rating",
    },
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# ------------------------------------------------------------------------------
# Claimtrack
# ------------------------------------------------------------------------------
# The organization that publishes the fact-checks (ClaimReview "author").
CLAIMTRACK_PUBLISHER_NAME = os.environ.get("CLAIMTRACK_PUBLISHER_NAME", "Claimtrack Desk")
CLAIMTRACK_PUBLISHER_URL = os.environ.get("CLAIMTRACK_PUBLISHER_URL", "https://example.org/")
# Largest article file the importer accepts, in bytes.
CLAIMTRACK_MAX_IMPORT_BYTES = env_int("CLAIMTRACK_MAX_IMPORT_BYTES", 2 * 1024 * 1024)
# A request body may carry an article several times its size (JSON escapes every
# non-ASCII character as \uXXXX; a form encodes it): let the importer's own limit,
# with its clear message, be the one that refuses an article.
DATA_UPLOAD_MAX_MEMORY_SIZE = 6 * CLAIMTRACK_MAX_IMPORT_BYTES + 512 * 1024

# --- Import by URL (articles.fetching) -----------------------------------------
# Hosts, addresses or networks (comma-separated: "intranet.example,10.1.0.0/16")
# that may be fetched although they are local or private; everything else on the
# machine, the office network and the cloud metadata service is refused.
CLAIMTRACK_FETCH_ALLOW = env_list("CLAIMTRACK_FETCH_ALLOW", "")
# Seconds to wait for a server to connect or send the next bytes (the whole
# page must arrive within three times that).
CLAIMTRACK_FETCH_TIMEOUT = float(env_int("CLAIMTRACK_FETCH_TIMEOUT", 10))

# ------------------------------------------------------------------------------
# Background jobs (Celery; config/celery.py, articles/tasks.py)
# ------------------------------------------------------------------------------
# Unset: every job runs inline in the request or command, as without Celery.
# Set (redis://127.0.0.1:6379/0): jobs are queued and `make worker` runs them.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND", "") or CELERY_BROKER_URL or None
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_RESULT_EXPIRES = 24 * 60 * 60
# Jobs are idempotent: one a worker died in the middle of is run again, not lost.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
# `celery beat` polls the feeds this often (or use the cron line in the README).
CLAIMTRACK_FEED_POLL_MINUTES = env_int("CLAIMTRACK_FEED_POLL_MINUTES", 5)
CELERY_BEAT_SCHEDULE = {
    "poll-feeds": {
        "task": "articles.tasks.poll_all_feeds",
        "schedule": CLAIMTRACK_FEED_POLL_MINUTES * 60.0,
    },
}

# ------------------------------------------------------------------------------
# Hardening: log-in throttling, content security policy, permissions policy
# ------------------------------------------------------------------------------
# django-axes counts failed log-ins per username *and* address (site log-in and
# admin log-in alike; the API takes tokens, never passwords) in the database, so
# every worker sees the same count. The tenth wrong password in a row locks that
# username from that address for the cool-off; each further try restarts it. An
# admin unlocks early by deleting the attempt in the admin ("Access attempts") or
# with `manage.py axes_reset_username USER`.
AXES_FAILURE_LIMIT = env_int("CLAIMTRACK_LOGIN_FAILURE_LIMIT", 10)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("CLAIMTRACK_LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "config.security.lockout_response"
AXES_CLIENT_IP_CALLABLE = "config.security.client_ip"

# django-csp: nothing inline runs or styles a page without the request's nonce.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}
# Nothing here uses the camera, the microphone, location or payments: say so.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}

# ---- issue 16: bounded imports ------------------------------------------------------
# Candidates proposed per article, the first in reading order; the import reports
# how many more it skipped. Keeps any accepted file to seconds and megabytes.
CLAIMTRACK_MAX_CANDIDATES = env_int("CLAIMTRACK_MAX_CANDIDATES", 1000)
# Places a claim may be (figures, casualty words, reporting verbs) per article: the
# extractor's work grows with them. Over this the importer refuses the article.
CLAIMTRACK_MAX_CLAIM_SIGNALS = env_int("CLAIMTRACK_MAX_CLAIM_SIGNALS", 10_000)
# HTML deeper than this is refused before parsing (real pages nest a few dozen levels).
CLAIMTRACK_MAX_HTML_DEPTH = env_int("CLAIMTRACK_MAX_HTML_DEPTH", 500)
# ---- end issue 16 -------------------------------------------------------------------
