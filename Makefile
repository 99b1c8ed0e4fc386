# Cổng: the commands a developer needs. `make help` lists them.
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
HOST ?= 127.0.0.1
# pytest-xdist workers for the unit and integration tests (1: in this process).
TEST_WORKERS ?= 2

.DEFAULT_GOAL := help
.PHONY: help install translations migrate demo run test lint format migrations-check security ci

help: ## List the available commands
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "} {printf "  make %-18s %s\n", $$1, $$2}'

$(BIN)/python:
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "Python 3.11 is required, found " + sys.version' \
		|| { echo "Install Python 3.11 (Debian: apt install python3 python3-venv)."; exit 1; }
	@$(PYTHON) -m venv $(VENV) || { echo "Could not create $(VENV): on Debian, apt install python3-venv"; rm -rf $(VENV); exit 1; }

$(VENV)/.installed: $(BIN)/python requirements.txt requirements-dev.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@

install: $(VENV)/.installed translations ## Create .venv and install the pinned requirements

translations: $(VENV)/.installed ## Compile the vi/en message catalogues
	@$(BIN)/python manage.py compiletranslations --verbosity 0

migrate: install ## Apply database migrations
	$(BIN)/python manage.py migrate --noinput

demo: migrate ## Load the demo content and accounts (safe to run again)
	$(BIN)/python manage.py load_demo --address $(HOST):$(PORT)

run: demo ## Set everything up and serve the site with demo content on http://127.0.0.1:$(PORT)
	@echo "Serving on http://$(HOST):$(PORT)/ (admin: http://$(HOST):$(PORT)/$${ADMIN_PATH:-admin/})"
	DEBUG=0 WAGTAILADMIN_BASE_URL=http://$(HOST):$(PORT) $(BIN)/python manage.py runserver $(HOST):$(PORT)

test: install ## Run the whole test suite: unit and integration tests, then the browser tests
	$(BIN)/python -m pytest -m "not e2e" $(if $(filter 1,$(TEST_WORKERS)),,-n $(TEST_WORKERS))
	$(BIN)/python -m pytest -m e2e

lint: install ## Check code style with ruff
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install ## Format code with ruff
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

security: install ## Static security analysis (bandit) and known vulnerabilities in the requirements (pip-audit)
	$(BIN)/bandit -q -c pyproject.toml -r .
	$(BIN)/pip-audit -r requirements.txt --no-deps --disable-pip --strict --progress-spinner off

migrations-check: install ## Fail if models and migrations disagree
	$(BIN)/python manage.py makemigrations --check --dry-run

ci: ## Run what CI runs (both databases)
	bash .ci/run
