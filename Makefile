# Quick start: `make demo` opens the app on the partnerships demo; `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint format bench bench-peers clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev,ranking,postgres]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/review demo demo

test: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/lint-imports
	$(BIN)/mypy
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks

format: $(STAMP)
	$(BIN)/ruff format src tests benchmarks

bench: $(STAMP)
	$(BIN)/python benchmarks/import_bench.py

# bib-dedupe (with pandas, ~200 MB) in its own venv, run by benchmarks/dedup_bench.py as a peer
PEERS := .venv-peers
$(PEERS)/.installed:
	$(PYTHON) -m venv $(PEERS)
	$(PEERS)/bin/pip install --quiet bib-dedupe asreview
	touch $(PEERS)/.installed

bench-peers: $(STAMP) $(PEERS)/.installed
	$(BIN)/python benchmarks/dedup_bench.py --peer-python $(PEERS)/bin/python

clean:
	rm -rf $(VENV) $(PEERS) demo
