"""Fuzz target: finding and resolving date expressions in arbitrary text.

Input: an optional first line ``YYYY-MM-DD [past|future]`` (the anchor date and the tense; by
default 2020-09-30 and no tense), then the text. Every mention must slice to its text, and every
value must be a valid ISO value at its precision.
"""
from __future__ import annotations

import re
import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import as_text, main, split_date_line

_VALUE = {"day": re.compile(r"\d{4}-\d{2}-\d{2}"), "week": re.compile(r"\d{4}-W\d{2}"),
          "month": re.compile(r"\d{4}-\d{2}"), "year": re.compile(r"\d{4}")}


def one_input(data: bytes) -> None:
    """Find the times in the text and resolve each against the anchor."""
    from thucydides import timex

    anchor, tense, rest = split_date_line(data)
    anchor = anchor or date(2020, 9, 30)
    text = as_text(rest)
    for mention in timex.find_times(text):
        assert 0 <= mention.start < mention.end <= len(text)
        assert text[mention.start:mention.end] == mention.text
        hint = timex.tense_hint(text, mention.start, mention.end)
        assert hint in (None, "past", "future")
        value = timex.resolve(mention, anchor, tense)
        if value is None:
            continue
        assert _VALUE[value.precision].fullmatch(value.value), value
        if value.precision == "day":
            date.fromisoformat(value.value)
        elif value.precision == "week":
            timex.week_monday(value.value)


def _target():
    from thucydides import timex  # noqa: F401 - imported inside the instrumentation
    return one_input


if __name__ == "__main__":
    main(_target)
