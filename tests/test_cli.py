"""The command line, run as a user runs it: a real process, real files."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

CLI = [sys.executable, "-m", "thucydides"]
ARTICLE = """Turkey and Greece agree to resume talks

ANKARA (Reuters) - Turkish Foreign Minister Mevlut Cavusoglu met his Greek counterpart Nikos Dendias in Ankara on Tuesday, April 14, 2021, and the two sides agreed to resume talks on maritime borders.
"""


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *args], capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("content, reason", [
    (b"", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    (b"caf\xe9 au lait \xfa not utf8 at all", "not UTF-8"),
    ("这是一篇关于两国外交部长会谈的中文新闻报道，双方同意继续合作。".encode(), "not"),
])
def test_bad_input_one_line_exit_2(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "input.txt"
    path.write_bytes(content)
    proc = run("extract", str(path))
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert str(path) in lines[0] and reason in lines[0]
    assert "Traceback" not in proc.stderr


def test_directory_argument(tmp_path: Path) -> None:
    proc = run("extract", str(tmp_path))
    assert proc.returncode == 2
    assert "is a directory" in proc.stderr and "Traceback" not in proc.stderr


def test_missing_file_and_bad_date(tmp_path: Path) -> None:
    proc = run("extract", str(tmp_path / "nope.txt"))
    assert proc.returncode == 2 and "no such file" in proc.stderr
    good = tmp_path / "a.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    proc = run("extract", str(good), "--date", "30/09/2020")
    assert proc.returncode == 2 and "YYYY-MM-DD" in proc.stderr


def test_json_output_contract(tmp_path: Path) -> None:
    path = tmp_path / "talks.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    proc = run("extract", str(path), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert set(doc) >= {"article", "entities", "events", "quotes", "times"}
    assert doc["article"]["title"] == "Turkey and Greece agree to resume talks"
    assert doc["article"]["source"] == "Reuters"
    body = doc["article"]["body"]
    for ev in doc["events"]:
        assert body[ev["start"]:ev["end"]] == ev["evidence"]
    assert any(ev["cameo"].startswith("04") or ev["cameo"].startswith("03") for ev in doc["events"])


def test_table_output(tmp_path: Path) -> None:
    path = tmp_path / "talks.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    proc = run("extract", str(path), "--format", "table")
    assert proc.returncode == 0, proc.stderr
    assert "Events" in proc.stdout and "Turkey and Greece" in proc.stdout


def test_jsonl_gives_one_line_per_record_in_order(tmp_path: Path) -> None:
    path = tmp_path / "batch.jsonl"
    records = [
        {"id": "r1", "title": "A", "text": "Egyptian police arrested dozens of protesters in Cairo on Friday.", "date": "2019-09-21"},
        {"id": "r2", "title": "B", "text": "nonsense line that is {broken"},
        {"id": "r3", "title": "C", "text": "Japan's prime minister visited Australia on Monday.", "date": "2022-10-24"},
    ]
    lines = [json.dumps(records[0]), "{broken json", json.dumps(records[2])]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    proc = run("extract", str(path))
    out = [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]
    assert [o["article"]["id"] for o in out] == ["r1", "r3"]
    assert out[0]["article"]["published"] == {"date": "2019-09-21", "inferred": False, "evidence": ["given"]}
    assert proc.returncode == 2
    assert "line 2" in proc.stderr


SHARED = Path(__file__).resolve().parents[2] / "shared" / "reference" / "petrarch2"


@pytest.mark.skipif(not SHARED.is_dir(), reason="the PETRARCH reference dictionaries are not beside the checkout")
def test_petrarch_dictionaries_add_actors(tmp_path: Path) -> None:
    folder = tmp_path / "dicts"
    folder.mkdir()
    for name in ("PETR.Validate.actors.txt", "PETR.Validate.agents.txt"):
        (folder / name).write_bytes((SHARED / name).read_bytes())
    story = tmp_path / "story.txt"
    story.write_text("Arnor accused Gondor of violating the border on Sunday.", encoding="utf-8")
    plain = json.loads(run("extract", str(story), "--date", "2014-05-05").stdout)
    assert not any(e["source"]["code"] == "ARN" for e in plain["events"])
    proc = run("extract", str(story), "--date", "2014-05-05", "--dictionaries", str(folder))
    coded = json.loads(proc.stdout)
    accuse = [e for e in coded["events"] if e["cameo"].startswith("11")]
    assert accuse and accuse[0]["source"]["code"] == "ARN" and accuse[0]["target"]["code"] == "GON"
    violation = [e for e in coded["events"] if e["cameo"].startswith("19")]
    assert all(e["modality"] != "asserted" for e in violation)


def test_store_commands_end_to_end(tmp_path):
    """ingest, then every listing command and an export, as a user runs them."""
    corpus = Path(__file__).parent / "fixtures" / "corpus"
    db = str(tmp_path / "cli.db")
    done = subprocess.run(CLI + ["ingest", str(corpus), "--db", db, "--workers", "1", "--date-from-filename"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "Ingest summary" in done.stderr
    events = subprocess.run(CLI + ["events", "--db", db, "--dyad", "USA-IRQ", "--format", "json"],
                            capture_output=True, text=True, timeout=60)
    rows = json.loads(events.stdout)
    assert rows and all(r["source_country"] == "USA" and r["target_country"] == "IRQ" for r in rows)
    for command in (["articles"], ["quotes", "--speaker", "zelensky"], ["clusters"], ["dyads"], ["rejected"]):
        listed = subprocess.run(CLI + command + ["--db", db, "--format", "csv"], capture_output=True, text=True,
                                timeout=60)
        assert listed.returncode == 0, (command, listed.stderr)
        assert listed.stdout.splitlines(), command
    bad = subprocess.run(CLI + ["events", "--db", db, "--since", "yesterday"], capture_output=True, text=True,
                         timeout=60)
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "--since" in bad.stderr
    missing = subprocess.run(CLI + ["events", "--db", str(tmp_path / "none.db")], capture_output=True, text=True,
                             timeout=60)
    assert missing.returncode == 2 and "no such store" in missing.stderr
    out = tmp_path / "events.gdelt"
    exported = subprocess.run(CLI + ["export", "--db", db, "--format", "gdelt", "--output", str(out)],
                              capture_output=True, text=True, timeout=60)
    assert exported.returncode == 0 and out.read_text().count("\t") >= 60
