# Two entry points: `make demo` and `make test`. Both create the virtual environment in .venv first.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
CLI := $(VENV)/bin/thucydides

.PHONY: setup demo test bench clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $@

setup: $(VENV)/.installed

# The main job: code the bundled sample corpus into the embedded SQLite store (./thucydides.db),
# then show the newest events and the per-dyad summary. Re-running it codes nothing twice.
demo: setup
	$(CLI) ingest samples/corpus --date-from-filename
	$(CLI) events --limit 25
	$(CLI) dyads

test: setup
	$(PY) -m pytest

bench: setup
	$(PY) bench/extract_throughput.py

clean:
	rm -rf $(VENV) .pytest_cache
