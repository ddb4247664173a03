"""Resource limits for reading and coding untrusted input, in one place.

Every limit has a default sized for news (the longest real stories are some 100,000 characters)
and can be changed with an environment variable, so an operator can raise one for an odd corpus
without touching code. The values are read when a reader asks for them, so a test or a long-lived
process can change them without a restart.

=============================  =======================================  ===============
environment variable           what it bounds                           default
=============================  =======================================  ===============
THUCYDIDES_MAX_FILE_BYTES      size of one .txt/.html file              5,000,000
THUCYDIDES_MAX_BODY_CHARS      article body handed to the parser        200,000
THUCYDIDES_MAX_LINE_BYTES      one JSON Lines record (after gunzip)     5,000,000
THUCYDIDES_MAX_GUNZIP_BYTES    decompressed bytes of one .jsonl.gz      1,073,741,824
THUCYDIDES_MAX_SENTENCE_TOKENS tokens in one parsed sentence            200
=============================  =======================================  ===============
"""
from __future__ import annotations

import os
from dataclasses import dataclass, fields


@dataclass(frozen=True)
class Limits:
    """The limits in force. Build one with :func:`current` (defaults overridden by the environment)."""

    # A whole .txt or .html file is read into memory, so its size is checked before reading.
    max_file_bytes: int = 5_000_000
    # Coding time grows faster than the body (some stages compare each mention or number with the
    # whole document): 100,000 characters of real newswire take about 13 s to parse and code,
    # 190,000 about 40 s on one core (bench/long_text.py, docs/reliability.md). 200,000 characters
    # is some 33,000 words, twice the longest news features; longer input is rejected, not coded
    # for minutes.
    max_body_chars: int = 200_000
    # JSONL files are streamed; one record is held in memory at a time, so only a line is capped.
    max_line_bytes: int = 5_000_000
    # A gzip bomb decompresses without end; past this many bytes the rest of the file is rejected.
    max_gunzip_bytes: int = 1 << 30
    # Several coding stages look at the whole sentence for every event in it, so their cost grows
    # with the square of its length. Real sentences stay far below 200 tokens; a run of text with
    # no sentence end (a table, a list, a 2 MB line without punctuation) is cut into pieces.
    max_sentence_tokens: int = 200


ENV_PREFIX = "THUCYDIDES_"
_ENV_NAMES = {
    "max_file_bytes": "MAX_FILE_BYTES",
    "max_body_chars": "MAX_BODY_CHARS",
    "max_line_bytes": "MAX_LINE_BYTES",
    "max_gunzip_bytes": "MAX_GUNZIP_BYTES",
    "max_sentence_tokens": "MAX_SENTENCE_TOKENS",
}


def env_name(field_name: str) -> str:
    """The environment variable that sets ``field_name`` (``max_body_chars`` -> ``THUCYDIDES_MAX_BODY_CHARS``)."""
    return ENV_PREFIX + _ENV_NAMES[field_name]


def current() -> Limits:
    """The limits in force now: the defaults, each overridden by its environment variable if set.

    A variable that is not a positive whole number raises :class:`thucydides.article.InputError`
    naming it, so the command line reports it like any other bad input.
    """
    values: dict[str, int] = {}
    for f in fields(Limits):
        name = env_name(f.name)
        raw = os.environ.get(name)
        if raw is None or not raw.strip():
            continue
        try:
            value = int(raw.strip().replace("_", ""))
        except ValueError:
            value = 0
        if value <= 0:
            from thucydides.article import InputError  # here: article imports this module

            raise InputError(name, f"not a positive whole number: {raw!r}")
        values[f.name] = value
    return Limits(**values)
