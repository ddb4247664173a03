"""The thucydides command line with spaCy's named-entity recogniser switched off: an experiment.

The recogniser is about half of the parse (bench/throughput.py prints each component's share), so
it is the first thing a cheaper parse would drop. This runs any thucydides command that way, so the
accuracy it would cost is measured with the project's own scorers:

    .venv/bin/python bench/without_ner.py eval plover ../shared/eval/plover_dev.json --json
    python3 ../shared/tools/seedcheck.py -- .venv/bin/python bench/without_ner.py \\
        extract ../shared/seed/000_e17a6d2f227cc06c.txt --format json

and `bench/throughput.py --without-ner` measures the speed. The knowledge base still resolves every
name it knows; what goes is the recogniser's spans (people, organisations and places it has never
seen, and the boundaries of the names it has). Results are in docs/performance.md.
"""
from __future__ import annotations

from thucydides import nlp
from thucydides.cli import app

if __name__ == "__main__":
    nlp.load_model().disable_pipe("ner")
    app()
