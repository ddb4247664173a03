"""What must hold for any input, shared by the fuzz targets and the property-based tests.

A reader may refuse an input only with :class:`InputError` (one line, naming the input); anything
else that escapes is a crash. An extraction must satisfy the output contract: every offset lies
inside the body and slices to the text it claims, every event carries a CAMEO code of the
codebook with its quad class, and the whole validates against the pydantic models.
"""
from __future__ import annotations

from thucydides import ontology
from thucydides.article import Article, InputError
from thucydides.models import Extraction


def check_input_error(error: InputError) -> None:
    """A rejection is one line that names the input and gives a reason."""
    message = str(error)
    assert "\n" not in message and "\r" not in message, message
    assert error.name and error.reason and message == f"{error.name}: {error.reason}", message


def check_article(article: Article) -> None:
    """An article's paragraphs are non-empty, stripped, and sit at their spans in the body."""
    body = article.body
    assert article.paragraphs, "an article without paragraphs"
    for (start, end), para in zip(article.paragraph_spans(), article.paragraphs):
        assert para and para == para.strip(), repr(para)
        assert body[start:end] == para
    body.encode("utf-8")   # no lone surrogates: every output must be writable as UTF-8


def check_extraction(result: Extraction) -> None:
    """The output contract of DESIGN.md, for any article."""
    again = Extraction.model_validate_json(result.model_dump_json())
    assert again == result, "the JSON output does not round-trip through the contract models"
    body = result.article.body
    for span in [*result.events, *result.quotes, *result.times, *result.entities]:
        assert 0 <= span.start <= span.end <= len(body), (span.start, span.end, len(body))
    for ev in result.events:
        assert body[ev.start:ev.end] == ev.evidence, (ev.evidence, body[ev.start:ev.end])
        assert ontology.is_valid(ev.cameo), ev.cameo
        assert ev.cameo_label == ontology.cameo(ev.cameo).label
        assert ev.quad_class == ontology.quad_class(ev.cameo)
        assert 0 <= ev.confidence <= 1 and ev.source is not None
        assert ev.id.startswith(result.article.id)
    for q in result.quotes:
        assert body[q.start:q.end] == q.text
    for t in result.times:
        assert body[t.start:t.end] == t.text
    for ent in result.entities:
        assert body[ent.start:ent.end] == ent.text
