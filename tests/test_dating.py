"""Article-date inference from the text alone, on stories written for these tests."""
from __future__ import annotations

from datetime import date

import pytest

from thucydides import nlp, timex
from thucydides.coding.lexicon import load_lexicon
from thucydides.dating import clause_tense
from thucydides.pipeline import extract_text


def published(text: str) -> dict:
    return extract_text(text).article.published.model_dump()


def test_weekday_date_and_dated_office_pick_the_year() -> None:
    # Tuesday, March 29 falls in 2016, 2022 and 2027; Blinken was Secretary of State only in 2021-2025.
    pub = published("On Tuesday, March 29, Secretary of State Antony Blinken met Ukraine's foreign "
                    "minister in Morocco. The two discussed new sanctions on Russia.")
    assert pub["date"].startswith("2022-03") and pub["inferred"] is True
    assert any("Blinken" in line for line in pub["evidence"])
    assert any("weekday" in line for line in pub["evidence"])


def test_named_election_picks_the_year() -> None:
    pub = published("Ahead of the November 5 presidential election, the president visited Pennsylvania "
                    "on Saturday, October 12, and criticised his rival's plans for tariffs on China.")
    assert pub["date"].startswith("2024-10")


def test_explicit_date_beats_office_spans() -> None:
    pub = published("Rockets struck near the airport on Sunday, February 14, 2021, officials said. "
                    "Prime Minister Mustafa al-Kadhimi condemned the attack.")
    assert pub["date"] == "2021-02-14"


def test_dateline_date_is_not_inferred() -> None:
    pub = published("CAIRO, June 3, 2019 - Egyptian police arrested dozens of protesters on Monday.")
    assert pub == {"date": "2019-06-03", "inferred": False, "evidence": ["date line: June 3, 2019"]}


def test_year_named_as_past_only_bounds_the_date_from_below() -> None:
    # Tuesday, March 29 fits 2016 and 2022 (not 2018); the 2018 election is background, so 2016 is out.
    pub = published("On Tuesday, March 29, police arrested the opposition leader, who came second in the "
                    "2018 presidential election, at his home in the capital.")
    assert pub["date"] == "2022-03-29"
    assert any("2018 or later" in line for line in pub["evidence"])


def test_year_named_as_past_alone_is_a_weak_guess() -> None:
    pub = published("Police arrested the opposition leader, who came second in the 2018 presidential "
                    "election, at his home in the capital.")
    assert pub["date"].startswith("2018") and pub["inferred"] is True
    assert not any("names the year 2018" in line for line in pub["evidence"])


def test_no_evidence_leaves_the_date_unknown() -> None:
    pub = published("The minister said the talks had been constructive and would continue.")
    assert pub["date"] is None and pub["inferred"] is True


# ------------------------------------------------------------------ tense of the clause a date sits in

WEDNESDAY = date(2025, 3, 12)


def tense_and_day(sentence: str, word: str) -> tuple[str | None, str]:
    """The clause tense of the weekday ``word`` in ``sentence`` and the day it resolves to."""
    doc = nlp.parse(sentence)
    mention = next(m for m in timex.find_times(doc.text) if m.text == word)
    root = doc.char_span(mention.start, mention.end, alignment_mode="expand").root
    tense = clause_tense(root, load_lexicon().grammar)
    resolved = timex.resolve(mention, WEDNESDAY, tense)
    assert resolved is not None
    return tense, resolved.value


@pytest.mark.parametrize("sentence, word, day", [
    ("Regional elections will be held on Sunday across the north.", "Sunday", "2025-03-16"),
    ("Negotiations with the union are due to resume on Monday.", "Monday", "2025-03-17"),
    ("The foreign minister is expected to arrive on Friday.", "Friday", "2025-03-14"),
    ("The final reading is scheduled for Thursday.", "Thursday", "2025-03-13"),
    ("The inquiry is scheduled to open on Monday.", "Monday", "2025-03-17"),
    ("Both delegations are set to meet on Friday.", "Friday", "2025-03-14"),
    ("The runoff, set for Sunday, pits two former ministers against each other.", "Sunday", "2025-03-16"),
    ("The governor is to tour the flooded districts on Saturday.", "Saturday", "2025-03-15"),
    ("The cabinet plans to approve the budget on Tuesday.", "Tuesday", "2025-03-18"),
    ("The tribunal's ruling is due on Monday.", "Monday", "2025-03-17"),
    ("The senator is going to testify on Thursday.", "Thursday", "2025-03-13"),
])
def test_scheduled_weekday_points_forward(sentence: str, word: str, day: str) -> None:
    tense, value = tense_and_day(sentence, word)
    assert tense == "future" and value == day


@pytest.mark.parametrize("sentence, word, day", [
    ("On Sunday, rebels attacked a fuel convoy near the river crossing.", "Sunday", "2025-03-09"),
    ("The negotiations resumed on Monday after a two-week pause.", "Monday", "2025-03-10"),
    ("A deal agreed on Monday collapsed within hours.", "Monday", "2025-03-10"),
    # The date belongs to the saying, not to the reported plan.
    ("The navy said on Tuesday it will withdraw two frigates.", "Tuesday", "2025-03-11"),
])
def test_reported_weekday_points_back(sentence: str, word: str, day: str) -> None:
    tense, value = tense_and_day(sentence, word)
    assert tense == "past" and value == day


@pytest.mark.parametrize("sentence, word, tense, day", [
    ("Voters go to the polls on Sunday in the first election since the coup.", "Sunday", "present", "2025-03-16"),
    ("The assembly is meeting on Friday to debate the bill.", "Friday", "present", "2025-03-14"),
    # Through a noun the clause's present says nothing about the day: the nearest past one.
    ("The bombing on Sunday is the third this month.", "Sunday", None, "2025-03-09"),
])
def test_present_tense_weekday(sentence: str, word: str, tense: str | None, day: str) -> None:
    assert tense_and_day(sentence, word) == (tense, day)
