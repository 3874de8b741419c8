# STCoop. `make run`: set up, load demo data and serve; `make test`: every check CI runs.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.stcoop-installed
HOST ?= 127.0.0.1
PORT ?= 8000
SEED ?= 42
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
# Two workers: the suite takes a third of the time on a 2-core machine.
PYTEST_ARGS ?= -n 2

.PHONY: help run test setup system venv translations migrate demo serve lint format \
	migrations-check test-sqlite test-postgres bench messages production-check clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-18s %s\n", $$1, $$2}'

# ---------------------------------------------------------------- the two main commands
run: setup migrate demo serve ## Set up, create the database, load demo data, serve on :8000

test: setup ## Lint, type-check, migrations check, tests on SQLite then PostgreSQL
	$(MAKE) --no-print-directory lint
	$(MAKE) --no-print-directory migrations-check
	$(MAKE) --no-print-directory test-sqlite
	$(MAKE) --no-print-directory test-postgres

# ---------------------------------------------------------------- set-up
setup: system venv translations ## System packages, virtual environment, translations

system: ## Install Debian packages (chromium, fonts-noto-cjk, gettext) unless present
	@PYTHON=$(PYTHON) scripts/setup-system.sh

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstalls only when pyproject.toml is newer than the stamp.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	@touch $(STAMP)

venv: $(STAMP) ## Create .venv and install the project with its test tools

translations: venv ## Compile the translation catalogues (*.po -> *.mo)
	@scripts/compile-translations.sh

messages: venv ## Extract translatable strings into src/stcoop/locale/zh_Hans
	mkdir -p src/stcoop/locale
	cd src/stcoop && ../../$(BIN)/django-admin makemessages --locale zh_Hans \
		--ignore "static/*" --ignore "*/migrations/*" --no-location --no-wrap --no-obsolete

# ---------------------------------------------------------------- running
migrate: venv ## Create or update the database tables
	$(BIN)/stcoop migrate

demo: venv ## Generate the demo data and print the logins
	$(BIN)/stcoop demo --seed $(SEED)

serve: venv ## Serve the site (HOST=127.0.0.1 PORT=8000 by default)
	@echo "Open http://$(HOST):$(PORT)/ in a browser."
	$(BIN)/stcoop serve --host $(HOST) --port $(PORT)

bench: venv ## Run the benchmarks; results in benchmarks/results/latest.json
	$(BIN)/stcoop bench --output benchmarks/results/latest.json

production-check: venv ## Django's deployment checks with production-like settings
	STCOOP_DEBUG=false STCOOP_HTTPS=true STCOOP_ALLOWED_HOSTS=stcoop.example.org \
	STCOOP_SECRET_KEY="$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
	$(BIN)/stcoop check --deploy

# ---------------------------------------------------------------- checks
lint: venv ## ruff check, ruff format --check, mypy
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: venv ## Format the code and apply ruff's safe fixes
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

migrations-check: venv ## Fail when a model change has no migration
	DJANGO_SETTINGS_MODULE=stcoop.config.settings $(BIN)/django-admin makemigrations --check --dry-run

test-sqlite: venv ## pytest on SQLite, browser tests included
	env -u STCOOP_DATABASE_URL $(BIN)/pytest $(PYTEST_ARGS)

test-postgres: venv ## pytest on PostgreSQL (PG_URL); loud skip if absent, failure if CI=true
	@if $(BIN)/python scripts/postgres-ready.py "$(PG_URL)"; then \
		echo "STCOOP_DATABASE_URL=$(PG_URL) pytest -m 'not browser'"; \
		STCOOP_DATABASE_URL="$(PG_URL)" $(BIN)/pytest -m "not browser" $(PYTEST_ARGS); \
	elif [ "$${CI:-}" = "true" ]; then \
		echo "FAILED: PostgreSQL at $(PG_URL) does not answer, and CI=true requires it."; \
		exit 1; \
	else \
		echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"; \
		echo "!!! SKIPPED the PostgreSQL tests: nothing answers at $(PG_URL)"; \
		echo "!!! Start PostgreSQL (or set PG_URL=...) to run them; CI=true makes this fail."; \
		echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"; \
	fi

clean: ## Remove caches and benchmark results (keeps .venv and var/)
	rm -rf .pytest_cache .mypy_cache .ruff_cache benchmarks/results
	find . -path ./.venv -prune -o -name __pycache__ -type d -exec rm -rf {} +
