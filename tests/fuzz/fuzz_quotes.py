"""Fuzz target: quotes and their speakers in arbitrary (parsed) text.

The text is parsed with the real spaCy pipeline; every quote must slice to its text and its
speaker span, when there is one, must lie inside the text.
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import as_text, main


def one_input(data: bytes) -> None:
    """Parse the text and find its quotes."""
    from thucydides import nlp, quotes

    text = as_text(data)
    doc = nlp.parse(text)
    assert doc.text == text   # offsets index the text only if the parser keeps every character
    for q in quotes.find_quotes(doc):
        assert 0 <= q.start <= q.end <= len(text) and text[q.start:q.end] == q.text
        if q.speaker_start is not None:
            assert 0 <= q.speaker_start <= q.speaker_end <= len(text)


def _target():
    from thucydides import (
        nlp,
        quotes,  # noqa: F401 - imported inside the instrumentation
    )
    nlp.load_model()
    return one_input


if __name__ == "__main__":
    main(_target)
