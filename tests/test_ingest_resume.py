"""Crash safety and parallel runs: a corpus run killed with SIGKILL and resumed stores every
article exactly once with the same events as an uninterrupted run, and two workers code the
same corpus to the same store contents as one."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from thucydides.ingest import BATCH, ingest
from thucydides.store import connect

CORPUS = Path(__file__).parent / "fixtures" / "corpus"


def _corpus(folder: Path, copies: int) -> Path:
    """The fixture corpus several times over, each copy a distinct article (a dated update line)."""
    folder.mkdir()
    for n in range(copies):
        for src in sorted(CORPUS.glob("*.txt")):
            text = src.read_text(encoding="utf-8").rstrip() + f"\n\nThis report was updated {n + 1} times.\n"
            (folder / f"{src.stem}_v{n}.txt").write_text(text, encoding="utf-8")
    return folder


def _contents(url: str) -> tuple[list[tuple], list[tuple], int]:
    db = connect(url)
    try:
        articles = [tuple(r.values()) for r in db.query("SELECT id, input_key, content_hash, event_count "
                                                        "FROM articles ORDER BY id")]
        events = [tuple(r.values()) for r in db.query(
            "SELECT id, article_id, cameo, source_code, target_code, modality, day, evidence, cluster_id "
            "FROM events ORDER BY id")]
        return articles, events, int(db.scalar("SELECT count(*) FROM clusters"))
    finally:
        db.close()


def _count(url: str) -> int:
    try:
        db = connect(url)
    except Exception:
        return 0
    try:
        return int(db.scalar("SELECT count(*) FROM articles"))
    finally:
        db.close()


def test_killed_run_resumes_to_the_same_store(store_url, tmp_path):
    # Articles are coded BATCH at a time: enough of them that each kill lands before the last batch.
    folder = _corpus(tmp_path / "corpus", copies=5)
    total = 5 * len(list(CORPUS.glob("*.txt")))
    reference = str(tmp_path / "reference.db")
    ingest([folder], db_url=reference, workers=1)
    expected = _contents(reference)
    assert len(expected[0]) == total

    cmd = [sys.executable, "-m", "thucydides", "ingest", str(folder), "--db", store_url,
           "--workers", "1", "--quiet"]
    kills = 0
    for threshold in (3, BATCH + 3):        # kill twice, at different depths of the run
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + 120
        while proc.poll() is None and _count(store_url) < threshold and time.monotonic() < deadline:
            time.sleep(0.05)
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            kills += 1
        proc.wait()
        stored = _count(store_url)
        assert 0 < stored < total or proc.returncode == 0
    assert kills >= 1, "the run finished before it could be killed"
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert _contents(store_url) == expected


def test_two_workers_store_what_one_worker_stores(tmp_path):
    folder = tmp_path / "corpus"
    shutil.copytree(CORPUS, folder)
    one, two = str(tmp_path / "one.db"), str(tmp_path / "two.db")
    first = ingest([folder], db_url=one, workers=1, dates_from_filenames=True)
    second = ingest([folder], db_url=two, workers=2, dates_from_filenames=True)
    assert (first.stored, first.events) == (second.stored, second.events)
    assert _contents(one) == _contents(two)
