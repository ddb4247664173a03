"""The fast attribute ruler gives every token exactly what spaCy's own attribute ruler gives.

Three angles, all against the real model and the real AttributeRuler:
- whole pipelines (fast vs spaCy's ruler in the same place) over every text the project has: the
  sample corpus, the generality fixtures, TimeML newswire, the seed, and hostile strings; every
  token's POS, TAG, MORPH, LEMMA, DEP, HEAD and entity must agree, and most rules must have fired;
- random token sequences built from the ruler's own words, tags and labels (hypothesis), so
  rare rules, overlaps and two-token rules are exercised beyond what prose happens to contain;
- refusal: rules it cannot reproduce exactly leave the original ruler in place.
"""
from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
import spacy
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc

from thucydides import fast_attributes as fa
from thucydides.nlp import load_model

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"

HOSTILE = [
    "", " ", "\n\n\n", "\t \u00a0 \u2003 ", "   leading and trailing   ",
    "北京市政府周一表示，将与台湾举行会谈。东京 ソウル 서울",
    "قال وزير الخارجية إن المحادثات ستستمر. שלום עולם",
    "Mixed: Москва said \u202eRTL override\u202c and \u200bzero\u200bwidth.",
    "$$$ %%% &&& *** @@@ ### ~~~ ^^^ ||| <<>> {{}} [[]] ((( )))",
    "🙂🚀 emoji 🇺🇸🇮🇷 flags, ½ ¾ ™ © ° ±",
    "a" * 300 + " " + "-" * 200,
    "word\u0000with\u0007controls\u001b[0m and\r\ncarriage returns\r\n\r\nhere",
    "I said it. You saw it. It was them: they had said so, did they not?",
    "We're gonna go, y'all ain't gotta wait; let's see. C'mon, it's nothin', I'd've done it.",
    "There is a plan and there are doubts; there was talk, there were 'em, doin' somethin' ol'.",
    "GONNA WANNA Y'ALL LET'S AIN'T CAN'T WON'T SHAN'T",
    "that which is, those who were; which did he mean? Whatever he had, he had it done.",
    "1,000,000 troops -- 3.5% -- 12:30pm -- 2020-09-28 -- +44 20 7946 0958 -- x@y.org -- https://a.b/c?d=e",
    "  \n  \n\n   \n" * 5,
    "Mr.\nSmith. Gen.\n\nJones said:\n\n\"No.\"\n\n",
]


def _texts() -> list[str]:
    texts = [p.read_text("utf-8") for p in sorted((ROOT / "samples" / "corpus").rglob("*.txt"))]
    for path in sorted((ROOT / "tests" / "fixtures" / "generality").glob("*.yaml")):
        fixture = yaml.safe_load(path.read_text("utf-8"))
        texts.append(f"{fixture['title']}\n\n{fixture['text']}")
    timeml = SHARED / "eval" / "timeml_dev"
    if timeml.is_dir():
        from thucydides.evaluation.timeml import read_timeml
        texts += [read_timeml(p).text for p in sorted(timeml.glob("*.tml"))]
    texts += [p.read_text("utf-8") for p in sorted((SHARED / "seed").glob("*.txt"))]
    return texts + HOSTILE


def _row(token) -> tuple:
    return (token.text, token.pos_, token.tag_, str(token.morph), token.lemma_, token.dep_, token.head.i,
            token.ent_iob_, token.ent_type_, token.is_sent_start)


@cache
def _model():
    nlp = load_model()
    assert isinstance(nlp.get_pipe(fa.RULER), fa.FastAttributeRuler), "load_model kept spaCy's ruler"
    return nlp


def test_installed_in_place_of_the_ruler() -> None:
    nlp = _model()
    names = nlp.pipe_names
    # same name and place: the lemmatizer that reads POS still runs after it
    assert names.index(fa.RULER) < names.index("lemmatizer")
    assert nlp.get_pipe(fa.RULER).patterns == nlp.get_pipe(fa.RULER).original.patterns


def test_identical_tokens_over_every_text() -> None:
    nlp = _model()
    fast_pipe = nlp.pipeline
    reference = fa.reference_pipeline(nlp)
    original = dict(reference)[fa.RULER]
    assert isinstance(original, AttributeRuler)
    fired: set[int] = set()
    tokens = 0
    for text in _texts():
        docs = []
        for pipeline in (fast_pipe, reference):
            doc = nlp.make_doc(text)
            for name, proc in pipeline:
                if proc is original:
                    fired.update(rule for rule, *_ in original.match(doc))
                doc = proc(doc)
            docs.append(doc)
        fast, ref = docs
        tokens += len(ref)
        for a, b in zip(fast, ref, strict=True):
            assert _row(a) == _row(b), f"{text[:60]!r}: token {b.i} {b.text!r}"
        assert [(e.start, e.end, e.label_) for e in fast.ents] == [(e.start, e.end, e.label_) for e in ref.ents]
    assert tokens > 15_000
    # the comparison means something only if the rules actually ran: most of them, two-token ones too
    rules = fa.compile_rules(original)
    assert len(fired) >= 0.5 * len(original.attrs), f"only {len(fired)} rules fired"
    assert fired & {p.rule for p in rules.multi}


@cache
def _vocabulary() -> tuple[list[str], list[str], list[str]]:
    """Words, tags and dependency labels the ruler and the model know, plus a few it does not."""
    nlp = _model()
    words = {" ", "\n", "  ", "the", "Paris", "x", "-", "ca", "wo"}
    for pattern in nlp.get_pipe(fa.RULER).patterns:
        for tokens in pattern["patterns"]:
            for spec in tokens:
                for key, value in spec.items():
                    if key == "LOWER":
                        values = value.get("IN", []) if isinstance(value, dict) else [value]
                        words.update(values)
                        words.update(v.upper() for v in values)
                        words.update(v.title() for v in values)
    words.update({"y'", "y", "nuthin'", "nothin'", "nt", "n't"})       # the regexes' both sides
    tags = sorted(set(nlp.get_pipe("tagger").labels) | {"_SP", "", "XX"})
    deps = sorted(set(nlp.get_pipe("parser").labels) | {"", "dep"})
    return sorted(words), tags, deps


@st.composite
def _token_rows(draw) -> list[tuple[str, str, str]]:
    words, tags, deps = _vocabulary()
    return draw(st.lists(st.tuples(st.sampled_from(words), st.sampled_from(tags), st.sampled_from(deps)),
                         min_size=1, max_size=12))


@settings(max_examples=300, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
@given(_token_rows())
def test_identical_on_random_token_sequences(rows: list[tuple[str, str, str]]) -> None:
    nlp = _model()
    fast = nlp.get_pipe(fa.RULER)
    doc = Doc(nlp.vocab, words=[w for w, _, _ in rows], spaces=[False] * len(rows))
    for token, (_, tag, dep) in zip(doc, rows):
        token.tag_ = tag
        token.dep_ = dep
    a, b = fast(doc.copy()), fast.original(doc.copy())
    assert [_row(t) for t in a] == [_row(t) for t in b]


def _ruler_with(patterns: list[dict]) -> tuple[spacy.language.Language, AttributeRuler]:
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add_patterns(patterns)
    return nlp, ruler


def test_later_rules_win_and_indices_count_from_either_end() -> None:
    nlp, ruler = _ruler_with([
        {"patterns": [[{"LOWER": "talks"}]], "attrs": {"LEMMA": "first", "POS": "NOUN"}},
        {"patterns": [[{"LOWER": {"IN": ["talks", "talk"]}}]], "attrs": {"LEMMA": "talk"}},
        {"patterns": [[{"LOWER": "peace"}, {"LOWER": "talks"}]], "attrs": {"POS": "PROPN"}, "index": -1},
        {"patterns": [[{"LOWER": {"REGEX": "^peace$"}}, {}]], "attrs": {"MORPH": "Number=Sing"}},
        {"patterns": [[{"LOWER": {"NOT_IN": ["peace", "talks"]}, "IS_PUNCT": False}]], "attrs": {"POS": "X"}},
    ])
    rules = fa.compile_rules(ruler)
    assert fa.self_check(nlp, rules, ruler, ["Peace talks resumed, talks said: peace talks. peace"])
    doc = fa.apply(rules, nlp.make_doc("Peace talks resumed, peace"))
    assert [(t.lemma_, t.pos_, str(t.morph)) for t in doc] == [
        ("", "", "Number=Sing"), ("talk", "PROPN", ""), ("", "X", ""), ("", "", ""), ("", "", "")]


@pytest.mark.parametrize("pattern", [
    {"patterns": [[{"LOWER": "a", "OP": "+"}]], "attrs": {"POS": "DET"}},
    {"patterns": [[{"LOWER": {"FUZZY": "ministry"}}]], "attrs": {"POS": "NOUN"}},
    {"patterns": [[{"LENGTH": {">=": 3}}]], "attrs": {"POS": "NOUN"}},
    {"patterns": [[{"MORPH": {"IS_SUPERSET": ["Number=Sing"]}}]], "attrs": {"POS": "NOUN"}},
    {"patterns": [[{"_": {"flag": True}}]], "attrs": {"POS": "NOUN"}},
    {"patterns": [[{"LOWER": "a"}]], "attrs": {"NORM": "an"}},
    {"patterns": [[{"LOWER": "a"}]], "attrs": {"POS": "DET"}, "index": 1},
])
def test_refuses_what_it_cannot_reproduce(pattern: dict) -> None:
    nlp, ruler = _ruler_with([pattern])
    with pytest.raises(fa.Unsupported):
        fa.compile_rules(ruler)
    assert fa.install(nlp) is False
    assert nlp.get_pipe(fa.RULER) is ruler


def test_no_ruler_no_change() -> None:
    nlp = spacy.blank("en")
    assert fa.install(nlp) is False
    assert nlp.pipe_names == []
