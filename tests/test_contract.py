"""The output contract holds on every article we can find: our samples, the generality texts, and
real newswire (the TimeML development documents), with no exception and consistent offsets (the
checks of ``tests/fuzz/properties.py``)."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent / "fuzz"))

from properties import check_extraction as check   # the contract's properties, shared with the fuzzers

from thucydides.article import parse_text, read_article
from thucydides.pipeline import extract_article

ROOT = Path(__file__).resolve().parents[1]
TIMEML = ROOT.parent / "shared" / "eval" / "timeml_dev"


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
