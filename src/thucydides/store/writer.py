"""Writing coded articles and rejected inputs: one transaction per article, so a crash loses
at most the article being written and a re-run never duplicates one."""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Literal

from thucydides.models import Extraction
from thucydides.store.backend import Database
from thucydides.store.rows import (EVENT_COLUMNS, content_hash, event_row, mention_rows, quote_rows,
                                   stable_id)

Outcome = Literal["stored", "replaced", "unchanged", "duplicate"]


@dataclass(frozen=True)
class Identity:
    """Who an input is: the key that makes two inputs the same article, and its content's hash."""

    input_key: str
    content_hash: str

    @property
    def article_id(self) -> str:
        return stable_id(self.input_key)


def identity(input_key: str, title: str | None, body: str, published: str | None) -> Identity:
    return Identity(input_key, content_hash(title, body, published))


def plan(db: Database, ident: Identity) -> Outcome:
    """What storing this input would do, decided before the costly coding step.

    ``unchanged``: this key is stored with this content. ``duplicate``: another key holds the same
    content (one story fetched twice under two names). ``replaced``: the key is stored with other
    content, which will be re-coded. ``stored``: new.
    """
    stored = db.scalar("SELECT content_hash FROM articles WHERE input_key = ?", (ident.input_key,))
    if stored == ident.content_hash:
        return "unchanged"
    if stored is not None:
        return "replaced"
    if db.scalar("SELECT 1 FROM articles WHERE content_hash = ? LIMIT 1", (ident.content_hash,)):
        return "duplicate"
    return "stored"


def save_article(db: Database, ident: Identity, result: Extraction, *, path: str | None,
                 raw_text: str | None) -> Outcome:
    """Store (or replace) one coded article with its events, mentions and quotes, atomically.

    The groups of the old and new events are marked dirty in the same transaction, so their
    clusters are rebuilt by :func:`thucydides.store.clustering.recluster` even after a crash.
    """
    art = result.article
    published = art.published.date
    aid = ident.article_id
    with db.transaction():
        outcome = plan(db, ident)
        if outcome in ("unchanged", "duplicate"):
            return outcome
        old_groups = [r["group_key"] for r in db.query(
            "SELECT DISTINCT group_key FROM events WHERE article_id = ?", (aid,))]
        for table in ("events", "mentions", "quotes"):
            db.execute(f"DELETE FROM {table} WHERE article_id = ?", (aid,))
        db.execute("DELETE FROM articles WHERE id = ?", (aid,))
        db.execute(
            "INSERT INTO articles (id, input_key, name, path, url, title, source, authors, published, "
            "published_inferred, raw_text, body, content_hash, extraction, event_count, coded_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (aid, ident.input_key, art.id, path, art.url, art.title, art.source,
             json.dumps(art.authors), published, int(art.published.inferred), raw_text, art.body,
             ident.content_hash, result.model_dump_json(), len(result.events),
             datetime.now(timezone.utc).isoformat(timespec="seconds")))
        rows = [event_row(aid, ev, published) for ev in result.events]
        placeholders = ", ".join("?" for _ in EVENT_COLUMNS)
        db.executemany(f"INSERT INTO events ({', '.join(EVENT_COLUMNS)}) VALUES ({placeholders})", rows)
        db.executemany("INSERT INTO mentions (article_id, char_start, char_end, text, label, code, "
                       "country, name, role, sponsor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       mention_rows(aid, result))
        db.executemany("INSERT INTO quotes (article_id, char_start, char_end, text, direct, speaker_text, "
                       "speaker_name, speaker_code, speaker_country) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       quote_rows(aid, result))
        groups = set(old_groups) | {row[EVENT_COLUMNS.index("group_key")] for row in rows}
        db.executemany("INSERT INTO dirty_groups (group_key) VALUES (?) ON CONFLICT (group_key) DO NOTHING",
                       [[g] for g in sorted(groups)])
        db.execute("DELETE FROM rejected WHERE input_key = ?", (ident.input_key,))
        return outcome


def save_rejected(db: Database, input_key: str, path: str | None, reason: str) -> None:
    """Record an input that could not be coded, with the reason (the latest reason wins)."""
    with db.transaction():
        db.execute("INSERT INTO rejected (input_key, path, reason, seen_at) VALUES (?, ?, ?, ?) "
                   "ON CONFLICT (input_key) DO UPDATE SET reason = excluded.reason, "
                   "path = excluded.path, seen_at = excluded.seen_at",
                   (input_key, path, reason, datetime.now(timezone.utc).isoformat(timespec="seconds")))
