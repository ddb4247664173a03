"""Time expressions in news text: find them, then place them on the calendar.

``find_times`` is pure pattern matching: it records what the words say (a month, a day, a weekday,
"last", "ago" ...) without deciding which calendar date they mean. ``resolve`` does that against an
anchor date (normally the article's date) and, optionally, the tense of the clause, which says
whether an un-yeared "September 28" or a bare "Monday" points backwards or forwards.

Durations ("the past two years", "for the last week") and decades ("the 1990s") are recognised only
so that their numbers are not mistaken for dates; they are never returned.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cache
from importlib import resources

import yaml

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
}
MONTH_ABBREVIATIONS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
# First month of each season; winter is dated by the year its December falls in (TimeML does the same).
SEASONS = {"spring": 3, "summer": 6, "fall": 9, "autumn": 9, "winter": 12}
UNITS = {"day": "D", "week": "W", "weekend": "W", "month": "M", "year": "Y", "decade": "Y"}
VAGUE_COUNTS = ("a few", "several", "a couple of", "a number of", "some", "many")


@dataclass(frozen=True)
class TimeMention:
    """What a time expression says, before it is placed on the calendar.

    ``relative`` is one of: ``today``/``yesterday``/``tomorrow``; ``last_<unit>``, ``this_<unit>``,
    ``next_<unit>`` for unit week, month or year (with ``month`` set, ``<step>_year`` places that month
    in the stepped year: "October last year"); ``last``/``this``/``next`` qualifying the weekday,
    month or season also set ("last Monday", "next October"); ``ago:P<n><D|W|M|Y>`` and
    ``from_now:P<n><D|W|M|Y>``; or ``vague`` ("several weeks ago": a time, but no value).
    ``part`` keeps a qualifier that does not change the value at the mention's precision
    ("early", "mid", "late", "end", "beginning", "earlier", "later", "night", "morning" ...).
    """

    text: str
    start: int
    end: int
    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None
    relative: str | None = None
    part: str | None = None
    season: str | None = None


@dataclass(frozen=True)
class TimeValue:
    """A calendar value: ``YYYY-MM-DD``, ``YYYY-Www`` (ISO week), ``YYYY-MM`` or ``YYYY``."""

    value: str
    precision: str


# ------------------------------------------------------------------ patterns

def _alternation(words: list[str]) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


_FULL_MONTH = rf"(?P<mon>{_alternation(list(MONTHS))})"
_ANY_MONTH = rf"(?P<mon>{_alternation(list(MONTHS) + list(MONTH_ABBREVIATIONS))})\.?"
_WEEKDAY = rf"(?P<wd>{_alternation(list(WEEKDAYS))})"
_DAY = r"(?P<day>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?![\d,.]\d)"
_YEAR = r"(?P<year>(?:1[89]|20)\d\d)(?![\d%]|s\b|-\d)"
_YEAR_SUFFIX = rf"(?:,?\s+{_YEAR})?"
_LEAD_WEEKDAY = rf"(?:{_WEEKDAY},?\s+(?:the\s+)?)?"
_CLOCK = r"(?:\d{1,2}(?::\d\d)?\s*[ap]\.?m\.?\s+(?:[A-Z]{2,4}\s+)?)?"
_TIME_OF_DAY = r"(?:\s+(?P<tod>morning|afternoon|evening|night|overnight))?"
_PART = (r"(?P<part>early|mid|late|the\s+(?:end|beginning|start|middle)\s+of|"
         r"(?:end|beginning|start|middle)\s+of)")
_COUNT = r"(?P<n>\d{1,3}|[a-z]+(?:-[a-z]+)?|a\s+few|a\s+couple\s+of|a\s+number\s+of|an?)"
_HEDGE = r"(?:(?:about|almost|nearly|some|more\s+than|over|roughly|around|just|only|less\s+than)\s+)?"
_UNIT = r"(?P<unit>days?|weeks?|months?|years?|decades?)"
# Words before a bare month that make it a time ("in May", "since April").
_MONTH_LEADS = {
    "in", "since", "until", "till", "by", "during", "from", "through", "before", "after", "of", "to",
    "around", "between", "early", "late", "mid", "last", "next", "this", "on",
}
# Words before a bare four-digit number that make it a year even before a noun ("the 1996 law").
_YEAR_LEADS = _MONTH_LEADS | {"a", "an", "the", "and", "or", "that", "for", "as", "year", "fiscal", "its",
                              "spring", "summer", "fall", "autumn", "winter", "pre", "post"}
# Words that may follow a year; any other lower-case word makes the number a count ("2000 troops").
_AFTER_YEAR = {
    "and", "or", "to", "when", "after", "before", "as", "at", "in", "on", "by", "with", "for", "of",
    "the", "that", "which", "while", "but", "until", "through", "from", "during", "against", "because",
    "than", "is", "was", "were", "had", "has", "have", "he", "she", "it", "they", "we", "i", "a", "an",
    "who", "where", "if", "so", "then", "only", "alone", "again", "already", "onward", "onwards",
}


@dataclass(frozen=True)
class _Rule:
    pattern: re.Pattern[str]
    build: Callable[[re.Match[str]], dict | None]   # None rejects the match; {} marks a non-date to skip
    priority: int


def _capitalised(word: str | None) -> bool:
    return word is None or word[:1].isupper()


def _month(word: str) -> int:
    key = word.lower().rstrip(".")
    return MONTHS.get(key) or MONTH_ABBREVIATIONS[key]


def _year(text: str) -> int:
    return int(text) if len(text) == 4 else (1900 if int(text) >= 50 else 2000) + int(text)


def _calendar_fields(m: re.Match[str]) -> dict | None:
    """Month, day, year and weekday from a match of the written-date patterns."""
    g = m.groupdict()
    if not (_capitalised(g.get("mon")) and _capitalised(g.get("wd"))):
        return None
    fields: dict = {"month": _month(g["mon"])}
    if g.get("day"):
        fields["day"] = int(g["day"])
    if g.get("year"):
        fields["year"] = int(g["year"])
    if g.get("wd"):
        fields["weekday"] = WEEKDAYS[g["wd"].lower()]
    if g.get("part"):
        fields["part"] = _normal_part(g["part"])
    if fields.get("day") and not _valid_day(fields.get("year") or 2000, fields["month"], fields["day"]):
        return None
    return fields


def _normal_part(text: str) -> str:
    words = text.lower().split()
    return words[-2] if words[-1] == "of" else words[0]


def _valid_day(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _numeric_date(m: re.Match[str]) -> dict | None:
    year, month, day = _year(m["y"]), int(m["m"]), int(m["d"])
    return {"year": year, "month": month, "day": day} if _valid_day(year, month, day) else None


def _preceding_word(m: re.Match[str]) -> str:
    """The word right before the match, if only spaces or a hyphen separate them."""
    before = re.search(r"([A-Za-z]+)[\s-]*$", m.string[max(0, m.start() - 20):m.start()])
    return before[1].lower() if before else ""


def _month_alone(m: re.Match[str]) -> dict | None:
    if not _capitalised(m["mon"]):
        return None
    rel = (m["rel"] or "").lower().replace("this past", "last")
    prep = rel or _preceding_word(m)
    following = m.string[m.end():m.end() + 30]
    # "May" is usually the verb, and a month before a capitalised word is usually a first name
    # ("April Ryan"); both need a preposition to count as a month.
    needs_preposition = m["mon"].lower() == "may" or re.match(r"\s+[A-Z][a-z]", following) is not None
    if needs_preposition and prep not in _MONTH_LEADS:
        return None
    if m["mon"].isupper() and len(m["mon"]) > 3 and prep not in _MONTH_LEADS:
        return None     # headline capitals ("MAY BE") carry no evidence
    fields: dict = {"month": _month(m["mon"])}
    if rel in {"last", "next", "this"}:
        fields["relative"] = rel
    elif rel in {"early", "late", "mid-"}:
        fields["part"] = rel.rstrip("-")
    return fields


def _month_of_stepped_year(m: re.Match[str]) -> dict | None:
    """A month (and day) in the year before, of, or after the anchor's: "October last year"."""
    if not _capitalised(m["mon"]):
        return None
    fields: dict = {"month": _month(m["mon"]), "relative": f"{m['step'].lower()}_year"}
    if m["day"]:
        fields["day"] = int(m["day"])
        if not _valid_day(2000, fields["month"], fields["day"]):
            return None
    return fields


def _year_alone(m: re.Match[str]) -> dict | None:
    following = m.string[m.end():m.end() + 20]
    if m.string[max(0, m.start() - 1):m.start()] in {"$", "#", "£", "€"}:
        return None
    prep = _preceding_word(m)
    gap = m.string[max(0, m.start() - 2):m.start()]
    next_word = re.match(r"\s+([a-z]+)\b", following)
    if next_word and next_word[1] not in _AFTER_YEAR and not (prep in _YEAR_LEADS and gap[-1:] in {" ", "-"}):
        return None     # "2000 troops": a count, not a year
    fields: dict = {"year": int(m["year"])}
    if m["part"]:
        fields["part"] = _normal_part(m["part"])
    return fields


def _weekday(m: re.Match[str]) -> dict | None:
    if not _capitalised(m["wd"]):
        return None
    fields: dict = {"weekday": WEEKDAYS[m["wd"].lower()]}
    rel = (m["rel"] or "").lower()
    if rel in {"last", "this past", "past", "previous"}:
        fields["relative"] = "last"
    elif rel in {"next", "this", "coming", "this coming"}:
        fields["relative"] = "next" if rel != "this" else "this"
    elif rel in {"early", "late"}:
        fields["part"] = rel
    if m["tod"]:
        fields["part"] = m["tod"].lower()
    return fields


def _named_day(m: re.Match[str]) -> dict:
    word = m["word"].lower()
    if "before yesterday" in word:
        return {"relative": "ago:P2D"}
    if "after tomorrow" in word:
        return {"relative": "from_now:P2D"}
    return {"relative": {"tonight": "today"}.get(word, word)}


def _relative_unit(m: re.Match[str]) -> dict | None:
    rel = m["rel"].lower().split()
    unit = m["unit"].lower()
    if unit in SEASONS:
        direction = "last" if rel[-1] in {"last", "past"} or rel[:2] == ["this", "past"] else rel[-1]
        return {"relative": direction, "season": "fall" if unit == "autumn" else unit}
    step = {"last": "last", "this": "this", "next": "next", "past": "last", "coming": "next"}[rel[-1]]
    if rel[-1] == "past" and rel[0] != "this":
        return {}       # "the past week" is a span of time, not a date
    fields: dict = {"relative": f"{step}_{'week' if unit == 'weekend' else unit}"}
    if m["part"]:
        fields["part"] = _normal_part(m["part"])
    elif rel[0] in {"earlier", "later", "early", "late"}:
        fields["part"] = rel[0]
    return fields


@cache
def _number_words() -> dict[str, int]:
    """Number words shared with the quantity reader (``data/number_words.yaml``)."""
    text = resources.files("thucydides").joinpath("data/number_words.yaml").read_text(encoding="utf-8")
    return {str(k): int(v) for k, v in (yaml.safe_load(text).get("units") or {}).items()}


def _count(text: str) -> int | None:
    text = " ".join(text.lower().split())
    if text.isdigit():
        return int(text)
    if text in {"a", "an"}:
        return 1
    parts = text.split("-")
    values = [_number_words().get(p) for p in parts]
    return None if None in values else sum(v for v in values if v is not None)


def count_words(text: str) -> int | None:
    """The number a count word or numeral says ("two", "twenty-one", "12", "a"), or None."""
    return _count(text)


def _offset(m: re.Match[str], direction: str) -> dict | None:
    n_text = " ".join(m["n"].lower().split())
    if n_text in VAGUE_COUNTS:
        return {"relative": "vague"}
    n = _count(n_text)
    if n is None:
        return None
    unit = m["unit"].lower().rstrip("s")
    n *= 10 if unit == "decade" else 1
    return {"relative": f"{direction}:P{n}{UNITS[unit]}"}


_RULES: tuple[_Rule, ...] = (
    # Things that look like dates but are not: kept only to shield their numbers.
    _Rule(re.compile(rf"\b(?:the\s+)?(?:past|last|next|previous|coming|first|final|recent)\s+{_COUNT}\s+"
                     rf"(?:days|weeks|months|years|decades)\b", re.I), lambda m: {}, 0),
    _Rule(re.compile(r"\b(?:(?:over|for|in|during|within|throughout)\s+)the\s+(?:past|last)\s+"
                     r"(?:week|month|year|decade)\b", re.I), lambda m: {}, 0),
    _Rule(re.compile(r"(?:\b(?:the\s+)?(?:early|mid-?|late)\s*)?(?:\b(?:1[89]|20)\d0s\b|'\d0s\b)", re.I),
          lambda m: {}, 0),
    _Rule(re.compile(r"\$\s?\d[\d,.]*"), lambda m: {}, 0),
    # Written dates.
    _Rule(re.compile(r"\b(?P<y>(?:1[89]|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b"), _numeric_date, 1),
    _Rule(re.compile(r"\b(?P<m>1[0-2]|0?[1-9])/(?P<d>3[01]|[12]\d|0?[1-9])/(?P<y>(?:1[89]|20)\d\d|\d\d)\b"),
          _numeric_date, 1),
    _Rule(re.compile(rf"\b{_LEAD_WEEKDAY}{_ANY_MONTH}\s+{_DAY}{_YEAR_SUFFIX}\b", re.I), _calendar_fields, 1),
    _Rule(re.compile(rf"\b{_LEAD_WEEKDAY}{_DAY}\s+(?:of\s+)?{_ANY_MONTH}{_YEAR_SUFFIX}\b", re.I),
          _calendar_fields, 1),
    _Rule(re.compile(rf"\b(?:{_PART}[-\s]+)?{_ANY_MONTH},?\s+{_YEAR}\b", re.I), _calendar_fields, 1),
    _Rule(re.compile(rf"\b{_PART}[-\s]+{_FULL_MONTH}\b", re.I), _calendar_fields, 1),
    # "in October last year", "on March 3 this year", "June of next year": the year named by its step.
    _Rule(re.compile(rf"\b{_FULL_MONTH}(?:\s+{_DAY})?(?:,?\s+|\s+of\s+)(?P<step>last|this|next)\s+year\b",
                     re.IGNORECASE),
          _month_of_stepped_year, 1),
    _Rule(re.compile(rf"\b(?:(?P<rel>last|next|this\s+past|this|in|early|late|mid-)\s*)?{_FULL_MONTH}\b", re.I),
          _month_alone, 2),
    _Rule(re.compile(rf"(?<![\d,.$/])(?<!\d-)\b(?:{_PART}[-\s]+)?{_YEAR}\b(?![/-]\d)", re.I), _year_alone, 3),
    # Weekdays and words for days.
    _Rule(re.compile(rf"\b{_CLOCK}(?:(?P<rel>last|next|this\s+past|this\s+coming|this|coming|previous|early|late)\s+)?"
                     rf"{_WEEKDAY}\b(?!s\b){_TIME_OF_DAY}", re.I), _weekday, 2),
    _Rule(re.compile(r"\b(?P<word>today|tonight|yesterday|tomorrow|the\s+day\s+before\s+yesterday|"
                     r"the\s+day\s+after\s+tomorrow)\b", re.I), _named_day, 2),
    # Relative to the anchor.
    _Rule(re.compile(rf"\b(?:{_PART}\s+)?(?P<rel>(?:earlier|later|early|late)\s+(?:this|last|next)|this\s+past|"
                     r"last|this|next|past|coming)\s+(?P<unit>week(?:end)?|month|year|spring|summer|fall|"
                     r"autumn|winter)\b", re.I), _relative_unit, 2),
    _Rule(re.compile(rf"\b{_HEDGE}{_COUNT}\s+{_UNIT}\s+ago\b", re.I), lambda m: _offset(m, "ago"), 2),
    _Rule(re.compile(rf"\b{_HEDGE}{_COUNT}\s+{_UNIT}\s+from\s+now\b", re.I), lambda m: _offset(m, "from_now"), 2),
)


def _candidates(text: str) -> Iterator[tuple[int, int, int, dict]]:
    for rule in _RULES:
        for m in rule.pattern.finditer(text):
            fields = rule.build(m)
            if fields is not None:
                yield m.start(), m.end(), rule.priority, fields


def find_times(text: str) -> list[TimeMention]:
    """Every date-like time expression in ``text``, in order and without overlaps.

    Where expressions overlap, the longest wins ("Monday, September 28" over "Monday").
    """
    taken: list[tuple[int, int, dict]] = []
    for start, end, _, fields in sorted(_candidates(text), key=lambda c: (c[0] - c[1], c[2], c[0])):
        if all(end <= s or start >= e for s, e, _ in taken):
            taken.append((start, end, fields))
    return [TimeMention(text[s:e], s, e, **fields) for s, e, fields in sorted(taken, key=lambda t: t[0]) if fields]


# ------------------------------------------------------------------ resolution

def _day(d: date) -> TimeValue:
    return TimeValue(d.isoformat(), "day")


def _week(d: date) -> TimeValue:
    year, week, _ = d.isocalendar()
    return TimeValue(f"{_calendar_year(year):04d}-W{week:02d}", "week")


def _month_value(year: int, month: int) -> TimeValue:
    return TimeValue(f"{_calendar_year(year):04d}-{month:02d}", "month")


def _year_value(year: int) -> TimeValue:
    return TimeValue(f"{_calendar_year(year):04d}", "year")


def _calendar_year(year: int) -> int:
    """``year`` if a four-digit ISO value can carry it ("a million years ago" cannot)."""
    if not 1 <= year <= 9999:
        raise ValueError(f"year {year} is outside the calendar")
    return year


def _add_months(year: int, month: int, n: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + n
    return index // 12, index % 12 + 1


def _choose(candidates: list[date], anchor: date, tense: str | None, reach: int = 366) -> date:
    """The candidate the tense points to; without a tense, the nearest, leaning to the past.

    With ``reach`` (days), the tense is not followed further than that when a nearer date exists:
    "by Jan. 14" in a story of January 15 is the deadline just passed, not next year's.
    """
    past = [c for c in candidates if c <= anchor]
    future = [c for c in candidates if c >= anchor]
    if tense == "past" and past and (anchor - max(past)).days <= reach:
        return max(past)
    if tense == "future" and future and (min(future) - anchor).days <= reach:
        return min(future)
    # News reports the past far more than it announces: a future date must be much closer to win.
    return min(candidates, key=lambda c: (anchor - c).days if c <= anchor else 2 * (c - anchor).days)


_TENSE_REACH_DAYS = 300


def _month_day(m: TimeMention, anchor: date, tense: str | None) -> date | None:
    assert m.month is not None and m.day is not None
    options = [date(y, m.month, m.day) for y in (anchor.year - 1, anchor.year, anchor.year + 1)
               if _valid_day(y, m.month, m.day)]
    fitting = [d for d in options if m.weekday is None or d.weekday() == m.weekday]
    return _choose(fitting or options, anchor, tense, _TENSE_REACH_DAYS) if options else None


def _month_alone_value(m: TimeMention, anchor: date, tense: str | None) -> TimeValue:
    assert m.month is not None
    this_year = date(anchor.year, m.month, 1)
    first = date(anchor.year, anchor.month, 1)
    if m.relative == "last":
        return _month_value(anchor.year - (this_year >= first), m.month)
    if m.relative == "next":
        return _month_value(anchor.year + (this_year <= first), m.month)
    if m.relative == "this":
        return _month_value(anchor.year, m.month)
    options = [date(y, m.month, 1) for y in (anchor.year - 1, anchor.year, anchor.year + 1)]
    chosen = _choose(options, first, tense)
    return _month_value(chosen.year, chosen.month)


def _weekday_value(m: TimeMention, anchor: date, tense: str | None) -> TimeValue:
    assert m.weekday is not None
    back = (anchor.weekday() - m.weekday) % 7
    ahead = (m.weekday - anchor.weekday()) % 7
    if m.relative == "last":
        return _day(anchor - timedelta(days=back or 7))
    if m.relative == "next":
        return _day(anchor + timedelta(days=ahead or 7))
    if m.relative == "this":
        return _day(anchor + timedelta(days=m.weekday - anchor.weekday()))
    # A bare weekday in the present tense is a timetable ("voters go to the polls on Sunday"):
    # a past day would have been reported in the past tense.
    if tense in {"future", "present"}:
        return _day(anchor + timedelta(days=ahead))
    return _day(anchor - timedelta(days=back))


def _season_value(m: TimeMention, anchor: date) -> TimeValue:
    assert m.season is not None
    starts = [date(y, SEASONS[m.season], 1) for y in (anchor.year - 2, anchor.year - 1, anchor.year, anchor.year + 1)]
    if m.year is not None:
        return _year_value(m.year)
    current = max(s for s in starts if s <= anchor)
    current_is_it = (anchor - current).days < 92
    if m.relative == "last":
        return _year_value(current.year - 1 if current_is_it else current.year)
    if m.relative == "next":
        return _year_value(min(s for s in starts if s > anchor).year)
    return _year_value(current.year if current_is_it else min(s for s in starts if s > anchor).year)


def _shift(anchor: date, spec: str, sign: int) -> TimeValue | None:
    match = re.fullmatch(r"P(\d+)([DWMY])", spec)
    if match is None:
        return None
    n, unit = sign * int(match[1]), match[2]
    try:
        if unit == "D":
            return _day(anchor + timedelta(days=n))
        if unit == "W":
            return _week(anchor + timedelta(weeks=n))
        if unit == "M":
            return _month_value(*_add_months(anchor.year, anchor.month, n))
        return _year_value(anchor.year + n)
    except (OverflowError, ValueError):
        return None


def _relative_value(m: TimeMention, anchor: date) -> TimeValue | None:
    rel = m.relative or ""
    named = {"today": 0, "yesterday": -1, "tomorrow": 1}
    if rel in named:
        return _day(anchor + timedelta(days=named[rel]))
    if rel.startswith(("ago:", "from_now:")):
        kind, spec = rel.split(":", 1)
        return _shift(anchor, spec, -1 if kind == "ago" else 1)
    step_unit = re.fullmatch(r"(last|this|next)_(week|month|year)", rel)
    if step_unit is None:
        return None
    n = {"last": -1, "this": 0, "next": 1}[step_unit[1]]
    if step_unit[2] == "week":
        return _week(anchor + timedelta(weeks=n))
    if step_unit[2] == "month":
        return _month_value(*_add_months(anchor.year, anchor.month, n))
    return _year_value(anchor.year + n)


_YEAR_STEPS = {"last_year": -1, "this_year": 0, "next_year": 1}


def resolve(m: TimeMention, anchor: date, tense: str | None = None) -> TimeValue | None:
    """Place a mention on the calendar relative to ``anchor``.

    ``tense`` ("past", "future", "present" or None) says which way an un-yeared date, a bare month or
    a bare weekday points from the anchor; without it the nearest reading wins, leaning to the past.
    "present" counts as future for a bare weekday only, and as no tense otherwise.
    Returns None for mentions with no calendar value ("several weeks ago"), and for those whose
    value falls outside years 1-9999 (an anchor at the edge of the calendar, "in 5,000 years").
    """
    try:
        return _resolve(m, anchor, tense)
    except (OverflowError, ValueError):
        return None


def _resolve(m: TimeMention, anchor: date, tense: str | None) -> TimeValue | None:
    step = _YEAR_STEPS.get(m.relative or "")
    if m.month is not None and m.year is None and step is not None:
        # "October last year": the year is the anchor's, stepped; the month no longer floats.
        m = replace(m, year=anchor.year + step, relative=None)
    if m.season is not None:
        return _season_value(m, anchor)
    if m.month is not None and m.day is not None:
        if m.year is not None:
            return _day(date(m.year, m.month, m.day)) if _valid_day(m.year, m.month, m.day) else None
        found = _month_day(m, anchor, tense)
        return _day(found) if found else None
    if m.month is not None:
        return _month_value(m.year, m.month) if m.year is not None else _month_alone_value(m, anchor, tense)
    if m.year is not None:
        return _year_value(m.year)
    if m.weekday is not None:
        return _weekday_value(m, anchor, tense)
    return _relative_value(m, anchor)


def consistent_years(m: TimeMention, lo: int, hi: int) -> list[int]:
    """Years in [lo, hi] in which the mention's year, month, day and weekday all agree.

    "Monday, September 28" gives 2015, 2020, 2026 ...; a mention that constrains nothing gives every year.
    """
    years = []
    for y in range(lo, hi + 1):
        if m.year is not None and y != m.year:
            continue
        if m.month is not None and m.day is not None:
            if not _valid_day(y, m.month, m.day):
                continue
            if m.weekday is not None and date(y, m.month, m.day).weekday() != m.weekday:
                continue
        years.append(y)
    return years


def week_monday(value: str) -> date:
    """The Monday of an ISO week value: ``"2020-W39"`` -> 2020-09-21."""
    match = re.fullmatch(r"(\d{4})-W(\d{1,2})", value)
    if match is None:
        raise ValueError(f"not an ISO week value: {value!r}")
    return date.fromisocalendar(int(match[1]), int(match[2]), 1)


# ------------------------------------------------------------------ tense without a parser

_FUTURE_CUES = re.compile(r"\b(?:will|won't|shall|'ll|going\s+to|(?:plan|intend|hope|want|expect)(?:s|ed|ing)?\s+to|"
                          r"(?:decided|agreed|promised|vowed|pledged|voted|offered)\s+to|scheduled|due\s+to|"
                          r"(?:set|slated)\s+(?:to|for)|ready\s+to|poised\s+to|about\s+to|is\s+to|are\s+to|"
                          r"to\s+be\s+held|would|"
                          r"upcoming|next)\b", re.I)
_PAST_CUES = re.compile(r"\b(?:(?-i:[a-z]{2,}(?<!e)(?<!hundr)ed)|said|was|were|had|did|told|met|left|began|came|went|"
                        r"took|made|held|gave|saw|fell|hit|spoke|won|lost|sent|struck|found|got|rose|ran|brought|"
                        r"fought|became|chose|led|shot|thought|knew|felt|kept|paid|sold|wrote|stood|broke|blew|"
                        r"flew|threw|drove|ago|last|earlier)\b", re.I)
_PRESENT_CUES = re.compile(r"\b(?:is|are|am|remains?|begins?)\b", re.I)
# "..., Castro said." reports the whole sentence; it says little about a date inside the quote.
_REPORTING = re.compile(r"said|says|told|added|announced", re.I)
_REPORTING_PENALTY = 60
# A deadline or an earliest time is ahead of the speaker whatever the verb's tense. Lower case only:
# a sentence that opens "Until Thursday, they had not ..." looks back.
_FUTURE_LEAD = re.compile(r"\b(?:by|until|till|as\s+(?:soon|early)\s+as|no\s+later\s+than|between\s+now\s+and)"
                          r"\s+(?:the\s+)?$")
_SENTENCE_REACH = 300
# Only a preposition between a verb and the date: the date modifies that verb, whatever follows.
_ATTACHED = re.compile(r"\s+(?:(?:on|for|in|at|since|from|until|by|during|over|early|late|last)\s+)?(?:the\s+)?")


def tense_hint(text: str, start: int, end: int) -> str | None:
    """A cheap guess at the tense around ``text[start:end]``, for callers without a parser.

    A deadline preposition ("by Jan. 14", "until Tuesday") means future; a possessive
    ("Wednesday's ruling") names a day through its event, so the clause's tense says nothing.
    Otherwise the nearest tense cue within the mention's sentence decides (present tense gives
    None); None also when there is no cue.
    """
    if _FUTURE_LEAD.search(text, max(0, start - 30), start):
        return "future"
    if text.startswith(("'s", "\u2019s"), end):
        return None
    left = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start), start - _SENTENCE_REACH) + 1
    stops = [i for i in (text.find(". ", end), text.find("\n", end)) if i != -1]
    right = min([*stops, end + _SENTENCE_REACH])
    best: tuple[int, str | None] | None = None
    for pattern, tense in ((_FUTURE_CUES, "future"), (_PAST_CUES, "past"), (_PRESENT_CUES, None)):
        for cue in pattern.finditer(text, left, right):
            if start <= cue.start() < end or (tense == "past" and text.endswith("be ", 0, cue.start())):
                continue    # a participle after "be" is passive voice, not past tense
            distance = start - cue.end() if cue.end() <= start else cue.start() - end
            if cue.end() <= start and _ATTACHED.fullmatch(text, cue.end(), start):
                distance = -1   # "began on Monday": the verb the date's phrase hangs on
            if cue.start() >= end and _REPORTING.fullmatch(cue.group()):
                distance += _REPORTING_PENALTY
            if best is None or distance < best[0]:
                best = (distance, tense)
    return best[1] if best else None
