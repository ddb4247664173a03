"""Checks on the dated-role data for the G20 states, the EU and the UN Secretary-General.

The coverage test is the real one: for every required office it asserts that someone held it on
each 1 January 2015..2026, unless the date is listed in COVERAGE_GAPS with its reason. Holders
are looked up across every people_*.yaml file, because the resolver reads them all together
(a few US officials live in people_mideast.yaml).
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import pycountry
import pytest
import yaml

import thucydides

DATA = Path(thucydides.__file__).parent / "actors" / "data"
OWN_FILE = "people_g20.yaml"
CODE_RE = re.compile(r"^[A-Z]{3}(?:[A-Z]{3})+$")
NON_STATE = {"IGO", "NGO", "MNC"}
YEARS = range(2015, 2027)
ALL_YEARS = set(YEARS)
EU = "IGOEUREEC"
UN = "IGOUNO"

STATES = ["ARG", "AUS", "BRA", "CAN", "CHN", "FRA", "DEU", "IND", "IDN", "ITA", "JPN", "KOR",
          "MEX", "RUS", "ZAF", "GBR", "USA"]

# Canonical titles (the `title` field, not the short forms) that fill each office.
HEAD_OF_STATE = {"GBR": {"Queen", "King"}, "JPN": {"Emperor"},
                 "CAN": {"Governor General"}, "AUS": {"Governor General"}}
HEAD_OF_GOVERNMENT = {"DEU": {"Chancellor"}, "CHN": {"Premier"},
                      **{c: {"President"} for c in ("ARG", "BRA", "IDN", "MEX", "ZAF", "USA")}}
FOREIGN_MINISTER = {"GBR": {"Foreign Secretary"}, "IND": {"External Affairs Minister"},
                    "USA": {"Secretary of State", "Acting Secretary of State"}}
DEFENCE_MINISTER = {"GBR": {"Defence Secretary"}, "FRA": {"Defence Minister", "Armed Forces Minister"},
                    "USA": {"Secretary of Defense", "Acting Secretary of Defense"}}

# (authority, office) -> {canonical titles}; authority is a country code, "EU" or "UN".
REQUIRED: dict[tuple[str, str], set[str]] = {}
for _c in STATES:
    REQUIRED[(_c, "head_of_state")] = HEAD_OF_STATE.get(_c, {"President", "Acting President"})
    REQUIRED[(_c, "head_of_government")] = HEAD_OF_GOVERNMENT.get(_c, {"Prime Minister"})
    REQUIRED[(_c, "foreign_minister")] = FOREIGN_MINISTER.get(_c, {"Foreign Minister"})
    REQUIRED[(_c, "defence_minister")] = DEFENCE_MINISTER.get(_c, {"Defence Minister",
                                                                   "Acting Defence Minister"})
    REQUIRED[(_c, "ambassador_un")] = {"Ambassador to the United Nations",
                                       "Acting Ambassador to the United Nations"}
    if _c != "USA":
        REQUIRED[(_c, "ambassador_us")] = {"Ambassador to the United States"}
REQUIRED[("USA", "vice_president")] = {"Vice President"}
REQUIRED[("USA", "national_security_advisor")] = {"National Security Advisor",
                                                  "Acting National Security Advisor"}
REQUIRED[("USA", "cia_director")] = {"Director of the Central Intelligence Agency",
                                     "Acting Director of the Central Intelligence Agency"}
REQUIRED[("USA", "joint_chiefs_chairman")] = {"Chairman of the Joint Chiefs of Staff"}
REQUIRED[("USA", "deputy_secretary_of_state")] = {"Deputy Secretary of State",
                                                  "Acting Deputy Secretary of State"}
REQUIRED[("USA", "under_secretary_political")] = {"Under Secretary of State for Political Affairs"}
REQUIRED[("USA", "ambassador_russia")] = {"US Ambassador to Russia"}
REQUIRED[("USA", "ambassador_china")] = {"US Ambassador to China"}
REQUIRED[("EU", "commission_president")] = {"President of the European Commission"}
REQUIRED[("EU", "council_president")] = {"President of the European Council"}
REQUIRED[("EU", "high_representative")] = {
    "High Representative of the Union for Foreign Affairs and Security Policy"}
REQUIRED[("UN", "secretary_general")] = {"Secretary-General of the United Nations"}

# Dates on which an office was vacant, or whose holder is not recorded (so the gap stays visible).
COVERAGE_GAPS: dict[tuple[str, str], set[int]] = {
    ("USA", "deputy_secretary_of_state"): {2015},  # vacant between Burns and Blinken
    ("USA", "under_secretary_political"): {2016, 2025},  # vacant; 2025: John Bass acting, not recorded
    ("USA", "ambassador_russia"): {2023, 2026},  # vacant; chargés d'affaires
    ("USA", "ambassador_china"): {2021, 2022},  # vacant between Branstad and Burns
    ("RUS", "ambassador_us"): {2025},  # vacant between Antonov and Darchiev
    ("CHN", "ambassador_us"): {2023},  # vacant between Qin Gang and Xie Feng
    ("GBR", "ambassador_us"): {2020, 2026},  # chargés: after Darroch, after Mandelson's dismissal
    ("IND", "ambassador_us"): {2019},  # between Sarna and Shringla
    ("AUS", "ambassador_us"): {2026},  # Rudd's successor not recorded
    ("ITA", "ambassador_us"): {2026},  # holder after Zappia not recorded
    ("ARG", "ambassador_us"): {2020, 2025, 2026},  # 2020: before Argüello arrived; later holders not recorded
    ("ARG", "ambassador_un"): set(range(2020, 2027)),  # holders not recorded
    ("BRA", "ambassador_us"): ALL_YEARS,  # holders after Mauro Vieira not recorded
    ("IDN", "ambassador_us"): ALL_YEARS,  # holders not recorded
    ("IDN", "ambassador_un"): ALL_YEARS,  # holders not recorded
    ("MEX", "ambassador_us"): {2016, 2017},  # vacant before Sada and before Gutiérrez
    ("MEX", "ambassador_un"): ALL_YEARS - set(range(2019, 2024)),  # holders other than de la Fuente not recorded
    ("ZAF", "ambassador_us"): ALL_YEARS,  # holders between Rasool's two terms not recorded
    ("ZAF", "ambassador_un"): {2015, 2016},  # Matjila's predecessor not recorded
}


def _load(name: str) -> list[dict[str, Any]]:
    return yaml.safe_load((DATA / name).read_text(encoding="utf-8")) or []


@cache
def own_people() -> list[dict[str, Any]]:
    """The people of people_g20.yaml."""
    return _load(OWN_FILE)


@cache
def all_people() -> list[dict[str, Any]]:
    """The people of every people_*.yaml file, as the resolver sees them."""
    return [p for f in sorted(DATA.glob("people_*.yaml")) for p in _load(f.name)]


def active(role: dict[str, Any], day: date) -> bool:
    """Whether a role is held on `day`; `end` is the first day out of office."""
    return role["start"] <= day and (role["end"] is None or day < role["end"])


def authority_of(code: str) -> str:
    """The authority whose offices a role code fills."""
    if code.startswith(EU):
        return "EU"
    if code.startswith(UN):
        return "UN"
    return code[:3]


def holders(authority: str, office: str, day: date) -> list[str]:
    """Names of the people filling `office` of `authority` on `day`."""
    titles = REQUIRED[(authority, office)]
    return [p["name"] for p in all_people() for r in p["roles"]
            if r["title"] in titles and authority_of(r["code"]) == authority and active(r, day)]


def codes_on(name: str, day: date) -> set[str]:
    """Codes of the roles `name` holds on `day`."""
    person = next(p for p in own_people() if p["name"] == name)
    return {r["code"] for r in person["roles"] if active(r, day)}


# ---------------------------------------------------------------- schema


@pytest.mark.parametrize("person", own_people(), ids=lambda p: p["name"])
def test_person_schema(person: dict[str, Any]) -> None:
    assert set(person) <= {"name", "aliases", "country", "roles", "after"}
    assert {"name", "country", "roles"} <= set(person)
    assert isinstance(person["name"], str) and person["name"].strip() == person["name"]
    assert all(isinstance(a, str) and a for a in person.get("aliases", []))
    assert pycountry.countries.get(alpha_3=person["country"]) is not None
    assert person["roles"]
    if "after" in person:
        assert CODE_RE.match(person["after"]) and person["after"].startswith(person["country"])
    for role in person["roles"]:
        assert set(role) == {"title", "titles", "code", "start", "end"}, role
        assert isinstance(role["title"], str) and role["title"]
        assert role["titles"] and all(isinstance(t, str) and t for t in role["titles"])
        assert CODE_RE.match(role["code"]), role["code"]
        assert role["code"][:3] in {person["country"]} | NON_STATE, role["code"]
        assert isinstance(role["start"], date), role  # YAML parsed an ISO date
        assert role["end"] is None or isinstance(role["end"], date), role
        assert role["end"] is None or role["start"] <= role["end"], role
        assert date(1940, 1, 1) <= role["start"] <= date(2026, 11, 30), role


def test_names_and_aliases_are_unique_across_all_people_files() -> None:
    names = Counter(p["name"] for p in all_people())
    assert [n for n, c in names.items() if c > 1] == []
    owner: dict[str, str] = {}
    for person in all_people():
        for form in {person["name"], *person.get("aliases", [])}:
            assert owner.setdefault(form.casefold(), person["name"]) == person["name"], form


def test_terms_of_one_office_held_by_one_person_do_not_overlap() -> None:
    for person in own_people():
        spans: dict[tuple[str, str], list[dict[str, Any]]] = {}
        for role in person["roles"]:
            spans.setdefault((role["title"], role["code"]), []).append(role)
        for terms in spans.values():
            terms.sort(key=lambda r: r["start"])
            for earlier, later in zip(terms, terms[1:]):
                assert earlier["end"] is not None and earlier["end"] <= later["start"], person["name"]


# ---------------------------------------------------------------- coverage


@pytest.mark.parametrize("authority,office", sorted(REQUIRED), ids=lambda x: str(x))
def test_every_office_held_each_new_year(authority: str, office: str) -> None:
    gaps = COVERAGE_GAPS.get((authority, office), set())
    missing = [y for y in YEARS if y not in gaps and not holders(authority, office, date(y, 1, 1))]
    assert missing == [], f"{authority} {office}: nobody on 1 January of {missing}"


@pytest.mark.parametrize("authority,office", sorted(REQUIRED), ids=lambda x: str(x))
def test_one_substantive_holder_at_a_time(authority: str, office: str) -> None:
    """Acting holders may stand beside a suspended incumbent; substantive holders may not overlap."""
    for year in YEARS:
        found = holders(authority, office, date(year, 1, 1))
        substantive = [n for n in found if not any(
            r["title"].startswith("Acting") and active(r, date(year, 1, 1))
            for p in all_people() if p["name"] == n for r in p["roles"])]
        assert len(substantive) <= 1, f"{authority} {office} {year}: {found}"


def test_gap_list_has_no_stale_entries() -> None:
    for (authority, office), years in COVERAGE_GAPS.items():
        filled = [y for y in years if holders(authority, office, date(y, 1, 1))]
        assert filled == [], f"{authority} {office} has holders in {filled}; drop the gap"


# ---------------------------------------------------------------- spot checks


def test_spot_checks_of_codes_on_dates() -> None:
    assert codes_on("Mike Pompeo", date(2020, 9, 28)) == {"USAGOV"}
    assert codes_on("Mike Pompeo", date(2017, 6, 1)) == {"USASPY"}
    assert codes_on("Mike Pompeo", date(2022, 1, 1)) == set()
    assert codes_on("Sergei Shoigu", date(2020, 1, 1)) == {"RUSMIL"}
    assert codes_on("Sergei Shoigu", date(2025, 1, 1)) == {"RUSGOV"}
    assert codes_on("Ursula von der Leyen", date(2018, 1, 1)) == {"DEUMIL"}
    assert codes_on("Ursula von der Leyen", date(2020, 1, 1)) == {EU}
    assert codes_on("António Guterres", date(2015, 6, 1)) == {UN}
    assert codes_on("Donald Trump", date(2022, 6, 1)) == set()
    assert codes_on("Donald Trump", date(2025, 6, 1)) == {"USAGOV"}


def test_spot_checks_of_office_holders() -> None:
    assert holders("USA", "foreign_minister", date(2020, 9, 28)) == ["Mike Pompeo"]
    assert holders("USA", "head_of_state", date(2020, 9, 28)) == ["Donald Trump"]
    assert holders("USA", "defence_minister", date(2020, 9, 28)) == ["Mark Esper"]
    assert holders("USA", "ambassador_un", date(2019, 6, 1)) == ["Jonathan Cohen"]
    assert holders("GBR", "head_of_government", date(2022, 10, 1)) == ["Liz Truss"]
    assert holders("GBR", "head_of_state", date(2023, 1, 1)) == ["Charles III"]
    assert holders("DEU", "head_of_government", date(2020, 1, 1)) == ["Angela Merkel"]
    assert holders("JPN", "head_of_state", date(2019, 5, 1)) == ["Naruhito"]
    assert holders("KOR", "head_of_state", date(2025, 1, 1)) == ["Yoon Suk Yeol", "Choi Sang-mok"]
    assert holders("BRA", "head_of_state", date(2019, 1, 1)) == ["Jair Bolsonaro"]
    assert holders("EU", "high_representative", date(2020, 9, 28)) == ["Josep Borrell"]
    assert holders("UN", "secretary_general", date(2016, 12, 31)) == ["Ban Ki-moon"]
    assert holders("UN", "secretary_general", date(2017, 1, 1)) == ["António Guterres"]
