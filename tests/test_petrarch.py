"""Readers for PETRARCH/TABARI actor, agent and discard dictionaries."""
from __future__ import annotations

import warnings
from datetime import date
from pathlib import Path

import pytest

from thucydides.actors.petrarch import (
    DatedCode,
    DictActor,
    DictAgent,
    MalformedEntryWarning,
    code_on,
    read_actors,
    read_agents,
    read_discards,
)

REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference" / "petrarch2"
needs_reference = pytest.mark.skipif(not REFERENCE.is_dir(), reason="PETRARCH reference dictionaries absent")


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# ------------------------------------------------------------------ format rules on small files


def test_actor_entries_synonyms_and_date_forms(tmp_path: Path) -> None:
    path = _write(tmp_path, "x.actors.txt", """\
<!-- a comment block
   spanning lines [NOTACODE] -->
# a comment line
ARNOR_ [ARN]  # trailing comment
+ARNORIAN
GOLLUM  # pas
+SMEAGOL
\t[HOB < 950601]
\t[HOBGOV 19950601 - 19990815]
\t[HOBREB >990816]
""")
    actors = read_actors(path)
    assert [a.names for a in actors] == [["arnor", "arnorian"], ["gollum", "smeagol"]]
    assert actors[0].codes == [DatedCode("ARN", None, None)]
    assert actors[1].codes == [
        DatedCode("HOB", None, date(1995, 5, 31)),  # "<D" is strictly before D
        DatedCode("HOBGOV", date(1995, 6, 1), date(1999, 8, 15)),
        DatedCode("HOBREB", date(1999, 8, 16), None),
    ]


def test_two_digit_years_pivot_at_thirty(tmp_path: Path) -> None:
    path = _write(tmp_path, "x.actors.txt", "A_ [AAA >300101]\nB_ [BBB <310101]\nC_ [CCC 991231-000101]\n")
    first, second, third = read_actors(path)
    assert first.codes == [DatedCode("AAA", date(2030, 1, 1), None)]
    assert second.codes == [DatedCode("BBB", None, date(1930, 12, 31))]
    assert third.codes == [DatedCode("CCC", date(1999, 12, 31), date(2000, 1, 1))]


def test_name_lines_before_the_first_code_are_synonyms(tmp_path: Path) -> None:
    path = _write(tmp_path, "x.actors.txt", "LEONID_BREZHNEV_\nSECRETARY_BREZHNEV\n\t[RUSGOV 641014-821110]\nIRAQ [IRQ]\n")
    brezhnev, iraq = read_actors(path)
    assert brezhnev.names == ["leonid brezhnev", "secretary brezhnev"]
    assert iraq.names == ["iraq"]


def test_several_codes_per_line_and_slash_codes(tmp_path: Path) -> None:
    path = _write(tmp_path, "x.actors.txt",
                  "JAVIER_DE_CUELLAR_\t[IGOUNO 820101-911231] [ELI]# note\nLORIEN [ELR/GAL]\n")
    cuellar, lorien = read_actors(path)
    assert [c.code for c in cuellar.codes] == ["IGOUNO", "ELI"]
    assert [c.code for c in lorien.codes] == ["ELR", "GAL"]


def test_malformed_codes_are_skipped_with_one_warning(tmp_path: Path) -> None:
    path = _write(tmp_path, "x.actors.txt", """\
GOOD [GOO]
IRAQ_
\t[IRQ <20030320]
\t[IRQOCC 1920030320-20060520]
\t[IRQ >20060520]
BACKWARDS [EGYGOV 20121207-20120802]
ISILDUR [+++]
""")
    with pytest.warns(MalformedEntryWarning, match=r"skipped 3 malformed actor entries \(lines 4, 6, 7\)"):
        actors = read_actors(path)
    assert [a.names[0] for a in actors] == ["good", "iraq"]
    assert [c.code for c in actors[1].codes] == ["IRQ", "IRQ"]


def test_code_on_prefers_the_first_dated_match_then_the_default() -> None:
    actor = DictActor(["sam gamgee"], [
        DatedCode("HOB", None, None),
        DatedCode("ORCHOB", date(2010, 1, 9), date(2010, 1, 12)),
        DatedCode("HOBMIL", date(2008, 1, 20), date(2012, 11, 9)),
    ])
    assert code_on(actor, date(2010, 1, 10)) == "ORCHOB"
    assert code_on(actor, date(2010, 1, 13)) == "HOBMIL"
    assert code_on(actor, date(2000, 1, 1)) == "HOB"
    assert code_on(DictActor(["x"], [DatedCode("XXX", date(2000, 1, 1), None)]), date(1999, 1, 1)) is None


def test_agents_codes_plurals_and_macros(tmp_path: Path) -> None:
    path = _write(tmp_path, "x.agents.txt", """\
!PERSON! = MAN, MEN, WOMAN
CONGRESS!PERSON! [~LEG]
PRIME_MINISTER [~GOV]
ATTORNEY [~JUD]
ARMY {} [~MIL]
GOLDEN_GOOSE {GOLDEN_GEESE} [~GGS]
HUMAN_RIGHTS_BODY  [  NGO~]
""")
    agents = read_agents(path)
    assert agents == [
        DictAgent("congressman", "LEG", False),
        DictAgent("congressmen", "LEG", False),
        DictAgent("congresswoman", "LEG", False),
        DictAgent("prime minister", "GOV", False),
        DictAgent("prime ministers", "GOV", False),
        DictAgent("attorney", "JUD", False),
        DictAgent("attorneys", "JUD", False),
        DictAgent("army", "MIL", False),
        DictAgent("golden goose", "GGS", False),
        DictAgent("golden geese", "GGS", False),
        DictAgent("human rights body", "NGO", True),
        DictAgent("human rights bodies", "NGO", True),
    ]


def test_agents_without_code_or_with_unknown_macro_are_skipped(tmp_path: Path) -> None:
    path = _write(tmp_path, "x.agents.txt", (
        "SOLDIER [~MIL]\nISLAMIC_EXTREMIST\nFIRE!NOPE! [~GOV]\nBAD [~ENV}\nPOLICE {} [~COP]\nJUDGE [~JUD]\n"
        "PRESS {} [~MED]\n"))
    with pytest.warns(MalformedEntryWarning, match="skipped 3"):
        agents = read_agents(path)
    assert [a.phrase for a in agents] == ["soldier", "soldiers", "police", "judge", "judges", "press"]


def test_discards_story_and_sentence_level(tmp_path: Path) -> None:
    path = _write(tmp_path, "x.discards.txt", "MONTHS LATER\n+Manchester United   # pas\n+ ESPN2\n")
    assert read_discards(path) == ["months later", "manchester united", "espn2"]
    assert read_discards(path, story_level=True) == ["manchester united", "espn2"]
    assert read_discards(path, story_level=False) == ["months later"]


@pytest.mark.parametrize("reader", [read_actors, read_agents, read_discards])
def test_non_dictionaries_raise_naming_the_file(tmp_path: Path, reader) -> None:
    binary = tmp_path / "blob.bin"
    binary.write_bytes(b"\x00\x01\x02PK")
    with pytest.raises(ValueError, match="blob.bin"):
        reader(binary)
    empty = _write(tmp_path, "empty.txt", "# only a comment\n")
    with pytest.raises(ValueError, match="empty.txt"):
        reader(empty)
    with pytest.raises(ValueError, match="missing.txt"):
        reader(tmp_path / "missing.txt")


def test_a_file_of_the_wrong_kind_is_rejected(tmp_path: Path) -> None:
    agents = _write(tmp_path, "a.agents.txt", "SOLDIER [~MIL]\nPOLICE {} [~COP]\nNGO_WORKER [NGO~]\n")
    actors = _write(tmp_path, "b.actors.txt", "IRAQ [IRQ]\n+IRAQI\nIRAN [IRN]\n")
    prose = _write(tmp_path, "c.txt", "Permission is hereby granted, free of charge, to any person\n"
                                      "obtaining a copy (the \"Software\"); to deal in it.\n")
    with pytest.raises(ValueError, match="not a PETRARCH actor dictionary"):
        read_actors(agents)
    with pytest.raises(ValueError, match="not a PETRARCH agent dictionary"):
        read_agents(actors)
    with pytest.raises(ValueError, match="not a PETRARCH discard dictionary"):
        read_discards(actors)
    with pytest.raises(ValueError, match="not a PETRARCH discard dictionary"):
        read_discards(prose)


# ------------------------------------------------------------------ the real dictionaries


@needs_reference
@pytest.mark.parametrize(
    ("name", "reader", "at_least"),
    [
        ("Phoenix.Countries.actors.txt", read_actors, 15000),
        ("Phoenix.International.actors.txt", read_actors, 5000),
        ("Phoenix.MilNonState.actors.txt", read_actors, 800),
        ("PETR.Validate.actors.txt", read_actors, 100),
        ("Phoenix.agents.txt", read_agents, 4000),
        ("PETR.Validate.agents.txt", read_agents, 100),
        ("Phoenix.discards.txt", read_discards, 400),
        ("PETR.Validate.discards.txt", read_discards, 5),
    ],
)
def test_every_reference_dictionary_parses(name: str, reader, at_least: int) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MalformedEntryWarning)
        entries = reader(REFERENCE / name)
    assert len(entries) >= at_least


@needs_reference
def test_real_actors_change_code_with_the_date() -> None:
    # The file has a few typos in its dates ("[IRQOCC 1920030320-20060520]"); those codes are dropped.
    with pytest.warns(MalformedEntryWarning, match="Phoenix.Countries.actors.txt: skipped 6"):
        actors = read_actors(REFERENCE / "Phoenix.Countries.actors.txt")
    by_name = {name: actor for actor in actors for name in actor.names}
    salih = by_name["barham salih"]
    assert code_on(salih, date(2004, 7, 15)) == "IRQGOVMIL"
    assert code_on(salih, date(2005, 3, 1)) == "IRQGOV"
    assert code_on(salih, date(2012, 1, 1)) is None
    maliki = by_name["nouri al maliki"]
    assert code_on(maliki, date(2010, 1, 1)) == "IRQGOV"
    assert code_on(maliki, date(2016, 1, 1)) == "IRQELI"  # the undated default after office
    assert by_name["iraqi"] is by_name["iraq"]


@needs_reference
@pytest.mark.filterwarnings("ignore::thucydides.actors.petrarch.MalformedEntryWarning")
def test_validation_suite_date_restrictions_match_its_expected_codings() -> None:
    # PETR.UnitTest.records.xml expects these source codes for Sam Gamgee on these days.
    actors = read_actors(REFERENCE / "PETR.Validate.actors.txt")
    sam = next(a for a in actors if a.names[0] == "sam gamgee")
    expected = {
        date(2008, 1, 19): "HOBCIV", date(2010, 1, 6): "HOBMIL", date(2010, 1, 9): "ORCHOB",
        date(2010, 1, 12): "ORCHOB", date(2010, 1, 13): "HOBMIL", date(2012, 12, 31): "HOBGOV",
    }
    assert {day: code_on(sam, day) for day in expected} == expected


@needs_reference
@pytest.mark.filterwarnings("ignore::thucydides.actors.petrarch.MalformedEntryWarning")
def test_real_agent_macro_expands() -> None:
    agents = read_agents(REFERENCE / "Phoenix.agents.txt")
    phrases = {a.phrase: a for a in agents}
    # FOREIGN_!MINIST! [~GOV] with !MINIST! = MINISTER, MINISTERS, MINISTRY, MINISTRIES
    for form in ("foreign minister", "foreign ministers", "foreign ministry", "foreign ministries"):
        assert phrases[form] == DictAgent(form, "GOV", False)
    assert phrases["businessman"].code == "BUS"  # BUSINESS!PERSON!
