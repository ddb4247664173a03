"""The `thucydides` command line."""
from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.table import Table

from thucydides.article import InputError, is_jsonl, parse_date_arg, read_article, read_jsonl
from thucydides.models import Extraction

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Political event data from news articles: who did what to whom, when, where.")


TriageOption = Annotated[bool, typer.Option(
    "--triage/--no-triage",
    help="Parse only the sentences that may hold an event (faster); --no-triage parses every sentence.")]


class Format(str, Enum):
    json = "json"
    table = "table"


@app.callback()
def main() -> None:
    """Thucydides reads news articles and codes them as political events (CAMEO/PLOVER)."""


def _say(message: str) -> None:
    """One line on standard error, never wrapped (scripts grep these)."""
    sys.stderr.write(message.replace("\n", " ") + "\n")
    sys.stderr.flush()


def _fail(message: str, code: int = 2) -> None:
    _say(f"thucydides: error: {message}")
    raise typer.Exit(code)


@app.command()
def extract(
    file: Annotated[Path, typer.Argument(
        help="An article: .txt, .html, or .jsonl / .jsonl.gz (one article per line).")],
    date: Annotated[Optional[str], typer.Option(help="The article date, YYYY-MM-DD (inferred when omitted).")] = None,
    format: Annotated[Format, typer.Option(
        "--format", "-f", help="json (the output contract) or table.")] = Format.json,
    dictionaries: Annotated[Optional[Path], typer.Option(
        help="A folder of PETRARCH/Phoenix dictionaries (actors, agents, verbs, discards) to add to the "
             "built-in knowledge.")] = None,
    only_dictionaries: Annotated[bool, typer.Option(
        "--only-dictionaries", help="Code with the --dictionaries alone, replacing the built-in knowledge.")] = False,
    triage: TriageOption = True,
) -> None:
    """Read one article (or a JSONL file of articles) and print its events, quotes and dates."""
    from thucydides.ingest import BATCH
    from thucydides.pipeline import default_knowledge, extract_article, extract_articles

    try:
        knowledge = _dictionary_knowledge(dictionaries, only_dictionaries) if dictionaries else default_knowledge()
        if only_dictionaries and dictionaries is None:
            raise InputError("--only-dictionaries", "needs --dictionaries DIR")
        published = parse_date_arg(date) if date else None
        if is_jsonl(file):   # .jsonl or .jsonl.gz
            rejected, pending = 0, []

            def flush() -> None:
                """Code the pending records as one batch (faster parsing) and print them in order."""
                for result in extract_articles(pending, knowledge, triage=triage):
                    if isinstance(result, Exception):
                        raise result
                    _emit(result, format, lines=True)
                pending.clear()

            for record in read_jsonl(file):
                if record.error is not None:
                    flush()
                    rejected += 1
                    _say(f"thucydides: rejected: {record.error}")
                    continue
                article = record.article
                if published and article.date is None:
                    article.date = published
                pending.append(article)
                if len(pending) == BATCH:
                    flush()
            flush()
            if rejected:
                raise typer.Exit(2)
            return
        article = read_article(file, published=published)
    except InputError as error:
        _fail(str(error))
        return
    _emit(extract_article(article, knowledge, triage=triage), format, lines=False)


def _dictionary_knowledge(folder: Path, only: bool):
    """Knowledge with the dictionaries of ``folder``; InputError for a folder or file that is not one,
    and one warning line per dictionary file with skipped entries."""
    import warnings

    from thucydides.pipeline import knowledge_with_dictionaries

    if not folder.is_dir():
        raise InputError(str(folder), "not a folder of dictionaries")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            knowledge = knowledge_with_dictionaries(folder, only=only)
        except ValueError as error:
            raise InputError(str(folder), str(error)) from None
    for warning in caught:
        _say(f"thucydides: warning: {warning.message}")
    return knowledge


def _emit(result: Extraction, format: Format, lines: bool) -> None:
    if format is Format.json:
        text = result.model_dump_json(indent=None if lines else 2)
        sys.stdout.write(text + "\n")
        sys.stdout.flush()
        return
    _print_table(result)


def _actor_cell(actor) -> str:
    if actor is None:
        return "-"
    sponsor = f", backed by {actor.sponsor}" if actor.sponsor else ""
    return f"{actor.name} ({actor.code or '?'}{sponsor})"


def _print_table(result: Extraction) -> None:
    out = Console(highlight=False)
    art = result.article
    pub = art.published
    out.print(f"[bold]{art.title or art.id}[/bold]")
    by = ", ".join(art.authors) or "-"
    out.print(f"by {by} | source {art.source or '-'} | date {pub.date or '?'}{' (inferred)' if pub.inferred else ''}")
    table = Table(title="Events", expand=True, show_lines=True)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("who -> whom", ratio=3)
    table.add_column("what", ratio=3)
    table.add_column("when / where", ratio=2)
    table.add_column("evidence", ratio=4)
    for n, ev in enumerate(result.events, 1):
        what = f"{ev.cameo} {ev.cameo_label}\n[italic]{ev.modality}[/italic]"
        if ev.condition:
            what += f" ({ev.condition[:60]})"
        when = ev.date.value if ev.date else "-"
        if ev.location:
            when += f"\n{ev.location.name}"
        counts = ", ".join(f"{k} {v}" for k, v in ev.quantities.items())
        table.add_row(str(n), f"{_actor_cell(ev.source)}\n-> {_actor_cell(ev.target)}", what,
                      when + (f"\n{counts}" if counts else ""), ev.evidence[:200])
    out.print(table)
    quotes = Table(title="Quotes", expand=True)
    quotes.add_column("speaker", ratio=1)
    quotes.add_column("quote", ratio=3)
    for q in result.quotes:
        quotes.add_row(_actor_cell(q.speaker), q.text[:200])
    out.print(quotes)


eval_app = typer.Typer(no_args_is_help=True, help="Measure accuracy against human-coded gold data.")
app.add_typer(eval_app, name="eval")


@eval_app.command("plover")
def eval_plover(
    file: Annotated[Path, typer.Argument(help="PLOVER gold-standard records (JSON list or JSON Lines).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print machine-readable results.")] = False,
    date: Annotated[str, typer.Option(help="Date to code the sentences on (their actors' era).")] = "2000-01-01",
    crosswalk: Annotated[bool, typer.Option(
        "--crosswalk/--no-crosswalk",
        help="Read output types in the PLOVER version each record names (its 'version'); "
             "--no-crosswalk scores the 2021 types extract outputs.")] = True,
    triage: TriageOption = True,
) -> None:
    """Event detection, PLOVER type, source/target country and triple accuracy, per-type P/R/F1."""
    from thucydides.evaluation.plover import read_records, score_plover

    try:
        records = read_records(file)
        day = parse_date_arg(date)
    except (OSError, ValueError, InputError) as error:
        _fail(str(error))
        return
    result = score_plover(records, on=day, crosswalk=crosswalk, triage=triage).as_dict()
    if as_json:
        sys.stdout.write(json.dumps(result, indent=2) + "\n")
        return
    out = Console(highlight=False)
    head = Table(title=f"PLOVER: {file.name} ({result['sentences']} sentences, {result['events']} events)")
    for col in ("detection", "type", "source_country", "target_country", "triple", "precision"):
        head.add_column(col)
    head.add_row(*(f"{result[c]:.3f}" for c in ("detection", "type", "source_country", "target_country",
                                                 "triple", "precision")))
    out.print(head)
    per = Table(title="Per PLOVER type")
    for col in ("type", "gold", "precision", "recall", "F1"):
        per.add_column(col)
    for name, row in result["per_type"].items():
        per.add_row(name, str(row["gold"]), f"{row['precision']:.2f}", f"{row['recall']:.2f}", f"{row['f1']:.2f}")
    out.print(per)
    confusion = Table(title="Confusion (gold -> found; NONE = no event)")
    confusion.add_column("gold -> found")
    confusion.add_column("sentences")
    for pair, n in result["confusion"].items():
        confusion.add_row(pair, str(n))
    out.print(confusion)


@eval_app.command("petrarch")
def eval_petrarch(
    file: Annotated[Path, typer.Argument(help="PETRARCH validation records (XML, e.g. PETR.UnitTest.records.xml).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print machine-readable results.")] = False,
) -> None:
    """Code the records with the dictionaries their <Environment> names: share fully correct, event P/R."""
    import warnings

    from thucydides.evaluation.petrarch_records import read_records, score_records
    from thucydides.pipeline import knowledge_from_dictionaries

    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            files, records = read_records(file)
            missing = [str(p) for paths in files.values() for p in paths if not p.is_file()]
            if missing:
                raise ValueError(f"{file}: the <Environment> names missing dictionaries: {', '.join(missing)}")
            knowledge = knowledge_from_dictionaries(files, only=True)
    except ValueError as error:
        _fail(str(error))
        return
    for warning in caught:
        _say(f"thucydides: warning: {warning.message}")
    result = score_records(records, knowledge).as_dict()
    if as_json:
        sys.stdout.write(json.dumps(result, indent=2) + "\n")
        return
    out = Console(highlight=False)
    head = Table(title=f"PETRARCH records: {file.name} ({result['records']} scored, "
                       f"{len(result['not_applicable'])} not applicable)")
    for col in ("fully correct", "records right", "event precision", "event recall", "found", "expected"):
        head.add_column(col)
    head.add_row(f"{result['fully_correct']:.3f}", str(result["correct_records"]), f"{result['precision']:.3f}",
                 f"{result['recall']:.3f}", str(result["events_found"]), str(result["events_expected"]))
    out.print(head)
    per = Table(title="Per category (the records' category attribute)")
    for col in ("category", "records", "right", "fully correct", "still failing"):
        per.add_column(col)
    failing: dict[str, list[str]] = {}
    for failure in result["failures"]:
        failing.setdefault(failure["category"], []).append(failure["id"])
    for name, row in result["per_category"].items():
        per.add_row(name, str(row["records"]), str(row["correct"]), f"{row['fully_correct']:.3f}",
                    ", ".join(failing.get(name, [])))
    out.print(per)


@eval_app.command("timeml")
def eval_timeml(
    folder: Annotated[Path, typer.Argument(help="A folder of TimeML .tml files (or one file).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print machine-readable results.")] = False,
) -> None:
    """DATE expressions: span recall and precision, exact-value accuracy against the creation date."""
    from thucydides.evaluation.timeml import score_timeml

    paths = sorted(folder.glob("*.tml")) if folder.is_dir() else [folder]
    if not paths or not all(p.is_file() for p in paths):
        _fail(f"{folder}: no TimeML .tml files")
        return
    try:
        result = score_timeml(paths)
    except Exception as error:  # a malformed file: say which and why, in one line
        _fail(f"{folder}: cannot score ({type(error).__name__}: {error})")
        return
    result.pop("misses", None)
    _print_measures(result, as_json, f"TimeML DATE expressions: {result['documents']} documents")


@eval_app.command("clusters")
def eval_clusters(
    gold: Annotated[Path, typer.Argument(help="YAML list of events with the files that report them.")],
    db: Annotated[Optional[str], typer.Option("--db", help="The store the articles were ingested into.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print machine-readable results.")] = False,
) -> None:
    """Cross-article clustering: pairwise precision and recall of the stored clusters against gold."""
    from thucydides.evaluation.clusters import read_gold, score_clusters
    from thucydides.store import StoreError, connect

    try:
        events = read_gold(gold)
        store = connect(db, create=False)
    except (OSError, ValueError, StoreError) as error:
        _fail(str(error))
        return
    try:
        result = score_clusters(store, events)
    finally:
        store.close()
    _print_measures(result, as_json, f"Clustering against {gold.name}")


def _print_measures(result: dict, as_json: bool, title: str) -> None:
    """An evaluation's flat results: JSON, or a measure/value table (rates to three decimals)."""
    if as_json:
        sys.stdout.write(json.dumps(result, indent=2) + "\n")
        return
    table = Table(title=title)
    table.add_column("measure")
    table.add_column("value")
    for key, value in result.items():
        table.add_row(key, f"{value:.3f}" if isinstance(value, float) else str(value))
    Console(highlight=False).print(table)


# The store commands live in their own module; importing it registers them on `app`.
from thucydides import cli_store  # noqa: E402,F401
