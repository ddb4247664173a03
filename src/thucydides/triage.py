"""Sentence triage: a cheap first pass that decides which sentences are worth parsing.

Full parsing (tagger, parser, named entities) is the cost floor of the coder, and many sentences of
a news stream carry no codable event. The first pass only tokenizes. A sentence goes on to the
parser when it holds an event trigger of the lexicon (any inflected form) and something an event
could be about: a known actor (country, organisation, person, role word), a capitalised name or a
pronoun that may stand for one. So does every sentence that opens or closes a quotation (quotes and
their speakers are part of the output; the attribution sits beside a quotation mark), and the
sentence before a kept one that opens by pointing back
("He said ...", "This number ..."), so the resolver has the antecedent. Everything else stays bare
tokens: its text, offsets and sentence boundaries remain in the document, nothing is coded from it.

The word knowledge comes from the lexicon and the knowledge base (data files) and the inflection
tables of the installed spaCy lemmatizer; nothing here lists words of its own except the closed
classes of personal pronouns and quotation marks.
"""
from __future__ import annotations

from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Span, Token

from thucydides.actors.kb import KnowledgeBase, norm
from thucydides.coding.lexicon import Lexicon
from thucydides.timex import MONTHS, WEEKDAYS

# Subjects that stand for an actor named elsewhere ("He said ...", "They attacked ...").
_PRONOUNS = frozenset({"he", "she", "they", "we", "i", "it", "his", "her", "their", "our", "its"})
# Double marks only (a single curly mark is far more often an apostrophe, "Iraq’s"), with the
# ``typewriter'' pairs of older newswire.
_QUOTATION_MARKS = ('"', "“", "”", "«", "»", "``", "''")
# Words of a sentence's opening within which a pointer back ("He", "This number") counts.
_OPENING_TOKENS = 4


@dataclass(frozen=True)
class TriageWords:
    """The words the first pass looks for, each as a set of normalised token texts."""

    trigger_lemmas: frozenset[str]
    anaphors: frozenset[str]                    # nouns that point back to a number ("this figure")
    role_words: frozenset[str]                  # one-token role words ("police", "minister"), any case
    name_words: frozenset[str]                  # one-token names (countries, organisations, people)
    phrase_heads: dict[str, frozenset[str]]     # first token of a longer actor phrase -> the phrases
    max_phrase_tokens: int
    exceptions: dict[str, frozenset[str]]       # irregular form -> lemmas (from the lemmatizer's tables)
    suffix_rules: tuple[tuple[str, str], ...]   # (ending, replacement) of regular inflections


def build_words(lexicon: Lexicon, kb: KnowledgeBase, nlp: Language) -> TriageWords:
    """Collect the trigger lemmas of ``lexicon`` and the actor phrases of ``kb``."""
    triggers = set()
    for table in (lexicon.verbs, lexicon.nouns):
        for key in table:
            words = key.split()
            # a phrasal verb ("pull out") starts with its verb; a compound noun ("air strike") ends with its noun
            triggers.add(words[0] if table is lexicon.verbs else words[-1])
    roles = {*kb.agent_terms, *kb.titles}
    names = {*kb.country_names, *kb.metonyms, *kb.organisations, *kb.people_by_name, *kb.people_by_surname}
    phrases = roles | names
    heads: dict[str, set[str]] = {}
    for phrase in (p for p in phrases if " " in p):
        heads.setdefault(phrase.split()[0], set()).add(phrase)
    exceptions: dict[str, set[str]] = {}
    rules: set[tuple[str, str]] = set()
    lookups = nlp.get_pipe("lemmatizer").lookups if "lemmatizer" in nlp.pipe_names else None
    if lookups is not None:
        for pos in ("verb", "noun"):
            for form, lemmas in lookups.get_table("lemma_exc").get(pos, {}).items():
                exceptions.setdefault(form, set()).update(lemmas)
            rules.update((old, new) for old, new in lookups.get_table("lemma_rules").get(pos, []))
    return TriageWords(
        trigger_lemmas=frozenset(triggers),
        anaphors=frozenset(kb.quantity_anaphors),
        role_words=frozenset(p for p in roles if " " not in p),
        name_words=frozenset(p for p in names if " " not in p),
        phrase_heads={head: frozenset(found) for head, found in heads.items()},
        max_phrase_tokens=max((len(p.split()) for p in phrases), default=1),
        exceptions={form: frozenset(lemmas) for form, lemmas in exceptions.items()},
        suffix_rules=tuple(sorted(rules, key=lambda rule: -len(rule[0]))),
    )


class Triage:
    """Decides, from tokens alone, whether a sentence may yield an event."""

    def __init__(self, words: TriageWords) -> None:
        self.words = words
        self._is_trigger: dict[str, bool] = {}

    def is_trigger(self, lower: str) -> bool:
        """Whether a lower-case token is some inflection of a trigger lemma (over-generating is harmless)."""
        known = self._is_trigger.get(lower)
        if known is None:
            w = self.words
            lemmas = {lower, *w.exceptions.get(lower, ())}
            lemmas.update(lower[: len(lower) - len(old)] + new for old, new in w.suffix_rules
                          if lower.endswith(old) and len(lower) > len(old) + 1)
            # doubled final consonants: "shelled", "planning"
            lemmas.update(lemma[:-1] for lemma in list(lemmas) if len(lemma) > 3 and lemma[-1] == lemma[-2])
            known = not lemmas.isdisjoint(w.trigger_lemmas)
            self._is_trigger[lower] = known
        return known

    def has_actor(self, tokens: list[Token]) -> bool:
        """Whether the tokens name or point at something an event could be about."""
        w = self.words
        keys = [norm(t.text) for t in tokens]
        for i, token in enumerate(tokens):
            key = keys[i]
            if key in _PRONOUNS or key in w.role_words:
                return True
            if token.text[:1].isupper() and token.is_alpha:
                # A name counts only where it is written as one ("Chad", "US", not "chad", "us"); one the
                # knowledge base lacks may still be an actor, but neither the first word of a sentence
                # nor a day or month name is one.
                if key in w.name_words or (i > 0 and not tokens[i - 1].is_punct
                                           and key not in WEEKDAYS and key not in MONTHS):
                    return True
            found = w.phrase_heads.get(key)
            if found:
                for size in range(2, min(w.max_phrase_tokens, len(tokens) - i) + 1):
                    if " ".join(keys[i:i + size]) in found:
                        return True
        return False

    def keep(self, sent: Span) -> bool:
        """Whether ``sent``, on its own, goes on to the parser."""
        tokens = [t for t in sent if not t.is_space]
        # A capital inside a sentence makes a name, not a trigger: "United States", "March", "Strike Force".
        if not any(self.is_trigger(t.lower_) for i, t in enumerate(tokens)
                   if not t.text[:1].isupper() or i == 0 or tokens[i - 1].is_punct or t.is_upper):
            return False
        return self.has_actor(tokens)

    def points_back(self, sent: Span) -> bool:
        """Whether ``sent`` opens with a pronoun or a number anaphor that needs an earlier sentence."""
        opening = [t.lower_ for t in sent if not t.is_space and not t.is_punct][:_OPENING_TOKENS]
        return any(word in _PRONOUNS or word in self.words.anaphors for word in opening)

    def select(self, sents: list[Span]) -> list[bool]:
        """The decision for each sentence of an article, in order."""
        chosen = [self.keep(sent) or any(mark in sent.text for mark in _QUOTATION_MARKS) for sent in sents]
        # Backwards, so a run of sentences that each point back reaches the one that names the actor.
        for i in range(len(sents) - 1, 0, -1):
            if chosen[i] and self.points_back(sents[i]):
                chosen[i - 1] = True
        return chosen

