"""Connections to the two backends behind one small interface.

SQL in this package is written once with ``?`` placeholders; :meth:`Database.sql` turns them
into ``%s`` for PostgreSQL. Every value reaches the server as a bound parameter.
"""
from __future__ import annotations

import fcntl
import os
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from thucydides.store.schema import SCHEMA_VERSION, statements

DEFAULT_URL = "thucydides.db"


class StoreError(Exception):
    """The store cannot be opened or used; ``str()`` is one line naming the database."""


@dataclass
class Database:
    """An open store: a DB-API connection and what differs between backends."""

    url: str
    dialect: str                 # "sqlite" or "postgresql"
    conn: Any
    _lock_handle: Any = field(default=None, repr=False)

    def sql(self, query: str) -> str:
        if self.dialect == "postgresql":
            return query.replace("%", "%%").replace("?", "%s")
        return query

    def execute(self, query: str, params: Sequence[Any] = ()) -> Any:
        cur = self.conn.cursor()
        cur.execute(self.sql(query), tuple(params))
        return cur

    def executemany(self, query: str, rows: Sequence[Sequence[Any]]) -> None:
        if rows:
            self.conn.cursor().executemany(self.sql(query), [tuple(r) for r in rows])

    def query(self, query: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        """Rows as dicts keyed by column name."""
        cur = self.execute(query, params)
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row)) for row in cur.fetchall()]

    def scalar(self, query: str, params: Sequence[Any] = ()) -> Any:
        row = self.execute(query, params).fetchone()
        return None if row is None else row[0]

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Everything inside is committed together or not at all."""
        if self.dialect == "postgresql":
            with self.conn.transaction():
                yield
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.conn.rollback()
            raise
        self.conn.commit()

    def explain(self, query: str, params: Sequence[Any] = ()) -> str:
        """The backend's query plan for a query, as text."""
        if self.dialect == "sqlite":
            rows = self.execute("EXPLAIN QUERY PLAN " + query, params).fetchall()
            return "\n".join(str(r[-1]) for r in rows)
        rows = self.execute("EXPLAIN " + query, params).fetchall()
        return "\n".join(str(r[0]) for r in rows)

    def lock_for_writing(self) -> None:
        """Make this the only writer (ingest) on the store, or fail at once with a clear reason.

        SQLite would serialise two writers anyway, but two ingest runs interleaving their
        clustering passes is a waste at best; one run at a time is the simple guarantee.
        """
        if self.dialect == "sqlite":
            handle = open(self.url + ".lock", "w")
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                handle.close()
                raise StoreError(f"{self.url}: another ingest is writing to this store; "
                                 "wait for it to finish") from None
            self._lock_handle = handle
        else:
            got = self.scalar("SELECT pg_try_advisory_lock(?)", (_PG_LOCK_KEY,))
            if not got:
                raise StoreError(f"{_redact(self.url)}: another ingest is writing to this store; "
                                 "wait for it to finish")

    def close(self) -> None:
        self.conn.close()
        if self._lock_handle is not None:
            self._lock_handle.close()
            self._lock_handle = None

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


_PG_LOCK_KEY = 0x7468756379  # "thucy": the advisory lock that one ingest at a time holds


def _redact(url: str) -> str:
    """A PostgreSQL URL without its password, for messages."""
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        creds, host = rest.rsplit("@", 1)
        return f"{scheme}://{creds.split(':', 1)[0]}@{host}"
    return url


def connect(url: str | None = None, *, create: bool = True) -> Database:
    """Open (and create or migrate) the store at ``url``: a SQLite path or a ``postgresql://`` URL.

    ``THUCYDIDES_DB`` in the environment is used when no URL is given, then ``thucydides.db``.
    """
    url = url or os.environ.get("THUCYDIDES_DB") or DEFAULT_URL
    if url.startswith(("postgresql://", "postgres://")):
        db = _connect_postgresql(url)
    else:
        path = url.removeprefix("sqlite:///").removeprefix("sqlite://")
        if not create and not Path(path).exists():
            raise StoreError(f"{path}: no such store (run `thucydides ingest` first)")
        db = _connect_sqlite(path)
    migrate(db)
    return db


def _connect_sqlite(path: str) -> Database:
    parent = Path(path).resolve().parent
    if not parent.is_dir():
        raise StoreError(f"{path}: folder {parent} does not exist")
    try:
        # isolation_level=None: transactions are begun explicitly (BEGIN IMMEDIATE) so that a
        # writer takes its lock up front instead of failing half-way.
        conn = sqlite3.connect(path, isolation_level=None, timeout=30)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("PRAGMA synchronous=NORMAL")
    except sqlite3.DatabaseError as err:
        raise StoreError(f"{path}: not a Thucydides store ({err})") from None
    return Database(url=path, dialect="sqlite", conn=conn)


def _connect_postgresql(url: str) -> Database:
    try:
        import psycopg
    except ImportError:  # pragma: no cover - psycopg is a dependency
        raise StoreError("PostgreSQL needs psycopg: pip install 'psycopg[binary]'") from None
    try:
        # Autocommit outside explicit transactions, as with SQLite above: reads hold no snapshot.
        conn = psycopg.connect(url, autocommit=True, connect_timeout=10)
    except psycopg.OperationalError as err:
        reason = str(err).strip().splitlines()[0] if str(err).strip() else "connection failed"
        raise StoreError(f"{_redact(url)}: cannot connect ({reason})") from None
    return Database(url=url, dialect="postgresql", conn=conn)


def schema_version(db: Database) -> int:
    """The version the store's tables are at (0 for an empty database)."""
    if db.dialect == "sqlite":
        exists = db.scalar("SELECT count(*) FROM sqlite_master WHERE type='table' AND name='meta'")
    else:
        exists = db.scalar("SELECT count(*) FROM information_schema.tables WHERE table_name='meta' "
                           "AND table_schema = current_schema()")
    if not exists:
        return 0
    return schema_version_in_tx(db)


def migrate(db: Database) -> int:
    """Bring the tables up to :data:`SCHEMA_VERSION`, one step per transaction; return the version."""
    current = schema_version(db)
    if current > SCHEMA_VERSION:
        raise StoreError(f"{_redact(db.url)}: store schema version {current} is newer than this "
                         f"program's ({SCHEMA_VERSION}); upgrade thucydides")
    for version in range(current + 1, SCHEMA_VERSION + 1):
        with db.transaction():
            if version == 1:
                db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            # Two processes may open a fresh store at once; the loser re-reads the version.
            if schema_version_in_tx(db) >= version:
                continue
            for stmt in statements(version, db.dialect):
                db.execute(stmt)
            db.execute("INSERT INTO meta (key, value) VALUES ('schema_version', ?) "
                       "ON CONFLICT (key) DO UPDATE SET value = excluded.value", (str(version),))
    return SCHEMA_VERSION


def schema_version_in_tx(db: Database) -> int:
    value = db.scalar("SELECT value FROM meta WHERE key='schema_version'")
    return int(value or 0)
