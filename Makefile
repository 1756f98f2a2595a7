# The two commands a new user runs (README): `make demo` and `make test`.
# Both build the Python environment; `make test` also installs the system packages the tests
# need (PostgreSQL, Chromium, fonts, poppler) with apt-get when they are missing, starts a
# throw-away PostgreSQL server on 127.0.0.1 and runs every test.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
SHARED ?= ../shared
PYTEST_WORKERS ?= 2

.PHONY: demo test test-fast check lint typecheck deps layers bench env system clean

env: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,report,spark,bench]'
	touch $@

system:
	bash scripts/system-packages.sh

demo: env
	CRIMEPLAN_SHARED=$(SHARED) bash scripts/demo.sh

# The checks a contributor runs; `make test` runs them first.
check: lint typecheck deps layers

lint: env
	$(BIN)/ruff check crimeplan tests

typecheck: env
	$(BIN)/mypy

deps: env
	$(BIN)/deptry crimeplan

# The layers, cycles and library rules of [tool.importlinter] in pyproject.toml (docs/architecture.md).
layers: env
	$(BIN)/lint-imports --no-logo

test: system env check
	CRIMEPLAN_TEST_PG="$$(bash scripts/postgres.sh start)" CRIMEPLAN_SHARED=$(SHARED) \
	  $(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist loadgroup -q

# The quick loop: everything but PostgreSQL, the browser and the slow tests (the real-data matrix, Spark and
# the fuzzers: marker `slow`, pyproject.toml).
test-fast: env
	CRIMEPLAN_SHARED=$(SHARED) $(BIN)/python -m pytest -n $(PYTEST_WORKERS) -q -m "not postgres and not browser and not slow"

bench: system env
	BIN=$(BIN) CRIMEPLAN_SHARED=$(SHARED) bash scripts/bench.sh

clean:
	rm -rf $(VENV) crimeplan.duckdb .pytest_cache
