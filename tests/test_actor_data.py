"""Validate the actor knowledge base YAML files: schema, codes, uniqueness and a few known facts."""
from __future__ import annotations

import re
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

import pycountry
import pytest
import yaml

from thucydides.actors.kb import load_kb, norm

CODE = re.compile(r"^[A-Z]{3}([A-Z]{3})*$")
ROLE = re.compile(r"^([A-Z]{3})+$")
EXTRA_COUNTRIES = {"XKX"}  # Kosovo: user-assigned in ISO 3166, used by news and event data sets
NON_STATE_PREFIXES = {"IGO", "NGO", "IMG"}
G20 = {"ARG", "AUS", "BRA", "CAN", "CHN", "FRA", "DEU", "IND", "IDN", "ITA", "JPN", "KOR", "MEX", "RUS",
       "SAU", "ZAF", "TUR", "GBR", "USA"}
MIDDLE_EAST = {"BHR", "CYP", "EGY", "IRN", "IRQ", "ISR", "JOR", "KWT", "LBN", "OMN", "PSE", "QAT", "SAU",
               "SYR", "TUR", "ARE", "YEM"}
# Yemen's capital has been held by the Houthis since 2014: no name stands for the recognised government.
NO_METONYM = {"YEM"}


@cache
def load(name: str) -> Any:
    path = resources.files("thucydides.actors").joinpath("data", name)
    return yaml.safe_load(path.read_text("utf-8"))


def valid_country(code: str) -> bool:
    return code in EXTRA_COUNTRIES or pycountry.countries.get(alpha_3=code) is not None


def is_text_list(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) and v.strip() == v and v for v in value)


# ------------------------------------------------------------------ countries.yaml
def test_countries_schema() -> None:
    countries = load("countries.yaml")
    assert isinstance(countries, list)
    for entry in countries:
        assert {"code", "name", "names", "adjectives", "demonyms", "metonyms"} <= entry.keys(), entry
        assert set(entry) <= {"code", "name", "names", "adjectives", "demonyms", "capital", "metonyms"}, entry
        assert valid_country(entry["code"]), entry["code"]
        assert isinstance(entry["name"], str) and entry["name"] in entry["names"], entry["code"]
        for key in ("names", "adjectives", "demonyms", "metonyms"):
            assert is_text_list(entry[key]), (entry["code"], key)
            assert len({v.casefold() for v in entry[key]}) == len(entry[key]), (entry["code"], key, "repeated")
        if "capital" in entry:
            assert isinstance(entry["capital"], str) and entry["capital"], entry["code"]


def test_countries_cover_iso_3166_and_extras() -> None:
    codes = [e["code"] for e in load("countries.yaml")]
    assert len(codes) == len(set(codes))
    assert {c.alpha_3 for c in pycountry.countries} <= set(codes)
    assert {"XKX", "PSE"} <= set(codes)


@pytest.mark.parametrize("code", sorted(G20 | MIDDLE_EAST))
def test_key_states_have_adjectives_capital_and_metonym(code: str) -> None:
    entry = next(e for e in load("countries.yaml") if e["code"] == code)
    assert entry["adjectives"], code
    assert entry.get("capital"), code
    if code not in NO_METONYM:
        assert entry["metonyms"], code


# ------------------------------------------------------------------ organizations.yaml
def test_organizations_schema() -> None:
    orgs = load("organizations.yaml")
    assert isinstance(orgs, list) and orgs
    for org in orgs:
        assert set(org) <= {"names", "code", "country", "sponsor", "periods", "separate"}, org
        assert is_text_list(org["names"]) and org["names"], org
        assert CODE.fullmatch(org["code"]), org["code"]
        assert org["country"] == org["code"][:3], org["names"][0]
        assert org["country"] in NON_STATE_PREFIXES or valid_country(org["country"]), org["names"][0]
        if "sponsor" in org:
            assert valid_country(org["sponsor"]) and org["sponsor"] != org["country"], org["names"][0]


def test_organization_periods_are_ordered_and_match_the_country() -> None:
    for org in (o for o in load("organizations.yaml") if "periods" in o):
        periods = org["periods"]
        assert periods, org["names"][0]
        previous_end: date | None = None
        for period in periods:
            assert set(period) <= {"code", "start", "end"} and CODE.fullmatch(period["code"]), period
            assert period["code"][:3] == org["country"], period
            start, end = period.get("start"), period.get("end")
            assert start is None or isinstance(start, date)
            assert end is None or isinstance(end, date)
            if start and end:
                assert start <= end, period
            if previous_end is not None:
                assert start is not None and start > previous_end, (org["names"][0], "periods overlap")
            previous_end = end
        assert org["code"] in {p["code"] for p in periods}, org["names"][0]


def name_index() -> dict[str, set[str]]:
    """Every normalised name in countries and organisations -> the actor codes it would resolve to."""
    index: dict[str, set[str]] = {}
    for entry in load("countries.yaml"):
        for key in ("names", "adjectives", "demonyms"):
            for name in entry[key]:
                index.setdefault(norm(name), set()).add(entry["code"])
        for name in entry["metonyms"]:
            index.setdefault(norm(name), set()).add(entry["code"] + "GOV")
    for org in load("organizations.yaml"):
        for name in org["names"]:
            index.setdefault(norm(name), set()).add(org["code"])
    return index


def test_no_name_maps_to_two_codes() -> None:
    clashes = {name: codes for name, codes in name_index().items() if len(codes) > 1}
    assert not clashes, clashes


def test_no_acronym_equal_to_a_common_word() -> None:
    # Matching is case-blind, so these would fire on ordinary English words.
    words = {"who", "is", "ice", "care", "raw", "mit", "let", "dawn", "spa", "amnesty", "car"}
    assert not words & set(name_index())


# ------------------------------------------------------------------ agents.yaml
def test_agents_schema_and_unique_terms() -> None:
    seen: dict[str, str] = {}
    for group in load("agents.yaml"):
        assert set(group) <= {"role", "terms", "titles"}, group
        assert ROLE.fullmatch(group["role"]), group["role"]
        assert is_text_list(group["terms"]) and group["terms"], group["role"]
        for term in group["terms"]:
            assert term == term.lower(), term
            assert seen.setdefault(norm(term), group["role"]) == group["role"], (term, "in two roles")
        for title in group.get("titles") or []:
            assert isinstance(title, str) and title[0].isupper(), title
            assert seen.setdefault(norm(title), group["role"]) == group["role"], (title, "in two roles")


def test_agents_cover_required_roles() -> None:
    roles = {g["role"] for g in load("agents.yaml")}
    assert {"GOV", "MIL", "COP", "LEG", "JUD", "REB", "OPP", "CVL", "REL", "MED", "BUS", "EDU", "HLH",
            "REF", "LAB", "SPY", "PTY"} <= roles


# ------------------------------------------------------------------ cues.yaml
def test_cues_schema() -> None:
    cues = load("cues.yaml")
    assert set(cues) == {"sponsor", "sponsor_prefixes", "former", "sponsored_group_nouns", "ethnic",
                         "placing_participles", "leading", "family_name_first", "member_collectives",
                         "member_cues", "envoy_titles", "sent_from_nouns", "representative_nouns",
                         "spokesperson_nouns", "venue_nouns", "collective_heads", "follower_nouns",
                         "kin_nouns"}
    assert set(cues["spokesperson_nouns"]) <= set(cues["representative_nouns"])
    assert not set(cues["leading"]) & set(cues["sponsor"])   # led forces are the leader's own
    for key, values in cues.items():
        assert is_text_list(values) and values, key
    assert all(p.endswith("-") for p in cues["sponsor_prefixes"])
    assert "led" not in cues["sponsor"]  # "Saudi-led coalition" is Saudi Arabia acting itself
    assert all(len(c) == 3 and c.isupper() for c in cues["family_name_first"])   # alpha-3 country codes


def test_role_classes_name_known_roles() -> None:
    classes = load("role_classes.yaml")
    assert set(classes) == {"state", "transnational", "domestic", "placed_groups", "placed_bodies"}
    for key, codes in classes.items():
        assert is_text_list(codes) and codes, key
        assert all(ROLE.fullmatch(code) for code in codes), key
    # The state's own roles are domestic too; no transnational actor is a placed group.
    assert set(classes["state"]) - {"GOVMIL"} <= set(classes["domestic"])
    assert not set(classes["transnational"]) & set(classes["placed_groups"])


def test_ethnic_groups_schema() -> None:
    groups = load("ethnic_groups.yaml")
    assert set(groups) == {"countries", "ambiguous"}
    seen: dict[str, str | None] = {}
    for code, names in groups["countries"].items():
        assert valid_country(code), code
        assert is_text_list(names) and names, code
        for name in names:
            assert norm(name) not in seen, (name, code, seen.get(norm(name)))
            seen[norm(name)] = code
    assert is_text_list(groups["ambiguous"])
    for name in groups["ambiguous"]:
        assert norm(name) not in seen, (name, "ambiguous and placed")
        seen[norm(name)] = None
    # A group is not a state's own demonym: those already say the country ("Iraqi", "Kenyan").
    kb = load_kb()
    assert not [name for name in seen if name in kb.country_names], "demonyms listed as ethnic groups"
    assert kb.ethnic_groups.get(norm("Chechen")) == "RUS" and kb.ethnic_groups.get(norm("Kurdish"), "x") is None


# ------------------------------------------------------------------ spot checks through the real loader
@pytest.mark.parametrize(("text", "code"), [
    ("U.S.", "USA"), ("United States", "USA"), ("America", "USA"), ("Britain", "GBR"), ("U.K.", "GBR"),
    ("UAE", "ARE"), ("Emirati", "ARE"), ("DPRK", "PRK"), ("Ivory Coast", "CIV"), ("Czechia", "CZE"),
    ("Iranian", "IRN"), ("Iraqis", "IRQ"), ("Saudi", "SAU"), ("Palestinian", "PSE"), ("Türkiye", "TUR"),
    ("Turkiye", "TUR"), ("Kosovo", "XKX"), ("Burma", "MMR"),
])
def test_country_names_resolve(text: str, code: str) -> None:
    assert load_kb().country_of(text) == code


@pytest.mark.parametrize(("text", "code"), [
    ("Washington", "USA"), ("Moscow", "RUS"), ("Kremlin", "RUS"), ("Beijing", "CHN"), ("Tehran", "IRN"),
    ("Baghdad", "IRQ"), ("Downing Street", "GBR"),
])
def test_metonyms_resolve(text: str, code: str) -> None:
    assert load_kb().metonyms[norm(text)] == code


@pytest.mark.parametrize(("text", "code", "sponsor"), [
    ("the State Department", "USAGOV", None), ("Pentagon", "USAGOVMIL", None), ("UN", "IGOUNO", None),
    ("U.N. Security Council", "IGOUNO", None), ("Hezbollah", "LBNREB", "IRN"),
    ("Kataib Hezbollah", "IRQREB", "IRN"), ("Houthis", "YEMREB", "IRN"), ("ISIS", "IMGREB", None),
    ("Reuters", "GBRMED", None), ("NATO", "IGOWSTNAT", None), ("M23", "CODREB", "RWA"),
])
def test_organisations_resolve(text: str, code: str, sponsor: str | None) -> None:
    org = load_kb().organisation(text)
    assert org is not None and (org.code, org.sponsor) == (code, sponsor)


@pytest.mark.parametrize(("term", "role"), [
    ("militia", "REB"), ("gunman", "REB"), ("protester", "OPP"), ("child", "CVL"), ("cleric", "REL"),
    ("ayatollah", "MUS"), ("diplomat", "GOV"), ("defence ministry", "GOVMIL"), ("lawmaker", "LEG"),
    ("refugee", "REF"), ("mercenary", "UAF"), ("riot police", "COP"), ("journalist", "MED"),
    ("electoral commission", "GOV"), ("election board", "GOV"),
])
def test_agent_terms_resolve(term: str, role: str) -> None:
    assert load_kb().agent_terms[norm(term)] == role


def test_titles_and_cues_load() -> None:
    kb = load_kb()
    assert kb.titles[norm("Secretary of State")] == "GOV"
    assert kb.titles[norm("Gen.")] == "MIL"
    assert {"backed", "sponsored"} <= kb.sponsor_cues
    assert "pro-" in kb.sponsor_prefixes
    assert {"former", "ex"} <= kb.former_cues


# ------------------------------------------------------------------ regions.yaml
def test_regions_schema_and_members() -> None:
    data = load("regions.yaml")
    assert set(data) == {"epithet_nouns", "regions"}
    assert is_text_list(data["epithet_nouns"])
    names: set[str] = set()
    for region in data["regions"]:
        assert set(region) <= {"names", "members", "includes"} and is_text_list(region["names"]), region
        assert region.get("members") or region.get("includes"), region
        for name in region["names"]:
            assert norm(name) not in names, (name, "named twice")
            names.add(norm(name))
        assert all(valid_country(code) for code in region.get("members") or []), region["names"]
        assert len(set(region.get("members") or [])) == len(region.get("members") or []), region["names"]
    for region in data["regions"]:
        assert {norm(part) for part in region.get("includes") or []} <= names, region["names"]


def test_region_membership_through_the_loader() -> None:
    regions = load_kb().regions
    assert "HTI" in regions[norm("Caribbean")] and "KEN" not in regions[norm("Caribbean")]
    assert {"KEN", "NGA", "EGY", "ZAF"} <= regions[norm("African")]          # through the subregions
    assert "SAU" in regions[norm("Gulf")] and "IRN" not in regions[norm("Gulf")]
    assert {"VNM", "PHL"} <= regions[norm("Southeast Asian")] <= regions[norm("Asian")]
    # Every code of every region is a country of countries.yaml.
    known = {e["code"] for e in load("countries.yaml")}
    assert set().union(*regions.values()) <= known


def test_taliban_changes_from_insurgent_to_government() -> None:
    taliban = next(o for o in load("organizations.yaml") if "Taliban" in o["names"])
    by_code = {p["code"]: p for p in taliban["periods"]}
    assert by_code["AFGREB"]["end"] < date(2021, 8, 15) <= by_code["AFGGOV"]["start"]


def test_distinct_guerrilla_groups_keep_their_own_names() -> None:
    # The ELN and the FARC share a code (Colombian rebels) but are separate organisations: one entry
    # listing both made every "ELN" print as "FARC".
    kb = load_kb()
    eln, farc = kb.organisation(norm("ELN")), kb.organisation(norm("FARC"))
    assert eln is not None and farc is not None
    assert eln.name != farc.name and eln.code == farc.code == "COLREB"
    assert kb.organisation(norm("National Liberation Army")).name == eln.name


def test_a_kin_noun_list_is_loaded() -> None:
    kb = load_kb()
    assert {"sister", "son", "wife"} <= kb.kin_nouns and "spokesman" not in kb.kin_nouns
