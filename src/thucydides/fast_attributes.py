"""An exact, faster stand-in for spaCy's ``attribute_ruler``.

The English pipeline's attribute ruler maps fine tags (plus a few words and dependency labels) to
coarse POS, morphology and some lemmas. spaCy runs it as a general token Matcher over ~180 patterns
for every document, which costs about as much as the whole dependency parser. Its patterns are
tiny (one or two tokens, equality and set tests on a handful of attributes), so the same decision
can be made once per distinct combination of a token's attribute values and remembered.

Semantics reproduced (spaCy 3.8, ``spacy/pipeline/attributeruler.py``):

* every pattern is matched against the document as it was *before* the ruler ran, so a rule that
  sets TAG or DEP never changes which other rules match;
* matches are applied in order of rule number, so for each attribute the highest-numbered rule
  that matched a token wins;
* a match sets the attributes of the token at the rule's ``index`` inside the matched span.

Anything outside what this module can reproduce exactly (a quantifier, a fuzzy or comparison
predicate, an extension attribute, an out-of-range index ...) makes :func:`compile_rules` refuse,
and :func:`install` then leaves the original ruler in place. :func:`install` also checks, on a
short text, that the two give identical tokens before it swaps anything.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy
from spacy.attrs import DEP, IDS, LEMMA, MORPH, POS, TAG
from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.strings import get_string_id
from spacy.tokens import Doc
from spacy.vocab import Vocab

FACTORY = "thucydides_fast_attributes"
RULER = "attribute_ruler"

# Token attributes a pattern may test: plain lexical or annotation values read the same way by
# ``Doc.to_array`` and by the Matcher. Attribute ids below 64 are the lexeme's boolean flags
# (IS_SPACE, IS_PUNCT ...), also read identically by both.
_TESTABLE = frozenset(IDS[name] for name in ("ORTH", "LOWER", "NORM", "TAG", "DEP", "LEMMA"))
_FLAG_LIMIT = 64
# Attributes a rule may set: plain fields of the token, set with no side effect by both the ruler
# (``set_token_attrs``) and ``Doc.from_array`` (the lexeme ignores these ids).
_SETTABLE = (LEMMA, POS, TAG, DEP, MORPH)
# The key cache holds one entry per distinct tuple of token values; start again past this size so a
# long-running process reading an open-ended vocabulary stays bounded.
_CACHE_LIMIT = 200_000


class Unsupported(ValueError):
    """The ruler uses a construct this module cannot reproduce exactly."""


@dataclass
class _Test:
    """One attribute test of one token spec: ``row[column] op value``."""
    column: int
    op: str                      # "eq", "in", "not_in", "regex"
    value: Any                   # int, frozenset of ints, or compiled regex
    slot: int = 0                # for "regex": its place among its column's regexes


@dataclass(frozen=True)
class _Pattern:
    """One pattern of one rule: consecutive token specs, and the offset of the token it sets."""
    rule: int
    specs: tuple[tuple[_Test, ...], ...]
    target: int                  # offset from the match start (negative indices resolved)


@dataclass
class CompiledRules:
    """The ruler's rules, in a form evaluated per distinct token-value tuple."""
    vocab: Vocab
    read_attrs: list[int]                            # columns of the to_array read
    set_attrs: list[int]                             # attributes some rule sets, as written back
    set_columns: list[int]                           # their columns in the read
    attrs: list[dict[int, int]]                      # per rule: attribute id -> value
    single: list[_Pattern]                           # one-token patterns, in rule order
    multi: list[_Pattern]                            # longer patterns
    # Per column: None if no pattern tests it, else (every value a set or equality test names,
    # the column's regexes). Tests cannot tell apart two values that no test names and that every
    # regex treats alike, so a token's matches depend only on its row's "class" (see _classes).
    columns: list[tuple[frozenset, tuple] | None] = field(default_factory=list)
    cache: dict[tuple[int, ...], tuple] = field(default_factory=dict)
    by_class: dict[tuple, tuple] = field(default_factory=dict)
    merged: dict[tuple, tuple[int, ...]] = field(default_factory=dict)


def _test_value(attr: int, value: Any, vocab: Vocab) -> int:
    """A scalar pattern value as the Matcher stores it (string hash, bool as 0/1, int as is)."""
    if isinstance(value, str):
        return vocab.strings.add(value)
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    raise Unsupported(f"value {value!r} of attribute {attr}")


def _attr_id(name: Any) -> int:
    """The attribute id of a pattern key, normalised as the Matcher does, if testable here."""
    if isinstance(name, int):
        attr = name
    elif isinstance(name, str):
        upper = name.upper()
        upper = {"TEXT": "ORTH"}.get(upper, upper)
        if upper not in IDS:
            raise Unsupported(f"pattern key {name!r}")
        attr = IDS[upper]
    else:
        raise Unsupported(f"pattern key {name!r}")
    if attr in _TESTABLE or 0 < attr < _FLAG_LIMIT:
        return attr
    raise Unsupported(f"pattern key {name!r}")


def _spec_tests(spec: dict, read_attrs: list[int], vocab: Vocab) -> tuple[_Test, ...]:
    """The tests of one token spec; adds the attributes it reads to ``read_attrs``."""
    tests = []
    for name, value in spec.items():
        attr = _attr_id(name)           # also refuses "OP" and "_"
        if attr not in read_attrs:
            read_attrs.append(attr)
        column = read_attrs.index(attr)
        if not isinstance(value, dict):
            tests.append(_Test(column, "eq", _test_value(attr, value, vocab)))
            continue
        for op, arg in value.items():
            if op in ("IN", "NOT_IN") and isinstance(arg, list) and all(isinstance(v, (str, int)) for v in arg):
                tests.append(_Test(column, op.lower(), frozenset(get_string_id(v) for v in arg)))
            elif op == "REGEX" and isinstance(arg, str):
                tests.append(_Test(column, "regex", re.compile(arg)))
            else:
                raise Unsupported(f"predicate {op!r} on {name!r}")
    return tuple(tests)


def compile_rules(ruler: AttributeRuler) -> CompiledRules:
    """Translate a loaded AttributeRuler; raises :class:`Unsupported` if any rule can't be exact."""
    vocab = ruler.vocab
    read_attrs: list[int] = []
    single: list[_Pattern] = []
    multi: list[_Pattern] = []
    attrs: list[dict[int, int]] = []
    for rule, (rule_attrs, index) in enumerate(zip(ruler.attrs, ruler.indices)):
        if any(not isinstance(k, int) or k not in _SETTABLE for k in rule_attrs):
            raise Unsupported(f"rule {rule} sets {sorted(map(str, rule_attrs))}")
        attrs.append(dict(rule_attrs))
        entry = ruler.matcher.get(str(rule))
        if entry is None:
            raise Unsupported(f"rule {rule} has no patterns")
        on_match, patterns = entry
        if on_match is not None:
            raise Unsupported(f"rule {rule} has a match callback")
        for pattern in patterns:
            if not pattern or not -len(pattern) <= index < len(pattern):
                raise Unsupported(f"rule {rule}: index {index} outside a {len(pattern)}-token pattern")
            specs = tuple(_spec_tests(spec, read_attrs, vocab) for spec in pattern)
            compiled = _Pattern(rule, specs, index % len(pattern))
            (single if len(pattern) == 1 else multi).append(compiled)
    set_attrs = [a for a in _SETTABLE if any(a in rule_attrs for rule_attrs in attrs)]
    for attr in set_attrs:
        if attr not in read_attrs:
            read_attrs.append(attr)
    columns: list[tuple[frozenset, tuple] | None] = [None] * len(read_attrs)
    for pattern in (*single, *multi):
        for spec in pattern.specs:
            for test in spec:
                named, regexes = columns[test.column] or (frozenset(), ())
                if test.op == "regex":
                    if test.value not in regexes:
                        regexes += (test.value,)
                    test.slot = regexes.index(test.value)
                else:
                    named |= test.value if isinstance(test.value, frozenset) else {test.value}
                columns[test.column] = (named, regexes)
    return CompiledRules(vocab, read_attrs, set_attrs, [read_attrs.index(a) for a in set_attrs],
                         attrs, single, multi, columns)


def _classes(rules: CompiledRules, row: tuple[int, ...]) -> tuple:
    """The row with each tested value kept if some test names it, else replaced by the outcomes of
    its column's regexes; untested columns become None."""
    out: list[Any] = []
    for value, column in zip(row, rules.columns):
        if column is None:
            out.append(None)
        elif value in column[0]:
            out.append(value)
        else:
            text = rules.vocab.strings[value] if column[1] else ""
            out.append(("~", *(regex.search(text) is not None for regex in column[1])))
    return tuple(out)


def _passes(tests: tuple[_Test, ...], row: tuple, vocab: Vocab) -> bool:
    """Whether a class row (see :func:`_classes`) passes every test of one token spec."""
    for test in tests:
        value = row[test.column]
        if test.op == "eq":
            ok = value == test.value
        elif test.op == "in":
            ok = value in test.value
        elif test.op == "not_in":
            ok = value not in test.value
        elif isinstance(value, tuple):
            ok = value[1 + test.slot]
        else:
            ok = test.value.search(vocab.strings[value]) is not None
        if not ok:
            return False
    return True


def _merge(rules: CompiledRules, matched: Iterable[int], row: tuple[int, ...]) -> tuple[int, ...]:
    """The written-back values for a token whose matched rules are ``matched``: the token's own
    values, overwritten rule by rule in rule order, so the last rule setting an attribute wins."""
    values = {attr: row[col] for attr, col in zip(rules.set_attrs, rules.set_columns)}
    for rule in sorted(set(matched)):
        values.update(rules.attrs[rule])
    return tuple(values[attr] for attr in rules.set_attrs)


def _class_entry(rules: CompiledRules, classes: tuple) -> tuple:
    """(values the matched rules set, None where none does; matched one-token rules; the
    (multi pattern, position) specs passed; the multi patterns it may start) for a class row."""
    matched = tuple(p.rule for p in rules.single if _passes(p.specs[0], classes, rules.vocab))
    passes = frozenset((m, j) for m, p in enumerate(rules.multi)
                       for j, spec in enumerate(p.specs) if _passes(spec, classes, rules.vocab))
    starts = tuple(m for m, j in passes if j == 0)
    values: dict[int, int] = {}
    for rule in matched:          # ascending already: single patterns are in rule order
        values.update(rules.attrs[rule])
    patch = tuple(values.get(attr) for attr in rules.set_attrs)
    entry = rules.by_class[classes] = (patch, matched, passes, starts)
    return entry


def _entry(rules: CompiledRules, row: tuple[int, ...]) -> tuple:
    """(written values, matched one-token rules, specs passed, patterns started) for a token row."""
    classes = _classes(rules, row)
    patch, matched, passes, starts = rules.by_class.get(classes) or _class_entry(rules, classes)
    out = tuple(row[col] if value is None else value for value, col in zip(patch, rules.set_columns))
    if len(rules.cache) >= _CACHE_LIMIT:
        rules.cache.clear()
        rules.by_class.clear()
        rules.merged.clear()
    entry = rules.cache[row] = (out, matched, passes, starts)
    return entry


def apply(rules: CompiledRules, doc: Doc) -> Doc:
    """Set on ``doc`` exactly what the original ruler would; returns ``doc``."""
    if len(doc) == 0:
        return doc
    rows = doc.to_array(rules.read_attrs).tolist()
    cache = rules.cache
    entries = []
    for row in map(tuple, rows):
        entry = cache.get(row)
        entries.append(entry if entry is not None else _entry(rules, row))
    out = [entry[0] for entry in entries]
    if rules.multi:
        extra: dict[int, set[int]] = {}
        n = len(entries)
        for i, entry in enumerate(entries):
            for m in entry[3]:
                pattern = rules.multi[m]
                end = i + len(pattern.specs)
                if end <= n and all((m, j) in entries[i + j][2] for j in range(1, len(pattern.specs))):
                    extra.setdefault(i + pattern.target, set()).add(pattern.rule)
        for i, added in extra.items():
            key = (entries[i][1], frozenset(added), tuple(rows[i]))
            merged = rules.merged.get(key)
            if merged is None:
                merged = rules.merged[key] = _merge(rules, (*entries[i][1], *added), tuple(rows[i]))
            out[i] = merged
    doc.from_array(rules.set_attrs, numpy.array(out, dtype=numpy.uint64))
    return doc


class FastAttributeRuler:
    """Pipeline component applying :class:`CompiledRules`; keeps the original ruler for reference
    (its ``patterns``, and :func:`reference_pipeline`)."""

    def __init__(self, vocab: Vocab, name: str = RULER) -> None:
        self.vocab = vocab
        self.name = name
        self.rules: CompiledRules | None = None
        self.original: AttributeRuler | None = None

    def load(self, rules: CompiledRules, original: AttributeRuler) -> None:
        """Take the compiled rules and the ruler they came from."""
        self.rules, self.original = rules, original

    @property
    def patterns(self) -> list[dict]:
        """The original ruler's patterns."""
        return self.original.patterns if self.original is not None else []

    def __call__(self, doc: Doc) -> Doc:
        if self.rules is None:
            raise RuntimeError(f"{self.name}: no rules loaded")
        return apply(self.rules, doc)


@Language.factory(FACTORY)
def make_fast_attribute_ruler(nlp: Language, name: str) -> FastAttributeRuler:
    """An empty component; :func:`install` loads it from the ruler it replaces."""
    return FastAttributeRuler(nlp.vocab, name)


# A short, ordinary text for the install-time check: contractions, auxiliaries, an expletive,
# a space token and a line break, so most rule families fire at least once.
_CHECK_TEXT = ("There were talks in the capital on Monday, but officials didn't say what they'd do.\n\n"
               "  \"We're gonna meet again; let's see,\" she said.  It was   raining and I had left.\n"
               "Did you have it? Y'all can't, won't and shouldn't ignore them: ain't that so?")


def _token_rows(doc: Doc) -> list[tuple]:
    return [(t.pos, t.tag, t.morph.key, t.lemma, t.dep, t.head.i, t.ent_iob, t.ent_type) for t in doc]


def self_check(nlp: Language, rules: CompiledRules, ruler: AttributeRuler,
               texts: Sequence[str] = (_CHECK_TEXT,)) -> bool:
    """Whether ``rules`` and ``ruler`` give the same tokens on ``texts`` (run through the pipeline
    up to the ruler, then each on its own copy)."""
    before = [proc for name, proc in nlp.pipeline[:nlp.pipe_names.index(RULER)]]
    for text in texts:
        doc = nlp.make_doc(text)
        for proc in before:
            doc = proc(doc)
        if _token_rows(apply(rules, doc.copy())) != _token_rows(ruler(doc.copy())):
            return False
    return True


def install(nlp: Language) -> bool:
    """Replace ``nlp``'s attribute ruler by the fast one, keeping its name and place; returns
    whether it did. Leaves the pipeline unchanged if there is no ruler, if any rule is beyond what
    this module reproduces, or if the two disagree on the check text."""
    if RULER not in nlp.pipe_names:
        return False
    ruler = nlp.get_pipe(RULER)
    if not isinstance(ruler, AttributeRuler):
        return False
    try:
        rules = compile_rules(ruler)
    except Unsupported:
        return False
    if not self_check(nlp, rules, ruler):
        return False
    fast = nlp.replace_pipe(RULER, FACTORY)
    fast.load(rules, ruler)
    return True


def reference_pipeline(nlp: Language) -> list[tuple[str, Any]]:
    """``nlp``'s components with spaCy's own ruler in place of the fast one (for comparisons)."""
    return [(name, proc.original if isinstance(proc, FastAttributeRuler) else proc)
            for name, proc in nlp.pipeline]
