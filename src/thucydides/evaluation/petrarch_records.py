"""Score the coder on PETRARCH validation records (e.g. PETR.UnitTest.records.xml).

The file: ``<Validation><Environment>`` names the dictionaries (``<Verbfile>``, ``<Actorfile>``,
``<Agentfile>``, ``<Discardfile>``, relative to the file's folder); ``<Sentences>`` holds, in order,
``<Sentence date="YYYYMMDD" id category>`` records and ``<Config option value>`` elements that change
PETRARCH's options for the records after them. A record's ``<Text>`` is coded; its ``<EventCoding
sourcecode targetcode eventcode>`` elements are the events it must yield. ``noevents="True"``, no
coding at all, or ``error="..."`` (the coder must reject the input: a discard phrase, a dateline)
mean it must yield none. The ``<Parse>`` trees are never read: the text is parsed with spaCy.

Scoring, with the dictionaries of the ``<Environment>`` replacing the built-in knowledge:

* An event is the triple (source code, target code, event code), all compared as strings. A missing
  actor is ``---``, as PETRARCH writes it; an agent without a country is ``---`` plus its role.
* Under PETRARCH's ``require_dyad`` option (on by default; ``<Config>`` switches it) an event without a
  source or without a target is not produced.
* A record is *fully correct* when the set of our triples equals the set it expects (so a record that
  expects no event is fully correct when we code none). Event precision and recall count triples over
  all records.
* Records whose expected error is ``bad_input_parse`` test PETRARCH's reaction to a malformed
  treebank parse, which this coder never reads: they are listed as not applicable and not scored.
"""
from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from thucydides import nlp
from thucydides.article import Article
from thucydides.models import Actor, Event

__all__ = ["PetrarchRecord", "PetrarchScore", "read_records", "score_records", "triples"]

NOT_APPLICABLE_ERRORS = frozenset({"bad_input_parse"})
UNKNOWN = "---"
_ENVIRONMENT_KINDS = {"Verbfile": "verbs", "Actorfile": "actors", "Agentfile": "agents", "Discardfile": "discards"}

Triple = tuple[str, str, str]


@dataclass
class PetrarchRecord:
    """One validation sentence with what it must yield and the options in force for it."""

    id: str
    category: str
    day: date
    text: str
    expected: set[Triple]
    error: str | None = None
    require_dyad: bool = True
    options: dict[str, str] = field(default_factory=dict)

    @property
    def applicable(self) -> bool:
        return self.error not in NOT_APPLICABLE_ERRORS


@dataclass
class PetrarchScore:
    """Totals over the scored records, per category, and the records that were not fully correct."""

    records: int = 0
    correct: int = 0
    not_applicable: list[str] = field(default_factory=list)
    found: int = 0
    expected: int = 0
    matched: int = 0
    categories: dict[str, Counter] = field(default_factory=dict)
    failures: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        def rate(a: int, b: int) -> float:
            return round(a / b, 4) if b else 0.0
        return {
            "records": self.records,
            "fully_correct": rate(self.correct, self.records),
            "correct_records": self.correct,
            "precision": rate(self.matched, self.found),
            "recall": rate(self.matched, self.expected),
            "events_found": self.found,
            "events_expected": self.expected,
            "not_applicable": self.not_applicable,
            "per_category": {name: {"records": c["records"], "correct": c["correct"],
                                    "fully_correct": rate(c["correct"], c["records"])}
                             for name, c in sorted(self.categories.items())},
            "failures": self.failures,
        }


def _text(element: ET.Element | None) -> str:
    return " ".join((element.text or "").split()) if element is not None else ""


def _flag(value: str | None, default: bool) -> bool:
    if value is None:
        return default
    return value.strip().lower() in {"true", "1", "yes"}


def read_records(path: Path) -> tuple[dict[str, list[Path]], list[PetrarchRecord]]:
    """The dictionary files the ``<Environment>`` names (by kind) and the records, in file order.

    ValueError naming the file for anything that is not a PETRARCH validation file.
    """
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as error:
        raise ValueError(f"{path}: not PETRARCH validation records (XML error: {error})") from None
    except OSError as error:
        raise ValueError(f"{path}: cannot read ({error.strerror})") from None
    sentences = root.find("Sentences")
    if root.tag != "Validation" or sentences is None:
        raise ValueError(f"{path}: not PETRARCH validation records (no <Validation><Sentences>)")
    files: dict[str, list[Path]] = {kind: [] for kind in _ENVIRONMENT_KINDS.values()}
    environment = root.find("Environment")
    for tag, kind in _ENVIRONMENT_KINDS.items():
        for element in (environment.findall(tag) if environment is not None else []):
            name = _text(element)
            if name:
                files[kind].append(path.parent / name)
    records: list[PetrarchRecord] = []
    options: dict[str, str] = {}
    for element in sentences:
        if element.tag == "Config":
            if element.get("option"):
                options[element.get("option", "").strip()] = element.get("value", "").strip()
            continue
        if element.tag != "Sentence":
            continue
        records.append(_record(path, element, options))
    if not records:
        raise ValueError(f"{path}: not PETRARCH validation records (no <Sentence> records)")
    return files, records


def _record(path: Path, element: ET.Element, options: dict[str, str]) -> PetrarchRecord:
    ident = (element.get("id") or "").strip()
    raw_day = (element.get("date") or "").strip()
    try:
        day = date(int(raw_day[:4]), int(raw_day[4:6]), int(raw_day[6:8]))
    except ValueError:
        raise ValueError(f"{path}: record {ident or '?'} has no valid date (YYYYMMDD): {raw_day!r}") from None
    expected: set[Triple] = set()
    error = None
    for coding in element.findall("EventCoding"):
        attrs = {k.strip().lower(): (v or "").strip() for k, v in coding.attrib.items()}
        if "error" in attrs:
            error = attrs["error"]
        if {"sourcecode", "targetcode", "eventcode"} <= set(attrs):
            expected.add((attrs["sourcecode"], attrs["targetcode"], attrs["eventcode"]))
    return PetrarchRecord(id=ident, category=(element.get("category") or "").strip(), day=day,
                          text=_text(element.find("Text")), expected=expected, error=error,
                          require_dyad=_flag(options.get("require_dyad"), True), options=dict(options))


def _actor_code(actor: Actor | None) -> str:
    if actor is None or not (actor.code or actor.role):
        return UNKNOWN
    return actor.code or UNKNOWN + (actor.role or "")


def triples(events: list[Event], require_dyad: bool) -> set[Triple]:
    """Our events as PETRARCH triples; without both parties they count only if ``require_dyad`` is off."""
    out: set[Triple] = set()
    for event in events:
        source, target = _actor_code(event.source), _actor_code(event.target)
        if require_dyad and (source == UNKNOWN or target == UNKNOWN):
            continue
        out.add((source, target, event.cameo))
    return out


def score_records(records: list[PetrarchRecord], knowledge) -> PetrarchScore:
    """Code every applicable record with ``knowledge`` (a pipeline.Knowledge) and score it."""
    from thucydides.pipeline import extract_article

    score = PetrarchScore()
    scored = [r for r in records if r.applicable]
    score.not_applicable = [r.id for r in records if not r.applicable]
    docs = nlp.parse_many([r.text for r in scored], batch_size=64)
    for record, doc in zip(scored, docs):
        article = Article(id=record.id, paragraphs=[record.text], date=record.day)
        found = triples(extract_article(article, knowledge, doc).events, record.require_dyad)
        right = found == record.expected
        score.records += 1
        score.correct += right
        score.found += len(found)
        score.expected += len(record.expected)
        score.matched += len(found & record.expected)
        counts = score.categories.setdefault(record.category or "-", Counter())
        counts["records"] += 1
        counts["correct"] += right
        if not right:
            score.failures.append({"id": record.id, "category": record.category, "text": record.text,
                                   "expected": sorted(map(list, record.expected)),
                                   "found": sorted(map(list, found))})
    return score
