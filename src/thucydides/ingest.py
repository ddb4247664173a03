"""Corpus runs: read many inputs, code them on every core, and store the results.

The main process reads inputs, decides what needs coding (new or changed articles), writes
each coded article in its own transaction and finally rebuilds the clusters it touched. Worker
processes hold one spaCy model each and only code: they never touch the store, so a killed
worker or a killed run loses at most the articles in flight, which the next run codes again.

Two engines run the workers: ``local`` (this machine: inline for one worker, else a process
pool) and ``ray`` (Ray actors, on a local instance or a cluster: :mod:`thucydides.ray_engine`).
Both hand results to the same store-writing code in this process.
"""
from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path

from thucydides.article import Article
from thucydides.corpus import Item, items
from thucydides.models import Extraction
from thucydides.store.backend import connect
from thucydides.store.clustering import recluster
from thucydides.store.writer import identity, plan, save_article, save_rejected

Progress = Callable[[str, Item, int], None]   # (outcome, item, events stored for it)
ENGINES = ("local", "ray")
# Articles a worker codes together: spaCy parses a batch of texts faster than the same texts one at
# a time (the same parses; docs/performance.md). Small enough that a killed run loses little work.
BATCH = 8


@dataclass
class IngestSummary:
    """What a corpus run did, by outcome."""

    seen: int = 0
    stored: int = 0
    replaced: int = 0
    unchanged: int = 0
    duplicate: int = 0
    rejected: int = 0
    events: int = 0
    groups_reclustered: int = 0
    seconds: float = 0.0
    rejections: list[tuple[str, str]] = field(default_factory=list)
    # Peak resident memory of each worker, in bytes, where the engine reports it (Ray does).
    worker_peak_rss: list[int] = field(default_factory=list)

    @property
    def coded(self) -> int:
        return self.stored + self.replaced


def default_workers() -> int:
    """One worker per core the process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


# ------------------------------------------------------------------ worker side

def _init_worker() -> None:
    from thucydides.pipeline import warm_up
    warm_up()


def code_articles(articles: list[Article], triage: bool = True) -> list[str | tuple[str, str]]:
    """Code several articles, their bodies parsed in one batch (see :data:`BATCH`; ``triage``: parse
    only the sentences that may hold an event, see :mod:`thucydides.triage`): for each, the output
    contract as JSON (plain text crosses processes cheaply), or (exception name, message) when it
    could not be coded.

    A failure is returned rather than raised, so one bad article costs the others of its batch
    nothing, and an exception that cannot be pickled cannot take the run down.
    """
    from thucydides.pipeline import extract_articles
    return [(type(r).__name__, str(r)) if isinstance(r, Exception) else r.model_dump_json()
            for r in extract_articles(articles, triage=triage)]


def failure(name: str, message: str) -> BaseException:
    """The exception a worker reported as (name, message), for the main process to record."""
    # The error class itself stays on the worker; an exception of the same name carries its
    # message so the stored rejection reads as if the article had been coded here.
    return type(name, (Exception,), {})(message)


# ------------------------------------------------------------------ main side

def _pending(paths: Iterable[Path], dates_from_filenames: bool) -> Iterator[Item]:
    yield from items(paths, dates_from_filenames=dates_from_filenames)


def ingest(paths: list[Path], *, db_url: str | None = None, workers: int | None = None,
           dates_from_filenames: bool = False, progress: Progress | None = None,
           engine: str = "local", address: str | None = None, triage: bool = True) -> IngestSummary:
    """Code every new or changed article under ``paths`` into the store at ``db_url``.

    Idempotent and resumable: unchanged articles are skipped before coding, each article is
    committed with all its rows at once, and clusters left stale by an interrupted run are
    rebuilt at the start of the next. ``triage`` is passed to the coder (:func:`code_articles`).
    ``engine`` is ``local`` or ``ray``; ``address`` names a
    Ray cluster (default: $RAY_ADDRESS, else a local Ray instance with ``workers`` CPUs).
    Raises :class:`thucydides.ray_engine.EngineError` when Ray is asked for and cannot run.
    """
    started = time.perf_counter()
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {', '.join(ENGINES)}, got {engine!r}")
    if engine == "ray":
        from thucydides.ray_engine import require_ray
        require_ray()      # before the store is touched: a missing extra changes nothing
    requested_workers = workers
    workers = workers or default_workers()
    summary = IngestSummary()
    db = connect(db_url)
    try:
        db.lock_for_writing()
        summary.groups_reclustered += recluster(db)

        def report(outcome: str, item: Item, n_events: int = 0) -> None:
            if progress is not None:
                progress(outcome, item, n_events)

        def finish(item: Item, payload: str | BaseException) -> None:
            if isinstance(payload, BaseException):
                reason = f"{item.path}: coding failed ({type(payload).__name__}: {payload})"
                save_rejected(db, item.input_key, item.path, reason.replace("\n", " "))
                summary.rejected += 1
                summary.rejections.append((item.path, reason))
                report("rejected", item)
                return
            result = Extraction.model_validate_json(payload)
            art = item.article
            assert art is not None
            ident = identity(item.input_key, art.title, art.body, art.date.isoformat() if art.date else None)
            outcome = save_article(db, ident, result, path=item.path, raw_text=item.raw_text)
            setattr(summary, outcome, getattr(summary, outcome) + 1)
            n = len(result.events) if outcome in ("stored", "replaced") else 0
            summary.events += n
            report(outcome, item, n)

        def needs_coding(item: Item) -> bool:
            """Record what needs no coding; True when the item must be coded."""
            summary.seen += 1
            if item.error is not None:
                save_rejected(db, item.input_key, item.path, item.error)
                summary.rejected += 1
                summary.rejections.append((item.path, item.error))
                report("rejected", item)
                return False
            art = item.article
            assert art is not None
            ident = identity(item.input_key, art.title, art.body, art.date.isoformat() if art.date else None)
            outcome = plan(db, ident)
            if outcome in ("unchanged", "duplicate"):
                setattr(summary, outcome, getattr(summary, outcome) + 1)
                report(outcome, item)
                return False
            return True

        source = _pending(paths, dates_from_filenames)
        if engine == "ray":
            from thucydides.ray_engine import run_ray
            summary.worker_peak_rss = run_ray(source, needs_coding, finish, workers=requested_workers,
                                              address=address, triage=triage)
        elif workers <= 1:
            _run_inline(source, needs_coding, finish, triage)
        else:
            _run_pool(source, needs_coding, finish, workers, triage)
        summary.groups_reclustered += recluster(db)
    finally:
        db.close()
    summary.seconds = time.perf_counter() - started
    return summary


def coding_batches(source: Iterator[Item], needs_coding: Callable[[Item], bool]) -> Iterator[list[Item]]:
    """The items that need coding, :data:`BATCH` at a time, in input order."""
    batch: list[Item] = []
    for item in source:
        if needs_coding(item):
            assert item.article is not None
            batch.append(item)
            if len(batch) == BATCH:
                yield batch
                batch = []
    if batch:
        yield batch


def _finish_batch(batch: list[Item], payloads: list[str | tuple[str, str]],
                  finish: Callable[[Item, str | BaseException], None]) -> None:
    for item, payload in zip(batch, payloads, strict=True):
        finish(item, failure(*payload) if isinstance(payload, tuple) else payload)


def _run_inline(source: Iterator[Item], needs_coding: Callable[[Item], bool],
                finish: Callable[[Item, str | BaseException], None], triage: bool) -> None:
    for batch in coding_batches(source, needs_coding):
        _finish_batch(batch, code_articles([item.article for item in batch], triage), finish)


def _run_pool(source: Iterator[Item], needs_coding: Callable[[Item], bool],
              finish: Callable[[Item, str | BaseException], None], workers: int, triage: bool) -> None:
    # spawn, not fork: the parent may run threads (the progress display) that fork would copy
    # mid-state; each worker loads its own model once.
    context = get_context("spawn")
    in_flight: dict[Future[list[str | tuple[str, str]]], list[Item]] = {}
    limit = workers * 2      # backpressure: batches queued or coding, never far ahead of the coders
    with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_init_worker) as pool:
        def drain(block_until: int) -> None:
            while len(in_flight) > block_until:
                done, _ = wait(in_flight, return_when=FIRST_COMPLETED)
                for fut in sorted(done, key=lambda f: in_flight[f][0].path):
                    batch = in_flight.pop(fut)
                    err = fut.exception()
                    if err is not None:   # the worker itself died (killed, out of memory)
                        for item in batch:
                            finish(item, err)
                    else:
                        _finish_batch(batch, fut.result(), finish)

        for batch in coding_batches(source, needs_coding):
            in_flight[pool.submit(code_articles, [item.article for item in batch], triage)] = batch
            drain(limit - 1)
        drain(0)
