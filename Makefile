# Two commands do all set-up on a fresh machine (Python 3.11+):
#   make demo   — the product with demo data on embedded SQLite, jobs in-process, at http://127.0.0.1:8000
#   make test   — the whole suite (real PostgreSQL/Redis when DATABASE_URL/REDIS_URL point at them)
PYTHON ?= python3
VENV   ?= .venv
PY      = $(VENV)/bin/python
PIP     = $(VENV)/bin/pip
STAMP   = $(VENV)/.installed
PORT   ?= 8000

.PHONY: demo test lint format install assets messages serve clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP) assets messages

assets: $(STAMP)
	$(PY) scripts/fetch_assets.py

messages: $(STAMP)
	$(PY) manage.py messages

demo: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo --if-empty
	@echo "Serving on http://127.0.0.1:$(PORT)/ — sign in with a demo login above."
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

test: install lint
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/pytest $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) node_modules staticfiles db.sqlite3 test-artifacts
