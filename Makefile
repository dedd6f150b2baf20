# The single entry point for people and CI.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8501
STAMP := $(VENV)/.installed

.PHONY: setup run test test-fast check bench browser clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

## Start the app on the bundled data.
run: setup
	$(BIN)/streamlit run streamlit_app.py --server.headless true --server.port $(PORT)

## Headless Chromium for the browser tests (Debian's package; needs root or sudo).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium >/dev/null; }

## The full test suite, browser tests included.
test: setup browser
	$(BIN)/python -m pytest -n 2 -q

## Everything but the browser tests.
test-fast: setup
	$(BIN)/python -m pytest -n 2 -q -m "not e2e"

## Lint and validate the data files.
check: setup
	$(BIN)/ruff check penalty tests bench streamlit_app.py app_pages
	$(BIN)/penalty check

## Throughput and latency, reported as ratios.
bench: setup
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis artifacts
