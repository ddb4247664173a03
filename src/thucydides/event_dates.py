"""Which time expression dates which event.

The article's time expressions are found on the text (thucydides.timex), given the tense of the
clause they sit in (from the parse, or a parser-free guess for sentences the triage left bare),
resolved against the article date, and attached to the events of their sentence: an event takes the
time of its own clause first, then one inside its clause, then that of the event whose clause it is
in, then a sentence-level one, and a reported event the time of its report.
"""
from __future__ import annotations

from datetime import date, timedelta

from spacy.tokens import Doc, Span, Token

from thucydides import nlp, timex
from thucydides.coding.extractor import Frame
from thucydides.coding.lexicon import Grammar
from thucydides.dating import DatedMention, clause_tense


def dated_mentions(doc: Doc, grammar: Grammar) -> list[DatedMention]:
    """Every time expression of the article, with the tense of its clause and the noun it modifies, if any."""
    out = []
    for mention in timex.find_times(doc.text):
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is None or len(span) == 0:
            out.append(DatedMention(mention, None))
            continue
        root = span.root
        if not nlp.is_parsed(root.sent):   # left bare by the triage: the parser-free guess
            out.append(DatedMention(mention, timex.tense_hint(doc.text, mention.start, mention.end)))
            continue
        modifies = None
        if root.dep_ in {"compound", "nmod", "amod", "nummod"} and root.head.pos_ == "NOUN" and root.head not in span:
            head = root.head
            modifies = " ".join(t.lower_ for t in head.subtree if t.i >= span.end and t.i <= head.i)
        out.append(DatedMention(mention, clause_tense(root, grammar), modifies))
    return out


def resolve_times(mentions: list[DatedMention], day: date | None) -> list[tuple[DatedMention, timex.TimeValue]]:
    """The mentions that resolve to a calendar value from the article date ``day``, with that value."""
    if day is None:
        return []
    out = []
    for dm in mentions:
        value = timex.resolve(dm.mention, day, dm.tense)
        if value is not None:
            out.append((dm, value))
    return out


def attach_times(sent: Span, frames: list[Frame],
                 times: list[tuple[DatedMention, timex.TimeValue]]) -> dict[int, tuple[DatedMention, timex.TimeValue]]:
    """Give each event the time expression its clause carries; sentence-level times go to the rest."""
    doc = sent.doc
    anchors: dict[int, Frame] = {}
    for frame in frames:
        for tok in (frame.trigger, frame.anchor):
            anchors.setdefault(tok.i, frame)
    own: dict[int, tuple] = {}
    floating = []
    for dm, value in times:
        if not (sent.start_char <= dm.mention.start < sent.end_char) or dm.modifies:
            continue
        span = doc.char_span(dm.mention.start, dm.mention.end, alignment_mode="expand")
        if span is None:
            continue
        node = span.root
        attached = None
        for anc in [node, *node.ancestors]:
            if anc.i in anchors:
                attached = anchors[anc.i]
                break
        if attached is not None:
            own.setdefault(attached.trigger.i, (dm, value))
        else:
            floating.append((dm, value))
    # An event without its own time takes one from inside its clause ("used gas in an attack in
    # 2018") before a sentence-level one ("the agency said on Friday that ...").
    roots = []
    for dm, value in times:
        if sent.start_char <= dm.mention.start < sent.end_char and not dm.modifies:
            span = doc.char_span(dm.mention.start, dm.mention.end, alignment_mode="expand")
            if span is not None:
                roots.append((span.root, (dm, value)))
    for frame in frames:
        if frame.trigger.i in own:
            continue
        # ... but not one that belongs to an event the clause places before or after it ("lodged a
        # protest after ships fired on Saturday": Saturday dates the firing, not the protest).
        inside = [item for root, item in roots if frame.anchor in root.ancestors
                  and not _sequenced_away(_nearest_event(root, anchors), frame)]
        if inside:
            own[frame.trigger.i] = inside[0]
            continue
        # "... struck on Wednesday, prompting warnings": an event in a dated event's clause shares its date;
        # "fired on Wednesday, two days after Pyongyang threatened ...": the clause's own distance moves it.
        for anc in frame.anchor.ancestors:
            if anc.i in anchors and anchors[anc.i].trigger.i in own and anchors[anc.i] is not frame:
                governing = own[anchors[anc.i].trigger.i]
                own[frame.trigger.i] = _shifted(frame.anchor, anc, governing) or governing
                break
    if floating:
        for frame in frames:
            own.setdefault(frame.trigger.i, floating[0])
    # "On Monday the military said a rocket killed ...": a reported event takes the report's date.
    for frame in frames:
        verb = frame.report_verb
        if frame.trigger.i not in own and verb is not None and verb.i in anchors:
            reporter_time = own.get(anchors[verb.i].trigger.i)
            if reporter_time is not None:
                own[frame.trigger.i] = reporter_time
    return own


def _nearest_event(node: Token, anchors: dict[int, Frame]) -> Frame | None:
    """The event whose trigger or clause head is the closest ancestor of ``node``."""
    for anc in node.ancestors:
        if anc.i in anchors:
            return anchors[anc.i]
    return None


def _sequenced_away(other: Frame | None, frame: Frame) -> bool:
    """Whether ``other`` is an event in an after/before clause under ``frame``: its time is not ``frame``'s
    ("when its fighters stormed ... on October 7" shares the time; "after ships fired on Saturday" does not)."""
    if other is None or other is frame:
        return False
    node = other.anchor
    while node.i != frame.anchor.i and node.head.i != node.i:
        if node.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in _SEQUENCE_MARKS for c in node.children):
            return True
        node = node.head
    return False


_SEQUENCE_MARKS = {"after", "before", "since", "until", "till"}
_SHIFT_DAYS = {"day": 1, "week": 7}


def _shifted(anchor: Token, governor: Token, governing: tuple[DatedMention, timex.TimeValue]):
    """The date of an event in an "N days after/before" clause under an event dated to the day.

    "struck on Thursday, two days after Iran launched strikes": the clause's event lies N days
    before the governing event ("after") or N days after it ("before"); weeks keep week precision.
    None when no such distance stands between ``anchor`` and ``governor``, or the governing date is
    not a day.
    """
    _, value = governing
    if value.precision != "day":
        return None
    node = anchor
    while node.i != governor.i:
        if node.dep_ == "advcl":
            marks = [c for c in node.children if c.dep_ == "mark" and c.lower_ in {"after", "before"}]
            amounts = [c for c in node.children if c.dep_ == "npadvmod" and c.lemma_.lower() in _SHIFT_DAYS]
            if marks and amounts:
                unit = amounts[0]
                counts = [c for c in unit.children if c.dep_ in {"nummod", "det"}]
                n = timex.count_words(counts[0].text) if counts else None
                if n is None:
                    return None
                days = n * _SHIFT_DAYS[unit.lemma_.lower()] * (-1 if marks[0].lower_ == "after" else 1)
                day = date.fromisoformat(value.value) + timedelta(days=days)
                doc = anchor.doc
                first, last = min(counts[0].i, marks[0].i), max(unit.i, marks[0].i)
                text = doc[first:last + 1]
                mention = timex.TimeMention(text=text.text, start=text.start_char, end=text.end_char)
                if unit.lemma_.lower() == "week":
                    monday = day - timedelta(days=day.weekday())
                    iso = monday.isocalendar()
                    return DatedMention(mention, None), timex.TimeValue(f"{iso[0]}-W{iso[1]:02d}", "week")
                return DatedMention(mention, None), timex.TimeValue(day.isoformat(), "day")
        if node.head.i == node.i:
            return None
        node = node.head
    return None
