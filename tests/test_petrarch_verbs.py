"""PETRARCH verb dictionaries: the reader, the patterns matched on a real spaCy parse, and coding with
dictionary knowledge alone or added to the built-in knowledge (dictionaries written here)."""
from __future__ import annotations

import json
import subprocess
import sys
import warnings
from datetime import date
from pathlib import Path

import pytest

from thucydides.actors.petrarch import MalformedEntryWarning
from thucydides.article import Article
from thucydides.coding.petrarch_verbs import (
    is_verb_dictionary,
    lexicon_entries,
    read_verbs,
)
from thucydides.pipeline import (
    extract_article,
    knowledge_from_dictionaries,
    knowledge_with_dictionaries,
)

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT.parent / "shared" / "reference" / "petrarch2"

VERBS = """\
<!-- a small verb dictionary in the PETRARCH format -->
&TIEKIND
+TRADE
+MILITARY

&MONEY_
+DOLLARS
+SWISS FRANCS

&NEGAUX
+DID N'T
+WILL NOT

&ANYTIE   # a set made of another set
+&TIEKIND
+CULTURAL

--- SEVER  [161]  ---
SEVER
CUT {CUTS CUTTING}
+BREAK_OFF {+BREAKS_OFF +BROKE_OFF +BROKEN_OFF +BREAKING_OFF}
- * &TIEKIND TIES  [162]
- * &ANYTIE_LINKS  [163]
- NOT_*  [164]
- &NEGAUX *  [165]   # spaCy splits "didn't" as the treebank does

--- GIVE  [070]  ---
DONATE
PLEDGE [0710]
- * &MONEY  [071]

--- RECEIVE  [---]  ---
RECEIVE
- + * DONATION FROM $  [072]

--- MEET  [031:031]  ---
MEET {MEETS MET MEETING}
- % *  [036:036]

--- VISIT  [042:043]  ---
VISIT
ARRIVE [:033]
- * PRIVATE  [---]

--- SAY  [---]  ---
SAY {SAYS SAID SAYING}
- * WAS UNSATISFACTORY  [131]

- * ORPHAN PATTERN [999] trailing garbage
~ a (a b ATTACK) SAY = a b 015
"""

ACTORS = """\
VELORIA [VEL]
+VELORIAN
OSTMARK [OST]
KARSA [KAR]
+THE_KARSAN_REPUBLIC
MIRA_DOVEN
\t[VELGOV 20100101-20151231]
\t[VELELI >20160101]
"""

AGENTS = """\
GOVERNMENT [~GOV]
MINISTER [~GOV]
POLICE {} [~COP]
AID_AGENCY [NGO~]
"""

DISCARDS = """\
FOOTBALL
+CHESS OLYMPIAD
"""


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("dicts")
    (root / "test.verbs.txt").write_text(VERBS, encoding="utf-8")
    (root / "test.actors.txt").write_text(ACTORS, encoding="utf-8")
    (root / "test.agents.txt").write_text(AGENTS, encoding="utf-8")
    (root / "test.discards.txt").write_text(DISCARDS, encoding="utf-8")
    (root / "notes.md").write_text("not a dictionary\n", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def only(folder: Path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MalformedEntryWarning)
        return knowledge_with_dictionaries(folder, only=True)


def _code(knowledge, text: str, day: date = date(2012, 6, 1)) -> set[tuple[str, str, str]]:
    result = extract_article(Article(id="t", paragraphs=[text], date=day), knowledge)
    return {(e.source.code or "---", (e.target.code if e.target else None) or "---", e.cameo) for e in result.events}


# ------------------------------------------------------------------ reading


def test_reader_builds_families_forms_synsets_and_patterns(folder: Path) -> None:
    with pytest.warns(MalformedEntryWarning, match="skipped 1 malformed verb"):
        verbs = read_verbs(folder / "test.verbs.txt")
    assert [f.name for f in verbs.families] == ["SEVER", "GIVE", "RECEIVE", "MEET", "VISIT", "SAY"]
    # Plurals are generated unless the set's label ends in "_"; a set may hold another set.
    assert ("trades",) in verbs.synsets["TIEKIND"] and ("swiss", "francs") in verbs.synsets["MONEY"]
    assert ("swiss", "franc") not in verbs.synsets["MONEY"] and ("dollarses",) not in verbs.synsets["MONEY"]
    assert ("military",) in verbs.synsets["ANYTIE"] and ("cultural",) in verbs.synsets["ANYTIE"]
    assert ("did", "n't") in verbs.synsets["NEGAUX"]
    # Regular forms are generated; irregular ones replace them; a verb may have its own code.
    assert {"sever", "severs", "severed", "severing"} <= set(verbs.forms)
    assert "cutted" not in verbs.forms and "cutting" in verbs.forms
    pledge = verbs.forms["pledged"][0]
    assert pledge.code == "0710" and pledge.own_code and verbs.forms["donates"][0].code == "070"
    broke = verbs.forms["broke"][0]
    assert (broke.lemma, broke.after, broke.before) == ("break", ("off",), ())
    # Paired codes keep both directions; ":B" only the reverse one; "---" is no event.
    meet = verbs.families[3]
    assert (meet.code, meet.reverse) == ("031", "031")
    arrive = verbs.forms["arrive"][0]
    assert (arrive.code, arrive.reverse) == (None, "033")
    private = verbs.families[4].patterns[0]
    assert private.code is None and private.reverse is None
    # Longest pattern first; "_" joins, a space allows words between.
    sever = verbs.families[0].patterns
    assert sever[0].text == "* &TIEKIND TIES" and sever[-1].size == 1
    not_verb = next(p for p in sever if p.text == "NOT_*")
    assert not_verb.before[0].adjacent is True
    ties = sever[0]
    assert ties.after[0].adjacent is False and ties.after[1].adjacent is False
    links = next(p for p in sever if "LINKS" in p.text)
    assert links.after[1].adjacent is True
    assert verbs.skipped == 2   # the orphan pattern line and the transformation line


def test_codes_are_strings_as_written_and_entries_carry_the_forms(folder: Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MalformedEntryWarning)
        entries = lexicon_entries(read_verbs(folder / "test.verbs.txt"))
    assert entries["pledge"].code == "0710" and entries["sever"].code == "161"
    assert entries["say"].code is None and entries["said"].patterns
    assert entries["broke"].patterns[0].after == ("off",)


def test_a_file_that_is_not_a_verb_dictionary_is_refused(tmp_path: Path) -> None:
    prose = tmp_path / "prose.verbs.txt"
    prose.write_text("This is a letter.\nIt has no verb families at all.\n", encoding="utf-8")
    with pytest.raises(ValueError, match="not a PETRARCH verb dictionary"):
        read_verbs(prose)
    assert not is_verb_dictionary(prose)
    binary = tmp_path / "blob.verbs.txt"
    binary.write_bytes(b"\x00\x01\x02")
    with pytest.raises(ValueError, match="binary"):
        read_verbs(binary)


@pytest.mark.skipif(not REFERENCE.is_dir(), reason="the PETRARCH reference files are not beside the checkout")
@pytest.mark.parametrize("name", ["CAMEO.2.0.txt", "PETR.Validate.verbs.txt"])
def test_the_published_verb_dictionaries_load(name: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MalformedEntryWarning)
        verbs = read_verbs(REFERENCE / name)
    patterns = sum(len(f.patterns) for f in verbs.families)
    assert is_verb_dictionary(REFERENCE / name)
    assert len(verbs.families) > 200 and patterns > 400
    # Nearly every line reads: a few patterns use undefined synonym sets, as PETRARCH also warns.
    assert verbs.skipped < 0.01 * patterns + 12
    if name == "CAMEO.2.0.txt":
        assert len(verbs.families) > 390 and patterns > 4500
        assert "ask" in verbs.forms and verbs.forms["asked"][0].after == ("for",)


# ------------------------------------------------------------------ coding with the dictionaries alone


def test_patterns_choose_the_code(only) -> None:
    assert _code(only, "Veloria severed trade ties with Ostmark.") == {("VEL", "OST", "162")}
    assert _code(only, "Veloria severed relations with Ostmark.") == {("VEL", "OST", "161")}
    # "_" needs the words side by side: "cultural links" matches, "cultural and sporting links" does not.
    assert _code(only, "Veloria severed cultural links with Ostmark.") == {("VEL", "OST", "163")}
    assert _code(only, "Veloria severed cultural and sporting links with Ostmark.") == {("VEL", "OST", "161")}
    # Words before the verb; a synonym-set phrase is matched word by word.
    assert _code(only, "Veloria did not sever relations with Ostmark.") == {("VEL", "OST", "164")}
    assert _code(only, "Veloria didn't sever relations with Ostmark.") == {("VEL", "OST", "165")}
    # Patterns of the same size are tried in file order: "NOT_*" comes before "&NEGAUX *".
    assert _code(only, "Veloria will not cut relations with Ostmark.") == {("VEL", "OST", "164")}
    # Surface forms, as PETRARCH compares them: "dollars" matches, "dollar" does not.
    assert _code(only, "Veloria donated ten million dollars to Ostmark.") == {("VEL", "OST", "071")}
    assert _code(only, "Veloria donated a dollar to Ostmark.") == {("VEL", "OST", "070")}
    assert _code(only, "Veloria pledged help to Ostmark.") == {("VEL", "OST", "0710")}


def test_multi_word_verbs_and_null_codes(only) -> None:
    assert _code(only, "Veloria broke off relations with Ostmark.") == {("VEL", "OST", "161")}
    assert _code(only, "Veloria said the offer was unsatisfactory to Ostmark.") == {("VEL", "OST", "131")}
    # The verb of saying has the null code: no event of its own.
    assert _code(only, "Veloria said it had no plans.") == set()
    # A pattern with the null code silences the verb.
    assert _code(only, "The Velorian minister will visit Ostmark on a private trip.") == set()


def test_slots_paired_codes_and_compounds(only) -> None:
    # "+ * DONATION FROM $": the source is after the verb, the target before it.
    assert _code(only, "Ostmark received a donation from Veloria.") == {("VEL", "OST", "072")}
    assert _code(only, "Ostmark received a letter from Veloria.") == set()   # the null default
    # A paired code adds the reverse event; ":B" gives only the event back from the target.
    assert _code(only, "The Velorian minister will visit Ostmark.") == {("VELGOV", "OST", "042"),
                                                                           ("OST", "VELGOV", "043")}
    assert _code(only, "The Velorian minister arrived in Ostmark.") == {("OST", "VELGOV", "033")}
    # "% *": the coordinated parties act on each other.
    assert _code(only, "Veloria and Ostmark met on Monday.") == {("VEL", "OST", "036"), ("OST", "VEL", "036")}


def test_actor_phrases_agents_and_dates(only) -> None:
    # "Karsan Republic" is not the dictionary's "the Karsan Republic": the police have no country.
    found = _code(only, "Karsan Republic police severed ties with the aid agency of Veloria.")
    assert found == {("---COP", "NGOVEL", "161")}
    assert _code(only, "The Karsan Republic severed ties with the Velorian government.") == {("KAR", "VELGOV", "161")}
    assert _code(only, "The Ostmark police severed relations with the aid agency of Veloria.") == {
        ("OSTCOP", "NGOVEL", "161")}
    # A person's code for the article date: the dated code that covers it.
    assert _code(only, "Mira Doven severed relations with Ostmark.", date(2012, 1, 1)) == {("VELGOV", "OST", "161")}
    assert _code(only, "Mira Doven severed relations with Ostmark.", date(2019, 1, 1)) == {("VELELI", "OST", "161")}


def test_discards_keep_sentences_and_stories_from_being_coded(only) -> None:
    assert _code(only, "Veloria severed relations with Ostmark after the football match.") == set()
    story = Article(id="s", paragraphs=["Veloria severed relations with Ostmark.", "The chess olympiad went on."],
                    date=date(2012, 6, 1))
    assert extract_article(story, only).events == []
    kept = Article(id="k", paragraphs=["Veloria severed relations with Ostmark.", "The talks went on."],
                   date=date(2012, 6, 1))
    assert len(extract_article(kept, only).events) == 1


def test_codes_outside_the_cameo_codebook_still_make_events(only) -> None:
    event = extract_article(Article(id="x", paragraphs=["Veloria pledged help to Ostmark."],
                                    date=date(2012, 6, 1)), only).events[0]
    assert event.cameo == "0710" and event.cameo_label     # a child of CAMEO 071: its parent's label
    assert event.rule.startswith("pattern:give")


# ------------------------------------------------------------------ added to the built-in knowledge


def test_merged_knowledge_keeps_built_in_coding_and_adds_patterns(folder: Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MalformedEntryWarning)
        merged = knowledge_from_dictionaries({"verbs": [folder / "test.verbs.txt"]}, only=False)
    # A built-in verb keeps its built-in code when the dictionary only has its default for it...
    found = _code(merged, "Russia met China in Beijing on Monday.")
    assert found and all(code.startswith("04") for _, _, code in found)
    # ...but a dictionary pattern that matches specifically wins.
    assert _code(merged, "Russia and China met on Monday.") == {("RUS", "CHN", "036"), ("CHN", "RUS", "036")}
    assert ("FRA", "DEU", "162") in _code(merged, "France severed trade ties with Germany.")


def test_cli_codes_with_dictionaries_alone_and_refuses_bad_folders(folder: Path, tmp_path: Path) -> None:
    article = tmp_path / "story.txt"
    article.write_text("Veloria severed trade ties with Ostmark on Monday.\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "thucydides", "extract", str(article), "--date", "2012-06-05",
                           "--dictionaries", str(folder), "--only-dictionaries"], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    events = json.loads(proc.stdout)["events"]
    assert [(e["source"]["code"], e["target"]["code"], e["cameo"]) for e in events] == [("VEL", "OST", "162")]
    assert "skipped 1 malformed verb" in proc.stderr and "Traceback" not in proc.stderr
    empty = tmp_path / "empty"
    empty.mkdir()
    proc = subprocess.run([sys.executable, "-m", "thucydides", "extract", str(article), "--dictionaries",
                           str(empty)], capture_output=True, text=True)
    assert proc.returncode == 2 and "no PETRARCH dictionaries" in proc.stderr and "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
    proc = subprocess.run([sys.executable, "-m", "thucydides", "extract", str(article), "--only-dictionaries"],
                          capture_output=True, text=True)
    assert proc.returncode == 2 and "needs --dictionaries" in proc.stderr


@pytest.mark.skipif(not REFERENCE.is_dir(), reason="the PETRARCH reference files are not beside the checkout")
def test_cli_with_phoenix_verb_dictionary_on_a_normal_article(tmp_path: Path) -> None:
    folder = tmp_path / "phoenix"
    folder.mkdir()
    (folder / "CAMEO.2.0.txt").write_bytes((REFERENCE / "CAMEO.2.0.txt").read_bytes())
    sample = ROOT / "samples" / "002_ukraine_talks.txt"
    proc = subprocess.run([sys.executable, "-m", "thucydides", "extract", str(sample), "--dictionaries",
                           str(folder)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert result["events"], "no events coded"
    for event in result["events"]:
        assert result["article"]["body"][event["start"]:event["end"]] == event["evidence"]
    assert any(e["rule"].startswith("pattern:") for e in result["events"])
