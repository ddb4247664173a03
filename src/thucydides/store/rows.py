"""Turning one article's output contract into table rows (pure functions, no database)."""
from __future__ import annotations

import hashlib
import json
from datetime import date
from typing import Any

from thucydides.models import Actor, Event, Extraction


def stable_id(text: str, length: int = 16) -> str:
    """A short hex id that is the same on every run and machine."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:length]


def gdelt_id(text: str) -> int:
    """A positive 63-bit integer id (GDELT's GlobalEventID is numeric)."""
    return int(hashlib.sha256(text.encode("utf-8")).hexdigest()[:15], 16)


def content_hash(title: str | None, body: str, published: str | None) -> str:
    """What decides whether an article changed: its title, its text and its date."""
    return hashlib.sha256(json.dumps([title, body, published]).encode("utf-8")).hexdigest()


def _side(actor: Actor | None) -> str:
    if actor is None:
        return "-"
    return actor.country or actor.code or actor.name.lower()


def group_key(event: Event) -> str:
    """Reports of one real event must agree on this: who, on whom, what kind of act, and whether done.

    Countries rather than full actor codes: one outlet's "Iraqi forces" is another's "Baghdad".
    The modality is part of the key so a threat never merges with the act it threatens.
    """
    root = event.cameo[:2]
    return f"{_side(event.source)}|{_side(event.target)}|{root}|{event.modality}"


def event_day(event: Event, published: str | None) -> str | None:
    """The day an event is filed under: its own day when known to the day, else the article's."""
    if event.date is not None and event.date.precision == "day" and len(event.date.value) == 10:
        return event.date.value
    return published


def _actor_cols(actor: Actor | None) -> list[Any]:
    if actor is None:
        return [None] * 6
    return [actor.text, actor.name, actor.code, actor.country, actor.role, actor.sponsor]


EVENT_COLUMNS = [
    "id", "gdelt_id", "article_id", "sentence", "char_start", "char_end", "evidence",
    "source_text", "source_name", "source_code", "source_country", "source_role", "source_sponsor",
    "target_text", "target_name", "target_code", "target_country", "target_role", "target_sponsor",
    "cameo", "cameo_root", "cameo_label", "plover_type", "plover_mode", "quad_class", "goldstein",
    "modality", "condition", "reported_by_code", "reported_by_name",
    "date_value", "date_precision", "date_text", "day",
    "location_name", "location_country", "lat", "lon", "killed", "wounded", "quantities",
    "confidence", "rule", "trig", "group_key", "cluster_id",
]


def event_row(article_id: str, event: Event, published: str | None) -> list[Any]:
    """One ``events`` row, in :data:`EVENT_COLUMNS` order."""
    eid = f"{article_id}:{event.id}"
    loc = event.location
    return [
        eid, gdelt_id(eid), article_id, event.sentence, event.start, event.end, event.evidence,
        *_actor_cols(event.source), *_actor_cols(event.target),
        event.cameo, event.cameo[:2], event.cameo_label, event.plover.type, event.plover.mode,
        event.quad_class, event.goldstein, event.modality, event.condition,
        event.reported_by.code if event.reported_by else None,
        event.reported_by.name if event.reported_by else None,
        event.date.value if event.date else None, event.date.precision if event.date else None,
        event.date.text if event.date else None, event_day(event, published),
        loc.name if loc else None, loc.country if loc else None, loc.lat if loc else None,
        loc.lon if loc else None, event.quantities.get("killed"), event.quantities.get("wounded"),
        json.dumps(event.quantities, sort_keys=True) if event.quantities else None,
        event.confidence, event.rule, event.trigger, group_key(event), None,
    ]


def mention_rows(article_id: str, result: Extraction) -> list[list[Any]]:
    """``mentions`` rows: the named entities of the article with the actor each stands for."""
    seen: set[tuple[int, int, str]] = set()
    rows = []
    for ent in result.entities:
        key = (ent.start, ent.end, ent.label)
        if key in seen:
            continue
        seen.add(key)
        actor = ent.actor
        rows.append([article_id, ent.start, ent.end, ent.text, ent.label,
                     actor.code if actor else None, actor.country if actor else None,
                     actor.name if actor else None, actor.role if actor else None,
                     actor.sponsor if actor else None])
    return rows


def quote_rows(article_id: str, result: Extraction) -> list[list[Any]]:
    """``quotes`` rows with the speaker each quote is attributed to."""
    seen: set[tuple[int, int]] = set()
    rows = []
    for q in result.quotes:
        if (q.start, q.end) in seen:
            continue
        seen.add((q.start, q.end))
        sp = q.speaker
        rows.append([article_id, q.start, q.end, q.text, int(q.direct),
                     sp.text if sp else None, sp.name if sp else None,
                     sp.code if sp else None, sp.country if sp else None])
    return rows


def today() -> str:
    return date.today().isoformat()
