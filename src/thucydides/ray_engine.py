"""Coding a corpus on Ray: the same pipeline as :mod:`thucydides.ingest`, spread over a Ray cluster.

The driver (the process running ``thucydides ingest``) still reads every input, decides what needs
coding and writes every result; Ray only replaces the worker processes. Each Ray actor loads the
spaCy model and the actor knowledge once and then codes the articles the driver sends it, so the
input files never need to exist on the cluster's machines and the store is never opened there.

Results are handed to the store in input order, whatever order the actors finish in, so a run on
Ray stores exactly what a one-process run stores (this matters when two inputs of one run share a
key or a text: the earlier one wins in both). The driver keeps a bounded window of articles in
flight, so a corpus larger than memory streams through.

Ray is an optional extra: ``pip install "thucydides[ray]"``.
"""
from __future__ import annotations

import logging
import os
import resource
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from thucydides.article import Article
from thucydides.corpus import Item

INSTALL_HINT = "pip install \"thucydides[ray]\""
# Batches of articles (thucydides.ingest.BATCH each) sent to one actor and not yet coded: the one it
# codes and one waiting, so an actor never idles while the driver collects a result.
QUEUE_PER_ACTOR = 2
# Coded batches kept waiting for an earlier, slower batch before the driver stops reading.
WINDOW_PER_ACTOR = 4
# A local instance needs only a small shared-memory object store: articles and results are small.
LOCAL_OBJECT_STORE_BYTES = 256 * 2**20


class EngineError(RuntimeError):
    """The Ray engine cannot run; the message is one line that starts with the option to blame."""


def require_ray() -> ModuleType:
    """The ``ray`` module, or :class:`EngineError` telling how to install it."""
    try:
        import ray
    except ImportError:
        raise EngineError(f"--engine ray: Ray is not installed; install it with: {INSTALL_HINT}") from None
    return ray


class _Coder:
    """A Ray actor: one loaded model, coding one batch of articles at a time."""

    def __init__(self) -> None:
        from thucydides.ingest import _init_worker
        _init_worker()

    def code(self, articles: list[Article], triage: bool = True) -> list[str | tuple[str, str]]:
        """For each article, the output contract as JSON, or (exception name, message) when coding
        failed (:func:`thucydides.ingest.code_articles`): the driver records the same one-line reason
        as a local run, without Ray's remote traceback."""
        from thucydides.ingest import code_articles
        return code_articles(articles, triage)

    def ready(self) -> int:
        """The worker's process id, once its model is loaded."""
        return os.getpid()

    def peak_rss(self) -> int:
        """This worker's peak resident memory, in bytes (Linux reports KiB)."""
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


@dataclass
class _Task:
    items: list[Item]
    ref: Any
    actor: int
    done: bool = False
    results: list[str | BaseException] | None = None


def _connect(ray: ModuleType, address: str | None, workers: int | None) -> None:
    """Join the cluster at ``address`` (or $RAY_ADDRESS), else start a private local instance."""
    quiet = {"include_dashboard": False, "logging_level": logging.WARNING, "log_to_driver": False}
    address = address or os.environ.get("RAY_ADDRESS") or None
    try:
        if address:
            ray.init(address=address, **quiet)
        else:
            # "local" starts a new instance even when another one runs on this machine, so the
            # CPU limit below is ours and a stray `ray start` is never joined by surprise.
            from thucydides.ingest import default_workers
            ray.init(address="local", num_cpus=workers or default_workers(),
                     object_store_memory=LOCAL_OBJECT_STORE_BYTES, **quiet)
    except Exception as err:  # Ray raises many kinds (ConnectionError, RuntimeError, ValueError)
        where = f"--address {address}" if address else "--engine ray"
        reason = " ".join(str(err).split()) or type(err).__name__
        raise EngineError(f"{where}: cannot start or reach Ray ({reason[:300]})") from None


def _actor_count(ray: ModuleType, workers: int | None) -> int:
    cpus = int(ray.cluster_resources().get("CPU", 0))
    if cpus < 1:
        raise EngineError("--address: the Ray cluster has no CPUs to run workers on")
    # An actor asking for a CPU the cluster lacks would wait forever, and the in-order hand-off
    # would wait with it.
    return max(1, min(workers or cpus, cpus))


def _limit_settings() -> dict[str, str]:
    # The coding step reads its limits from the environment (thucydides.limits); actors on other
    # machines do not inherit the driver's, so those variables, and only those (the store URL
    # in $THUCYDIDES_DB may hold a password), travel with the actors.
    from dataclasses import fields

    from thucydides.limits import Limits, env_name
    names = [env_name(f.name) for f in fields(Limits)]
    return {n: os.environ[n] for n in names if n in os.environ}


def _await_ready(ray: ModuleType, actors: list[Any]) -> None:
    """Wait until every actor has loaded its model; a worker that cannot start stops the run."""
    try:
        ray.get([a.ready.remote() for a in actors])
    except ray.exceptions.RayError as err:
        lines = [line.strip() for line in str(err).splitlines() if line.strip()]
        reason = lines[-1] if lines else type(err).__name__
        raise EngineError(f"--engine ray: the Ray workers could not load the pipeline ({reason[:300]}); "
                          "is thucydides installed on every node?") from None


def run_ray(source: Iterator[Item], needs_coding: Callable[[Item], bool],
            finish: Callable[[Item, str | BaseException], None], *,
            workers: int | None = None, address: str | None = None, triage: bool = True) -> list[int]:
    """Code every item that ``needs_coding`` accepts on Ray actors, in batches (``triage``: see
    :func:`thucydides.ingest.code_articles`); hand each result to ``finish`` in input order.

    ``workers`` is the number of actors (default: every CPU of the cluster; for a local instance,
    one per core here). Returns each actor's peak resident memory in bytes. A Ray instance started
    here is shut down at the end; one the caller had already started is left running.
    """
    ray = require_ray()
    started_here = not ray.is_initialized()
    if started_here:
        _connect(ray, address, workers)
    try:
        count = _actor_count(ray, workers)
        env = _limit_settings()
        options: dict[str, Any] = {"num_cpus": 1, "max_restarts": -1, "max_task_retries": 1}
        if env:
            options["runtime_env"] = {"env_vars": env}
        coder = ray.remote(**options)(_Coder)
        actors = [coder.remote() for _ in range(count)]
        _await_ready(ray, actors)
        _drive(ray, actors, source, needs_coding, finish, triage)
        try:
            return [int(p) for p in ray.get([a.peak_rss.remote() for a in actors])]
        except ray.exceptions.RayError:   # a lost node must not fail a run whose results are stored
            return []
    finally:
        if started_here:
            ray.shutdown()


def _drive(ray: ModuleType, actors: list[Any], source: Iterator[Item], needs_coding: Callable[[Item], bool],
           finish: Callable[[Item, str | BaseException], None], triage: bool) -> None:
    from thucydides.ingest import coding_batches, failure
    window: deque[_Task] = deque()
    busy = [0] * len(actors)          # batches sent to each actor and not yet coded
    limit = WINDOW_PER_ACTOR * len(actors)

    def collect(task: _Task) -> None:
        lost: BaseException | None = None
        try:
            values = ray.get(task.ref)
            task.results = [failure(*v) if isinstance(v, tuple) else v for v in values]
        except ray.exceptions.RayActorError:
            lost = RuntimeError("the Ray worker died while coding it (killed, or out of memory)")
        except ray.exceptions.RayError as err:
            lost = RuntimeError(" ".join(str(err).split())[:300])
        if lost is not None:
            task.results = [lost] * len(task.items)
        task.done = True
        busy[task.actor] -= 1

    def hand_over() -> None:
        while window and window[0].done:
            task = window.popleft()
            assert task.results is not None
            for item, result in zip(task.items, task.results, strict=True):
                finish(item, result)

    def wait_for_one() -> None:
        running = {t.ref: t for t in window if not t.done}
        ready, _ = ray.wait(list(running), num_returns=1)
        for ref in ready:
            collect(running[ref])
        hand_over()

    for batch in coding_batches(source, needs_coding):
        while len(window) >= limit or min(busy) >= QUEUE_PER_ACTOR:
            wait_for_one()
        actor = min(range(len(actors)), key=busy.__getitem__)
        window.append(_Task(batch, actors[actor].code.remote([item.article for item in batch], triage), actor))
        busy[actor] += 1
    while window:
        wait_for_one()
