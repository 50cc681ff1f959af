# Two commands for a newcomer: `make run` and `make test`. Everything else is a helper.
SHELL := /bin/bash
UV_VERSION := 0.9.30
UV := $(shell command -v uv 2>/dev/null || echo .tools/bin/uv)
PY := .venv/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
export DEBUG ?= 1

.PHONY: run setup deps assets db demo test lint check bench clean

$(UV):
	python3 -m venv .tools && .tools/bin/pip install --quiet uv==$(UV_VERSION)

deps: $(UV)  ## Python packages (from uv.lock) and front-end packages (from package-lock.json)
	$(UV) sync --frozen
	npm ci --no-audit --no-fund --loglevel=error

assets: deps  ## Build GOV.UK Frontend into static/govuk/
	npm run --silent build

db: deps  ## Migrate the database and declare the beat schedule
	$(PY) manage.py migrate --noinput
	$(PY) manage.py cycle_schedule

demo: db  ## Load the four demo areas (idempotent)
	$(PY) manage.py load_demo

setup: assets db

run: setup demo  ## Set up everything, then serve the app with a Celery worker and beat
	@echo "Serving on http://$(HOST):$(PORT)/ with a Celery worker and beat (Ctrl-C stops all)."
	@trap 'kill 0' EXIT INT TERM; \
	  $(PY) -m celery -A config worker --loglevel=INFO --concurrency=1 & \
	  $(PY) -m celery -A config beat --loglevel=INFO & \
	  $(PY) manage.py runserver $(HOST):$(PORT) --noreload

test: assets  ## Run the whole test suite
	$(PY) -m pytest -n auto --dist loadfile $(PYTEST_ARGS)

lint: deps
	$(UV) run --frozen ruff check .
	$(UV) run --frozen ruff format --check .

check: deps  ## Migrations, deploy checks and lint
	$(PY) manage.py makemigrations --check --dry-run
	DEBUG=0 SECRET_KEY=$$($(PY) -c "import secrets; print(secrets.token_urlsafe(50))") \
	  ALLOWED_HOSTS=protocols.example.org $(PY) manage.py check --deploy --fail-level WARNING
	$(UV) run --frozen ruff check .
	$(UV) run --frozen ruff format --check .

bench: setup  ## Benchmarks: print figures against a baseline measured in the same run
	@for script in tests/benchmarks/bench_*.py; do echo "== $$script"; $(PY) $$script; done

clean:
	rm -rf .venv .tools node_modules static/govuk var
