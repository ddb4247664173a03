"""Crash safety at scale: `thucydides ingest` killed with SIGKILL at random moments, again and
again, over a corpus of a few hundred articles, then resumed until it finishes, stores what one
uninterrupted run stores: every article exactly once, no rejection the clean run lacks, the same
events and the same clusters. On SQLite and (with THUCYDIDES_TEST_PG_URL) PostgreSQL.

The corpus is built here, deterministically, from the bundled sample articles: each article
takes the headline, byline and lead of one sample and one paragraph from each of one or two
others, and carries its first sample's date in its file name. It is real wire prose, short (so
the test stays quick), and no two texts are alike. The kills are drawn by a seeded
random.Random: one while the process is still starting (imports, schema, model), eight spread
over the run at random depths and random moments within an article's write, one (when the
process is still alive) as the last article lands, while the clusters are rebuilt. Every third
killed run inside the corpus uses two worker processes; the whole process group is killed, workers included.
`pytest -s` prints the plan and each kill.
"""
from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from test_ingest_resume import _contents, _count
from thucydides.store import connect

SAMPLES = Path(__file__).parent.parent / "samples" / "corpus"
N_ARTICLES = 300
SEED = 20_240_917
KILLS_IN_RUN = 8
RUN_TIMEOUT = 240.0       # one ingest run, seconds; a hang is a failure, not a wait


def _paragraphs(path: Path) -> tuple[str, str, list[str]]:
    """A sample's headline, byline and body paragraphs (the sample layout: blank-line separated)."""
    parts = [p.strip() for p in path.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    return parts[0], parts[1], parts[2:]


def build_corpus(folder: Path, n: int = N_ARTICLES, seed: int = SEED) -> list[Path]:
    """``n`` distinct articles recombined from the samples, named ``DATE_mix_NNN.txt``."""
    samples = sorted(p for p in SAMPLES.glob("*.txt") if p.name[:10].replace("-", "").isdigit())
    parsed = {p: _paragraphs(p) for p in samples}
    rng = random.Random(seed)
    folder.mkdir()
    texts: set[str] = set()
    paths: list[Path] = []
    while len(paths) < n:
        chosen = rng.sample(samples, rng.choice((2, 3)))
        head, byline, body = parsed[chosen[0]]
        paras = body[:rng.choice((1, 2))]                  # the lead, sometimes with what follows it
        for other in chosen[1:]:
            paras.append(rng.choice(parsed[other][2]))
        text = "\n\n".join([head, byline, *paras]) + "\n"
        if text in texts:                                   # a repeated draw: draw again
            continue
        texts.add(text)
        path = folder / f"{chosen[0].name[:10]}_mix_{len(paths):03d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def _cmd(folder: Path, url: str, workers: int) -> list[str]:
    return [sys.executable, "-m", "thucydides", "ingest", str(folder), "--db", url, "--workers", str(workers),
            "--date-from-filename", "--quiet"]


def _start(cmd: list[str]) -> subprocess.Popen:
    # A session (and process group) of its own, so one killpg reaches the pool's workers too.
    return subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)


def _kill_group(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:      # it ended on its own a moment before
        pass


def _finish(proc: subprocess.Popen) -> None:
    """Wait for an ingest that is not to be killed; it must end cleanly."""
    try:
        _, err = proc.communicate(timeout=RUN_TIMEOUT)
    except subprocess.TimeoutExpired:
        _kill_group(proc)
        proc.communicate()
        pytest.fail(f"ingest did not finish within {RUN_TIMEOUT:.0f} s")
    assert proc.returncode == 0, err.decode(errors="replace")[-3000:]


def _stale(url: str) -> int:
    """Groups whose clusters a killed run left to be rebuilt (dirty, or events with no cluster)."""
    db = connect(url, create=False)
    try:
        return int(db.scalar("SELECT count(*) FROM (SELECT group_key FROM dirty_groups UNION "
                             "SELECT group_key FROM events WHERE cluster_id IS NULL) AS stale"))
    finally:
        db.close()


def canonical(url: str) -> dict[str, object]:
    """What the store holds, without store ids: articles, rejections, events and clusters.

    An event is (article name, sentence, char offsets, CAMEO, source and target codes, modality,
    date, day); a cluster is its summary and the sorted events it groups.
    """
    db = connect(url, create=False)
    try:
        articles = db.query("SELECT name, input_key, content_hash, event_count FROM articles")
        rejected = db.query("SELECT input_key, reason FROM rejected")
        events = db.query(
            "SELECT a.name, e.sentence, e.char_start, e.char_end, e.cameo, e.source_code, e.target_code, "
            "e.modality, e.date_value, e.day, e.cluster_id FROM events e JOIN articles a ON a.id = e.article_id")
        clusters = db.query("SELECT id, cameo, modality, source_code, target_code, first_day, last_day, place, "
                            "report_count, source_count, event_count FROM clusters")
    finally:
        db.close()
    key = ("name", "sentence", "char_start", "char_end", "cameo", "source_code", "target_code", "modality",
           "date_value", "day")
    members: dict[str, list[tuple]] = {}
    for e in events:
        members.setdefault(e["cluster_id"], []).append(tuple(e[k] for k in key))
    return {
        "articles": sorted((tuple(a.values()) for a in articles), key=repr),
        "rejected": sorted((tuple(r.values()) for r in rejected), key=repr),
        "events": sorted((tuple(e[k] for k in key) for e in events), key=repr),
        "clusters": sorted(((c["cameo"], c["modality"], c["source_code"], c["target_code"], c["first_day"],
                            c["last_day"], c["place"], c["report_count"], c["source_count"], c["event_count"],
                            tuple(sorted(members.get(c["id"], []), key=repr)))
                           for c in clusters), key=repr),
        "unclustered": sum(1 for e in events if e["cluster_id"] is None),
    }


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[Path, list[Path]]:
    folder = tmp_path_factory.mktemp("crash") / "corpus"
    return folder, build_corpus(folder)


@pytest.fixture(scope="module")
def reference(corpus, tmp_path_factory) -> tuple[str, float]:
    """One uninterrupted CLI run over the corpus into a SQLite store: (store, seconds it took)."""
    folder, _ = corpus
    url = str(tmp_path_factory.mktemp("reference") / "reference.db")
    started = time.monotonic()
    _finish(_start(_cmd(folder, url, workers=1)))
    seconds = time.monotonic() - started
    print(f"\nreference: {N_ARTICLES} articles, uninterrupted, in {seconds:.1f} s")
    return url, seconds


def test_the_corpus_is_distinct_real_prose(corpus):
    folder, paths = corpus
    texts = [p.read_text(encoding="utf-8") for p in paths]
    assert len(paths) == N_ARTICLES and len(set(texts)) == N_ARTICLES
    assert len({p.name[:10] for p in paths}) > 30, "articles spread over many days"
    assert all(len(t) < 3000 for t in texts)
    # Rebuilding gives the same corpus: the test is repeatable.
    again = build_corpus(folder.parent / "again")
    assert [p.read_text(encoding="utf-8") for p in again] == texts


def test_random_kills_resume_to_what_one_clean_run_stores(store_url, corpus, reference):
    folder, _ = corpus
    ref_url, ref_seconds = reference
    expected = canonical(ref_url)
    assert len(expected["articles"]) == N_ARTICLES and not expected["rejected"]
    assert expected["unclustered"] == 0
    assert any(c[7] > 1 for c in expected["clusters"]), "some events are reported by several articles"

    rng = random.Random(SEED + (0 if store_url.startswith("postgres") else 1))
    # Depths (articles stored) of the kills inside the run: one random point in each eighth, then
    # a random moment (up to ~10 articles' coding) later; every third such run has two workers.
    depths = [int(N_ARTICLES * (k + rng.uniform(0.05, 0.8)) / KILLS_IN_RUN) for k in range(KILLS_IN_RUN)]
    plan: list[tuple[str, float, int]] = [("start", rng.uniform(0.2, 3.0), 1)]   # (when, delay s, workers)
    plan += [(f"depth {d}", rng.uniform(0.0, 0.3), 2 if k % 3 == 1 else 1) for k, d in enumerate(depths)]
    plan.append(("last article", 0.0, 1))
    print(f"\n{store_url.split('?')[0]}: kill plan {[(w, round(s, 2), n) for w, s, n in plan]}")

    kills = 0
    history: list[int] = []
    for when, delay, workers in plan:
        before = _count(store_url)
        proc = _start(_cmd(folder, store_url, workers))
        started = time.monotonic()
        if when == "start":
            target = None
        elif when == "last article":
            target = N_ARTICLES
        else:
            target = int(when.split()[1])
        deadline = started + RUN_TIMEOUT
        if target is not None:
            while proc.poll() is None and _count(store_url) < target and time.monotonic() < deadline:
                time.sleep(0.02)
        if delay:
            time.sleep(delay)
        at = time.monotonic() - started
        if proc.poll() is None:
            _kill_group(proc)
            proc.communicate()
            kills += 1
            stored = _count(store_url)
            print(f"  kill {kills}: {when}, {workers} worker(s), SIGKILL at {at:.2f} s, "
                  f"{before} -> {stored} articles stored, {_stale(store_url)} groups left stale")
        else:
            _, err = proc.communicate()
            assert proc.returncode == 0, err.decode(errors="replace")[-3000:]
            stored = _count(store_url)
            print(f"  run ended by itself before the kill ({when}) at {at:.2f} s: {stored} stored")
        assert before <= stored <= N_ARTICLES, "a kill lost stored articles or stored too many"
        history.append(stored)
        if stored == N_ARTICLES and proc.returncode == 0:
            break
    assert kills >= 6, f"only {kills} runs were killed (the clean run takes {ref_seconds:.0f} s)"
    assert 0 < history[2] < N_ARTICLES, "kills fell inside the run, not only before or after it"

    started = time.monotonic()
    _finish(_start(_cmd(folder, store_url, workers=1)))
    print(f"  resumed to the end in {time.monotonic() - started:.1f} s")

    got = canonical(store_url)
    names = Counter(a[0] for a in got["articles"])
    hashes = Counter(a[2] for a in got["articles"])
    assert len(names) == N_ARTICLES and max(names.values()) == 1, "every article stored exactly once"
    assert max(hashes.values()) == 1 and set(hashes) == {a[2] for a in expected["articles"]}
    assert set(got["rejected"]) <= set(expected["rejected"]), "a kill left a rejection the clean run lacks"
    assert got["unclustered"] == 0
    assert got["events"] == expected["events"]
    assert got["clusters"] == expected["clusters"]
    assert got == expected
    # Store ids too: the same paths give the same article, event and cluster ids on any backend.
    assert _contents(store_url) == _contents(ref_url)
