"""Ingest throughput with 1 and 2 worker processes against bare spaCy parsing of the same
articles, in the same run, with the peak resident memory of each worker.

    .venv/bin/python bench/ingest_throughput.py [--repeat N] [--workers 1,2] [--ray] [PATH ...]

PATHs are article files or folders (default: samples/corpus/). With --repeat N each article is
ingested N times under distinct names (a marker line makes each copy new content), so the run
codes N x the corpus. Every ingest goes into a fresh SQLite store in a temporary folder.
Prints articles/s for bare parsing (nlp.pipe, one process), for ingest with each worker count,
their ratios to bare parsing, and peak RSS per worker process (sampled with psutil).
With --ray the largest worker count is also run with ``--engine ray`` on a local Ray instance of
that many CPUs (start-up included in its time; each actor reports its own peak RSS).
"""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent


def build_corpus(paths: list[Path], repeat: int, into: Path) -> list[Path]:
    files = []
    for path in paths:
        files += sorted(p for p in path.rglob("*.txt")) if path.is_dir() else [path]
    into.mkdir(parents=True)
    out = []
    for n in range(repeat):
        for src in files:
            dst = into / f"{src.stem}__{n}.txt"
            dst.write_text(src.read_text("utf-8").rstrip() + f"\n\n(Copy {n + 1} for benchmarking.)\n", "utf-8")
            out.append(dst)
    return out


class PeakSampler:
    """Samples the RSS of this process's children every 50 ms; keeps each child's peak."""

    def __init__(self) -> None:
        self.peaks: dict[int, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        me = psutil.Process()
        while not self._stop.is_set():
            for child in me.children(recursive=True):
                try:
                    rss = child.memory_info().rss
                except psutil.Error:
                    continue
                self.peaks[child.pid] = max(self.peaks.get(child.pid, 0), rss)
            time.sleep(0.05)

    def __enter__(self) -> "PeakSampler":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="*", type=Path)
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--workers", default="1,2", help="comma-separated worker counts (default 1,2)")
    ap.add_argument("--ray", action="store_true", help="also time --engine ray (needs the ray extra)")
    args = ap.parse_args()
    paths = args.paths or [ROOT / "samples" / "corpus"]

    from thucydides import nlp
    from thucydides.article import read_article
    from thucydides.ingest import ingest

    with tempfile.TemporaryDirectory() as tmp:
        files = build_corpus(paths, args.repeat, Path(tmp) / "corpus")
        if not files:
            print("no articles found", file=sys.stderr)
            return 1
        bodies = [read_article(f).body for f in files]
        model = nlp.load_model()
        model("warm up")
        start = time.perf_counter()
        tokens = sum(len(doc) for doc in model.pipe(bodies, batch_size=16))
        parse_s = time.perf_counter() - start
        parse_rate = len(bodies) / parse_s
        print(f"articles: {len(files)}  tokens: {tokens}")
        print(f"bare spaCy parse (nlp.pipe, 1 process): {parse_rate:7.2f} articles/s")
        for workers in [int(w) for w in args.workers.split(",")]:
            db = Path(tmp) / f"w{workers}.db"
            with PeakSampler() as sampler:
                summary = ingest([Path(tmp) / "corpus"], db_url=str(db), workers=workers)
            rate = summary.coded / summary.seconds
            if workers == 1:     # coded in this process: its own peak
                peak = psutil.Process().memory_info().rss
                import resource
                peak = max(peak, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024)
                peaks = [peak]
            else:
                peaks = sorted(sampler.peaks.values(), reverse=True)[:workers]
            print(f"ingest, {workers} worker(s): {rate:7.2f} articles/s  ratio to bare parse {rate / parse_rate:.2f}  "
                  f"events {summary.events}  peak RSS per worker {', '.join(f'{p / 2**20:.0f} MiB' for p in peaks)}")
            shutil.rmtree(Path(tmp) / "corpus" / "__pycache__", ignore_errors=True)
        if args.ray:
            workers = max(int(w) for w in args.workers.split(","))
            summary = ingest([Path(tmp) / "corpus"], db_url=str(Path(tmp) / "ray.db"), workers=workers,
                             engine="ray")
            rate = summary.coded / summary.seconds
            print(f"ingest, ray, {workers} actor(s): {rate:7.2f} articles/s  ratio to bare parse "
                  f"{rate / parse_rate:.2f}  events {summary.events}  peak RSS per worker "
                  f"{', '.join(f'{p / 2**20:.0f} MiB' for p in summary.worker_peak_rss)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
