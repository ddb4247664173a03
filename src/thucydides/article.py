"""Reading articles: plain text (with or without a headline/byline layout), HTML and JSON Lines.

The reader turns raw input into an :class:`Article`: one title, authors and source split apart, a
subtitle, body paragraphs with stable character offsets, and the boilerplate it removed. Bad input
raises :class:`InputError` whose message is one line naming the input and the reason.
"""
from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path

import yaml

MAX_BYTES = 5_000_000
PARAGRAPH_SEP = "\n\n"


class InputError(Exception):
    """An input that cannot be read as an article. ``str()`` is one line: ``NAME: reason``."""

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(f"{name}: {reason}")
        self.name = name
        self.reason = reason


@dataclass
class Article:
    """One news story, split into its parts. ``body`` is the paragraphs joined by blank lines."""

    id: str
    paragraphs: list[str]
    title: str | None = None
    subtitle: str | None = None
    authors: list[str] = field(default_factory=list)
    source: str | None = None
    url: str | None = None
    date: date | None = None
    date_text: str | None = None
    dateline: str | None = None          # the place of a wire dateline ("BAGHDAD (Reuters) -")
    boilerplate: list[str] = field(default_factory=list)
    language: str = "en"

    @property
    def body(self) -> str:
        return PARAGRAPH_SEP.join(self.paragraphs)

    def paragraph_spans(self) -> list[tuple[int, int]]:
        """Character (start, end) of each paragraph inside :attr:`body`."""
        spans, pos = [], 0
        for para in self.paragraphs:
            spans.append((pos, pos + len(para)))
            pos += len(para) + len(PARAGRAPH_SEP)
        return spans


@dataclass(frozen=True)
class ArticleCues:
    byline: list[re.Pattern[str]]
    dateline: list[re.Pattern[str]]
    opening_dateline: re.Pattern[str]
    organisations: frozenset[str]
    organisation_words: frozenset[str]
    staff_words: frozenset[str]
    min_article_words: int
    boilerplate: list[re.Pattern[str]]
    call_to_action: tuple[str, ...]
    call_to_action_max_words: int
    function_words: frozenset[str]
    min_english_share: float


@cache
def cues() -> ArticleCues:
    """The article-layout cues from ``data/article_cues.yaml``."""
    raw = yaml.safe_load(resources.files("thucydides.data").joinpath("article_cues.yaml").read_text("utf-8"))

    def compile_all(key: str) -> list[re.Pattern[str]]:
        return [re.compile(p, re.IGNORECASE) for p in raw[key]]

    return ArticleCues(
        byline=compile_all("byline"),
        dateline=compile_all("dateline"),
        opening_dateline=re.compile(raw["opening_dateline"]),
        organisations=frozenset(o.lower() for o in raw["news_organisations"]),
        organisation_words=frozenset(raw["organisation_words"]),
        staff_words=frozenset(raw["staff_words"]),
        min_article_words=int(raw["min_article_words"]),
        boilerplate=compile_all("boilerplate"),
        call_to_action=tuple(raw["call_to_action"]),
        call_to_action_max_words=int(raw["call_to_action_max_words"]),
        function_words=frozenset(raw["english_function_words"]),
        min_english_share=float(raw["min_english_share"]),
    )


# ---------------------------------------------------------------- decoding and validation

def decode(data: bytes, name: str) -> str:
    """Decode bytes as UTF-8 text, rejecting empty, binary and oversized input."""
    if len(data) > MAX_BYTES:
        raise InputError(name, f"too large ({len(data):,} bytes; the limit is {MAX_BYTES:,})")
    if not data.strip():
        raise InputError(name, "empty input (no text)")
    if b"\x00" in data[:8192]:
        raise InputError(name, "binary data (NUL bytes), not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InputError(name, f"not UTF-8 text (invalid byte at offset {err.start})") from None
    controls = sum(1 for ch in text[:20000] if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t\f")
    if controls > max(5, len(text[:20000]) // 100):
        raise InputError(name, "binary data (control characters), not text")
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))


def check_english(text: str, name: str) -> None:
    """Reject text that is not English prose, by the share of common English function words."""
    letters = [ch for ch in text[:20000] if ch.isalpha()]
    if not letters:
        raise InputError(name, "no words (not prose)")
    latin = sum(ch.isascii() for ch in letters) / len(letters)
    if latin < 0.6:
        raise InputError(name, f"not English (only {latin:.0%} of its letters are Latin script)")
    words = re.findall(r"[^\W\d_]+", text.lower())
    if len(words) < 8:
        return  # too short to judge; a one-line headline is allowed through
    share = sum(w in cues().function_words for w in words) / len(words)
    if share < cues().min_english_share:
        raise InputError(name, f"not English (only {share:.0%} common English words)")


# ---------------------------------------------------------------- layout

def _norm(line: str) -> str:
    return re.sub(r"\s+", " ", line).strip().casefold()


def _ends_sentence(line: str) -> bool:
    return bool(re.search(r"[.!?…:;\"'”’)\]]\s*$", line))


def _split_lines(text: str) -> list[str]:
    """Paragraph candidates: one per line, re-joining hard-wrapped prose lines."""
    out: list[str] = []
    prev_blank = True
    for raw in text.split("\n"):
        line = raw.strip()
        if not line:
            prev_blank = True
            continue
        if out and not prev_blank and _continues(out[-1], line):
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
        prev_blank = False
    return out


def _continues(prev: str, line: str) -> bool:
    """Whether ``line`` continues the hard-wrapped sentence of ``prev`` rather than starting a new part."""
    if _ends_sentence(prev) or _norm(prev) == _norm(line):
        return False
    if line[:1].islower():
        return True
    header = any(p.match(line) for p in (*cues().byline, *cues().dateline)) or _is_boilerplate(line)
    # A long unfinished line is wrapped prose; a short one is a headline or label.
    return len(prev) >= 50 and not header


def _looks_like_headline(line: str) -> bool:
    words = line.split()
    return 0 < len(words) <= 30 and not re.search(r"[.]\s*$", line)


def _is_organisation(part: str) -> bool:
    low = part.strip().lower()
    if low in cues().organisations:
        return True
    return any(w in cues().organisation_words for w in re.findall(r"[a-z]+", low))


def split_byline(rest: str) -> tuple[list[str], str | None]:
    """Split 'Maria Lopez, Reuters' / 'John Doe and Jane Roe (AP)' into (authors, source)."""
    rest = re.sub(r"\s+", " ", rest).strip()
    paren = re.search(r"\(([^)]+)\)\s*$", rest)
    source = None
    if paren and _is_organisation(paren.group(1)):
        source = paren.group(1).strip()
        rest = rest[: paren.start()].strip()
    parts = [p.strip(" .") for p in re.split(r",|;|\band\b|&|/|\|", rest) if p.strip(" .")]
    # A newsroom role ("Staff reporter") names nobody; a named outlet beats a lone capitalised word.
    roles = [set(re.findall(r"[a-z]+", p.lower())) <= cues().staff_words for p in parts]
    staff_first = bool(roles) and roles[0]
    parts = [p for p, role in zip(parts, roles) if not role]
    named = [p for p in parts if _is_organisation(p)]
    if staff_first and not named:   # "Staff reporter, Gulf Ledger": a role, then the outlet
        named = parts[-1:]
    authors: list[str] = []
    for part in parts:
        if part in named or (not named and len(part.split()) == 1 and part[:1].isupper() and len(parts) > 1):
            source = source or part
        else:
            authors.append(part)
    return authors, source


def _is_boilerplate(line: str) -> bool:
    if any(p.search(line) for p in cues().boilerplate):
        return True
    low = line.lower()
    short = len(line.split()) <= cues().call_to_action_max_words
    return short and any(re.search(rf"\b{re.escape(c)}\b", low) for c in cues().call_to_action)


def parse_text(text: str, article_id: str, *, title: str | None = None, url: str | None = None,
               published: date | None = None) -> Article:
    """Parse plain text in the common scraped layout (headline, byline, subtitle, paragraphs).

    Text without such structure becomes an article whose paragraphs are its lines.
    """
    lines = _split_lines(text)
    authors: list[str] = []
    source = None
    date_text = None
    subtitle = None
    header_done = False
    idx = 0
    first = cues().opening_dateline.match(lines[0]) if lines else None
    standalone_dateline = first is not None and first.end() == len(lines[0])
    if title is None and len(lines) > 1 and _looks_like_headline(lines[0]) and not standalone_dateline:
        title = lines[0]
        idx = 1
    # Header block: repeated headline, byline, date line, subtitle - in any order, before the prose.
    while idx < len(lines) and not header_done:
        line = lines[idx]
        if title and _norm(line) == _norm(title):
            idx += 1
            continue
        byline = next((m for p in cues().byline if (m := p.match(line))), None)
        if byline and len(line.split()) <= 15:
            more_authors, src = split_byline(byline.group("rest"))
            authors += more_authors
            source = source or src
            idx += 1
            continue
        dateline = next((m for p in cues().dateline if (m := p.match(line))), None)
        if dateline and len(line.split()) <= 12:
            date_text = dateline.group("rest")
            idx += 1
            continue
        if (title and subtitle is None and not _ends_sentence(line) and 6 <= len(line.split()) <= 60
                and idx + 1 < len(lines)):
            subtitle = line
            idx += 1
            continue
        header_done = True
    body_lines = lines[idx:]
    boilerplate: list[str] = []
    while body_lines and _is_boilerplate(body_lines[-1]):
        boilerplate.insert(0, body_lines.pop())
    dateline_place = None
    opening = cues().opening_dateline.match(body_lines[0]) if body_lines else None
    if opening and (opening.group("date") or opening.group("agency")):
        dateline_place = opening.group("place").strip()
        if opening.group("agency") and _is_organisation(opening.group("agency")):
            source = source or opening.group("agency").strip()
        if opening.group("date"):
            date_text = date_text or opening.group("date")
        boilerplate.insert(0, body_lines[0][: opening.end()].strip())
        body_lines[0] = body_lines[0][opening.end():]
        if not body_lines[0].strip():   # the dateline stood on a line of its own
            body_lines.pop(0)
    if not body_lines:
        raise_name = article_id
        raise InputError(raise_name, "no article text after removing headline and boilerplate")
    return Article(id=article_id, paragraphs=body_lines, title=title, subtitle=subtitle, authors=authors,
                   source=source, url=url, date=published, date_text=date_text, boilerplate=boilerplate,
                   dateline=dateline_place)


def content_id(text: str) -> str:
    """A stable id from the content, for inputs that carry none."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


# ---------------------------------------------------------------- readers

def read_text_file(path: Path, *, published: date | None = None) -> Article:
    """Read a .txt article file."""
    text = decode(_read_bytes(path), str(path))
    article = parse_text(text, path.stem, published=published)
    check_english(article.body, str(path))
    return article


def read_html_file(path: Path, *, published: date | None = None) -> Article:
    """Read a saved HTML page, extracting the story with trafilatura."""
    import trafilatura  # imported here: slow to import, needed only for HTML

    html = decode(_read_bytes(path), str(path))
    extracted = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    if extracted is None:
        raise InputError(str(path), "HTML without an article (no main text found)")
    data = extracted if isinstance(extracted, dict) else extracted.as_dict()
    body = (data.get("text") or "").strip()
    if not body:
        raise InputError(str(path), "HTML without an article (no main text found)")
    words = len(body.split())
    if words < cues().min_article_words:
        # Menus, cookie walls and error pages leave a few words of furniture behind.
        raise InputError(str(path), f"HTML without an article (only {words} words of text)")
    article = parse_text(body, path.stem, title=data.get("title"), url=data.get("url"), published=published)
    if data.get("author"):
        article.authors = [a.strip() for a in re.split(r";|,| and ", data["author"]) if a.strip()]
    article.source = article.source or data.get("sitename")
    if published is None and data.get("date"):
        article.date_text = str(data["date"])   # the page's own metadata, shown as the date's evidence
    check_english(article.body, str(path))
    return article


@dataclass
class Record:
    """One JSONL line: an article or the reason it was rejected."""

    line: int
    article: Article | None = None
    error: InputError | None = None


def read_jsonl(path: Path) -> Iterator[Record]:
    """Stream a JSON Lines file of articles (``id``, ``title``, ``text``, optional ``date``, ``url``).

    Each line yields a :class:`Record`; a bad line carries an :class:`InputError` naming the line.
    """
    name = str(path)
    _check_path(path)
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            where = f"{name} line {number}"
            try:
                yield Record(number, article=_record_article(raw, where, number))
            except InputError as err:
                yield Record(number, error=err)


def _record_article(raw: bytes, where: str, number: int) -> Article:
    text = decode(raw, where)
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as err:
        raise InputError(where, f"not valid JSON ({err.msg})") from None
    if not isinstance(obj, dict):
        raise InputError(where, "not a JSON object")
    body = obj.get("text")
    if not isinstance(body, str) or not body.strip():
        raise InputError(where, "no 'text' field with article text")
    published = None
    if obj.get("date"):
        published = parse_date_arg(str(obj["date"])[:10], where)
    rid = str(obj.get("id") or f"line{number}")
    title = obj.get("title") if isinstance(obj.get("title"), str) else None
    article = parse_text(body, rid, title=title, url=obj.get("url"), published=published)
    check_english(article.body, where)
    return article


def parse_date_arg(value: str, name: str = "--date") -> date:
    """Parse a YYYY-MM-DD date given by the user."""
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InputError(name, f"not a date in YYYY-MM-DD form: {value!r}") from None


def _check_path(path: Path) -> None:
    if path.is_dir():
        raise InputError(str(path), "is a directory, not an article file")
    if not path.exists():
        raise InputError(str(path), "no such file")


def _read_bytes(path: Path) -> bytes:
    _check_path(path)
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise InputError(str(path), f"too large ({size:,} bytes; the limit is {MAX_BYTES:,})")
    try:
        return path.read_bytes()
    except OSError as err:
        raise InputError(str(path), f"cannot be read ({err.strerror})") from None


def read_article(path: Path, *, published: date | None = None) -> Article:
    """Read one article file, choosing the reader by extension (.html/.htm, otherwise text)."""
    if path.suffix.lower() in {".html", ".htm"}:
        return read_html_file(path, published=published)
    return read_text_file(path, published=published)
