"""`thucydides eval petrarch`: reading PETRARCH validation records and scoring them (files written here),
and the reading of PETRARCH's own unit-test file where it is beside the checkout."""
from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from thucydides.evaluation.petrarch_records import read_records, score_records, triples
from thucydides.models import Actor, Event, Plover
from thucydides.pipeline import knowledge_from_dictionaries

ROOT = Path(__file__).resolve().parents[1]
UNIT_TESTS = ROOT.parent / "shared" / "reference" / "petrarch2" / "PETR.UnitTest.records.xml"

VERBS = """\
--- SEVER [161] ---
SEVER
- * TRADE TIES [162]

--- SPEAK [010] ---
SPEAK {SPEAKS SPOKE SPOKEN SPEAKING}
"""
ACTORS = "VELORIA [VEL]\n+VELORIAN\nOSTMARK [OST]\n"
AGENTS = "MINISTER [~GOV]\n"
DISCARDS = "FOOTBALL\n"

RECORDS = """\
<Validation>
<Environment>
    <Verbfile>v.verbs.txt</Verbfile>
    <Actorfile>a.actors.txt</Actorfile>
    <Agentfile>g.agents.txt</Agentfile>
    <Discardfile>d.discards.txt</Discardfile>
</Environment>
<Sentences>
<Sentence date="20120601" id="R1" category="VERB" sentence="true">
<EventCoding sourcecode="VEL" targetcode="OST" eventcode="162"></EventCoding>
<Text>Veloria severed trade
  ties with Ostmark.</Text>
<Parse>(ROOT (S (NP (NNP Veloria))))</Parse>
</Sentence>
<Sentence date="20120601" id="R2" category="VERB" sentence="true">
<EventCoding noevents = "True"></EventCoding>
<Text>The weather was mild on Monday.</Text>
</Sentence>
<Sentence date="20120601" id="R3" category="PATTERN" sentence="true">
<EventCoding sourcecode="VEL" targetcode="OST" eventcode="999"></EventCoding>
<Text>Veloria severed relations with Ostmark.</Text>
</Sentence>
<Config option="require_dyad" value="false"></Config>
<Sentence date = "20120601" id ="R4" category="DYAD" sentence="true">
<EventCoding sourcecode="VELGOV" targetcode="---" eventcode="010"></EventCoding>
<Text>The Velorian minister spoke on Monday.</Text>
</Sentence>
<Config option="require_dyad" value="TRUE"></Config>
<Sentence date="20120601" id="R5" category="DYAD" sentence="true">
<Text>The Velorian minister spoke on Monday.</Text>
</Sentence>
<Sentence date="20120601" id="R6" category="ERROR" sentence="true">
<EventCoding error="sentencediscard"></EventCoding>
<Text>Veloria severed relations with Ostmark after the football match.</Text>
</Sentence>
<Sentence date="20120601" id="R7" category="ERROR" sentence="true">
<EventCoding error="bad_input_parse"></EventCoding>
<Text>Veloria severed relations with Ostmark.</Text>
</Sentence>
</Sentences>
</Validation>
"""


@pytest.fixture()
def suite(tmp_path: Path) -> Path:
    (tmp_path / "v.verbs.txt").write_text(VERBS, encoding="utf-8")
    (tmp_path / "a.actors.txt").write_text(ACTORS, encoding="utf-8")
    (tmp_path / "g.agents.txt").write_text(AGENTS, encoding="utf-8")
    (tmp_path / "d.discards.txt").write_text(DISCARDS, encoding="utf-8")
    path = tmp_path / "records.xml"
    path.write_text(RECORDS, encoding="utf-8")
    return path


def test_records_environment_and_options_are_read(suite: Path) -> None:
    files, records = read_records(suite)
    assert files["verbs"] == [suite.parent / "v.verbs.txt"] and files["discards"] == [suite.parent / "d.discards.txt"]
    assert [r.id for r in records] == ["R1", "R2", "R3", "R4", "R5", "R6", "R7"]
    first = records[0]
    assert first.text == "Veloria severed trade ties with Ostmark." and first.day == date(2012, 6, 1)
    assert first.expected == {("VEL", "OST", "162")} and first.category == "VERB"
    assert records[1].expected == set() and records[5].error == "sentencediscard"
    # <Config> changes the options of the records after it.
    assert [r.require_dyad for r in records] == [True, True, True, False, True, True, True]
    assert not records[6].applicable and records[0].applicable


def test_scores_count_what_they_say(suite: Path) -> None:
    files, records = read_records(suite)
    result = score_records(records, knowledge_from_dictionaries(files, only=True)).as_dict()
    assert result["records"] == 6 and result["not_applicable"] == ["R7"]
    assert result["correct_records"] == 5 and result["fully_correct"] == pytest.approx(5 / 6, abs=1e-3)
    assert result["events_found"] == 3 and result["events_expected"] == 3
    assert result["precision"] == pytest.approx(2 / 3, abs=1e-3) and result["recall"] == pytest.approx(2 / 3, abs=1e-3)
    assert result["per_category"]["PATTERN"] == {"records": 1, "correct": 0, "fully_correct": 0.0}
    assert result["per_category"]["DYAD"]["correct"] == 2
    [failure] = result["failures"]
    assert failure["id"] == "R3" and failure["found"] == [["VEL", "OST", "161"]]


def test_triples_write_missing_parties_the_petrarch_way() -> None:
    def event(source: Actor, target: Actor | None) -> Event:
        return Event(id="e", sentence=0, start=0, end=1, evidence="x", source=source, target=target, cameo="010",
                     cameo_label="", plover=Plover(type="", mode=None), quad_class=0, goldstein=0.0,
                     modality="asserted", condition=None, reported_by=None, date=None, location=None,
                     quantities={}, confidence=0.5, rule="r")
    agent_only = Actor(text="an official", name="official", code=None, country=None, role="GOV")
    country = Actor(text="Veloria", name="Veloria", code="VEL", country="VEL")
    events = [event(agent_only, None), event(country, agent_only)]
    assert triples(events, require_dyad=False) == {("---GOV", "---", "010"), ("VEL", "---GOV", "010")}
    assert triples(events, require_dyad=True) == {("VEL", "---GOV", "010")}


def test_cli_prints_a_table_and_json(suite: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "thucydides", "eval", "petrarch", str(suite), "--json"],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert set(result) >= {"fully_correct", "precision", "recall", "per_category", "failures", "not_applicable"}
    proc = subprocess.run([sys.executable, "-m", "thucydides", "eval", "petrarch", str(suite)],
                          capture_output=True, text=True)
    assert proc.returncode == 0 and "fully correct" in proc.stdout and "R3" in proc.stdout


def test_bad_files_get_one_line(tmp_path: Path, suite: Path) -> None:
    bad = tmp_path / "bad.xml"
    bad.write_text("<Validation><Sentences><Sentence>", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "thucydides", "eval", "petrarch", str(bad)],
                          capture_output=True, text=True)
    assert proc.returncode == 2 and "not PETRARCH validation records" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1 and "Traceback" not in proc.stderr
    (suite.parent / "v.verbs.txt").unlink()
    proc = subprocess.run([sys.executable, "-m", "thucydides", "eval", "petrarch", str(suite)],
                          capture_output=True, text=True)
    assert proc.returncode == 2 and "missing dictionaries" in proc.stderr and "v.verbs.txt" in proc.stderr
    undated = tmp_path / "undated.xml"
    undated.write_text(RECORDS.replace('date="20120601" id="R1"', 'date="someday" id="R1"'), encoding="utf-8")
    with pytest.raises(ValueError, match="R1 has no valid date"):
        read_records(undated)


@pytest.mark.skipif(not UNIT_TESTS.is_file(), reason="the PETRARCH reference files are not beside the checkout")
def test_petrarch_unit_test_file_is_read_completely() -> None:
    files, records = read_records(UNIT_TESTS)
    assert [p.name for p in files["verbs"]] == ["PETR.Validate.verbs.txt"] and all(
        p.is_file() for paths in files.values() for p in paths)
    assert len(records) == 284 and sum(not r.applicable for r in records) == 2
    by_id = {r.id: r for r in records}
    assert by_id["DEMO-00"].expected == {("ARN", "GON", "064")}
    assert by_id["DEMO-24"].expected == set()
    assert not by_id["COMPOUND-03"].require_dyad and by_id["COMPOUND-05"].require_dyad
    assert sum(len(r.expected) for r in records) == 359
