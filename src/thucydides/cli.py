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

from thucydides.article import InputError, parse_date_arg, read_article, read_jsonl
from thucydides.models import Extraction

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Political event data from news articles: who did what to whom, when, where.")


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
    file: Annotated[Path, typer.Argument(help="An article: .txt, .html or .jsonl (one article per line).")],
    date: Annotated[Optional[str], typer.Option(help="The article date, YYYY-MM-DD (inferred when omitted).")] = None,
    format: Annotated[Format, typer.Option("--format", "-f", help="json (the output contract) or table.")] = Format.json,
    dictionaries: Annotated[Optional[Path], typer.Option(
        help="A folder of PETRARCH/Phoenix .actors/.agents dictionaries to add to the built-in actors.")] = None,
) -> None:
    """Read one article (or a JSONL file of articles) and print its events, quotes and dates."""
    from thucydides.pipeline import default_knowledge, extract_article, knowledge_with_dictionaries

    try:
        if dictionaries is not None and not dictionaries.is_dir():
            raise InputError(str(dictionaries), "not a folder of dictionaries")
        knowledge = knowledge_with_dictionaries(dictionaries) if dictionaries else default_knowledge()
        published = parse_date_arg(date) if date else None
        if file.suffix.lower() == ".jsonl":
            rejected = 0
            for record in read_jsonl(file):
                if record.error is not None:
                    rejected += 1
                    _say(f"thucydides: rejected: {record.error}")
                    continue
                article = record.article
                if published and article.date is None:
                    article.date = published
                _emit(extract_article(article, knowledge), format, lines=True)
            if rejected:
                raise typer.Exit(2)
            return
        article = read_article(file, published=published)
    except InputError as error:
        _fail(str(error))
        return
    _emit(extract_article(article, knowledge), format, lines=False)


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
    code = actor.code or "?"
    sponsor = f" (backed by {actor.sponsor})" if actor.sponsor else ""
    return f"{actor.name} [{code}]{sponsor}"


def _print_table(result: Extraction) -> None:
    out = Console(highlight=False)
    art = result.article
    pub = art.published
    out.print(f"[bold]{art.title or art.id}[/bold]")
    by = ", ".join(art.authors) or "-"
    out.print(f"by {by} | source {art.source or '-'} | date {pub.date or '?'}{' (inferred)' if pub.inferred else ''}")
    table = Table(title="Events", show_lines=False, expand=True)
    for col in ("#", "date", "source", "CAMEO", "target", "modality", "where", "evidence"):
        table.add_column(col, overflow="fold")
    for n, ev in enumerate(result.events, 1):
        where = ev.location.name if ev.location else "-"
        modality = ev.modality + (f" ({ev.condition[:40]})" if ev.condition else "")
        table.add_row(str(n), ev.date.value if ev.date else "-", _actor_cell(ev.source),
                      f"{ev.cameo} {ev.cameo_label}", _actor_cell(ev.target), modality, where, ev.evidence[:160])
    out.print(table)
    quotes = Table(title="Quotes", expand=True)
    quotes.add_column("speaker")
    quotes.add_column("quote", overflow="fold")
    for q in result.quotes:
        quotes.add_row(_actor_cell(q.speaker), q.text[:200])
    out.print(quotes)


if __name__ == "__main__":  # pragma: no cover
    app()
