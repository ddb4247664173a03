"""The event store on both backends: idempotent and replacing ingest, rejected inputs,
cross-article clustering, queries with their plans, exports and schema migrations."""
from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest

from thucydides.ingest import ingest
from thucydides.store import StoreError, connect
from thucydides.store import queries as q
from thucydides.store.backend import migrate, schema_version
from thucydides.store.export import GDELT_COLUMNS, write_csv, write_gdelt, write_parquet
from thucydides.store.schema import SCHEMA_VERSION, statements

CORPUS = Path(__file__).parent / "fixtures" / "corpus"


def _copy_corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    shutil.copytree(CORPUS, folder)
    return folder


def _event_keys(url: str) -> list[tuple]:
    db = connect(url)
    try:
        return [tuple(r.values()) for r in db.query(
            "SELECT id, cameo, source_code, target_code, modality, day, cluster_id FROM events ORDER BY id")]
    finally:
        db.close()


def test_ingest_twice_stores_each_article_once(store_url, tmp_path):
    folder = _copy_corpus(tmp_path)
    first = ingest([folder], db_url=store_url, workers=1, dates_from_filenames=True)
    assert first.stored == 6 and first.rejected == 0 and first.events > 10
    before = _event_keys(store_url)
    second = ingest([folder], db_url=store_url, workers=1, dates_from_filenames=True)
    assert (second.stored, second.unchanged, second.events) == (0, 6, 0)
    assert _event_keys(store_url) == before
    with connect(store_url) as db:
        stats = q.stats(db)
        assert stats["articles"] == 6
        assert stats["events"] == len(before)
        # Every article keeps its input as read and the hash that decides whether it changed.
        row = db.query("SELECT raw_text, content_hash, published FROM articles WHERE name = ?",
                       ("2025-03-12_strike",))[0]
        assert "U.S. warplanes bombed" in row["raw_text"] and len(row["content_hash"]) == 64
        assert row["published"] == "2025-03-12"


def test_changed_article_is_recoded_and_replaces_its_events(store_url, tmp_path):
    folder = _copy_corpus(tmp_path)
    ingest([folder], db_url=store_url, workers=1, dates_from_filenames=True)
    story = folder / "2025-03-15_visit.txt"
    story.write_text(story.read_text().replace(
        "met Turkish Foreign Minister Hakan Fidan in Ankara",
        "accused Turkey of violating Iraqi airspace in a statement"), encoding="utf-8")
    result = ingest([folder], db_url=store_url, workers=1, dates_from_filenames=True)
    assert (result.replaced, result.unchanged) == (1, 5)
    with connect(store_url) as db:
        art = db.query("SELECT id FROM articles WHERE name = '2025-03-15_visit'")
        assert len(art) == 1
        cameos = {r["cameo"] for r in db.query("SELECT cameo FROM events WHERE article_id = ?", (art[0]["id"],))}
        assert "040" not in cameos and any(c.startswith("11") for c in cameos)
        # No event of the old version survives, and every event sits in a cluster.
        assert db.scalar("SELECT count(*) FROM events WHERE cluster_id IS NULL") == 0
        assert db.scalar("SELECT count(*) FROM events e WHERE NOT EXISTS "
                         "(SELECT 1 FROM clusters c WHERE c.id = e.cluster_id)") == 0


def test_same_story_under_two_names_is_stored_once(store_url, tmp_path):
    folder = _copy_corpus(tmp_path)
    shutil.copy(folder / "2025-03-14_prisoners.txt", folder / "2025-03-14_prisoners_copy.txt")
    result = ingest([folder], db_url=store_url, workers=1, dates_from_filenames=True)
    assert (result.stored, result.duplicate) == (6, 1)


def test_bad_inputs_are_rejected_with_reasons_and_the_run_goes_on(store_url, tmp_path):
    folder = _copy_corpus(tmp_path)
    (folder / "empty.txt").write_text("")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (folder / "german.txt").write_text("Die Regierung hat am Montag in Berlin eine neue Politik angekündigt. "
                                       "Der Minister sagte, dass die Lage sehr ernst sei und dass man handeln "
                                       "werde, wenn es nötig sei.\n", encoding="utf-8")
    (folder / "menu.html").write_text("<html><body><script>var x=1;</script><nav><a href='/'>Home</a></nav>"
                                      "</body></html>", encoding="utf-8")
    result = ingest([folder], db_url=store_url, workers=1, dates_from_filenames=True)
    assert (result.stored, result.rejected) == (6, 4)
    with connect(store_url) as db:
        reasons = {Path(r["path"]).name: r["reason"] for r in q.rejected(db)}
    assert set(reasons) == {"empty.txt", "binary.txt", "german.txt", "menu.html"}
    assert "empty" in reasons["empty.txt"].lower()
    assert "english" in reasons["german.txt"].lower()
    assert "article" in reasons["menu.html"].lower()
    assert all("\n" not in r for r in reasons.values())


def test_reports_of_one_attack_from_three_outlets_form_one_cluster(store_url, tmp_path):
    ingest([_copy_corpus(tmp_path)], db_url=store_url, workers=1, dates_from_filenames=True)
    with connect(store_url) as db:
        rows = db.query("SELECT e.cluster_id, a.name FROM events e JOIN articles a ON a.id = e.article_id "
                        "WHERE e.cameo_root = '19' AND e.source_country = 'IRQ' AND a.name LIKE '%rockets%'")
        clusters = {r["cluster_id"] for r in rows}
        reports = {r["name"] for r in rows}
        assert reports == {"2025-03-10_rockets_wire", "2025-03-10_rockets_daily", "2025-03-11_rockets_gulf"}
        biggest = q.clusters(db, min_reports=3)
        assert len(biggest) >= 1 and biggest[0]["id"] in clusters
        assert biggest[0]["report_count"] == 3 and biggest[0]["source_count"] == 3
        # The US strike two days later is another event, not a fourth report of the attack.
        strike = db.query("SELECT cluster_id FROM events WHERE cameo LIKE '19%' AND source_country = 'USA'")
        assert strike and all(r["cluster_id"] not in clusters for r in strike)


def test_event_filters_and_pagination(store_url, tmp_path):
    ingest([_copy_corpus(tmp_path)], db_url=store_url, workers=1, dates_from_filenames=True)
    with connect(store_url) as db:
        total = q.count_events(db, q.EventFilter())
        dyad = q.events(db, q.EventFilter(dyad="USA-IRQ"))
        assert dyad and all(r["source_country"] == "USA" and r["target_country"] == "IRQ" for r in dyad)
        both = q.events(db, q.EventFilter(dyad="IRQ-USA", undirected=True))
        assert {(r["source_country"], r["target_country"]) for r in both} >= {("USA", "IRQ")}
        assert all(r["cameo"].startswith("19") for r in q.events(db, q.EventFilter(cameo="19")))
        assert all(r["quad_class"] == 4 for r in q.events(db, q.EventFilter(quad=4)))
        assert all(r["source_code"].startswith("IRQ") or (r["target_code"] or "").startswith("IRQ")
                   for r in q.events(db, q.EventFilter(actor="IRQ")))
        window = q.events(db, q.EventFilter(since="2025-03-12", until="2025-03-14"))
        assert window and all("2025-03-12" <= r["day"] <= "2025-03-14" for r in window)
        pages = [q.events(db, q.EventFilter(), limit=4, offset=o) for o in range(0, total, 4)]
        ids = [r["id"] for page in pages for r in page]
        assert len(ids) == total == len(set(ids))
        with pytest.raises(q.QueryError, match="--dyad"):
            q.events(db, q.EventFilter(dyad="USA"))
        with pytest.raises(q.QueryError, match="--since"):
            q.events(db, q.EventFilter(since="March 3"))


INJECTIONS = ["USA' OR '1'='1", "1; DROP TABLE events; --", "%' OR 1=1 --", "\" OR \"\"=\"", "IRQ--"]


@pytest.mark.parametrize("value", INJECTIONS)
def test_filters_bind_hostile_strings_as_values(store_url, tmp_path, value):
    folder = tmp_path / "one"
    folder.mkdir()
    shutil.copy(CORPUS / "2025-03-12_strike.txt", folder)
    ingest([folder], db_url=store_url, workers=1, dates_from_filenames=True)
    with connect(store_url) as db:
        before = q.stats(db)
        assert q.quotes(db, speaker=value) == []
        for field in ("dyad", "actor", "cameo", "since", "until", "modality", "cluster", "article"):
            try:
                assert q.events(db, q.EventFilter(**{field: value})) == []
            except q.QueryError:
                pass   # refused as malformed: also fine, as long as nothing ran
        assert q.stats(db) == before


def test_quotes_by_speaker(store_url, tmp_path):
    ingest([_copy_corpus(tmp_path)], db_url=store_url, workers=1, dates_from_filenames=True)
    with connect(store_url) as db:
        found = q.quotes(db, speaker="zelensky")
        assert found and all("zelensky" in r["speaker_name"].lower() for r in found)
        assert any("coming home" in r["text"] and r["direct"] for r in found)


def test_dyad_query_uses_an_index(store_url):
    with connect(store_url) as db:
        sql, params = q.events_sql(q.EventFilter(dyad="USA-IRQ", since="2024-01-01", until="2024-12-31"))
        if db.dialect == "postgresql":
            db.execute("SET enable_seqscan = off")   # an empty table: ask whether an index can serve it
        plan = db.explain(sql, params)
    print(plan)
    if db.dialect == "sqlite":
        assert "events_dyad_day" in plan
    else:   # the planner's choice among indexes depends on statistics; none must mean a full scan
        assert "Index" in plan and "Seq Scan" not in plan


def test_exports(store_url, tmp_path):
    ingest([_copy_corpus(tmp_path)], db_url=store_url, workers=1, dates_from_filenames=True)
    with connect(store_url) as db:
        n_events = q.count_events(db, q.EventFilter())
        buf = io.StringIO()
        assert write_csv(db, buf) == n_events
        rows = list(csv.DictReader(io.StringIO(buf.getvalue())))
        assert len(rows) == n_events and {"id", "cameo", "source_code", "evidence"} <= set(rows[0])
        import pyarrow.parquet as pq
        path = tmp_path / "events.parquet"
        assert write_parquet(db, path) == n_events
        table = pq.read_table(path)
        assert table.num_rows == n_events and str(table.schema.field("goldstein").type) == "double"
        gdelt = io.StringIO()
        n_clusters = write_gdelt(db, gdelt)
        assert n_clusters == q.stats(db)["clusters"]
        lines = gdelt.getvalue().splitlines()
        assert all(len(line.split("\t")) == len(GDELT_COLUMNS) == 61 for line in lines)
        records = [dict(zip(GDELT_COLUMNS, line.split("\t"))) for line in lines]
        attack = max(records, key=lambda r: int(r["NumArticles"]))
        assert attack["NumArticles"] == "3" and attack["EventRootCode"] == "19"
        assert attack["Actor1CountryCode"] == "IRQ" and attack["SQLDATE"] == "20250310"
        located = [r for r in records if r["ActionGeo_CountryCode"]]
        assert located and {"IZ", "TU"} & {r["ActionGeo_CountryCode"] for r in located}


def test_migrations_upgrade_an_old_store_and_refuse_a_newer_one(store_url):
    db = connect(store_url)
    assert schema_version(db) == SCHEMA_VERSION
    db.close()
    # Build a version-1 store by hand, then open it: the later steps are applied.
    if not store_url.startswith("postgresql"):
        Path(store_url).unlink()
        for suffix in ("-wal", "-shm"):
            Path(store_url + suffix).unlink(missing_ok=True)
    else:
        db = connect(store_url)
        with db.transaction():
            for table in ("dirty_groups", "rejected", "clusters", "quotes", "mentions", "events", "articles", "meta"):
                db.execute(f"DROP TABLE {table} CASCADE")
        db.close()
    from thucydides.store.backend import _connect_postgresql, _connect_sqlite
    raw = _connect_postgresql(store_url) if store_url.startswith("postgresql") else _connect_sqlite(store_url)
    with raw.transaction():
        raw.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        for stmt in statements(1, raw.dialect):
            raw.execute(stmt)
        raw.execute("INSERT INTO meta (key, value) VALUES ('schema_version', '1')")
    assert schema_version(raw) == 1
    assert migrate(raw) == SCHEMA_VERSION and schema_version(raw) == SCHEMA_VERSION
    with raw.transaction():
        raw.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION + 1),))
    raw.close()
    with pytest.raises(StoreError, match="newer"):
        connect(store_url)


def test_a_second_writer_is_refused(store_url, tmp_path):
    holder = connect(store_url)
    try:
        holder.lock_for_writing()
        with pytest.raises(StoreError, match="another ingest"):
            ingest([CORPUS], db_url=store_url, workers=1)
    finally:
        holder.close()
    # Once the first writer is gone, the store is free again.
    assert ingest([CORPUS / "2025-03-12_strike.txt"], db_url=store_url, workers=1).stored == 1


def test_a_saved_html_page_keeps_its_title_author_date_and_url(store_url, tmp_path):
    folder = tmp_path / "pages"
    folder.mkdir()
    shutil.copy(Path(__file__).parent / "fixtures" / "page_with_metadata.html", folder / "page.html")
    assert ingest([folder], db_url=store_url, workers=1).stored == 1
    with connect(store_url) as db:
        row = db.query("SELECT title, authors, published, url, input_key FROM articles")[0]
    assert row["title"] == "Iraq and Turkey sign water agreement"
    assert "Leyla Demir" in row["authors"] and row["published"] == "2025-03-15"
    # A page that knows its address is identified by it, wherever the file was saved.
    assert row["url"] == row["input_key"] == "https://example.org/news/iraq-turkey-water"
