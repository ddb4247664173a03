"""Score the extractor against PLOVER gold-standard records (one coded sentence each).

Per sentence: detection (any event), type (some event has the gold PLOVER type), source and target
country (some event has a gold source / target country), and the triple (one event with the gold
type, a gold source country and, where the record has a target, a gold target country). Precision
is the share of all output events whose type is the sentence's gold type. Old PLOVER names map to
current ones (DEMAND->REQUEST, DISAPPROVE->ACCUSE, INVESTIGATE->ACCUSE, FIGHT->ASSAULT).

A record coded in an older PLOVER version (its ``version`` field) is scored, by default, against the
type that version gives each output event's CAMEO code (``plover_versions.yaml``), since some CAMEO
codes moved between categories (destroying property was COERCE in 0.5b1, ASSAULT in 2021);
``crosswalk=False`` scores the extractor's own (2021) types.
"""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path

import yaml

from thucydides.pipeline import extract_text

OLD_NAMES = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}


@cache
def _legacy() -> dict[str, str]:
    return yaml.safe_load(resources.files("thucydides.evaluation").joinpath("legacy_codes.yaml").read_text("utf-8"))


@cache
def _versions() -> dict[str, dict[str, str]]:
    raw = yaml.safe_load(resources.files("thucydides.evaluation").joinpath("plover_versions.yaml").read_text("utf-8"))
    return {str(v): {str(code): str(kind) for code, kind in table.items()} for v, table in raw.items()}


def version_type(cameo: str, version: str | None) -> str | None:
    """The PLOVER type that ``version`` gives a CAMEO code, where it differs from the 2021 table."""
    table = _versions().get(str(version)) if version else None
    if not table:
        return None
    for size in range(len(cameo), 1, -1):
        if cameo[:size] in table:
            return table[cameo[:size]]
    return None


def plover_type(name: str) -> str:
    """The current PLOVER name for a type name of any version."""
    return OLD_NAMES.get(name.upper(), name.upper())


def country(code: str | None) -> str | None:
    """The comparable country part of a gold or output actor code."""
    if not code:
        return None
    code = code[:3].upper()
    return _legacy().get(code, code)


@dataclass
class PloverScore:
    sentences: int = 0
    detected: int = 0
    type_hits: int = 0
    source_hits: int = 0
    target_hits: int = 0
    target_sentences: int = 0
    triple_hits: int = 0
    events: int = 0
    events_right: int = 0
    per_type: dict[str, Counter] = field(default_factory=dict)
    confusion: Counter = field(default_factory=Counter)
    misses: list[dict] = field(default_factory=list)
    crosswalk: bool = True

    def rates(self) -> dict[str, float]:
        def rate(a: int, b: int) -> float:
            return round(a / b, 4) if b else 0.0
        return {
            "detection": rate(self.detected, self.sentences),
            "type": rate(self.type_hits, self.sentences),
            "source_country": rate(self.source_hits, self.sentences),
            "target_country": rate(self.target_hits, self.target_sentences),
            "triple": rate(self.triple_hits, self.sentences),
            "precision": rate(self.events_right, self.events),
        }

    def type_table(self) -> dict[str, dict[str, float]]:
        table = {}
        for name, c in sorted(self.per_type.items()):
            p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 0.0
            r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 0.0
            f = 2 * p * r / (p + r) if p + r else 0.0
            table[name] = {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3),
                           "gold": c["tp"] + c["fn"]}
        return table

    def as_dict(self) -> dict:
        return {"sentences": self.sentences, "events": self.events, "crosswalk": self.crosswalk, **self.rates(),
                "per_type": self.type_table(),
                "confusion": {f"{g}->{p}": n for (g, p), n in sorted(self.confusion.items())}}


def _codes(actors: object) -> set[str]:
    if not isinstance(actors, list):
        return set()
    return {c for a in actors if isinstance(a, dict) and (c := country(a.get("code")))}


def read_records(path: Path) -> list[dict]:
    """PLOVER records: a JSON list, or JSON Lines."""
    text = path.read_text("utf-8")
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        data = [json.loads(line) for line in text.splitlines() if line.strip()]
    if not isinstance(data, list) or not all(isinstance(r, dict) and "text" in r and "event" in r for r in data):
        raise ValueError(f"{path}: not PLOVER records (a list of objects with 'text' and 'event')")
    return data


def score_plover(records: list[dict], on: date = date(2000, 1, 1), crosswalk: bool = True,
                 triage: bool = True) -> PloverScore:
    """Code each record's sentence (dated ``on``: PLOVER records carry placeholder dates) and score it.

    With ``crosswalk``, output types are read in the PLOVER version the record names (see the module
    docstring); without, as the extractor gives them."""
    score = PloverScore(crosswalk=crosswalk)
    for record in records:
        gold = plover_type(record["event"])
        sources, targets = _codes(record.get("source")), _codes(record.get("target"))
        result = extract_text(record["text"], date=on, article_id=str(record.get("id", "record")), triage=triage)
        events = result.events
        version = record.get("version") if crosswalk else None
        types = [plover_type(version_type(e.cameo, version) or e.plover.type) for e in events]
        score.sentences += 1
        score.detected += bool(events)
        score.events += len(events)
        score.events_right += sum(t == gold for t in types)
        hit = gold in types
        score.type_hits += hit
        score.source_hits += any(country(e.source.country) in sources for e in events)
        if targets:
            score.target_sentences += 1
            score.target_hits += any(e.target is not None and country(e.target.country) in targets for e in events)
        triple = any(t == gold and country(e.source.country) in sources and
                     (not targets or (e.target is not None and country(e.target.country) in targets))
                     for e, t in zip(events, types))
        score.triple_hits += triple
        predicted = set(types)
        for name in predicted | {gold}:
            counts = score.per_type.setdefault(name, Counter())
            if name == gold:
                counts["tp" if name in predicted else "fn"] += 1
            elif name in predicted:
                counts["fp"] += 1
        predicted_main = gold if hit else (types[0] if types else "NONE")
        score.confusion[(gold, predicted_main)] += 1
        if not triple:
            score.misses.append({"id": record.get("id"), "gold": gold, "found": types, "text": record["text"]})
    return score
