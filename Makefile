# The project's verbs. `make` lists them.
.DEFAULT_GOAL := help
SHELL := /bin/bash

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help install run test pytest lint format check frontend worker beat bench audit sbom

help: ## List the verbs
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-10s %s\n", $$1, $$2}'

$(INSTALLED): requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -r requirements-dev.txt
	touch $@

install: $(INSTALLED) ## Make the virtualenv and install the pinned dependencies

run: $(INSTALLED) ## Start the site with demo data on SQLite at http://127.0.0.1:8000
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	$(PY) manage.py runserver $(HOST):$(PORT)

test: $(INSTALLED) lint check pytest ## Run everything: lint, Django checks and the whole test suite

pytest: $(INSTALLED) ## Run the test suite only (pass ARGS="-k name" to narrow it)
	$(VENV)/bin/pytest $(ARGS)

lint: $(INSTALLED) ## ruff: lint and format check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(INSTALLED) ## ruff: fix what can be fixed and format
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

check: $(INSTALLED) ## Django's system checks and a check for missing migrations
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py check
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py makemigrations --check --dry-run

frontend: ## Rebuild the vendored GOV.UK Frontend (needs Node; only when upgrading it)
	bash scripts/update_govuk_frontend.sh

worker: $(INSTALLED) ## Start a Celery worker (needs CELERY_BROKER_URL)
	$(VENV)/bin/celery -A config worker --loglevel=INFO

beat: $(INSTALLED) ## Start Celery beat, the scheduler (needs CELERY_BROKER_URL)
	$(VENV)/bin/celery -A config beat --loglevel=INFO

bench: $(INSTALLED) ## Run the benchmarks in bench/ (needs DATABASE_URL for PostgreSQL)
	$(PY) bench/import_ledger.py
	$(PY) bench/pages.py
	$(PY) bench/engine.py
	$(PY) bench/queue.py

audit: $(INSTALLED) ## Supply-chain checks: SBOM, pip-audit, pin freshness, ruff S, bandit
	bash scripts/supply_chain.sh

SBOM ?= var/sbom.cdx.json
sbom: $(INSTALLED) ## Write a CycloneDX SBOM of the runtime dependencies (var/sbom.cdx.json; SBOM=path)
	$(PY) scripts/sbom.py $(SBOM)
