"""How well cross-article clustering finds the reports of one event: pairwise precision and
recall over article pairs, against a gold list of events and the articles that report them.

Gold (YAML): a list of ``{id, summary, date, reports: [file names], mentioned_in: [file names]}``,
one entry per real event reported by more than one article; ``mentioned_in`` (optional) lists
articles that refer to the event only as background. Two articles form a *gold pair* when some
gold event lists both as reports. They form a *found pair* when some stored cluster holds events
from both. Recall is the share of gold pairs found. Precision is the share of found pairs that
are right: both articles report or mention one gold event (a background mention of an event is
still that event). Articles are matched to the store by file name (the stored path's last part).
"""
from __future__ import annotations

from itertools import combinations
from pathlib import Path
from typing import Any

import yaml

from thucydides.store.backend import Database


def read_gold(path: Path) -> list[dict[str, Any]]:
    """The gold events of a clusters YAML file (each with at least two reports)."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as err:
        raise ValueError(f"{path}: not valid YAML ({str(err).splitlines()[0]})") from None
    if not isinstance(data, list) or not all(isinstance(e, dict) and isinstance(e.get("reports"), list)
                                             for e in data):
        raise ValueError(f"{path}: expected a list of events, each with a 'reports' list")
    return [e for e in data if len(e["reports"]) >= 2]


def _pairs(groups: list[set[str]]) -> set[tuple[str, str]]:
    return {pair for group in groups for pair in combinations(sorted(group), 2)}


def score_clusters(db: Database, gold: list[dict[str, Any]]) -> dict[str, Any]:
    """Pairwise precision, recall and F1 of the stored clusters against ``gold``."""
    rows = db.query("SELECT e.cluster_id, a.path FROM events e JOIN articles a ON a.id = e.article_id "
                    "WHERE e.cluster_id IS NOT NULL")
    stored = {Path(r["path"]).name for r in db.query("SELECT path FROM articles WHERE path IS NOT NULL")}
    by_cluster: dict[str, set[str]] = {}
    for row in rows:
        by_cluster.setdefault(row["cluster_id"], set()).add(Path(row["path"]).name)
    found = _pairs([g for g in by_cluster.values() if len(g) > 1])
    gold_groups = [{Path(r).name for r in e["reports"]} & stored for e in gold]
    gold_pairs = _pairs(gold_groups)
    allowed = _pairs([{Path(r).name for r in e["reports"] + (e.get("mentioned_in") or [])} & stored
                      for e in gold])
    right = found & allowed
    hits = found & gold_pairs
    precision = len(right) / len(found) if found else 0.0
    recall = len(hits) / len(gold_pairs) if gold_pairs else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    events_found = sum(1 for g in gold_groups if len(g) > 1 and _pairs([g]) <= found)
    return {"gold_events": len(gold), "gold_pairs": len(gold_pairs), "found_pairs": len(found),
            "correct_pairs": len(right), "gold_pairs_found": len(hits), "precision": round(precision, 3),
            "recall": round(recall, 3),
            "f1": round(f1, 3), "gold_events_fully_joined": events_found,
            "multi_report_clusters": sum(1 for g in by_cluster.values() if len(g) > 1)}
