# Every target creates or updates .venv first, so a fresh clone needs nothing but python3.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
AEB ?= ../shared/bench/aeb
WCXB ?= ../shared/bench/wcxb-dev

.PHONY: venv demo test lint typecheck unit clean bench-quality bench

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

demo: venv
	$(BIN)/python scripts/demo.py

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: venv
	$(BIN)/mypy

unit: venv
	$(BIN)/python -m pytest -q

test: lint typecheck unit

bench-quality: venv
	$(BIN)/python -m benchmarks.quality --aeb $(AEB) --wcxb $(WCXB)

bench: venv
	$(BIN)/python -m benchmarks.throughput --aeb $(AEB)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
