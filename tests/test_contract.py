"""The output contract holds on every article we can find: our samples, the generality texts, and
real newswire (the TimeML development documents), with no exception and consistent offsets."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from thucydides import ontology
from thucydides.article import parse_text, read_article
from thucydides.models import Extraction
from thucydides.pipeline import extract_article

ROOT = Path(__file__).resolve().parents[1]
TIMEML = ROOT.parent / "shared" / "eval" / "timeml_dev"


def check(result: Extraction) -> None:
    Extraction.model_validate(result.model_dump())          # round-trips through the contract
    body = result.article.body
    for ev in result.events:
        assert body[ev.start:ev.end] == ev.evidence
        assert ontology.is_valid(ev.cameo) and ev.quad_class == ontology.quad_class(ev.cameo)
        assert ev.source is not None and 0 <= ev.confidence <= 1
    for q in result.quotes:
        assert body[q.start:q.end] == q.text
    for t in result.times:
        assert body[t.start:t.end] == t.text
    for ent in result.entities:
        assert body[ent.start:ent.end] == ent.text


def test_samples_and_generality_texts() -> None:
    for path in sorted((ROOT / "samples").glob("*.txt")):
        check(extract_article(read_article(path)))
    for path in sorted((ROOT / "tests" / "fixtures" / "generality").glob("*.yaml")):
        check(extract_article(parse_text(yaml.safe_load(path.read_text("utf-8"))["text"], path.stem)))


@pytest.mark.skipif(not TIMEML.is_dir(), reason="the TimeML development documents are not beside the checkout")
def test_real_newswire_documents() -> None:
    from thucydides.evaluation.timeml import read_timeml

    events = 0
    for path in sorted(TIMEML.glob("*.tml")):
        result = extract_article(parse_text(read_timeml(path).text, path.stem))
        check(result)
        events += len(result.events)
    assert events > 100    # real news is full of codable events; none found means coding broke
