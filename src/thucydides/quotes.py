"""Direct quotes and reported speech, with their speakers.

Direct quotes are found from the quotation marks in the text (straight or curly; an unclosed mark
runs to the end of its paragraph). The speaker is the subject of the speech verb that governs the
quote or stands next to it in the same sentence ("..., she added", "X said: ..."), the object of
"according to", or, for a paragraph that is nothing but a quote, the speaker introduced by the
sentence before it ("Leaf spoke to reporters."). A short quoted phrase with no speech verb tied to
it is a scare quote and is skipped. Reported speech is the clause of a reporting verb
("X said that ..."). Speech words live in ``data/speech_cues.yaml``.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cache
from importlib import resources

import spacy
import yaml
from spacy.tokens import Span, Token

# Opening mark -> the marks that may close it.
_MARKS = {"\u201c": "\u201d\"", '"': "\"\u201d", "\u00ab": "\u00bb"}
# A quote of at most this many words needs a speech verb tied to it, or it is a scare quote.
_SCARE_WORDS = 3
# How far (dependency hops) a speech verb may sit above a quote and still govern it.
_GOVERN_HOPS = 6
# How close (tokens) a speech verb must be to a short quote's marks to attribute it.
_ADJACENT_TOKENS = 3
# Subject dependents that describe the speaker rather than name it.
_NOT_SPEAKER_DEPS = frozenset({"relcl", "acl", "advcl", "parataxis", "punct"})
# How many sentences back a quote's "he" or "she" may find the person it stands for.
_ANTECEDENT_SENTENCES = 3
# Links from a participle or subordinate verb up to the clause whose subject speaks.
_UP_DEPS = frozenset({"advcl", "xcomp", "conj", "pcomp", "ccomp"})


@dataclass(frozen=True)
class QuoteMention:
    """A quote: char offsets of the quoted text (without marks) and of its speaker, if known."""
    text: str
    start: int
    end: int
    direct: bool
    speaker_start: int | None
    speaker_end: int | None
    cue: str | None


@dataclass(frozen=True)
class _Layout:
    """What every quote of a Doc looks things up in, worked out once per Doc."""
    text: str
    sents: list[Span]
    sent_ends: list[int]       # token index where each sentence ends
    sent_start_chars: list[int]
    sent_end_chars: list[int]
    token_starts: list[int]    # char offset of each token
    quoted: list[tuple[int, int]]


def _layout(doc: spacy.tokens.Doc) -> _Layout:
    # Each quote needs the sentences around it and the quote spans: scanning the whole Doc for each
    # quote (or each "she said") costs time growing with the square of the article's length.
    found = doc.user_data.get("thucydides.quote_layout")
    if found is None:
        text = doc.text
        sents = list(doc.sents)
        found = _Layout(text, sents, [s.end for s in sents], [s.start_char for s in sents],
                        [s.end_char for s in sents], [t.idx for t in doc], _quote_spans(text))
        doc.user_data["thucydides.quote_layout"] = found
    return found


@dataclass(frozen=True)
class _Cues:
    verbs: frozenset[str]
    reporting: frozenset[str]
    nouns: frozenset[str]
    pronoun_gender: dict[str, str]      # "she" -> "female"
    title_gender: dict[str, str]        # "mrs." -> "female"
    titles: tuple[str, ...]             # lower-case titles written before a name ("foreign minister")


@cache
def _cues() -> _Cues:
    raw = yaml.safe_load(resources.files("thucydides.data").joinpath("speech_cues.yaml").read_text("utf-8"))
    pronouns = {p: g for g, words in raw["genders"].items() for p in words["pronouns"]}
    gendered = {t: g for g, words in raw["genders"].items() for t in words["titles"]}
    # The actor knowledge's titles ("President", "Foreign Minister") mark a name as a person's.
    agents = yaml.safe_load(resources.files("thucydides.actors.data").joinpath("agents.yaml").read_text("utf-8"))
    titles = {t.lower() for entry in agents for t in entry.get("titles") or []} | set(gendered)
    return _Cues(frozenset(raw["verbs"]), frozenset(raw["reporting"]), frozenset(raw["nouns"]),
                 pronouns, gendered, tuple(sorted(titles, key=len, reverse=True)))


# ------------------------------------------------------------------ marks

def _quote_spans(text: str) -> list[tuple[int, int]]:
    """Char spans inside quotation marks; an unclosed quote ends at its paragraph's end."""
    spans: list[tuple[int, int]] = []
    open_at: int | None = None
    closers = ""
    for i, ch in enumerate(text):
        if open_at is not None and ch == "\n":
            spans.append((open_at, i))
            open_at = None
        elif open_at is not None and ch in closers:
            spans.append((open_at, i))
            open_at = None
        elif ch in _MARKS and _opens(text, i):
            if open_at is not None:
                spans.append((open_at, i))  # a new quote before the old one closed
            open_at, closers = i + 1, _MARKS[ch]
    if open_at is not None:
        spans.append((open_at, len(text)))
    return [span for span in (_trim(text, s, e) for s, e in spans) if span[0] < span[1]]


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Char spans of the text inside quotation marks (marks excluded), in text order."""
    return _quote_spans(text)


def _opens(text: str, i: int) -> bool:
    """Whether the mark at ``i`` can open a quote: a straight mark must touch the next word."""
    after = text[i + 1:i + 2]
    if not after or after.isspace():
        return False
    if text[i] != '"':
        return True
    before = text[i - 1:i]
    return not before or before.isspace() or before in "([{:\u2014-"


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop surrounding whitespace and the attribution comma ("...,\u201d she said")."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    return start, end


# ------------------------------------------------------------------ speakers

def _speaker_span(noun: Token) -> Span:
    """The speaker's noun phrase, without relative clauses, trailing appositions or punctuation."""
    kept = {noun.i}
    for child in noun.children:
        if child.dep_ in _NOT_SPEAKER_DEPS:
            continue
        if child.dep_ == "appos" and child.i > noun.i and noun.doc[child.left_edge.i - 1].is_punct:
            continue  # "Leaf, a former envoy," -> "Leaf"
        kept.update(t.i for t in child.subtree)
    start = end = noun.i
    while start - 1 in kept and not _breaks_name(noun.doc[start - 1]):
        start -= 1
    while end + 1 in kept and not _breaks_name(noun.doc[end + 1]):
        end += 1
    return noun.doc[start:end + 1]


def _breaks_name(tok: Token) -> bool:
    """Punctuation that ends a speaker phrase; hyphens and dots belong to names ("al-Assad")."""
    return tok.is_punct and tok.text not in ("-", ".", "'", "\u2019")


def _subject(verb: Token) -> Token | None:
    """Who does the speaking: the verb's subject, or that of the clause it hangs from."""
    tok = verb
    for _ in range(5):
        for child in tok.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                return child
        if tok.dep_ == "acl" and tok.head is not tok:
            return tok.head  # "a diplomat saying that ..."
        if tok.dep_ not in _UP_DEPS or tok.head is tok:
            return None
        tok = tok.head
    return None


def _according_to(tokens: list[Token]) -> tuple[Token, str] | None:
    """Speaker and cue of "according to X" (or "according to a statement by X")."""
    for tok in tokens:
        if tok.lower_ != "according":
            continue
        for prep in tok.children:
            obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if prep.lower_ != "to" or obj is None:
                continue
            if obj.lemma_.lower() in _cues().nouns:
                return _noun_cue_speaker(obj) or obj, obj.lemma_.lower()
            return obj, "according to"
    return None


def _noun_cue_speaker(noun: Token) -> Token | None:
    """Author of a statement-like noun: "the ministry's statement", "a statement by/from X"."""
    for child in noun.children:
        if child.dep_ == "poss":
            return child
    for tok in noun.subtree:
        if tok.dep_ in ("agent", "prep") and tok.lower_ in ("by", "from"):
            obj = next((c for c in tok.children if c.dep_ == "pobj"), None)
            if obj is not None:
                return obj
    return None


def _is_cue_verb(tok: Token) -> bool:
    if tok.pos_ not in ("VERB", "AUX") or tok.lemma_.lower() not in _cues().verbs:
        return False
    # "so-called" marks a scare quote, not speech.
    return tok.dep_ != "amod" and not (tok.i >= 2 and tok.nbor(-1).text == "-" and tok.nbor(-2).lower_ == "so")


# ------------------------------------------------------------------ "she said": who "she" is

def _antecedent(pronoun: Token, depth: int = 0) -> Token | None:
    """The named person a speaker's "he" or "she" stands for, from the sentences before it.

    Nearest sentence first; in a sentence the subject of a speech verb comes first (the speaker of
    the paragraph), then the other subjects, main clause before embedded ones. A candidate is a
    person named as such (a PERSON name, or a name after a title: "President Gustavo Petro") or an
    earlier "he"/"she" of the same gender, followed back. A name whose gender is told otherwise
    (an honorific, or a possessive of the other gender in its own clause: "the ambassador would stay
    at his post") is passed over. When the nearest speech verb's subject is a common noun ("the
    ministry said") nothing is returned: the plain pronoun reading stands.
    """
    gender = _cues().pronoun_gender.get(pronoun.lower_)
    if gender is None or depth > 3:
        return None
    layout = _layout(pronoun.doc)
    quoted = layout.quoted
    before = layout.sents[:bisect_right(layout.sent_ends, pronoun.sent.start)]
    for sent in reversed(before[-_ANTECEDENT_SENTENCES:]):
        subjects = [t for t in sent if t.dep_ in ("nsubj", "nsubjpass")
                    and not any(a <= t.idx < b for a, b in quoted)]
        subjects.sort(key=lambda t: (not _is_cue_verb(t.head), _depth(t)))
        for i, subject in enumerate(subjects):
            if subject.lower_ in _cues().pronoun_gender:
                if _cues().pronoun_gender[subject.lower_] == gender:
                    return _antecedent(subject, depth + 1)
                continue
            if _is_person_name(subject):
                if _gender_of(subject) in (None, gender):
                    return subject
                continue
            if i == 0 and _is_cue_verb(subject.head) and subject.pos_ == "NOUN":
                return None   # "the ministry said ...": the speaker there is no named person
    return None


def _depth(tok: Token) -> int:
    n = 0
    while tok.head.i != tok.i and n < 50:
        tok, n = tok.head, n + 1
    return n


def _name_words(noun: Token) -> str:
    """The words of a name and the titles before it, lower-cased: "president gustavo petro"."""
    left = [t for t in noun.subtree if t.i <= noun.i and t.dep_ in ("compound", "flat", "amod", "nmod")
            or t.i == noun.i]
    return " ".join(t.lower_ for t in left)


def _is_person_name(noun: Token) -> bool:
    if noun.pos_ != "PROPN":
        return False
    if noun.ent_type_ == "PERSON":
        return True
    if noun.ent_type_ in ("GPE", "NORP", "LOC", "FAC"):
        return False
    words = " " + _name_words(noun) + " "
    return any(f" {title} " in words for title in _cues().titles) and not words.strip() in _cues().titles


def _gender_of(noun: Token) -> str | None:
    """A name's gender where the text tells it: an honorific, or a possessive pronoun of its clause."""
    words = " " + _name_words(noun) + " "
    for title, gender in _cues().title_gender.items():
        if f" {title} " in words:
            return gender
    clause = noun.head
    for tok in clause.subtree:
        if tok.i <= noun.i or tok.tag_ != "PRP$" or tok.lower_ not in _cues().pronoun_gender:
            continue
        # The possessive belongs to the nearest subject before it in the clause.
        subjects = [t for t in clause.subtree if t.dep_ in ("nsubj", "nsubjpass") and t.i < tok.i]
        if subjects and max(t.i for t in subjects) == noun.i:
            return _cues().pronoun_gender[tok.lower_]
    return None


# ------------------------------------------------------------------ direct quotes

def _governing_cue(inside: list[Token], inside_ids: set[int], para: tuple[int, int]) -> Token | None:
    """A speech verb outside the quote, in its paragraph, that the quote's words depend on."""
    roots = [t for t in inside if t.head.i not in inside_ids]
    for root in roots:
        tok = root
        for _ in range(_GOVERN_HOPS):
            if tok.head is tok:
                break
            tok = tok.head
            if tok.i not in inside_ids and para[0] <= tok.idx < para[1] and _is_cue_verb(tok):
                return tok
    return None


def _paragraph_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    left = text.rfind("\n", 0, start) + 1
    right = text.find("\n", end)
    return left, len(text) if right < 0 else right


def _previous_sentence(doc: spacy.tokens.Doc, char: int) -> Span | None:
    """The last sentence that ends before ``char`` and has words in it."""
    layout = _layout(doc)
    for k in range(bisect_right(layout.sent_end_chars, char) - 1, -1, -1):
        if any(not t.is_space for t in layout.sents[k]):
            return layout.sents[k]
    return None


def _direct(doc: spacy.tokens.Doc, start: int, end: int, text: str) -> QuoteMention | None:
    layout = _layout(doc)
    inside = []
    for i in range(bisect_left(layout.token_starts, start), len(doc)):   # the tokens within the marks
        if layout.token_starts[i] + len(doc[i]) > end:
            break
        inside.append(doc[i])
    if not inside:
        return None
    inside_ids = {t.i for t in inside}
    para_start, para_end = _paragraph_bounds(text, start, end)
    # The sentences the quote overlaps.
    sents = layout.sents[bisect_right(layout.sent_end_chars, start):bisect_left(layout.sent_start_chars, end)]
    window = [t for s in sents for t in s
              if t.i not in inside_ids and not t.is_space and para_start <= t.idx < para_end]
    words = sum(1 for t in inside if not t.is_punct)

    cue = _governing_cue(inside, inside_ids, (para_start, para_end))
    if cue is None:
        first, last = inside[0].i, inside[-1].i
        verbs = [t for t in window if _is_cue_verb(t)]
        if words <= _SCARE_WORDS:
            verbs = [t for t in verbs if min(abs(t.i - first), abs(t.i - last)) <= _ADJACENT_TOKENS + 1]
        verbs.sort(key=lambda t: min(abs(t.i - first), abs(t.i - last)))
        # The nearest speech verb with a findable speaker, else the nearest at all.
        cue = next((t for t in verbs if _subject(t) is not None), verbs[0] if verbs else None)
    if cue is not None:
        speaker = _subject(cue)
        return _mention(text[start:end], start, end, True, speaker, cue.lemma_.lower())
    if words <= _SCARE_WORDS:
        return None
    according = _according_to(window)
    if according is not None:
        return _mention(text[start:end], start, end, True, according[0], according[1])
    outside = text[para_start:max(para_start, start - 1)] + text[min(end + 1, para_end):para_end]
    if not any(ch.isalnum() for ch in outside):
        # A paragraph that is only a quote: the sentence before it introduces the speaker.
        prev = _previous_sentence(doc, para_start)
        verbs = [t for t in prev if _is_cue_verb(t)] if prev is not None else []
        if verbs:
            return _mention(text[start:end], start, end, True, _subject(verbs[0]), verbs[0].lemma_.lower())
    return _mention(text[start:end], start, end, True, None, None)


def _mention(text: str, start: int, end: int, direct: bool, speaker: Token | None, cue: str | None) -> QuoteMention:
    if speaker is None:
        return QuoteMention(text, start, end, direct, None, None, cue)
    if speaker.lower_ in _cues().pronoun_gender:
        speaker = _antecedent(speaker) or speaker
    span = _speaker_span(speaker)
    return QuoteMention(text, start, end, direct, span.start_char, span.end_char, cue)


# ------------------------------------------------------------------ reported speech

def _reported(doc: spacy.tokens.Doc, direct: list[QuoteMention]) -> list[QuoteMention]:
    """Clauses of reporting verbs outside direct quotes: "X said that <clause>"."""
    out = []
    text = _layout(doc).text
    for verb in doc:
        if verb.lemma_.lower() not in _cues().reporting or verb.pos_ not in ("VERB", "AUX"):
            continue
        if any(c.dep_ == "neg" for c in verb.children) or _inside(verb.idx, direct):
            continue  # "did not say" reports nothing; a verb inside a quote is the speaker's own words
        for clause in _reported_clauses(verb, text):
            tokens = list(clause.subtree)
            while tokens and tokens[0].dep_ == "mark":
                tokens = tokens[1:]
            while tokens and tokens[-1].text in ".,;:" or tokens and tokens[-1].is_space:
                tokens = tokens[:-1]
            if not tokens:
                continue
            start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
            if _mostly_quoted(start, end, direct):
                continue  # '"...," she said': already a direct quote
            out.append(_mention(text[start:end], start, end, False, _subject(verb), verb.lemma_.lower()))
    return out


def _has_subject(clause: Token) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in clause.children)


def _reported_clauses(verb: Token, text: str) -> list[Token]:
    """Heads of the clauses a reporting verb reports.

    Besides its ccomp, "said in a statement that ..." is often parsed with the clause hanging
    from "statement"; a "that"-clause of a speech noun attached to the verb counts too.
    """
    para = _paragraph_bounds(text, verb.idx, verb.idx)
    clauses = [c for c in verb.children
               if c.dep_ == "ccomp" and _has_subject(c) and para[0] <= c.idx < para[1]]
    if clauses:
        return clauses
    for prep in verb.children:
        for noun in prep.children:
            if prep.dep_ != "prep" or noun.dep_ != "pobj" or noun.lemma_.lower() not in _cues().nouns:
                continue
            clauses += [c for c in noun.children if c.dep_ in ("acl", "ccomp", "relcl") and _has_subject(c)
                        and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)]
    return clauses


def _inside(char: int, quotes: list[QuoteMention]) -> bool:
    return any(q.start <= char < q.end for q in quotes)


def _mostly_quoted(start: int, end: int, quotes: list[QuoteMention]) -> bool:
    covered = sum(max(0, min(end, q.end) - max(start, q.start)) for q in quotes)
    return covered * 2 > end - start


def _continued(direct: list[QuoteMention], text: str) -> list[QuoteMention]:
    """An unattributed quote that follows an attributed one in the same paragraph continues it.

    News style attributes a run of quoted sentences once ('"We are ready," X said. "But ..."'):
    the later sentences are the same speaker's, as a reader takes them.
    """
    out: list[QuoteMention] = []
    for q in direct:
        prev = out[-1] if out else None
        if (q.speaker_start is None and q.cue is None and prev is not None and prev.speaker_start is not None
                and _paragraph_bounds(text, q.start, q.end) == _paragraph_bounds(text, prev.start, prev.end)):
            q = QuoteMention(q.text, q.start, q.end, q.direct, prev.speaker_start, prev.speaker_end, prev.cue)
        out.append(q)
    return out


def find_quotes(doc: spacy.tokens.Doc) -> list[QuoteMention]:
    """Direct quotes and reported speech in a parsed text, in text order."""
    layout = _layout(doc)
    text = layout.text
    direct = [q for q in (_direct(doc, s, e, text) for s, e in layout.quoted) if q is not None]
    direct = _continued(direct, text)
    return sorted(direct + _reported(doc, direct), key=lambda q: (q.start, not q.direct))
