"""Hostile and odd input: each gets its documented outcome (docs/reliability.md, "Hostile input"),
within bounded memory and time. Limits are lowered through their environment variables where a
test would otherwise need a huge file; memory is measured with tracemalloc, never time."""
from __future__ import annotations

import gzip
import json
import subprocess
import sys
import tracemalloc
import zlib
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from thucydides import limits, nlp
from thucydides.article import InputError, parse_text, read_article, read_jsonl
from thucydides.pipeline import extract_article

sys.path.insert(0, str(Path(__file__).resolve().parent / "fuzz"))
from properties import check_extraction, check_input_error

CLI = [sys.executable, "-m", "thucydides"]
STORY = ("Iranian Foreign Minister Javad Zarif met Iraqi Prime Minister Mustafa al-Kadhimi in Baghdad on Monday, "
         "and the two governments agreed to expand trade, officials said.")
RECORD = json.dumps({"id": "good", "title": "Talks", "text": STORY, "date": "2020-09-28"})


def peak_memory(action: Callable[[], object]) -> tuple[object, int]:
    """Run ``action``; its result and the peak of memory Python allocated meanwhile, in bytes."""
    tracemalloc.start()
    try:
        result = action()
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def rejection(action: Callable[[], object]) -> InputError:
    with pytest.raises(InputError) as info:
        action()
    check_input_error(info.value)
    return info.value


def write_gzip_stream(path: Path, parts: list[tuple[bytes, int]]) -> None:
    """Write ``parts`` (bytes, times repeated) gzip-compressed without building them in memory."""
    deflate = zlib.compressobj(9, zlib.DEFLATED, 31)
    with path.open("wb") as out:
        for chunk, times in parts:
            for _ in range(times):
                out.write(deflate.compress(chunk))
        out.write(deflate.flush())


# ------------------------------------------------------------------ size

def test_a_50_mb_text_file_is_rejected_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("w", encoding="utf-8") as out:
        for _ in range(50):
            out.write((STORY + "\n") * (1_000_000 // (len(STORY) + 1) + 1))
    assert path.stat().st_size > 50_000_000
    error, peak = peak_memory(lambda: rejection(lambda: read_article(path)))
    assert "too large" in error.reason and "THUCYDIDES_MAX_FILE_BYTES" in error.reason
    assert peak < 1_000_000   # the size was read from the file system, not from the file


def test_a_stream_of_unknown_size_is_read_only_to_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    zero = Path("/dev/zero")
    if not zero.exists():
        pytest.skip("no /dev/zero")
    monkeypatch.setenv("THUCYDIDES_MAX_FILE_BYTES", "100000")
    error, peak = peak_memory(lambda: rejection(lambda: read_article(zero)))
    assert "too large (over 100,000 bytes" in error.reason
    assert peak < 1_000_000


def test_a_2_mb_single_line_is_rejected_as_too_long_to_code(tmp_path: Path) -> None:
    path = tmp_path / "line.txt"
    path.write_text(" ".join([STORY] * (2_000_000 // len(STORY) + 1)), encoding="utf-8")
    error = rejection(lambda: read_article(path))
    assert error.name == str(path)
    assert "too long to code" in error.reason and "the limit is 200,000" in error.reason


def test_the_body_limit_is_exact_and_configurable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("THUCYDIDES_MAX_BODY_CHARS", str(len(STORY)))
    assert parse_text(STORY, "a").body == STORY
    error = rejection(lambda: parse_text(STORY + "\n\nMore.", "a"))
    assert f"({len(STORY) + 7:,} characters; the limit is {len(STORY):,}" in error.reason


def test_a_bad_limit_setting_is_a_one_line_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("THUCYDIDES_MAX_BODY_CHARS", "lots")
    error = rejection(limits.current)
    assert error.name == "THUCYDIDES_MAX_BODY_CHARS" and "positive whole number" in error.reason


def test_a_line_without_sentence_ends_is_cut_into_bounded_sentences() -> None:
    # 100,000 characters, one line, no full stop: ~17,000 tokens the parser would take as one sentence.
    words = STORY.replace(",", "").replace(".", "").split()
    text = " ".join(words * (100_000 // len(STORY) + 1))
    doc = nlp.parse(text)
    cap = limits.current().max_sentence_tokens
    assert len(doc) > 10 * cap
    assert max(len(s) for s in doc.sents) <= cap
    assert doc.text == text


def test_sentences_the_parser_runs_together_are_reparsed_within_the_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("THUCYDIDES_MAX_SENTENCE_TOKENS", "30")
    model = nlp.load_model()
    text = " ".join(STORY.replace(",", "").replace(".", "").split() * 8)
    with model.select_pipes(disable=["sentence_cap"]):   # as if the parser had ignored every cut
        uncut = model(text)
    assert max(len(s) for s in uncut.sents) > 30
    doc = nlp._bounded(model, uncut)
    assert max(len(s) for s in doc.sents) <= 30 and doc.text == text
    # every boundary of the first parse is kept
    assert {s.start for s in uncut.sents} <= {s.start for s in doc.sents}


def test_a_long_line_codes_within_the_contract(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("THUCYDIDES_MAX_SENTENCE_TOKENS", "40")
    text = " ".join(STORY.replace(".", "").split() * 12)
    result = extract_article(parse_text(text, "long"))
    check_extraction(result)
    assert result.events   # still coded, in pieces


def test_a_run_of_symbols_inside_a_name_is_coded() -> None:
    text = "Turkish Foreign Minister Mevlut C" + "\ufffd" * 400 + "avusoglu met his Greek counterpart in Ankara on Tuesday."
    result = extract_article(parse_text(text, "symbols"))
    check_extraction(result)


# ------------------------------------------------------------------ bytes and encodings

def test_nul_bytes_anywhere_mean_binary(tmp_path: Path) -> None:
    path = tmp_path / "nul.txt"
    path.write_bytes((STORY.encode() + b"\n") * 100 + b"\x00" + STORY.encode())
    error = rejection(lambda: read_article(path))
    assert error.reason == f"binary data (NUL byte at offset {(len(STORY) + 1) * 100}), not text"


def test_escaped_controls_in_json_text_become_spaces_or_reject_the_line(tmp_path: Path) -> None:
    path = tmp_path / "controls.jsonl"
    few = STORY.replace(" met ", " met\u0000").replace(" in ", "\u0007in ", 1)
    many = "\u0000".join(STORY.split())
    path.write_text("\n".join(json.dumps({"id": i, "text": t}) for i, t in (("few", few), ("many", many))) + "\n",
                    encoding="utf-8")
    first, second = read_jsonl(path)
    assert first.article.body == STORY.replace(" met ", " met ").replace(" in ", " in ", 1)
    assert "\x00" not in first.article.body and len(first.article.body) == len(STORY)
    assert second.error is not None and "binary data (control characters)" in second.error.reason


def test_unpaired_surrogates_in_json_become_replacement_characters(tmp_path: Path) -> None:
    path = tmp_path / "surrogate.jsonl"
    path.write_text(json.dumps({"id": "s", "text": STORY.replace("Monday", "Monday \ud800")}) + "\n",
                    encoding="utf-8")
    (record,) = read_jsonl(path)
    assert "\ufffd" in record.article.body
    check_extraction(extract_article(record.article))   # writable as UTF-8 JSON


@pytest.mark.parametrize("content, reason", [
    ((STORY + " Café society ").encode("utf-8") + "déjà vu".encode("latin-1"), "not UTF-8 text (invalid byte 0xe9"),
    (STORY.encode("utf-16"), "UTF-16 text (byte-order mark)"),
    (gzip.compress(STORY.encode()), "gzip-compressed data"),
])
def test_mixed_and_foreign_encodings_are_named(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "odd.txt"
    path.write_bytes(content)
    assert reason in rejection(lambda: read_article(path)).reason


def test_a_mis_encoded_jsonl_line_is_rejected_and_the_rest_coded(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    latin = json.dumps({"id": "latin", "text": STORY.replace("Baghdad", "Bagdád")}, ensure_ascii=False)
    path.write_bytes(RECORD.encode() + b"\n" + latin.encode("latin-1") + b"\n" + RECORD.encode() + b"\n")
    records = list(read_jsonl(path))
    assert [r.article is not None for r in records] == [True, False, True]
    assert "line 2" in str(records[1].error) and "not UTF-8" in records[1].error.reason


# ------------------------------------------------------------------ scripts

@pytest.mark.parametrize("text, script", [
    ("وقال وزير الخارجية الإيراني إن المحادثات مع العراق ستستأنف الأسبوع المقبل في بغداد", "Latin script"),
    ("伊朗外交部长周一在巴格达会见了伊拉克总理，双方同意扩大贸易往来。", "Latin script"),
])
def test_right_to_left_and_cjk_articles_are_not_english(tmp_path: Path, text: str, script: str) -> None:
    path = tmp_path / "foreign.txt"
    path.write_text(text, encoding="utf-8")
    error = rejection(lambda: read_article(path))
    assert error.reason.startswith("not English") and script in error.reason


def test_english_with_rtl_cjk_and_bidi_controls_is_coded_with_true_offsets(tmp_path: Path) -> None:
    text = (f"\u202bوزير\u202c {STORY}\n\nThe minister, who signs his name \u200fمحمد جواد ظریف\u200e, was greeted "
            "by the envoy Wang Yi (王毅) on Tuesday, the \u202eforeign ministry\u202c said.")
    path = tmp_path / "mixed_scripts.txt"
    path.write_text(text, encoding="utf-8")
    result = extract_article(read_article(path))
    check_extraction(result)
    assert any(ev.cameo.startswith("04") or ev.cameo.startswith("03") for ev in result.events)


# ------------------------------------------------------------------ HTML

@pytest.mark.parametrize("html", [
    "<html><head><script>" + "var x = 1;" * 5000 + "</script><style>p {color: red}</style></head><body></body></html>",
    f"<html><body><script>document.write('<p>{STORY}</p>')</script><noscript></noscript></body></html>",
])
def test_html_with_scripts_and_no_article(tmp_path: Path, html: str) -> None:
    path = tmp_path / "page.html"
    path.write_text(html, encoding="utf-8")
    assert rejection(lambda: read_article(path)).reason == "HTML without an article (no main text found)"


def test_deeply_nested_html_is_rejected_with_its_depth(tmp_path: Path) -> None:
    path = tmp_path / "deep.html"
    path.write_text("<html><body>" + "<div>" * 100_000 + f"<p>{STORY}</p>" + "</div>" * 100_000 + "</body></html>",
                    encoding="utf-8")
    error = rejection(lambda: read_article(path))
    assert error.reason.startswith("HTML nested too deeply (100,002 levels")


def test_moderately_nested_html_is_read(tmp_path: Path) -> None:
    path = tmp_path / "nested.html"
    path.write_text("<html><body>" + "<div>" * 150 + f"<p>{STORY}</p>" + "</div>" * 150 + "</body></html>",
                    encoding="utf-8")
    assert read_article(path).paragraphs == [STORY]


# ------------------------------------------------------------------ JSON Lines, plain and compressed

def test_broken_jsonl_lines_are_rejected_by_number_and_good_ones_coded(tmp_path: Path) -> None:
    path = tmp_path / "broken.jsonl"
    lines = [RECORD, '{"id": "cut", "text": "The army', "[1, 2]", "", json.dumps({"id": "x", "text": 7}),
             "[" * 100_000 + "]" * 100_000, '{"id": 1, "text": ' + "9" * 5000 + "}",
             json.dumps({"id": "bad-date", "text": STORY, "date": "2020-13-45"}), RECORD.replace("good", "good2")]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    records = list(read_jsonl(path))
    assert [r.line for r in records] == [1, 2, 3, 5, 6, 7, 8, 9]
    assert [r.article.id for r in records if r.article] == ["good", "good2"]
    reasons = {r.line: r.error.reason for r in records if r.error}
    assert reasons[2].startswith("not valid JSON") and reasons[3] == "not a JSON object"
    assert reasons[5] == "no 'text' field with article text"
    assert reasons[6] == "not valid JSON (nested too deeply)" and reasons[7].startswith("not valid JSON")
    assert reasons[8].startswith("not a date")


def test_an_over_long_jsonl_line_is_skipped_without_being_held(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("THUCYDIDES_MAX_LINE_BYTES", "100000")
    path = tmp_path / "long.jsonl"
    with path.open("w", encoding="utf-8") as out:
        out.write(RECORD + "\n" + '{"id": "long", "text": "' + "word " * 2_000_000 + '"}\n' + RECORD + "\n")
    records, peak = peak_memory(lambda: list(read_jsonl(path)))
    assert [(r.line, r.article is not None) for r in records] == [(1, True), (2, False), (3, True)]
    assert "line too long (over 100,000 bytes" in records[1].error.reason
    assert peak < 5_000_000   # a 10 MB line, read in chunks and dropped


def test_a_gzip_bomb_stops_at_the_cap_and_keeps_the_lines_before(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("THUCYDIDES_MAX_GUNZIP_BYTES", "20000000")
    path = tmp_path / "bomb.jsonl.gz"
    # 300 MB of zeros after one good line: about 300 KB compressed.
    write_gzip_stream(path, [(RECORD.encode() + b"\n", 1), (bytes(1 << 20), 300)])
    assert path.stat().st_size < 1_000_000
    records, peak = peak_memory(lambda: list(read_jsonl(path)))
    assert records[0].article.id == "good"
    assert len(records) == 2 and records[1].line == 2
    assert records[1].error.reason.startswith("more than 20,000,000 bytes decompressed")
    assert "THUCYDIDES_MAX_GUNZIP_BYTES" in records[1].error.reason and "rest of the file" in records[1].error.reason
    assert peak < 12_000_000


def test_a_newline_flood_in_gzip_is_counted_not_stored(tmp_path: Path) -> None:
    path = tmp_path / "newlines.jsonl.gz"
    write_gzip_stream(path, [(RECORD.encode() + b"\n", 1), (b"\n" * (1 << 20), 50), (RECORD.encode() + b"\n", 1)])
    records, peak = peak_memory(lambda: list(read_jsonl(path)))
    assert [(r.line, r.article.id) for r in records] == [(1, "good"), (2 + 50 * (1 << 20), "good")]
    assert peak < 12_000_000


def test_truncated_and_corrupt_gzip_keep_what_came_before(tmp_path: Path) -> None:
    body = "".join(json.dumps({"id": f"r{i}", "text": f"{STORY} Report {i} of {i * 7919 % 10007}."}) + "\n"
                   for i in range(400)).encode()
    packed = gzip.compress(body)
    truncated = tmp_path / "truncated.jsonl.gz"
    truncated.write_bytes(packed[: len(packed) // 2])
    records = list(read_jsonl(truncated))
    assert 50 < len(records) < 400 and all(r.article for r in records[:-1])
    assert records[-1].error.reason.startswith("truncated gzip data")
    corrupt = tmp_path / "corrupt.jsonl.gz"
    corrupt.write_bytes(packed + b"trailing junk")
    records = list(read_jsonl(corrupt))
    assert len(records) == 401 and records[-1].error.reason.startswith("corrupt gzip data")
    plain = tmp_path / "plain.jsonl.gz"
    plain.write_bytes(body)
    (only,) = read_jsonl(plain)
    assert only.line == 1 and only.error.reason.startswith("corrupt gzip data")


def test_calendar_edge_dates_do_not_break_coding() -> None:
    text = "The talks will resume tomorrow and next week, the ministry said, after a meeting yesterday."
    for day in (date.min, date.max, date(1000, 1, 1)):
        check_extraction(extract_article(parse_text(text, "edge", published=day)))


# ------------------------------------------------------------------ the command line

def test_cli_codes_a_jsonl_gz_and_names_its_bad_lines(tmp_path: Path) -> None:
    path = tmp_path / "batch.jsonl.gz"
    path.write_bytes(gzip.compress("\n".join([RECORD, "{oops", RECORD.replace("good", "good2")]).encode()))
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as out:
        out.truncate(50_000_000)
    run = subprocess.run([*CLI, "extract", str(path)], check=False, capture_output=True, text=True, timeout=300)
    assert run.returncode == 2
    assert [json.loads(line)["article"]["id"] for line in run.stdout.splitlines()] == ["good", "good2"]
    assert run.stderr.splitlines() == [(f"thucydides: rejected: {path} line 2: not valid JSON "
                                        "(Expecting property name enclosed in double quotes)")]
    run = subprocess.run([*CLI, "extract", str(huge)], check=False, capture_output=True, text=True, timeout=300)
    assert run.returncode == 2 and len(run.stderr.splitlines()) == 1
    assert run.stderr.startswith(f"thucydides: error: {huge}: too large (50,000,000 bytes")
