"""PETRARCH/TABARI verb dictionaries as event-lexicon entries, and their patterns matched on a spaCy parse.

The format (PETR.Validate.verbs.txt, Phoenix's CAMEO.2.0.txt) as this module reads it:

* ``#`` (and the legacy ``;``) at the start of a line or after a space start a comment;
  ``<!-- ... -->`` comments may span lines.
* ``&NAME`` starts a synonym set; its ``+WORD PHRASE`` lines are members (words of a member are
  consecutive). A member may be another set (``+&TIETYPES``). Regular plurals of the members are
  generated, except for members or labels ending in ``_``.
* ``--- DESCRIPTION [CODE] ---`` starts a verb family; the code is the family's default.
* A verb line names a verb of the family: ``BREAK {BROKE BROKEN}`` (irregular forms),
  ``DOWNPLAY [014]`` (its own default code), ``+BREAK_DOWN`` / ``WIRE_+TAP`` / ``LASH OUT``
  (multi-word verbs; ``+`` marks the word the parser sees as the verb).
* A pattern line ``- WORDS * WORDS [CODE]`` gives the family's verbs another code when the words
  around the verb (``*``) match. Between two items a space allows other words in between, ``_``
  requires them to be adjacent. ``$`` is the source's noun phrase, ``+`` the target's, ``%`` a
  coordinated (compound) actor whose members act on each other, ``^`` skips one noun phrase.
  ``(PREP NOUN)`` and ``{MODIFIER HEAD}`` (CAMEO.2.0's phrase notation) are read as their words.
* Codes are kept as written, as strings (the validation dictionary uses old WEIS-like codes such as
  ``903`` or ``174K``). ``---`` is the null code: no event. ``A:B`` is a paired code: the event
  A from source to target and the event B back from target to source; ``:B`` only the latter.
* ``~`` lines (PETRARCH2's verb transformations) are not used and are counted as skipped.

Matching (see :class:`PatternMatcher`) happens on our own parse: the verb is a token the tagger calls
a verb, the words after ``*`` are looked for to its right inside its clause, the words before ``*`` to
its left in its sentence. Words are compared with the surface form, as PETRARCH does (``RESOLUTION``
does not match "resolutions"). Patterns are tried longest first (most items), then in file order.
"""
from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from spacy.tokens import Span, Token

from thucydides.actors.petrarch import MalformedEntryWarning, read_text, without_block_comments
from thucydides.actors.resolver import ActorResolver
from thucydides.coding.extractor import Extractor, Frame
from thucydides.coding.lexicon import Entry, Lexicon
from thucydides.models import Actor

__all__ = [
    "Item",
    "PatternExtractor",
    "PatternMatch",
    "VerbDictionary",
    "VerbFamily",
    "VerbForm",
    "VerbPattern",
    "is_verb_dictionary",
    "lexicon_entries",
    "read_verbs",
]

NULL_CODE = "---"
_HEADER = re.compile(r"^-{3}(.*?)(?:-{3})?\s*$")
_CODE_AT_END = re.compile(r"\[([^\]]*)\]\s*$")
_BRACKET = re.compile(r"\[([^\]]*)\]")
_SLOTS = {"$": "source", "+": "target", "%": "compound", "^": "skip"}


# ------------------------------------------------------------------ data


@dataclass(frozen=True)
class Item:
    """One element of a pattern: words (alternative phrases) or a slot, and how it attaches.

    ``adjacent`` says whether it must touch the element before it on the way out from the verb (for
    the words after the verb, the one to its left; for the words before it, the one to its right).
    """

    kind: str                                  # "words" | "source" | "target" | "compound" | "skip"
    phrases: tuple[tuple[str, ...], ...] = ()  # for "words": alternatives, each a run of words
    adjacent: bool = False


@dataclass(frozen=True)
class VerbPattern:
    """One pattern of a family: items before the verb (nearest first), items after it, its codes."""

    before: tuple[Item, ...]
    after: tuple[Item, ...]
    code: str | None          # None: no event (the null code) for this direction
    reverse: str | None       # the paired code from target back to source, if any
    text: str
    line: int

    @property
    def size(self) -> int:
        return len(self.before) + len(self.after)


@dataclass
class VerbFamily:
    """A block of synonymous verbs sharing patterns, with the family's default code."""

    name: str
    code: str | None
    reverse: str | None
    patterns: list[VerbPattern] = field(default_factory=list)


@dataclass(frozen=True)
class VerbForm:
    """One way a family's verb is written: the verb word and the words that must stand around it."""

    verb: str                   # lower-case word the parser tags as the verb ("tap", "broke")
    lemma: str                  # the entry's base form ("tap", "break")
    before: tuple[str, ...]     # words immediately before the verb, nearest first ("wire")
    after: tuple[str, ...]      # words immediately after it ("down", "off")
    code: str | None            # the verb's own default code, when it has one
    reverse: str | None
    own_code: bool              # whether ``code`` is the verb's own (else the family's)
    family: VerbFamily


@dataclass
class VerbDictionary:
    """A whole verb dictionary: synonym sets, families and an index of verb forms."""

    synsets: dict[str, list[tuple[str, ...]]]
    families: list[VerbFamily]
    forms: dict[str, list[VerbForm]]     # verb word (surface or base form) -> forms, multi-word first
    skipped: int = 0


@dataclass(frozen=True)
class PatternMatch:
    """A pattern that matched one verb token, and what its slots found."""

    code: str | None
    reverse: str | None
    pattern: VerbPattern | None          # None: the verb's default code
    form: VerbForm
    source: Token | None = None
    target: Token | None = None
    compound: Token | None = None        # the coordinated phrase a "%" slot took
    consumed: tuple[int, ...] = ()       # token indices of the multi-word verb's other words

    @property
    def specific(self) -> bool:
        return self.pattern is not None


# ------------------------------------------------------------------ reading


def _clean(text: str) -> Iterator[tuple[int, str]]:
    """(line number, content) with ``#``/``;`` and ``<!-- -->`` comments removed, blank lines dropped."""
    for number, line in without_block_comments(text):
        # A comment starts at "#" or ";" at the start of a line or after a space: "[###]" is a code.
        line = re.split(r"(?:^|(?<=\s))[#;]", line, maxsplit=1)[0].rstrip()
        if line.strip():
            yield number, line


def _split_code(inside: str) -> tuple[str | None, str | None]:
    """``064`` -> (064, None); ``032:033`` -> (032, 033); ``:173`` -> (None, 173); ``---`` -> (None, None)."""
    inside = inside.strip()
    if ":" in inside:
        first, _, second = inside.partition(":")
    else:
        first, second = inside, ""
    first, second = first.strip(), second.strip()
    if not first and not second:
        raise ValueError("empty code")
    if any(" " in part for part in (first, second)):
        raise ValueError(f"bad code {inside!r}")
    return (first if first and first != NULL_CODE else None), (second if second and second != NULL_CODE else None)


def _plural(word: str) -> str:
    """The regular English plural of an upper- or lower-case word."""
    low = word.lower()
    if re.search(r"[^aeiou]y$", low):
        return word[:-1] + ("IES" if word.isupper() else "ies")
    if re.search(r"(s|sh|ch|x|z)$", low):
        return word + ("ES" if word.isupper() else "es")
    return word + ("S" if word.isupper() else "s")


def _words(text: str) -> tuple[str, ...]:
    """A dictionary phrase as lower-case words, split the way spaCy splits English ("DON'T" -> do n't)."""
    out: list[str] = []
    for word in text.replace("_", " ").lower().split():
        if word.endswith("n't") and len(word) > 3:
            out += [word[:-3], "n't"]
        else:
            out.append(word)
    return tuple(out)


def _verb_forms(base: str) -> list[str]:
    """Regular inflections of a lower-case verb: base, -s, -ed, -ing."""
    forms = [base, _plural(base)]
    if base.endswith("e"):
        forms += [base + "d", base[:-1] + "ing"]
    elif re.search(r"[^aeiou]y$", base):
        forms += [base[:-1] + "ied", base + "ing"]
    else:
        forms += [base + "ed", base + "ing"]
    return forms


class _Reader:
    """Reads one verb dictionary file; see the module docstring for the format."""

    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.lines = list(_clean(text))
        self.raw_synsets: dict[str, tuple[bool, list[tuple[str, bool]]]] = {}
        self.families: list[VerbFamily] = []
        self.forms: dict[str, list[VerbForm]] = {}
        self.bad: list[int] = []
        self.skipped = 0

    # ---------------------------------------------------------- synsets
    def collect_synsets(self) -> None:
        """First pass: synsets may be used before they are defined."""
        current: str | None = None
        for number, line in self.lines:
            text = line.strip()
            if text.startswith("&"):
                label = text[1:].split()[0] if text[1:].split() else ""
                if not label:
                    self.bad.append(number)
                    current = None
                    continue
                current = label.rstrip("_").upper()
                self.raw_synsets[current] = (label.endswith("_"), [])
            elif text.startswith("+") and current is not None:
                member = text[1:].strip()
                self.raw_synsets[current][1].append((member, member.endswith("_")))
            elif not text.startswith("+"):
                current = None

    def synsets(self) -> dict[str, list[tuple[str, ...]]]:
        out: dict[str, list[tuple[str, ...]]] = {}
        for name in self.raw_synsets:
            out[name] = self._expand(name, set())
        return out

    def _expand(self, name: str, seen: set[str]) -> list[tuple[str, ...]]:
        if name in seen or name not in self.raw_synsets:
            return []
        seen = seen | {name}
        no_plurals, members = self.raw_synsets[name]
        phrases: list[tuple[str, ...]] = []
        for member, bare in members:
            if member.startswith("&"):
                phrases += self._expand(member[1:].rstrip("_").upper(), seen)
                continue
            words = _words(member)
            if not words:
                continue
            phrases.append(words)
            if not (no_plurals or bare):
                phrases.append(words[:-1] + (_plural(words[-1]),))
        # Longer alternatives first: "really did not" before "did not".
        unique = list(dict.fromkeys(phrases))
        return sorted(unique, key=len, reverse=True)

    # ---------------------------------------------------------- families
    def read(self) -> VerbDictionary:
        self.collect_synsets()
        synsets = self.synsets()
        family: VerbFamily | None = None
        in_synset = False
        for number, line in self.lines:
            text = line.strip()
            if text.startswith("---"):
                family = self._header(number, text)
                in_synset = False
            elif text.startswith("&"):
                in_synset = True
            elif text.startswith("+") and in_synset:
                continue
            elif text.startswith("~"):
                self.skipped += 1          # PETRARCH2 verb transformations: not used
            elif text.startswith("-"):
                if family is None:
                    self.bad.append(number)
                    continue
                try:
                    family.patterns.append(self._pattern(number, text[1:], synsets))
                except ValueError:
                    self.bad.append(number)
            elif family is not None:
                in_synset = False
                try:
                    self._verb(number, text, family)
                except ValueError:
                    self.bad.append(number)
            else:
                self.bad.append(number)
        for fam in self.families:
            # Most specific first; the sort is stable, so file order breaks ties.
            fam.patterns.sort(key=lambda p: -p.size)
        for forms in self.forms.values():
            forms.sort(key=lambda f: -(len(f.before) + len(f.after)))
        families = len(self.families)
        if families == 0 or 2 * len(self.bad) > len(self.lines):
            raise ValueError(f"{self.path}: not a PETRARCH verb dictionary "
                             f"({families} verb families read, {len(self.bad)} of {len(self.lines)} lines unreadable)")
        if self.bad:
            shown = ", ".join(str(n) for n in self.bad[:5]) + (", ..." if len(self.bad) > 5 else "")
            warnings.warn(f"{self.path.name}: skipped {len(self.bad)} malformed verb entries (lines {shown})",
                          MalformedEntryWarning, stacklevel=3)
        return VerbDictionary(synsets=synsets, families=self.families, forms=self.forms,
                              skipped=self.skipped + len(self.bad))

    def _header(self, number: int, text: str) -> VerbFamily:
        match = _HEADER.match(text)
        inside = match.group(1) if match else text[3:]
        codes = _BRACKET.findall(inside)
        name = _BRACKET.sub("", inside).strip() or f"line {number}"
        code, reverse = None, None
        if codes:
            try:
                code, reverse = _split_code(codes[0])
            except ValueError:
                self.bad.append(number)
        family = VerbFamily(name=name, code=code, reverse=reverse)
        self.families.append(family)
        return family

    def _verb(self, number: int, text: str, family: VerbFamily) -> None:
        codes = _BRACKET.findall(text)
        own = codes[-1] if codes else None
        text = _BRACKET.sub(" ", text)
        irregular: list[str] = []
        if "{" in text:
            head, _, rest = text.partition("{")
            if "}" not in rest:
                raise ValueError("missing '}'")
            irregular = rest.split("}", 1)[0].split()
            text = head
        words = text.split()
        if not words:
            raise ValueError("no verb")
        if own is not None:
            code, reverse = _split_code(own)
        else:
            code, reverse = family.code, family.reverse
        if len(words) > 1 and "+" not in text and "_" not in text:
            # "LASH OUT": a phrasal verb written with a space; the first word is the verb.
            words = ["+" + "_".join(words)]
        phrase = words[0]
        if "_" in phrase or phrase.startswith("+"):
            variants = [phrase] + [v for v in irregular if "+" in v]
            if not irregular:
                variants = self._regular_multi(phrase)
            lemma = self._multi_parts(phrase)[1]
            for variant in variants:
                before, verb, after = self._multi_parts(variant)
                self._add(VerbForm(verb, lemma, before, after, code, reverse, own is not None, family))
            return
        base = phrase.lower()
        forms = [base] + ([w.lower() for w in irregular] if irregular else _verb_forms(base)[1:])
        for form in dict.fromkeys(forms):
            self._add(VerbForm(form, base, (), (), code, reverse, own is not None, family))

    def _multi_parts(self, phrase: str) -> tuple[tuple[str, ...], str, tuple[str, ...]]:
        parts = [p for p in phrase.split("_") if p]
        marked = [k for k, p in enumerate(parts) if p.startswith("+")]
        k = marked[0] if marked else 0
        verb = parts[k].lstrip("+").lower()
        if not verb:
            raise ValueError(f"no verb word in {phrase!r}")
        before = tuple(p.lower().lstrip("+") for p in reversed(parts[:k]))
        after = tuple(p.lower().lstrip("+") for p in parts[k + 1:])
        return before, verb, after

    def _regular_multi(self, phrase: str) -> list[str]:
        before, verb, after = self._multi_parts(phrase)
        out = []
        for form in _verb_forms(verb):
            out.append("_".join([*reversed(before), "+" + form, *after]))
        return out

    def _add(self, form: VerbForm) -> None:
        bucket = self.forms.setdefault(form.verb, [])
        if form not in bucket:
            bucket.append(form)
        if form.lemma != form.verb:
            # Lookups by the parser's lemma reach the same form.
            lemma_bucket = self.forms.setdefault(form.lemma, [])
            if form not in lemma_bucket:
                lemma_bucket.append(form)

    # ---------------------------------------------------------- patterns
    def _pattern(self, number: int, body: str, synsets: dict[str, list[tuple[str, ...]]]) -> VerbPattern:
        match = _CODE_AT_END.search(body)
        if match is None:
            raise ValueError("pattern without a code")
        code, reverse = _split_code(match.group(1))
        text = body[:match.start()].strip()
        # CAMEO.2.0 phrase notation: read the words of (PREP NOUN) and {MODIFIER HEAD}.
        flat = re.sub(r"[(){}]", " ", text)
        if flat.count("*") != 1:
            raise ValueError("a pattern needs exactly one '*'")
        pieces = re.findall(r"[^\s_]+|[\s_]+", flat.strip())
        star = pieces.index("*") if "*" in pieces else -1
        if star < 0:
            # "IN_AND_*_OUT": '*' glued to words is still the verb.
            raise ValueError("'*' must stand apart")
        before = self._items(list(reversed(pieces[:star])), synsets, outward=-1)
        after = self._items(pieces[star + 1:], synsets, outward=+1)
        return VerbPattern(tuple(before), tuple(after), code, reverse, text, number)

    def _items(self, pieces: list[str], synsets: dict[str, list[tuple[str, ...]]], outward: int) -> list[Item]:
        """Items from alternating separators and words, ordered outwards from the verb (``outward``
        is +1 for the words after it, -1 for those before it, whose pieces come in reverse)."""
        items: list[Item] = []
        adjacent = True
        for piece in pieces:
            if not piece.strip("_ \t") or set(piece) <= {" ", "_", "\t"}:
                # A bare '_' joins; anything with a space (including legacy "WORD_ ") allows a gap.
                adjacent = piece == "_" * len(piece)
                continue
            if piece in _SLOTS:
                items.append(Item(_SLOTS[piece], (), adjacent))
            elif piece.startswith("&"):
                name = piece[1:].rstrip("_").upper()
                if name not in synsets:
                    raise ValueError(f"undefined synonym set &{name}")
                items.append(Item("words", tuple(synsets[name]), adjacent))
            else:
                words = _words(piece) if outward > 0 else tuple(reversed(_words(piece)))
                if not words:
                    continue
                items.append(Item("words", (words[:1],), adjacent))
                for extra in words[1:]:
                    items.append(Item("words", ((extra,),), True))
            adjacent = False
        return items


def read_verbs(path: Path) -> VerbDictionary:
    """Read a PETRARCH verb dictionary; ValueError naming the file if it is not one.

    Malformed lines are skipped and reported in one :class:`MalformedEntryWarning`.
    """
    return _Reader(path, read_text(path)).read()


def is_verb_dictionary(path: Path, probe_lines: int = 2000) -> bool:
    """Whether a file looks like a verb dictionary: ``--- NAME [CODE] ---`` families with ``- ... *`` patterns."""
    try:
        with path.open("r", encoding="utf-8", errors="replace") as handle:
            head = [next(handle, "") for _ in range(probe_lines)]
    except OSError:
        return False
    headers = sum(1 for line in head if _HEADER.match(line.strip()) and "[" in line)
    patterns = sum(1 for line in head if line.startswith("-") and "*" in line and not line.startswith("---"))
    return headers >= 1 and patterns >= 1


# ------------------------------------------------------------------ into the lexicon


def lexicon_entries(verbs: VerbDictionary) -> dict[str, Entry]:
    """One lexicon entry per verb form (keyed by the verb word; multi-word forms share it).

    ``Entry.code`` is the default code of the verb (None for the null code), ``Entry.patterns`` the
    :class:`VerbForm` objects that :class:`PatternMatcher` tries for that word.
    """
    entries: dict[str, Entry] = {}
    for word, forms in verbs.forms.items():
        default = next((f for f in forms if not f.before and not f.after), forms[0])
        entries[word] = Entry(key=default.lemma, code=default.code, patterns=tuple(forms))
    return entries


# ------------------------------------------------------------------ matching on the parse


class PatternMatcher:
    """Matches the verb forms and patterns of lexicon entries against a verb token."""

    def __init__(self, resolver: ActorResolver) -> None:
        self.resolver = resolver

    def match(self, tok: Token, forms: tuple[VerbForm, ...]) -> PatternMatch | None:
        """The first pattern that matches around ``tok``, trying the forms whose words stand there
        (multi-word forms first; a word may belong to several families, and the patterns of each are
        tried); failing every pattern, the default code of the first such form (the first definition
        of a word stands, as in PETRARCH)."""
        standing = []
        for form in forms:
            consumed = self._form_words(tok, form)
            if consumed is None:
                continue
            standing.append((form, consumed))
            for pattern in form.family.patterns:
                found = self._pattern(tok, pattern, consumed)
                if found is not None:
                    return PatternMatch(pattern.code, pattern.reverse, pattern, form, source=found.get("source"),
                                        target=found.get("target"), compound=found.get("compound"),
                                        consumed=tuple(consumed))
        if not standing:
            return None
        form, consumed = standing[0]
        return PatternMatch(form.code, form.reverse, None, form, consumed=tuple(consumed))

    # ---------------------------------------------------------- the verb's own words
    def _form_words(self, tok: Token, form: VerbForm) -> list[int] | None:
        if tok.lower_ != form.verb and tok.lemma_.lower() != form.lemma:
            return None
        doc = tok.doc
        consumed: list[int] = []
        for k, word in enumerate(form.after, start=1):
            j = tok.i + k
            if j >= len(doc) or not _is(doc[j], word):
                return None
            consumed.append(j)
        for k, word in enumerate(form.before, start=1):
            j = tok.i - k
            if j < 0 or not _is(doc[j], word):
                return None
            consumed.append(j)
        return consumed

    # ---------------------------------------------------------- patterns
    def _pattern(self, tok: Token, pattern: VerbPattern, consumed: list[int]) -> dict | None:
        taken = set(consumed)
        sent = tok.sent
        after = _clause_after(tok, taken)
        before = [t for t in reversed(sent[: tok.i - sent.start]) if t.i not in taken]
        slots: dict = {}
        if not self._side(after, pattern.after, 0, 0, slots, backward=False):
            return None
        if not self._side(before, pattern.before, 0, 0, slots, backward=True):
            return None
        return slots

    def _side(self, seq: list[Token], items: tuple[Item, ...], k: int, pos: int, slots: dict,
              backward: bool) -> bool:
        """Match ``items[k:]`` along ``seq`` (tokens in order outwards from the verb) from ``pos``."""
        if k == len(items):
            return True
        item = items[k]
        starts = [pos] if item.adjacent else range(pos, len(seq))
        for start in starts:
            if start >= len(seq):
                break
            for following, found in self._item_at(seq, item, start, backward):
                saved = dict(slots)
                slots.update(found)
                if self._side(seq, items, k + 1, following, slots, backward):
                    return True
                slots.clear()
                slots.update(saved)
        return False

    def _item_at(self, seq: list[Token], item: Item, start: int, backward: bool):
        """(position after the item, slot fills) for each way ``item`` can match at ``seq[start]``."""
        if item.kind == "words":
            for phrase in item.phrases:
                words = tuple(reversed(phrase)) if backward else phrase
                if start + len(words) <= len(seq) and all(_is(seq[start + n], w) for n, w in enumerate(words)):
                    yield start + len(words), {}
            return
        span = _phrase_at(seq[start])
        if span is None:
            return
        head, first, last = span
        following = start
        while following < len(seq) and first <= seq[following].i <= last:
            following += 1
        if item.kind == "skip":
            yield following, {}
            return
        if self.resolver.resolve(head) is None:
            return
        if item.kind == "compound" and not any(c.dep_ == "conj" for c in head.children):
            return
        yield following, {item.kind: head}


# Clauses hanging off a verb that are not its complements: their words are not the verb's.
_ADJUNCT_CLAUSES = {"advcl", "relcl", "parataxis"}
_NP_LINKS = {"compound", "amod", "det", "poss", "nummod", "flat", "case", "nmod"}


def _clause_after(tok: Token, taken: set[int]) -> list[Token]:
    """The tokens after the verb in its own clause and its complements (not in adjunct or coordinated clauses)."""
    excluded: set[int] = set(taken)
    for node in tok.subtree:
        if node.i == tok.i:
            continue
        if node.dep_ in _ADJUNCT_CLAUSES or (node.dep_ == "conj" and node.pos_ in {"VERB", "AUX"}):
            excluded.update(t.i for t in node.subtree)
    return [t for t in tok.doc[tok.i + 1: tok.right_edge.i + 1] if t.i not in excluded]


def _phrase_at(tok: Token) -> tuple[Token, int, int] | None:
    """The noun phrase a slot takes at ``tok``: (head, first index, last index)."""
    if tok.pos_ not in {"NOUN", "PROPN", "PRON", "DET", "ADJ", "NUM"} and tok.dep_ not in {"compound", "poss"}:
        return None
    head = tok
    while head.dep_ in _NP_LINKS and head.head.i != head.i and abs(head.head.i - head.i) <= 6:
        head = head.head
    if head.pos_ not in {"NOUN", "PROPN", "PRON"}:
        return None
    lefts = [t for t in head.lefts if t.dep_ in _NP_LINKS | {"punct"}]
    first = min([head.i] + [t.left_edge.i for t in lefts])
    last = max([head.i] + [t.i for t in head.rights if t.dep_ in {"compound", "flat"}])
    return head, first, last


def _is(tok: Token, word: str) -> bool:
    """Whether a token is the dictionary word (surface form; hyphens at the edges are ignored)."""
    low = tok.lower_
    return low == word or low.strip("-") == word.strip("-") != ""


# ------------------------------------------------------------------ the extractor


class PatternExtractor(Extractor):
    """Our extractor with the verb knowledge of PETRARCH dictionaries.

    A verb whose lexicon entry carries dictionary forms is coded by its patterns: the first matching
    pattern (most items first) gives the code, its ``$``/``+`` slots the source and target where it has
    them, otherwise the parse does (subject; objects and prepositional objects; failing those, the
    first party named to the right of the verb in its phrase, as PETRARCH reads a verb phrase). Codes
    are used as written: the grammar's recoding of intentions, refusals and threats does not apply to
    them (the dictionary has patterns of its own for those). A paired code ``A:B`` adds the event B from
    the target back to the source. When ``only`` is set (the dictionaries replace the built-in
    knowledge), the built-in constructions that code events by themselves (threat-to, demand-that ...)
    are off. In merged mode a dictionary pattern that matched specifically wins over the built-in
    knowledge; a verb's mere default code does not, where the built-in knowledge knows the verb (its
    lexicon, or its grammar: verbs of saying, of expecting, of planning ...).
    """

    def __init__(self, lexicon: Lexicon, resolver: ActorResolver, builtin: Lexicon | None = None,
                 only: bool = False) -> None:
        super().__init__(lexicon, resolver)
        self.builtin = builtin
        self.only = only
        self.matcher = PatternMatcher(resolver)
        self.matches: dict[int, PatternMatch] = {}
        self.builtin_extractor = Extractor(builtin, resolver) if builtin is not None and not only else None

    def sentence_frames(self, sent: Span) -> list[Frame]:
        self.matches = {}
        frames = super().sentence_frames(sent)
        out: list[Frame] = []
        by_trigger: dict[int, list[Frame]] = {}
        for frame in frames:
            by_trigger.setdefault(frame.trigger.i, []).append(frame)
        for i, group in by_trigger.items():
            match = self.matches.get(i)
            if match is None:
                out += group
                continue
            group = self._reciprocal(group, match)
            for frame in group:
                out.append(frame)
                if match.code is not None and match.reverse is not None and frame.target is not None:
                    out.append(replace(frame, source=frame.target, source_tok=frame.target_tok,
                                       target=frame.source, target_tok=frame.source_tok, code=match.reverse,
                                       rule=frame.rule + ":paired", extra=list(frame.extra)))
        return _unique(out)

    def _reciprocal(self, group: list[Frame], match: PatternMatch) -> list[Frame]:
        """Coordinated parties of an interactive act with no other party act on each other."""
        if any(f.target is not None for f in group) or len(group) < 2:
            return group
        if not ((match.compound is not None and match.compound.i < group[0].trigger.i) or match.reverse is not None):
            return group
        out = []
        for a in group:
            for b in group:
                if a is not b and a.source is not None and b.source is not None and a.source.name != b.source.name:
                    out.append(replace(a, target=b.source, target_tok=b.source_tok, extra=list(a.extra)))
        return out or group

    # ---------------------------------------------------------- coding
    def _verb_entry(self, tok: Token) -> tuple[str, Entry] | None:
        entry = self._dictionary_entry(tok)
        builtin = self._builtin_entry(tok)
        if entry is None:
            return builtin
        match = self.matcher.match(tok, entry.patterns)
        if match is None or (not match.specific and (builtin is not None or self._builtin_knows(tok))):
            return builtin
        code = match.code or match.reverse
        if code is None:
            return None if (match.specific or self.only) else builtin
        self.matches[tok.i] = match
        return code, entry

    def _dictionary_entry(self, tok: Token) -> Entry | None:
        for key in (tok.lower_, tok.lemma_.lower()):
            entry = self.lex.verbs.get(key)
            if entry is not None and entry.patterns:
                return entry
        return None

    def _builtin_entry(self, tok: Token) -> tuple[str, Entry] | None:
        if self.builtin_extractor is None:
            return None
        return self.builtin_extractor._verb_entry(tok)

    def _builtin_knows(self, tok: Token) -> bool:
        if self.builtin is None or self.only:
            return False
        lemma = tok.lemma_.lower()
        return lemma in self.builtin.verbs or any(lemma in words for words in self.builtin.grammar.words.values())

    def _governing_frame(self, tok: Token, raw: dict, absorbed: set[int]) -> Frame | None:
        if self.only or (tok.i in self.matches and self.matches[tok.i].specific):
            return None
        return super()._governing_frame(tok, raw, absorbed)

    def _recode(self, frame: Frame) -> None:
        if frame.trigger.i in self.matches:
            return
        super()._recode(frame)

    def _verb_frame(self, tok: Token, code: str, entry: Entry) -> Frame:
        frame = super()._verb_frame(tok, code, entry)
        match = self.matches.get(tok.i)
        if match is None:
            return frame
        frame.extra += [tok.doc[j] for j in match.consumed]
        frame.rule = f"pattern:{match.form.family.name.lower()}" + (
            f":{match.pattern.text.lower()}" if match.pattern is not None else "")
        if match.source is not None:
            frame.source_tok, frame.source = self._actor_of(match.source)
        if match.target is not None:
            frame.target_tok, frame.target = self._actor_of(match.target)
        if match.compound is not None and match.compound.i < tok.i:
            # "% HAVE *": the coordinated parties before the verb act on each other (see _reciprocal).
            frame.source_tok, frame.source = self._actor_of(match.compound)
            frame.target_tok, frame.target = None, None
        elif match.compound is not None:
            # "* WITH %": the act is aimed at each of the coordinated parties after the verb.
            frame.target_tok, frame.target = self._actor_of(match.compound)
        elif frame.target is None and match.target is None:
            frame.target_tok, frame.target = self._first_party_right(tok, frame)
        if match.code is None and match.reverse is not None:
            # ":B": only the event back from the target to the source.
            frame.source, frame.target = frame.target, frame.source
            frame.source_tok, frame.target_tok = frame.target_tok, frame.source_tok
        return frame

    def _first_party_right(self, tok: Token, frame: Frame) -> tuple[Token | None, Actor | None]:
        """The first party named after the verb in its phrase (PETRARCH's reading of a verb phrase)."""
        skip = {t.i for t in frame.source_tok.subtree} if frame.source_tok is not None else set()
        # The whole verb phrase, adjunct clauses included ("signed an accord to supply Gondor").
        for cand in tok.doc[tok.i + 1: tok.right_edge.i + 1]:
            if cand.i in skip or cand.pos_ not in {"NOUN", "PROPN"}:
                continue
            head = cand
            while head.dep_ in {"compound", "amod", "poss", "flat", "nmod"} and head.head.i != head.i:
                head = head.head
            found = self._actor_of(head)
            if found[1] is not None and (found[1].code or found[1].country) and not _same_actor(found[1], frame.source):
                return found
        return None, None


def _same_actor(a: Actor | None, b: Actor | None) -> bool:
    return a is not None and b is not None and a.name == b.name and a.code == b.code


def _unique(frames: list[Frame]) -> list[Frame]:
    seen: set[tuple] = set()
    out = []
    for frame in frames:
        key = (frame.trigger.i, frame.code, frame.source.code if frame.source else None,
               frame.source.name if frame.source else None,
               frame.target.code if frame.target else None, frame.target.name if frame.target else None)
        if key not in seen:
            seen.add(key)
            out.append(frame)
    return out
