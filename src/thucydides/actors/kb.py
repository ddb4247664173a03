"""The actor knowledge base: countries, organisations, generic agents, people with dated roles.

All knowledge is read from the YAML files in ``actors/data`` (and optionally from PETRARCH/Phoenix
dictionaries); this module only indexes it for lookup.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path

import yaml


_ABBREVIATION_DOT = re.compile(r"(?<=\b[A-Za-z])\.")
_SPACES = re.compile(r"\s+")
_PUNCT_MAP = str.maketrans({"’": "'", "‘": "'", "–": "-", "—": "-"})


@lru_cache(maxsize=1 << 16)   # the resolver normalises the same few thousand words over and over
def norm(text: str) -> str:
    """Lower-case, unify quotes and dashes, drop dots in abbreviations, collapse spaces."""
    text = text.translate(_PUNCT_MAP)
    if "." in text:
        text = _ABBREVIATION_DOT.sub("", text)  # U.S. -> US, John F. Kerry -> John F Kerry
    return _SPACES.sub(" ", text).strip().casefold()


@dataclass(frozen=True)
class Country:
    code: str
    name: str
    capital: str | None


@dataclass(frozen=True)
class Organisation:
    name: str
    code: str
    country: str | None
    sponsor: str | None = None
    periods: tuple[tuple[str, date | None, date | None], ...] = ()   # (code, start, end) spans
    fallback: bool = False   # from the bulk dictionary layer: a one-word name must be written as a name

    def code_on(self, day: date | None) -> str:
        """The code for ``day``: groups change standing (insurgents, then the government)."""
        if day is not None:
            for code, start, end in self.periods:
                if (start is None or start <= day) and (end is None or day <= end):
                    return code
        return self.code


@dataclass(frozen=True)
class Role:
    title: str
    titles: tuple[str, ...]
    code: str
    start: date | None
    end: date | None

    def active(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)


@dataclass(frozen=True)
class Person:
    name: str
    aliases: tuple[str, ...]
    country: str
    roles: tuple[Role, ...]
    after: str | None = None

    def role_on(self, day: date | None) -> tuple[str | None, Role | None]:
        """The CAMEO code and role held on ``day``; former officials get ``after`` (COUNTRY+ELI)."""
        if day is None:
            current = [r for r in self.roles if r.end is None]
            role = current[-1] if current else (self.roles[-1] if self.roles else None)
            return (role.code if role else self.country), role
        active = [r for r in self.roles if r.active(day)]
        if active:
            # Several concurrent offices: the most recently begun one is the one news names.
            role = max(active, key=lambda r: r.start or date.min)
            return role.code, role
        if self.roles and all(r.end is not None and r.end <= day for r in self.roles):
            return self.after or f"{self.country}ELI", None
        if self.roles and all(r.start is not None and r.start > day for r in self.roles):
            return self.country, None
        return self.after or f"{self.country}ELI", None

    def dated_span(self) -> tuple[date | None, date | None]:
        starts = [r.start for r in self.roles if r.start]
        ends = [r.end for r in self.roles]
        return (min(starts) if starts else None, None if None in ends or not ends else max(e for e in ends if e))


@dataclass(frozen=True)
class Election:
    country: str
    kind: str
    day: date
    names: tuple[str, ...]


@dataclass
class KnowledgeBase:
    """Indexes over the actor data; build with :func:`load_kb`."""

    countries: dict[str, Country] = field(default_factory=dict)       # code -> country
    country_names: dict[str, str] = field(default_factory=dict)       # name/adjective/demonym -> code
    metonyms: dict[str, str] = field(default_factory=dict)            # capital/seat -> code
    organisations: dict[str, Organisation] = field(default_factory=dict)
    agent_terms: dict[str, str] = field(default_factory=dict)         # lower term -> role code
    titles: dict[str, str] = field(default_factory=dict)              # lower title -> role code
    people: list[Person] = field(default_factory=list)
    people_by_name: dict[str, list[Person]] = field(default_factory=dict)
    people_by_surname: dict[str, list[Person]] = field(default_factory=dict)
    sponsor_cues: frozenset[str] = frozenset()
    sponsor_prefixes: tuple[str, ...] = ()
    former_cues: frozenset[str] = frozenset()
    elections: list[Election] = field(default_factory=list)
    quantity_anaphors: frozenset[str] = frozenset()
    sponsored_group_nouns: frozenset[str] = frozenset()
    ethnic_groups: dict[str, str | None] = field(default_factory=dict)   # group name -> home country or None
    ethnic_cues: frozenset[str] = frozenset()                             # "ethnic": a demonym names a group
    placing_participles: frozenset[str] = frozenset()                     # "based" (in Beirut)
    leading_cues: frozenset[str] = frozenset()                            # "led" (US-led forces)
    family_name_first: frozenset[str] = frozenset()                       # countries: "Xi" of "Xi Jinping"
    member_collectives: frozenset[str] = frozenset()                      # "countries" (including X)
    member_cues: frozenset[str] = frozenset()                             # "including"
    envoy_titles: frozenset[str] = frozenset()                            # "ambassador" (to the UN)
    sent_from_nouns: frozenset[str] = frozenset()                         # "demands" (from Washington)
    representative_nouns: frozenset[str] = frozenset()                    # "leader" (student leaders)
    spokesperson_nouns: frozenset[str] = frozenset()                      # "spokesperson" (a ministry ...)
    kin_nouns: frozenset[str] = frozenset()                               # "sister" (of leader Y)
    dual_nouns: frozenset[str] = frozenset()                              # "sides" (both sides)
    dual_words: frozenset[str] = frozenset()                              # "both", "two"
    regions: dict[str, frozenset[str]] = field(default_factory=dict)      # "caribbean" -> member codes
    epithet_nouns: frozenset[str] = frozenset()                           # "nation" (the Caribbean nation)
    venue_nouns: frozenset[str] = frozenset()                             # "talks" (in Havana)
    collective_heads: frozenset[str] = frozenset()                        # "wave" (of Russian drones)
    follower_nouns: frozenset[str] = frozenset()                          # "supporters" (of the junta)
    synonym_heads: dict[str, str] = field(default_factory=dict)           # "junta" ~ "military ruler"
    max_org_words: int = 1

    # ------------------------------------------------------------ lookups
    def country_of(self, text: str) -> str | None:
        return self.country_names.get(norm(text))

    def ethnic_group(self, text: str) -> tuple[bool, str | None]:
        """Whether ``text`` names an ethnic group, and the country it is mainly associated with
        (None for a group spread over several states)."""
        key = norm(text)
        for candidate in (key, key[:-1] if key.endswith("s") else None, key[:-2] if key.endswith("es") else None):
            if candidate and candidate in self.ethnic_groups:
                return True, self.ethnic_groups[candidate]
        return False, None

    def organisation(self, text: str) -> Organisation | None:
        key = norm(text)
        org = self.organisations.get(key)
        if org is None and key.startswith("the "):
            org = self.organisations.get(key[4:])
        return org

    def people_named(self, text: str) -> list[Person]:
        key = norm(text)
        found = self.people_by_name.get(key)
        if found:
            return found
        return self.people_by_surname.get(key, [])

    # ------------------------------------------------------------ building
    def add_person(self, person: Person) -> None:
        self.people.append(person)
        for full in (person.name, *person.aliases):
            key = norm(full)
            self.people_by_name.setdefault(key, []).append(person)
            # "John F. Kerry" is also written "John Kerry".
            parts = key.split()
            if len(parts) > 2:
                self.people_by_name.setdefault(f"{parts[0]} {parts[-1]}", []).append(person)
            for surname in surname_keys(full, family_first=person.country in self.family_name_first):
                bucket = self.people_by_surname.setdefault(surname, [])
                if person not in bucket:
                    bucket.append(person)

    def add_organisation(self, names: list[str], code: str, country: str | None, sponsor: str | None,
                         separate: bool = False, periods: tuple = (), fallback: bool = False) -> None:
        org = Organisation(names[0], code, country, sponsor, periods, fallback)
        for name in names:
            key = norm(name)
            self.organisations.setdefault(
                key, Organisation(name, code, country, sponsor, periods, fallback) if separate else org)
            self.max_org_words = max(self.max_org_words, len(key.split()))

    def add_fallback_person(self, person: Person) -> bool:
        """Add a person of the bulk dictionary layer under the names no curated entry holds.

        A person whose main name is already known is the curated one: the dictionary adds nothing."""
        if norm(person.name) in self.people_by_name or norm(person.name) in self.organisations:
            return False
        free = tuple(a for a in person.aliases if norm(a) not in self.people_by_name)
        self.add_person(Person(person.name, free, person.country, person.roles, person.after))
        return True


def surname_keys(full_name: str, family_first: bool = False) -> list[str]:
    """Short forms news uses for a person: last word, and 'al-Assad' -> also 'assad'.

    With ``family_first`` (the person's country writes the family name first) the first word too:
    "Xi Jinping" -> "xi".
    """
    words = norm(full_name).split()
    if len(words) < 2:
        return []
    last = words[-1]
    keys = [last]
    if family_first and len(words) <= 3:
        keys.append(words[0])
    for prefix in ("al-", "el-", "al ", "el "):
        if last.startswith(prefix):
            keys.append(last[len(prefix):])
    if len(words) >= 3 and words[-2] in {"bin", "ben", "abu", "van", "von", "de", "al", "el"}:
        keys.append(" ".join(words[-2:]))
    return keys


def _date(value: object) -> date | None:
    if value in (None, "", "null"):
        return None
    if isinstance(value, date):
        return value
    text = str(value)
    if len(text) == 10:
        return date.fromisoformat(text)
    if re.fullmatch(r"\d{4}", text):
        return date(int(text), 1, 1)
    if re.fullmatch(r"\d{4}-\d{2}", text):
        return date.fromisoformat(text + "-01")
    return date.fromisoformat(text[:10])


# libyaml's loader, where installed, reads the knowledge files several times faster.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _load_yaml(name: str) -> object:
    path = resources.files("thucydides.actors").joinpath("data", name)
    return yaml.load(path.read_text("utf-8"), Loader=_YAML_LOADER) or []


def _tsv_rows(name: str) -> list[list[str]]:
    """Rows of a tab-separated data file (``#`` lines are comments)."""
    path = resources.files("thucydides.actors").joinpath("data", name)
    if not path.is_file():
        return []
    return [line.split("\t") for line in path.read_text("utf-8").splitlines() if line and not line.startswith("#")]


def _list(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(";") if part.strip()]


PHOENIX_HORIZON = date(2015, 1, 1)   # the Phoenix actor dictionaries are current to about 2014


def _load_phoenix_layer(kb: KnowledgeBase) -> None:
    """People and bodies converted from the Phoenix dictionaries (tools/convert_phoenix.py): a
    fallback for the decades and countries the curated files do not cover."""
    for name, aliases, country, after, roles in _tsv_rows("people_phoenix.tsv"):
        parsed = []
        open_ended = False
        for role in _list(roles):
            code, _, span = role.partition(" ")
            start, _, end = span.partition("..")
            # The dictionaries know nothing after their horizon: an office still held then is not
            # known to be held later, nor known to be left, so later dates get the country alone.
            open_ended = open_ended or not end
            parsed.append(Role("", (), code, _date(start), _date(end) or PHOENIX_HORIZON))
        if open_ended and not after:
            after = country
        kb.add_fallback_person(Person(name, tuple(_list(aliases)), country, tuple(parsed), after or None))
    for names, code, country in _tsv_rows("organizations_phoenix.tsv"):
        kb.add_organisation(_list(names), code, country, None, fallback=True)


def _data_files(prefix: str) -> list[str]:
    folder = resources.files("thucydides.actors").joinpath("data")
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(prefix) and p.name.endswith(".yaml"))


@cache
def load_kb() -> KnowledgeBase:
    """Load and index the built-in actor knowledge (cached per process)."""
    kb = KnowledgeBase()
    for entry in _load_yaml("countries.yaml"):
        code = entry["code"]
        kb.countries[code] = Country(code, entry["name"], entry.get("capital"))
        for key in ("names", "adjectives", "demonyms"):
            for name in entry.get(key) or []:
                kb.country_names.setdefault(norm(name), code)
        kb.country_names.setdefault(norm(entry["name"]), code)
        # A capital standing as subject or object of a verb is its government ("Kigali denies").
        for name in [*(entry.get("metonyms") or []), *([entry["capital"]] if entry.get("capital") else [])]:
            kb.metonyms.setdefault(norm(name), code)
    for entry in _load_yaml("organizations.yaml"):
        names = entry.get("names") or [entry.get("name")]
        periods = tuple((p["code"], _date(p.get("start")), _date(p.get("end"))) for p in entry.get("periods") or [])
        kb.add_organisation([n for n in names if n], entry["code"], entry.get("country"), entry.get("sponsor"),
                            separate=bool(entry.get("separate")), periods=periods)
    for entry in _load_yaml("agents.yaml"):
        role = entry["role"]
        for term in entry.get("terms") or []:
            kb.agent_terms.setdefault(norm(term), role)
        for title in entry.get("titles") or []:
            kb.titles.setdefault(norm(title), role)
            kb.agent_terms.setdefault(norm(title), role)
    cues = _load_yaml("cues.yaml") or {}
    kb.sponsor_cues = frozenset(norm(c) for c in cues.get("sponsor", []))
    kb.sponsor_prefixes = tuple(norm(c) for c in cues.get("sponsor_prefixes", []))
    kb.former_cues = frozenset(norm(c).rstrip("-") for c in cues.get("former", []))
    anaphora = _load_yaml("anaphora.yaml") or {}
    kb.quantity_anaphors = frozenset(norm(w) for w in anaphora.get("quantity_nouns", []))
    kb.sponsored_group_nouns = frozenset(norm(w) for w in cues.get("sponsored_group_nouns", []))
    ethnic = _load_yaml("ethnic_groups.yaml") or {}
    for code, groups in (ethnic.get("countries") or {}).items():
        for group in groups or []:
            kb.ethnic_groups.setdefault(norm(group), str(code))
    for group in ethnic.get("ambiguous") or []:
        kb.ethnic_groups.setdefault(norm(group), None)
    kb.ethnic_cues = frozenset(norm(c) for c in cues.get("ethnic", []))
    kb.placing_participles = frozenset(norm(c) for c in cues.get("placing_participles", []))
    kb.leading_cues = frozenset(norm(c) for c in cues.get("leading", []))
    kb.family_name_first = frozenset(str(c) for c in cues.get("family_name_first", []))
    kb.member_collectives = frozenset(norm(c) for c in cues.get("member_collectives", []))
    kb.member_cues = frozenset(norm(c) for c in cues.get("member_cues", []))
    kb.envoy_titles = frozenset(norm(c) for c in cues.get("envoy_titles", []))
    kb.sent_from_nouns = frozenset(norm(c) for c in cues.get("sent_from_nouns", []))
    kb.representative_nouns = frozenset(norm(c) for c in cues.get("representative_nouns", []))
    kb.spokesperson_nouns = frozenset(norm(c) for c in cues.get("spokesperson_nouns", []))
    kb.kin_nouns = frozenset(norm(c) for c in cues.get("kin_nouns", []))
    kb.venue_nouns = frozenset(norm(w) for w in cues.get("venue_nouns", []))
    kb.collective_heads = frozenset(norm(w) for w in cues.get("collective_heads", []))
    kb.follower_nouns = frozenset(norm(w) for w in cues.get("follower_nouns", []))
    for n, group in enumerate(anaphora.get("synonym_heads") or []):
        for word in group:
            kb.synonym_heads.setdefault(norm(word), str(n))
    kb.dual_nouns = frozenset(norm(w) for w in anaphora.get("dual_nouns", []))
    kb.dual_words = frozenset(norm(w) for w in anaphora.get("dual_words", []))
    regions = _load_yaml("regions.yaml") or {}
    kb.epithet_nouns = frozenset(norm(w) for w in regions.get("epithet_nouns", []))
    kb.regions = _region_members(regions.get("regions") or [])
    for name in _data_files("people"):
        for entry in _load_yaml(name):
            kb.add_person(_person(entry))
    _load_phoenix_layer(kb)
    if "elections.yaml" in _data_files("elections"):
        for entry in _load_yaml("elections.yaml"):
            kb.elections.append(Election(entry["country"], entry.get("kind", ""), _date(entry["date"]),
                                         tuple(norm(n) for n in entry.get("names") or [])))
    return kb


def _region_members(entries: list[dict]) -> dict[str, frozenset[str]]:
    """Region word -> member country codes, with the members of the regions an entry includes."""
    by_name = {norm(name): entry for entry in entries for name in entry.get("names") or []}

    def members(entry: dict, seen: frozenset[int]) -> set[str]:
        out = {str(code) for code in entry.get("members") or []}
        for part in entry.get("includes") or []:
            sub = by_name.get(norm(part))
            if sub is not None and id(sub) not in seen:
                out |= members(sub, seen | {id(sub)})
        return out

    return {name: frozenset(members(entry, frozenset({id(entry)}))) for name, entry in by_name.items()}


@dataclass(frozen=True)
class RoleClasses:
    """Classes of actor role codes, from ``role_classes.yaml``."""

    state: frozenset[str]
    transnational: frozenset[str]
    domestic: frozenset[str]
    placed_groups: frozenset[str]
    placed_bodies: frozenset[str]


@cache
def role_classes() -> RoleClasses:
    """The role classes the resolver reasons with (read once)."""
    data = _load_yaml("role_classes.yaml")
    return RoleClasses(**{key: frozenset(str(code) for code in data[key])
                          for key in ("state", "transnational", "domestic", "placed_groups",
                                                         "placed_bodies")})


def _person(entry: dict) -> Person:
    roles = tuple(
        Role(r.get("title", ""), tuple(r.get("titles") or ()), r["code"], _date(r.get("start")), _date(r.get("end")))
        for r in entry.get("roles") or [])
    return Person(entry["name"], tuple(entry.get("aliases") or ()), entry["country"], roles, entry.get("after"))


def extend_with_petrarch(kb: KnowledgeBase, folder: Path) -> int:
    """Add the actors and agents of PETRARCH/Phoenix dictionaries in ``folder``; returns the count added."""
    from thucydides.actors import petrarch

    added = 0
    for path in sorted(folder.iterdir()):
        lower = path.name.lower()
        if "actors" in lower:
            for actor in petrarch.read_actors(path):
                roles = tuple(Role("", (), c.code, c.start, c.end) for c in actor.codes)
                country = actor.codes[0].code[:3] if actor.codes else "---"
                for name in actor.names:
                    if norm(name) not in kb.people_by_name and norm(name) not in kb.organisations:
                        kb.add_person(Person(name.title(), (), country, roles))
                        added += 1
        elif "agents" in lower:
            for agent in petrarch.read_agents(path):
                kb.agent_terms.setdefault(norm(agent.phrase), agent.code)
                added += 1
    return added
