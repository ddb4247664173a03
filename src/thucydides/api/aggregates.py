"""Server-side summaries for the dashboard, so that a browser never receives every event.

Each function takes the same :class:`EventFilter` as ``thucydides events`` and returns a
bounded amount of data however large the store is: counts per day, the heaviest network edges,
the busiest places, the most active actors. Column names in the SQL come from fixed tables
in this module, never from a request; every value is a bound parameter.
"""
from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from thucydides.store.backend import Database
from thucydides.store.queries import EventFilter, QueryError, event_where

FREQUENCIES = ("day", "week", "month")
NETWORK_LEVELS = {"country": ("source_country", "target_country"), "actor": ("source_code", "target_code")}


def _where(f: EventFilter, *extra: str) -> tuple[str, list[Any]]:
    """The filter's WHERE clause with fixed extra conditions ANDed on."""
    where, params = event_where(f)
    conditions = [where.removeprefix(" WHERE ")] if where else []
    conditions += extra
    return ((" WHERE " + " AND ".join(conditions)) if conditions else ""), params


def period_start(day: str, freq: str) -> str:
    """The first day of the period (a day, the Monday of its week, the 1st of its month)."""
    d = date.fromisoformat(day)
    if freq == "week":
        d -= timedelta(days=d.weekday())
    elif freq == "month":
        d = d.replace(day=1)
    return d.isoformat()


def timeline(db: Database, f: EventFilter, freq: str = "day") -> list[dict[str, Any]]:
    """Events per period and quad class, oldest first: ``{period, events, q1..q4, goldstein}``.

    The store groups by day (an index-ordered scan); days are folded into weeks or months here,
    which keeps the SQL the same on both backends.
    """
    if freq not in FREQUENCIES:
        raise QueryError(f"freq: one of {', '.join(FREQUENCIES)}, got {freq!r}")
    where, params = _where(f, "day IS NOT NULL")
    rows = db.query(f"SELECT day, quad_class, count(*) AS n, sum(goldstein) AS g FROM events{where} "
                    "GROUP BY day, quad_class ORDER BY day", params)
    periods: dict[str, dict[str, Any]] = {}
    for row in rows:
        key = period_start(row["day"], freq)
        bucket = periods.setdefault(key, {"period": key, "events": 0, "q1": 0, "q2": 0, "q3": 0, "q4": 0,
                                          "goldstein": 0.0})
        bucket["events"] += int(row["n"])
        if row["quad_class"] in (1, 2, 3, 4):
            bucket[f"q{row['quad_class']}"] += int(row["n"])
        bucket["goldstein"] += float(row["g"] or 0.0)
    for bucket in periods.values():
        # The mean, not the sum: a busy day is not a more intense one.
        bucket["goldstein"] = round(bucket["goldstein"] / bucket["events"], 2) if bucket["events"] else 0.0
    return list(periods.values())


def network(db: Database, f: EventFilter, level: str = "country", limit: int = 40) -> dict[str, Any]:
    """Who acts on whom: the ``limit`` heaviest directed edges and their nodes.

    An edge's weight is its intensity, the summed absolute Goldstein score of its events (a war
    outweighs a string of phone calls); ``goldstein`` is the mean, whose sign says conflict or
    cooperation. Self-loops (a government and its own police) are left out.
    """
    if level not in NETWORK_LEVELS:
        raise QueryError(f"level: one of {', '.join(NETWORK_LEVELS)}, got {level!r}")
    s, t = NETWORK_LEVELS[level]
    where, params = _where(f, f"{s} IS NOT NULL", f"{t} IS NOT NULL", f"{s} <> {t}")
    edges = db.query(f"SELECT {s} AS source, {t} AS target, count(*) AS events, "
                     "sum(abs(goldstein)) AS weight, avg(goldstein) AS goldstein, "
                     "sum(CASE WHEN quad_class >= 3 THEN 1 ELSE 0 END) AS conflict "
                     f"FROM events{where} GROUP BY {s}, {t} ORDER BY sum(abs(goldstein)) DESC, count(*) DESC, "
                     f"{s}, {t} LIMIT ?", params + [limit])
    nodes: dict[str, dict[str, Any]] = {}
    for e in edges:
        e["weight"] = round(float(e["weight"] or 0.0), 2)
        e["goldstein"] = round(float(e["goldstein"] or 0.0), 2)
        for side, key in (("source", "out"), ("target", "in")):
            node = nodes.setdefault(e[side], {"id": e[side], "out": 0.0, "in": 0.0, "events": 0})
            node[key] = round(node[key] + e["weight"], 2)
            node["events"] += int(e["events"])
    return {"level": level, "nodes": sorted(nodes.values(), key=lambda n: -(n["in"] + n["out"])), "edges": edges}


def places(db: Database, f: EventFilter, limit: int = 300) -> list[dict[str, Any]]:
    """Located events grouped by place, busiest first: name, country, mean position, counts."""
    where, params = _where(f, "lat IS NOT NULL", "lon IS NOT NULL")
    rows = db.query("SELECT location_name AS name, location_country AS country, avg(lat) AS lat, avg(lon) AS lon, "
                    "count(*) AS events, sum(CASE WHEN quad_class = 4 THEN 1 ELSE 0 END) AS material_conflict, "
                    "sum(coalesce(killed, 0)) AS killed, avg(goldstein) AS goldstein, min(day) AS first_day, "
                    f"max(day) AS last_day FROM events{where} GROUP BY location_name, location_country "
                    "ORDER BY count(*) DESC, location_name LIMIT ?", params + [limit])
    for row in rows:
        row["lat"], row["lon"] = round(float(row["lat"]), 4), round(float(row["lon"]), 4)
        row["goldstein"] = round(float(row["goldstein"] or 0.0), 2)
    return rows


def actors(db: Database, f: EventFilter, limit: int = 50) -> list[dict[str, Any]]:
    """The most active actor codes (as source or target of a filtered event), with counts.

    ``name`` is one name the code was seen under (the alphabetically first, which is stable);
    a code such as USAGOV stands for many people, so it is a hint, not a label.
    """
    where, params = event_where(f)
    rows = db.query(
        "SELECT code, min(country) AS country, min(name) AS name, count(*) AS events, "
        "sum(as_source) AS as_source, count(*) - sum(as_source) AS as_target, avg(goldstein) AS goldstein "
        f"FROM (SELECT source_code AS code, source_country AS country, source_name AS name, 1 AS as_source, "
        f"goldstein FROM events{where} "
        f"UNION ALL SELECT target_code, target_country, target_name, 0, goldstein FROM events{where}) sides "
        "WHERE code IS NOT NULL AND code <> '' GROUP BY code ORDER BY count(*) DESC, code LIMIT ?",
        params + params + [limit])
    for row in rows:
        row["goldstein"] = round(float(row["goldstein"] or 0.0), 2)
    return rows


def overview(db: Database) -> dict[str, Any]:
    """Row counts, the span of event days and of publication days: the dashboard's header line."""
    counts = {t: int(db.scalar(f"SELECT count(*) FROM {t}")) for t in ("articles", "events", "quotes", "clusters")}
    span = db.query("SELECT min(day) AS first_day, max(day) AS last_day FROM events")[0]
    # The days the store has news for; an article may report events long before them.
    news = db.query("SELECT min(published) AS news_first, max(published) AS news_last FROM articles")[0]
    return {**counts, **span, **news}
