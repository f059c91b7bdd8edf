# Bilateral: `make run` serves the dashboard, `make test` runs every check CI runs.
# Nothing needs installing beforehand but Python >= 3.11: the database is embedded.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
PLOTLY_JS := static/vendor/plotly.min.js
# The seed articles' full texts, where this clone sits beside them: citations then quote sentences.
SEEDS := $(wildcard ../shared/seeds)

.PHONY: run test bench lint lint-api format install install-test chromium nginx wrk collectstatic clean

run: install $(PLOTLY_JS) collectstatic
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo $(if $(SEEDS),--texts $(SEEDS))
	$(PY) manage.py ensure_admin --base-url http://$(HOST):$(PORT)
	@# One task-queue worker (ingestion's jobs) beside the web server, stopped when it stops.
	$(PY) manage.py procrastinate worker & worker=$$!; \
		trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
		$(PY) manage.py serve --bind $(HOST):$(PORT)

test: install-test $(PLOTLY_JS) chromium nginx
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(VENV)/bin/lint-imports
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest

bench: install-test $(PLOTLY_JS) collectstatic wrk
	$(PY) -m bench

lint format: install-test
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

# The OpenAPI document through Spectral (spectral:oas) and Redocly (recommended), from npm.
API_LINT := tools/api-lint
API_DOCUMENT := .data/openapi.json
$(API_LINT)/node_modules/.installed: $(API_LINT)/package.json $(API_LINT)/package-lock.json
	cd $(API_LINT) && npm ci --no-audit --no-fund --loglevel=error
	touch $@

lint-api: install-test $(API_LINT)/node_modules/.installed
	$(PY) manage.py export_openapi --output $(API_DOCUMENT)
	cd $(API_LINT) && npx --no-install spectral lint --ruleset .spectral.yaml --fail-severity=warn ../../$(API_DOCUMENT)
	cd $(API_LINT) && REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true \
		npx --no-install redocly lint --config redocly.yaml ../../$(API_DOCUMENT)

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Reinstall whenever pyproject.toml changes.
$(VENV)/.installed-run: pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed-run

install: $(VENV)/.installed-run
install-test: $(VENV)/.installed-test

# plotly.js comes from the plotly package itself: the dashboard never loads it from a CDN.
$(PLOTLY_JS): $(VENV)/.installed-run
	mkdir -p $(dir $@)
	$(PY) -c "import pathlib, plotly, shutil; shutil.copyfile(pathlib.Path(plotly.__file__).parent / 'package_data' / 'plotly.min.js', '$@')"

# collectstatic compresses plotly.js with brotli (about 20 s): only rerun when static/ changed.
collectstatic: .data/staticfiles/.collected
.data/staticfiles/.collected: $(PLOTLY_JS) $(shell find static -type f -not -path 'static/vendor/*' 2>/dev/null)
	$(PY) manage.py collectstatic --noinput --verbosity 0
	touch $@

# Browser tests drive Debian's Chromium; install it where missing (needs root and apt).
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
		echo "Installing Debian's chromium for the browser tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

# The compose tests run the repo's nginx config in front of the server; install it where missing.
nginx:
	@command -v nginx >/dev/null 2>&1 || { \
		echo "Installing Debian's nginx-light for the reverse-proxy tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null; }

# The API bench drives Debian's wrk (HTTP load generator); install it where missing (root, apt).
wrk:
	@command -v wrk >/dev/null 2>&1 || { \
		echo "Installing Debian's wrk for the API bench"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }

clean:
	rm -rf $(VENV) .data .pytest_cache .ruff_cache .hypothesis artifacts
