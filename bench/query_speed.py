"""Query speed on a large store: SYNTHETIC events (clearly not data), for timing only.

    .venv/bin/python bench/query_speed.py [--events 1000000] [--db PATH]

Fills a fresh SQLite store with N synthetic events spread over two years, 40 countries and all
CAMEO roots (one synthetic article per 10 events), then times, each as the best of 3 runs:
a directed dyad query over one year (first page and full count), the per-day dyad aggregation
the monitor uses (if thucydides.monitor is present), an actor query and a CAMEO-root query.
Prints each query's plan. No accuracy number ever comes from this data.
"""
from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from thucydides.store import connect
from thucydides.store import queries as q
from thucydides.store.rows import EVENT_COLUMNS, gdelt_id

COUNTRIES = ["USA", "IRQ", "IRN", "ISR", "PSE", "RUS", "UKR", "CHN", "TWN", "SYR", "LBN", "YEM", "SAU", "TUR",
             "EGY", "JOR", "GBR", "FRA", "DEU", "IND", "PAK", "AFG", "PRK", "KOR", "JPN", "VEN", "COL", "MEX",
             "BRA", "NGA", "ETH", "SDN", "SOM", "KEN", "COD", "MLI", "LBY", "ARM", "AZE", "SRB"]
ROLES = ["GOV", "MIL", "REB", "COP", "", "OPP"]


def fill(url: str, n_events: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    db = connect(url)
    start = date(2024, 1, 1)
    placeholders = ", ".join("?" for _ in EVENT_COLUMNS)
    batch_articles, batch_events = [], []
    for i in range(n_events):
        if i % 10 == 0:
            aid = f"synthetic{i // 10:08d}"
            day = (start + timedelta(days=rng.randrange(730))).isoformat()
            batch_articles.append((aid, f"synthetic:{aid}", aid, None, None, "synthetic", "bench", "[]", day, 0,
                                   None, "synthetic", aid, "{}", 10, day))
        src, tgt = rng.sample(COUNTRIES[:12], 2) if rng.random() < 0.7 else rng.sample(COUNTRIES, 2)
        root = rng.randrange(1, 21)
        cameo = f"{root:02d}{rng.randrange(10)}"
        quad = 1 if root <= 5 else 2 if root <= 9 else 3 if root <= 14 else 4
        eid = f"{aid}:e{i % 10}"
        row = {c: None for c in EVENT_COLUMNS}
        row.update(id=eid, gdelt_id=gdelt_id(eid), article_id=aid, sentence=0, char_start=0, char_end=9,
                   evidence="synthetic", source_code=src + rng.choice(ROLES), source_country=src,
                   target_code=tgt + rng.choice(ROLES), target_country=tgt, cameo=cameo, cameo_root=cameo[:2],
                   quad_class=quad, goldstein=round(rng.uniform(-10, 10), 1), modality="asserted", day=day,
                   confidence=0.5, rule="synthetic", group_key=f"{src}|{tgt}|{cameo[:2]}|asserted")
        batch_events.append([row[c] for c in EVENT_COLUMNS])
        if len(batch_events) >= 50_000 or i == n_events - 1:
            with db.transaction():
                db.executemany("INSERT INTO articles (id, input_key, name, path, url, title, source, authors, "
                               "published, published_inferred, raw_text, body, content_hash, extraction, "
                               "event_count, coded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                               batch_articles)
                db.executemany(f"INSERT INTO events ({', '.join(EVENT_COLUMNS)}) VALUES ({placeholders})",
                               batch_events)
            batch_articles, batch_events = [], []
    db.execute("ANALYZE")
    db.close()


def best_of(fn, runs: int = 3) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(runs):
        t = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t)
    return best, result


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--db", type=Path)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = str(args.db or Path(tmp) / "bench.db")
        t = time.perf_counter()
        fill(url, args.events)
        print(f"filled {args.events:,} synthetic events in {time.perf_counter() - t:.1f} s")
        db = connect(url)
        year = q.EventFilter(dyad="USA-IRQ", since="2024-01-01", until="2024-12-31")
        checks = [
            ("dyad USA-IRQ over 2024, first page", lambda: q.events(db, year, limit=100), q.events_sql(year, 100)),
            ("dyad USA-IRQ over 2024, count", lambda: q.count_events(db, year), None),
            ("actor IRQGOV, first page", lambda: q.events(db, q.EventFilter(actor="IRQGOV"), limit=100),
             q.events_sql(q.EventFilter(actor="IRQGOV"), 100)),
            ("CAMEO 19 in 2025, first page",
             lambda: q.events(db, q.EventFilter(cameo="19", since="2025-01-01"), limit=100),
             q.events_sql(q.EventFilter(cameo="19", since="2025-01-01"), 100)),
        ]
        try:
            from thucydides import monitor
        except ImportError:
            monitor = None
        if monitor is not None:
            checks.append(("monitor daily series USA-IRQ, 2024",
                           lambda: monitor.series(db, dyad="USA-IRQ", since="2024-01-01", until="2024-12-31"), None))
            checks.append(("monitor weekly series USA-IRQ undirected, 2024",
                           lambda: monitor.series(db, dyad="USA-IRQ", undirected=True, freq="week",
                                                  since="2024-01-01", until="2024-12-31"), None))
        for name, fn, sql in checks:
            seconds, result = best_of(fn)
            size = len(result) if isinstance(result, list) else result
            verdict = "ok" if seconds < 1.0 else "SLOW"
            print(f"{name:52s} {seconds * 1000:8.1f} ms  ({size if not hasattr(size, '__len__') else 'done'}) {verdict}")
            if sql:
                print("    plan: " + db.explain(*sql).replace("\n", "\n          "))
        db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
