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

demo: setup
	@for f in samples/*.txt; do echo "== $$f"; $(CLI) extract "$$f" --format table; done

test: setup
	$(PY) -m pytest

bench: setup
	$(PY) bench/extract_throughput.py

clean:
	rm -rf $(VENV) .pytest_cache
