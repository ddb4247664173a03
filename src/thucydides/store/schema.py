"""The event store's tables, written once for both backends, and the migrations between versions.

DDL uses three type placeholders, filled per backend, so SQLite and PostgreSQL hold the same
columns: ``{real}`` (a double), ``{bigint}`` (a 64-bit integer) and ``{text}``.
"""
from __future__ import annotations

SCHEMA_VERSION = 2

# Each entry moves the schema from version N-1 to N. Never edit a released step: add one.
MIGRATIONS: dict[int, list[str]] = {
    1: [
        """CREATE TABLE articles (
            id {text} PRIMARY KEY,          -- hash of the input key: stable across runs
            input_key {text} NOT NULL UNIQUE,  -- URL, record id or file path: what makes it the same article
            name {text} NOT NULL,           -- the article id of the output contract
            path {text},
            url {text},
            title {text},
            source {text},
            authors {text},
            published {text},               -- YYYY-MM-DD
            published_inferred INTEGER NOT NULL DEFAULT 0,
            raw_text {text},                -- the input as read (decoded)
            body {text} NOT NULL,           -- the text the offsets of events index
            content_hash {text} NOT NULL,
            extraction {text} NOT NULL,     -- the full output-contract JSON
            event_count INTEGER NOT NULL,
            coded_at {text} NOT NULL
        )""",
        "CREATE INDEX articles_hash ON articles (content_hash)",
        "CREATE INDEX articles_published ON articles (published)",
        """CREATE TABLE events (
            id {text} PRIMARY KEY,          -- article id ':' the event's id in the article
            gdelt_id {bigint} NOT NULL,
            article_id {text} NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
            sentence INTEGER NOT NULL,
            char_start INTEGER NOT NULL,
            char_end INTEGER NOT NULL,
            evidence {text} NOT NULL,
            source_text {text}, source_name {text}, source_code {text}, source_country {text},
            source_role {text}, source_sponsor {text},
            target_text {text}, target_name {text}, target_code {text}, target_country {text},
            target_role {text}, target_sponsor {text},
            cameo {text} NOT NULL,
            cameo_root {text} NOT NULL,
            cameo_label {text},
            plover_type {text},
            plover_mode {text},
            quad_class INTEGER NOT NULL,
            goldstein {real} NOT NULL,
            modality {text} NOT NULL,
            condition {text},
            reported_by_code {text},
            reported_by_name {text},
            date_value {text},
            date_precision {text},
            date_text {text},
            day {text},                     -- the event's day, or the article's when the event has none
            location_name {text}, location_country {text}, lat {real}, lon {real},
            killed INTEGER, wounded INTEGER,
            quantities {text},
            confidence {real} NOT NULL,
            rule {text} NOT NULL,
            trig {text},
            group_key {text} NOT NULL,      -- what must match for two reports to be one event
            cluster_id {text}
        )""",
        "CREATE INDEX events_dyad_day ON events (source_country, target_country, day)",
        "CREATE INDEX events_target_day ON events (target_country, day)",
        "CREATE INDEX events_day ON events (day)",
        "CREATE INDEX events_source_code ON events (source_code, day)",
        "CREATE INDEX events_target_code ON events (target_code, day)",
        "CREATE INDEX events_cameo ON events (cameo, day)",
        "CREATE INDEX events_quad ON events (quad_class, day)",
        "CREATE INDEX events_article ON events (article_id)",
        "CREATE INDEX events_group ON events (group_key, day)",
        "CREATE INDEX events_cluster ON events (cluster_id)",
        """CREATE TABLE mentions (
            article_id {text} NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
            char_start INTEGER NOT NULL,
            char_end INTEGER NOT NULL,
            text {text} NOT NULL,
            label {text} NOT NULL,
            code {text}, country {text}, name {text}, role {text}, sponsor {text},
            PRIMARY KEY (article_id, char_start, char_end, label)
        )""",
        "CREATE INDEX mentions_code ON mentions (code)",
        """CREATE TABLE quotes (
            article_id {text} NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
            char_start INTEGER NOT NULL,
            char_end INTEGER NOT NULL,
            text {text} NOT NULL,
            direct INTEGER NOT NULL,
            speaker_text {text}, speaker_name {text}, speaker_code {text}, speaker_country {text},
            PRIMARY KEY (article_id, char_start, char_end)
        )""",
        "CREATE INDEX quotes_speaker ON quotes (speaker_name)",
        """CREATE TABLE clusters (
            id {text} PRIMARY KEY,
            group_key {text} NOT NULL,
            source_country {text}, target_country {text},
            source_code {text}, target_code {text},
            cameo {text} NOT NULL,
            cameo_root {text} NOT NULL,
            quad_class INTEGER NOT NULL,
            goldstein {real} NOT NULL,
            modality {text} NOT NULL,
            first_day {text}, last_day {text},
            place {text}, place_country {text}, lat {real}, lon {real},
            report_count INTEGER NOT NULL,  -- distinct articles
            source_count INTEGER NOT NULL,  -- distinct outlets
            event_count INTEGER NOT NULL,   -- events (mentions) merged
            gdelt_id {bigint} NOT NULL,
            first_url {text}
        )""",
        "CREATE INDEX clusters_group ON clusters (group_key)",
        "CREATE INDEX clusters_day ON clusters (first_day)",
        # Group keys whose clusters are stale: written in the same transaction as the change that
        # made them stale, so a crash between coding and clustering is repaired by the next run.
        "CREATE TABLE dirty_groups (group_key {text} PRIMARY KEY)",
        """CREATE TABLE rejected (
            input_key {text} PRIMARY KEY,
            path {text},
            reason {text} NOT NULL,
            seen_at {text} NOT NULL
        )""",
    ],
    2: [
        # Quote lookups by speaker ignore case; an expression index keeps them off a full scan.
        "CREATE INDEX quotes_speaker_lower ON quotes (lower(speaker_name))",
    ],
}

TYPES = {
    "sqlite": {"real": "REAL", "bigint": "INTEGER", "text": "TEXT"},
    "postgresql": {"real": "DOUBLE PRECISION", "bigint": "BIGINT", "text": "TEXT"},
}


def statements(version: int, dialect: str) -> list[str]:
    """The DDL of one migration step, with the backend's types filled in."""
    return [sql.format(**TYPES[dialect]) for sql in MIGRATIONS[version]]
