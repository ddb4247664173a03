"""The article reader: layout, boilerplate, offsets and bad input."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from thucydides.article import InputError, parse_text, read_article, read_jsonl, split_byline

LAYOUT = """Rebels seize border town as talks stall

Rebels seize border town as talks stall
By Jane Doe and John Roe, Associated Press
Fighting spread north despite a ceasefire agreed in March

Rebel fighters seized the town of Kassala on Tuesday, residents said.

The army said it would retake the town within days.

Sign up for our newsletter
Have a tip? Email our newsroom
"""


def test_layout_is_split_into_parts() -> None:
    art = parse_text(LAYOUT, "a1")
    assert art.title == "Rebels seize border town as talks stall"
    assert art.authors == ["Jane Doe", "John Roe"]
    assert art.source == "Associated Press"
    assert art.subtitle == "Fighting spread north despite a ceasefire agreed in March"
    assert art.paragraphs == ["Rebel fighters seized the town of Kassala on Tuesday, residents said.",
                              "The army said it would retake the town within days."]
    assert art.boilerplate == ["Sign up for our newsletter", "Have a tip? Email our newsroom"]


def test_paragraph_offsets_index_the_body() -> None:
    art = parse_text(LAYOUT, "a1")
    for (start, end), para in zip(art.paragraph_spans(), art.paragraphs):
        assert art.body[start:end] == para


def test_plain_text_without_layout_keeps_every_paragraph() -> None:
    text = "The minister resigned on Friday.\n\nParliament will vote next week on a successor."
    art = parse_text(text, "p")
    assert art.title is None
    assert art.paragraphs == ["The minister resigned on Friday.", "Parliament will vote next week on a successor."]


def test_hard_wrapped_lines_are_joined() -> None:
    art = parse_text("The talks between the two governments\nresumed in Geneva on Monday.", "w")
    assert art.paragraphs == ["The talks between the two governments resumed in Geneva on Monday."]


@pytest.mark.parametrize("line, authors, source", [
    ("Azad Lashkari, Reuters", ["Azad Lashkari"], "Reuters"),
    ("Maria Lopez (AFP)", ["Maria Lopez"], "AFP"),
    ("Staff and agencies", [], "agencies"),
    ("Tom Hill and Ana Ruiz", ["Tom Hill", "Ana Ruiz"], None),
])
def test_byline_split(line: str, authors: list[str], source: str | None) -> None:
    assert split_byline(line) == (authors, source)


@pytest.mark.parametrize("line, authors, source", [
    ("Nadia Farouk, Harbour Courier", ["Nadia Farouk"], "Harbour Courier"),
    ("Ben Okafor and Lise Dahl, The Fenwick Gazette", ["Ben Okafor", "Lise Dahl"], "The Fenwick Gazette"),
    ("Ines Marquez | Valley Sentinel", ["Ines Marquez"], "Valley Sentinel"),
    ("Tomas Reyes, The Eastern Observer", ["Tomas Reyes"], "The Eastern Observer"),
    ("Harbour Tribune Staff", [], "Harbour Tribune"),
    ("Ola Berg, Lakeland Chronicle Staff Writer", ["Ola Berg"], "Lakeland Chronicle"),
    ("Priya Nair, Senior Correspondent, Coastline Independent", ["Priya Nair"], "Coastline Independent"),
    ("Priya Nair, Middle East Editor", ["Priya Nair"], None),
    ("Karl Weiss, Channel 9", ["Karl Weiss"], "Channel 9"),
    # Person names, even one whose surname is a common noun, stay authors.
    ("Dana Fields and Marco Brook", ["Dana Fields", "Marco Brook"], None),
])
def test_byline_outlets_without_a_list(line: str, authors: list[str], source: str | None) -> None:
    assert split_byline(line) == (authors, source)


def test_outlet_byline_in_a_story_layout() -> None:
    art = parse_text("Dam talks stall\n\nBy Harbour Tribune Staff\n\nTalks on the shared dam stalled on Monday, "
                     "officials said.", "b")
    assert art.authors == [] and art.source == "Harbour Tribune"


def test_agency_dateline_gives_the_source() -> None:
    art = parse_text("KABUL (Reuters) - Taliban fighters attacked a police post on Sunday, officials said.", "d")
    assert art.source == "Reuters"


@pytest.mark.parametrize("content, reason", [
    (b"", "empty"),
    (b"   \n\n  ", "empty"),
    (b"\x00\x01\x02binary\x00", "binary"),
    (b"caf\xe9 au lait and the minister said", "not UTF-8"),
    ("Der Minister sagte am Montag, dass die Regierung die Verhandlungen mit den Nachbarn fortsetzen werde und keine Sanktionen plane.".encode(), "not English"),
])
def test_bad_files_are_rejected_with_a_reason(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(InputError) as info:
        read_article(path)
    message = str(info.value)
    assert str(path) in message and reason in message
    assert "\n" not in message


def test_directory_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a directory"):
        read_article(tmp_path)


def test_jsonl_records_and_bad_lines(tmp_path: Path) -> None:
    path = tmp_path / "batch.jsonl"
    lines = [
        json.dumps({"id": "x1", "title": "Talks", "text": "Iran and Iraq held talks in Baghdad on Monday.", "date": "2021-03-01"}),
        "{not json",
        json.dumps({"id": "x3", "text": ""}),
        json.dumps({"id": "x4", "text": "The army shelled the town on Sunday, the ministry said."}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    records = list(read_jsonl(path))
    assert [r.line for r in records] == [1, 2, 3, 4]
    assert records[0].article.id == "x1" and records[0].article.date.isoformat() == "2021-03-01"
    assert records[0].article.title == "Talks"
    assert "line 2" in str(records[1].error) and "JSON" in str(records[1].error)
    assert "line 3" in str(records[2].error)
    assert records[3].article.id == "x4"


@pytest.mark.parametrize("opening, place, source, date_text", [
    ("BEIJING, March 10, 2023 - ", "BEIJING", None, "March 10, 2023"),
    ("KABUL (Reuters) - ", "KABUL", "Reuters", None),
    ("KYIV, Ukraine (AP) — ", "KYIV, Ukraine", "AP", None),
])
def test_wire_dateline_is_cut_and_kept(opening: str, place: str, source: str | None, date_text: str | None) -> None:
    art = parse_text(opening + "Officials met on Friday to discuss the border.", "d")
    assert art.paragraphs == ["Officials met on Friday to discuss the border."]
    assert (art.dateline, art.source, art.date_text) == (place, source, date_text)
    assert art.boilerplate == [opening.strip()]


def test_capitalised_opening_words_are_not_a_dateline() -> None:
    art = parse_text("NATO leaders met in Brussels on Monday.", "n")
    assert art.dateline is None and art.paragraphs == ["NATO leaders met in Brussels on Monday."]


def test_dateline_on_a_line_of_its_own_is_not_the_headline() -> None:
    art = parse_text("NAIROBI, Kenya (AP) _\n\nBombs exploded outside two embassies on Friday.", "a")
    assert art.title is None and art.dateline == "NAIROBI, Kenya" and art.source == "AP"
    assert art.paragraphs == ["Bombs exploded outside two embassies on Friday."]


HTML = """<html><head><title>Kenya and Tanzania sign trade pact</title>
<meta name="author" content="Amina Odhiambo"><meta property="og:site_name" content="East Africa Daily">
<meta name="date" content="2024-02-06"></head><body><nav>Home | World | Sport</nav><article>
<h1>Kenya and Tanzania sign trade pact</h1>
<p>Kenyan President William Ruto and his Tanzanian counterpart signed a trade agreement in Nairobi on
Monday, ending a long dispute over border tariffs between the two neighbours.</p>
<p>The two leaders also agreed to build a new rail link between Mombasa and Tanga, the presidency said.</p>
</article><footer>Subscribe to our newsletter. Copyright 2024.</footer></body></html>"""


def test_html_page_gives_story_and_metadata(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(HTML, encoding="utf-8")
    art = read_article(path)
    assert art.title == "Kenya and Tanzania sign trade pact"
    assert art.authors == ["Amina Odhiambo"] and art.source == "East Africa Daily"
    assert art.date_text.startswith("2024-02-06")
    assert any("rail link" in p for p in art.paragraphs)
    assert not any("Subscribe" in p or "Home | World" in p for p in art.paragraphs)


def test_html_without_an_article_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "junk.html"
    path.write_text("<html><head><script>var x = 1;</script></head><body><div></div></body></html>", encoding="utf-8")
    with pytest.raises(InputError, match="HTML without an article"):
        read_article(path)
