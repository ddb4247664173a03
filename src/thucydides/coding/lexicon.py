"""Load the event lexicon (trigger words -> CAMEO codes) and the clause grammar (modality cues)."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

import yaml


@dataclass(frozen=True)
class Entry:
    """One trigger word: its default code and refinements by object or preposition."""

    key: str
    code: str | None
    objects: dict[str, str] = field(default_factory=dict)
    preps: dict[str, str] = field(default_factory=dict)
    subjects: dict[str, str] = field(default_factory=dict)   # intransitive use: code by subject noun
    source: tuple[str, ...] = ()
    target: tuple[str, ...] = ()
    # Verb forms and patterns from a PETRARCH verb dictionary (coding.petrarch_verbs.VerbForm); the
    # extractor for dictionary knowledge matches them around the verb to choose the code.
    patterns: tuple = ()


@dataclass(frozen=True)
class Grammar:
    """Word lists and code maps from grammar.yaml, as frozensets for fast membership tests."""

    words: dict[str, frozenset[str]]
    complement_codes: dict[str, dict[str, str | None]]
    verb_target_slots: tuple[str, ...]
    noun_source_slots: tuple[str, ...]
    noun_target_slots: tuple[str, ...]
    object_target_slots: tuple[str, ...]
    anonymous_source_roots: frozenset[str]
    condition_phrases: tuple[str, ...]
    # event code prefix -> source roles whose coercion of an unplaced party is domestic
    jurisdiction: dict[str, frozenset[str]] = field(default_factory=dict)
    # slots of a traded thing that name where it comes from ("vehicles imported from China")
    origin_slots: tuple[str, ...] = ()
    # the lexicon verb whose coding an authority's order to leave takes ("ordered envoys to leave")
    expulsion_verb: str = "expel"
    # a message noun -> what makes such a message: verb lemmas, and "code:PREFIX" for events so coded
    message_makers: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # an act noun ("the launch") -> what makes such an act, in the same form as message_makers
    act_makers: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def has(self, group: str, word: str) -> bool:
        return word in self.words.get(group, frozenset())

    def complement(self, kind: str, code: str) -> str | None:
        """The governing event's code for a complement coded ``code`` (longest prefix match)."""
        table = self.complement_codes[kind]
        for size in range(len(code), 1, -1):
            if code[:size] in table:
                found = table[code[:size]]
                return code if found == "same" else found
        return table.get("default")

    def code_in(self, group: str, code: str) -> bool:
        """Whether ``code`` starts with one of the code prefixes listed under ``group``."""
        return any(code.startswith(prefix) for prefix in self.words.get(group, ()))


@dataclass(frozen=True)
class Lexicon:
    verbs: dict[str, Entry]
    nouns: dict[str, Entry]
    grammar: Grammar
    max_noun_words: int
    not_event_nouns: frozenset[str] = frozenset()   # "press release": a trigger's head, no event


def _entries(raw: dict | None) -> dict[str, Entry]:
    out: dict[str, Entry] = {}
    for key, spec in (raw or {}).items():
        spec = spec or {}
        if isinstance(spec, str):
            spec = {"code": spec}
        out[str(key).strip().lower()] = Entry(
            key=str(key).strip().lower(),
            code=str(spec["code"]) if spec.get("code") is not None else None,
            objects={str(k).lower(): str(v) for k, v in (spec.get("objects") or {}).items()},
            preps={str(k).lower(): str(v) for k, v in (spec.get("preps") or {}).items()},
            subjects={str(k).lower(): str(v) for k, v in (spec.get("subjects") or {}).items()},
            source=tuple(spec.get("source") or ()),
            target=tuple(spec.get("target") or ()),
        )
    return out


def _read(name: str, folder: Path | None = None) -> dict:
    if folder is not None:
        return yaml.safe_load((folder / name).read_text("utf-8")) or {}
    return yaml.safe_load(resources.files("thucydides.coding").joinpath(name).read_text("utf-8")) or {}


@cache
def load_lexicon() -> Lexicon:
    """The built-in lexicon and grammar (cached per process)."""
    lex = _read("lexicon.yaml")
    gram = _read("grammar.yaml")
    list_keys = {k for k, v in gram.items() if isinstance(v, list) and k not in {
        "verb_target_slots", "noun_source_slots", "noun_target_slots", "object_target_slots", "anonymous_source_roots",
        "condition_phrases", "origin_slots"}}
    grammar = Grammar(
        words={k: frozenset(str(w).lower() for w in gram[k]) for k in list_keys},
        complement_codes={k: {str(c): (str(v) if v is not None else None) for c, v in table.items()}
                          for k, table in gram["complement_codes"].items()},
        verb_target_slots=tuple(gram["verb_target_slots"]),
        noun_source_slots=tuple(gram["noun_source_slots"]),
        noun_target_slots=tuple(gram["noun_target_slots"]),
        object_target_slots=tuple(gram["object_target_slots"]),
        anonymous_source_roots=frozenset(str(r) for r in gram["anonymous_source_roots"]),
        condition_phrases=tuple(gram.get("condition_phrases") or ()),
        origin_slots=tuple(gram.get("origin_slots") or ()),
        expulsion_verb=str(gram.get("expulsion_verb") or "expel"),
        jurisdiction={str(c): frozenset(str(r) for r in roles)
                      for c, roles in (gram.get("jurisdiction_codes") or {}).items()},
        message_makers={str(n).lower(): tuple(str(m).lower() for m in makers)
                        for n, makers in (gram.get("message_makers") or {}).items()},
        act_makers={str(n).lower(): tuple(str(m).lower() for m in makers)
                    for n, makers in (gram.get("act_makers") or {}).items()},
    )
    nouns = _entries(lex.get("nouns"))
    return Lexicon(
        verbs=_entries(lex.get("verbs")),
        nouns=nouns,
        grammar=grammar,
        max_noun_words=max((len(k.split()) for k in nouns), default=1),
        not_event_nouns=frozenset(str(w).lower() for w in lex.get("not_event_nouns") or ()),
    )


def with_verb_entries(base: Lexicon, verbs: dict[str, Entry], only: bool = False) -> Lexicon:
    """``base`` with verb entries from a dictionary: added to its verbs (a dictionary entry takes the
    key), or, with ``only``, replacing its verbs and nouns. The grammar (modality cues) stays."""
    merged = dict(verbs) if only else {**base.verbs, **verbs}
    nouns = {} if only else base.nouns
    return Lexicon(verbs=merged, nouns=nouns, grammar=base.grammar,
                   max_noun_words=max((len(k.split()) for k in nouns), default=1),
                   not_event_nouns=frozenset() if only else base.not_event_nouns)
