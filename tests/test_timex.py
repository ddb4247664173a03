"""Time expressions: finding, resolving against an anchor, and the TimeML scorer."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from thucydides.evaluation.timeml import read_timeml, score_timeml, value_matches
from thucydides.timex import (
    TimeMention,
    TimeValue,
    consistent_years,
    find_times,
    resolve,
    tense_hint,
    week_monday,
)

ANCHOR = date(2020, 9, 30)   # a Wednesday
DEV = Path("/work/shared/eval/timeml_dev")


def only(text: str) -> TimeMention:
    found = find_times(text)
    assert len(found) == 1, found
    return found[0]


def value(text: str, tense: str | None = None, anchor: date = ANCHOR) -> tuple[str, str] | None:
    resolved = resolve(only(text), anchor, tense)
    return (resolved.value, resolved.precision) if resolved else None


@pytest.mark.parametrize("text", [
    "on September 28, 2020 the", "28 September 2020", "Sept. 28", "Sep 28th", "2020-09-28", "9/28/2020",
    "September 28 2020", "Monday, Sept. 28",
])
def test_explicit_dates(text: str) -> None:
    assert value(text) == ("2020-09-28", "day")


@pytest.mark.parametrize("text,tense,expected", [
    ("November 3", None, "2020-11-03"),        # five weeks ahead beats eleven months back
    ("March 5", None, "2020-03-05"),           # seven months back beats five ahead
    ("December 25", "past", "2019-12-25"),
    ("January 10", "future", "2021-01-10"),
    ("July 1", "future", "2021-07-01"),         # nine months ahead: the tense still decides
])
def test_month_day_without_year(text: str, tense: str | None, expected: str) -> None:
    assert value(text, tense) == (expected, "day")


def test_deadline_just_passed_is_not_next_year() -> None:
    assert value("Jan. 14", "future", date(2000, 1, 15)) == ("2000-01-14", "day")


def test_weekday_with_date_picks_the_fitting_year() -> None:
    mention = only("on Monday, September 28")
    assert (mention.weekday, mention.month, mention.day, mention.year) == (0, 9, 28, None)
    assert resolve(mention, date(2021, 1, 15)) == TimeValue("2020-09-28", "day")
    assert consistent_years(mention, 2010, 2030) == [2015, 2020, 2026]


@pytest.mark.parametrize("text,tense,expected", [
    ("Monday", "past", "2020-09-28"),
    ("Monday", None, "2020-09-28"),
    ("Monday", "future", "2020-10-05"),
    ("Wednesday", "past", "2020-09-30"),      # a bare weekday may be the anchor itself
    ("last Wednesday", "past", "2020-09-23"),  # "last" never is
    ("next Wednesday", None, "2020-10-07"),
    ("this Friday", None, "2020-10-02"),
    ("Tuesday night", None, "2020-09-29"),
    ("today", None, "2020-09-30"),
    ("yesterday", "future", "2020-09-29"),
    ("tomorrow", None, "2020-10-01"),
    ("two days ago", None, "2020-09-28"),
    ("11 days ago", None, "2020-09-19"),
])
def test_days(text: str, tense: str | None, expected: str) -> None:
    assert value(text, tense) == (expected, "day")


def test_time_of_day_stays_in_the_span() -> None:
    assert only("the attack on Tuesday night killed").text == "Tuesday night"
    assert only("until 9 a.m. EST Tuesday.").text == "9 a.m. EST Tuesday"


@pytest.mark.parametrize("text,expected", [
    ("last week", "2020-W39"), ("this week", "2020-W40"), ("next week", "2020-W41"),
    ("three weeks ago", "2020-W37"), ("last weekend", "2020-W39"),
])
def test_weeks(text: str, expected: str) -> None:
    assert value(text) == (expected, "week")


@pytest.mark.parametrize("text,tense,expected", [
    ("last month", None, "2020-08"),
    ("earlier this month", None, "2020-09"),
    ("this month", None, "2020-09"),
    ("next month", None, "2020-10"),
    ("in August", "past", "2020-08"),
    ("in August", "future", "2021-08"),
    ("in September", "past", "2020-09"),
    ("last September", None, "2019-09"),
    ("next October", None, "2020-10"),
    ("by the end of October", "future", "2020-10"),
    ("early September", None, "2020-09"),
    ("mid-September", None, "2020-09"),
    ("late September", None, "2020-09"),
    ("two months ago", None, "2020-07"),
    ("July 1997", None, "1997-07"),
])
def test_months(text: str, tense: str | None, expected: str) -> None:
    assert value(text, tense) == (expected, "month")


@pytest.mark.parametrize("text,expected", [
    ("last year", "2019"), ("this year", "2020"), ("next year", "2021"), ("in 2019", "2019"),
    ("50 years ago", "1970"), ("a decade ago", "2010"), ("last fall", "2019"), ("next summer", "2021"),
    ("in the spring of 2018", "2018"), ("a 1996 law", "1996"), ("post-1959 politics", "1959"),
])
def test_years(text: str, expected: str) -> None:
    assert value(text) == (expected, "year")


def test_date_inside_a_noun_phrase_is_found() -> None:
    assert only("ahead of the November 3 presidential election").text == "November 3"


@pytest.mark.parametrize("text", [
    "over the past two years", "the last few days", "for the past week", "in the 1990s", "the early 1980s",
    "5,000 troops", "3,000 by then", "2 Iraqi women", "2000 troops", "$2019 in cash", "officials may close it",
    "Theresa May said", "April Ryan asked", "several Mondays", "The number 1,999 is not a year.",
])
def test_things_that_are_not_dates(text: str) -> None:
    assert find_times(text) == []


def test_months_named_may() -> None:
    assert only("elections in May").month == 5
    assert value("May 5, 2019") == ("2019-05-05", "day")


def test_vague_offsets_have_no_value() -> None:
    assert resolve(only("several weeks ago"), ANCHOR) is None


def test_mentions_are_ordered_and_apart() -> None:
    text = "On Monday, September 28, rockets hit. By the end of October 3,000 troops will stay; last year 5,000."
    found = find_times(text)
    assert [m.text for m in found] == ["Monday, September 28", "the end of October", "last year"]


def test_week_monday() -> None:
    assert week_monday("2020-W39") == date(2020, 9, 21)
    assert week_monday("2021-W01") == date(2021, 1, 4)
    with pytest.raises(ValueError):
        week_monday("2020-09")


@pytest.mark.parametrize("sentence,tense", [
    ("The talks will resume on Monday in Geneva.", "future"),
    ("Officials said on Monday that talks failed.", "past"),
    ("He must leave by Monday, the court ruled.", "future"),
    ("He was killed on Monday.", "past"),
    ("The summit would be held on Monday.", "future"),
    ("They will meet Monday, officials said.", "future"),
])
def test_tense_hint(sentence: str, tense: str) -> None:
    start = sentence.index("Monday")
    assert tense_hint(sentence, start, start + len("Monday")) == tense


@pytest.mark.parametrize("sentence,tense", [
    ("The lawmakers said on Monday the reform will pass.", "past"),        # the verb the date hangs on
    ("The strike, which began on Monday, will continue.", "past"),
    ("The ballot, slated for Monday, is expected to be close.", "future"),
    ("The envoy is poised to land on Monday.", "future"),
])
def test_tense_hint_follows_the_verb_before_the_date(sentence: str, tense: str) -> None:
    start = sentence.index("Monday")
    assert tense_hint(sentence, start, start + len("Monday")) == tense


@pytest.mark.parametrize("tense,expected", [
    ("present", "2020-10-04"), ("future", "2020-10-04"), ("past", "2020-09-27"), (None, "2020-09-27"),
])
def test_present_tense_weekday_is_a_timetable(tense: str | None, expected: str) -> None:
    # "voters go to the polls on Sunday" in a story of Wednesday, September 30: the coming Sunday.
    assert value("Sunday", tense) == (expected, "day")


def test_present_tense_is_no_tense_for_dates_and_months() -> None:
    assert value("September 28", "present") == value("September 28", None)
    assert value("in August", "present") == value("in August", None)


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=300))
@settings(max_examples=200, deadline=None)
def test_find_times_is_total_and_offsets_slice(text: str) -> None:
    found = find_times(text)
    for m in found:
        assert text[m.start:m.end] == m.text
        tense_hint(text, m.start, m.end)
    assert all(a.end <= b.start for a, b in zip(found, found[1:]))


_DATEISH = st.lists(st.sampled_from([
    "Monday", "Sept. 31", "February 29", "last week", "in May", "2019", "3 days ago", "the 1990s", "May 5,",
    "early", "next", "29", "/", "-", ", ", " ", "2/29/2021", "1999-02-30", "today", "fall", "ninety-nine years ago",
]), max_size=12).map("".join)


@given(_DATEISH, st.dates(min_value=date(1801, 1, 1), max_value=date(2200, 12, 31)),
       st.sampled_from([None, "past", "future"]))
@settings(max_examples=300, deadline=None)
def test_resolve_is_total(text: str, anchor: date, tense: str | None) -> None:
    for m in find_times(text):
        assert text[m.start:m.end] == m.text
        resolved = resolve(m, anchor, tense)
        assert resolved is None or resolved.precision in {"day", "week", "month", "year"}


@pytest.mark.parametrize("ours,gold,right", [
    (TimeValue("1998-08-07", "day"), "1998-08", True),
    (TimeValue("1998-08-07", "day"), "1998-08-08", False),
    (TimeValue("1998-08", "month"), "1998-08-07", False),
    (TimeValue("1999-W03", "week"), "1999-01", True),
    (TimeValue("2000-W05", "week"), "2000-W5", True),
    (TimeValue("2000-W05", "week"), "2000-W7", False),
])
def test_value_matches(ours: TimeValue, gold: str, right: bool) -> None:
    assert value_matches(ours, gold) is right


@pytest.mark.skipif(not DEV.is_dir(), reason="TimeML dev set not present")
def test_timeml_reader_and_scorer() -> None:
    paths = sorted(DEV.glob("*.tml"))[:3]
    doc = read_timeml(paths[0])
    assert doc.anchor == date(1998, 8, 7)
    assert all(doc.text[g.start:g.end] == g.text for g in doc.timexes)
    report = score_timeml(paths)
    assert report["documents"] == 3 and report["gold"] > 0
    for key in ("span_recall", "span_recall_dated", "span_precision", "timex_precision", "value_accuracy"):
        assert 0.0 <= report[key] <= 1.0


@pytest.mark.parametrize("text,expected", [
    ("in October last year", ("2019-10", "month")),
    ("on March 3 this year", ("2020-03-03", "day")),
    ("by June of next year", ("2021-06", "month")),
    ("in December last year", ("2019-12", "month")),
])
def test_a_month_of_a_stepped_year(text: str, expected: tuple[str, str]) -> None:
    assert value(text) == expected
