"""The HTTP API, used as a client would: a real `thucydides serve` process on a free port,
requests over TCP, a store filled by a real ingest of the fixture corpus.

Three servers: the default one (read-only), a locked-down one (small body limit, tiny extract
timeout, low rate limit, no waiting line for the coder) and one with writes enabled behind a token.
"""
from __future__ import annotations

import asyncio
import hashlib
import http.client
import socket
import sqlite3
import threading
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest

from server_process import serve
from thucydides.ingest import ingest
from thucydides.store import connect
from thucydides.store import queries as q
from thucydides.store.queries import EventFilter

CORPUS = Path(__file__).parent / "fixtures" / "corpus"
TOKEN = "test-token-0123456789abcdef"
ARTICLE = ("Iraqi Prime Minister Mohammed Shia al-Sudani met U.S. Secretary of State Antony Blinken in Baghdad "
           "on Tuesday. The United States condemned the rocket attack on its embassy.")


def _copy(src: str, dst: Path) -> str:
    """A consistent copy of a SQLite store (WAL included), via the backup API."""
    with sqlite3.connect(src) as a, sqlite3.connect(dst) as b:
        a.backup(b)
    return str(dst)


def fingerprint(url: str) -> str:
    """A hash of every stored row: equal before and after means nothing was written."""
    db = connect(url, create=False)
    try:
        digest = hashlib.sha256()
        for table in ("articles", "events", "mentions", "quotes", "clusters", "rejected"):
            for row in db.query(f"SELECT * FROM {table} ORDER BY 1, 2"):
                digest.update(repr(sorted(row.items())).encode())
        return digest.hexdigest()
    finally:
        db.close()


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> str:
    url = str(tmp_path_factory.mktemp("api") / "store.db")
    ingest([CORPUS], db_url=url, workers=1, dates_from_filenames=True)
    return url


@pytest.fixture(scope="module")
def api(store, tmp_path_factory):
    with serve(store, tmp_path_factory.mktemp("logs"), "--rate-limit", "0") as server:
        yield server


@pytest.fixture(scope="module")
def locked(store, tmp_path_factory):
    db = _copy(store, tmp_path_factory.mktemp("locked") / "store.db")
    with serve(db, tmp_path_factory.mktemp("logs"), "--max-body", "4096", "--extract-timeout", "0.001",
               "--rate-limit", "20", "--coding-queue", "0") as server:
        yield server


@pytest.fixture(scope="module")
def writable(store, tmp_path_factory):
    db = _copy(store, tmp_path_factory.mktemp("writable") / "store.db")
    with serve(db, tmp_path_factory.mktemp("logs"), "--allow-writes", "--rate-limit", "0",
               "--cors-origin", "http://analysts.example", env={"THUCYDIDES_API_TOKEN": TOKEN}) as server:
        server.db = db  # type: ignore[attr-defined]
        yield server


@pytest.fixture(scope="module")
def before(store, api) -> str:
    """The store's fingerprint once the server is up, before any test has sent anything."""
    return fingerprint(store)


# ------------------------------------------------------------------ reading

def test_health_reports_a_read_only_sqlite_store(api, before):
    r = api.get("/health")
    assert r.status == 200
    assert r.json() == {"status": "ok", "backend": "sqlite", "writes": False}


def test_articles_are_paginated_by_limit_and_offset_or_page(api):
    everything = api.get("/articles?limit=100").json()
    assert len(everything["items"]) == len(list(CORPUS.glob("*.txt")))
    assert everything["has_more"] is False
    ids = [a["id"] for a in everything["items"]]
    first = api.get("/articles?limit=4").json()
    assert [a["id"] for a in first["items"]] == ids[:4] and first["has_more"] is True
    by_offset = api.get("/articles?limit=4&offset=4").json()
    by_page = api.get("/articles?limit=4&page=2").json()
    assert by_offset["items"] == by_page["items"]
    assert [a["id"] for a in by_page["items"]] == ids[4:] and by_page["has_more"] is False
    assert "body" not in first["items"][0] and "raw_text" not in first["items"][0]


def test_an_article_carries_its_body_events_and_extraction_for_highlighting(api):
    listed = api.get("/articles?limit=100").json()["items"]
    busiest = max(listed, key=lambda a: a["event_count"])
    r = api.get(f"/articles/{busiest['id']}")
    assert r.status == 200
    data = r.json()
    body = data["article"]["body"]
    assert len(data["events"]) == busiest["event_count"] > 0
    for event in data["events"]:
        assert body[event["char_start"]:event["char_end"]] == event["evidence"]
        assert event["article_id"] == busiest["id"]
    assert data["extraction"]["article"]["body"] == body
    assert len(data["extraction"]["events"]) == len(data["events"])
    # The contract's name for the article works as well as the store's id.
    assert api.get(f"/articles/{quote(data['article']['name'])}").json()["article"]["id"] == busiest["id"]
    missing = api.get("/articles/no-such-article")
    assert missing.status == 404 and "no-such-article" in missing.json()["error"]


FILTERS = [
    {"dyad": "IRQ-USA"},
    {"dyad": "USA-IRQ", "undirected": "true"},
    {"dyad": "IRQREB-USAMIL"},
    {"actor": "IRQ"},
    {"cameo": "19"},
    {"quad": "4"},
    {"since": "2025-03-11", "until": "2025-03-12"},
    {"modality": "asserted"},
]


@pytest.mark.parametrize("params", FILTERS, ids=lambda p: urlencode(p))
def test_event_filters_give_what_the_cli_query_gives(api, store, params):
    r = api.get("/events?" + urlencode({**params, "limit": 1000}))
    assert r.status == 200, r.body
    page = r.json()
    f = EventFilter(**{k: (int(v) if k == "quad" else v == "true" if k == "undirected" else v)
                       for k, v in params.items()})
    db = connect(store, create=False)
    try:
        expected = q.events(db, f, limit=1000)
        total_all = q.count_events(db, EventFilter())
    finally:
        db.close()
    assert [e["id"] for e in page["items"]] == [e["id"] for e in expected]
    assert page["total"] == len(expected)
    assert 0 < page["total"] <= total_all


def test_dyad_filter_is_directed_unless_undirected(api):
    forward = api.get("/events?dyad=IRQ-USA&limit=1000").json()["items"]
    assert forward and all(e["source_country"] == "IRQ" and e["target_country"] == "USA" for e in forward)
    both = api.get("/events?dyad=IRQ-USA&undirected=true&limit=1000").json()["items"]
    assert {(e["source_country"], e["target_country"]) for e in both} == {("IRQ", "USA"), ("USA", "IRQ")}


def test_event_pages_do_not_overlap_and_cover_every_event(api):
    total = api.get("/events?limit=1").json()["total"]
    seen = []
    for page in range(1, total // 4 + 2):
        seen += [e["id"] for e in api.get(f"/events?limit=4&page={page}").json()["items"]]
    assert len(seen) == len(set(seen)) == total


def test_one_event_and_one_cluster_with_its_reports(api):
    clusters = api.get("/clusters?min_reports=2").json()["items"]
    assert clusters, "the fixture corpus reports one rocket attack in three articles"
    top = clusters[0]
    assert top["report_count"] >= 2
    detail = api.get(f"/clusters/{top['id']}").json()
    assert detail["cluster"]["id"] == top["id"]
    assert len(detail["events"]) == top["event_count"]
    assert len({e["article_id"] for e in detail["events"]}) == top["report_count"]
    event = api.get(f"/events/{quote(detail['events'][0]['id'])}").json()
    assert event["cluster_id"] == top["id"] and event["article_title"]
    assert api.get("/events/nope").status == 404
    assert api.get("/clusters/nope").status == 404


def test_aggregates_add_up_to_the_events_they_summarise(api, store):
    total = api.get("/events?limit=1").json()["total"]
    timeline = api.get("/timeline").json()
    assert sum(p["events"] for p in timeline) == total
    assert all(p["events"] == p["q1"] + p["q2"] + p["q3"] + p["q4"] for p in timeline)
    weeks = api.get("/timeline?freq=week").json()
    assert sum(p["events"] for p in weeks) == total and len(weeks) <= len(timeline)
    located = api.get("/events?limit=1000").json()["items"]
    places = api.get("/places").json()
    assert sum(p["events"] for p in places) == sum(1 for e in located if e["lat"] is not None)
    net = api.get("/network").json()
    assert net["edges"] and all(e["source"] != e["target"] for e in net["edges"])
    weights = [e["weight"] for e in net["edges"]]
    assert weights == sorted(weights, reverse=True)
    assert {n["id"] for n in net["nodes"]} == {e["source"] for e in net["edges"]} | {e["target"] for e in net["edges"]}
    actors = api.get("/actors?limit=5").json()
    assert actors and all(a["events"] == a["as_source"] + a["as_target"] for a in actors)
    dyads = api.get("/dyads").json()
    assert dyads[0]["dyad"] == f"{dyads[0]['source_country']}-{dyads[0]['target_country']}"
    quotes = api.get("/quotes?limit=100").json()["items"]
    assert quotes and all(qt["text"] for qt in quotes)
    stats = api.get("/stats").json()
    assert stats["events"] == total and stats["articles"] == len(list(CORPUS.glob("*.txt")))


def test_series_and_alerts_come_from_the_monitor(api):
    series = api.get("/series?dyad=IRQ-USA").json()
    asserted = api.get("/events?dyad=IRQ-USA&modality=asserted&limit=1000").json()["total"]
    assert sum(p["asserted"]["events"] for p in series["periods"]) == asserted
    weekly = api.get("/series?dyad=IRQ-USA&freq=week").json()
    assert weekly["freq"] == "week" and len(weekly["periods"]) < len(series["periods"])
    alerts = api.get("/alerts?dyad=IRQ-USA").json()
    assert isinstance(alerts, list)
    for alert in alerts:
        assert alert["run_start"] <= alert["period"] <= alert["period_end"]
    top = api.get("/alerts/top?dyads=3").json()
    assert isinstance(top, list) and all("dyad" in a for a in top)
    assert api.get("/alerts?dyad=IRQ-USA&z=0").status == 400


# ------------------------------------------------------------------ bad requests

@pytest.mark.parametrize("path, status, words", [
    ("/events?dayd=USA-IRQ", 400, ["'dayd'", "dyad"]),
    ("/events?since=2025-02-30", 400, ["since", "YYYY-MM-DD"]),
    ("/events?until=yesterday", 400, ["until", "YYYY-MM-DD"]),
    ("/articles?since=03/10/2025", 400, ["since"]),
    ("/series?dyad=IRQ-USA&since=2025-13-01", 400, ["since"]),
    ("/events?quad=abc", 422, ["quad", "integer"]),
    ("/events?quad=9", 400, ["quad", "1, 2, 3 or 4"]),
    ("/events?dyad=USA", 400, ["dyad", "USA-IRQ"]),
    ("/events?modality=likely", 400, ["modality", "asserted"]),
    ("/events?limit=100000", 422, ["limit"]),
    ("/events?offset=-1", 422, ["offset"]),
    ("/events?offset=10&page=2", 400, ["offset", "page"]),
    ("/events?quad=1&quad=2", 400, ["quad", "more than once"]),
    ("/timeline?freq=hour", 400, ["freq"]),
    ("/network?level=planet", 400, ["level"]),
    ("/series?freq=month", 400, ["freq"]),
    ("/series?undirected=true", 400, ["undirected: needs dyad"]),
    ("/events?undirected=perhaps", 422, ["undirected"]),
    ("/health?verbose=1", 400, ["verbose"]),
    ("/nowhere", 404, []),
])
def test_bad_requests_get_a_4xx_with_a_clear_message(api, path, status, words):
    r = api.get(path)
    assert r.status == status, r.body
    message = r.json()["error"]
    assert isinstance(message, str) and "\n" not in message
    for word in words:
        assert word in message


def test_methods_other_than_the_documented_ones_are_refused(api):
    assert api.request("DELETE", "/events").status == 405
    assert api.post("/events", {"x": 1}).status == 405
    assert api.get("/extract").status == 405


INJECTIONS = [
    "'; DROP TABLE events; --",
    "USA' OR '1'='1",
    "1 OR 1=1",
    "IRQ-USA'); DELETE FROM articles; --",
    "\" OR \"\"=\"",
    "%' UNION SELECT raw_text FROM articles --",
    "2025-03-10' OR day > '",
    "\x00",
]
INJECTABLE = ["dyad", "actor", "cameo", "quad", "since", "until", "modality", "cluster", "article"]


def test_injection_strings_through_every_filter_change_nothing(api, store, before):
    total = api.get("/events?limit=1").json()["total"]
    for name in INJECTABLE:
        for attack in INJECTIONS:
            for path in ("/events", "/timeline", "/network", "/places", "/actors", "/dyads"):
                r = api.get(f"{path}?{urlencode({name: attack})}")
                assert r.status in (200, 400, 422), (path, name, attack, r.body)
                if r.status == 200 and path == "/events":
                    # A value that reaches SQL is a value: it matches nothing, never everything.
                    assert r.json()["total"] < total, (name, attack)
    for attack in INJECTIONS:
        for path in ("/quotes?" + urlencode({"speaker": attack}), "/series?" + urlencode({"dyad": attack}),
                     "/articles/" + quote(attack, safe=""), "/events/" + quote(attack, safe=""),
                     "/clusters/" + quote(attack, safe="")):
            r = api.get(path)
            assert r.status in (200, 400, 404, 422), (path, r.body)
    assert api.get("/events?limit=1").json()["total"] == total
    assert fingerprint(store) == before


def test_extract_returns_the_output_contract(api):
    r = api.post("/extract", {"text": ARTICLE, "date": "2024-06-04", "title": "Sudani meets Blinken"})
    assert r.status == 200, r.body
    out = r.json()
    assert set(out) >= {"article", "entities", "events", "quotes", "times"}
    assert out["article"]["published"] == {"date": "2024-06-04", "inferred": False,
                                           "evidence": out["article"]["published"]["evidence"]}
    assert out["article"]["title"] == "Sudani meets Blinken"
    assert out["events"], "a meeting and a condemnation are coded"
    body = out["article"]["body"]
    for event in out["events"]:
        assert body[event["start"]:event["end"]] == event["evidence"]
        assert event["modality"] in {"asserted", "threatened", "conditional", "hypothetical", "negated", "intended"}


def test_extract_with_triage_off_parses_every_sentence(api):
    text = ("Heavy rain fell over Nairobi for most of the afternoon.\n\n"
            "Kenyan police arrested 14 protesters outside parliament on Tuesday.\n")
    places = {}
    for triage in (True, False):
        r = api.post("/extract", {"text": text, "date": "2024-05-08", "triage": triage})
        assert r.status == 200, r.body
        places[triage] = {e["text"] for e in r.json()["entities"]}
    # The weather sentence is left unparsed by the triage, so its city is an entity only without it.
    assert "Nairobi" in places[False] and "Nairobi" not in places[True]
    assert api.post("/extract", {"text": text, "triage": "sometimes"}).status == 422


@pytest.mark.parametrize("payload, words", [
    ({"text": ARTICLE, "date": "04/06/2024"}, ["date", "YYYY-MM-DD"]),
    ({"text": ""}, ["text"]),
    ({"date": "2024-06-04"}, ["text", "required"]),
    ({"text": ARTICLE, "colour": "red"}, ["colour"]),
    ({"text": "Der Bundeskanzler und die Regierung haben am Montag in Berlin über die Lage gesprochen, "
              "aber es gab keine Einigung zwischen den Parteien."}, ["text", "not English"]),
    ({"text": "\x01\x02\x03\x04\x05\x06\x07\x08" * 20}, ["text"]),
])
def test_extract_rejects_bad_input_with_a_clear_message(api, payload, words):
    r = api.post("/extract", payload)
    assert r.status == 422, r.body
    for word in words:
        assert word in r.json()["error"]


def test_extract_refuses_a_body_that_is_not_json(api):
    r = api.post("/extract", raw=b"not json at all")
    assert r.status == 422


@pytest.mark.parametrize("raw, field", [
    (b'{"text": "The army shelled the town of \\ud800 Kassala on Tuesday, residents said."}', "text"),
    (b'{"text": "The army shelled the town on Tuesday, residents said.", "title": "Shelling \\udfff"}', "title"),
    (b'{"text": "The army shelled the town on Tuesday.", "date": "2024-06-0\\udbff"}', "date"),
])
def test_extract_refuses_unpaired_surrogates_with_a_4xx(api, raw, field):
    # A lone UTF-16 surrogate escape is valid JSON but not Unicode text: it cannot be encoded,
    # coded or sent back, so it is refused naming the field, never a 500.
    r = api.post("/extract", raw=raw)
    assert r.status == 422, r.body
    assert r.json()["error"].startswith(f"{field}:")


def test_a_refused_long_value_is_not_echoed_back_whole(api):
    r = api.post("/extract", {"text": "x" * 50_000, "colour": "red", "title": "t" * 5000})
    assert r.status == 422
    assert "title" in r.json()["error"] and len(r.body) < 2000


def test_request_connections_cannot_write_even_if_a_query_tried(store):
    from thucydides.api.app import ReadStore

    with ReadStore(store).read() as db:
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            db.execute("DELETE FROM events")
        assert db.scalar("SELECT count(*) FROM events") > 0


def test_writes_are_off_by_default(api, store, before):
    r = api.post("/ingest", {"id": "x", "text": ARTICLE}, headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status == 403 and "--allow-writes" in r.json()["error"]
    assert fingerprint(store) == before


def test_docs_and_dashboard_are_served_without_any_outside_host(api):
    docs = api.get("/docs")
    assert docs.status == 200 and b"/docs-assets/swagger-ui-bundle.js" in docs.body
    assert api.get("/docs-assets/swagger-ui-bundle.js").status == 200
    spec = api.get("/openapi.json").json()
    for path in ("/health", "/articles", "/articles/{article_id}", "/events", "/events/{event_id}", "/clusters",
                 "/clusters/{cluster_id}", "/dyads", "/series", "/alerts", "/actors", "/quotes", "/extract"):
        assert path in spec["paths"], path
    page = api.get("/")
    assert page.status == 200 and b"/static/app.js" in page.body
    assert "default-src 'self'" in page.headers["content-security-policy"]
    for asset in ("app.js", "charts.js", "style.css"):
        # The SVG namespace is a name, not an address; nothing else may point off this server.
        text = api.get(f"/static/{asset}").body.decode().replace("http://www.w3.org/2000/svg", "")
        assert "http://" not in text and "https://" not in text and "//cdn" not in text, asset


def test_the_server_listens_on_loopback_only_by_default(api):
    port = int(api.base.rsplit(":", 1)[1])
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("192.0.2.1", 9))     # no packet is sent: this only picks the outward interface
            outward = probe.getsockname()[0]
    except OSError:                             # no route out at all
        outward = "127.0.0.1"
    if outward.startswith("127."):
        pytest.skip("this machine has no address but loopback")
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection((outward, port), timeout=5).close()
    assert api.get("/health").status == 200


def test_cors_is_off_by_default(api):
    r = api.get("/health", headers={"Origin": "http://evil.example"})
    assert r.status == 200 and "access-control-allow-origin" not in r.headers


# ------------------------------------------------------------------ writes behind a token

def test_ingest_needs_the_token_and_then_stores_the_article(writable):
    payload = {"id": "api-test-1", "text": ARTICLE, "date": "2024-06-04", "title": "Sudani meets Blinken"}
    unchanged = fingerprint(writable.db)
    assert writable.post("/ingest", payload).status == 401
    assert writable.post("/ingest", payload, headers={"Authorization": "Bearer wrong-token-000000000"}).status == 401
    assert writable.post("/ingest", payload, headers={"Authorization": TOKEN}).status == 401
    assert fingerprint(writable.db) == unchanged
    before_total = writable.get("/events?limit=1").json()["total"]
    r = writable.post("/ingest", payload, headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status == 201, r.body
    result = r.json()
    assert result["outcome"] == "stored" and result["events"] > 0
    stored = writable.get(f"/events?article={result['article_id']}&limit=100").json()
    assert stored["total"] == result["events"]
    assert writable.get("/events?limit=1").json()["total"] == before_total + result["events"]
    article = writable.get(f"/articles/{result['article_id']}").json()["article"]
    assert article["published"] == "2024-06-04" and article["title"] == "Sudani meets Blinken"
    again = writable.post("/ingest", payload, headers={"Authorization": f"Bearer {TOKEN}"})
    assert again.json()["outcome"] == "unchanged"


def test_ingest_refuses_an_unpaired_surrogate_in_the_id_and_stores_nothing(writable):
    unchanged = fingerprint(writable.db)
    r = writable.post("/ingest", raw=b'{"id": "api-\\ud800", "text": "The army shelled the town on Tuesday."}',
                      headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status == 422 and r.json()["error"].startswith("id:")
    assert fingerprint(writable.db) == unchanged


def test_cors_answers_only_the_origins_named(writable):
    allowed = writable.get("/health", headers={"Origin": "http://analysts.example"})
    assert allowed.headers.get("access-control-allow-origin") == "http://analysts.example"
    other = writable.get("/health", headers={"Origin": "http://evil.example"})
    assert "access-control-allow-origin" not in other.headers


def test_allow_writes_without_a_token_refuses_to_start(store, tmp_path):
    with pytest.raises(RuntimeError, match="--token"):
        with serve(store, tmp_path, "--allow-writes", env={"THUCYDIDES_API_TOKEN": ""}, wait=60):
            pass


# ------------------------------------------------------------------ PostgreSQL

def test_the_same_answers_from_postgresql(pg_url, api, tmp_path):
    ingest([CORPUS], db_url=pg_url, workers=1, dates_from_filenames=True)
    with serve(pg_url, tmp_path, "--rate-limit", "0") as pg:
        assert pg.get("/health").json()["backend"] == "postgresql"
        for path in ("/events?dyad=IRQ-USA&limit=100", "/events?actor=IRQ&since=2025-03-11&limit=100",
                     "/events?cameo=19&limit=100"):
            mine, theirs = pg.get(path).json(), api.get(path).json()
            assert mine["total"] == theirs["total"] > 0
            assert [e["evidence"] for e in mine["items"]] == [e["evidence"] for e in theirs["items"]]
        assert [d["dyad"] for d in pg.get("/dyads").json()] == [d["dyad"] for d in api.get("/dyads").json()]
        assert pg.get("/events?" + urlencode({"dyad": "'; DROP TABLE events; --"})).status == 400
        assert pg.get("/events?" + urlencode({"article": "x' OR '1'='1"})).json()["total"] == 0
        r = pg.post("/ingest", {"id": "x", "text": ARTICLE})
        assert r.status == 403
    import psycopg

    from thucydides.api.app import ReadStore
    with ReadStore(pg_url).read() as db:
        with pytest.raises(psycopg.errors.ReadOnlySqlTransaction):
            db.execute("DELETE FROM events")


# ------------------------------------------------------------------ the locked-down server

def test_an_oversized_body_is_refused_before_it_is_read(locked):
    big = {"text": "word " * 2000}
    r = locked.post("/extract", big)
    assert r.status == 413 and "4,096 bytes" in r.json()["error"]


def test_an_oversized_chunked_body_is_refused_too(locked):
    host, port = locked.base.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=30)
    # No Content-Length: the size is only known as the chunks arrive.
    body = iter([b'{"text": "'] + [b"y" * 1000] * 10 + [b'"}'])
    conn.request("POST", "/extract", body=body, headers={"Content-Type": "application/json"},
                 encode_chunked=True)
    resp = conn.getresponse()
    assert resp.status == 413
    conn.close()


def test_extract_times_out_with_504(locked):
    r = locked.post("/extract", {"text": ARTICLE})
    assert r.status == 504 and "--extract-timeout" in r.json()["error"]


def test_extract_beyond_the_coding_queue_gets_503_with_retry_after(locked):
    # --coding-queue 0: one text at a time. Each request has its 504 after 1 ms while its text is
    # still being coded (a text of ~3 KB, or the model loading), so the next one finds no room.
    payload = {"text": " ".join([ARTICLE] * 14)}
    first = locked.post("/extract", payload)
    second = locked.post("/extract", payload)
    assert first.status in (503, 504) and second.status == 503, (first.body, second.body)
    assert "busy" in second.json()["error"] and "--coding-queue" in second.json()["error"]
    assert int(second.headers["retry-after"]) >= 1


def _gated_job():
    """A job that blocks until its gate opens, and the list of the jobs it finished, in order."""
    gate, coded = threading.Event(), []

    def job(n: int) -> int:
        gate.wait(30)
        coded.append(n)
        return n

    return gate, coded, job


def test_the_coder_lets_requests_wait_up_to_its_bound_then_refuses():
    from fastapi import HTTPException

    from thucydides.api.app import Coder

    gate, coded, job = _gated_job()

    async def scenario() -> None:
        coder = Coder(timeout=30, queue=2)
        try:
            waiting = [asyncio.create_task(coder.run("extract", job, n)) for n in range(3)]
            await asyncio.sleep(0.05)                  # all three taken: one coding, two waiting
            assert coder.in_flight == 3
            with pytest.raises(HTTPException) as refused:
                await coder.run("extract", job, 99)
            assert refused.value.status_code == 503 and refused.value.headers["Retry-After"] == "5"
            gate.set()
            assert await asyncio.gather(*waiting) == [0, 1, 2]
            assert coded == [0, 1, 2] and coder.in_flight == 0     # served in arrival order, then freed
            assert await coder.run("extract", job, 3) == 3
        finally:
            gate.set()
            coder.close()

    asyncio.run(scenario())


def test_a_request_that_times_out_while_waiting_is_dropped_not_coded():
    from fastapi import HTTPException

    from thucydides.api.app import Coder

    gate, coded, job = _gated_job()

    async def scenario() -> None:
        coder = Coder(timeout=0.2, queue=4)
        try:
            answers = await asyncio.gather(coder.run("extract", job, 0), coder.run("extract", job, 1),
                                           return_exceptions=True)
            assert [a.status_code for a in answers if isinstance(a, HTTPException)] == [504, 504]
            # The text being coded keeps its place until it ends; the waiting one was dropped.
            assert coder.in_flight == 1
            gate.set()
            for _ in range(200):
                if coder.in_flight == 0:
                    break
                await asyncio.sleep(0.01)
            assert coder.in_flight == 0 and coded == [0]
        finally:
            gate.set()
            coder.close()

    asyncio.run(scenario())


def test_rate_limit_answers_429_with_retry_after(locked):
    statuses = [locked.get("/health").status for _ in range(30)]
    assert statuses[0] == 200 and statuses[-1] == 429
    r = locked.get("/health")
    assert r.status == 429 and int(r.headers["retry-after"]) >= 1
    assert "rate limit" in r.json()["error"]
