# Pathways: `make run` sets up and starts the product; `make test` sets up and runs every check.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test lint check eval bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/pathways check
	$(BIN)/pathways chat

test: $(STAMP)
	$(BIN)/ruff check bot adapters tests benchmarks
	$(BIN)/mypy
	$(BIN)/pytest -q

check: $(STAMP)
	$(BIN)/pathways check --strict

eval: $(STAMP)
	$(BIN)/pathways eval ../shared/eval/dev.yaml

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache
