"""Finding the articles of a corpus run: files, folders (recursively), JSONL and gzip'd JSONL.

Each input becomes an :class:`Item`: an article ready to code, or the reason it cannot be one.
Folders are walked in sorted order and each real folder is visited once, so symbolic-link
loops end and two links to one folder do not read it twice.
"""
from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from thucydides.article import Article, InputError, is_jsonl, read_article, read_jsonl

ARTICLE_SUFFIXES = (".txt", ".html", ".htm")
_DATE_IN_NAME = re.compile(r"(?<!\d)(\d{4})-?(\d{2})-?(\d{2})(?!\d)")
RAW_TEXT_LIMIT = 2_000_000  # characters of the raw input kept in the store


@dataclass
class Item:
    """One input of a corpus run: an article, or the one-line reason it was rejected."""

    input_key: str
    path: str
    article: Article | None = None
    raw_text: str | None = None
    error: str | None = None


def date_from_filename(path: Path) -> date | None:
    """A date written in a file name (``2024-12-03_story.txt``, ``20241203-story.html``), if any."""
    for match in _DATE_IN_NAME.finditer(path.name):
        try:
            return date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            continue
    return None


def _is_article(path: Path) -> bool:
    return path.suffix.lower() in ARTICLE_SUFFIXES


def walk(folder: Path) -> Iterator[Path]:
    """The article and JSONL files under ``folder``, sorted, each real folder once."""
    seen: set[tuple[int, int]] = set()
    for root, dirs, files in os.walk(folder, followlinks=True):
        try:
            st = os.stat(root)
        except OSError:
            dirs[:] = []
            continue
        if (st.st_dev, st.st_ino) in seen:
            dirs[:] = []
            continue
        seen.add((st.st_dev, st.st_ino))
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            path = Path(root) / name
            if not name.startswith(".") and (_is_article(path) or is_jsonl(path)):
                yield path


def _file_key(path: Path, article: Article | None) -> str:
    if article is not None and article.url:
        return article.url
    return "file:" + str(path.resolve())


def _record_key(path: Path, line: int, article: Article) -> str:
    if article.url:
        return article.url
    if article.id == f"line{line}":          # the record had no id of its own
        return f"file:{path.resolve()}#{line}"
    return "id:" + article.id


def _read_raw(path: Path) -> str | None:
    try:
        with path.open("rb") as handle:
            return handle.read(RAW_TEXT_LIMIT).decode("utf-8", errors="replace")
    except OSError:
        return None


def items(paths: Iterable[Path], *, dates_from_filenames: bool = False) -> Iterator[Item]:
    """Every input under ``paths``, in a stable order."""
    for top in paths:
        if top.is_dir():
            files: Iterable[Path] = walk(top)
        elif top.exists():
            files = [top]
        else:
            yield Item("file:" + str(top.absolute()), str(top), error=f"{top}: no such file or folder")
            continue
        for path in files:
            yield from _items_of_file(path, dates_from_filenames)


def _items_of_file(path: Path, dates_from_filenames: bool) -> Iterator[Item]:
    if is_jsonl(path):
        try:
            for record in read_jsonl(path):
                if record.article is not None:
                    yield Item(_record_key(path, record.line, record.article), f"{path}#{record.line}",
                               article=record.article, raw_text=record.article.body)
                else:
                    yield Item(f"file:{path.resolve()}#{record.line}", f"{path}#{record.line}",
                               error=str(record.error))
        except InputError as err:
            yield Item(_file_key(path, None), str(path), error=str(err))
        return
    published = date_from_filename(path) if dates_from_filenames else None
    try:
        article = read_article(path, published=published)
    except InputError as err:
        yield Item(_file_key(path, None), str(path), error=str(err))
        return
    yield Item(_file_key(path, article), str(path), article=article, raw_text=_read_raw(path))
