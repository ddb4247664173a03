"""The CAMEO codebook and the CAMEO -> PLOVER map."""
from __future__ import annotations

from collections import Counter

import pytest

from thucydides import ontology

# Rows per root in the CAMEO 1.1b3 codebook, the root row included.
CODES_PER_ROOT = {
    "01": 11, "02": 28, "03": 29, "04": 8, "05": 9, "06": 6, "07": 7, "08": 26, "09": 6, "10": 28,
    "11": 13, "12": 27, "13": 23, "14": 27, "15": 6, "16": 14, "17": 13, "18": 14, "19": 8, "20": 8,
}
PLOVER_TYPES = {
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
    "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
}


def test_codebook_size_and_roots() -> None:
    codes = ontology.all_codes()
    assert len(codes) == 311
    assert len({c.code for c in codes}) == len(codes)
    assert Counter(c.root for c in codes) == CODES_PER_ROOT
    assert {c.code for c in codes if len(c.code) == 2} == {f"{n:02d}" for n in range(1, 21)}


def test_every_code_is_consistent() -> None:
    for entry in ontology.all_codes():
        assert entry.code.isdigit() and 2 <= len(entry.code) <= 4
        assert entry.root == entry.code[:2]
        assert ontology.is_valid(entry.root)
        if len(entry.code) == 4:
            # A four-digit code refines an existing three-digit one.
            assert ontology.is_valid(entry.code[:3])
        assert -10.0 <= entry.goldstein <= 10.0
        assert entry.label and entry.label == entry.label.strip()
        assert entry.quad_class == ontology.quad_class(entry.code)


@pytest.mark.parametrize(
    ("code", "label", "goldstein"),
    [
        ("1313", "Threaten to reduce or break relations", -5.8),
        ("130", "Threaten, not specified below", -4.4),
        ("042", "Make a visit", 1.9),
        ("0874", "Retreat or surrender militarily", 10.0),
        ("016", "Deny responsibility", -2.0),
        ("165", "Halt mediation", -6.5),
        ("1823", "Kill by physical assault", -10.0),
        ("190", "Use conventional military force, not specified below", -10.0),
        ("20", "Use unconventional mass violence", -10.0),
    ],
)
def test_known_labels_and_weights(code: str, label: str, goldstein: float) -> None:
    entry = ontology.cameo(code)
    assert (entry.label, entry.goldstein) == (label, goldstein)


@pytest.mark.parametrize(
    ("code", "quad"),
    [("010", 1), ("057", 1), ("06", 2), ("0874", 2), ("09", 3), ("1313", 3), ("14", 4), ("2042", 4)],
)
def test_quad_class_boundaries(code: str, quad: int) -> None:
    assert ontology.quad_class(code) == quad
    assert ontology.cameo(code).quad_class == quad


def test_leading_zeros_matter_and_unknown_codes_raise() -> None:
    assert ontology.is_valid("010") and not ontology.is_valid("10 ") and not ontology.is_valid("0100")
    assert ontology.cameo("10").label == "Demand"
    assert not ontology.is_valid("1213")  # PETRARCH's verb dictionary uses it; the codebook does not
    with pytest.raises(ValueError, match="unknown CAMEO code"):
        ontology.cameo("999")
    with pytest.raises(ValueError, match="unknown CAMEO code"):
        ontology.quad_class("21")


def test_nearest_falls_back_to_the_closest_ancestor() -> None:
    assert ontology.nearest("1213").code == "121"
    assert ontology.nearest("176").code == "17"
    assert ontology.nearest("0211").code == "0211"
    with pytest.raises(ValueError):
        ontology.nearest("99")


def test_every_code_maps_to_plover() -> None:
    for entry in ontology.all_codes():
        ptype, mode = ontology.plover(entry.code)
        assert ptype in PLOVER_TYPES or (ptype == "OTHER" and entry.root == "01"), entry.code
        assert mode is None or (mode and mode == mode.strip())


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("1313", ("THREATEN", "relations")),
        ("041", ("CONSULT", "phone")),
        ("0841", ("RETREAT", "release")),
        ("163", ("SANCTION", "sever")),       # corrected to the manual's SANCTION definition
        ("1712", ("ASSAULT", "seize")),
        ("193", ("ASSAULT", "firearms")),
        ("0861", ("RETREAT", "access")),      # source has a stray space: "access "
        ("030", ("AGREE", None)),
        ("08", ("CONCEDE", None)),            # listed twice in the table; the first entry holds
        ("1054", ("REQUEST", "yield")),
    ],
)
def test_plover_rows_from_the_manual(code: str, expected: tuple[str, str | None]) -> None:
    assert ontology.plover(code) == expected


def test_appeals_mirror_demands_and_statements_have_no_plover_type() -> None:
    for entry in ontology.all_codes():
        if entry.root == "02":
            twin = "10" + entry.code[2:]
            assert ontology.plover(entry.code) == ontology.plover(twin)
            assert ontology.plover_mapping(entry.code).context == ontology.plover_mapping(twin).context
    assert ontology.plover("015") == ("OTHER", None)


def test_plover_context_and_ancestor_inheritance() -> None:
    assert ontology.plover_mapping("1124").context == ("military", "legal")
    assert ontology.plover_mapping("1213").context == ("legal",)  # in the PLOVER table, not the codebook
    # An extension code absent from the table inherits its nearest ancestor's row.
    assert ontology.plover("1761") == ontology.plover("17")
    with pytest.raises(ValueError):
        ontology.plover("99")
