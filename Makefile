# Two entry points (see README): `make run` and `make check`.
# Both create the virtualenv on first use; only python3 and pip are needed.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run check lint typecheck test golden bench fuzz clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

## The main job: validate the knowledge base in data/, then render its site
## into site/ (open site/index.html).
run: $(STAMP)
	$(BIN)/coop validate
	$(BIN)/coop report all --format html --out site/

## Every check: ruff, mypy, pytest.
check: lint typecheck test

lint: $(STAMP)
	$(BIN)/ruff check coop tests bench
	$(BIN)/ruff format --check coop tests bench

typecheck: $(STAMP)
	$(BIN)/mypy

test: $(STAMP)
	$(BIN)/pytest

## Issue 7's benchmark: regenerate the national-scale corpus (bench/corpus/),
## time coop and its peers on it, write bench/RESULTS.md. Takes a while.
## Options: make bench BENCH_ARGS="--runs 3 --no-peers"
bench: $(STAMP)
	$(BIN)/python bench/generate.py --out bench/corpus
	$(BIN)/python bench/run.py --kb bench/corpus $(BENCH_ARGS)

## Long property-based run of the hardening tests (CI runs 2,000 examples with a
## fixed seed). Options: make fuzz FUZZ_EXAMPLES=200000 (default 50,000).
FUZZ_EXAMPLES ?= 50000
fuzz: $(STAMP)
	COOP_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) COOP_FUZZ_RANDOM=1 $(BIN)/pytest -q -p no:cacheprovider tests/hardening/test_properties.py

## Regenerate golden files after an intended change of output.
golden: $(STAMP)
	COOP_UPDATE_GOLDEN=1 $(BIN)/pytest -q tests -k golden

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
