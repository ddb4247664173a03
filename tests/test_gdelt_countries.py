"""The ISO 3166-1 alpha-3 -> FIPS 10-4 table behind GDELT's *Geo_CountryCode columns."""

import csv
import re
from collections import Counter
from pathlib import Path

import pycountry

TSV = Path(__file__).resolve().parents[1] / "src" / "thucydides" / "store" / "gdelt_countries.tsv"


def _lines() -> list[str]:
    return TSV.read_text(encoding="utf-8").splitlines()


def _rows() -> list[dict[str, str]]:
    return list(csv.DictReader((line for line in _lines() if not line.startswith("#")), delimiter="\t"))


def test_header():
    assert _lines()[0] == "iso3\tfips\tname"


def test_no_duplicates():
    rows = _rows()
    assert [k for k, n in Counter(r["iso3"] for r in rows).items() if n > 1] == []
    assert [k for k, n in Counter(r["fips"] for r in rows if r["fips"]).items() if n > 1] == []


def test_code_shapes():
    iso = {c.alpha_3 for c in pycountry.countries}
    for r in _rows():
        assert re.fullmatch(r"[A-Z]{2}|", r["fips"]), r
        assert r["iso3"] in iso or r["iso3"] == "XKX", r
        assert r["name"], r


def test_covers_pycountry():
    assert {c.alpha_3 for c in pycountry.countries} <= {r["iso3"] for r in _rows()}
    assert sum(1 for r in _rows() if r["fips"]) >= 240


def test_known_pairs():
    fips = {r["iso3"]: r["fips"] for r in _rows()}
    expected = {
        "USA": "US", "IRQ": "IZ", "IRN": "IR", "ISR": "IS", "PSE": "WE", "UKR": "UP", "RUS": "RS",
        "DEU": "GM", "GBR": "UK", "CHN": "CH", "FRA": "FR", "SYR": "SY", "LBN": "LE", "YEM": "YM",
        "SAU": "SA", "TUR": "TU", "EGY": "EG", "JOR": "JO", "KWT": "KU", "QAT": "QA", "ARE": "AE",
        "BHR": "BA", "OMN": "MU", "AFG": "AF", "PAK": "PK", "IND": "IN", "JPN": "JA", "KOR": "KS",
        "PRK": "KN", "AUS": "AS", "AUT": "AU", "ESP": "SP", "SWE": "SW", "CHE": "SZ", "XKX": "KV",
    }
    assert {k: fips.get(k) for k in expected} == expected
