"""Articles parsed in one batch read exactly as articles parsed one by one, and a failure stays local."""
from __future__ import annotations

from pathlib import Path

import pytest

from thucydides import nlp
from thucydides.article import Article, read_article
from thucydides.ingest import code_articles
from thucydides.pipeline import default_knowledge, extract_article, extract_articles

SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "corpus"


def _articles(n: int) -> list[Article]:
    # Spread over the corpus, so the batch mixes long and short stories and different topics.
    files = sorted(SAMPLES.glob("*.txt"))
    return [read_article(f) for f in files[:: max(1, len(files) // n)][:n]]


@pytest.mark.parametrize("triage", [True, False], ids=["triage", "no-triage"])
def test_a_batch_reads_like_its_articles_one_by_one(triage: bool) -> None:
    articles = _articles(6)
    knowledge = default_knowledge()
    alone = [extract_article(a, knowledge, triage=triage).model_dump() for a in articles]
    together = extract_articles(articles, knowledge, triage=triage)
    assert [r.model_dump() for r in together] == alone
    assert sum(len(r["events"]) for r in alone) > 10   # the comparison covers real events


def test_an_article_the_parser_refuses_costs_only_itself() -> None:
    good = _articles(3)
    # Longer than the parser takes in one text (spaCy refuses it): the batch parse fails, and the
    # articles around it must still be coded, in order.
    huge = Article(id="huge", paragraphs=["word " * (nlp.load_model().max_length // 5 + 1)])
    results = extract_articles([good[0], huge, good[1], good[2]], triage=True)
    assert isinstance(results[1], Exception)
    for article, result in zip(good, [results[0], results[2], results[3]]):
        assert not isinstance(result, Exception)
        assert result.model_dump() == extract_article(article).model_dump()


def test_workers_report_a_failure_as_its_name_and_message() -> None:
    huge = Article(id="huge", paragraphs=["word " * (nlp.load_model().max_length // 5 + 1)])
    good = _articles(1)[0]
    payloads = code_articles([huge, good])
    assert isinstance(payloads[0], tuple) and payloads[0][0] == "ValueError" and "max_length" in payloads[0][1]
    assert isinstance(payloads[1], str) and '"events"' in payloads[1]
