"""The evaluation commands on small gold files written here, and the regression guard on the dev sets."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from thucydides.evaluation.plover import country, plover_type, read_records, score_plover, version_type

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "eval"

RECORDS = [
    {"id": "t1", "event": "ASSAULT", "text": "Russian forces shelled the Ukrainian city of Kharkiv on Friday.",
     "source": [{"code": "RUS"}], "target": [{"code": "UKR"}]},
    {"id": "t2", "event": "DEMAND", "text": "Egypt demanded that Ethiopia stop filling the dam.",
     "source": [{"code": "EGY"}], "target": [{"code": "ETH"}]},
    {"id": "t3", "event": "CONSULT", "text": "The weather was mild and the markets were quiet.",
     "source": [{"code": "FRA"}], "target": ""},
]


def test_old_names_and_codes_are_mapped() -> None:
    assert plover_type("demand") == "REQUEST" and plover_type("FIGHT") == "ASSAULT"
    assert country("JAP") == "JPN" and country("USAGOV") == "USA" and country(None) is None


def test_plover_scores_count_what_they_say() -> None:
    result = score_plover(RECORDS).as_dict()
    assert result["sentences"] == 3
    assert result["type"] == pytest.approx(2 / 3, abs=1e-3)        # the third sentence has no event
    assert result["triple"] == pytest.approx(2 / 3, abs=1e-3)
    assert result["per_type"]["CONSULT"]["recall"] == 0.0
    assert result["confusion"]["CONSULT->NONE"] == 1


def test_records_are_scored_in_the_plover_version_they_name() -> None:
    # Destroying property is COERCE in PLOVER 0.5b1 and ASSAULT in the 2021 table extract follows.
    assert version_type("1712", "0.5b1") == "COERCE" and version_type("0831", "0.5b1") == "RETREAT"
    assert version_type("1712", None) is None and version_type("190", "0.5b1") is None
    record = {"id": "v1", "event": "COERCE", "version": "0.5b1",
              "text": "Soldiers of Myanmar demolished dozens of Rohingya homes in Rakhine on Monday.",
              "source": [{"code": "MMR"}], "target": [{"code": "MMR"}]}
    assert score_plover([record]).as_dict()["type"] == 1.0
    assert score_plover([record], crosswalk=False).as_dict()["type"] == 0.0
    assert score_plover([{**record, "version": "2021"}]).as_dict()["type"] == 0.0


def test_bad_gold_file_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps([{"sentence": "no text key"}]), encoding="utf-8")
    with pytest.raises(ValueError, match="not PLOVER records"):
        read_records(bad)
    proc = subprocess.run([sys.executable, "-m", "thucydides", "eval", "plover", str(bad)],
                          capture_output=True, text=True)
    assert proc.returncode == 2 and "not PLOVER records" in proc.stderr and "Traceback" not in proc.stderr


def test_eval_commands_print_json(tmp_path: Path) -> None:
    gold = tmp_path / "gold.json"
    gold.write_text(json.dumps(RECORDS), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "thucydides", "eval", "plover", str(gold), "--json"],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert set(json.loads(proc.stdout)) >= {"type", "triple", "precision", "per_type", "confusion"}
    tml = tmp_path / "doc.tml"
    tml.write_text('<?xml version="1.0" ?>\n<TimeML><DOCID>d</DOCID><DCT><TIMEX3 tid="t0" type="DATE" '
                   'value="1998-08-07" functionInDocument="CREATION_TIME">08/07/1998</TIMEX3></DCT><TEXT>'
                   'The talks resumed <TIMEX3 tid="t1" type="DATE" value="1998-08-06">Thursday</TIMEX3> '
                   'after a pause <TIMEX3 tid="t2" type="DATE" value="1998-07">last month</TIMEX3>.</TEXT></TimeML>',
                   encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "thucydides", "eval", "timeml", str(tmp_path), "--json"],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert result["gold"] == 2 and result["value_accuracy"] == 1.0


def _floors() -> dict[str, float]:
    text = (ROOT / "docs" / "accuracy.md").read_text("utf-8")
    return {k: float(v) for k, v in re.findall(r"^floor (\S+) = ([0-9.]+)$", text, flags=re.M)}


@pytest.mark.skipif(not SHARED.is_dir(), reason="the development sets are not beside the checkout")
def test_dev_set_numbers_stay_above_their_floors() -> None:
    floors = {k: v for k, v in _floors().items() if not k.startswith("petrarch.")}
    assert floors, "docs/accuracy.md records no floors"
    plover = score_plover(read_records(SHARED / "plover_dev.json")).as_dict()
    from thucydides.evaluation.timeml import score_timeml
    timeml = score_timeml(sorted((SHARED / "timeml_dev").glob("*.tml")))
    now = {**{f"plover.{k}": plover[k] for k in ("type", "triple", "precision", "source_country", "target_country")},
           "timeml.value_accuracy": timeml["value_accuracy"], "timeml.span_recall": timeml["span_recall"]}
    dropped = {k: (round(now[k], 4), floor) for k, floor in floors.items() if now[k] < floor}
    assert not dropped, f"below the floors of docs/accuracy.md: {dropped}"


PETRARCH_RECORDS = ROOT.parent / "shared" / "reference" / "petrarch2" / "PETR.UnitTest.records.xml"


@pytest.mark.skipif(not PETRARCH_RECORDS.is_file(), reason="the PETRARCH reference files are not beside the checkout")
def test_petrarch_unit_tests_stay_above_their_floor() -> None:
    from thucydides.evaluation.petrarch_records import read_records as read_petrarch, score_records
    from thucydides.pipeline import knowledge_from_dictionaries

    floors = {k: v for k, v in _floors().items() if k.startswith("petrarch.")}
    assert floors, "docs/accuracy.md records no petrarch floor"
    files, records = read_petrarch(PETRARCH_RECORDS)
    result = score_records(records, knowledge_from_dictionaries(files, only=True)).as_dict()
    now = {f"petrarch.{k}": result[k] for k in ("fully_correct", "precision", "recall")}
    dropped = {k: (round(now[k], 4), floor) for k, floor in floors.items() if now[k] < floor}
    assert not dropped, f"below the floors of docs/accuracy.md: {dropped}"
