"""The CAMEO event codebook and the CAMEO -> PLOVER map.

The knowledge lives in ``cameo.tsv`` (code, label, Goldstein weight) and ``plover.tsv`` (PLOVER event
type, mode and context per CAMEO code); this module only loads and indexes them. Lines starting with
``#`` in either file are comments.
"""
from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources

__all__ = [
    "CameoCode",
    "PloverMapping",
    "all_codes",
    "cameo",
    "is_valid",
    "nearest",
    "plover",
    "plover_mapping",
    "quad_class",
]


@dataclass(frozen=True)
class CameoCode:
    """One CAMEO event code with its codebook label and Goldstein weight."""

    code: str
    label: str
    goldstein: float
    quad_class: int
    root: str


@dataclass(frozen=True)
class PloverMapping:
    """The PLOVER reading of a CAMEO code: event type, mode, and the contexts it implies."""

    type: str
    mode: str | None
    context: tuple[str, ...]


def _rows(filename: str) -> Iterator[dict[str, str]]:
    """Rows of a packaged TSV file as dicts keyed by its header, comment lines skipped."""
    text = resources.files(__package__).joinpath(filename).read_text(encoding="utf-8")
    lines = (line for line in text.splitlines() if line.strip() and not line.startswith("#"))
    yield from csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)


def quad_class(code: str) -> int:
    """The quad class of a CAMEO code, from its root alone.

    1 verbal cooperation (01-05), 2 material cooperation (06-08), 3 verbal conflict (09-13),
    4 material conflict (14-20). Raises ValueError for a code whose root is not 01..20.
    """
    root = code[:2]
    if len(code) < 2 or not root.isdigit() or not 1 <= int(root) <= 20:
        raise ValueError(f"unknown CAMEO code {code!r}: root must be 01..20")
    number = int(root)
    if number <= 5:
        return 1
    if number <= 8:
        return 2
    if number <= 13:
        return 3
    return 4


@cache
def _codebook() -> dict[str, CameoCode]:
    return {
        row["code"]: CameoCode(
            code=row["code"],
            label=row["label"],
            goldstein=float(row["goldstein"]),
            quad_class=quad_class(row["code"]),
            root=row["code"][:2],
        )
        for row in _rows("cameo.tsv")
    }


@cache
def _plover_table() -> dict[str, PloverMapping]:
    return {
        row["cameo"]: PloverMapping(
            type=row["type"],
            mode=row["mode"] or None,
            context=tuple(part.strip() for part in (row.get("context") or "").split(";") if part.strip()),
        )
        for row in _rows("plover.tsv")
    }


def _ancestry(code: str) -> Iterator[str]:
    """The code itself, then each shorter prefix down to the two-digit root."""
    for length in range(len(code), 1, -1):
        yield code[:length]


def is_valid(code: str) -> bool:
    """Whether ``code`` is a code of the CAMEO codebook (leading zeros matter: "010", not "10")."""
    return code in _codebook()


def cameo(code: str) -> CameoCode:
    """The codebook entry for ``code``; ValueError if the codebook has no such code."""
    try:
        return _codebook()[code]
    except KeyError:
        raise ValueError(f"unknown CAMEO code {code!r}") from None


def nearest(code: str) -> CameoCode:
    """The entry for ``code`` or, failing that, for its nearest codebook ancestor.

    Dictionaries descended from CAMEO use a few codes outside the 1.1b3 codebook (PETRARCH's 1213
    "reject judicial cooperation", Phoenix's 176 cyber attack); this gives them their parent's meaning
    and weight instead of dropping the event.
    """
    for prefix in _ancestry(code):
        if prefix in _codebook():
            return _codebook()[prefix]
    raise ValueError(f"unknown CAMEO code {code!r}")


def all_codes() -> list[CameoCode]:
    """Every codebook entry, roots included, in codebook order."""
    return list(_codebook().values())


def plover_mapping(code: str) -> PloverMapping:
    """The PLOVER type, mode and context for a CAMEO code, inherited from the nearest mapped ancestor."""
    for prefix in _ancestry(code):
        if prefix in _plover_table():
            return _plover_table()[prefix]
    raise ValueError(f"unknown CAMEO code {code!r}: no PLOVER mapping")


def plover(code: str) -> tuple[str, str | None]:
    """The PLOVER (event type, mode or None) for a CAMEO code."""
    mapping = plover_mapping(code)
    return mapping.type, mapping.mode
