"""The HTTP API and the dashboard it serves: ``create_app(db_url, settings)``.

Read-only by default. Every read opens its own connection (SQLite connections cannot be shared
between the server's threads), and that connection is set read-only on the database side as well,
so no request can change stored data whatever it sends. The one write endpoint, ``POST /ingest``,
exists only with ``allow_writes`` and answers only to the bearer token.

Coding text (``POST /extract``, ``POST /ingest``) runs in a small thread pool of its own, with one
spaCy model per server process, a queue bound and a timeout, so a long article cannot tie up the
threads that serve reads.
"""
from __future__ import annotations

import asyncio
import hmac
import importlib.util
import json
import logging
import re
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, TypeVar

from fastapi import Depends, FastAPI, Header, HTTPException, Path as PathParam, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from thucydides.api import aggregates
from thucydides.api.guards import BodyLimit, RateLimit, SecurityHeaders, reject_unknown_parameters
from thucydides.store import queries as q
from thucydides.store.backend import Database, StoreError, connect
from thucydides.store.queries import EventFilter, QueryError

STATIC = Path(__file__).parent / "static"
log = logging.getLogger("thucydides.api")
_OPTION = re.compile(r"(?<![\w-])--(?=[a-z])")   # the "--" of an option name in a store message
MAX_LIMIT = 1000          # rows per page; the CLI allows more, but a browser never needs it
T = TypeVar("T")


@dataclass(frozen=True)
class Settings:
    """How a server behaves; every field is a ``thucydides serve`` option."""

    allow_writes: bool = False            # POST /ingest enabled (needs ``token``)
    token: str | None = None              # bearer token for write endpoints
    max_body: int = 1_000_000             # bytes in one request body
    extract_timeout: float = 60.0         # seconds one /extract may take before a 504
    rate_limit: int = 600                 # requests a minute per client address; 0 = no limit
    cors_origins: tuple[str, ...] = ()    # origins allowed cross-site; none = CORS off
    coding_queue: int = 64                # /extract and /ingest requests that may wait for the coder
                                          # (beyond it: 503); 64 waiting bodies of at most max_body
                                          # bound the memory a burst can take
    preload_model: bool = False           # load spaCy at start-up, not on the first /extract (a
                                          # read-only dashboard then never pays its memory)

    def check(self) -> None:
        """Refuse settings that would be unsafe or meaningless, naming the option."""
        if self.allow_writes and not self.token:
            raise ValueError("--token: required with --allow-writes (or set THUCYDIDES_API_TOKEN)")
        if self.token is not None and len(self.token) < 16:
            raise ValueError("--token: at least 16 characters")
        if self.max_body < 1024:
            raise ValueError(f"--max-body: at least 1024 bytes, got {self.max_body}")
        if not self.extract_timeout > 0:
            raise ValueError(f"--extract-timeout: must be positive, got {self.extract_timeout}")
        if self.rate_limit < 0:
            raise ValueError(f"--rate-limit: must not be negative, got {self.rate_limit}")
        if not 0 <= self.coding_queue <= 100_000:
            raise ValueError(f"--coding-queue: between 0 and 100000, got {self.coding_queue}")


# ------------------------------------------------------------------ the store, per request

class ReadStore:
    """Opens the store for one request at a time, read-only on the database side."""

    def __init__(self, url: str) -> None:
        self.url = url

    @contextmanager
    def read(self) -> Iterator[Database]:
        db = self._open()
        try:
            if db.dialect == "sqlite":
                db.execute("PRAGMA query_only = ON")
            else:
                db.execute("SET default_transaction_read_only = on")
            yield db
        finally:
            db.close()

    @contextmanager
    def write(self) -> Iterator[Database]:
        db = self._open()
        try:
            yield db
        finally:
            db.close()

    def _open(self) -> Database:
        try:
            return connect(self.url, create=False)
        except StoreError as err:
            raise HTTPException(503, f"store unavailable: {err}") from None


# ------------------------------------------------------------------ coding text

class Coder:
    """One thread that codes text with the process's spaCy model, behind a bounded waiting line.

    Up to ``1 + queue`` texts are held at once (one being coded, the rest waiting their turn, in
    arrival order); a request beyond that gets a 503 with Retry-After at once, so memory is bounded
    by the queue times the body limit whatever the load. A request waits for its turn rather than
    being refused while there is room, which is what lets a burst of clients all be served.
    ``timeout`` covers the wait and the coding together: a request past it gets its 504, and its
    text is dropped if it is still waiting; a text already being coded cannot be interrupted, runs
    to its end and keeps its place in the count meanwhile, so a stream of huge texts meets a 503,
    not a growing backlog.
    """

    def __init__(self, timeout: float, queue: int) -> None:
        self.timeout = timeout
        self.capacity = 1 + queue
        self.in_flight = 0
        self._count_lock = threading.Lock()   # released from the coder thread, taken on the event loop
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="thucydides-coder")

    def preload(self) -> None:
        self.pool.submit(_load_model)

    def _release(self, _: Any) -> None:
        with self._count_lock:
            self.in_flight -= 1

    async def run(self, what: str, fn: Callable[..., T], *args: Any) -> T:
        with self._count_lock:
            if self.in_flight >= self.capacity:
                raise HTTPException(503, f"{what}: the coder is busy ({self.in_flight} texts coding or waiting, "
                                         f"the limit set by --coding-queue); retry later",
                                    headers={"Retry-After": "5"})
            self.in_flight += 1
        try:
            job = self.pool.submit(fn, *args)
        except RuntimeError:            # the pool is shut down: the server is stopping
            self._release(None)
            raise HTTPException(503, f"{what}: the server is shutting down", headers={"Retry-After": "5"}) from None
        # The done callback runs when the text is coded, fails, or is cancelled while waiting.
        job.add_done_callback(self._release)
        waiter = asyncio.wrap_future(job)
        waiter.add_done_callback(_retrieve)
        try:
            return await asyncio.wait_for(asyncio.shield(waiter), self.timeout)
        except TimeoutError:            # asyncio.wait_for raises the builtin since Python 3.11
            job.cancel()                # dropped if still waiting; no effect once coding has begun
            raise HTTPException(504, f"{what}: coding took longer than {self.timeout:g} s "
                                     "(--extract-timeout, waiting included); send a shorter text "
                                     "or retry later") from None

    def close(self) -> None:
        self.pool.shutdown(wait=False, cancel_futures=True)


def _retrieve(future: asyncio.Future[Any]) -> None:
    """Read a finished job's error, so that one whose client already had its 504 is not logged
    as an exception nobody retrieved."""
    if not future.cancelled():
        future.exception()


def _load_model() -> None:
    from thucydides.pipeline import warm_up
    warm_up()


class ExtractRequest(BaseModel):
    """A text to code. ``date`` (YYYY-MM-DD) is the article date; without it it is inferred."""

    model_config = ConfigDict(extra="forbid")
    text: str = Field(min_length=1, description="The article: plain text, optionally in the scraped layout "
                                                "(headline, byline, paragraphs separated by blank lines).")
    date: str | None = Field(default=None, description="The article date, YYYY-MM-DD.")
    title: str | None = Field(default=None, max_length=1000)
    triage: bool = Field(default=True, description="Parse only the sentences that may hold an event "
                                                   "(false: parse every sentence).")


class IngestRequest(ExtractRequest):
    """An article to code and store. ``id`` (or ``url``) identifies it: the same id again replaces it."""

    id: str = Field(min_length=1, max_length=500)
    url: str | None = Field(default=None, max_length=2000)


def _article_from(req: ExtractRequest, article_id: str, url: str | None = None) -> Any:
    """The request's text as an Article, validated as a file would be; InputError on bad input."""
    from thucydides.article import check_english, decode, parse_date_arg, parse_text

    published = parse_date_arg(req.date, "date") if req.date else None
    text = decode(req.text.encode("utf-8"), "text")
    article = parse_text(text, article_id, title=req.title, url=url, published=published, name="text")
    check_english(article.body, "text")
    return article


def _extract(req: ExtractRequest) -> dict[str, Any]:
    from thucydides.pipeline import extract_article
    return extract_article(_article_from(req, "text"), triage=req.triage).model_dump(mode="json")


# ------------------------------------------------------------------ request parameters

def event_filter(
    dyad: Annotated[str | None, Query(max_length=100, description="SOURCE-TARGET: countries (USA-IRQ) or "
                                                                  "actor-code prefixes (USAGOV-IRQREB).")] = None,
    undirected: Annotated[bool, Query(description="The dyad in either direction.")] = False,
    actor: Annotated[str | None, Query(max_length=50, description="Actor-code prefix on either side: IRQ, "
                                                                  "IRQGOV.")] = None,
    cameo: Annotated[str | None, Query(max_length=10, description="CAMEO code prefix: 13, 190.")] = None,
    quad: Annotated[int | None, Query(description="Quad class: 1 verbal cooperation, 2 material cooperation, "
                                                  "3 verbal conflict, 4 material conflict.")] = None,
    since: Annotated[str | None, Query(max_length=10, description="First day, YYYY-MM-DD.")] = None,
    until: Annotated[str | None, Query(max_length=10, description="Last day, YYYY-MM-DD.")] = None,
    modality: Annotated[str | None, Query(max_length=20, description="asserted, threatened, conditional, "
                                                                     "hypothetical, negated, intended.")] = None,
    cluster: Annotated[str | None, Query(max_length=100, description="Only the reports of one cluster.")] = None,
    article: Annotated[str | None, Query(max_length=100, description="Only the events of one article.")] = None,
) -> EventFilter:
    """The filters of ``thucydides events``, checked before any SQL is built."""
    f = EventFilter(dyad=dyad, undirected=undirected, actor=actor, cameo=cameo, quad=quad, since=since,
                    until=until, modality=modality, cluster=cluster, article=article)
    q.event_where(f)   # raises QueryError (400) on a bad value
    return f


@dataclass(frozen=True)
class Page:
    limit: int
    offset: int


def paging(
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Rows per page.")] = 50,
    offset: Annotated[int | None, Query(ge=0, description="Rows to skip (or use page).")] = None,
    page: Annotated[int | None, Query(ge=1, description="Page number, from 1 (or use offset).")] = None,
) -> Page:
    """``limit`` with either ``offset`` or ``page``."""
    if offset is not None and page is not None:
        raise HTTPException(400, "offset, page: give one or the other, not both")
    return Page(limit, offset if offset is not None else ((page or 1) - 1) * limit)


def _listing(rows: list[dict[str, Any]], page: Page, total: int | None = None) -> dict[str, Any]:
    """A page of rows; ``rows`` was fetched with one row more than the page to learn if more follow."""
    out: dict[str, Any] = {"items": rows[: page.limit], "limit": page.limit, "offset": page.offset,
                           "has_more": len(rows) > page.limit}
    if total is not None:
        out["total"] = total
    return out


def _event_row(row: dict[str, Any]) -> dict[str, Any]:
    if isinstance(row.get("quantities"), str):
        row["quantities"] = json.loads(row["quantities"])
    return row


# Endpoint signatures are read by FastAPI from this module's globals (annotations are strings here).
Filter = Annotated[EventFilter, Depends(event_filter)]
Paging = Annotated[Page, Depends(paging)]
Since = Annotated[str | None, Query(max_length=10, description="First day, YYYY-MM-DD.")]
Until = Annotated[str | None, Query(max_length=10, description="Last day, YYYY-MM-DD.")]
Id = Annotated[str, PathParam(max_length=200)]


def monitor_args(
    dyad: Annotated[str | None, Query(max_length=100, description="SOURCE-TARGET, e.g. USA-IRQ.")] = None,
    actor: Annotated[str | None, Query(max_length=50, description="Actor-code prefix on either side.")] = None,
    undirected: Annotated[bool, Query(description="The dyad in either direction.")] = False,
    since: Annotated[str | None, Query(max_length=10, description="First day, YYYY-MM-DD.")] = None,
    until: Annotated[str | None, Query(max_length=10, description="Last day, YYYY-MM-DD.")] = None,
    freq: Annotated[str, Query(max_length=5, description="day or week.")] = "day",
) -> dict[str, Any]:
    """The filters of /series and /alerts (the monitor checks them and names the bad one)."""
    return {"dyad": dyad, "actor": actor, "undirected": undirected, "since": since, "until": until, "freq": freq}


def alert_config(
    window: Annotated[int | None, Query(description="Baseline periods (default 14 days or 8 weeks).")] = None,
    z: Annotated[float, Query(description="z-score threshold.")] = 3.0,
    min_std: Annotated[float, Query(description="Floor of the baseline standard deviation.")] = 2.0,
    cusum_k: Annotated[float, Query(description="CUSUM allowance.")] = 0.5,
    cusum_h: Annotated[float, Query(description="CUSUM decision threshold.")] = 4.0,
    min_baseline: Annotated[int | None, Query(description="Baseline periods needed before alerting.")] = None,
    max_events: Annotated[int, Query(description="Driving events listed per alert.")] = 10,
) -> Any:
    """The monitor's alert thresholds as query parameters (the monitor checks their ranges)."""
    return _monitor().AlertConfig(window=window, z=z, min_std=min_std, cusum_k=cusum_k, cusum_h=cusum_h,
                       min_baseline=min_baseline, max_events=max_events)


MonitorArgs = Annotated[dict[str, Any], Depends(monitor_args)]
AlertSettings = Annotated[Any, Depends(alert_config)]


# ------------------------------------------------------------------ the application

def create_app(db_url: str | None = None, settings: Settings | None = None) -> FastAPI:
    """The API and dashboard over the store at ``db_url`` (``$THUCYDIDES_DB``, else ./thucydides.db).

    The store must exist (StoreError otherwise); it is migrated here, once, if it is older than
    this program, and never written by a request unless ``settings.allow_writes``.
    """
    settings = settings or Settings()
    settings.check()
    first = connect(db_url, create=False)   # fail now, with the store's own message, not per request
    url = first.url
    first.close()
    store = ReadStore(url)
    coder = Coder(settings.extract_timeout, settings.coding_queue)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> Any:
        if settings.preload_model:
            coder.preload()
        yield
        coder.close()

    app = FastAPI(
        title="Thucydides",
        version=_version(),
        summary="Political event data from news articles: the event store, its monitor, and a coder.",
        description="Read-only over the event store unless the server was started with `--allow-writes`. "
                    "Lists are paginated with `limit` and `offset` (or `page`); unknown query parameters "
                    "are refused with 400. Errors are `{\"error\": \"...\"}`.",
        docs_url=None, redoc_url=None, lifespan=lifespan,
        dependencies=[Depends(reject_unknown_parameters)],
    )
    app.state.settings = settings
    app.state.store = store

    _error_handlers(app)
    _routes(app, store, coder, settings)
    _docs(app)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    # Outermost first: the rate limit and the body limit act before anything reads the request.
    if settings.cors_origins:
        from fastapi.middleware.cors import CORSMiddleware
        app.add_middleware(CORSMiddleware, allow_origins=list(settings.cors_origins),
                           allow_methods=["GET", "POST"], allow_headers=["Authorization", "Content-Type"])
    app.add_middleware(SecurityHeaders)
    app.add_middleware(BodyLimit, max_bytes=settings.max_body)
    app.add_middleware(RateLimit, per_minute=settings.rate_limit)
    return app


def _version() -> str:
    try:
        from importlib.metadata import version
        return version("thucydides")
    except Exception:  # pragma: no cover - running from a source tree without metadata
        return "0"


def _error_handlers(app: FastAPI) -> None:
    @app.exception_handler(QueryError)
    async def query_error(_: Request, err: QueryError) -> JSONResponse:
        # The store's messages name CLI options ("--since: ..."); here they are query parameters.
        return JSONResponse({"error": _OPTION.sub("", str(err))}, status_code=400)

    @app.exception_handler(RequestValidationError)
    async def validation_error(_: Request, err: RequestValidationError) -> JSONResponse:
        problems = []
        for e in err.errors():
            where = ".".join(str(p) for p in e.get("loc", ()) if p not in ("query", "body", "path"))
            got = f" (got {_shorten(repr(e['input']))})" if e.get("type") != "missing" and "input" in e and \
                not isinstance(e.get("input"), dict) else ""
            problems.append(f"{where or 'body'}: {e.get('msg', 'invalid')}{got}")
        return JSONResponse({"error": "; ".join(problems)}, status_code=422)

    @app.exception_handler(Exception)
    async def unexpected(_: Request, err: Exception) -> JSONResponse:
        # The traceback goes to the server's log, never to the client.
        log.exception("unexpected error", exc_info=err)
        return JSONResponse({"error": "internal error (the server log has the details)"}, status_code=500)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, err: StarletteHTTPException) -> JSONResponse:
        return JSONResponse({"error": str(err.detail)}, status_code=err.status_code,
                            headers=getattr(err, "headers", None))


def _shorten(text: str, most: int = 120) -> str:
    """A value quoted in an error message, cut short: a refused 1 MB text is not echoed back whole."""
    return text if len(text) <= most else f"{text[:most]}... ({len(text):,} characters)"


def _docs(app: FastAPI) -> None:
    """Swagger UI from the installed swagger-ui-py package: no CDN, the machines are offline."""
    spec = importlib.util.find_spec("swagger_ui")
    assets = Path(spec.origin).parent / "static" if spec and spec.origin else None
    if assets is not None and (assets / "swagger-ui-bundle.js").is_file():
        app.mount("/docs-assets", StaticFiles(directory=assets), name="docs-assets")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        if assets is None or not (assets / "swagger-ui-bundle.js").is_file():
            return HTMLResponse("<p>Swagger UI is not installed (pip install swagger-ui-py); the API "
                                "description is at <a href='/openapi.json'>/openapi.json</a>.</p>")
        return get_swagger_ui_html(openapi_url="/openapi.json", title="Thucydides API",
                                   swagger_js_url="/docs-assets/swagger-ui-bundle.js",
                                   swagger_css_url="/docs-assets/swagger-ui.css",
                                   swagger_favicon_url="/docs-assets/favicon-32x32.png")


def _routes(app: FastAPI, store: ReadStore, coder: Coder, settings: Settings) -> None:
    @app.get("/", include_in_schema=False)
    def dashboard() -> FileResponse:
        return FileResponse(STATIC / "index.html", headers={"Cache-Control": "no-cache"})

    @app.get("/health", tags=["store"], summary="Liveness and store access")
    def health() -> dict[str, Any]:
        with store.read() as db:
            db.scalar("SELECT 1")
            return {"status": "ok", "backend": db.dialect, "writes": settings.allow_writes}

    @app.get("/stats", tags=["store"], summary="Row counts and the span of event days")
    def stats() -> dict[str, Any]:
        with store.read() as db:
            return aggregates.overview(db)

    @app.get("/articles", tags=["articles"], summary="Stored articles, newest first (metadata only)")
    def list_articles(page: Paging, since: Since = None, until: Until = None) -> dict[str, Any]:
        with store.read() as db:
            rows = q.articles(db, since=since, until=until, limit=page.limit + 1, offset=page.offset)
        return _listing(rows, page)

    @app.get("/articles/{article_id}", tags=["articles"],
             summary="One article: body, stored events (with offsets into the body), quotes, full extraction")
    def get_article(article_id: Id) -> dict[str, Any]:
        with store.read() as db:
            row = q.article(db, article_id)
            if row is None:
                raise HTTPException(404, f"article {article_id!r}: not in the store")
            events = [_event_row(e) for e in db.query(
                "SELECT * FROM events WHERE article_id = ? ORDER BY char_start, id", (row["id"],))]
            quotes = db.query("SELECT char_start, char_end, text, direct, speaker_name, speaker_code "
                              "FROM quotes WHERE article_id = ? ORDER BY char_start", (row["id"],))
        row.pop("raw_text", None)
        extraction = json.loads(row.pop("extraction"))
        row["authors"] = json.loads(row["authors"]) if row.get("authors") else []
        return {"article": row, "events": events, "quotes": quotes, "extraction": extraction}

    @app.get("/events", tags=["events"], summary="Events, newest day first, with the filters of `thucydides events`")
    def list_events(f: Filter, page: Paging) -> dict[str, Any]:
        with store.read() as db:
            rows = q.events(db, f, limit=page.limit + 1, offset=page.offset)
            total = q.count_events(db, f)
        return _listing(rows, page, total)

    @app.get("/events/{event_id}", tags=["events"], summary="One event with every stored field")
    def get_event(event_id: Id) -> dict[str, Any]:
        with store.read() as db:
            rows = db.query("SELECT e.*, a.title AS article_title, a.source AS article_source, "
                            "a.url AS article_url FROM events e JOIN articles a ON a.id = e.article_id "
                            "WHERE e.id = ?", (event_id,))
        if not rows:
            raise HTTPException(404, f"event {event_id!r}: not in the store")
        return _event_row(rows[0])

    @app.get("/clusters", tags=["events"], summary="Event clusters (one event in several reports), most reported first")
    def list_clusters(page: Paging, since: Since = None, until: Until = None,
                      min_reports: Annotated[int, Query(ge=1, le=10_000)] = 1) -> dict[str, Any]:
        with store.read() as db:
            rows = q.clusters(db, min_reports=min_reports, since=since, until=until, limit=page.limit + 1,
                              offset=page.offset)
        return _listing(rows, page)

    @app.get("/clusters/{cluster_id}", tags=["events"], summary="One cluster with its reports (events)")
    def get_cluster(cluster_id: Id) -> dict[str, Any]:
        with store.read() as db:
            rows = db.query("SELECT * FROM clusters WHERE id = ?", (cluster_id,))
            if not rows:
                raise HTTPException(404, f"cluster {cluster_id!r}: not in the store")
            events = q.events(db, EventFilter(cluster=cluster_id), limit=q.MAX_PAGE)
        return {"cluster": rows[0], "events": events}

    @app.get("/dyads", tags=["monitor"], summary="Directed country dyads: events by quad class, mean Goldstein")
    def dyads(f: Filter, limit: Annotated[int, Query(ge=1, le=500)] = 20) -> list[dict[str, Any]]:
        with store.read() as db:
            rows = q.dyad_summary(db, f, limit=limit)
        for row in rows:
            row["dyad"] = f"{row['source_country']}-{row['target_country']}"
        return rows

    @app.get("/actors", tags=["monitor"], summary="The most active actor codes, as source or target")
    def actors(f: Filter, limit: Annotated[int, Query(ge=1, le=500)] = 50) -> list[dict[str, Any]]:
        with store.read() as db:
            return aggregates.actors(db, f, limit)

    @app.get("/timeline", tags=["monitor"], summary="Events per day, week or month, by quad class")
    def timeline(f: Filter, freq: Annotated[str, Query(max_length=5)] = "day") -> list[dict[str, Any]]:
        with store.read() as db:
            return aggregates.timeline(db, f, freq)

    @app.get("/network", tags=["monitor"], summary="Who acts on whom: the heaviest edges, weighted by intensity")
    def network(f: Filter, level: Annotated[str, Query(max_length=10)] = "country",
                limit: Annotated[int, Query(ge=1, le=300)] = 40) -> dict[str, Any]:
        with store.read() as db:
            return aggregates.network(db, f, level, limit)

    @app.get("/places", tags=["monitor"], summary="Located events grouped by place, busiest first")
    def places(f: Filter, limit: Annotated[int, Query(ge=1, le=2000)] = 300) -> list[dict[str, Any]]:
        with store.read() as db:
            return aggregates.places(db, f, limit)

    @app.get("/quotes", tags=["articles"], summary="Quotes with their speakers, newest first")
    def list_quotes(page: Paging, speaker: Annotated[str | None, Query(max_length=100)] = None) -> dict[str, Any]:
        with store.read() as db:
            rows = q.quotes(db, speaker=speaker, limit=page.limit + 1, offset=page.offset)
        return _listing(rows, page)

    _monitor_routes(app, store)

    @app.post("/extract", tags=["coding"], summary="Code a text: the output contract of `thucydides extract`")
    async def extract(req: ExtractRequest) -> dict[str, Any]:
        return await coder.run("extract", _guarded(_extract), req)

    @app.post("/ingest", tags=["coding"], status_code=201,
              summary="Code an article and store it (only with --allow-writes and the bearer token)")
    async def ingest(req: IngestRequest,
                     authorization: Annotated[str | None, Header(max_length=1000)] = None) -> dict[str, Any]:
        if not settings.allow_writes:
            raise HTTPException(403, "writes are disabled (start the server with --allow-writes and a --token)")
        scheme, _, given = (authorization or "").partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(given.encode(), (settings.token or "").encode()):
            raise HTTPException(401, "Authorization: a valid bearer token is required to write",
                                headers={"WWW-Authenticate": "Bearer"})
        return await coder.run("ingest", _guarded(lambda r: _ingest_one(store, r)), req)


def _guarded(fn: Callable[[Any], T]) -> Callable[[Any], T]:
    """Bad input found while coding becomes a 422 naming the field, as for any other bad value."""
    def run(arg: Any) -> T:
        from thucydides.article import InputError
        try:
            return fn(arg)
        except InputError as err:
            raise HTTPException(422, str(err)) from None
    return run


def _ingest_one(store: ReadStore, req: IngestRequest) -> dict[str, Any]:
    """Code and store one article as ``thucydides ingest`` would, then rebuild its clusters."""
    from thucydides.pipeline import extract_article
    from thucydides.store.clustering import recluster
    from thucydides.store.writer import identity, save_article

    key = req.url or f"api:{req.id}"
    article = _article_from(req, req.id, req.url)
    result = extract_article(article, triage=req.triage)
    with store.write() as db:
        try:
            db.lock_for_writing()
        except StoreError as err:
            raise HTTPException(409, str(err)) from None
        ident = identity(key, article.title, article.body, article.date.isoformat() if article.date else None)
        outcome = save_article(db, ident, result, path=None, raw_text=req.text)
        recluster(db)
    return {"outcome": outcome, "article_id": ident.article_id, "events": len(result.events)}


def _monitor_routes(app: FastAPI, store: ReadStore) -> None:
    """/series and /alerts, over :mod:`thucydides.monitor`."""

    @app.get("/series", tags=["monitor"],
             summary="A dyad's or actor's daily or weekly series: counts, conflict-cooperation index, intensity")
    def series(args: MonitorArgs) -> Any:
        monitor = _monitor()
        with store.read() as db:
            return _plain(monitor.series(db, **args))

    @app.get("/alerts", tags=["monitor"], summary="Escalation alerts of a dyad or actor, oldest first")
    def alerts(args: MonitorArgs, config: AlertSettings) -> Any:
        monitor = _monitor()
        with store.read() as db:
            return _plain(monitor.alerts(db, config=config, **args))

    @app.get("/alerts/top", tags=["monitor"],
             summary="Escalation alerts of the most active directed country dyads, newest first")
    def top_alerts(config: AlertSettings, since: Since = None, until: Until = None,
                   freq: Annotated[str, Query(max_length=5, description="day or week.")] = "day",
                   dyads: Annotated[int, Query(ge=1, le=50, description="How many dyads to watch.")] = 10,
                   limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Alerts returned.")] = 200,
                   ) -> list[dict[str, Any]]:
        monitor = _monitor()
        out: list[dict[str, Any]] = []
        with store.read() as db:
            watched = q.dyad_summary(db, EventFilter(since=since, until=until), limit=dyads)
            for row in watched:
                dyad = f"{row['source_country']}-{row['target_country']}"
                for alert in monitor.alerts(db, dyad=dyad, since=since, until=until, freq=freq, config=config):
                    out.append({"dyad": dyad, **_plain(alert)})
        out.sort(key=lambda a: (a["period"], a["score"]), reverse=True)
        return out[:limit]


def _monitor() -> Any:
    try:
        from thucydides import monitor
    except ImportError:
        raise HTTPException(501, "the monitor (thucydides.monitor) is not installed in this build") from None
    return monitor


def _plain(value: Any) -> Any:
    """Monitor results (objects with ``as_dict``, dataclasses, lists of them) as JSON-ready data."""
    if hasattr(value, "as_dict"):
        return _plain(value.as_dict())
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, float) and value != value:   # NaN is not JSON
        return None
    return value
