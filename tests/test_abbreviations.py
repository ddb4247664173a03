"""Sentence boundaries around abbreviations: "Oct." or "Sgt." does not end a sentence before a name or number."""
from __future__ import annotations

import pytest

from thucydides import nlp


def sentences(text: str) -> list[str]:
    return [s.text for s in nlp.parse(text).sents]


@pytest.mark.parametrize("text", [
    "The vote on Oct. 12 was delayed.",
    "The ceasefire took effect on Sept. 3, officials said.",
    "The talks began in Jan. 2019 and ended in Feb. last year.",
    "Villagers said the shelling stopped after Sgt. Daniel Moyo ordered a halt.",
    "The checkpoint was closed, according to Cpl. Peter Lang.",
    "Witnesses said the firing ended when Capt. Hana Ortiz arrived at the gate.",
    "The bill was backed by Sen. Maria Lopez and Rep. Tom Hale on Tuesday.",
    "Lt. Col. Dana Reyes led the unit into the town.",
    "The envoy lives at No. 10 on the main square.",
    "Protesters marched past St. Anne Street toward the palace.",
])
def test_abbreviation_does_not_end_the_sentence(text: str) -> None:
    assert sentences(text) == [text]


@pytest.mark.parametrize("text, first", [
    ("Police detained him on Dec. 24. Officials did not comment.", "Police detained him on Dec. 24."),
    ("The office is on Harbour St. The police closed it.", "The office is on Harbour St."),
])
def test_real_sentence_end_after_an_abbreviation_stays(text: str, first: str) -> None:
    assert sentences(text)[0] == first


def test_line_break_after_an_abbreviation_still_ends_the_sentence() -> None:
    text = "The order came from Gen.\n\nTroops moved north at dawn."
    assert len(sentences(text)) == 2
