"""Reading the store: events, articles, quotes, clusters and per-dyad summaries.

Filters become SQL with bound parameters only. Prefix filters (an actor code, a CAMEO code)
are written as ranges (``>= 'IRQ' AND < 'IRR'``) rather than LIKE, so the indexes serve them
on both backends.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from thucydides.store.backend import Database

MAX_PAGE = 10_000


class QueryError(ValueError):
    """A filter value that cannot be used; ``str()`` names the option and the reason."""


@dataclass
class EventFilter:
    """The filters of ``thucydides events`` (and of the API's /events)."""

    dyad: str | None = None          # "USA-IRQ": source side, target side (a country or an actor code prefix)
    undirected: bool = False         # the dyad in either direction
    actor: str | None = None         # an actor code prefix on either side ("IRQ", "IRQGOV")
    cameo: str | None = None         # a CAMEO code prefix ("13", "190")
    quad: int | None = None          # 1 verbal coop, 2 material coop, 3 verbal conflict, 4 material conflict
    since: str | None = None         # YYYY-MM-DD, inclusive
    until: str | None = None         # YYYY-MM-DD, inclusive
    modality: str | None = None
    cluster: str | None = None
    article: str | None = None


def _upper_bound(prefix: str) -> str:
    """The smallest string greater than every string starting with ``prefix``."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


def _prefix(column: str, value: str) -> tuple[str, list[Any]]:
    return f"({column} >= ? AND {column} < ?)", [value, _upper_bound(value)]


def _side(prefix: str, value: str) -> tuple[str, list[Any]]:
    """One side of a dyad: three letters are a country; longer is an actor-code prefix."""
    if len(value) == 3:
        return f"{prefix}_country = ?", [value]
    return _prefix(f"{prefix}_code", value)


def _check_day(value: str, option: str) -> str:
    from datetime import date
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise QueryError(f"{option}: not a date in YYYY-MM-DD form: {value!r}") from None


def event_where(f: EventFilter) -> tuple[str, list[Any]]:
    """The WHERE clause (possibly empty) and its parameters for an event filter."""
    parts: list[str] = []
    params: list[Any] = []
    if f.dyad:
        sides = [s.strip().upper() for s in f.dyad.split("-")]
        if len(sides) != 2 or not all(s.isalnum() and len(s) >= 3 for s in sides):
            raise QueryError(f"--dyad: expected two actor codes joined by '-', e.g. USA-IRQ, got {f.dyad!r}")
        a_sql, a_par = _side("source", sides[0])
        b_sql, b_par = _side("target", sides[1])
        forward = f"({a_sql} AND {b_sql})"
        if f.undirected:
            c_sql, c_par = _side("source", sides[1])
            d_sql, d_par = _side("target", sides[0])
            parts.append(f"({forward} OR ({c_sql} AND {d_sql}))")
            params += a_par + b_par + c_par + d_par
        else:
            parts.append(forward)
            params += a_par + b_par
    if f.actor:
        code = f.actor.strip().upper()
        if not code.isalnum():
            raise QueryError(f"--actor: not an actor code: {f.actor!r}")
        s_sql, s_par = _prefix("source_code", code)
        t_sql, t_par = _prefix("target_code", code)
        parts.append(f"({s_sql} OR {t_sql})")
        params += s_par + t_par
    if f.cameo:
        code = f.cameo.strip()
        if not code.isdigit() or len(code) > 4:
            raise QueryError(f"--cameo: not a CAMEO code (digits, e.g. 13 or 190): {f.cameo!r}")
        c_sql, c_par = _prefix("cameo", code)
        parts.append(c_sql)
        params += c_par
    if f.quad is not None:
        if f.quad not in (1, 2, 3, 4):
            raise QueryError(f"--quad: must be 1, 2, 3 or 4, got {f.quad}")
        parts.append("quad_class = ?")
        params.append(f.quad)
    day_parts, day_params = _day_range("day", f.since, f.until)
    parts += day_parts
    params += day_params
    if f.modality:
        allowed = {"asserted", "threatened", "conditional", "hypothetical", "negated", "intended"}
        if f.modality not in allowed:
            raise QueryError(f"--modality: one of {', '.join(sorted(allowed))}, got {f.modality!r}")
        parts.append("modality = ?")
        params.append(f.modality)
    if f.cluster:
        parts.append("cluster_id = ?")
        params.append(f.cluster)
    if f.article:
        parts.append("article_id = ?")
        params.append(f.article)
    return (" WHERE " + " AND ".join(parts)) if parts else "", params


def _day_range(column: str, since: str | None, until: str | None) -> tuple[list[str], list[Any]]:
    """Conditions and parameters keeping ``column`` (a YYYY-MM-DD text) within since..until."""
    parts: list[str] = []
    params: list[Any] = []
    if since:
        parts.append(f"{column} >= ?")
        params.append(_check_day(since, "--since"))
    if until:
        parts.append(f"{column} <= ?")
        params.append(_check_day(until, "--until"))
    return parts, params


def _page(limit: int, offset: int) -> tuple[int, int]:
    if not 1 <= limit <= MAX_PAGE:
        raise QueryError(f"--limit: between 1 and {MAX_PAGE}, got {limit}")
    if offset < 0:
        raise QueryError(f"--offset: must not be negative, got {offset}")
    return limit, offset


EVENT_LIST_COLUMNS = (
    "id, article_id, day, source_name, source_code, source_country, target_name, target_code, "
    "target_country, cameo, cameo_label, plover_type, quad_class, goldstein, modality, condition, "
    "location_name, location_country, lat, lon, killed, wounded, evidence, char_start, char_end, rule, "
    "cluster_id, date_value, date_precision, reported_by_name"
)


def events_sql(f: EventFilter, limit: int = 100, offset: int = 0) -> tuple[str, list[Any]]:
    """The SQL and parameters of one page of events, newest day first."""
    where, params = event_where(f)
    limit, offset = _page(limit, offset)
    return (f"SELECT {EVENT_LIST_COLUMNS} FROM events{where} ORDER BY day DESC, id LIMIT ? OFFSET ?",
            params + [limit, offset])


def events(db: Database, f: EventFilter, limit: int = 100, offset: int = 0) -> list[dict[str, Any]]:
    """One page of events matching ``f``."""
    sql, params = events_sql(f, limit, offset)
    return db.query(sql, params)


def count_events(db: Database, f: EventFilter) -> int:
    where, params = event_where(f)
    return int(db.scalar(f"SELECT count(*) FROM events{where}", params))


def articles(db: Database, *, since: str | None = None, until: str | None = None, limit: int = 100,
             offset: int = 0) -> list[dict[str, Any]]:
    """One page of stored articles (without their text), newest first."""
    limit, offset = _page(limit, offset)
    parts, params = _day_range("published", since, until)
    where = (" WHERE " + " AND ".join(parts)) if parts else ""
    return db.query("SELECT id, name, title, source, url, path, published, published_inferred, event_count, "
                    f"coded_at FROM articles{where} ORDER BY published DESC, id LIMIT ? OFFSET ?",
                    params + [limit, offset])


def article(db: Database, article_id: str) -> dict[str, Any] | None:
    """One stored article with its body and full extraction JSON, by id or contract name."""
    rows = db.query("SELECT * FROM articles WHERE id = ? OR name = ? ORDER BY id LIMIT 1",
                    (article_id, article_id))
    return rows[0] if rows else None


def quotes(db: Database, *, speaker: str | None = None, limit: int = 100, offset: int = 0) -> list[dict[str, Any]]:
    """One page of quotes, optionally those of speakers whose name contains ``speaker`` (any case)."""
    limit, offset = _page(limit, offset)
    where, params = "", []
    if speaker:
        where = " WHERE lower(q.speaker_name) LIKE ? ESCAPE '!'"
        escaped = speaker.lower().replace("!", "!!").replace("%", "!%").replace("_", "!_")
        params.append(f"%{escaped}%")
    return db.query("SELECT q.article_id, a.published, q.speaker_name, q.speaker_code, q.text, q.direct, "
                    f"q.char_start, q.char_end FROM quotes q JOIN articles a ON a.id = q.article_id{where} "
                    "ORDER BY a.published DESC, q.article_id, q.char_start LIMIT ? OFFSET ?",
                    params + [limit, offset])


def clusters(db: Database, *, min_reports: int = 1, since: str | None = None, until: str | None = None,
             limit: int = 100, offset: int = 0) -> list[dict[str, Any]]:
    """One page of event clusters, most reported first."""
    limit, offset = _page(limit, offset)
    parts, params = _day_range("first_day", since, until)
    parts.insert(0, "report_count >= ?")
    params.insert(0, min_reports)
    return db.query(f"SELECT * FROM clusters WHERE {' AND '.join(parts)} "
                    "ORDER BY report_count DESC, first_day DESC, id LIMIT ? OFFSET ?", params + [limit, offset])


def dyad_summary(db: Database, f: EventFilter | None = None, limit: int = 20) -> list[dict[str, Any]]:
    """Per directed country dyad: events by quad class, asserted share and mean Goldstein score."""
    where, params = event_where(f or EventFilter())
    extra = " AND " if where else " WHERE "
    return db.query(
        "SELECT source_country, target_country, count(*) AS events, "
        "sum(CASE WHEN quad_class = 1 THEN 1 ELSE 0 END) AS q1, "
        "sum(CASE WHEN quad_class = 2 THEN 1 ELSE 0 END) AS q2, "
        "sum(CASE WHEN quad_class = 3 THEN 1 ELSE 0 END) AS q3, "
        "sum(CASE WHEN quad_class = 4 THEN 1 ELSE 0 END) AS q4, "
        "sum(CASE WHEN modality = 'asserted' THEN 1 ELSE 0 END) AS asserted, "
        "round(avg(goldstein) * 100) / 100.0 AS mean_goldstein, "
        "min(day) AS first_day, max(day) AS last_day "
        f"FROM events{where}{extra}source_country IS NOT NULL AND target_country IS NOT NULL "
        "AND source_country <> target_country "
        "GROUP BY source_country, target_country ORDER BY count(*) DESC, source_country, target_country "
        "LIMIT ?", params + [limit])


def stats(db: Database) -> dict[str, int]:
    """Row counts of the main tables."""
    return {t: int(db.scalar(f"SELECT count(*) FROM {t}"))
            for t in ("articles", "events", "mentions", "quotes", "clusters", "rejected")}


def rejected(db: Database, limit: int = 100, offset: int = 0) -> list[dict[str, Any]]:
    limit, offset = _page(limit, offset)
    return db.query("SELECT input_key, path, reason, seen_at FROM rejected ORDER BY input_key LIMIT ? OFFSET ?",
                    (limit, offset))
