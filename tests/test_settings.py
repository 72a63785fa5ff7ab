import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def test_check_deploy_is_clean_under_production_settings():
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING",
        DJANGO_SETTINGS_MODULE="config.settings.base",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="kq3-8w!v1x@z#p0s9t7u6r5e4w3q2a1s0d9f8g7h6j5k4l3z2x1c0v9b8n7m6",
        DJANGO_ALLOWED_HOSTS="claims.example.org",
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage("check", DJANGO_SETTINGS_MODULE="config.settings.base", DJANGO_DEBUG="0")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


SHOW_SETTINGS = (
    "from django.conf import settings as s; "
    "db = s.DATABASES['default']; "
    "print(db['ENGINE']); print(db['NAME']); print(db.get('CONN_MAX_AGE')); "
    "print(db.get('OPTIONS', {}).get('init_command', '')); "
    "print(','.join(s.ALLOWED_HOSTS)); print(s.DEBUG); "
    "print(s.STORAGES['staticfiles']['BACKEND'])"
)


def show_settings(**env: str) -> list[str]:
    result = run_manage("shell", "-c", SHOW_SETTINGS, **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-7:]


def test_default_database_is_a_sqlite_file_in_the_project_in_wal_mode():
    engine, name, _, init, hosts, debug, _ = show_settings(
        DJANGO_SETTINGS_MODULE="config.settings.base", DATABASE_URL="", DJANGO_DEBUG="1"
    )
    assert engine == "django.db.backends.sqlite3"
    assert name == str(ROOT / "claimtrack.sqlite3")
    assert "journal_mode=WAL" in init
    assert (hosts, debug) == ("*", "True")


def test_production_settings_come_from_the_environment():
    engine, name, max_age, _, hosts, debug, storage = show_settings(
        DJANGO_SETTINGS_MODULE="config.settings.base",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="kq3-8w!v1x@z#p0s9t7u6r5e4w3q2a1s0d9f8g7h6j5k4l3z2x1c0v9b8n7m6",
        DJANGO_ALLOWED_HOSTS="claims.example.org, www.claims.example.org",
        DATABASE_URL="postgres://claims:pw@db.internal:5432/claimtrack",
        CONN_MAX_AGE="120",
    )
    assert (engine, name, max_age) == ("config.backends.postgresql", "claimtrack", "120")
    assert hosts == "claims.example.org,www.claims.example.org"
    assert debug == "False"
    assert storage == "whitenoise.storage.CompressedManifestStaticFilesStorage"


def test_empty_variables_mean_the_default_and_bad_numbers_are_named():
    engine, _, max_age, *_ = show_settings(
        DJANGO_SETTINGS_MODULE="config.settings.base",
        DATABASE_URL="",
        CONN_MAX_AGE="",
        DJANGO_DEBUG="1",
    )
    assert (engine, max_age) == ("django.db.backends.sqlite3", "60")  # the default, kept
    result = run_manage(
        "check", DJANGO_SETTINGS_MODULE="config.settings.base", CONN_MAX_AGE="1m", DJANGO_DEBUG="1"
    )
    assert result.returncode != 0
    assert "CONN_MAX_AGE must be a whole number, not '1m'" in result.stderr


def run_python(code: str, **env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def test_the_server_runs_with_debug_off_unless_asked_for():
    # gunicorn loads config.wsgi: without DJANGO_DEBUG it must not show tracebacks,
    # so it needs a real secret.
    result = run_python("import config.wsgi", DJANGO_SETTINGS_MODULE="config.settings.base")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off" in result.stderr
    result = run_python(
        "import config.wsgi; from django.conf import settings; print(settings.DEBUG)",
        DJANGO_SETTINGS_MODULE="config.settings.base",
        DJANGO_SECRET_KEY="kq3-8w!v1x@z#p0s9t7u6r5e4w3q2a1s0d9f8g7h6j5k4l3z2x1c0v9b8n7m6",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "False"


def test_manage_py_is_a_development_tool_with_debug_on_unless_told_otherwise():
    *_, debug, _ = show_settings(DJANGO_SETTINGS_MODULE="config.settings.base")
    assert debug == "True"
    *_, debug, _ = show_settings(
        DJANGO_SETTINGS_MODULE="config.settings.base",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="kq3-8w!v1x@z#p0s9t7u6r5e4w3q2a1s0d9f8g7h6j5k4l3z2x1c0v9b8n7m6",
    )
    assert debug == "False"


def test_several_workers_with_the_local_memory_cache_are_warned_about_throttles():
    result = run_manage(
        "check", DJANGO_SETTINGS_MODULE="config.settings.base", DJANGO_DEBUG="1",
        WEB_CONCURRENCY="4", CACHE_URL="",
    )  # fmt: skip
    assert result.returncode == 0
    assert "claimtrack.W001" in result.stderr and "CACHE_URL=redis://" in result.stderr
    for env in ({"WEB_CONCURRENCY": "1", "CACHE_URL": ""},
                {"WEB_CONCURRENCY": "4", "CACHE_URL": "redis://127.0.0.1:6379/0"}):  # fmt: skip
        result = run_manage(
            "check", DJANGO_SETTINGS_MODULE="config.settings.base", DJANGO_DEBUG="1", **env
        )
        assert "claimtrack.W001" not in result.stdout + result.stderr


def test_gunicorn_workers_log_the_throttle_warning_at_start_up():
    result = subprocess.run(
        [sys.executable, "-c", "import config.wsgi"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
        env={**{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
             "DJANGO_DEBUG": "1", "WEB_CONCURRENCY": "3", "CACHE_URL": ""},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "each worker counts the API's rate limits on its own" in result.stderr


def test_pages_are_kept_under_versions_only_with_a_shared_cache():
    show = "from django.conf import settings as s; print(s.CLAIMTRACK_SHARED_PAGE_CACHE)"
    cases = {
        "": "False",
        "locmem://": "False",
        "dummy://": "False",
        "redis://127.0.0.1:6379/0": "True",
    }
    for cache_url, expected in cases.items():
        result = run_manage("shell", "-v0", "-c", show, DJANGO_DEBUG="1", CACHE_URL=cache_url)
        assert result.stdout.split() == [expected], (cache_url, result.stderr)
    # Said explicitly, it wins (a shared cache that is not Redis, or Redis not shared).
    result = run_manage(
        "shell", "-v0", "-c", show, DJANGO_DEBUG="1", CACHE_URL="redis://127.0.0.1:6379/0",
        CLAIMTRACK_SHARED_PAGE_CACHE="0",
    )  # fmt: skip
    assert result.stdout.split() == ["False"]


def test_sessions_are_read_from_the_cache_only_when_it_is_shared():
    show = "from django.conf import settings as s; print(s.SESSION_ENGINE)"
    cases = {
        "": "django.contrib.sessions.backends.db",
        "locmem://": "django.contrib.sessions.backends.db",
        "dummy://": "django.contrib.sessions.backends.db",
        "redis://127.0.0.1:6379/0": "django.contrib.sessions.backends.cached_db",
    }
    for cache_url, expected in cases.items():
        result = run_manage("shell", "-v0", "-c", show, DJANGO_DEBUG="1", CACHE_URL=cache_url)
        assert result.stdout.split() == [expected], (cache_url, result.stderr)


def test_postgresql_prepares_often_run_statements_unless_told_not_to():
    show = (
        "from django.conf import settings as s; o = s.DATABASES['default']['OPTIONS'];"
        " print(o.get('server_side_binding'), o.get('prepare_threshold'))"
    )
    url = "postgres://postgres@127.0.0.1:5432/claimtrack"
    result = run_manage("shell", "-v0", "-c", show, DJANGO_DEBUG="1", DATABASE_URL=url)
    assert result.stdout.split() == ["True", "5"], result.stderr
    result = run_manage(
        "shell", "-v0", "-c", show, DJANGO_DEBUG="1", DATABASE_URL=url,
        DATABASE_SERVER_SIDE_BINDING="0",
    )  # fmt: skip
    assert result.stdout.split() == ["None", "None"], result.stderr
