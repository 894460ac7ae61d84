# The two set-up commands of the README: `make run` and `make test`.
# Both are idempotent: stamps record what is installed, so a second run skips it.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# The suite runs on every core (pytest-xdist); `make test PYTEST_ARGS=...` replaces this.
PYTEST_ARGS ?= -n auto
export DJANGO_SETTINGS_MODULE := scaleup.settings

.PHONY: run test test-postgres lint assets translations migrate demo serve clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.base-installed: $(BIN)/python requirements/base.lock pyproject.toml
	$(BIN)/pip install --quiet -r requirements/base.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.dev-installed: $(VENV)/.base-installed requirements/dev.lock
	$(BIN)/pip install --quiet -r requirements/dev.lock
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

assets: node_modules/.installed

translations: $(VENV)/.base-installed
	$(BIN)/scaleup compile-translations

migrate: $(VENV)/.base-installed
	$(BIN)/scaleup migrate

demo: migrate
	$(BIN)/scaleup demo

# A local, plain-HTTP demo server: no HTTPS-only cookies, and uploaded photos served by the app.
run: export SCALEUP_HTTPS = 0
run: export SCALEUP_SERVE_MEDIA = 1
run: assets translations demo
	$(BIN)/scaleup serve --port $(PORT)

test: $(VENV)/.dev-installed assets translations
	$(BIN)/pytest $(PYTEST_ARGS)

lint: $(VENV)/.dev-installed
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/mypy scaleup

clean:
	rm -rf $(VENV) node_modules var/db.sqlite3
