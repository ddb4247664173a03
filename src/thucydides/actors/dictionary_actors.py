"""Code noun phrases with PETRARCH/Phoenix actor and agent dictionaries alone, the way those
dictionaries are meant to be read.

A noun phrase (its head with modifiers, possessors and its "of"/"in"/"from" phrases) gets the code of
the first dictionary actor named in it, as that actor is coded on the article date; every agent
phrase in it adds its code ("Gondor's main opposition groups" -> GON + MOP), after the actor code
(``~GOV``) or before it (``NGO~``), unless the code already holds it ("White House security officials"
stays USAGOV). "former" adds ELI. A phrase with agents but no actor has the unknown country ``---``
("a senior official" -> ---GOV). Names match whole words, longest first, case-insensitively and
with dots of abbreviations ignored ("K.U." = "KU").

This resolver replaces the built-in one when the dictionaries replace the built-in knowledge
(``thucydides extract --only-dictionaries``); pronouns still resolve to earlier mentions.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from spacy.tokens import Doc, Token

from thucydides.actors import petrarch
from thucydides.actors.kb import KnowledgeBase, norm
from thucydides.actors.resolver import ActorResolver
from thucydides.models import Actor

__all__ = ["DictionaryActors", "DictionaryResolver"]

UNKNOWN_COUNTRY = "---"
# Links that keep a word inside the noun phrase of its head.
_LEFT = {"compound", "amod", "nmod", "poss", "det", "nummod", "case", "flat", "quantmod"}
_RIGHT = {"compound", "flat", "case"}
_PHRASE_PREPS = {"of", "in", "from", "by"}
_MAX_WINDOW = 8


@dataclass
class DictionaryActors:
    """Actor and agent phrases from dictionary files, indexed by their normalised text."""

    actors: dict[str, petrarch.DictActor] = field(default_factory=dict)
    agents: dict[str, petrarch.DictAgent] = field(default_factory=dict)

    def add_actors(self, actors: list[petrarch.DictActor]) -> None:
        """Index every name of every actor; an earlier entry keeps a name both files use."""
        for actor in actors:
            for name in actor.names:
                self.actors.setdefault(_key(name), actor)

    def add_agents(self, agents: list[petrarch.DictAgent]) -> None:
        for agent in agents:
            self.agents.setdefault(_key(agent.phrase), agent)


def _key(text: str) -> str:
    """A phrase as it is compared: normalised, underscores and spaced hyphens as in running text."""
    text = norm(text.replace("_", " "))
    return text.replace(" - ", "-").replace(" 's", "'s")


class DictionaryResolver(ActorResolver):
    """Resolves noun phrases with dictionary actors and agents only (see the module docstring)."""

    def __init__(self, kb: KnowledgeBase, doc: Doc, day: date | None, phrases: DictionaryActors) -> None:
        self.phrases = phrases
        super().__init__(kb, doc, day)

    def _resolve(self, token: Token) -> Actor | None:
        low = token.lower_
        if token.pos_ == "PRON" or (token.text.islower() and low in {"he", "him", "his", "she", "her", "it", "its",
                                                                      "they", "them", "their", "we", "us", "our"}):
            return self._pronoun(token)
        if token.dep_ in {"compound", "flat"} and token.head.i != token.i and token.head.pos_ in {"PROPN", "NOUN"}:
            return self.resolve(token.head)
        tokens = sorted(self._phrase_tokens(token), key=lambda t: t.i)
        actor_hit = self._first_actor(tokens)
        used = set(range(actor_hit[0], actor_hit[1])) if actor_hit else set()
        agents = self._agents(tokens, used)
        former = any(norm(t.text).rstrip("-") in self.kb.former_cues or t.lower_.startswith("ex-") for t in tokens)
        if actor_hit is None and not agents:
            return None
        code = UNKNOWN_COUNTRY
        name = None
        if actor_hit is not None:
            entry = actor_hit[2]
            found = petrarch.code_on(entry, self.day) if self.day is not None else _undated(entry)
            if found is None:
                if not agents:
                    return None
            else:
                code = found
            name = entry.names[0].title()
        for agent in agents:
            if _holds(code, agent.code):
                continue
            code = agent.code + code if agent.prefix else code + agent.code
        if former and not code.endswith("ELI"):
            code += "ELI"
        span = self.doc[tokens[0].i: tokens[-1].i + 1]
        country = code[:3] if code[:3].isalpha() and code[:3] != UNKNOWN_COUNTRY else None
        # A bare actor is named as the dictionary names it; with agents the phrase names a group of its own
        # ("Russian police" and "Russian students" are two parties).
        label = name if name and not agents and not former else _strip_determiner(span.text)
        actor = Actor(text=span.text, name=label, code=code, country=country, role=code[3:] or None)
        kind = ("person" if token.ent_type_ == "PERSON" else "group" if token.tag_ in {"NNS", "NNPS"}
                else "country" if len(code) == 3 else "org")
        self._remember(token, actor, kind)
        return actor

    def _phrase_tokens(self, head: Token) -> list[Token]:
        out = [head]
        stack = [head]
        while stack:
            tok = stack.pop()
            for child in tok.children:
                if child in out:
                    continue
                keep = ((child.i < tok.i and child.dep_ in _LEFT)
                        or (child.i > tok.i and child.dep_ in _RIGHT)
                        or (child.dep_ == "punct" and child.text in {"-", "'", "’"})
                        or (child.dep_ == "prep" and child.lower_ in _PHRASE_PREPS and child.i > tok.i)
                        or (child.dep_ == "pobj" and tok.dep_ == "prep"))
                if keep:
                    out.append(child)
                    stack.append(child)
        return out

    def _windows(self, tokens: list[Token]):
        """(start, end, key) of each contiguous run of the phrase's tokens, longest first per start."""
        positions = [t.i for t in tokens]
        for a in range(len(positions)):
            for b in range(min(len(positions), a + _MAX_WINDOW), a, -1):
                if positions[b - 1] - positions[a] != b - 1 - a:
                    continue
                yield positions[a], positions[b - 1] + 1, _key(self.doc[positions[a]: positions[b - 1] + 1].text)

    def _first_actor(self, tokens: list[Token]) -> tuple[int, int, petrarch.DictActor] | None:
        for start, end, key in self._windows(tokens):
            entry = self.phrases.actors.get(key) or (self.phrases.actors.get(key[:-2]) if key.endswith("'s") else None)
            if entry is not None:
                return start, end, entry
        return None

    def _agents(self, tokens: list[Token], used: set[int]) -> list[petrarch.DictAgent]:
        found: list[tuple[int, petrarch.DictAgent]] = []
        taken = set(used)
        for start, end, key in self._windows(tokens):
            if taken & set(range(start, end)):
                continue
            agent = self.phrases.agents.get(key)
            # An agent is a noun: "official" in "an official visit" is no official.
            if agent is not None and self.doc[end - 1].pos_ in {"NOUN", "PROPN"}:
                found.append((start, agent))
                taken |= set(range(start, end))
        return [agent for _, agent in sorted(found, key=lambda item: item[0])]


def _holds(code: str, agent_code: str) -> bool:
    """Whether an actor code already carries every three-letter part of an agent code."""
    parts = {code[k:k + 3] for k in range(0, len(code), 3)}
    pieces = [agent_code[k:k + 3] for k in range(0, len(agent_code), 3)]
    return all(piece in parts for piece in pieces)


def _strip_determiner(text: str) -> str:
    words = text.split()
    return " ".join(words[1:]) if len(words) > 1 and words[0].lower() in {"the", "a", "an"} else text


def _undated(entry: petrarch.DictActor) -> str | None:
    """The code of an actor when the date is unknown: its undated code, else its first."""
    plain = next((c.code for c in entry.codes if not c.dated), None)
    return plain or (entry.codes[0].code if entry.codes else None)
