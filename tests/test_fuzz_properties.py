"""Property-based tests (hypothesis): what holds for any input, not just the ones we thought of.

The generated texts mix words the coder knows (country names, titles, people, event verbs and
nouns, all drawn from the project's own data files), the furniture of news copy (quotes, dates,
numbers, bylines, datelines, boilerplate) and arbitrary Unicode. The properties are those of
``tests/fuzz/properties.py``: a reader fails only with a one-line InputError, offsets slice to
their text, every event has a codebook CAMEO code, the output validates against the contract.
The example counts are modest so the file runs in well under a minute; the fuzz targets in
``tests/fuzz/`` search longer.
"""
from __future__ import annotations

import gzip
import json
import sys
from datetime import date
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parent / "fuzz"))

from properties import check_article, check_extraction, check_input_error

from thucydides import nlp, quotes, timex
from thucydides.article import InputError, decode, parse_text, read_article, read_jsonl
from thucydides.pipeline import default_knowledge, extract_article

FAST = settings(deadline=None, suppress_health_check=list(HealthCheck), derandomize=True, database=None)


@cache
def _vocabulary() -> dict[str, list[str]]:
    """Words the coder reacts to, read from the knowledge files (every n-th, to keep it small)."""
    knowledge = default_knowledge()
    kb, lexicon = knowledge.kb, knowledge.lexicon

    def capitalised(words: str) -> str:
        return " ".join(w[:1].upper() + w[1:] for w in words.split())

    return {
        "actors": sorted({capitalised(n) for n in kb.country_names})[::5]
                  + sorted({capitalised(n) for n in kb.people_by_name})[::40]
                  + sorted({capitalised(t) for t in kb.titles})[::4] + sorted(kb.agent_terms)[::4],
        "verbs": sorted(lexicon.verbs)[::2],
        "nouns": sorted(lexicon.nouns)[::3],
    }


NEWS_GLUE = ["the", "a", "of", "in", "on", "and", "that", "unless", "if", "would", "will", "not", "said", "told",
             "according to", "who", "Monday", "on September 28", "last week", "in 2019", "three days ago", "tomorrow",
             "two", "5,000", "killed", "wounded", "troops", "near", "airport", "former", "Iranian-backed", "militias",
             '"', "“", "”", "'", "’s", ",", ".", ";", ":", "?", "(", ")", "-", "—", "\n", "\n\n", "…",
             "By Jane Doe, Reuters", "Source: AP", "Published: 3 March 2021", "KABUL (Reuters) -", "Sign up for our newsletter"]


def _verb_forms(verb: str) -> st.SearchStrategy[str]:
    return st.sampled_from([verb, verb + "s", verb + "ed", "will " + verb, "did not " + verb,
                            "threatened to " + verb, "said it would " + verb])


@st.composite
def news_text(draw, max_words: int = 50) -> str:
    """Text built from the coder's own vocabulary, news furniture and arbitrary characters."""
    vocab = _vocabulary()
    word = st.one_of(st.sampled_from(vocab["actors"]), st.sampled_from(vocab["verbs"]).flatmap(_verb_forms),
                     st.sampled_from(vocab["nouns"]), st.sampled_from(NEWS_GLUE), st.text(max_size=4))
    return " ".join(draw(st.lists(word, min_size=1, max_size=max_words)))


any_text = st.one_of(st.text(), news_text())


# ------------------------------------------------------------------ the reader

@settings(FAST, max_examples=300)
@given(st.one_of(any_text.map(str.encode), st.binary(max_size=400)))
def test_reader_accepts_or_rejects_with_one_line(data: bytes) -> None:
    try:
        article = parse_text(decode(data, "input.txt"), "a", name="input.txt")
    except InputError as error:
        check_input_error(error)
        assert error.name == "input.txt"
        return
    check_article(article)


@settings(FAST, max_examples=60)
@given(st.lists(st.one_of(
    st.fixed_dictionaries({"id": st.text(max_size=6), "text": any_text},
                          optional={"date": st.one_of(st.dates().map(str), st.text(max_size=10)),
                                    "title": st.one_of(st.text(max_size=20), st.integers()),
                                    "url": st.one_of(st.text(max_size=20), st.lists(st.integers(), max_size=2))}
                          ).map(lambda r: json.dumps(r, ensure_ascii=False)),
    st.text(max_size=40).filter(lambda s: "\n" not in s and "\r" not in s)), max_size=6), st.booleans())
def test_jsonl_keeps_order_and_names_bad_lines(tmp_path_factory: pytest.TempPathFactory, lines: list[str],
                                               compressed: bool) -> None:
    folder = tmp_path_factory.mktemp("jsonl")
    raw = "\n".join(lines).encode("utf-8", errors="surrogatepass")
    path = folder / ("batch.jsonl.gz" if compressed else "batch.jsonl")
    path.write_bytes(gzip.compress(raw) if compressed else raw)
    records = list(read_jsonl(path))
    expected = [n for n, line in enumerate(lines, 1) if line.encode("utf-8", "surrogatepass").strip()]
    assert [r.line for r in records] == expected
    for record in records:
        if record.error is not None:
            check_input_error(record.error)
            assert record.error.name == f"{path} line {record.line}"
        else:
            check_article(record.article)
            assert record.article.url is None or isinstance(record.article.url, str)


@settings(FAST, max_examples=40)
@given(st.binary(max_size=300), st.sampled_from([".txt", ".html", ".htm", ""]))
def test_any_file_is_an_article_or_a_one_line_rejection(tmp_path_factory: pytest.TempPathFactory, data: bytes,
                                                        suffix: str) -> None:
    path = tmp_path_factory.mktemp("file") / f"input{suffix}"
    path.write_bytes(data)
    try:
        article = read_article(path)
    except InputError as error:
        check_input_error(error)
        assert str(path) in str(error)
        return
    check_article(article)


# ------------------------------------------------------------------ dates

TIME_WORDS = ["Monday", "Sunday", "September", "Feb.", "28", "29", "31", "1", "2020", "1999", "last", "next", "this",
              "week", "month", "year", "decade", "ago", "from now", "days", "two", "several", "yesterday", "today",
              "tomorrow", "early", "late", "spring", "winter", "weekend", "on", "in", "by", ",", ".", "12/31/2020",
              "5,000 years ago", "in 9000 years"]


@settings(FAST, max_examples=400)
@given(st.lists(st.one_of(st.sampled_from(TIME_WORDS), st.text(max_size=3)), max_size=20).map(" ".join),
       st.dates(), st.sampled_from([None, "past", "future"]))
def test_times_slice_and_resolve_to_iso_values(text: str, anchor: date, tense: str | None) -> None:
    for mention in timex.find_times(text):
        assert text[mention.start:mention.end] == mention.text
        value = timex.resolve(mention, anchor, tense)
        if value is None:
            continue
        if value.precision == "day":
            assert date.fromisoformat(value.value)
        elif value.precision == "week":
            assert timex.week_monday(value.value).weekday() == 0
        else:
            assert len(value.value.split("-")[0]) == 4 and 1 <= int(value.value[:4]) <= 9999


# ------------------------------------------------------------------ quotes and the whole extraction

@settings(FAST, max_examples=80)
@given(news_text(max_words=40))
def test_quotes_slice_the_text(text: str) -> None:
    doc = nlp.parse(text)
    for q in quotes.find_quotes(doc):
        assert text[q.start:q.end] == q.text
        if q.speaker_start is not None:
            assert 0 <= q.speaker_start <= q.speaker_end <= len(text)


@settings(FAST, max_examples=150)
@given(news_text(), st.one_of(st.none(), st.dates()))
def test_extraction_honours_the_contract(text: str, published: date | None) -> None:
    try:
        article = parse_text(text, "prop", published=published)
    except InputError as error:
        check_input_error(error)
        return
    check_extraction(extract_article(article))
