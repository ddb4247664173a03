"""Checks on the dated-role data for Middle Eastern actors and on the elections table.

The coverage test is the real one: for every required office of every state in the region it
asserts that someone held it on each 1 January 2015..2026, unless a vacancy or an unrecorded
holder is listed in COVERAGE_GAPS with its reason.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import pycountry
import pytest
import yaml

import thucydides

DATA = Path(thucydides.__file__).parent / "actors" / "data"
CODE_RE = re.compile(r"^[A-Z]{3}(?:[A-Z]{3})+$")
NON_STATE_PREFIXES = {"IGO", "NGO", "MNC"}
YEARS = range(2015, 2027)

# (authority, office) -> titles that count, each valid from an optional date. An authority is the
# country code plus GOV, except for Yemen, where the Houthi authorities (YEMREB) are kept apart.
Matcher = list[tuple[str, date | None]]
DEFAULT_HOS: Matcher = [("President", None)]
DEFAULT_HOG: Matcher = [("Prime Minister", None)]
HEAD_OF_STATE: dict[str, Matcher] = {
    "IRN": [("Supreme Leader", None)],
    "SAU": [("King", None)],
    "JOR": [("King", None)],
    "BHR": [("King", None)],
    "QAT": [("Emir", None)],
    "KWT": [("Emir", None)],
    "OMN": [("Sultan", None)],
    "SYR": [("President", None), ("De facto Leader", None)],
    "YEMGOV": [("President", None), ("Chairman of the Presidential Leadership Council", None)],
    "YEMREB": [
        ("Head of the Supreme Revolutionary Committee", None),
        ("President of the Supreme Political Council", None),
    ],
}
HEAD_OF_GOVERNMENT: dict[str, Matcher] = {
    "IRN": [("President", None), ("Acting President", None)],
    # Turkey abolished the premiership on 2018-07-09; Syria had none after 2025-03-29.
    "TUR": [("Prime Minister", None), ("President", date(2018, 7, 9))],
    "SYR": [("Prime Minister", None), ("President", date(2025, 3, 29))],
    "YEMREB": [
        ("Prime Minister of the Houthi government", None),
        ("Acting Prime Minister of the Houthi government", None),
    ],
}
FOREIGN_MINISTER_RE = re.compile(r"^(Acting )?Foreign Minister")
DEFENCE_MINISTER_RE = re.compile(r"^(Acting )?Defen[cs]e Minister|Defen[cs]e Affairs")
US_ENVOY_TITLES = {"Ambassador to the United States", "Head of the PLO Mission to the United States"}

AUTHORITIES = [
    "IRN", "IRQ", "ISR", "PSE", "SYR", "LBN", "JOR", "EGY", "SAU", "ARE", "QAT", "KWT", "BHR",
    "OMN", "YEMGOV", "YEMREB", "TUR",
]
OFFICES = ["head_of_state", "head_of_government", "foreign_minister", "defence_minister",
           "ambassador_us", "ambassador_un"]
ALL_YEARS = set(YEARS)

# Dates on which an office is known to have been vacant, or not applicable, or whose holder is not
# recorded in the data (stated as such so the gap stays visible).
COVERAGE_GAPS: dict[tuple[str, str], set[int]] = {
    ("IRN", "ambassador_us"): ALL_YEARS,   # no diplomatic relations
    ("SYR", "ambassador_us"): ALL_YEARS,   # embassy in Washington suspended since 2014
    ("PSE", "defence_minister"): ALL_YEARS,  # the PA has no defence ministry
    ("PSE", "ambassador_us"): set(range(2019, 2027)),  # PLO mission closed 2018-09
    ("LBN", "head_of_state"): {2015, 2016, 2023, 2024, 2025},  # presidential vacancies
    ("LBN", "ambassador_un"): set(range(2023, 2027)),  # holder not recorded
    ("IRQ", "ambassador_us"): {2023},  # between Yasseen and al-Khirullah; chargé d'affaires
    ("YEMGOV", "ambassador_us"): {2015} | set(range(2021, 2027)),  # holders not recorded
    ("YEMREB", "head_of_state"): {2015},  # Houthi takeover completed 2015-02-06
    ("YEMREB", "head_of_government"): {2015, 2016},
    ("YEMREB", "foreign_minister"): {2015, 2016},
    ("YEMREB", "defence_minister"): {2015, 2016},
    ("YEMREB", "ambassador_us"): ALL_YEARS,  # unrecognised authority
    ("YEMREB", "ambassador_un"): ALL_YEARS,
    ("OMN", "ambassador_us"): ALL_YEARS,  # holders not recorded
    ("OMN", "ambassador_un"): ALL_YEARS,
    ("BHR", "ambassador_us"): {2015, 2016, 2017},  # holder not recorded
    ("BHR", "ambassador_un"): ALL_YEARS,  # holders not recorded
}


@cache
def people() -> list[dict[str, Any]]:
    """The people list as loaded from YAML."""
    return yaml.safe_load((DATA / "people_mideast.yaml").read_text(encoding="utf-8"))


@cache
def elections() -> list[dict[str, Any]]:
    """The elections list as loaded from YAML."""
    return yaml.safe_load((DATA / "elections.yaml").read_text(encoding="utf-8"))


def active(role: dict[str, Any], day: date) -> bool:
    """Whether a role is held on `day`; the end date is the first day out of office."""
    return role["start"] <= day and (role["end"] is None or day < role["end"])


def authority_of(code: str) -> str:
    """Map a role code to the authority whose offices it fills."""
    if code.startswith("YEM"):
        return "YEMREB" if code.startswith("YEMREB") else "YEMGOV"
    return code[:3]


def matches(authority: str, office: str, title: str, day: date) -> bool:
    """Whether a role with `title` fills `office` of `authority` on `day`."""
    country = authority[:3]
    if office in ("head_of_state", "head_of_government"):
        table = HEAD_OF_STATE if office == "head_of_state" else HEAD_OF_GOVERNMENT
        default = DEFAULT_HOS if office == "head_of_state" else DEFAULT_HOG
        matcher = table.get(authority, table.get(country, default))
        return any(title == t and (since is None or day >= since) for t, since in matcher)
    if office == "foreign_minister":
        return bool(FOREIGN_MINISTER_RE.search(title))
    if office == "defence_minister":
        return bool(DEFENCE_MINISTER_RE.search(title))
    if office == "ambassador_us":
        return title in US_ENVOY_TITLES
    return title == "Ambassador to the United Nations"


def holders(authority: str, office: str, day: date) -> list[str]:
    """Names of the people filling `office` of `authority` on `day`."""
    found = []
    for person in people():
        for role in person["roles"]:
            if (authority_of(role["code"]) == authority and active(role, day)
                    and matches(authority, office, role["title"], day)):
                found.append(person["name"])
    return found


def code_on(name: str, day: date) -> set[str]:
    """Codes of the roles `name` holds on `day`."""
    person = next(p for p in people() if p["name"] == name)
    return {r["code"] for r in person["roles"] if active(r, day)}


# ---------------------------------------------------------------- schema


@pytest.mark.parametrize("person", people(), ids=lambda p: p["name"])
def test_person_schema(person: dict[str, Any]) -> None:
    assert set(person) <= {"name", "aliases", "country", "roles", "after"}
    assert isinstance(person["name"], str) and person["name"].strip() == person["name"]
    assert isinstance(person.get("aliases", []), list)
    assert pycountry.countries.get(alpha_3=person["country"]) is not None
    assert person["roles"], "a person needs at least one role"
    if "after" in person:
        assert CODE_RE.match(person["after"]) and person["after"].startswith(person["country"])
    for role in person["roles"]:
        assert set(role) == {"title", "titles", "code", "start", "end"}
        assert isinstance(role["title"], str) and role["title"]
        assert isinstance(role["titles"], list) and all(isinstance(t, str) for t in role["titles"])
        assert CODE_RE.match(role["code"]), role["code"]
        assert role["code"][:3] in {person["country"]} | NON_STATE_PREFIXES, role["code"]
        assert isinstance(role["start"], date)
        assert role["end"] is None or isinstance(role["end"], date)
        assert role["end"] is None or role["start"] <= role["end"], role
        assert date(1940, 1, 1) <= role["start"] <= date(2026, 11, 30)


def test_no_duplicate_names_or_ambiguous_aliases() -> None:
    names = Counter(p["name"] for p in people())
    assert [n for n, c in names.items() if c > 1] == []
    owner: dict[str, str] = {}
    for person in people():
        for form in {person["name"], *person.get("aliases", [])}:
            key = form.casefold()
            assert owner.setdefault(key, person["name"]) == person["name"], form


def test_same_office_roles_of_one_person_do_not_overlap() -> None:
    for person in people():
        by_title: dict[tuple[str, str], list[dict[str, Any]]] = {}
        for role in person["roles"]:
            by_title.setdefault((role["title"], role["code"]), []).append(role)
        for spans in by_title.values():
            spans.sort(key=lambda r: r["start"])
            for earlier, later in zip(spans, spans[1:]):
                assert earlier["end"] is not None and earlier["end"] <= later["start"], person["name"]


# ---------------------------------------------------------------- coverage


@pytest.mark.parametrize("office", OFFICES)
@pytest.mark.parametrize("authority", AUTHORITIES)
def test_every_office_held_each_new_year(authority: str, office: str) -> None:
    gaps = COVERAGE_GAPS.get((authority, office), set())
    missing = [y for y in YEARS if y not in gaps and not holders(authority, office, date(y, 1, 1))]
    assert missing == [], f"{authority} {office}: nobody on 1 January of {missing}"


@pytest.mark.parametrize("office", OFFICES)
@pytest.mark.parametrize("authority", AUTHORITIES)
def test_single_holder_offices_have_one_holder(authority: str, office: str) -> None:
    for year in YEARS:
        found = holders(authority, office, date(year, 1, 1))
        assert len(found) <= 1, f"{authority} {office} {year}: {found}"


def test_gap_list_has_no_stale_entries() -> None:
    """A listed gap that the data now fills should be removed from COVERAGE_GAPS."""
    for (authority, office), years in COVERAGE_GAPS.items():
        filled = [y for y in years if holders(authority, office, date(y, 1, 1))]
        assert filled == [], f"{authority} {office} has holders in {filled}"


# ---------------------------------------------------------------- spot checks


def test_spot_checks_of_codes_on_dates() -> None:
    assert code_on("Benjamin Netanyahu", date(2020, 9, 28)) == {"ISRGOV"}
    assert code_on("Benjamin Netanyahu", date(2022, 1, 1)) == {"ISROPP"}
    assert code_on("Qasem Soleimani", date(2019, 12, 1)) == {"IRNMIL"}
    assert code_on("Qasem Soleimani", date(2020, 2, 1)) == set()
    assert code_on("Barbara A. Leaf", date(2020, 9, 28)) == set()  # former diplomat then
    assert code_on("Barbara A. Leaf", date(2023, 3, 1)) == {"USAGOV"}
    assert code_on("Mohammed bin Salman", date(2015, 3, 1)) == {"SAUMIL"}
    assert code_on("Mohammed bin Salman", date(2016, 1, 1)) == {"SAUMIL", "SAUGOV"}
    assert code_on("Hassan Nasrallah", date(2020, 1, 1)) == {"LBNREB"}
    assert code_on("Ahmed al-Sharaa", date(2020, 1, 1)) == {"SYRREB"}
    assert code_on("Ahmed al-Sharaa", date(2025, 6, 1)) == {"SYRGOV"}


def test_spot_checks_of_office_holders() -> None:
    assert holders("IRQ", "head_of_government", date(2020, 9, 28)) == ["Mustafa al-Kadhimi"]
    assert holders("IRN", "foreign_minister", date(2020, 9, 28)) == ["Mohammad Javad Zarif"]
    assert holders("TUR", "head_of_government", date(2020, 1, 1)) == ["Recep Tayyip Erdogan"]
    assert holders("TUR", "head_of_government", date(2017, 1, 1)) == ["Binali Yildirim"]
    assert holders("YEMREB", "head_of_state", date(2020, 1, 1)) == ["Mahdi al-Mashat"]
    assert holders("YEMGOV", "head_of_state", date(2020, 1, 1)) == ["Abdrabbuh Mansur Hadi"]
    assert holders("SAU", "head_of_government", date(2023, 1, 1)) == ["Mohammed bin Salman"]
    assert holders("LBN", "head_of_state", date(2024, 1, 1)) == []


# ---------------------------------------------------------------- elections


def election_day(year: int) -> date:
    """US federal election day: the Tuesday after the first Monday of November."""
    first = date(year, 11, 1)
    first_monday = first + timedelta(days=(0 - first.weekday()) % 7)
    return first_monday + timedelta(days=1)


@pytest.mark.parametrize("entry", elections(), ids=lambda e: f"{e['country']}-{e['date']}")
def test_election_schema(entry: dict[str, Any]) -> None:
    assert set(entry) == {"country", "kind", "date", "names"}
    assert pycountry.countries.get(alpha_3=entry["country"]) is not None
    assert isinstance(entry["kind"], str) and entry["kind"]
    assert isinstance(entry["date"], date)
    assert date(2000, 1, 1) <= entry["date"] <= date(2026, 12, 31)
    assert entry["names"] and all(isinstance(n, str) and n for n in entry["names"])


def test_elections_unique() -> None:
    keys = Counter((e["country"], e["kind"], e["date"]) for e in elections())
    assert [k for k, c in keys.items() if c > 1] == []


@pytest.mark.parametrize("kind,years", [
    ("presidential", range(2000, 2025, 4)),
    ("midterm", range(2002, 2027, 4)),
])
def test_us_elections_present_on_election_day(kind: str, years: range) -> None:
    dates = sorted(e["date"] for e in elections() if e["country"] == "USA" and e["kind"] == kind)
    assert dates == [election_day(y) for y in years]


def test_election_day_rule() -> None:
    assert election_day(2020) == date(2020, 11, 3)
    assert election_day(2016) == date(2016, 11, 8)  # 1 November 2016 was a Tuesday


def test_required_countries_have_elections() -> None:
    countries = {e["country"] for e in elections()}
    assert {"USA", "GBR", "FRA", "DEU", "ISR", "IRQ", "IRN", "TUR", "RUS", "IND", "BRA",
            "JPN"} <= countries
