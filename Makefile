# simkit: every target creates .venv when it is missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8866

.PHONY: run lab test test-fast bench lint typecheck clean venv

venv: $(STAMP)

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dashboard,dist,dev]"
	touch $(STAMP)

## run: set up and open the trainer dashboard on the default scenario (Voila, http://127.0.0.1:8866)
run: $(STAMP)
	$(BIN)/simkit dashboard --host $(HOST) --port $(PORT)

## lab: JupyterLab on notebooks/
lab: $(STAMP)
	$(BIN)/jupyter lab --ip=$(HOST) --no-browser --allow-root --notebook-dir=notebooks

# Jupyter, IPython and matplotlib write under $$HOME: tests and benchmarks run in a fresh temporary
# home, from the one list of variables in simkit/testing/isolated.py (conftest and the browser
# harness use the same list).
ISOLATED = $(BIN)/python -m simkit.testing.isolated --

# Coverage (config in pyproject [tool.coverage.*]): pytest and every Python process it starts
# (simkit subprocesses, notebook and Voila kernels, pool and Dask workers) write data files that
# `coverage combine` merges. Two figures: all of simkit/ (for information, not gated) and simkit/
# without dashboard/ and testing/, which fails the target below the floor `fail_under`.
COVERAGE = $(BIN)/python -m coverage

## test: set up and run every test (model, CLI, notebooks, dashboard in headless Chromium) with coverage; fails below the floor
test: $(STAMP)
	$(COVERAGE) erase
	$(ISOLATED) $(COVERAGE) run --module pytest -q -p no:cacheprovider --nbmake tests notebooks
	$(COVERAGE) combine --quiet
	@echo "coverage of all of simkit/ (not gated): $$($(COVERAGE) report --omit='*/no-file-omitted/*' --fail-under=0 --format=total)%"
	@echo "coverage of simkit/ without dashboard/ and testing/ (gated, files below 100%):"
	$(COVERAGE) report

## test-fast: the quick tests only (no slow, browser or process tests; fails if a test starts a process unmarked)
test-fast: $(STAMP)
	$(ISOLATED) $(BIN)/python -m pytest -q -p no:cacheprovider -p simkit.testing.tiers \
		-m "not slow and not browser and not process" tests

## bench: speed and memory benchmarks (figures go to benchmarks/README.md)
bench: $(STAMP)
	$(ISOLATED) $(BIN)/python benchmarks/run_all.py

## lint: ruff check and ruff format --check
lint: $(STAMP)
	$(BIN)/ruff check simkit tests benchmarks
	$(BIN)/ruff format --check simkit tests benchmarks

## typecheck: mypy on simkit/ (config in pyproject [tool.mypy]; the package ships py.typed)
typecheck: $(STAMP)
	$(BIN)/mypy simkit

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis results test-output .coverage .coverage.*
