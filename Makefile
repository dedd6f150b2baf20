# The single entry point for people and CI.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8501
STAMP := $(VENV)/.installed

.PHONY: setup run test test-fast check bench system-deps clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

## Start the app on the bundled data.
run: setup
	$(BIN)/streamlit run streamlit_app.py --server.headless true --server.port $(PORT)

## Debian packages the tests use: Chromium for the browser tests, LibreOffice to recalculate
## the what-if workbook and render the statement, poppler for PDF pages, CJK fonts for Chinese.
SYSTEM_PACKAGES := chromium libreoffice-calc-nogui libreoffice-writer-nogui poppler-utils fonts-noto-cjk fonts-liberation
system-deps:
	@missing=$$(for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  echo "installing: $$missing"; \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

## The full test suite, browser and LibreOffice tests included.
test: setup system-deps
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
