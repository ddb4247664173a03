"""Fuzz target: the article readers on arbitrary file contents.

The first byte picks the reader (plain text, HTML, JSON Lines, JSON Lines gzip-compressed by the
target, or the raw bytes as a .jsonl.gz); the rest is the file. The only allowed failure is an
:class:`InputError`; every article read must have consistent paragraphs.
"""
from __future__ import annotations

import gzip
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import main

_FOLDER = Path(tempfile.mkdtemp(prefix="thucydides-fuzz-"))
KINDS = ("article.txt", "page.html", "batch.jsonl", "batch.jsonl.gz", "raw.jsonl.gz")


def one_input(data: bytes) -> None:
    """Read ``data[1:]`` with the reader ``data[0]`` picks; fail only on a broken property."""
    from properties import check_article, check_input_error

    from thucydides.article import InputError, read_article, read_jsonl

    if not data:
        return
    kind = KINDS[data[0] % len(KINDS)]
    content = data[1:]
    path = _FOLDER / kind
    path.write_bytes(gzip.compress(content, mtime=0) if kind == "batch.jsonl.gz" else content)
    try:
        if kind.startswith(("batch", "raw")):
            lines = []
            for record in read_jsonl(path):
                assert (record.article is None) != (record.error is None)
                if record.error is not None:
                    check_input_error(record.error)
                    assert f" line {record.line}" in record.error.name
                else:
                    check_article(record.article)
                lines.append(record.line)
            assert lines == sorted(set(lines)), lines
        else:
            check_article(read_article(path))
    except InputError as error:
        check_input_error(error)


def _target():
    import properties  # noqa: F401 - imported inside the instrumentation

    import thucydides.article  # noqa: F401
    return one_input


if __name__ == "__main__":
    main(_target)
