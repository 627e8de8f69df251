"""Normalisation of surface forms."""

from __future__ import annotations

import pytest

from khaldun.knowledge import normalize_name
from khaldun.knowledge.normalize import (
    clean_surface,
    head_word,
    is_acronym,
    phrase_key,
    plural,
    slugify,
    strip_diacritics,
)


@pytest.mark.parametrize(
    ("variant", "canonical"),
    [
        ("Bashar Assad", "Bashar al-Assad"),
        ("Bashar Al Assad", "Bashar al-Assad"),
        ("BASHAR AL-ASSAD", "Bashar al-Assad"),
        ("Hay\u2019at Tahrir al-Sham", "Hayat Tahrir al-Sham"),
        ("Erdoğan", "Erdogan"),
        ("the Élysée", "Elysee"),
        ("Walid al\u2011Moallem", "Walid Moallem"),  # non-breaking hyphen
        ("Iran\u2019s", "Iran"),
        ("U.N.", "UN"),
        ("Kurdistan Workers' Party", "Kurdistan Workers Party"),
        ("  Islamic   State ", "Islamic State"),
    ],
)
def test_variants_share_a_key(variant: str, canonical: str) -> None:
    assert normalize_name(variant) == normalize_name(canonical)


@pytest.mark.parametrize(
    ("one", "other"),
    [("Iran", "Iraq"), ("Nusra", "Nusra Front"), ("al-Qaeda", "al-Qaeda in the Arabian Peninsula")],
)
def test_different_names_stay_apart(one: str, other: str) -> None:
    assert normalize_name(one) != normalize_name(other)


def test_article_is_dropped_only_as_a_word() -> None:
    assert normalize_name("Al-Nusra") == "nusra"
    assert normalize_name("National Defense Forces") == "national defense forces"  # "...al" inside a word stays
    assert normalize_name("Albania") == "albania"


def test_clean_surface_keeps_case_and_drops_the_and_possessive() -> None:
    assert clean_surface("the Kremlin\u2019s") == "Kremlin"
    assert clean_surface("The U.S.'s") == "U.S."
    assert clean_surface("\u201cHezbollah\u201d") == "Hezbollah"
    assert clean_surface("Syrians'") == "Syrians"


def test_strip_diacritics_handles_letters_without_decomposition() -> None:
    assert strip_diacritics("Çavuşoğlu") == "Cavusoglu"
    assert strip_diacritics("Davuto\u011flu \u0131s\u0131 Søren Łódź") == "Davutoglu isi Soren Lodz"


def test_phrase_key_unifies_hyphens_and_case() -> None:
    assert phrase_key("Vice-President") == "vice president"
    assert phrase_key("  Defence   Minister ") == "defence minister"


@pytest.mark.parametrize(
    ("form", "expected"),
    [("US", True), ("U.S.", True), ("IRGC", True), ("MI6", True), ("Us", False), ("Nato", False), ("UN envoy", False)],
)
def test_is_acronym(form: str, expected: bool) -> None:
    assert is_acronym(form) is expected


@pytest.mark.parametrize(
    ("singular", "expected"),
    [
        ("minister", "ministers"),
        ("militia", "militias"),
        ("army", "armies"),
        ("gunman", "gunmen"),
        ("spokesman", "spokesmen"),
        ("chief of staff", "chiefs of staff"),
        ("member of parliament", "members of parliament"),
        ("defence minister", "defence ministers"),
        ("witness", "witnesses"),
        ("human", "humans"),
    ],
)
def test_plural(singular: str, expected: str) -> None:
    assert plural(singular) == expected


def test_head_word() -> None:
    assert head_word("chief of staff") == "chief"
    assert head_word("riot police") == "police"


def test_slugify() -> None:
    assert slugify("Bashar al-Assad") == "bashar-al-assad"
    assert slugify("Kata'ib Hezbollah") == "kataib-hezbollah"
    assert slugify("Médecins Sans Frontières") == "medecins-sans-frontieres"
