"""Throughput of every way of coding the same articles, in one run, against bare spaCy parsing.

    .venv/bin/python bench/throughput.py [PATH ...] [--timeml DIR] [--repeat N] [--workers 1,2] [--ray] [--without-ner]

Input: article files or folders (.txt, .html; default samples/corpus/), and/or the TimeML documents
of DIR (real newswire; each becomes a .txt file dated by its creation time). With --repeat N every
article is coded N times under distinct names (a marker line makes each copy new content): more
volume, the same prose. Prints, for the same articles:

  bare spaCy parse      the English pipeline as spaCy ships it, over every article (nlp.pipe, batched),
                        the baseline; then each component's share of it, and of thucydides' pipeline;
                        and the same parse one text at a time (what batching buys)
  extract, no triage    thucydides' whole reading, every sentence parsed, one process, articles parsed
                        in batches as `extract` and `ingest` do (each extract mode is timed twice, in
                        the order A B B A, and averaged)
  extract, triage       the same with sentence triage (only candidate sentences parsed)
  ingest, N workers     corpus runs into a fresh SQLite store (triage on), for each worker count
  ingest, ray           with --ray: the largest worker count as a local Ray instance

with articles/s, tokens/s and the ratio to bare parsing (1.00 = as fast as parsing alone; a ratio
above 1 means faster than parsing everything), the share of sentences and tokens the triage sent to
the parser (and the share held by sentences that yield an event at all, the bound on any sentence
triage), how many events the two extraction modes share, and peak resident memory per process.
Timings are wall clock on whatever else the machine is doing: compare ratios within one run.

--without-ner is an experiment, not a mode of the coder: the extract stages run with the statistical
named-entity recogniser switched off, to measure what the cheapest parse of this pipeline would buy
(bench/without_ner.py measures what it would cost in accuracy).
"""
from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent


def write_corpus(paths: list[Path], timeml: Path | None, repeat: int, into: Path) -> list[Path]:
    """The benchmark's input as .txt files under ``into`` (dated names, so ingest needs no inference)."""
    from thucydides.article import InputError, read_article
    from thucydides.evaluation.timeml import read_timeml

    texts: list[tuple[str, str]] = []   # (file stem, text)
    for path in paths:
        for file in sorted(path.rglob("*")) if path.is_dir() else [path]:
            if file.suffix in {".txt", ".html"}:
                try:
                    article = read_article(file)
                except InputError:
                    continue
                day = article.date.isoformat() if article.date else "2000-01-01"
                texts.append((f"{day}_{file.stem}", article.body))
    if timeml is not None:
        for file in sorted(timeml.glob("*.tml")):
            doc = read_timeml(file)
            texts.append((f"{doc.anchor.isoformat()}_{file.stem}", doc.text))
    into.mkdir(parents=True)
    out = []
    for n in range(repeat):
        for stem, text in texts:
            target = into / f"{stem}__{n}.txt"
            marker = f"\n\n(Copy {n + 1} for benchmarking.)\n" if repeat > 1 else "\n"
            target.write_text(text.rstrip() + marker, "utf-8")
            out.append(target)
    return out


class PeakSampler:
    """Samples the resident memory of this process's children every 50 ms; keeps each child's peak."""

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

    def __enter__(self) -> PeakSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def stock_model():
    """The English pipeline exactly as spaCy ships it: the baseline every ratio is measured against
    (thucydides adds sentence-boundary components and an exact, faster attribute ruler)."""
    import spacy

    from thucydides.nlp import MODEL_PACKAGES
    for name in MODEL_PACKAGES:
        try:
            return spacy.load(name)
        except OSError:
            continue
    raise SystemExit("no spaCy English model installed")


def own_peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def component_shares(model, texts: list[str], batch: int = 16) -> list[tuple[str, float]]:
    """Each pipeline component's share of the parsing time (the tokenizer counted as one), timed a
    batch at a time so that no more than one batch of parsed documents is held."""
    seconds: dict[str, float] = {}
    for first in range(0, len(texts), batch):
        start = time.perf_counter()
        docs = [model.make_doc(text) for text in texts[first:first + batch]]
        seconds["tokenizer"] = seconds.get("tokenizer", 0.0) + time.perf_counter() - start
        for name, component in model.pipeline:
            start = time.perf_counter()
            docs = list(component.pipe(docs)) if hasattr(component, "pipe") else [component(d) for d in docs]
            seconds[name] = seconds.get(name, 0.0) + time.perf_counter() - start
    total = sum(seconds.values())
    return [(name, value / total) for name, value in seconds.items()]


def shares(model, articles) -> str:
    return ", ".join(f"{name} {share:.0%}" for name, share in component_shares(model, [a.body for a in articles])
                     if share >= 0.005)


def row(name: str, seconds: float, articles: int, tokens: int, parse_s: float, extra: str = "") -> None:
    print(f"{name:28s} {seconds:8.2f} {articles / seconds:10.2f} {tokens / seconds:9.0f} "
          f"{parse_s / seconds:7.2f}  {extra}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="*", type=Path)
    ap.add_argument("--timeml", type=Path, help="also code the TimeML documents of this folder")
    ap.add_argument("--repeat", type=int, default=1, help="code every article N times (default 1)")
    ap.add_argument("--workers", default="1,2", help="worker counts for ingest (default 1,2)")
    ap.add_argument("--ray", action="store_true", help="also ingest with --engine ray (needs the ray extra)")
    ap.add_argument("--without-ner", action="store_true",
                    help="an experiment: thucydides' pipeline with its named-entity recogniser switched off "
                         "(extract stages only; the baseline keeps it)")
    args = ap.parse_args()
    if args.without_ner:
        args.workers, args.ray = "", False   # worker processes would load the model with the recogniser
    paths = args.paths or ([] if args.timeml else [ROOT / "samples" / "corpus"])

    from thucydides import nlp
    from thucydides.article import read_article
    from thucydides.corpus import date_from_filename
    from thucydides.ingest import BATCH, ingest
    from thucydides.pipeline import (
        extract_article,
        extract_articles,
        parse_article,
        warm_up,
    )

    with tempfile.TemporaryDirectory() as tmp:
        files = write_corpus(paths, args.timeml, args.repeat, Path(tmp) / "corpus")
        if not files:
            print("no articles found", file=sys.stderr)
            return 1
        articles = [read_article(f, published=date_from_filename(f)) for f in files]
        model = nlp.load_model()
        if args.without_ner:
            model.disable_pipe("ner")
        knowledge = warm_up()   # the gazetteer and word lists are built here, not in the first timed stage
        triage = knowledge.triage()
        extract_article(articles[0], knowledge)
        print(f"model loaded: peak memory {own_peak_mib():.0f} MiB")

        stock = stock_model()
        stock("warm up")
        start = time.perf_counter()
        tokens = sum(len(doc) for doc in stock.pipe([a.body for a in articles], batch_size=16))
        parse_s = time.perf_counter() - start
        print(f"articles: {len(articles)}  tokens: {tokens}  model: {nlp.model_name()}")
        print(f"{'stage':28s} {'seconds':>8s} {'articles/s':>10s} {'tokens/s':>9s} {'ratio':>7s}")
        row("bare spaCy parse", parse_s, len(articles), tokens, parse_s)
        print("  by component, spaCy's: " + shares(stock, articles))
        start = time.perf_counter()
        for article in articles:
            stock(article.body)
        row("  the same, text by text", time.perf_counter() - start, len(articles), tokens, parse_s)
        del stock

        results, timings = {}, {False: [], True: []}
        # Each mode twice, in the order A B B A: a mode timed second would find the caches the first
        # one warmed (memoised word forms), so each mode gets one early and one late run.
        for mode in (False, True, True, False):
            start = time.perf_counter()
            results[mode] = [r.events for i in range(0, len(articles), BATCH)
                             for r in extract_articles(articles[i:i + BATCH], knowledge, triage=mode)]
            timings[mode].append(time.perf_counter() - start)
        for mode in (False, True):
            n = sum(len(events) for events in results[mode])
            row(f"extract, {'triage' if mode else 'no triage'}", sum(timings[mode]) / 2, len(articles), tokens,
                parse_s, f"events {n}")
        # After the extraction runs, so that this pipeline's caches are as warm as spaCy's were.
        print("  parse by component, thucydides' pipeline: " + shares(model, articles))

        for workers in [int(w) for w in args.workers.split(",") if w]:
            with PeakSampler() as sampler:
                summary = ingest([Path(tmp) / "corpus"], db_url=str(Path(tmp) / f"w{workers}.db"),
                                 workers=workers, dates_from_filenames=True)
            peaks = ([own_peak_mib()] if workers == 1 else
                     [p / 2**20 for p in sorted(sampler.peaks.values(), reverse=True)[:workers]])
            row(f"ingest, {workers} worker(s)", summary.seconds, summary.coded, tokens * summary.coded // len(articles),
                parse_s * summary.coded / len(articles),
                f"events {summary.events}  peak per worker {', '.join(f'{p:.0f} MiB' for p in peaks)}")
        if args.ray:
            workers = max(int(w) for w in args.workers.split(","))
            summary = ingest([Path(tmp) / "corpus"], db_url=str(Path(tmp) / "ray.db"), workers=workers,
                             engine="ray", dates_from_filenames=True)
            row(f"ingest, ray, {workers} actor(s)", summary.seconds, summary.coded,
                tokens * summary.coded // len(articles), parse_s * summary.coded / len(articles),
                f"events {summary.events}  peak per worker "
                f"{', '.join(f'{p / 2**20:.0f} MiB' for p in summary.worker_peak_rss)}")

        kept_sents = all_sents = kept_tokens = event_tokens = 0
        for article, events in zip(articles, results[False]):
            doc = nlp.parse_selected(article.body, triage.select) if triage else parse_article(article, knowledge)
            for sent in doc.sents:
                all_sents += 1
                if nlp.is_parsed(sent):
                    kept_sents += 1
                    kept_tokens += len(sent)
            # The bound no sentence triage can pass: even a perfect one parses every sentence that
            # yields an event in the full run.
            full_sents = list(parse_article(article, knowledge, triage=False).sents)
            event_tokens += sum(len(full_sents[i]) for i in {e.sentence for e in events})

        def key(e):
            return (e.start, e.cameo, e.source.code, e.target.code if e.target else None, e.modality)

        full = {(i, key(e)) for i, events in enumerate(results[False]) for e in events}
        fast = {(i, key(e)) for i, events in enumerate(results[True]) for e in events}
        print(f"triage parsed {kept_sents}/{all_sents} sentences ({kept_sents / max(all_sents, 1):.0%}), "
              f"{kept_tokens}/{tokens} tokens ({kept_tokens / max(tokens, 1):.0%})")
        print(f"sentences that yield an event in the full run hold {event_tokens}/{tokens} tokens "
              f"({event_tokens / max(tokens, 1):.0%}): a perfect triage could at best parse only those")
        print(f"distinct events (offset, code, actors, modality): {len(full)} without triage, {len(fast)} with; "
              f"{len(full & fast)} the same "
              f"({len(full & fast) / max(len(full), 1):.1%} of the full run's)")
        print(f"peak memory of this process (model, knowledge, extraction): {own_peak_mib():.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
