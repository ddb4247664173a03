"""Extraction throughput against bare spaCy parsing of the same texts, in the same run.

    .venv/bin/python bench/extract_throughput.py [--repeat N] [PATH ...]

PATHs are article files or folders (default: samples/ and tests/fixtures/generality/). Prints
articles/s and tokens/s for (a) the spaCy pipeline alone, batched with nlp.pipe, (b) the pipeline
alone one text at a time, as extraction parses, and (c) the full extraction (parse + actors +
dates + quotes + events), the ratios, and the peak resident memory of the process.
"""
from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def load_texts(paths: list[Path]) -> list[str]:
    from thucydides.article import InputError, read_article

    texts = []
    for path in paths:
        files = sorted(path.rglob("*")) if path.is_dir() else [path]
        for file in files:
            if file.suffix == ".yaml":
                texts.append(yaml.safe_load(file.read_text("utf-8"))["text"])
            elif file.suffix in {".txt", ".html"}:
                try:
                    texts.append(read_article(file).body)
                except InputError:
                    continue
    return texts


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="*", type=Path)
    ap.add_argument("--repeat", type=int, default=3, help="passes over the texts (default 3)")
    args = ap.parse_args()
    paths = args.paths or [ROOT / "samples", ROOT / "tests" / "fixtures" / "generality"]
    texts = load_texts(paths) * args.repeat
    if not texts:
        print("no texts found", file=sys.stderr)
        return 1

    from thucydides import nlp
    from thucydides.article import parse_text
    from thucydides.pipeline import default_knowledge, extract_article

    model = nlp.load_model()
    default_knowledge()
    extract_article(parse_text(texts[0], "warmup"))  # load lazily built indexes before timing
    mem_loaded = peak_mib()

    t0 = time.perf_counter()
    tokens = sum(len(doc) for doc in model.pipe(texts, batch_size=16))
    bare = time.perf_counter() - t0

    t0 = time.perf_counter()
    for text in texts:
        model(text)
    single = time.perf_counter() - t0

    t0 = time.perf_counter()
    events = 0
    for n, text in enumerate(texts):
        events += len(extract_article(parse_text(text, f"a{n}")).events)
    full = time.perf_counter() - t0

    print(f"articles: {len(texts)}  tokens: {tokens}  events: {events}  model: {nlp.model_name()}")
    print(f"{'stage':<28}{'seconds':>10}{'articles/s':>12}{'tokens/s':>12}")
    print(f"{'bare spaCy parse':<28}{bare:>10.2f}{len(texts) / bare:>12.1f}{tokens / bare:>12.0f}")
    print(f"{'bare spaCy, one at a time':<28}{single:>10.2f}{len(texts) / single:>12.1f}{tokens / single:>12.0f}")
    print(f"{'thucydides extract':<28}{full:>10.2f}{len(texts) / full:>12.1f}{tokens / full:>12.0f}")
    print(f"ratio extract/parse throughput: {bare / full:.2f} against batched parsing, "
          f"{single / full:.2f} against parsing one at a time (1.00 = as fast as parsing alone)")
    print(f"peak memory: {peak_mib():.0f} MiB (after loading the model and knowledge: {mem_loaded:.0f} MiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
