"""Whole news articles the coder has never been tuned on, read against what a careful human coder expects.

Each ``tests/fixtures/articles/NAME.txt`` is a multi-paragraph wire story in the scraped layout
(headline, repeated headline, byline, subtitle, paragraphs, site furniture) and ``NAME.yaml`` says what
a human coder reads in it:

  id, date        the fixture's name and the article date passed as ``--date``
  article         title (equal), source (equal), authors (equal list), subtitle (prefix), and
                  inferred_between: [FIRST, LAST] - the date inferred WITHOUT ``--date`` must fall in the
                  window a careful reader can justify from the text (offices held, years named);
                  inferred_xfail: REASON marks a window the inference still misses
  must            events that must be found (the story's clear main events; keys of test_generality.py)
  must_not        traps: no event may match one
  quotes          speaker (substring of the speaker's text or name), speaker_country, text (substring)

An expectation with an ``xfail: REASON`` key is one the coder still gets wrong; it runs as a strict
xfail, so a fix that makes it pass turns the test red until the key is removed.
Matching is test_generality's (imported, not copied).
"""
from __future__ import annotations

import datetime
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from test_generality import _describe, _expectation_errors, matches

from thucydides.models import Event, Extraction, Quote

FIXTURES = Path(__file__).parent / "fixtures" / "articles"
TOP_KEYS = {"id", "date", "article", "must", "must_not", "quotes"}
ARTICLE_KEYS = {"title", "source", "authors", "subtitle", "inferred_between", "inferred_xfail"}
QUOTE_KEYS = {"speaker", "speaker_country", "text", "xfail"}
MIN_ARTICLES = 8
MIN_WORDS, MAX_WORDS = 400, 900


@cache
def load_articles() -> tuple[dict[str, Any], ...]:
    """Every article's expectations, parsed, in file-name order."""
    return tuple(yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(FIXTURES.glob("*.yaml")))


def _by_id(article_id: str) -> dict[str, Any]:
    return next(fx for fx in load_articles() if fx["id"] == article_id)


@cache
def reading(article_id: str, dated: bool = True) -> Extraction:
    """The coder's reading of one article, with its date given (or inferred when ``dated`` is false)."""
    from thucydides.article import read_article
    from thucydides.pipeline import extract_article

    day = _by_id(article_id)["date"] if dated else None
    return extract_article(read_article(FIXTURES / f"{article_id}.txt", published=day))


def _plain(exp: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in exp.items() if k != "xfail"}


def _cases(kind: str) -> list[Any]:
    cases = []
    for fx in load_articles():
        for n, exp in enumerate(fx.get(kind) or []):
            marks = [pytest.mark.xfail(strict=True, reason=exp["xfail"])] if "xfail" in exp else []
            cases.append(pytest.param(fx["id"], _plain(exp), id=f"{fx['id']}-{kind}{n}", marks=marks))
    return cases


def _found(events: list[Event]) -> str:
    return "\n".join(_describe(e) for e in events) or "  (no events)"


# ------------------------------------------------------------ the fixture set itself

def test_article_set_is_valid() -> None:
    """Enough stories of the right length, every expectation well formed, 3-6 main events each."""
    ids = [fx["id"] for fx in load_articles()]
    assert len(ids) >= MIN_ARTICLES, ids
    errors = []
    for fx in load_articles():
        name = fx.get("id")
        if set(fx) != TOP_KEYS:
            errors.append(f"{name}: top-level keys {sorted(fx)} != {sorted(TOP_KEYS)}")
        if not isinstance(fx.get("date"), datetime.date):
            errors.append(f"{name}: date is not a date")
        text = (FIXTURES / f"{name}.txt").read_text(encoding="utf-8")
        if not MIN_WORDS <= len(text.split()) <= MAX_WORDS:
            errors.append(f"{name}: {len(text.split())} words")
        if not 3 <= len(fx.get("must") or []) <= 6:
            errors.append(f"{name}: must needs 3-6 expectations")
        if set(fx.get("article") or {}) - ARTICLE_KEYS:
            errors.append(f"{name}: unknown article keys {set(fx['article']) - ARTICLE_KEYS}")
        for exp in (fx.get("must") or []) + (fx.get("must_not") or []):
            errors += [f"{name}: {e}" for e in _expectation_errors(_plain(exp))]
        for q in fx.get("quotes") or []:
            if not q.get("text") or set(q) - QUOTE_KEYS:
                errors.append(f"{name}: bad quote expectation {q}")
    assert not errors, "\n".join(errors)


# ------------------------------------------------------------ events

@pytest.mark.parametrize(("article_id", "expectation"), _cases("must"))
def test_main_event_found(article_id: str, expectation: dict[str, Any]) -> None:
    events = reading(article_id).events
    assert any(matches(e, expectation) for e in events), (
        f"{article_id}: missing {expectation}\nevents found:\n{_found(events)}")


@pytest.mark.parametrize(("article_id", "trap"), _cases("must_not"))
def test_trap_avoided(article_id: str, trap: dict[str, Any]) -> None:
    hits = [e for e in reading(article_id).events if matches(e, trap)]
    assert not hits, f"{article_id}: trap {trap} matched by:\n{_found(hits)}"


# ------------------------------------------------------------ quotes and article structure

def _quote_ok(quote: Quote, exp: dict[str, Any]) -> bool:
    speaker = quote.speaker
    return (exp["text"].lower() in quote.text.lower()
            and ("speaker" not in exp or (speaker is not None and exp["speaker"].lower()
                                           in f"{speaker.text} {speaker.name}".lower()))
            and ("speaker_country" not in exp or (speaker is not None and speaker.country == exp["speaker_country"])))


@pytest.mark.parametrize(("article_id", "expectation"), _cases("quotes"))
def test_quote_speaker(article_id: str, expectation: dict[str, Any]) -> None:
    quotes = reading(article_id).quotes
    shown = "\n".join(f"  {q.speaker.text if q.speaker else None} ({q.speaker.country if q.speaker else None}):"
                      f" {q.text[:70]!r}" for q in quotes)
    assert any(_quote_ok(q, expectation) for q in quotes), f"{article_id}: no quote {expectation}\n{shown}"


@pytest.mark.parametrize("article_id", [fx["id"] for fx in load_articles()])
def test_article_structure(article_id: str) -> None:
    """Title, byline and subtitle as a reader sees them; the dateline is furniture, not the lead."""
    want = _by_id(article_id)["article"]
    art = reading(article_id).article
    assert art.title == want["title"]
    assert art.source == want["source"]
    assert art.authors == want["authors"]
    if "subtitle" in want:
        assert (art.subtitle or "").startswith(want["subtitle"])
    first = art.paragraphs[0]
    assert not first.split(" ")[0].isupper() or len(first.split(" ")[0]) < 4, f"dateline left in: {first[:40]!r}"


def _dating_cases() -> list[Any]:
    """One case per article; ``inferred_xfail: REASON`` in its article block makes it a strict xfail."""
    return [pytest.param(fx["id"], id=fx["id"], marks=[pytest.mark.xfail(strict=True, reason=fx["article"]["inferred_xfail"])]
                         if "inferred_xfail" in fx["article"] else []) for fx in load_articles()]


@pytest.mark.parametrize("article_id", _dating_cases())
def test_inferred_date_fits_the_offices_named(article_id: str) -> None:
    """Without --date the inferred date lies where the people in office and the years named allow."""
    first, last = _by_id(article_id)["article"]["inferred_between"]
    published = reading(article_id, dated=False).article.published
    assert published.inferred and published.date is not None
    assert first <= datetime.date.fromisoformat(published.date) <= last, published.evidence


# ------------------------------------------------------------ the general fixes, one by one

@pytest.mark.parametrize(("opening", "place"), [
    ("CARACAS - ", "CARACAS"),
    ("JERUSALEM/GAZA - ", "JERUSALEM/GAZA"),
    ("JEDDAH, Saudi Arabia – ", "JEDDAH, Saudi Arabia"),
    ("UNITED NATIONS — ", "UNITED NATIONS"),
])
def test_bare_wire_dateline_is_cut(opening: str, place: str) -> None:
    from thucydides.article import parse_text

    art = parse_text(opening + "Officials met on Friday to discuss the border.", "d")
    assert art.paragraphs == ["Officials met on Friday to discuss the border."]
    assert art.dateline == place and art.boilerplate == [opening.strip()]


@pytest.mark.parametrize("text", [
    "US-Iran talks resumed on Monday.",
    "NATO - the alliance - met on Monday.",
    "UN: talks resume on Monday.",
])
def test_prose_is_not_a_dateline(text: str) -> None:
    from thucydides.article import parse_text

    art = parse_text(text, "p")
    assert art.dateline is None and art.paragraphs == [text]


def test_outlet_on_the_line_after_the_byline() -> None:
    from thucydides.article import parse_text

    art = parse_text("Talks resume in Doha\n\nBy Jane Roe\ndpa\nMediators hope for a deal this week\n\n"
                     "Negotiators met in Doha on Monday.", "b")
    assert (art.title, art.authors, art.source) == ("Talks resume in Doha", ["Jane Roe"], "dpa")
    assert art.subtitle == "Mediators hope for a deal this week"
    assert art.paragraphs == ["Negotiators met in Doha on Monday."]


def test_unattributed_quote_continues_the_speaker_of_its_paragraph() -> None:
    from thucydides.pipeline import extract_text

    result = extract_text('"We are ready to talk," Turkish Foreign Minister Hakan Fidan said on Monday. '
                          '"But we will not wait forever."', date=datetime.date(2024, 3, 4))
    later = next(q for q in result.quotes if q.text.startswith("But"))
    assert later.speaker is not None and later.speaker.country == "TUR"


def test_family_name_first_short_form() -> None:
    from thucydides.pipeline import extract_text

    result = extract_text("Chinese President Xi Jinping arrived in Hanoi on Tuesday. "
                          "Xi met Vietnam's prime minister on Wednesday.", date=datetime.date(2023, 12, 13))
    meeting = next(e for e in result.events if "Xi met" in e.evidence)
    assert meeting.source.code == "CHNGOV"


def test_coordinated_backers_do_not_endorse_each_other() -> None:
    from thucydides.pipeline import extract_text

    result = extract_text("France, Italy and Poland backed the new duties on Friday.", date=datetime.date(2024, 10, 5))
    backers = {"FRA", "ITA", "POL"}
    assert {e.source.country for e in result.events if e.cameo.startswith("05")} == backers
    assert not [e for e in result.events if e.target is not None and e.target.country in backers]
