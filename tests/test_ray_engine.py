"""The Ray engine stores exactly what a local run stores, says how to install Ray when it is missing,
keeps each worker under 1 GiB; and a JSONL corpus far larger than the memory it may use streams."""
from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
from pathlib import Path

import psutil
import pytest

from thucydides.corpus import items
from thucydides.ingest import ingest
from thucydides.store import connect

# The same spelling as conftest's, so the clusters' first_url (the path given) compares equal.
SAMPLE_CORPUS = os.path.join(os.path.dirname(__file__), os.pardir, "samples", "corpus")
FIXTURES = Path(__file__).parent / "fixtures" / "corpus"
GIB = 2**30


def _contents(url: str) -> dict[str, list[dict]]:
    db = connect(url)
    try:
        return {
            "articles": db.query("SELECT id, input_key, content_hash, event_count FROM articles ORDER BY id"),
            "events": db.query("SELECT id, article_id, cameo, source_code, target_code, modality, day, evidence, "
                               "cluster_id, goldstein, quantities FROM events ORDER BY id"),
            "clusters": db.query("SELECT * FROM clusters ORDER BY id"),
            "quotes": db.query("SELECT article_id, char_start, char_end, speaker_code FROM quotes "
                               "ORDER BY article_id, char_start"),
            "rejected": db.query("SELECT input_key, reason FROM rejected ORDER BY input_key"),
        }
    finally:
        db.close()


def test_ray_ingest_stores_what_a_local_run_stores(sample_store, tmp_path):
    ray = pytest.importorskip("ray", reason="the ray extra is not installed")
    url = str(tmp_path / "ray.db")
    # No address: the engine starts (and stops) a private local instance with 2 CPUs.
    summary = ingest([Path(SAMPLE_CORPUS)], db_url=url, workers=2, dates_from_filenames=True, engine="ray")
    assert not ray.is_initialized()

    expected, got = _contents(sample_store), _contents(url)
    assert expected["events"] and expected["clusters"]        # a real corpus, not an empty match
    for table in expected:
        assert got[table] == expected[table], table
    assert summary.stored == len(expected["articles"])
    assert summary.events == len(expected["events"])

    # One actor per CPU, each one model, each well under the 1 GiB per worker the issue allows.
    assert len(summary.worker_peak_rss) == 2
    assert all(100 * 2**20 < rss < GIB for rss in summary.worker_peak_rss), summary.worker_peak_rss

    # A second run over the same store codes nothing.
    again = ingest([Path(SAMPLE_CORPUS)], db_url=url, workers=2, dates_from_filenames=True, engine="ray")
    assert (again.unchanged, again.coded) == (len(expected["articles"]), 0)
    assert _contents(url) == got


# Runs the real CLI in a fresh interpreter where `import ray` fails, as on an install without the extra.
_WITHOUT_RAY = ("import runpy, sys; sys.modules['ray'] = None; sys.argv = ['thucydides'] + sys.argv[1:]; "
                "runpy.run_module('thucydides', run_name='__main__')")


def _cli_without_ray(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", _WITHOUT_RAY, *args], capture_output=True, text=True,
                          timeout=120)


def test_engine_ray_without_ray_says_how_to_install(tmp_path):
    db = tmp_path / "store.db"
    done = _cli_without_ray("ingest", str(FIXTURES), "--db", str(db), "--engine", "ray")
    assert done.returncode != 0
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("thucydides: error: --engine ray:")
    assert 'pip install "thucydides[ray]"' in lines[0]
    assert not db.exists()                 # nothing was touched


def test_address_needs_the_ray_engine(tmp_path):
    done = _cli_without_ray("ingest", str(FIXTURES), "--db", str(tmp_path / "s.db"), "--engine", "local",
                            "--address", "ray://127.0.0.1:10001")
    assert done.returncode != 0
    assert done.stderr.strip().splitlines() == ["thucydides: error: --address: only with --engine ray"]


def _paragraphs() -> list[str]:
    paras: list[str] = []
    for path in sorted(FIXTURES.glob("*.txt")):
        paras += [p.strip() for p in path.read_text(encoding="utf-8").split("\n\n") if len(p.strip()) > 80]
    return paras


def test_a_large_jsonl_streams_without_being_loaded_whole(tmp_path):
    """300 MB of JSON Lines read with a resident-memory growth far below the file's size."""
    paras = _paragraphs()
    path = tmp_path / "big.jsonl"
    records = 0
    with path.open("w", encoding="utf-8") as handle:
        while handle.tell() < 300 * 10**6:
            # ~60 KB per article: long for news, and few records keep the test quick.
            text = "\n\n".join(paras[(records + i) % len(paras)] for i in range(400))
            handle.write(json.dumps({"id": f"a{records}", "title": f"Story {records}",
                                     "text": f"{text}\n\nRecord {records}.", "date": "2025-01-02"}) + "\n")
            records += 1
    size = path.stat().st_size
    try:
        me = psutil.Process()
        gc.collect()
        baseline = peak = me.memory_info().rss
        seen, last_id = 0, None
        for item in items([path]):
            assert item.error is None, item.error
            assert item.article is not None
            seen += 1
            last_id = item.article.id
            peak = max(peak, me.memory_info().rss)
        assert (seen, last_id) == (records, f"a{records - 1}")
        growth = peak - baseline
        assert growth < 64 * 2**20 < size / 4, f"RSS grew {growth / 2**20:.0f} MiB over a {size / 2**20:.0f} MiB file"
    finally:
        path.unlink()
