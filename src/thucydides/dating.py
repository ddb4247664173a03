"""Infer an article's publication date when none is given.

Evidence, each a set of candidate years with a reason: weekday-date pairs ("Monday, September 28"
fits only some years), people named with a title they held only in some years (dated roles in
the actor knowledge base), named elections ("the November 3 presidential election"), and explicit
years. The best-supported year wins; the day is the latest date the story reports in the past tense.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from thucydides.actors.kb import KnowledgeBase, Person, norm
from thucydides.timex import TimeMention, consistent_years

if TYPE_CHECKING:
    from spacy.tokens import Token

    from thucydides.coding.lexicon import Grammar

EARLIEST_YEAR = 1980


@dataclass
class DateInference:
    """The article date and why."""

    date: date | None
    inferred: bool
    evidence: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class TitledPerson:
    """A person named together with the title words that preceded or followed the name."""

    person: Person
    title_words: frozenset[str]
    former: bool


@dataclass(frozen=True)
class DatedMention:
    """A time mention with the tense of the clause it sits in and the noun it modifies, if any."""

    mention: TimeMention
    tense: str | None
    modifies: str | None = None     # lower-cased noun phrase the date modifies ("presidential election")


_GENERIC_TITLE_WORDS = {"of", "the", "for", "and", "to", "state", "affairs", "deputy", "chief"}


def _role_years(tp: TitledPerson, lo: int, hi: int) -> tuple[set[int], str] | None:
    if tp.former:
        ends = [r.end for r in tp.person.roles if r.end]
        if not ends:
            return None
        first = max(ends).year
        return set(range(first, hi + 1)), f"{tp.person.name} is called former (office ended {max(ends).isoformat()})"
    years: set[int] = set()
    reasons = []
    for role in tp.person.roles:
        words = set(norm(" ".join((role.title, *role.titles))).split()) - _GENERIC_TITLE_WORDS
        if not words & tp.title_words:
            continue
        start = role.start.year if role.start else lo
        end = role.end.year if role.end else hi
        years |= set(range(max(start, lo), min(end, hi) + 1))
        span = f"{role.start.isoformat() if role.start else '?'} to {role.end.isoformat() if role.end else 'present'}"
        reasons.append(f"{tp.person.name} was {role.title} from {span}")
    if not years:
        return None
    return years, "; ".join(reasons)


def infer_date(mentions: list[DatedMention], people: list[TitledPerson], kb: KnowledgeBase,
               today: date | None = None) -> DateInference:
    """Infer the publication date from the evidence in one article."""
    today = today or date.today()
    lo, hi = EARLIEST_YEAR, today.year
    votes: Counter[int] = Counter()
    evidence: list[str] = []

    floors: list[int] = []
    for dm in mentions:
        m = dm.mention
        if m.year and not m.month and dm.modifies and dm.tense == "past":
            # "came third in the 2019 presidential election": a year that names a past event says
            # the story was written after it, not that it is that year's news.
            floors.append(m.year)
            evidence.append(f"'{m.text} {dm.modifies}' is named as past: the story is from {m.year} or later")
            continue
        if m.weekday is not None and m.month and m.day and not m.year:
            years = set(consistent_years(m, lo, hi))
            if years:
                votes.update({y: 2 for y in years})
                shown = ", ".join(str(y) for y in sorted(years)[-6:])
                evidence.append(f"'{m.text}' is a real weekday-date only in {shown}")
        if m.year and dm.tense != "future":
            # A story reports the past: its own year, or the next one for a December date.
            votes.update({m.year: 3, m.year + 1: 1} if m.month == 12 else {m.year: 3})
            evidence.append(f"'{m.text}' names the year {m.year}")
        if dm.modifies and m.month and m.day and "election" in dm.modifies:
            matches = [e for e in kb.elections if e.day.month == m.month and e.day.day == m.day
                       and any(w in dm.modifies for w in (e.kind.lower(), *e.names) if w)]
            for election in matches:
                votes[election.day.year] += 3
                evidence.append(f"'{m.text} {dm.modifies}' matches the {election.country} {election.kind} "
                                f"election of {election.day.isoformat()}")

    seen: set[str] = set()
    for tp in people:
        if tp.person.name in seen:
            continue
        found = _role_years(tp, lo, hi)
        if found:
            seen.add(tp.person.name)
            years, reason = found
            votes.update({y: 2 for y in years})
            evidence.append(reason)

    if floors:
        floor = max(floors)
        later = Counter({y: v for y, v in votes.items() if y >= floor})
        # With nothing else to go on, the earliest year the bound allows is the weak guess.
        votes = later or Counter({floor: 1})
    if not votes:
        return DateInference(None, True, ["no date evidence in the text"])
    first, last = _office_window(people, lo, hi, kb)
    inside = {y: v for y, v in votes.items() if first.year <= y <= last.year}
    if inside and len(inside) < len(votes):
        # The people the story names in office were all in office together only in this window;
        # a year outside it ("scrapped in 2018") is background, not the story's own.
        evidence.append(f"the offices named were held together from {first.isoformat()} to {last.isoformat()}")
        votes = Counter(inside)
    elif not inside:
        first, last = date(lo, 1, 1), date(hi, 12, 31)
    best = max(votes.values())
    year = max(y for y, v in votes.items() if v == best)
    day = _latest_reported_day(mentions, year, today, last)
    evidence.insert(0, f"year {year} has the most support ({best} points)")
    if day is None:
        end = min(date(year, 12, 31) if year < today.year else today, max(last, date(year, 1, 1)))
        why = "the year's end" if end == date(year, 12, 31) else "the last day the offices named fit"
        return DateInference(end, True, evidence + [f"no day-precise date reported; {why} is used"])
    evidence.append(f"latest date reported in the past tense: {day.isoformat()}")
    return DateInference(day, True, evidence)


def _office_window(people: list[TitledPerson], lo: int, hi: int, kb: KnowledgeBase) -> tuple[date, date]:
    """The days on which every person named with a title (or as 'former') fits it, as (first, last).

    The whole range when the offices never overlap (the knowledge or the text is wrong, and one
    office must not veto the rest).
    """
    first, last = date(lo, 1, 1), date(hi, 12, 31)
    for tp in people:
        span = _office_span(tp, frozenset(kb.country_names))
        if span is None:
            continue
        start, end = span
        if max(first, start or first) > min(last, end or last):
            return date(lo, 1, 1), date(hi, 12, 31)
        first, last = max(first, start or first), min(last, end or last)
    return first, last


def _office_span(tp: TitledPerson, nationalities: frozenset[str]) -> tuple[date | None, date | None] | None:
    """From the start of the earliest to the end of the latest office the title words match.

    A nationality ("U.S. Ambassador") matches every office of a country's official, so it is no match.
    """
    if tp.former:
        ends = [r.end for r in tp.person.roles if r.end]
        return (max(ends), None) if ends else None
    matched = [r for r in tp.person.roles
               if (set(norm(" ".join((r.title, *r.titles))).split()) - _GENERIC_TITLE_WORDS - nationalities)
               & tp.title_words]
    if not matched:
        return None
    starts = [r.start for r in matched]
    ends = [r.end for r in matched]
    return (None if None in starts else min(starts)), (None if None in ends else max(ends))


def _latest_reported_day(mentions: list[DatedMention], year: int, today: date,
                         last: date | None = None) -> date | None:
    """The latest day-precise date that the story reports as past, placed in ``year`` (and not after ``last``)."""
    days = []
    for dm in mentions:
        m = dm.mention
        if dm.tense == "future" or dm.modifies or not (m.month and m.day):
            continue
        y = m.year or year
        if m.year is None or m.year == year:
            try:
                candidate = date(y, m.month, m.day)
            except ValueError:
                continue
            if candidate <= today and (last is None or candidate <= last):
                days.append(candidate)
    return max(days) if days else None



# ------------------------------------------------------------------ tense from the parse

_FUTURE_AUX = frozenset({"will", "shall", "'ll"})
_PAST_AUX = frozenset({"had", "has", "have", "did", "was", "were", "'d", "'ve"})
_PRESENT_AUX = frozenset({"is", "are", "am", "'s", "'re", "'m"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass", "expl"})


def _reporting_attachment(verb: Token, attach: Token, grammar: Grammar) -> Token:
    """The reporting verb when the parser hung its date on the reported clause by mistake.

    In "the army said on Tuesday it will withdraw" the parser often makes "on Tuesday" part of
    "it will withdraw". A date that stands between the reporting verb and the reported clause's
    subject belongs to the reporting: the clause proper starts at its subject.
    """
    head = verb.head
    if verb.dep_ != "ccomp" or head.i >= attach.i or not grammar.has("reporting_verbs", head.lemma_.lower()):
        return verb
    subjects = [c for c in verb.children if c.dep_ in _SUBJECTS]
    if subjects and all(attach.i < s.i for s in subjects):
        return head
    return verb


def clause_tense(token: Token, grammar: Grammar) -> str | None:
    """Past, future or present for the clause a time expression (its root ``token``) sits in.

    The expression's governing verb decides: "will"/"shall" or a modal give future, as does a verb
    in the complement of a future governor ("is expected to arrive on Friday", grammar.yaml
    ``future_governors``), "be to" ("is to visit on Saturday") and "be going to"; a scheduling
    participle or adjective governing the date gives future too ("scheduled for Thursday",
    "set for Sunday", "due on Monday"). A past form or auxiliary gives past. A present-tense verb
    that the date hangs on directly gives "present" ("voters go to the polls on Sunday", "the
    council is meeting on Friday"): in news that is a timetable, so a bare weekday points forward.
    Not when the date reaches the verb through a noun ("the attack on Sunday is the third this
    month") nor for a verb of saying ("police say").
    """
    node, prev = token, None
    through_noun = False
    for _ in range(8):
        if node.pos_ == "ADJ" and prev is not None and grammar.has("future_governors", node.lemma_.lower()) \
                and node.head.tag_ not in {"VBD", "VBN"}:
            return "future"      # "the verdict is due on Monday"
        if node.pos_ in {"VERB", "AUX"}:
            node = _reporting_attachment(node, prev or token, grammar)
            return _verb_tense(node, prev, through_noun, grammar)
        if node.pos_ in {"NOUN", "PROPN", "PRON"} and node is not token and prev is not None \
                and prev.dep_ not in {"compound", "flat"}:
            through_noun = True
        if node.head.i == node.i:
            return None
        node, prev = node.head, node
    return None


def _verb_tense(node: Token, prev: Token | None, through_noun: bool, grammar: Grammar) -> str | None:
    """The tense of verb ``node``, reached from its child ``prev`` on the way up from a date."""
    lemma = node.lemma_.lower()
    head = node.head
    aux = {c.lower_ for c in node.children if c.dep_ in {"aux", "auxpass"}}
    if node.tag_ == "VB" and node.dep_ == "xcomp":
        if grammar.has("future_governors", head.lemma_.lower()):
            return "future"   # "is expected to travel on Thursday", "plans to visit on Monday"
        if "to" in aux and ((head.lemma_ == "be" and head.tag_ in {"VBZ", "VBP"})
                            or (head.lemma_ == "go" and head.tag_ == "VBG")):
            return "future"   # "is to visit on Saturday", "is going to vote on Monday"
    if aux & _FUTURE_AUX or node.tag_ == "MD":
        return "future"
    if node.tag_ == "VBN" and prev is not None and prev.dep_ == "prep" and prev.lower_ == "for" \
            and grammar.has("future_governors", lemma):
        return "future"       # "scheduled for Thursday", "elections set for Sunday"
    if node.tag_ == "VBD" or aux & _PAST_AUX:
        return "past"
    if node.tag_ == "VBN":
        return "present" if aux & _PRESENT_AUX and not through_noun else "past"
    present = node.tag_ in {"VBZ", "VBP"} or (node.tag_ == "VBG" and aux & _PRESENT_AUX)
    if present and not through_noun and not grammar.has("reporting_verbs", lemma):
        return "present"
    return None
