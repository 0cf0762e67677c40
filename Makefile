# The README's two commands: `make demo` (build the demo mission and its report) and
# `make test` (the whole test suite against real SQLite, PostgreSQL and WeasyPrint).
# Both work on a fresh Debian machine (as root, or with sudo) and are fast the second time.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PERIOD := 2023-08..2023-09
REPORT_DIR := out/report
REPORT_NAME := monthly-operational-report-2023-08-09
PYTEST_ARGS ?=
SERVE ?= 1
HOST ?= 127.0.0.1
PORT ?= 8000
# The demo's map draws admin-1 boundaries when a boundary file is at hand (CC BY-IGO, OCHA
# COD-AB); the shared reference copy sits beside the checkout on developer and CI machines.
BOUNDARY_FILE ?= $(wildcard ../shared/data/panama-admin1-simplified.geojson)
export OPSREPORT_BOUNDARY_FILE ?= $(if $(BOUNDARY_FILE),$(abspath $(BOUNDARY_FILE)),)

# apt-get as root, through sudo otherwise (when sudo exists)
SUDO := $(shell if [ "$$(id -u)" != 0 ] && command -v sudo >/dev/null 2>&1; then echo sudo; fi)
APT_INSTALL := $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends

.PHONY: help demo report test lint format clean system-packages

help: ## Show this help
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null || { $(SUDO) apt-get update && $(APT_INSTALL) python3 python3-venv; }
	$(PYTHON) -m venv $(VENV) || { $(SUDO) apt-get update && $(APT_INSTALL) python3-venv && $(PYTHON) -m venv $(VENV); }
	$(BIN)/pip install -q --upgrade pip

# stamp files: reinstall only when pyproject.toml changes
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[test]'
	touch $@ $(VENV)/.installed

demo: $(VENV)/.installed ## Build the demo mission, write its report (EN/ES, HTML/PDF) to out/report/, then serve the web app
	$(BIN)/opsreport demo --fresh
	@$(MAKE) --no-print-directory report
	@if [ "$(SERVE)" = 1 ]; then \
	  echo "Web app: http://$(HOST):$(PORT)/  (Ctrl+C stops it; 'make demo SERVE=0' skips this step)"; \
	  $(BIN)/opsreport serve --host $(HOST) --port $(PORT); \
	fi

report: $(VENV)/.installed
	@mkdir -p $(REPORT_DIR)
	@for lang in en es; do for format in html pdf; do \
	  $(BIN)/opsreport report --period $(PERIOD) --lang $$lang --format $$format \
	    -o $(REPORT_DIR)/$(REPORT_NAME)-$$lang.$$format || exit 1; \
	done; done
	@echo "Report written to $(CURDIR)/$(REPORT_DIR)/"

system-packages: ## Install the system packages the tests need (PostgreSQL 15, poppler, pango, fonts, Java for ODK Validate, Chromium for the browser test)
	@missing=""; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$$missing postgresql"; \
	command -v pdftotext >/dev/null 2>&1 && command -v pdftoppm >/dev/null 2>&1 || missing="$$missing poppler-utils"; \
	ldconfig -p 2>/dev/null | grep -q 'libpango-1.0.so' || missing="$$missing libpango-1.0-0"; \
	ldconfig -p 2>/dev/null | grep -q 'libpangoft2-1.0.so' || missing="$$missing libpangoft2-1.0-0"; \
	[ -n "$$(fc-list 2>/dev/null)" ] || missing="$$missing fontconfig fonts-dejavu-core fonts-liberation"; \
	command -v java >/dev/null 2>&1 || missing="$$missing default-jre-headless"; \
	[ -x /usr/bin/chromium ] || missing="$$missing chromium"; \
	if [ -n "$$missing" ]; then \
	  echo "Installing system packages:$$missing"; \
	  $(SUDO) apt-get update -q && $(APT_INSTALL)$$missing; \
	fi

test: $(VENV)/.installed-test system-packages ## Run the whole test suite (SQLite and PostgreSQL)
	$(BIN)/pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed-test ## ruff check and format --check
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests

format: $(VENV)/.installed-test ## ruff format and fix what ruff can fix
	$(BIN)/ruff check --fix src tests
	$(BIN)/ruff format src tests

clean: ## Remove build output, caches and the report folder (keeps .venv and ~/.opsreport)
	rm -rf out build .pytest_cache .ruff_cache .hypothesis
	find src tests -name __pycache__ -type d -prune -exec rm -rf {} +
