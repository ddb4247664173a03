"""Generality: the extractor on short news texts it was not tuned on.

Each file in fixtures/generality/ is one invented wire-style story with the events a careful human
CAMEO coder finds in it (`must`, each matched by at least one event) and the traps a coder must not
fall into (`must_not`, matched by no event): threatened or denied acts stored as done, the wrong
direction, boilerplate coded as news. Expectations are at CAMEO root level unless the sub-code is
unambiguous.

Matching: an event matches an expectation when every key given holds.
  source_country, target_country  string or list; the actor's country is in it
                                  (target_country: null means the event has no target)
  source_sponsor                  string or list; the source actor's sponsor is in it
  cameo                           string or list of prefixes; the event code starts with one
  modality                        string or list
  date                            prefix of event.date.value
  killed, wounded                 equal to event.quantities[...]
  location, evidence, condition   case-insensitive substring of the location name / evidence / condition
"""
from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import pycountry
import pytest
import yaml

from thucydides.models import Event, Extraction

FIXTURES = Path(__file__).parent / "fixtures" / "generality"
CAMEO_ROOTS = {f"{n:02d}" for n in range(1, 21)}
MODALITIES = {"asserted", "threatened", "conditional", "hypothetical", "negated", "intended"}
NON_STATE_COUNTRIES = {"IGO", "NGO", "MNC"}
MIN_FIXTURES = 26
MIN_COUNTRIES = 12
TOP_KEYS = {"id", "date", "title", "text", "must", "must_not"}
# A full stop after a lower-case word or a number, so that "U.S." does not end a sentence.
SENTENCE_END = re.compile(r"[a-z0-9%][.!?][\"”’]?(?=\s|$)")


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _contains(needle: str, haystack: str | None) -> bool:
    return haystack is not None and needle.lower() in haystack.lower()


def _target_ok(event: Event, wanted: Any) -> bool:
    if wanted is None:
        return event.target is None
    return event.target is not None and event.target.country in _as_list(wanted)


# One check per expectation key: (event, expected value) -> holds?
CHECKS: dict[str, Callable[[Event, Any], bool]] = {
    "source_country": lambda e, v: e.source.country in _as_list(v),
    "target_country": _target_ok,
    "source_sponsor": lambda e, v: e.source.sponsor in _as_list(v),
    "cameo": lambda e, v: any(e.cameo.startswith(p) for p in _as_list(v)),
    "modality": lambda e, v: e.modality in _as_list(v),
    "date": lambda e, v: e.date is not None and e.date.value.startswith(v),
    "killed": lambda e, v: e.quantities.get("killed") == v,
    "wounded": lambda e, v: e.quantities.get("wounded") == v,
    "location": lambda e, v: e.location is not None and _contains(v, e.location.name),
    "evidence": lambda e, v: _contains(v, e.evidence),
    "condition": lambda e, v: _contains(v, e.condition),
}


def matches(event: Event, expectation: dict[str, Any]) -> bool:
    """True when every key of ``expectation`` holds for ``event`` (see the module docstring)."""
    return all(CHECKS[key](event, value) for key, value in expectation.items())


@cache
def load_fixtures() -> tuple[dict[str, Any], ...]:
    """Every fixture file, parsed, in file-name order."""
    return tuple(yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(FIXTURES.glob("*.yaml")))


def _describe(event: Event) -> str:
    target = event.target.country if event.target else None
    qty = f" {event.quantities}" if event.quantities else ""
    when = f" @{event.date.value}" if event.date else ""
    return (f"  {event.source.country}->{target} {event.cameo} {event.modality}{when}{qty}"
            f" | {event.evidence!r}")


def _report(fixture: dict[str, Any], events: list[Event], failures: list[str]) -> str:
    found = "\n".join(_describe(e) for e in events) or "  (no events)"
    return "\n".join([f"{fixture['id']}:", *failures, "events found (source->target cameo modality):", found])


# ------------------------------------------------------------ the fixture set itself

def _countries(fixture: dict[str, Any]) -> set[str]:
    out: set[str] = set()
    for exp in fixture["must"] + fixture["must_not"]:
        for key in ("source_country", "target_country", "source_sponsor"):
            if exp.get(key) is not None:
                out.update(_as_list(exp[key]))
    return out


def _schema_errors(fixture: dict[str, Any], file_stem: str) -> list[str]:
    errors = []
    if set(fixture) != TOP_KEYS:
        errors.append(f"top-level keys {sorted(fixture)} != {sorted(TOP_KEYS)}")
    if fixture.get("id") != file_stem:
        errors.append(f"id {fixture.get('id')!r} differs from the file name")
    day = fixture.get("date")
    if not isinstance(day, datetime.date) or not 2015 <= day.year <= 2026:
        errors.append(f"date {day!r} is not a date in 2015-2026")
    text = fixture.get("text")
    if not isinstance(text, str) or not 2 <= len(SENTENCE_END.findall(text)) <= 5:
        errors.append("text must be a story of 2-5 sentences")
    if not fixture.get("must") or not 1 <= len(fixture["must"]) <= 3:
        errors.append("must needs 1-3 expectations")
    if not isinstance(fixture.get("must_not"), list):
        errors.append("must_not must be a list (possibly empty)")
    for exp in (fixture.get("must") or []) + (fixture.get("must_not") or []):
        errors += _expectation_errors(exp)
    return errors


def _expectation_errors(exp: Any) -> list[str]:
    if not isinstance(exp, dict) or not exp:
        return [f"expectation {exp!r} is not a non-empty mapping"]
    errors = [f"unknown key {k!r} in {exp}" for k in exp if k not in CHECKS]
    for key in ("source_country", "target_country", "source_sponsor"):
        for code in _as_list(exp.get(key)) if exp.get(key) is not None else []:
            if code not in NON_STATE_COUNTRIES and pycountry.countries.get(alpha_3=code) is None:
                errors.append(f"{key} {code!r} is not ISO 3166 alpha-3 nor IGO/NGO/MNC")
    for code in _as_list(exp.get("cameo", [])):
        if not (isinstance(code, str) and code.isdigit() and code[:2] in CAMEO_ROOTS):
            errors.append(f"cameo {code!r} is not a quoted CAMEO code")
    for mod in _as_list(exp.get("modality", [])):
        if mod not in MODALITIES:
            errors.append(f"modality {mod!r} unknown")
    for key in ("killed", "wounded"):
        if key in exp and not (isinstance(exp[key], int) and exp[key] >= 0):
            errors.append(f"{key} must be a count")
    if "date" in exp and not isinstance(exp["date"], str):
        errors.append(f"date {exp['date']!r} must be a quoted string prefix")
    return errors


def test_fixture_set_is_valid_and_broad() -> None:
    """The set itself: enough stories, valid schema, every CAMEO root and a dozen countries covered."""
    paths = sorted(FIXTURES.glob("*.yaml"))
    assert len(paths) >= MIN_FIXTURES, f"only {len(paths)} fixtures"
    errors = [f"{p.name}: {err}" for p, fx in zip(paths, load_fixtures()) for err in _schema_errors(fx, p.stem)]
    assert not errors, "\n".join(errors)

    roots = {c[:2] for fx in load_fixtures() for exp in fx["must"] for c in _as_list(exp.get("cameo", []))}
    assert CAMEO_ROOTS <= roots, f"roots never expected: {sorted(CAMEO_ROOTS - roots)}"
    states = set().union(*(_countries(fx) for fx in load_fixtures())) - NON_STATE_COUNTRIES
    assert len(states) >= MIN_COUNTRIES, f"only {len(states)} countries: {sorted(states)}"
    modalities = {m for fx in load_fixtures() for exp in fx["must"] + fx["must_not"]
                  for m in _as_list(exp.get("modality", []))}
    assert MODALITIES <= modalities, f"modalities never tested: {sorted(MODALITIES - modalities)}"


# ------------------------------------------------------------ the matcher


def _event(**overrides: Any) -> Event:
    base: dict[str, Any] = {
        "id": "t-e1", "sentence": 0, "start": 0, "end": 10, "evidence": "Russian forces shelled Kharkiv",
        "source": {"text": "Russian forces", "name": "Russia", "code": "RUSMIL", "country": "RUS"},
        "target": {"text": "Kharkiv", "name": "Ukraine", "code": "UKR", "country": "UKR"},
        "cameo": "194", "cameo_label": "Fight with artillery and tanks", "plover": {"type": "ASSAULT"},
        "quad_class": 4, "goldstein": -10.0, "date": {"value": "2022-03-04", "precision": "day", "text": "Friday"},
        "location": {"name": "Kharkiv", "country": "UKR"}, "quantities": {"killed": 12},
        "confidence": 0.9, "rule": "test",
    }
    base.update(overrides)
    return Event.model_validate(base)


@pytest.mark.parametrize(("expectation", "expected"), [
    ({"source_country": "RUS", "target_country": ["UKR", "BLR"], "cameo": "19"}, True),
    ({"cameo": ["18", "20"]}, False),
    ({"cameo": "1941"}, False),
    ({"target_country": None}, False),
    ({"modality": ["threatened", "conditional"]}, False),
    ({"date": "2022-03"}, True),
    ({"date": "2022-03-05"}, False),
    ({"killed": 12, "location": "kharkiv", "evidence": "SHELLED"}, True),
    ({"wounded": 12}, False),
    ({"condition": "unless"}, False),
    ({"source_sponsor": "IRN"}, False),
])
def test_matcher(expectation: dict[str, Any], expected: bool) -> None:
    assert matches(_event(), expectation) is expected


def test_matcher_null_target_and_sponsor() -> None:
    event = _event(target=None, source={"text": "militias", "name": "militias", "code": "IRQREB",
                                        "country": "IRQ", "sponsor": "IRN"}, condition="unless the attacks stop")
    assert matches(event, {"target_country": None, "source_sponsor": "IRN", "condition": "Attacks"})
    assert not matches(event, {"target_country": "USA"})


# ------------------------------------------------------------ the extractor on each story


@pytest.mark.parametrize("fixture", load_fixtures(), ids=lambda fx: fx["id"])
def test_generality(fixture: dict[str, Any]) -> None:
    """Every `must` is met by some event and no event falls into a `must_not` trap."""
    # Imported here so that the fixture-set checks above run even while the pipeline cannot load.
    from thucydides.pipeline import extract_text

    result: Extraction = extract_text(fixture["text"], date=fixture["date"], title=fixture["title"])
    events = result.events
    failures = [f"  missing: {exp}" for exp in fixture["must"] if not any(matches(e, exp) for e in events)]
    for exp in fixture["must_not"]:
        failures += [f"  trap {exp} matched by: {_describe(e).strip()}" for e in events if matches(e, exp)]
    assert not failures, _report(fixture, events, failures)
