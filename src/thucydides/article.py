"""Reading articles: plain text (with or without a headline/byline layout), HTML and JSON Lines.

The reader turns raw input into an :class:`Article`: one title, authors and source split apart, a
subtitle, body paragraphs with stable character offsets, and the boilerplate it removed. Bad input
raises :class:`InputError` whose message is one line naming the input and the reason.

Untrusted input is read within the bounds of :mod:`thucydides.limits`: a whole file is read only
when it is small enough, JSON Lines (plain or gzip-compressed) are streamed with a cap on each
line and on the decompressed size, and the body handed to the parser has a maximum length.
"""
from __future__ import annotations

import codecs
import hashlib
import json
import re
import unicodedata
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path
from typing import BinaryIO

import yaml

from thucydides import limits

PARAGRAPH_SEP = "\n\n"
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz")
_READ_CHUNK = 1 << 18
# C0 and C1 control characters other than tab, line feed, form feed and carriage return.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_SURROGATES = re.compile(r"[\ud800-\udfff]")


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
    outlet_nouns: frozenset[str]
    staff_words: frozenset[str]
    role_nouns: frozenset[str]
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
        outlet_nouns=frozenset(raw["outlet_nouns"]),
        staff_words=frozenset(raw["staff_words"]),
        role_nouns=frozenset(raw["role_nouns"]),
        min_article_words=int(raw["min_article_words"]),
        boilerplate=compile_all("boilerplate"),
        call_to_action=tuple(raw["call_to_action"]),
        call_to_action_max_words=int(raw["call_to_action_max_words"]),
        function_words=frozenset(raw["english_function_words"]),
        min_english_share=float(raw["min_english_share"]),
    )


# ---------------------------------------------------------------- decoding and validation

def decode(data: bytes, name: str, *, max_bytes: int | None = None) -> str:
    """Decode bytes as UTF-8 text, rejecting empty, binary, compressed, UTF-16 and oversized input.

    ``max_bytes`` defaults to the file limit (``THUCYDIDES_MAX_FILE_BYTES``).
    """
    limit = max_bytes if max_bytes is not None else limits.current().max_file_bytes
    if len(data) > limit:
        raise InputError(name, f"too large ({len(data):,} bytes; the limit is {limit:,})")
    if not data.strip():
        raise InputError(name, "empty input (no text)")
    if data.startswith(b"\x1f\x8b"):
        raise InputError(name, "gzip-compressed data, not text (only .jsonl.gz files are decompressed)")
    for boms, codec in (((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE), "UTF-32"),
                        ((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE), "UTF-16")):
        if data.startswith(boms) and _decodes(data, codec):
            raise InputError(name, f"{codec} text (byte-order mark); only UTF-8 is read")
    nul = data.find(b"\x00")
    if nul >= 0:
        raise InputError(name, f"binary data (NUL byte at offset {nul}), not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InputError(name, f"not UTF-8 text (invalid byte 0x{data[err.start]:02x} at offset {err.start}; "
                               "a legacy or mixed encoding?)") from None
    return clean_text(text, name)


def _decodes(data: bytes, codec: str) -> bool:
    """Whether ``data`` looks like ``codec`` beyond its byte-order mark: the start decodes, and holds
    the zero bytes that any Latin-script text has in that encoding (two bytes are weak evidence)."""
    head = data[:4096]
    if b"\x00" not in head:
        return False
    head = head[:len(head) - len(head) % (4 if codec == "UTF-32" else 2)]
    try:
        head.decode(codec.lower())
    except UnicodeDecodeError:
        return False
    return True


def clean_text(text: str, name: str) -> str:
    """Check and normalise decoded text: reject binary junk, unify newlines, NFC-compose.

    A few stray control characters (from a bad scrape) become spaces and unpaired surrogates (a
    JSON ``\\udXXX`` escape) become U+FFFD, one character for one, so the text is still coded;
    text made mostly of control characters is binary data and rejected.
    """
    controls = len(_CONTROLS.findall(text))
    if controls > max(5, len(text) // 100):
        raise InputError(name, "binary data (control characters), not text")
    if controls:
        text = _CONTROLS.sub(" ", text)
    text = _SURROGATES.sub("\ufffd", text)
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
    if _ends_sentence(prev) or _norm(prev) == _norm(line) or _is_outlet_line(line):
        return False
    if line[:1].islower():
        return True
    header = any(p.match(line) for p in (*cues().byline, *cues().dateline)) or _is_boilerplate(line)
    # A long unfinished line is wrapped prose; a short one is a headline or label.
    return len(prev) >= 50 and not header


def _is_outlet_line(line: str) -> bool:
    """A line that is only a listed outlet ("dpa", "Agence France-Presse"): a byline's second line."""
    return line.strip(" .").lower() in cues().organisations


def _looks_like_headline(line: str) -> bool:
    words = line.split()
    return 0 < len(words) <= 30 and not re.search(r"[.]\s*$", line)


def _is_organisation(part: str) -> bool:
    """Whether a byline part names an outlet rather than a person.

    A listed outlet, a part holding an organisation word, one that opens with "The" or holds a
    digit (no personal name does: "The Observer", "Channel 4"), or one whose last word is an outlet
    noun ("Northern Courier", "Kyiv Independent").
    """
    part = part.strip()
    low = part.lower()
    if low in cues().organisations:
        return True
    words = re.findall(r"[a-z]+", low)
    if any(w in cues().organisation_words for w in words):
        return True
    return part.startswith("The ") or any(c.isdigit() for c in part) or bool(words and words[-1] in cues().outlet_nouns)


def _role_or_outlet(part: str) -> tuple[bool, str | None]:
    """Whether a byline part is a newsroom role, and the outlet it names if it is "<Outlet> Staff".

    "Staff reporter", "Our correspondent", "Senior Correspondent" are roles; "Herald Tribune Staff"
    is the staff of the Herald Tribune.
    """
    words = part.split()
    low = [w.lower().strip(".") for w in words]
    if not low or part.startswith("The "):
        return False, None
    if set(low) <= cues().staff_words or low[-1] in cues().role_nouns or low[-1] == "staff":
        # "Valley Sentinel Staff Writer": the capitalised words before the role words are the outlet.
        cut = len(low)
        while cut and low[cut - 1] in cues().staff_words:
            cut -= 1
        rest = words[:cut]
        if "staff" in low[cut:] and rest and all(w[:1].isupper() for w in rest) \
                and not set(low[:cut]) <= cues().staff_words:
            return True, " ".join(rest)
        return True, None
    return False, None


def split_byline(rest: str) -> tuple[list[str], str | None]:
    """Split 'Maria Lopez, Reuters' / 'John Doe and Jane Roe (AP)' into (authors, source)."""
    rest = re.sub(r"\s+", " ", rest).strip()
    paren = re.search(r"\(([^)]+)\)\s*$", rest)
    source = None
    if paren and _is_organisation(paren.group(1)):
        source = paren.group(1).strip()
        rest = rest[: paren.start()].strip()
    parts = [p.strip(" .") for p in re.split(r",|;|\band\b|&|/|\|", rest) if p.strip(" .")]
    # A newsroom role ("Staff reporter") names nobody, unless it is an outlet's staff ("Herald
    # Tribune Staff"); a named outlet beats a lone capitalised word.
    kept: list[str] = []
    named: list[str] = []
    staff_first = False
    for i, part in enumerate(parts):
        role, outlet = _role_or_outlet(part)
        if role and outlet is None:
            staff_first = staff_first or i == 0
            continue
        kept.append(outlet or part)
        if outlet or _is_organisation(part):
            named.append(outlet or part)
    parts = kept
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
               published: date | None = None, name: str | None = None) -> Article:
    """Parse plain text in the common scraped layout (headline, byline, subtitle, paragraphs).

    Text without such structure becomes an article whose paragraphs are its lines. ``name`` (the
    file or record, default ``article_id``) names the input in errors. A body longer than
    ``THUCYDIDES_MAX_BODY_CHARS`` is rejected rather than coded, because coding time grows with it.
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
        if authors and source is None and _is_outlet_line(line):   # "By Jane Roe" / "Reuters" on two lines
            source = line.strip(" .")
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
    if opening and (opening.group("date") or opening.group("agency") or _bare_dateline(opening, body_lines[0])):
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
        raise InputError(name or article_id, "no article text after removing headline and boilerplate")
    size = sum(map(len, body_lines)) + len(PARAGRAPH_SEP) * (len(body_lines) - 1)
    limit = limits.current().max_body_chars
    if size > limit:
        raise InputError(name or article_id, f"article text too long to code ({size:,} characters; the limit is "
                                             f"{limit:,}, set by {limits.env_name('max_body_chars')})")
    return Article(id=article_id, paragraphs=body_lines, title=title, subtitle=subtitle, authors=authors,
                   source=source, url=url, date=published, date_text=date_text, boilerplate=boilerplate,
                   dateline=dateline_place)


def _bare_dateline(opening: re.Match[str], line: str) -> bool:
    """A place in capitals set off by a spaced dash ("CARACAS - Venezuela's ..."), with no date or agency.

    Wire and syndicated copy often drops the agency; left in place, the dateline glues itself to the
    lead's first name and hides the story's main event. A spaced dash (not a colon, not "US-Iran")
    after at least four capitals, followed by the capitalised start of a sentence, is not prose.
    """
    sep = opening.group("sep").strip()
    spaced = line[opening.start("sep") - 1: opening.start("sep") + 1].replace(sep[:1], "").isspace()
    rest = line[opening.end():].lstrip()
    letters = sum(ch.isalpha() for ch in opening.group("place"))
    return (spaced and any(ch in sep for ch in "-–—") and letters >= 4
            and (not rest or rest[0].isupper() or rest[0] in "\"“'‘"))


def content_id(text: str) -> str:
    """A stable id from the content, for inputs that carry none."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


# ---------------------------------------------------------------- readers

def read_text_file(path: Path, *, published: date | None = None) -> Article:
    """Read a .txt article file."""
    text = decode(_read_bytes(path), str(path))
    article = parse_text(text, path.stem, published=published, name=str(path))
    check_english(article.body, str(path))
    return article


def read_html_file(path: Path, *, published: date | None = None) -> Article:
    """Read a saved HTML page, extracting the story with trafilatura."""
    import trafilatura  # imported here: slow to import, needed only for HTML

    name = str(path)
    html = decode(_read_bytes(path), name)
    try:
        extracted = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    except (RecursionError, ValueError) as err:
        # A third-party parser failing on a malformed page is a property of the page.
        raise InputError(name, f"HTML that cannot be parsed ({type(err).__name__})") from None
    data = {} if extracted is None else extracted if isinstance(extracted, dict) else extracted.as_dict()
    body = clean_text(data.get("text") or "", name).strip()
    if not body:
        depth = html_depth(html)
        if depth > HTML_PARSER_DEPTH:
            raise InputError(name, f"HTML nested too deeply ({depth:,} levels; the HTML parser stops at "
                                   f"{HTML_PARSER_DEPTH}), no article text found")
        raise InputError(name, "HTML without an article (no main text found)")
    words = len(body.split())
    if words < cues().min_article_words:
        # Menus, cookie walls and error pages leave a few words of furniture behind.
        raise InputError(name, f"HTML without an article (only {words} words of text)")
    title = data.get("title") if isinstance(data.get("title"), str) else None
    url = data.get("url") if isinstance(data.get("url"), str) else None
    article = parse_text(body, path.stem, title=title, url=url, published=published, name=name)
    if isinstance(data.get("author"), str) and data["author"].strip():
        article.authors = [a.strip() for a in re.split(r";|,| and ", data["author"]) if a.strip()]
    if isinstance(data.get("sitename"), str):
        article.source = article.source or data["sitename"]
    if published is None and data.get("date"):
        article.date_text = str(data["date"])   # the page's own metadata, shown as the date's evidence
    check_english(article.body, name)
    return article


# libxml2 (under lxml, under trafilatura) stops parsing HTML nested deeper than 256 elements.
HTML_PARSER_DEPTH = 255
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)[^<>]*?(/?)>")
# Elements that never have content, and those whose end tag may be left out (the parser closes
# them itself, so an unclosed one does not nest).
_NO_NESTING = frozenset([
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",
    "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "thead", "tbody", "tfoot", "colgroup", "rt", "rp",
])


def html_depth(html: str) -> int:
    """The deepest element nesting in ``html``, approximately (by tags, without a full parse)."""
    depth = deepest = 0
    for match in _TAG.finditer(html):
        closing, tag, self_closing = match.groups()
        if self_closing or tag.lower() in _NO_NESTING:
            continue
        if closing:
            depth = max(0, depth - 1)
        else:
            depth += 1
            deepest = max(deepest, depth)
    return deepest


@dataclass
class Record:
    """One JSONL line: an article or the reason it was rejected."""

    line: int
    article: Article | None = None
    error: InputError | None = None


def is_jsonl(path: Path) -> bool:
    """Whether ``path`` names a JSON Lines file of articles (``.jsonl`` or gzip'd ``.jsonl.gz``)."""
    return path.name.lower().endswith(JSONL_SUFFIXES)


def read_jsonl(path: Path) -> Iterator[Record]:
    """Stream a JSON Lines file of articles (``id``, ``title``, ``text``, optional ``date``, ``url``).

    A name ending in ``.gz`` is decompressed as it is read. Each non-blank line yields a
    :class:`Record`; a bad line carries an :class:`InputError` naming the line, and the lines
    after it are still read. A line longer than ``THUCYDIDES_MAX_LINE_BYTES`` is rejected without
    being held in memory. When the decompressed size passes ``THUCYDIDES_MAX_GUNZIP_BYTES``, or the
    compressed data is corrupt, one last record rejects the rest of the file; the records already
    yielded stand.
    """
    name = str(path)
    _check_path(path)
    lim = limits.current()
    try:
        handle = path.open("rb")
    except OSError as err:
        raise InputError(name, f"cannot be read ({err.strerror})") from None
    with handle:
        stream: _Source = _Gunzip(handle, lim.max_gunzip_bytes) if name.lower().endswith(".gz") else _Plain(handle)
        for number, raw, problem in _lines(stream, lim.max_line_bytes):
            where = f"{name} line {number}"
            if raw is None:
                yield Record(number, error=InputError(where, problem or "unreadable"))
                continue
            try:
                yield Record(number, article=_record_article(raw, where, number))
            except InputError as err:
                yield Record(number, error=err)


class _ReadFailure(Exception):
    """Reading stopped: the reason the rest of the stream is rejected."""


class _Source:
    """A byte stream that raises :class:`_ReadFailure` instead of the many errors beneath it."""

    def read(self, size: int) -> bytes:  # pragma: no cover - interface
        raise NotImplementedError


class _Plain(_Source):
    def __init__(self, handle: BinaryIO) -> None:
        self._handle = handle

    def read(self, size: int) -> bytes:
        try:
            return self._handle.read(size)
        except OSError as err:
            raise _ReadFailure(f"read error ({err.strerror or err}); the rest of the file is rejected") from None


class _Gunzip(_Source):
    """Decompresses gzip data (one member or several), refusing to produce more than ``cap`` bytes.

    zlib is driven directly, a bounded piece at a time, so every byte decompressed before a
    truncation or a corrupt block is still handed on, and a bomb never expands past what was asked.
    """

    _RAW_CHUNK = 1 << 16

    def __init__(self, handle: BinaryIO, cap: int) -> None:
        self._handle = handle
        self._cap = cap
        self._total = 0
        self._inflate = zlib.decompressobj(wbits=31)   # 31: expect a gzip header and trailer
        self._pending = b""      # compressed input not yet given to zlib
        self._between = True     # at the start of a member, where the data may end cleanly

    def read(self, size: int) -> bytes:
        while True:
            room = self._cap - self._total
            if not self._pending:
                chunk = self._raw()
                if not chunk:
                    if self._between:
                        return b""
                    raise _ReadFailure("truncated gzip data (it ends before its end-of-stream marker); "
                                       "the rest of the file is rejected")
                self._pending = chunk
            if self._between and not self._pending.strip(b"\0"):
                self._pending = b""   # zero padding after the last member, as gzip allows
                continue
            try:
                # Ask for one byte past the cap: getting it proves the data goes on beyond the limit.
                data = self._inflate.decompress(self._pending, min(size, room) if room > 0 else 1)
            except zlib.error as err:
                raise _ReadFailure(f"corrupt gzip data ({err}); the rest of the file is rejected") from None
            self._between = False
            self._pending = self._inflate.unconsumed_tail
            if self._inflate.eof:   # end of a member; another may follow
                self._pending = self._inflate.unused_data + self._pending
                self._inflate = zlib.decompressobj(wbits=31)
                self._between = True
            if data and room <= 0:
                raise _ReadFailure(f"more than {self._cap:,} bytes decompressed (the limit, set by "
                                   f"{limits.env_name('max_gunzip_bytes')}); the rest of the file is rejected")
            if data:
                self._total += len(data)
                return data

    def _raw(self) -> bytes:
        try:
            return self._handle.read(self._RAW_CHUNK)
        except OSError as err:
            raise _ReadFailure(f"read error ({err.strerror or err}); the rest of the file is rejected") from None


def _lines(stream: _Source, max_line: int) -> Iterator[tuple[int, bytes | None, str | None]]:
    """The non-blank lines of ``stream`` as ``(number, line, None)``, read in bounded chunks.

    A line over ``max_line`` bytes comes as ``(number, None, reason)`` and is skipped without being
    kept; a read failure comes the same way, numbered as the line it interrupted, and ends the stream.
    """
    number = 1
    head: list[bytes] = []   # the start of the current line, from earlier chunks
    size = 0                 # bytes of the current line so far
    too_long = f"line too long (over {max_line:,} bytes, the limit set by {limits.env_name('max_line_bytes')})"
    while True:
        try:
            chunk = stream.read(_READ_CHUNK)
        except _ReadFailure as failure:
            yield number, None, str(failure)
            return
        if not chunk:
            break
        if not chunk.strip() and size == 0:
            number += chunk.count(b"\n")   # a run of blank lines (a newline flood) costs nothing per line
            continue
        pieces = chunk.split(b"\n")
        for piece in pieces[:-1]:
            size += len(piece)
            if size > max_line:
                yield number, None, too_long
            else:
                line = b"".join((*head, piece)) if head else piece
                if line.strip():
                    yield number, line, None
            number += 1
            head, size = [], 0
        tail = pieces[-1]
        size += len(tail)
        if size <= max_line:
            head.append(tail)
        else:
            head = []   # over the cap: only its length is tracked from here on
    if size > max_line:
        yield number, None, too_long
    elif head and (line := b"".join(head)).strip():
        yield number, line, None


def _record_article(raw: bytes, where: str, number: int) -> Article:
    text = decode(raw, where, max_bytes=limits.current().max_line_bytes)
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as err:
        raise InputError(where, f"not valid JSON ({err.msg})") from None
    except RecursionError:
        raise InputError(where, "not valid JSON (nested too deeply)") from None
    except ValueError as err:   # e.g. an integer with more digits than Python converts
        raise InputError(where, f"not valid JSON ({err})") from None
    if not isinstance(obj, dict):
        raise InputError(where, "not a JSON object")
    body = obj.get("text")
    if not isinstance(body, str) or not body.strip():
        raise InputError(where, "no 'text' field with article text")
    body = clean_text(body, where)
    published = None
    if obj.get("date"):
        published = parse_date_arg(str(obj["date"])[:10], where)
    rid = obj.get("id")
    rid = clean_text(str(rid), where).strip() if isinstance(rid, (str, int)) and not isinstance(rid, bool) else ""
    rid = rid or f"line{number}"
    title = clean_text(obj["title"], where) if isinstance(obj.get("title"), str) else None
    url = obj.get("url") if isinstance(obj.get("url"), str) else None
    article = parse_text(body, rid, title=title, url=url, published=published, name=where)
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
    """The whole file, if it is within ``THUCYDIDES_MAX_FILE_BYTES``.

    The size is checked before reading, and the read itself stops one byte past the limit, so a
    device or pipe whose size the file system does not know cannot fill memory either.
    """
    _check_path(path)
    limit = limits.current().max_file_bytes
    too_large = f"the limit is {limit:,}, set by {limits.env_name('max_file_bytes')}"
    try:
        size = path.stat().st_size
        if size > limit:
            raise InputError(str(path), f"too large ({size:,} bytes; {too_large})")
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except OSError as err:
        raise InputError(str(path), f"cannot be read ({err.strerror or err})") from None
    if len(data) > limit:
        raise InputError(str(path), f"too large (over {limit:,} bytes; {too_large})")
    return data


def read_article(path: Path, *, published: date | None = None) -> Article:
    """Read one article file, choosing the reader by extension (.html/.htm, otherwise text).

    A JSON Lines file holds many articles and is refused here: read it with :func:`read_jsonl`.
    """
    if is_jsonl(path):
        raise InputError(str(path), "a JSON Lines file of many articles; read it with read_jsonl")
    if path.suffix.lower() in {".html", ".htm"}:
        return read_html_file(path, published=published)
    return read_text_file(path, published=published)
