"""Cross-article clustering: reports of one real-world event become one cluster.

Two reports are of the same event when they share a group key (source side, target side, CAMEO
root, modality: see :func:`thucydides.store.rows.group_key`), their days are at most
:data:`MAX_DAY_GAP` apart (counted from the cluster's first report, so a chain of daily
reports cannot grow without end), and their places do not contradict each other (two named
places must be the same place; an unnamed place fits any). Clusters are rebuilt for whole
groups, in a fixed order, so the result does not depend on the order articles arrived in.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from thucydides.store.backend import Database
from thucydides.store.rows import gdelt_id, stable_id

MAX_DAY_GAP = 1


@dataclass
class _Cluster:
    first_day: date | None
    place: str | None
    members: list[dict[str, Any]] = field(default_factory=list)

    def accepts(self, day: date | None, place: str | None) -> bool:
        if day is None or self.first_day is None:
            return False
        if (day - self.first_day).days > MAX_DAY_GAP:
            return False
        return place is None or self.place is None or place == self.place


def _place(row: dict[str, Any]) -> str | None:
    name = row.get("location_name")
    return name.strip().lower() if name else None


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def build_clusters(rows: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Split one group's event rows (any order) into clusters of reports of the same event."""
    # Ordered by what the reports say and where, never by ids: ids hash the input's path, and the
    # same corpus stored from another folder must cluster the same way.
    ordered = sorted(rows, key=lambda r: (r["day"] or "9999", r.get("article_name") or "", r.get("char_start") or 0,
                                          r["id"]))
    clusters: list[_Cluster] = []
    for row in ordered:
        day, place = _day(row["day"]), _place(row)
        open_ = [c for c in clusters if c.accepts(day, place)]
        # A cluster at the same named place is the better home than one with no place yet.
        open_.sort(key=lambda c: (c.place != place, clusters.index(c)))
        if open_:
            target = open_[0]
            if target.place is None:
                target.place = place
        else:
            target = _Cluster(day, place)
            clusters.append(target)
        target.members.append(row)
    return [c.members for c in clusters]


def _most_common(values: list[Any]) -> Any:
    counts = Counter(v for v in values if v is not None)
    if not counts:
        return None
    best = max(counts.values())
    return min(v for v, n in counts.items() if n == best)


def _summary(group: str, members: list[dict[str, Any]]) -> dict[str, Any]:
    first = members[0]
    days = [m["day"] for m in members if m["day"]]
    located = [m for m in members if m["location_name"]]
    place_row = located[0] if located else None
    outlets = {(m["outlet"] or m["article_id"]).strip().lower() for m in members}
    cid = stable_id(f"{group}|{first['id']}")
    return {
        "id": cid, "group_key": group,
        "source_country": first["source_country"], "target_country": first["target_country"],
        "source_code": _most_common([m["source_code"] for m in members]),
        "target_code": _most_common([m["target_code"] for m in members]),
        "cameo": _most_common([m["cameo"] for m in members]),
        "cameo_root": first["cameo_root"], "quad_class": first["quad_class"],
        "goldstein": round(sum(m["goldstein"] for m in members) / len(members), 2),
        "modality": first["modality"],
        "first_day": min(days) if days else None, "last_day": max(days) if days else None,
        "place": place_row["location_name"] if place_row else None,
        "place_country": place_row["location_country"] if place_row else None,
        "lat": place_row["lat"] if place_row else None, "lon": place_row["lon"] if place_row else None,
        "report_count": len({m["article_id"] for m in members}),
        "source_count": len(outlets),
        "event_count": len(members),
        "gdelt_id": gdelt_id(cid),
        "first_url": first["url"] or first["path"],
    }


_CLUSTER_COLUMNS = ["id", "group_key", "source_country", "target_country", "source_code", "target_code",
                    "cameo", "cameo_root", "quad_class", "goldstein", "modality", "first_day", "last_day",
                    "place", "place_country", "lat", "lon", "report_count", "source_count", "event_count",
                    "gdelt_id", "first_url"]


def recluster(db: Database) -> int:
    """Rebuild the clusters of every dirty group (and of any event not yet in a cluster).

    Returns the number of groups rebuilt. Runs in one transaction: a crash leaves the groups
    dirty and the next run rebuilds them.
    """
    with db.transaction():
        groups = {r["group_key"] for r in db.query("SELECT group_key FROM dirty_groups")}
        groups |= {r["group_key"] for r in db.query(
            "SELECT DISTINCT group_key FROM events WHERE cluster_id IS NULL")}
        for group in sorted(groups):
            _rebuild_group(db, group)
        db.execute("DELETE FROM dirty_groups")
    return len(groups)


def _rebuild_group(db: Database, group: str) -> None:
    db.execute("DELETE FROM clusters WHERE group_key = ?", (group,))
    rows = db.query(
        "SELECT e.id, e.article_id, e.day, e.location_name, e.location_country, e.lat, e.lon, e.cameo, "
        "e.cameo_root, e.quad_class, e.goldstein, e.modality, e.source_code, e.target_code, "
        "e.source_country, e.target_country, e.char_start, a.name AS article_name, a.source AS outlet, a.url, a.path "
        "FROM events e JOIN articles a ON a.id = e.article_id WHERE e.group_key = ?", (group,))
    if not rows:
        return
    grouped = build_clusters(rows)
    clusters = [_summary(group, members) for members in grouped]
    placeholders = ", ".join("?" for _ in _CLUSTER_COLUMNS)
    db.executemany(f"INSERT INTO clusters ({', '.join(_CLUSTER_COLUMNS)}) VALUES ({placeholders})",
                   [[c[k] for k in _CLUSTER_COLUMNS] for c in clusters])
    assignments = []
    for cluster, members in zip(clusters, grouped):
        assignments.extend([cluster["id"], m["id"]] for m in members)
    db.executemany("UPDATE events SET cluster_id = ? WHERE id = ?", assignments)
