"""Readers for the PETRARCH/TABARI dictionary formats: ``.actors``, ``.agents`` and ``.discards``.

Conventions these files share (and that this module follows):

* ``#`` starts a comment that runs to the end of the line; ``<!-- ... -->`` comments may span lines.
* Words of a phrase are joined by ``_`` (must be adjacent) or a space (may have words between);
  both come back here as single spaces, lower-case: ``ANGELA_MERKEL_`` -> ``"angela merkel"``.

Actor files: a name line starts an entry; ``+NAME`` lines add synonyms; codes in brackets follow on
the same or later lines, several per line allowed: ``[IRQGOV]`` (always), ``[IRQGOV >20050101]``
(from that day on), ``[IRQGOV <20040101]`` (before that day), ``[IRQGOV 19990101-20040101]`` (both
days included). Dates are ``YYYYMMDD`` or ``YYMMDD`` (``00``-``30`` read as 20YY, the rest as 19YY).
A code ``A/B`` gives the actor both codes.

Agent files: ``PHRASE {plural} [~GOV]``. ``~GOV`` is appended after the actor's country code
(``IRQ`` + ``GOV``), ``NGO~`` goes before it. ``{}`` means the phrase has no plural, ``{FORM}`` gives
an irregular plural; otherwise the regular English plural is formed. ``!NAME! = A, B, C`` defines a
substitution set: ``CONGRESS!PERSON!`` stands for CONGRESSMAN, CONGRESSMEN, ... (no plurals formed).

Discard files: one phrase per line; a leading ``+`` marks a story-level discard (drop the whole
story), otherwise the sentence is dropped.

Malformed entries are skipped and counted; one :class:`MalformedEntryWarning` per file reports the
count. A file in which nothing, or less than half of the content, reads as the expected format raises
ValueError naming the file.
"""
from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

__all__ = [
    "DatedCode",
    "DictActor",
    "DictAgent",
    "MalformedEntryWarning",
    "code_on",
    "read_actors",
    "read_agents",
    "read_discards",
]

_BRACKET = re.compile(r"\[([^\]]*)\]")
_CODE = re.compile(r"^(?=[A-Z0-9]*[A-Z])[A-Z0-9]+$|^-{3}$")  # letters/digits with a letter, or "---"
_MARKER_DEF = re.compile(r"^!([A-Z0-9_]+)!\s*=\s*(.+)$", re.IGNORECASE)
_MARKER_USE = re.compile(r"!([A-Z0-9_]+)!", re.IGNORECASE)
_PROSE = re.compile(r'[,;:()"]')
_DISCARD_MAX_WORDS = 10
_YY_PIVOT = 30  # TABARI/PETRARCH convention: YY <= 30 is 20YY


class MalformedEntryWarning(UserWarning):
    """Some entries of a dictionary file could not be read and were skipped."""


@dataclass(frozen=True)
class DatedCode:
    """An actor code with the days it applies; ``start``/``end`` are inclusive, None is open."""

    code: str
    start: date | None
    end: date | None

    @property
    def dated(self) -> bool:
        """Whether the code is restricted in time at all."""
        return self.start is not None or self.end is not None

    def covers(self, day: date) -> bool:
        """Whether the code applies on ``day``."""
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass
class DictActor:
    """One actor entry: its names (first is the primary one) and its codes in file order."""

    names: list[str]
    codes: list[DatedCode] = field(default_factory=list)


@dataclass(frozen=True)
class DictAgent:
    """One agent phrase and its role code; ``prefix`` puts the code before the country code."""

    phrase: str
    code: str
    prefix: bool


def code_on(actor: DictActor, day: date) -> str | None:
    """The actor's code on ``day``.

    A dated code that covers the day wins, the first listed one if several do (the dictionaries list
    the more specific restriction first); otherwise the first undated code; otherwise None.
    """
    for dated in actor.codes:
        if dated.dated and dated.covers(day):
            return dated.code
    return next((c.code for c in actor.codes if not c.dated), None)


# ------------------------------------------------------------------ shared line handling


def read_text(path: Path) -> str:
    """The file's text; ValueError naming the file if it is missing or binary."""
    try:
        data = path.read_bytes()
    except OSError as err:
        raise ValueError(f"{path}: cannot read dictionary file ({err.strerror})") from None
    if b"\x00" in data:
        raise ValueError(f"{path}: not a PETRARCH dictionary (binary content)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        # Older TABARI dictionaries were written in Latin-1.
        return data.decode("latin-1")


def without_block_comments(text: str) -> Iterator[tuple[int, str]]:
    """(line number, line) with ``<!-- -->`` comments, which may span lines, cut out: the comment
    form every PETRARCH dictionary shares (end-of-line comments differ by dictionary kind)."""
    in_block = False
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw
        if in_block:
            if "-->" not in line:
                continue
            line, in_block = line.split("-->", 1)[1], False
        while "<!" in line:
            before, _, after = line.partition("<!")
            if "-->" in after:
                line = before + after.split("-->", 1)[1]
            else:
                line, in_block = before, True
        yield number, line


def _content_lines(text: str) -> Iterator[tuple[int, str]]:
    """(line number, content with comments removed and stripped) for each line that has content."""
    for number, line in without_block_comments(text):
        line = line.split("#", 1)[0].strip()
        if line:
            yield number, line


def _phrase(text: str) -> str:
    """A dictionary phrase as plain lower-case words separated by single spaces."""
    return " ".join(text.replace("_", " ").split()).lower()


def _check_outcome(path: Path, kind: str, entries: int, lines: int, bad: list[int]) -> None:
    """Raise if the file is not a ``kind`` dictionary at all; warn about skipped entries.

    ``lines`` counts the file's content lines, ``bad`` lists those that could not be read.
    """
    if entries == 0 or 2 * len(bad) > lines:
        raise ValueError(f"{path}: not a PETRARCH {kind} dictionary "
                         f"({entries} entries read, {len(bad)} of {lines} lines unreadable)")
    if bad:
        shown = ", ".join(str(n) for n in bad[:5]) + (", ..." if len(bad) > 5 else "")
        warnings.warn(f"{path.name}: skipped {len(bad)} malformed {kind} entries (lines {shown})",
                      MalformedEntryWarning, stacklevel=3)


# ------------------------------------------------------------------ actors


def _parse_day(digits: str) -> date:
    """A YYYYMMDD or YYMMDD date; ValueError for anything else."""
    if len(digits) == 8:
        return date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    if len(digits) == 6:
        yy = int(digits[:2])
        year = 2000 + yy if yy <= _YY_PIVOT else 1900 + yy
        return date(year, int(digits[2:4]), int(digits[4:]))
    raise ValueError(f"bad date {digits!r}")


def _parse_span(text: str) -> tuple[date | None, date | None]:
    """The (start, end) of a date restriction, both inclusive; ValueError if unreadable."""
    text = text.strip()
    if not text:
        return None, None
    if match := re.fullmatch(r"([<>])\s*(\d+)", text):
        day = _parse_day(match.group(2))
        # "<D" means strictly before D.
        return (day, None) if match.group(1) == ">" else (None, day - timedelta(days=1))
    if match := re.fullmatch(r"(\d+)\s*-\s*(\d+)", text):
        start, end = _parse_day(match.group(1)), _parse_day(match.group(2))
        if start > end:
            raise ValueError(f"empty date range {text!r}")
        return start, end
    if re.fullmatch(r"\d+", text):
        # A lone date without < or > is read as the day the code starts to apply.
        return _parse_day(text), None
    raise ValueError(f"bad date restriction {text!r}")


def _parse_codes(inside: str) -> list[DatedCode]:
    """The codes of one bracket group, e.g. ``IRQGOV >20050101`` or ``ELR/GAL``."""
    parts = inside.split(None, 1)
    if not parts:
        raise ValueError("empty code")
    start, end = _parse_span(parts[1] if len(parts) > 1 else "")
    codes = parts[0].upper().split("/")
    if not all(_CODE.match(code) for code in codes):
        raise ValueError(f"bad actor code {parts[0]!r}")
    return [DatedCode(code, start, end) for code in codes]


def _finish(actor: DictActor | None, line: int, actors: list[DictActor], bad: list[int]) -> None:
    """Keep a completed actor entry, or count it as malformed if it never got a code."""
    if actor is None:
        return
    if actor.codes:
        actors.append(actor)
    else:
        bad.append(line)


def read_actors(path: Path) -> list[DictActor]:
    """All actors of a PETRARCH ``.actors`` file, in file order (see the module docstring)."""
    actors: list[DictActor] = []
    bad: list[int] = []
    current: DictActor | None = None
    current_line = 0
    lines = list(_content_lines(read_text(path)))
    for number, line in lines:
        name_part = line.split("[", 1)[0].strip()
        groups = _BRACKET.findall(line)
        if "[" in line and not groups:
            bad.append(number)
            continue
        if name_part.startswith("+"):
            name = _phrase(name_part[1:])
            if current is None or not name:
                bad.append(number)
                continue
            current.names.append(name)
        elif name_part:
            name = _phrase(name_part)
            if not re.search(r"[a-z0-9]", name) or name.startswith("-"):
                # Verb patterns and similar are not actor names.
                bad.append(number)
                _finish(current, current_line, actors, bad)
                current = None
                continue
            if current is not None and not current.codes:
                # Name lines before the first code are synonyms whose "+" was left out
                # (e.g. "LEONID_BREZHNEV_" / "LEONID_ILYICH_BREZHNEV" / "[RUSGOV ...]").
                current.names.append(name)
            else:
                _finish(current, current_line, actors, bad)
                current, current_line = DictActor(names=[name]), number
        elif current is None:
            bad.append(number)
            continue
        for inside in groups:
            try:
                current.codes.extend(_parse_codes(inside))
            except ValueError:
                bad.append(number)
    _finish(current, current_line, actors, bad)
    _check_outcome(path, "actor", len(actors), len(lines), sorted(set(bad)))
    return actors


# ------------------------------------------------------------------ agents


def _plural(phrase: str) -> str:
    """The regular English plural of a phrase's last word (upper-case dictionary form)."""
    if re.search(r"[^AEIOU]Y$", phrase):
        return phrase[:-1] + "IES"
    if re.search(r"(S|SH|CH|X|Z)$", phrase):
        return phrase + "ES"
    return phrase + "S"


def _agent_code(inside: str) -> tuple[str, bool]:
    """(code, prefix) from ``~GOV`` (suffix) or ``NGO~`` (prefix); ValueError otherwise."""
    text = inside.replace(" ", "").upper()
    if match := re.fullmatch(r"~([A-Z0-9]+)", text):
        return match.group(1), False
    if match := re.fullmatch(r"([A-Z0-9]+)~", text):
        return match.group(1), True
    raise ValueError(f"bad agent code {inside!r}")


def _agent_forms(head: str, markers: dict[str, list[str]]) -> list[str]:
    """Every surface form one agent line stands for, upper-case as in the dictionaries."""
    head = head.upper()
    if used := _MARKER_USE.search(head):
        name = used.group(1).upper()
        if name not in markers:
            raise ValueError(f"undefined substitution set !{name}!")
        return [head[:used.start()] + item + head[used.end():] for item in markers[name]]
    if "{" in head:
        if "}" not in head:
            raise ValueError("missing '}'")
        singular, _, rest = head.partition("{")
        plural = rest.split("}", 1)[0].strip()
        return [singular.strip()] + ([plural] if plural else [])
    singular = head.strip().rstrip("_")
    return [singular, _plural(singular)]


def read_agents(path: Path) -> list[DictAgent]:
    """All agents of a PETRARCH ``.agents`` file, plurals and substitutions expanded, in file order."""
    agents: list[DictAgent] = []
    markers: dict[str, list[str]] = {}
    bad: list[int] = []
    lines = list(_content_lines(read_text(path)))
    for number, line in lines:
        if definition := _MARKER_DEF.match(line):
            markers[definition.group(1).upper()] = [
                item.strip() for item in definition.group(2).split(",") if item.strip()]
            continue
        groups = _BRACKET.findall(line)
        head = line.split("[", 1)[0]
        try:
            if len(groups) != 1 or not head.strip():
                raise ValueError("an agent needs one phrase and one code")
            code, prefix = _agent_code(groups[0])
            forms = _agent_forms(head, markers)
        except ValueError:
            bad.append(number)
            continue
        for form in forms:
            if phrase := _phrase(form):
                agents.append(DictAgent(phrase=phrase, code=code, prefix=prefix))
    _check_outcome(path, "agent", len(agents), len(lines), bad)
    return agents


# ------------------------------------------------------------------ discards


def read_discards(path: Path, story_level: bool | None = None) -> list[str]:
    """The discard phrases of a PETRARCH ``.discards`` file, lower-case, in file order.

    ``story_level`` filters: True keeps only ``+`` (whole-story) discards, False only sentence-level
    ones, None (default) keeps both.
    """
    entries: list[tuple[str, bool]] = []
    bad: list[int] = []
    lines = list(_content_lines(read_text(path)))
    for number, line in lines:
        phrase = _phrase(line.lstrip("+"))
        # Brackets mean codes (an actor, agent or verb line); long or punctuated lines are prose.
        if not phrase or "[" in line or len(phrase.split()) > _DISCARD_MAX_WORDS or _PROSE.search(line):
            bad.append(number)
            continue
        entries.append((phrase, line.startswith("+")))
    _check_outcome(path, "discard", len(entries), len(lines), bad)
    return [phrase for phrase, whole_story in entries if story_level in (None, whole_story)]
