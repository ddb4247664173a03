"""Article-date inference from the text alone, on stories written for these tests."""
from __future__ import annotations

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


def test_no_evidence_leaves_the_date_unknown() -> None:
    pub = published("The minister said the talks had been constructive and would continue.")
    assert pub["date"] is None and pub["inferred"] is True
