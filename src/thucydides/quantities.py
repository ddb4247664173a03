"""Counts in news text: killed, wounded, arrested, troops, money, tied to event triggers.

A count is a number phrase ("at least 12", "3.5 million", "a dozen") together with what it counts.
What it counts comes, in order of trust, from the currency it names, the verb it is the undergoer
of ("killed 12 civilians" -> killed), the noun it modifies ("5,000 troops" -> troops), or, for a bare
figure, the subject of its verb ("the death toll rose to 40", "this number is expected to fall to
3,000", where "this number" points back at the previous sentence's last figure).
All word lists live in ``data/number_words.yaml`` and ``data/quantity_words.yaml``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml
from spacy.tokens import Span, Token

# Entity types whose digits are not counts of anything ("in 2019", "September 28", "5 percent").
_NOT_COUNTS = frozenset({"DATE", "TIME", "PERCENT", "ORDINAL"})
# Dependents of a number that belong to its phrase ("more than 5,000", "$2 billion", "a dozen").
_PHRASE_DEPS = frozenset({"compound", "quantmod", "advmod", "amod", "punct", "det", "nummod", "npadvmod"})
# Relations in which a noun is what a verb acts on.
_PATIENT_DEPS = frozenset({"dobj", "nsubjpass", "attr", "oprd", "obj"})
# Clauses that describe the same happening as a trigger, so their counts belong to it.
_FAMILY_DEPS = frozenset({"conj", "advcl", "xcomp", "acl", "relcl", "pcomp"})

_DIGITS = re.compile(r"^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?([a-z]*)$")


@dataclass(frozen=True)
class _Count:
    category: str
    value: int
    number: int      # token index of the phrase head
    governor: int    # token index of the word the count attaches to
    source: bool     # the "from" end of a change ("from 5,000 to 3,000")


@cache
def _numbers() -> dict[str, Any]:
    return _load("number_words.yaml")


@cache
def _lexicon() -> dict[str, Any]:
    return _load("quantity_words.yaml")


def _load(name: str) -> dict[str, Any]:
    text = resources.files("thucydides.data").joinpath(name).read_text("utf-8")
    return yaml.safe_load(text)


@cache
def _qualifier_pattern() -> re.Pattern[str]:
    quals = sorted(_numbers()["qualifiers"], key=len, reverse=True)
    return re.compile(r"^(?:(?:" + "|".join(re.escape(q) for q in quals) + r")\s+)+")


# ------------------------------------------------------------------ parsing numbers

def parse_number(text: str) -> int | None:
    """Read a number written in digits, words or both; None when the text is not a number.

    Hedges are dropped and the figure kept ("at least 12" -> 12); currency marks are ignored
    ("$2 billion" -> 2000000000); vague plurals take their smallest value ("dozens" -> 12).
    """
    dashed = text.lower().replace("\u2013", "-").replace("\u2014", "-")
    between = re.match(r"\W*between\s", dashed) is not None
    cleaned = _strip(re.sub(r"(?<=[a-z])-(?=[a-z])", " ", dashed))  # "twenty-one" -> "twenty one"
    splitter = r"\s+(?:to|or|and)\s+|\s*-\s*" if between else r"\s+(?:to|or)\s+|\s*-\s*"
    bounds = re.split(splitter, cleaned)
    if len(bounds) == 2:
        # A range is recorded at its lower bound, as event data usually does ("10 to 15" -> 10).
        low, high = _parse_words(_strip(bounds[0])), _parse_words(_strip(bounds[1]))
        return None if low is None or high is None else min(low, high)
    return _parse_words(cleaned) if len(bounds) == 1 else None


def _strip(text: str) -> str:
    """Drop hedges and currency marks around a figure."""
    text = re.sub(r"^(?:us\$|[$€£¥])\s*", "", text.strip())
    text = _qualifier_pattern().sub("", text)
    return re.sub(r"^(?:us\$|[$€£¥])\s*", "", text)


def _parse_words(cleaned: str) -> int | None:
    """Read one number (no range, no hedge) from lower-cased text."""
    words = _numbers()
    tokens = [t for t in re.split(r"\s+", cleaned) if t and t != "and"]
    if not tokens:
        return None
    if len(tokens) == 1 and tokens[0] in words["vague"]:
        return int(words["vague"][tokens[0]])
    total, group, seen = 0.0, 0.0, False
    for i, tok in enumerate(tokens):
        match = _DIGITS.match(tok)
        if match:
            value = float(match.group(1).replace(",", "") + "." + (match.group(2) or "0"))
            suffix = match.group(3)
            if suffix:
                if suffix not in words["scale_suffixes"]:
                    return None
                total += value * words["scale_suffixes"][suffix]
            else:
                group += value
            seen = True
        elif tok in ("a", "an") and i + 1 < len(tokens) and (
                tokens[i + 1] in words["multipliers"] or tokens[i + 1] in words["scales"]):
            group += 1  # "a dozen", "a hundred": the article counts one of what follows
        elif tok in words["units"]:
            group += words["units"][tok]
            seen = True
        elif tok in words["multipliers"]:
            group = (group or 1) * words["multipliers"][tok]
            seen = True
        elif tok in words["scales"] or (seen and tok in words["scale_suffixes"]):
            scale = words["scales"].get(tok) or words["scale_suffixes"][tok]
            total += (group or 1) * scale
            group = 0
            seen = True
        else:
            return None
    return int(round(total + group)) if seen else None


# ------------------------------------------------------------------ finding counts

def _is_numeric(tok: Token) -> bool:
    if tok.ent_type_ in _NOT_COUNTS and _date_like(tok):
        return False
    if tok.like_num:
        return True
    low = tok.lower_
    words = _numbers()
    return any(low in words[key] for key in ("units", "multipliers", "scales", "vague"))


def _date_like(tok: Token) -> bool:
    """Whether a number inside a DATE/TIME/PERCENT/ORDINAL entity is part of a real date or measure.

    The tagger sometimes calls a bare count a date ("between 10 and 15 people"); only an entity
    with a year-like figure or a word that is not a number or a hedge is trusted.
    """
    if tok.ent_type_ != "DATE":
        return True
    start, end = tok.i, tok.i + 1     # the entity around the token, from its IOB tags
    while start > 0 and tok.doc[start].ent_iob_ == "I":
        start -= 1
    while end < len(tok.doc) and tok.doc[end].ent_iob_ == "I":
        end += 1
    ent = tok.doc[start:end]
    hedges = {w for q in _numbers()["qualifiers"] for w in q.split()} | {"and", "to", "or"}
    for member in ent:
        if re.fullmatch(r"(1[6-9]|20)\d\d", member.text):
            return True
        if not (member.like_num or member.is_punct or member.lower_ in hedges):
            return True
    return False


def _number_heads(sent: Span) -> list[Token]:
    """Numeric tokens that head their number phrase ("billion" in "$2 billion")."""
    heads = []
    for tok in sent:
        if not _is_numeric(tok):
            continue
        if tok.head is not tok and _is_numeric(tok.head) and tok.dep_ in _PHRASE_DEPS:
            continue
        if any(c.dep_ == "det" and c.lower_ == "no" for c in tok.children):
            continue  # "no one was hurt"
        heads.append(tok)
    return heads


def _phrase(head: Token) -> Span:
    """The contiguous number phrase ending at ``head``."""
    members = {head.i}
    frontier = [head]
    while frontier:
        tok = frontier.pop()
        for child in tok.children:
            if child.dep_ in _PHRASE_DEPS and child.i < head.i and child.i not in members:
                members.add(child.i)
                frontier.append(child)
    start = head.i
    while start - 1 in members:
        start -= 1
    return head.doc[start:head.i + 1]


def _currency(tokens: list[Token]) -> str | None:
    table = _lexicon()["currencies"]
    for tok in tokens:
        for key in (tok.lower_, tok.lemma_.lower()):
            if key in table:
                return "money_" + table[key].lower()
    return None


def _counted_noun(head: Token) -> tuple[Token | None, Token]:
    """The noun a number counts (or None for a bare figure), and the token that carries its relation."""
    if head.dep_ in ("nummod", "quantmod") and head.head is not head:
        return head.head, head.head
    for prep in head.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            objs = [c for c in prep.children if c.dep_ == "pobj"]
            if objs:
                return objs[0], head  # "dozens of protesters", "three of the soldiers"
    return None, head


def _attachment(carrier: Token) -> tuple[Token, str]:
    """The governor of a counted phrase and the relation to it, looking through conjunctions and prepositions."""
    tok = carrier
    while tok.dep_ in ("conj", "appos") and tok.head is not tok:
        tok = tok.head
    rel = tok.dep_
    governor = tok.head
    if rel == "pobj" and governor.head is not governor:
        rel = "pobj:" + governor.lower_
        governor = governor.head
        while governor.pos_ == "ADP" and governor.head is not governor:
            governor = governor.head  # "from 5,200 to 3,000": "to" hangs off "from"
    return governor, rel


def _verb_category(governor: Token, rel: str) -> str | None:
    lex = _lexicon()
    category = lex["verbs"].get(governor.lemma_.lower())
    if category is None or governor.pos_ not in ("VERB", "AUX"):
        return None
    if rel in _PATIENT_DEPS:
        return category
    if rel == "nsubj":
        has_object = any(c.dep_ in ("dobj", "obj") for c in governor.children)
        if governor.lemma_.lower() in lex["intransitive"] or not has_object:
            return category  # "30 died", "12 killed and 30 wounded"
    return None


def _noun_category(noun: Token) -> str | None:
    lex = _lexicon()
    for child in noun.children:
        if child.dep_ in ("amod", "acl") and child.i > noun.i:
            found = lex["predicates"].get(child.lower_) or (
                lex["verbs"].get(child.lemma_.lower()) if child.tag_ == "VBN" else None)
            if found:
                return found  # "12 people missing", "12 people killed in the blast"
    lemma = noun.lemma_.lower()
    return lex["nouns"].get(lemma) or lex["nouns"].get(noun.lower_) or lex["tolls"].get(lemma)


def _clause_subjects(verb: Token) -> list[Token]:
    """Subjects and objects of a verb, climbing xcomp/conj chains for a shared subject."""
    found: list[Token] = []
    tok = verb
    for _ in range(4):
        found += [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass", "dobj", "expl")]
        if found or tok.dep_ not in ("xcomp", "conj", "ccomp") or tok.head is tok:
            break
        tok = tok.head
    return found


def _bare_category(governor: Token, previous: list[_Count] | None) -> str | None:
    """Category of a figure with no noun, from its governor or its clause's subject."""
    lex = _lexicon()
    direct = lex["tolls"].get(governor.lemma_.lower())
    if direct:
        return direct  # "a death toll of 40"
    if governor.pos_ not in ("VERB", "AUX"):
        return None
    for arg in _clause_subjects(governor):
        lemma = arg.lemma_.lower()
        if lemma in lex["anaphors"]:
            of_objects = [g for p in arg.children if p.lower_ == "of" for g in p.children if g.dep_ == "pobj"]
            if of_objects:
                return _noun_category(of_objects[0])  # "the number of troops"
            if previous:
                return previous[-1].category
            continue
        found = _noun_category(arg)
        if found:
            return found
    return None


def _counts(sent: Span, resolve_anaphors: bool = True) -> list[_Count]:
    """Every categorised count in a sentence, in text order (worked out once per sentence: every
    event of the sentence asks, and the next sentence asks for anaphors)."""
    memo = sent.doc.user_data.setdefault("thucydides.quantities.counts", {})
    key = (sent.start, sent.end, resolve_anaphors)
    if key not in memo:
        memo[key] = tuple(_find_counts(sent, resolve_anaphors))
    return list(memo[key])


def _find_counts(sent: Span, resolve_anaphors: bool) -> list[_Count]:
    previous = None
    if resolve_anaphors and sent.start > 0:
        previous = _counts(sent.doc[sent.start - 1].sent, resolve_anaphors=False)
    out = []
    for head in _number_heads(sent):
        phrase = _phrase(head)
        if phrase.start > 0 and phrase.doc[phrase.start - 1].lower_ == "from":
            # "from 5,200 to 3,000 troops" is a change, not a range: keep where it ends.
            to_marks = [t.i for t in phrase if t.lower_ == "to"]
            if to_marks:
                phrase = phrase.doc[to_marks[-1] + 1:phrase.end]
        value = parse_number(phrase.text)
        if value is None:
            continue
        noun, carrier = _counted_noun(head)
        governor, rel = _attachment(carrier)
        money = [t for e in sent.ents if e.label_ == "MONEY" and e.start <= head.i < e.end for t in e]
        category = _currency([*phrase, *([noun] if noun is not None else []), *money])
        if category is None:
            category = _verb_category(governor, rel)
        if category is None and noun is not None:
            category = _noun_category(noun)
        if category is None and noun is None:
            category = _bare_category(governor, previous)
        if category is None:
            continue
        out.append(_Count(category, value, head.i, governor.i, rel == "pobj:from"))
    return out


def _grouped(counts: list[_Count]) -> list[_Count]:
    """Sum coordinated counts that share category and governor ("two women and three children")."""
    groups: dict[tuple[str, int, bool], _Count] = {}
    for c in counts:
        key = (c.category, c.governor, c.source)
        if key in groups:
            g = groups[key]
            groups[key] = _Count(g.category, g.value + c.value, g.number, g.governor, g.source)
        else:
            groups[key] = c
    return sorted(groups.values(), key=lambda c: c.number)


def sentence_quantities(sent: Span) -> dict[str, int]:
    """All counts of a sentence, one per category: the first figure given for it.

    Counts that share a governor are summed; a later, separately governed figure for the same
    category (a forecast, a second incident) is left to the trigger it belongs to.
    """
    out: dict[str, int] = {}
    for count in _grouped(_counts(sent)):
        out.setdefault(count.category, count.value)
    return out


def _family(trigger: Token) -> set[int]:
    """Token indices of the trigger and the clauses that describe the same happening."""
    members = {trigger.i}
    if trigger.pos_ in ("NOUN", "PROPN") and trigger.dep_ in ("nsubj", "nsubjpass"):
        members.add(trigger.head.i)  # "the attack killed five"
    frontier = [trigger.doc[i] for i in members]
    while frontier:
        tok = frontier.pop()
        for child in tok.children:
            if child.dep_ in _FAMILY_DEPS and child.i not in members:
                members.add(child.i)
                frontier.append(child)
    return members


def quantities_for(trigger: Token) -> dict[str, int]:
    """Counts tied to one event trigger: those governed by it or by clauses describing the same act.

    When a category has several figures, the one governed by the trigger itself wins, and the end
    point of a change wins over its start ("reduce from 5,000 to 3,000 troops" -> troops 3000).
    """
    family = _family(trigger)
    tied = []
    for count in _grouped(_counts(trigger.sent)):
        counted = trigger.doc[count.number]
        noun, _ = _counted_noun(counted)
        if count.governor in family or (noun is not None and noun.i in family):
            tied.append(count)
    tied.sort(key=lambda c: (c.source, c.governor != trigger.i, c.number))
    out: dict[str, int] = {}
    for count in tied:
        out.setdefault(count.category, count.value)
    return out
