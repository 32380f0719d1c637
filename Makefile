# The one entry point: setup, demo, test, lint, bench.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test test-fast lint bench bench-load bench-national clean

PORT   ?= 8000
# The runtime only (every command and the web app) for the demo; the test tools and
# Spark for the tests. Each stamp records what its target installed.
RUNTIME := $(VENV)/.installed-runtime

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(RUNTIME): pyproject.toml | $(VENV)/bin/python
	$(BIN)/pip install --quiet -e .
	touch $(RUNTIME)

$(STAMP): pyproject.toml | $(VENV)/bin/python
	$(BIN)/pip install --quiet -e '.[dev,spark]'
	touch $(STAMP) $(RUNTIME)

## make demo [PORT=8010]: set up, build a synthetic municipality, compute, and serve on http://127.0.0.1:PORT
demo: $(RUNTIME)
	$(BIN)/bosoc demo --port $(PORT)

# axe-core for the accessibility checks of the browser tests (npm registry, pinned by
# tests/browser/package-lock.json); without npm the browser tests say what is missing.
AXE := tests/browser/node_modules/axe-core/axe.min.js
$(AXE): tests/browser/package-lock.json
	@if command -v npm >/dev/null; then \
		npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error; \
	else echo "npm not found: the browser tests will fail (install nodejs and npm)"; fi

## make test: set up and run the whole suite (slow tests included), a test file per core
## [TEST_WORKERS=2]: the machine's two cores; a file's tests stay in one worker, so a
## module's fixture is built once
TEST_WORKERS ?= 2
test: $(STAMP) $(AXE)
	$(BIN)/python -m pytest -q -n $(TEST_WORKERS) --dist loadfile --durations=25

## make test-fast: the suite without tests marked slow
test-fast: $(STAMP)
	$(BIN)/python -m pytest -q -m "not slow"

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy

## make bench: synth, ingest and compute (time, peak memory, growth) at scales 0.25, 1 and 4,
## the hand-written six-indicator baseline and Spark (local mode) at scale 1
SCALES ?= 0.25 1 4
bench: $(STAMP)
	$(BIN)/python bench/run.py --scales $(SCALES)

## make bench-load: 50 logged-in clients for 2 minutes against `bosoc serve` on 127.0.0.1
## (10 of them asking for PDFs), on a scale-0.25 home built first; niced (shared machines)
bench-load: $(STAMP)
	nice $(BIN)/python bench/load.py $(LOAD_ARGS)

## make bench-national: the same at scale 16 (about 5 million residents; takes hours, 16 GB)
bench-national: $(STAMP)
	nice $(BIN)/python bench/run.py --scales 16 --ratios-at 0 --spark-at 0 --web-at 0

clean:
	rm -rf $(VENV) bosoc-data
