# The single entry point for people and CI.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8501
STAMP := $(VENV)/.installed
# uv installs the locked versions (uv.lock). Where it is not on PATH, pip installs it once into
# .uv/ (a small virtualenv of its own, so no system Python is touched).
UV ?= $(shell command -v uv 2>/dev/null || echo .uv/bin/uv)
export UV_PROJECT_ENVIRONMENT := $(VENV)
export UV_PYTHON_DOWNLOADS := never
# Python may keep the bytecode of what it compiles here (an empty value is off): pytest keeps
# its rewritten test modules (collection takes 3 s a worker instead of 6.5 from the second run
# on) and the app its pages. Some machines set PYTHONDONTWRITEBYTECODE for every process.
export PYTHONDONTWRITEBYTECODE :=

.PHONY: setup lock run test test-fast test-lowest check bench fuzz system-deps clean

.uv/bin/uv:
	$(PY) -m venv .uv
	.uv/bin/pip install --quiet --disable-pip-version-check uv

## Install the locked versions of everything (library, app, exports, test and dev tools) into
## .venv, compiled to bytecode once (where PYTHONDONTWRITEBYTECODE is set, every process, each test
## worker and each command started by a test, would otherwise compile what it imports). Refuses
## to run when pyproject.toml and uv.lock disagree: `make lock` then commits both.
$(STAMP): pyproject.toml uv.lock | $(UV)
	@$(UV) lock --check --python $(PY) --quiet 2>/dev/null || { \
	  echo "error: uv.lock does not match pyproject.toml (a dependency was added or changed)." >&2; \
	  echo "       Run 'make lock' and commit uv.lock together with pyproject.toml." >&2; exit 1; }
	$(UV) sync --frozen --all-extras --python $(PY) --quiet --compile-bytecode
	touch $(STAMP)

## The package's own modules too: an editable install leaves them in penalty/, where uv does not
## compile them, and where PYTHONDONTWRITEBYTECODE is set Python would compile every module it
## imports again in every process (0.07-0.1 s of each `penalty assess`). Cheap when nothing
## changed; a module edited since is compiled again here (Python ignores a stale copy).
setup: $(STAMP)
	@$(BIN)/python -m compileall -q penalty

## Re-resolve uv.lock after a change of dependencies in pyproject.toml (commit both files).
lock: | $(UV)
	$(UV) lock --python $(PY)

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

## How the tests share two workers. `--dist loadfile` keeps each test file in one worker (the
## `formulas` model of the what-if workbook is loaded once, LibreOffice started once per file);
## `--no-loadscope-reorder` hands the files out in collection order instead of largest first, so
## the browser tests (few tests per file, but the longest ones) start early rather than last.
XDIST := -n 2 --dist loadfile --no-loadscope-reorder

## The full test suite, browser and LibreOffice tests included.
test: setup system-deps
	$(BIN)/python -m pytest $(XDIST) -q

## Everything but the browser tests.
test-fast: setup
	$(BIN)/python -m pytest $(XDIST) -q -m "not e2e"

## The tests (all but the browser ones) on the lowest versions pyproject.toml allows, in
## .venv-lowest, so that every lower bound there is a tested one.
LOWEST := .venv-lowest
test-lowest: | $(UV)
	$(UV) venv --quiet --allow-existing --python $(PY) $(LOWEST)
	$(UV) pip install --quiet --compile-bytecode --python $(LOWEST)/bin/python --resolution lowest-direct \
	  -e '.[test]'
	$(LOWEST)/bin/python -m pytest $(XDIST) -q -m "not e2e" -p no:cacheprovider

## Lint (the curated ruff set in pyproject.toml), type-check penalty/ (mypy), validate the data
## files, and run the tests but the browser ones under coverage: at least 90 % of penalty/'s
## lines ([tool.coverage] in pyproject.toml). Coverage tracing roughly doubles the suite's time,
## so `make test` runs without it.
check: setup
	$(BIN)/ruff check penalty tests bench streamlit_app.py app_pages
	$(BIN)/mypy
	$(BIN)/penalty check
	$(BIN)/python -m pytest $(XDIST) -q -m "not e2e" --cov=penalty --cov-report=term \
	  --cov-fail-under=90

## Throughput and latency, reported as ratios.
fuzz: setup
	PENALTY_FUZZ=long $(BIN)/python -m pytest -n 2 -q -m fuzz tests/fuzz

bench: setup
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) $(LOWEST) .uv .pytest_cache .hypothesis artifacts
