"""Sentence triage: what the first pass keeps, what stays bare, and that the flag turns it off."""
from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from thucydides import nlp
from thucydides.article import read_article
from thucydides.pipeline import default_knowledge, extract_article, extract_text, parse_article

ROOT = Path(__file__).resolve().parent.parent
CLI = [sys.executable, "-m", "thucydides"]

# Invented text: sentences with and without anything to code.
MIXED = (
    "The weather in the capital was mild and dry for most of the week.\n\n"
    "Kenyan police arrested 14 protesters outside parliament in Nairobi on Tuesday.\n\n"
    "Traffic in Mombasa was heavy throughout the afternoon.\n\n"
    "The interior ministry condemned the protest.\n"
)


@pytest.fixture(scope="module")
def triage():
    found = default_knowledge().triage()
    assert found is not None
    return found


def _sentences(doc):
    return [(s.text.strip(), nlp.is_parsed(s)) for s in doc.sents if s.text.strip()]


def test_only_candidate_sentences_are_parsed(triage):
    doc = nlp.parse_selected(MIXED, triage.select)
    assert doc.text == MIXED
    assert _sentences(doc) == [
        ("The weather in the capital was mild and dry for most of the week.", False),
        ("Kenyan police arrested 14 protesters outside parliament in Nairobi on Tuesday.", True),
        ("Traffic in Mombasa was heavy throughout the afternoon.", False),
        ("The interior ministry condemned the protest.", True),
    ]
    bare = [t for s in doc.sents if not nlp.is_parsed(s) for t in s if not t.is_space]
    assert bare and all(t.pos_ == "" and t.lemma_ == "" and t.ent_type_ == "" for t in bare)


def test_offsets_match_a_full_parse(triage):
    article = read_article(ROOT / "samples" / "corpus" / sorted(p.name for p in (ROOT / "samples" / "corpus").glob("*.txt"))[0])
    selected = nlp.parse_selected(article.body, triage.select)
    full = nlp.parse(article.body)
    assert selected.text == full.text == article.body
    # Both tokenize with the same tokenizer: every token starts where the full parse's does.
    assert [t.idx for t in selected] == [t.idx for t in full]


def test_inflected_and_irregular_triggers(triage):
    for form in ("shelled", "struck", "fought", "attacks", "met", "sanctions", "negotiating"):
        assert triage.is_trigger(form), form
    for form in ("weather", "traffic", "mild", "afternoon"):
        assert not triage.is_trigger(form), form


def test_quotations_and_pointers_back_are_kept(triage):
    text = ("Government troops were deployed to the border town last month.\n\n"
            "They shelled rebel positions on Monday, the army said.\n\n"
            "\u201cThe operation will continue. The roads are empty. Nobody is safe here,\u201d a resident "
            "told reporters.\n\n"
            "``It was quiet at night,'' she added.\n")
    doc = nlp.parse_selected(text, triage.select)
    kept = [parsed for _, parsed in _sentences(doc)]
    # The first sentence has no trigger, but the second opens with "They": its antecedent is parsed.
    assert kept[0] and kept[1]
    # The sentences that open and close a quotation are parsed (the speaker stands beside a mark),
    # typewriter marks included; the quotation's middle is judged like any sentence.
    assert kept[2] and not kept[3] and kept[4] and kept[5]


def test_bare_sentences_yield_no_events_and_keep_their_dates():
    on = date(2024, 3, 13)   # a Wednesday
    text = ("Schools in the district will reopen on Monday.\n\n"
            "Nigerian troops attacked a militant camp in Borno state on Tuesday.\n")
    assert not nlp.is_parsed(next(nlp.parse_selected(text, default_knowledge().triage().select).sents))
    with_triage = extract_text(text, date=on, triage=True)
    without = extract_text(text, date=on, triage=False)
    assert [e.cameo[:2] for e in with_triage.events] == [e.cameo[:2] for e in without.events] == ["19"]
    assert with_triage.events[0].sentence == 1
    # The bare first sentence still has its time expression, resolved forward by the parser-free tense guess.
    values = {t.text: t.value for t in with_triage.times}
    assert values["Monday"] == "2024-03-18"
    assert values["Tuesday"] == "2024-03-12"


def test_flag_off_parses_every_sentence():
    knowledge = default_knowledge()
    article = read_article(ROOT / "samples" / "corpus" / sorted(p.name for p in (ROOT / "samples" / "corpus").glob("*.txt"))[0])
    doc = parse_article(article, knowledge, triage=False)
    assert all(nlp.is_parsed(s) for s in doc.sents)


def test_same_events_on_the_sample_corpus():
    """Triage on the event-dense sample corpus keeps (nearly) every event of a full parse."""
    knowledge = default_knowledge()

    def key(e):
        return (e.start, e.cameo, e.source.code, e.target.code if e.target else None, e.modality)

    full = triaged = agree = 0
    for path in sorted((ROOT / "samples" / "corpus").glob("*.txt"))[:30]:
        article = read_article(path)
        a = {key(e) for e in extract_article(article, knowledge, triage=False).events}
        b = {key(e) for e in extract_article(article, knowledge, triage=True).events}
        full, triaged, agree = full + len(a), triaged + len(b), agree + len(a & b)
    assert full > 200
    assert agree / full >= 0.97, (agree, full, triaged)


def test_cli_no_triage_flag(tmp_path: Path):
    source = tmp_path / "mixed.txt"
    source.write_text(MIXED, encoding="utf-8")
    runs = {}
    for flag in ("--triage", "--no-triage"):
        out = subprocess.run([*CLI, "extract", str(source), "--date", "2024-05-08", flag],
                             capture_output=True, text=True, check=True, cwd=ROOT)
        runs[flag] = json.loads(out.stdout)
    places = {flag: {e["text"] for e in run["entities"]} for flag, run in runs.items()}
    # Without triage the traffic sentence is parsed too, and its city is an entity; with it, it is not.
    assert "Nairobi" in places["--triage"] and "Nairobi" in places["--no-triage"]
    assert "Mombasa" in places["--no-triage"] and "Mombasa" not in places["--triage"]
    assert [e["cameo"] for e in runs["--triage"]["events"]] == [e["cameo"] for e in runs["--no-triage"]["events"]]
