"""Shared plumbing of the fuzz targets: the input conventions and the atheris entry point.

Each target module defines ``one_input(data: bytes) -> None``, which raises only when a property
fails (a crash). Run one under atheris for a while with::

    .venv/bin/python tests/fuzz/fuzz_reader.py -max_total_time=60 tests/fuzz/corpus/reader

A crash leaves ``crash-<hash>`` behind; copy it to ``tests/fixtures/crashers/<target>/`` with a
name saying what it found, fix the cause, and ``tests/fuzz/test_fuzz_targets.py`` replays it for
good. Inputs are plain text where possible, so a crasher can be read and written by hand.
"""
from __future__ import annotations

import re
import sys
from collections.abc import Callable
from datetime import date

_DATE_LINE = re.compile(rb"(\d{4}-\d{2}-\d{2})(?:[ \t]+(past|future))?[ \t]*\r?\n")


def split_date_line(data: bytes) -> tuple[date | None, str | None, bytes]:
    """An optional first line ``YYYY-MM-DD [past|future]``: (the date, the tense, the rest)."""
    match = _DATE_LINE.match(data)
    if match is None:
        return None, None, data
    try:
        day = date.fromisoformat(match[1].decode())
    except ValueError:
        return None, None, data
    tense = match[2].decode() if match[2] else None
    return day, tense, data[match.end():]


def as_text(data: bytes) -> str:
    """Bytes as text the way a caller of the library might pass it: undecodable bytes replaced."""
    return data.decode("utf-8", errors="replace")


def main(import_target: Callable[[], Callable[[bytes], None]]) -> None:
    """Run a target under atheris, instrumenting the project's modules for coverage."""
    import atheris

    with atheris.instrument_imports(include=["thucydides"]):
        one_input = import_target()
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()
