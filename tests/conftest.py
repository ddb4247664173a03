"""Shared fixtures: event stores on both backends.

PostgreSQL tests use the server named by THUCYDIDES_TEST_PG_URL (`.ci/run` starts one with
`.ci/postgres.sh`); each test gets a schema of its own, dropped afterwards. Without the
variable they are skipped, unless THUCYDIDES_REQUIRE_PG=1 (as in CI), where that is an error.
"""
from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from urllib.parse import quote

import pytest

PG_URL = os.environ.get("THUCYDIDES_TEST_PG_URL")
REQUIRE_PG = os.environ.get("THUCYDIDES_REQUIRE_PG") == "1"


def _pg_schema_url() -> Iterator[str]:
    if not PG_URL:
        if REQUIRE_PG:
            pytest.fail("THUCYDIDES_REQUIRE_PG=1 but THUCYDIDES_TEST_PG_URL is not set")
        pytest.skip("no PostgreSQL server (set THUCYDIDES_TEST_PG_URL)")
    import psycopg

    schema = "t_" + uuid.uuid4().hex[:12]
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    sep = "&" if "?" in PG_URL else "?"
    try:
        yield f"{PG_URL}{sep}options={quote('-csearch_path=' + schema)}"
    finally:
        with psycopg.connect(PG_URL, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:
    """A fresh, empty store URL on each backend."""
    if request.param == "sqlite":
        yield str(tmp_path / "store.db")
    else:
        yield from _pg_schema_url()


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A fresh PostgreSQL schema URL (skipped without a server, see the module docstring)."""
    yield from _pg_schema_url()


SAMPLE_CORPUS = os.path.join(os.path.dirname(__file__), os.pardir, "samples", "corpus")


@pytest.fixture(scope="session")
def sample_store(tmp_path_factory) -> str:
    """The bundled sample corpus ingested once per test session into a SQLite store (its path)."""
    from pathlib import Path

    from thucydides.ingest import ingest

    url = str(tmp_path_factory.mktemp("sample") / "sample.db")
    ingest([Path(SAMPLE_CORPUS)], db_url=url, workers=2, dates_from_filenames=True)
    return url
