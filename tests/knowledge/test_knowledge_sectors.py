"""PLOVER sector codes and role phrases."""

from __future__ import annotations

import pytest

from khaldun.knowledge import Knowledge

PLOVER_SECTORS = "COP GOV JUD LEG MIL PRM PTY REB SPY UAF AGR BUS CRM CVL EDU ELI JRN LAB MED REF OPP PRE REL SOC UNK".split()


def test_every_plover_sector_is_described(kb: Knowledge) -> None:
    assert set(kb.sectors) == set(PLOVER_SECTORS)
    for sector in kb.sectors.values():
        assert sector.description and sector.phrases, sector.code


@pytest.mark.parametrize(
    ("phrase", "sectors"),
    [
        ("defense minister", ["GOV", "MIL"]),
        ("Defence Minister", ["GOV", "MIL"]),
        ("foreign minister", ["GOV"]),
        ("minister", ["GOV"]),
        ("government", ["GOV"]),
        ("regime", ["GOV"]),
        ("spokesman", ["GOV"]),
        ("ambassador", ["GOV"]),
        ("officials", ["GOV"]),
        ("president", ["GOV", "PRE"]),
        ("prime minister", ["GOV", "PRM"]),
        ("army", ["MIL"]),
        ("militaries", ["MIL"]),
        ("troops", ["MIL"]),
        ("forces", ["MIL"]),
        ("soldiers", ["MIL"]),
        ("jet fighters", ["MIL"]),
        ("warplanes", ["MIL"]),
        ("air force", ["MIL"]),
        ("commander", ["MIL"]),
        ("rebels", ["REB"]),
        ("insurgents", ["REB"]),
        ("militants", ["REB"]),
        ("militia", ["REB"]),
        ("militiamen", ["REB"]),
        ("jihadists", ["REB"]),
        ("terrorists", ["REB"]),
        ("opposition", ["OPP"]),
        ("opposition fighters", ["REB", "OPP"]),
        ("police", ["COP"]),
        ("security forces", ["COP"]),
        ("intelligence", ["SPY"]),
        ("parliament", ["LEG"]),
        ("lawmakers", ["LEG"]),
        ("court", ["JUD"]),
        ("judge", ["JUD"]),
        ("protesters", ["CVL"]),
        ("demonstrators", ["CVL"]),
        ("civilians", ["CVL"]),
        ("refugees", ["REF"]),
        ("journalist", ["JRN"]),
        ("reporters", ["JRN"]),
        ("cleric", ["REL"]),
        ("party", ["PTY"]),
        ("parties", ["PTY"]),
        ("gunmen", ["UAF"]),
        ("interior minister", ["GOV", "COP"]),
        ("vice-president", ["GOV"]),
    ],
)
def test_sector_of(kb: Knowledge, phrase: str, sectors: list[str]) -> None:
    assert kb.sector_of(phrase) == sectors


def test_unknown_phrase_has_no_sector(kb: Knowledge) -> None:
    assert kb.sector_of("weather") == []
    assert kb.sector_of("") == []


def test_uncountable_words_get_no_plural(kb: Knowledge) -> None:
    assert "polices" not in kb.role_phrases
    assert "intelligences" not in kb.role_phrases
    assert "oppositions" not in kb.role_phrases


def test_role_phrases_are_ordered_longest_first(kb: Knowledge) -> None:
    phrases = list(kb.role_phrases)
    word_counts = [p.count(" ") for p in phrases]
    assert word_counts == sorted(word_counts, reverse=True)
    assert phrases.index("defence minister") < phrases.index("minister")


def test_sector_of_returns_a_copy(kb: Knowledge) -> None:
    kb.sector_of("army").append("XXX")
    assert kb.sector_of("army") == ["MIL"]
