"""Cross-document actor clustering on actor records we wrote."""

from __future__ import annotations

import random
from collections import defaultdict

import pytest

from khaldun.actors.canonical import (
    ActorInfo,
    canonical_links,
    name_tokens,
    person_match,
    sectors_compatible,
)


def person(actor_id: str, name: str, country: str | None = "IRN", sectors=("GOV",),
           mentions: int = 1, source: str = "inferred") -> ActorInfo:
    return ActorInfo(actor_id, name, "person", country, tuple(sectors), (name,), mentions, source)


def org(actor_id: str, name: str, country: str | None = "SYR", source: str = "inferred") -> ActorInfo:
    return ActorInfo(actor_id, name, "organization", country, ("REB",), (name,), 1, source)


def clusters(actors: list[ActorInfo]) -> list[set[str]]:
    """The clusters of two or more, as sets of actor ids."""
    groups: dict[str, set[str]] = defaultdict(set)
    for link in canonical_links(actors):
        groups[link.canonical_id].add(link.actor_id)
    return sorted(groups.values(), key=sorted)


def canonical_of(actors: list[ActorInfo]) -> dict[str, str]:
    return {link.actor_id: link.canonical_id for link in canonical_links(actors)}


@pytest.mark.parametrize(
    ("first", "second", "country"),
    [
        ("Hossein Dehqan", "Hossein Dehghan", "IRN"),
        ("Fahd Jassem al-Freij", "Fahd al-Freij", "SYR"),
        ("Bashar Assad", "Bashar al-Assad", "SYR"),
        ("Hassan Rowhani", "Hassan Rouhani", "IRN"),
        ("Issam Zahreddine", "Essam Zahr al-Din", "SYR"),
        ("Qassem Soleimani", "Ghasem Suleimani", "IRN"),
        ("Sergei Shoigu", "Sergey Shoygu", "RUS"),
        ("Mohammed bin Salman", "Muhammad ibn Salman", "SAU"),
    ],
)
def test_spelling_variants_of_one_person_merge(first: str, second: str, country: str) -> None:
    actors = [person("a1", first, country, mentions=3), person("a2", second, country)]
    assert clusters(actors) == [{"a1", "a2"}]
    assert canonical_of(actors)["a2"] == "a1"  # the most mentioned spelling names the cluster


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Ali Shamkhani", "Mohammad Ali Jafari"),
        ("Hossein Dehghan", "Hossein Jaber Ansari"),
        ("Hassan Rouhani", "Hassan Nasrallah"),
        ("Hassan Rouhani", "Hussein Rouhani"),
        ("Bashar al-Assad", "Hafez al-Assad"),
        ("Mahmoud Abbas", "Mohammad Abbas"),
        ("Ali Jafar", "Ali Jafari"),
    ],
)
def test_different_people_sharing_a_name_part_stay_apart(first: str, second: str) -> None:
    assert person_match(name_tokens(first), name_tokens(second)) is None
    assert clusters([person("a1", first), person("a2", second)]) == []


def test_name_keys_fold_transliterations() -> None:
    assert name_tokens("Hossein Dehqan") == name_tokens("Hossein Dehghan") == ("husin", "dihkan")
    assert name_tokens("Hassan Rowhani") == name_tokens("Hassan Rouhani")
    assert name_tokens("Essam Zahr ad-Din") == ("isam", "zahr", "din")
    assert "".join(name_tokens("Issam Zahreddine")) == "".join(name_tokens("Essam Zahr al-Din"))


def test_countries_must_agree_but_unknown_agrees_with_any() -> None:
    assert clusters([person("a1", "Ahmed Hassan", "EGY"), person("a2", "Ahmad Hassan", "IRQ")]) == []
    assert clusters([person("a1", "Ahmed Hassan", "EGY"), person("a2", "Ahmad Hassan", None)]) == [
        {"a1", "a2"}
    ]


def test_unknown_country_cannot_bridge_two_countries() -> None:
    actors = [
        person("a1", "Ahmed Hassan", "EGY", mentions=5),
        person("a2", "Ahmad Hassan", None, mentions=4),
        person("a3", "Ahmed Hasan", "IRQ", mentions=3),
    ]
    found = clusters(actors)
    assert len(found) == 1 and len(found[0]) == 2 and "a2" in found[0]


def test_state_official_and_rebel_commander_stay_apart() -> None:
    assert not sectors_compatible(["GOV", "MIL"], ["REB"])
    assert sectors_compatible(["GOV"], [])
    assert sectors_compatible(["GOV", "REB"], ["REB"])  # seen in both: no conflict
    actors = [person("a1", "Abu Omar al-Shami", "SYR", ("MIL",)),
              person("a2", "Abu Omar Shami", "SYR", ("REB",))]
    assert clusters(actors) == []


def test_lexicon_name_wins_and_two_entries_never_merge() -> None:
    actors = [
        person("lex", "Hossein Dehghan", mentions=1, source="lexicon"),
        person("inf", "Hossein Dehqan", mentions=9),
    ]
    assert canonical_of(actors) == {"lex": "lex", "inf": "lex"}
    entries = [
        person("e1", "Hossein Dehghan", source="lexicon"),
        person("e2", "Hossein Dehqan", source="/data/my_actors.yaml"),
    ]
    assert clusters(entries) == []


def test_dropped_middle_and_first_names() -> None:
    actors = [
        person("full", "Fahd Jassem al-Freij", "SYR", mentions=1),
        person("short", "Fahd al-Freij", "SYR", mentions=2),
        person("jafari", "Mohammad Ali Jafari", "IRN", ("MIL",)),
        person("ali", "Ali Jafari", "IRN", ("MIL",)),
    ]
    assert clusters(actors) == [{"ali", "jafari"}, {"full", "short"}]
    assert canonical_of(actors)["full"] == "short"  # most mentioned variant


def test_lone_surname_joins_its_only_full_name_never_names_it() -> None:
    actors = [person("full", "Kamal Kharrazi", mentions=1), person("lone", "Kharrazi", None, mentions=5)]
    assert canonical_of(actors) == {"full": "full", "lone": "full"}


def test_ambiguous_short_name_joins_nobody() -> None:
    actors = [
        person("bashar", "Bashar al-Assad", "SYR"),
        person("hafez", "Hafez al-Assad", "SYR"),
        person("assad", "Assad", "SYR"),
        person("mohammad", "Mohammad Ali Jafari"),
        person("hassan", "Hassan Ali Jafari"),
        person("ali", "Ali Jafari"),
    ]
    assert clusters(actors) == []


def test_short_name_cannot_chain_two_full_names() -> None:
    # "Zahr al-Din" fits both, but the two full names do not match each other
    actors = [
        person("issam", "Issam Zahreddine", "SYR", ("MIL",)),
        person("walid", "Walid Zahr al-Din", "SYR", ("MIL",)),
        person("lone", "Zahr al-Din", None, ()),
    ]
    assert clusters(actors) == []


def test_organisations_merge_only_on_equal_keys() -> None:
    actors = [
        org("o1", "Jaish al-Islam"),
        org("o2", "Jaysh al-Islam"),
        org("o3", "Jaish al-Fatah"),
        org("o4", "Ahrar ash-Sham"),
        org("o5", "Ahrar al-Sham", None),
        org("o6", "Jaish al-Islam", "IRQ"),
    ]
    assert clusters(actors) == [{"o1", "o2"}, {"o4", "o5"}]


def test_persons_and_organisations_never_merge() -> None:
    actors = [person("p", "Ahrar Sham", "SYR", ()), org("o", "Ahrar al-Sham")]
    assert clusters(actors) == []


def test_links_are_deterministic_whatever_the_order() -> None:
    actors = [
        person("a1", "Hossein Dehqan", mentions=2),
        person("a2", "Hossein Dehghan", mentions=2),
        person("a3", "Dehghan", None),
        person("b1", "Fahd Jassem al-Freij", "SYR"),
        person("b2", "Fahd al-Freij", "SYR"),
        org("o1", "Jaish al-Islam"),
        org("o2", "Jaysh al-Islam"),
    ]
    expected = canonical_links(actors)
    rng = random.Random(3)
    for _ in range(5):
        shuffled = actors[:]
        rng.shuffle(shuffled)
        assert canonical_links(shuffled) == expected
    assert {link.actor_id for link in expected} == {a.actor_id for a in actors}
    rules = {link.actor_id: link.rule for link in expected}
    assert rules["a3"] == "surname" and rules["b2"] in {"middle-name", "canonical"}
