"""Commands over the event store: ``ingest``, ``events``, ``articles``, ``quotes``, ``clusters``,
``dyads``, ``rejected``, ``export``, ``monitor`` and ``serve``. Registered on the main app by :mod:`thucydides.cli`."""
from __future__ import annotations

import csv
import json
import sys
from enum import Enum
from pathlib import Path
from collections.abc import Callable
from typing import Annotated, Any, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from thucydides.cli import TriageOption, _fail, app
from thucydides.store.backend import Database, StoreError, connect
from thucydides.store.queries import EventFilter, QueryError

DbOption = Annotated[Optional[str], typer.Option(
    "--db", help="SQLite file or postgresql:// URL (default: $THUCYDIDES_DB, else ./thucydides.db).")]
LimitOption = Annotated[int, typer.Option(help="Rows per page.")]
PageOption = Annotated[int, typer.Option(help="Page number, from 1.")]
SinceOption = Annotated[Optional[str], typer.Option(help="First day, YYYY-MM-DD.")]
UntilOption = Annotated[Optional[str], typer.Option(help="Last day, YYYY-MM-DD.")]


class ListFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


FormatOption = Annotated[ListFormat, typer.Option("--format", "-f")]


class IngestEngine(str, Enum):
    local = "local"
    ray = "ray"


class ExportFormat(str, Enum):
    csv = "csv"
    parquet = "parquet"
    gdelt = "gdelt"


def _open(db: str | None, *, create: bool = False) -> Database:
    try:
        return connect(db, create=create)
    except StoreError as err:
        _fail(str(err))
        raise  # unreachable: _fail exits


def _run(db: str | None, query: Callable[[Database], Any]) -> Any:
    """Open the store, run one query on it, close it; a bad filter value ends the command."""
    store = _open(db)
    try:
        return query(store)
    except QueryError as error:
        _fail(str(error))
    finally:
        store.close()


def _offset(limit: int, page: int) -> int:
    return (max(page, 1) - 1) * limit


def _emit_rows(rows: list[dict[str, Any]], format: ListFormat, title: str, columns: list[str]) -> None:
    if format is ListFormat.json:
        sys.stdout.write(json.dumps(rows, indent=1, default=str) + "\n")
        return
    if format is ListFormat.csv:
        writer = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]) if rows else columns,
                                lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        return
    table = Table(title=title, expand=True)
    for col in columns:
        table.add_column(col, overflow="fold")
    for row in rows:
        table.add_row(*("" if row.get(c) is None else str(row.get(c)) for c in columns))
    Console(highlight=False).print(table)


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files and folders: .txt, .html, .jsonl, .jsonl.gz.")],
    db: DbOption = None,
    workers: Annotated[Optional[int], typer.Option(
        help="Worker processes (default: one per core; with --engine ray, one per CPU of the cluster).")] = None,
    date_from_filename: Annotated[bool, typer.Option(
        "--date-from-filename", help="Take each file's date from a YYYY-MM-DD in its name.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    engine: Annotated[Optional[IngestEngine], typer.Option(
        help="local: processes on this machine (the default); ray: Ray actors (needs the ray extra).")] = None,
    address: Annotated[Optional[str], typer.Option(
        help="Ray cluster to run on, e.g. ray://HOST:10001 (default: $RAY_ADDRESS, else a local Ray "
             "instance). Implies --engine ray.")] = None,
    triage: TriageOption = True,
) -> None:
    """Code every new or changed article under PATHS into the store (idempotent, resumable)."""
    from thucydides.ingest import ingest as run_ingest
    from thucydides.ray_engine import EngineError, require_ray

    if engine is None:
        engine = IngestEngine.ray if address else IngestEngine.local
    if address and engine is not IngestEngine.ray:
        _fail("--address: only with --engine ray")
    if engine is IngestEngine.ray:
        try:
            require_ray()   # before the progress bar, so the one error line stands alone
        except EngineError as error:
            _fail(str(error))

    if workers is not None and workers < 1:
        _fail(f"--workers: must be at least 1, got {workers}")
    err = Console(stderr=True, highlight=False)
    progress = Progress(TextColumn("[bold]ingest"), BarColumn(bar_width=None),
                        TextColumn("{task.completed} articles"), TextColumn("{task.fields[rate]:.1f}/s"),
                        TextColumn("{task.fields[events]} events"), TextColumn("{task.fields[rejected]} rejected"),
                        TimeElapsedColumn(), console=err, disable=quiet, transient=False)
    task = progress.add_task("ingest", total=None, rate=0.0, events=0, rejected=0)
    totals = {"events": 0, "rejected": 0}

    def on_item(outcome: str, item: Any, n_events: int) -> None:
        totals["events"] += n_events
        totals["rejected"] += outcome == "rejected"
        progress.advance(task)
        elapsed = progress.tasks[0].elapsed or 1e-9
        progress.update(task, rate=progress.tasks[0].completed / elapsed, **totals)

    try:
        with progress:
            summary = run_ingest(paths, db_url=db, workers=workers, dates_from_filenames=date_from_filename,
                                 progress=on_item, engine=engine.value, address=address,
                                 triage=triage)
    except (StoreError, EngineError) as error:
        _fail(str(error))
        return
    table = Table(title="Ingest summary")
    for col in ("inputs", "stored", "replaced", "unchanged", "duplicates", "rejected", "events", "seconds",
                "articles/s"):
        table.add_column(col, justify="right")
    rate = summary.coded / summary.seconds if summary.seconds else 0.0
    table.add_row(str(summary.seen), str(summary.stored), str(summary.replaced), str(summary.unchanged),
                  str(summary.duplicate), str(summary.rejected), str(summary.events), f"{summary.seconds:.1f}",
                  f"{rate:.2f}")
    Console(stderr=True, highlight=False).print(table)
    for path, reason in summary.rejections[:20]:
        sys.stderr.write(f"thucydides: rejected: {reason}\n")
    if len(summary.rejections) > 20:
        sys.stderr.write(f"thucydides: ... and {len(summary.rejections) - 20} more (see `thucydides rejected`)\n")


@app.command()
def events(
    db: DbOption = None,
    dyad: Annotated[Optional[str], typer.Option(help="SOURCE-TARGET, countries or actor codes: USA-IRQ.")] = None,
    undirected: Annotated[bool, typer.Option("--undirected", help="The dyad in either direction.")] = False,
    actor: Annotated[Optional[str], typer.Option(help="Actor code prefix on either side: IRQ, IRQGOV.")] = None,
    cameo: Annotated[Optional[str], typer.Option(help="CAMEO code prefix: 13, 190.")] = None,
    quad: Annotated[Optional[int], typer.Option(help="Quad class 1-4.")] = None,
    since: SinceOption = None,
    until: UntilOption = None,
    modality: Annotated[Optional[str], typer.Option(help="asserted, threatened, conditional, ...")] = None,
    cluster: Annotated[Optional[str], typer.Option(help="Only the reports of one cluster.")] = None,
    format: FormatOption = ListFormat.table,
    limit: LimitOption = 50,
    page: PageOption = 1,
) -> None:
    """List stored events, newest first, filtered and paginated."""
    from thucydides.store.queries import count_events
    from thucydides.store.queries import events as query_events

    f = EventFilter(dyad=dyad, undirected=undirected, actor=actor, cameo=cameo, quad=quad, since=since,
                    until=until, modality=modality, cluster=cluster)
    rows, total = _run(db, lambda store: (query_events(store, f, limit=limit, offset=_offset(limit, page)),
                                          count_events(store, f)))
    if format is ListFormat.table:
        for row in rows:
            target = row["target_code"] or row["target_name"] or "-"
            row["who"] = f"{row['source_code'] or row['source_name']} -> {target}"
            row["what"] = f"{row['cameo']} {row['cameo_label']}"
            row["evidence"] = row["evidence"][:120]
        first = _offset(limit, page)
        _emit_rows(rows, format, f"Events {first + 1}-{first + len(rows)} of {total}",
                   ["day", "who", "what", "modality", "goldstein", "location_name", "evidence"])
    else:
        _emit_rows(rows, format, "", [])


@app.command()
def articles(
    db: DbOption = None,
    since: Annotated[Optional[str], typer.Option(help="Published on or after, YYYY-MM-DD.")] = None,
    until: Annotated[Optional[str], typer.Option(help="Published on or before, YYYY-MM-DD.")] = None,
    format: FormatOption = ListFormat.table,
    limit: LimitOption = 50,
    page: PageOption = 1,
) -> None:
    """List stored articles, newest first."""
    from thucydides.store.queries import articles as query_articles

    rows = _run(db, lambda store: query_articles(store, since=since, until=until, limit=limit,
                                                 offset=_offset(limit, page)))
    _emit_rows(rows, format, "Articles", ["published", "id", "title", "source", "event_count"])


@app.command()
def quotes(
    db: DbOption = None,
    speaker: Annotated[Optional[str], typer.Option(help="Part of the speaker's name (any case).")] = None,
    format: FormatOption = ListFormat.table,
    limit: LimitOption = 50,
    page: PageOption = 1,
) -> None:
    """List stored quotes, optionally by speaker."""
    from thucydides.store.queries import quotes as query_quotes

    rows = _run(db, lambda store: query_quotes(store, speaker=speaker, limit=limit, offset=_offset(limit, page)))
    _emit_rows(rows, format, "Quotes", ["published", "speaker_name", "speaker_code", "text"])


@app.command()
def clusters(
    db: DbOption = None,
    min_reports: Annotated[int, typer.Option(help="Only clusters reported by at least this many articles.")] = 2,
    since: SinceOption = None,
    until: UntilOption = None,
    format: FormatOption = ListFormat.table,
    limit: LimitOption = 50,
    page: PageOption = 1,
) -> None:
    """List event clusters (one real event reported by several articles), most reported first."""
    from thucydides.store.queries import clusters as query_clusters

    rows = _run(db, lambda store: query_clusters(store, min_reports=min_reports, since=since, until=until,
                                                 limit=limit, offset=_offset(limit, page)))
    _emit_rows(rows, format, "Event clusters", ["first_day", "source_code", "target_code", "cameo", "modality",
                                                 "place", "report_count", "source_count", "id"])


@app.command()
def dyads(
    db: DbOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    format: FormatOption = ListFormat.table,
    limit: LimitOption = 20,
) -> None:
    """Per directed country dyad: events by quad class, asserted events, mean Goldstein score."""
    from thucydides.store.queries import dyad_summary

    rows = _run(db, lambda store: dyad_summary(store, EventFilter(since=since, until=until), limit=limit))
    for row in rows:
        row["dyad"] = f"{row['source_country']}-{row['target_country']}"
    _emit_rows(rows, format, "Dyads (1 verbal coop, 2 material coop, 3 verbal conflict, 4 material conflict)",
               ["dyad", "events", "q1", "q2", "q3", "q4", "asserted", "mean_goldstein", "first_day", "last_day"])


@app.command()
def rejected(db: DbOption = None, format: FormatOption = ListFormat.table,
             limit: LimitOption = 50, page: PageOption = 1) -> None:
    """List the inputs a corpus run could not code, with the reason."""
    from thucydides.store.queries import rejected as query_rejected

    rows = _run(db, lambda store: query_rejected(store, limit=limit, offset=_offset(limit, page)))
    _emit_rows(rows, format, "Rejected inputs", ["path", "reason", "seen_at"])


@app.command()
def export(
    format: Annotated[ExportFormat, typer.Option("--format", "-f", help="csv, parquet or gdelt.")],
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="File to write (default: stdout; "
                                                   "required for parquet).")] = None,
    db: DbOption = None,
    header: Annotated[bool, typer.Option(help="gdelt: write a header line (GDELT's own files have none).")] = False,
) -> None:
    """Export events (csv, parquet) or event clusters as a GDELT 2.0 event table (gdelt)."""
    from thucydides.store import export as ex

    if format is ExportFormat.parquet and output is None:
        _fail("--output: a file is needed for parquet")
    store = _open(db)
    try:
        if format is ExportFormat.parquet:
            n = ex.write_parquet(store, output)  # type: ignore[arg-type]
        else:
            handle = output.open("w", encoding="utf-8", newline="") if output else sys.stdout
            try:
                n = ex.write_csv(store, handle) if format is ExportFormat.csv else ex.write_gdelt(
                    store, handle, header=header)
            finally:
                if output:
                    handle.close()
    except OSError as error:
        _fail(f"{output}: cannot write ({error.strerror})")
        return
    finally:
        store.close()
    sys.stderr.write(f"thucydides: exported {n} rows\n")


@app.command()
def monitor(
    db: DbOption = None,
    dyad: Annotated[Optional[str], typer.Option(help="SOURCE-TARGET, countries or actor codes: USA-IRQ.")] = None,
    undirected: Annotated[bool, typer.Option("--undirected", help="The dyad in either direction.")] = False,
    actor: Annotated[Optional[str], typer.Option(help="Actor code prefix on either side: IRQ, IRQGOV.")] = None,
    freq: Annotated[str, typer.Option(help="Period: day or week (ISO weeks, from Monday).")] = "day",
    since: Annotated[Optional[str], typer.Option(help="First day, YYYY-MM-DD (default: the store's first).")] = None,
    until: Annotated[Optional[str], typer.Option(help="Last day, YYYY-MM-DD (default: the store's last).")] = None,
    window: Annotated[Optional[int], typer.Option(help="Baseline periods (default 14 days or 8 weeks).")] = None,
    z: Annotated[float, typer.Option("--z", help="Alert when intensity > baseline mean + Z * std.")] = 3.0,
    min_std: Annotated[float, typer.Option(help="Floor of the baseline std, in Goldstein points.")] = 2.0,
    cusum_k: Annotated[float, typer.Option(help="CUSUM allowance, in baseline stds.")] = 0.5,
    cusum_h: Annotated[float, typer.Option(help="CUSUM decision threshold, in baseline stds.")] = 4.0,
    png: Annotated[Optional[Path], typer.Option(help="Also write the chart to this PNG file.")] = None,
    format: Annotated[str, typer.Option("--format", "-f", help="table (chart and summary) or json.")] = "table",
) -> None:
    """Daily or weekly conflict-cooperation series of a dyad or actor, with escalation alerts."""
    from thucydides import monitor as mon

    if format not in ("table", "json"):
        _fail(f"--format: table or json, got {format!r}")
    config = mon.AlertConfig(window=window, z=z, min_std=min_std, cusum_k=cusum_k, cusum_h=cusum_h)
    filters: dict[str, Any] = {"dyad": dyad, "actor": actor, "undirected": undirected, "freq": freq,
                               "since": since, "until": until}
    series, alerts = _run(db, lambda store: (mon.series(store, **filters),
                                             mon.alerts(store, **filters, config=config)))
    if png is not None:
        try:
            mon.write_png(series, alerts, png)
        except OSError as error:
            _fail(f"{png}: cannot write ({error.strerror or error})")
        sys.stderr.write(f"thucydides: chart written to {png}\n")
    if format == "json":
        payload = {"series": series.as_dict(), "alerts": [a.as_dict() for a in alerts],
                   "config": config.resolved(freq).as_dict()}
        sys.stdout.write(json.dumps(payload, indent=1, default=str) + "\n")
        return
    console = Console(highlight=False)
    for part in mon.render(series, alerts, width=console.width):
        console.print(part)


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option(help="Address to listen on (loopback by default: the API has no login "
                                           "for reads).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    allow_writes: Annotated[bool, typer.Option("--allow-writes", help="Enable POST /ingest (needs --token).")] = False,
    token: Annotated[Optional[str], typer.Option(envvar="THUCYDIDES_API_TOKEN", show_default=False,
                                                 help="Bearer token for write endpoints, 16+ characters "
                                                      "(better given as $THUCYDIDES_API_TOKEN).")] = None,
    max_body: Annotated[int, typer.Option(help="Largest request body, bytes.")] = 1_000_000,
    extract_timeout: Annotated[float, typer.Option(help="Seconds one POST /extract may take, waiting "
                                                         "for the coder included (then 504).")] = 60.0,
    rate_limit: Annotated[int, typer.Option(help="Requests a minute per client address (0: no limit).")] = 600,
    coding_queue: Annotated[int, typer.Option(help="POST /extract (and /ingest) requests that may wait for the coder, "
                                                   "beyond the one being coded; more get 503 (bounds memory).")] = 64,
    cors_origin: Annotated[Optional[list[str]], typer.Option(
        help="Allow cross-site requests from this origin (repeatable; none: CORS off).")] = None,
) -> None:
    """Serve the HTTP API (docs at /docs) and the web dashboard (at /) over the store."""
    import uvicorn

    from thucydides.api import Settings, create_app

    if not 0 < port < 65536:
        _fail(f"--port: between 1 and 65535, got {port}")
    settings = Settings(allow_writes=allow_writes, token=token, max_body=max_body, extract_timeout=extract_timeout,
                        rate_limit=rate_limit, coding_queue=coding_queue, cors_origins=tuple(cors_origin or ()))
    try:
        application = create_app(db, settings)
    except (ValueError, StoreError) as error:
        _fail(str(error))
        return
    if host not in ("127.0.0.1", "localhost", "::1"):
        sys.stderr.write(f"thucydides: warning: listening on {host}: anyone who can reach it can read the store\n")
    sys.stderr.write(f"thucydides: dashboard at http://{'localhost' if host == '127.0.0.1' else host}:{port}/ , "
                     f"API docs at /docs{' (writes enabled)' if allow_writes else ''}\n")
    uvicorn.run(application, host=host, port=port, log_level="warning", server_header=False)
