"""How coding time grows with the length of one article, and on one line without sentence ends.

    .venv/bin/python bench/long_text.py [--no-stops | --clause TEXT] [--body-limit N] CHARS ...

The text is real newswire: the TimeML development documents beside the checkout
(../shared/eval/timeml_dev), else the bundled samples, joined by blank lines and cut to CHARS
characters. ``--no-stops`` removes full stops, question and exclamation marks and newlines,
leaving one line; ``--clause`` repeats TEXT instead, the worst case when TEXT has no sentence end,
since the parser then finds no boundary at all (the sentence cap cuts it). Prints, per size, the
tokens, sentences and longest sentence, the seconds to parse and then to code, the events, and
the peak resident memory. ``--body-limit`` raises THUCYDIDES_MAX_BODY_CHARS for the run (the
default limit rejects texts over 200,000 characters).
"""
from __future__ import annotations

import argparse
import os
import re
import resource
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TIMEML = ROOT.parent / "shared" / "eval" / "timeml_dev"


def source_text() -> str:
    if TIMEML.is_dir():
        from thucydides.evaluation.timeml import read_timeml

        return "\n\n".join(read_timeml(p).text for p in sorted(TIMEML.glob("*.tml")))
    return "\n\n".join(p.read_text("utf-8") for p in sorted((ROOT / "samples").glob("*.txt")))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", type=int, nargs="+", metavar="CHARS")
    parser.add_argument("--no-stops", action="store_true")
    parser.add_argument("--clause", help="repeat this text instead of reading newswire")
    parser.add_argument("--body-limit", type=int, default=1_000_000)
    args = parser.parse_args()
    os.environ["THUCYDIDES_MAX_BODY_CHARS"] = str(args.body_limit)

    from thucydides import nlp, places
    from thucydides.article import parse_text
    from thucydides.pipeline import default_knowledge, extract_article

    nlp.load_model()
    default_knowledge()
    places.lookup("Paris")   # the gazetteer loads on first use: keep it out of the timings
    text = source_text() if args.clause is None else f"{args.clause.strip()} "
    if args.no_stops:
        text = re.sub(r"\s+", " ", re.sub(r"[.!?]", "", text))
    while len(text) < max(args.sizes):
        text = f"{text} {text}" if args.no_stops or args.clause else f"{text}\n\n{text}"
    print(f"{'chars':>8} {'tokens':>7} {'sents':>6} {'longest':>7} {'parse s':>8} {'code s':>8} {'events':>6} {'peak MiB':>8}")
    for size in args.sizes:
        article = parse_text(text[:size], "long")
        start = time.perf_counter()
        doc = nlp.parse(article.body)
        parsed = time.perf_counter()
        result = extract_article(article, doc=doc)
        coded = time.perf_counter()
        lengths = [len(s) for s in doc.sents]
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
        print(f"{size:>8} {len(doc):>7} {len(lengths):>6} {max(lengths):>7} {parsed - start:>8.2f} "
              f"{coded - parsed:>8.2f} {len(result.events):>6} {peak:>8}", flush=True)


if __name__ == "__main__":
    main()
