"""Exports: every stored event as CSV or Parquet, and the clusters as a GDELT 2.0 event table.

The GDELT export has one row per cluster, as GDELT's event table has one row per deduplicated
event: NumArticles is the cluster's report count, NumSources its outlet count, NumMentions its
event (mention) count. Columns GDELT fills from data we do not have (tone, ethnicity, religion,
actor places) are left empty rather than invented.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, TextIO

from thucydides.store.backend import Database
from thucydides.store.queries import EventFilter, event_where
from thucydides.store.rows import EVENT_COLUMNS

GDELT_COLUMNS = [
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    "Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1KnownGroupCode", "Actor1EthnicCode",
    "Actor1Religion1Code", "Actor1Religion2Code", "Actor1Type1Code", "Actor1Type2Code", "Actor1Type3Code",
    "Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2KnownGroupCode", "Actor2EthnicCode",
    "Actor2Religion1Code", "Actor2Religion2Code", "Actor2Type1Code", "Actor2Type2Code", "Actor2Type3Code",
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    "Actor1Geo_Type", "Actor1Geo_FullName", "Actor1Geo_CountryCode", "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code", "Actor1Geo_Lat", "Actor1Geo_Long", "Actor1Geo_FeatureID",
    "Actor2Geo_Type", "Actor2Geo_FullName", "Actor2Geo_CountryCode", "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code", "Actor2Geo_Lat", "Actor2Geo_Long", "Actor2Geo_FeatureID",
    "ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code", "ActionGeo_Lat", "ActionGeo_Long", "ActionGeo_FeatureID",
    "DATEADDED", "SOURCEURL",
]

# Event columns exported as CSV/Parquet: all but the internal grouping key.
EXPORT_COLUMNS = [c for c in EVENT_COLUMNS if c != "group_key"]
_BATCH = 5000


@lru_cache(maxsize=1)
def fips_codes() -> dict[str, str]:
    """ISO 3166 alpha-3 -> FIPS 10-4 country code (GDELT's geography uses FIPS)."""
    text = resources.files("thucydides.store").joinpath("gdelt_countries.tsv").read_text(encoding="utf-8")
    rows = csv.DictReader((line for line in io.StringIO(text) if not line.startswith("#")), delimiter="\t")
    return {r["iso3"]: r["fips"] for r in rows if r.get("fips")}


def _stream(db: Database, sql: str, params: list[Any]) -> Iterator[dict[str, Any]]:
    """Rows in batches by keyset on ``id``, so a million events never sit in memory at once."""
    last = ""
    while True:
        rows = db.query(sql + " ORDER BY id LIMIT ?", params + [last, _BATCH])
        if not rows:
            return
        yield from rows
        last = rows[-1]["id"]


def event_rows(db: Database, f: EventFilter | None = None) -> Iterator[dict[str, Any]]:
    """Every stored event matching ``f``, in id order, streamed."""
    where, params = event_where(f or EventFilter())
    joiner = " AND " if where else " WHERE "
    sql = f"SELECT {', '.join(EXPORT_COLUMNS)} FROM events{where}{joiner}id > ?"
    return _stream(db, sql, params)


def write_csv(db: Database, out: TextIO, f: EventFilter | None = None) -> int:
    """Events as CSV with a header; returns the number of rows."""
    writer = csv.DictWriter(out, fieldnames=EXPORT_COLUMNS, lineterminator="\n")
    writer.writeheader()
    n = 0
    for row in event_rows(db, f):
        writer.writerow(row)
        n += 1
    return n


def write_parquet(db: Database, path: Path, f: EventFilter | None = None) -> int:
    """Events as a Parquet file (typed columns, written in row groups); returns the number of rows."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    floats = {"goldstein", "lat", "lon", "confidence"}
    ints = {"gdelt_id", "sentence", "char_start", "char_end", "quad_class", "killed", "wounded"}
    schema = pa.schema([(c, pa.float64() if c in floats else pa.int64() if c in ints else pa.string())
                        for c in EXPORT_COLUMNS])
    n = 0
    with pq.ParquetWriter(str(path), schema) as writer:
        batch: list[dict[str, Any]] = []
        for row in event_rows(db, f):
            batch.append(row)
            if len(batch) >= _BATCH:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                n += len(batch)
                batch = []
        if batch or n == 0:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            n += len(batch)
    return n


def _fraction(day: date) -> str:
    return f"{day.year + (day.timetuple().tm_yday - 1) / 365:.4f}"


def gdelt_row(c: dict[str, Any]) -> list[str]:
    """One GDELT 2.0 event-table row for a cluster (with its first event's names joined in)."""
    day = date.fromisoformat(c["first_day"]) if c["first_day"] else None
    fips = fips_codes()

    def actor(prefix: str) -> list[str]:
        code = c[f"{prefix}_code"] or ""
        country = c[f"{prefix}_country"] or ""
        role = code[3:6] if len(code) >= 6 else ""
        name = (c[f"{prefix}_name"] or "").upper()
        return [code, name, country, "", "", "", "", role, "", ""]

    place_type = ""
    if c["place"]:
        place_type = "1" if c["lat"] is None else "4"   # a country only, or a located place
    cameo = c["cameo"]
    added = (c["coded_at"] or "").replace("-", "").replace("T", "").replace(":", "")[:14]
    return [
        str(c["gdelt_id"]),
        day.strftime("%Y%m%d") if day else "", day.strftime("%Y%m") if day else "",
        str(day.year) if day else "", _fraction(day) if day else "",
        *actor("source"), *actor("target"),
        "1", cameo, cameo[:3], cameo[:2], str(c["quad_class"]), f"{c['goldstein']:g}",
        str(c["event_count"]), str(c["source_count"]), str(c["report_count"]), "",
        *[""] * 16,
        place_type, c["place"] or "", fips.get(c["place_country"] or "", ""), "", "",
        "" if c["lat"] is None else f"{c['lat']:.4f}", "" if c["lon"] is None else f"{c['lon']:.4f}", "",
        added, c["first_url"] or "",
    ]


def write_gdelt(db: Database, out: TextIO, *, header: bool = False) -> int:
    """The clusters as a tab-separated GDELT 2.0 event table (no header, as GDELT's files)."""
    sql = ("SELECT c.*, e.source_name, e.target_name, a.coded_at FROM clusters c "
           "JOIN events e ON e.id = (SELECT min(id) FROM events WHERE cluster_id = c.id) "
           "JOIN articles a ON a.id = e.article_id WHERE c.id > ?")
    if header:
        out.write("\t".join(GDELT_COLUMNS) + "\n")
    n = 0
    for c in _stream(db, sql, []):
        row = gdelt_row(c)
        out.write("\t".join(v.replace("\t", " ").replace("\n", " ") for v in row) + "\n")
        n += 1
    return n
