# Two entry points: `make demo` and `make test`. Both create the virtual environment in .venv first.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
CLI := $(VENV)/bin/thucydides

.PHONY: setup demo dashboard test bench fuzz clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test,ray]"
	touch $@

setup: $(VENV)/.installed

# The main job: code the bundled sample corpus into the embedded SQLite store (./thucydides.db),
# then show the newest events and the per-dyad summary. Re-running it codes nothing twice.
demo: setup
	$(CLI) ingest samples/corpus --date-from-filename
	$(CLI) events --limit 25
	$(CLI) dyads

# The sample corpus in the dashboard: http://localhost:8000/ (Ctrl-C stops the server).
dashboard: setup
	$(CLI) ingest samples/corpus --date-from-filename --quiet
	$(CLI) serve

test: setup
	$(PY) -m pytest

bench: setup
	$(PY) bench/throughput.py

# Longer coverage-guided fuzzing than `make test` does (FUZZ_SECONDS per target; see docs/reliability.md).
fuzz: setup
	FUZZ_SECONDS=$${FUZZ_SECONDS:-300} $(PY) -m pytest tests/fuzz -k bounded

clean:
	rm -rf $(VENV) .pytest_cache
