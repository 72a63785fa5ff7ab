# Claimtrack — every task from a fresh clone. Needs only Python 3.11 and make.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
# Two stamps: serving needs only the runtime packages; tests and linters add the dev extra.
CHECKSUM := $(shell cat pyproject.toml | cksum | cut -d' ' -f1)
STAMP := $(VENV)/.installed-$(CHECKSUM)
DEV_STAMP := $(VENV)/.installed-dev-$(CHECKSUM)
HOST ?= 127.0.0.1
PORT ?= 8000
# DJANGO_DEBUG defaults to off for the servers (gunicorn shows no tracebacks without it);
# the development targets turn it on unless it is set.
DEV := DJANGO_DEBUG=$${DJANGO_DEBUG:-1}

.PHONY: help install install-dev run test lint format migrate demo eval bench serve worker clean
.DEFAULT_GOAL := help

help:
	@echo "make run     set up .venv, migrate, load the demo article and log-ins, serve on http://$(HOST):$(PORT)/"
	@echo "make test    set up .venv, run ruff and the whole test suite"
	@echo "make format  fix lint and formatting;  make serve  production server (gunicorn)"
	@echo "make eval    extraction quality;  make bench  load test;  make clean  remove .venv"
	@echo "make worker  background jobs on Celery (needs CELERY_BROKER_URL, e.g. redis://127.0.0.1:6379/0)"

$(PY):
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null || \
		(echo "Claimtrack needs Python 3.11: install it, or run make PYTHON=/path/to/python3.11" && exit 1)
	$(PYTHON) -m venv $(VENV)

# Runtime only (make run, make serve): the dependencies listed in pyproject.toml and no
# test tools. The app runs from this checkout, so nothing is built (and no build tool talks).
$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -c 'import tomllib; print("\n".join(tomllib.load(open("pyproject.toml", "rb"))["project"]["dependencies"]))' > $(VENV)/requirements.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r $(VENV)/requirements.txt
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

# Runtime plus the dev extra (make test, lint, format, eval, bench).
$(DEV_STAMP): $(STAMP)
	$(PY) -m pip install --quiet --disable-pip-version-check -e ".[dev]"
	touch $(DEV_STAMP)

install: $(STAMP)

install-dev: $(DEV_STAMP)

migrate: install
	$(DEV) $(PY) manage.py migrate --noinput

demo: migrate
	$(DEV) $(PY) manage.py load_demo

run: demo
	@echo "Claimtrack is running on http://$(HOST):$(PORT)/ (admin: http://$(HOST):$(PORT)/admin/)"
	$(DEV) $(PY) manage.py runserver $(HOST):$(PORT)

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

format: install-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

test: lint
	$(PY) -m pytest $(PYTEST_ARGS)

eval: install-dev
	$(PY) -m claims.extraction.evaluation tests/data/extraction tests/data/extraction_holdout \
		tests/data/extraction_blind tests/data/extraction_unseen tests/data/extraction_figures

# Production serving: DJANGO_DEBUG=0, hashed+compressed static files, gunicorn sync workers.
# Needs DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS (and usually DATABASE_URL, CACHE_URL).
WEB_CONCURRENCY ?= $(shell echo $$((2 * $$(nproc))))
serve: install
	@test -n "$$DJANGO_SECRET_KEY" || (echo "Set DJANGO_SECRET_KEY (and DJANGO_ALLOWED_HOSTS) to serve in production mode." && exit 1)
	DJANGO_DEBUG=0 $(PY) manage.py migrate --noinput
	DJANGO_DEBUG=0 $(PY) manage.py collectstatic --noinput
	DJANGO_DEBUG=0 $(VENV)/bin/gunicorn config.wsgi:application --bind $(HOST):$(PORT) \
		--workers $(WEB_CONCURRENCY) --worker-class sync --access-logfile - --max-requests 5000 --max-requests-jitter 500

# Background jobs: a Celery worker (imports, claims, regrouping, feed polls) on the
# broker in CELERY_BROKER_URL. WORKER_CONCURRENCY processes (default: one per core);
# WORKER_ARGS=--beat also schedules poll_feeds every CLAIMTRACK_FEED_POLL_MINUTES
# (run beat on one machine only).
WORKER_CONCURRENCY ?= $(shell nproc)
worker: install
	@test -n "$$CELERY_BROKER_URL" || (echo "Set CELERY_BROKER_URL (e.g. redis://127.0.0.1:6379/0): without it jobs run inline and no worker is needed." && exit 1)
	$(PY) manage.py migrate --noinput
	$(PY) -m celery -A config worker --loglevel=info --concurrency=$(WORKER_CONCURRENCY) $(WORKER_ARGS)

# Load test the real server at 100 and 1,000,000 claims (needs wrk: apt-get install -y wrk).
bench: install-dev
	@command -v wrk >/dev/null || ( \
		echo "--- installing wrk (the load generator) from Debian's packages"; \
		(apt-get install -y -qq -o DPkg::Lock::Timeout=300 wrk >/dev/null 2>&1 || \
			(apt-get update -qq -o DPkg::Lock::Timeout=300 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=300 wrk >/dev/null)) \
		|| (echo "make bench needs wrk: apt-get install -y wrk" && exit 1))
	$(PY) bench/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
