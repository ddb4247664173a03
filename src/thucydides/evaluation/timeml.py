"""Score ``thucydides.timex`` against TimeML-annotated news (TimeBank/TempEval ``.tml`` files).

Only DATE expressions are scored. Spans match when they overlap. A matched span's value is right
when ours, cut to the gold precision, equals the gold value; gold values that are not calendar
dates (PRESENT_REF, P1M ...) are counted apart and left out of the value accuracy.

Run it with ``python -m thucydides.evaluation.timeml FILE.tml ...``.
"""
from __future__ import annotations

import json
import re
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from thucydides.timex import TimeValue, find_times, resolve, tense_hint, week_monday


@dataclass(frozen=True)
class GoldTimex:
    """One TIMEX3 of the document text, with offsets into the tag-stripped text."""

    start: int
    end: int
    text: str
    type: str
    value: str


@dataclass(frozen=True)
class TimemlDoc:
    """A TimeML document reduced to what the scorer needs."""

    name: str
    anchor: date
    text: str
    timexes: list[GoldTimex]


def read_timeml(path: Path) -> TimemlDoc:
    """Read the creation time, the plain text of ``<TEXT>`` and its TIMEX3 annotations."""
    root = ET.parse(path).getroot()
    dct = root.find("DCT/TIMEX3")
    if dct is None or not dct.get("value"):
        raise ValueError(f"{path}: no DCT value")
    body = root.find("TEXT")
    if body is None:
        raise ValueError(f"{path}: no TEXT element")
    pieces: list[str] = []
    timexes: list[GoldTimex] = []

    def walk(node: ET.Element) -> None:
        start = sum(map(len, pieces))
        pieces.append(node.text or "")
        for child in node:
            walk(child)
            pieces.append(child.tail or "")
        if node.tag == "TIMEX3":
            end = sum(map(len, pieces))
            text = "".join(pieces)[start:end]
            timexes.append(GoldTimex(start, end, text, node.get("type", ""), node.get("value", "")))

    walk(body)
    return TimemlDoc(path.name, date.fromisoformat(dct.get("value", "")[:10]), "".join(pieces), timexes)


def _gold_date(value: str) -> str | None:
    """The calendar part of a gold value ("1998-10-XX" -> "1998-10", "1998-08-11TNI" -> "1998-08-11")."""
    value = value.split("T")[0]
    parts = []
    for part in value.split("-"):
        if not re.fullmatch(r"\d+|W\d{1,2}|SP|SU|FA|WI", part):
            break
        parts.append(part)
    if not parts or not re.fullmatch(r"\d{4}", parts[0]):
        return None
    return "-".join(parts)


def value_matches(ours: TimeValue, gold: str) -> bool:
    """Whether our value, brought to the gold precision, equals the gold calendar value."""
    gold_parts = gold.split("-")
    if ours.precision == "week":
        monday = week_monday(ours.value)
        days = [monday + timedelta(days=i) for i in range(7)]
        if len(gold_parts) == 2 and gold_parts[1].startswith("W"):
            return monday.isocalendar()[:2] == (int(gold_parts[0]), int(gold_parts[1][1:]))
        if len(gold_parts) == 1:
            return any(d.year == int(gold) for d in days)
        if len(gold_parts) == 2 and gold_parts[1].isdigit():
            return any((d.year, d.month) == (int(gold_parts[0]), int(gold_parts[1])) for d in days)
        return False
    ours_parts = ours.value.split("-")
    if len(ours_parts) < len(gold_parts) or not all(p.isdigit() for p in gold_parts):
        return False
    return all(int(a) == int(b) for a, b in zip(ours_parts, gold_parts))


def _overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    return max(0, min(a_end, b_end) - max(a_start, b_start))


def score_doc(doc: TimemlDoc, use_tense: bool = True) -> dict:
    """Counts and misses for one document."""
    mentions = find_times(doc.text)
    values: list[TimeValue | None] = [
        resolve(m, doc.anchor, tense_hint(doc.text, m.start, m.end) if use_tense else None) for m in mentions
    ]
    dates = [g for g in doc.timexes if g.type == "DATE"]
    counts = {"gold": len(dates), "gold_non_date": 0, "matched": 0, "matched_dated": 0, "value_right": 0,
              "ours": len(mentions), "ours_on_date": 0, "ours_on_timex": 0}
    misses: list[dict] = []
    for m in mentions:
        counts["ours_on_date"] += any(_overlap(m.start, m.end, g.start, g.end) for g in dates)
        counts["ours_on_timex"] += any(_overlap(m.start, m.end, g.start, g.end) for g in doc.timexes)
        if not any(_overlap(m.start, m.end, g.start, g.end) for g in doc.timexes):
            misses.append({"kind": "spurious", "text": m.text, "ours": _shown(values[mentions.index(m)])})
    for g in dates:
        gold_value = _gold_date(g.value)
        counts["gold_non_date"] += gold_value is None
        best = max(range(len(mentions)), key=lambda i: _overlap(mentions[i].start, mentions[i].end, g.start, g.end),
                   default=None)
        if best is None or not _overlap(mentions[best].start, mentions[best].end, g.start, g.end):
            misses.append({"kind": "span", "text": g.text, "gold": g.value, "context": _context(doc.text, g)})
            continue
        counts["matched"] += 1
        if gold_value is None:
            continue
        counts["matched_dated"] += 1
        ours = values[best]
        if ours is not None and value_matches(ours, gold_value):
            counts["value_right"] += 1
        else:
            misses.append({"kind": "value", "text": g.text, "ours_text": mentions[best].text, "gold": g.value,
                           "ours": _shown(ours), "context": _context(doc.text, g)})
    return {"counts": counts, "misses": misses}


def _shown(value: TimeValue | None) -> str | None:
    return value.value if value else None


def _context(text: str, g: GoldTimex) -> str:
    return " ".join(text[max(0, g.start - 70):g.end + 40].split())


def _rate(numerator: int, denominator: int) -> float:
    return numerator / denominator if denominator else 0.0


def score_timeml(paths: list[Path], use_tense: bool = True) -> dict:
    """Score DATE expressions over TimeML files, anchoring each document at its creation time.

    Returns the summed counts; ``span_recall`` (gold DATEs overlapped by a mention),
    ``span_recall_dated`` (the same over gold DATEs with a calendar value), ``span_precision`` (our
    mentions overlapping a gold DATE), ``timex_precision`` (... overlapping any gold TIMEX3),
    ``value_accuracy`` (right values over matched gold DATEs with a calendar value), and the
    misses of each document keyed by file name.
    """
    totals: dict[str, int] = {}
    misses: dict[str, list[dict]] = {}
    for path in paths:
        result = score_doc(read_timeml(Path(path)), use_tense)
        for key, n in result["counts"].items():
            totals[key] = totals.get(key, 0) + n
        if result["misses"]:
            misses[Path(path).name] = result["misses"]
    dated_gold = totals.get("gold", 0) - totals.get("gold_non_date", 0)
    matched_dated = totals.get("matched_dated", 0)
    return {
        "documents": len(paths),
        **totals,
        "span_recall": _rate(totals.get("matched", 0), totals.get("gold", 0)),
        "span_recall_dated": _rate(matched_dated, dated_gold),
        "span_precision": _rate(totals.get("ours_on_date", 0), totals.get("ours", 0)),
        "timex_precision": _rate(totals.get("ours_on_timex", 0), totals.get("ours", 0)),
        "value_accuracy": _rate(totals.get("value_right", 0), matched_dated),
        "misses": misses,
    }


def main(argv: list[str]) -> int:
    """Print the scores (``--misses`` adds the per-document misses) for the given files."""
    show_misses = "--misses" in argv
    paths = [Path(a) for a in argv if not a.startswith("--")]
    report = score_timeml(paths, use_tense="--no-tense" not in argv)
    if not show_misses:
        report.pop("misses")
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
