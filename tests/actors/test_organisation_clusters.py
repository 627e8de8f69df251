"""Organisation names across documents: one actor however the name is written.

Names written for these tests (the organisations are real, the spellings common).
"""

from __future__ import annotations

from khaldun.actors.canonical import ActorInfo, canonical_links, org_match


def org(actor_id, name, country=None, source="inferred", kind="organization"):
    return ActorInfo(actor_id, name, kind, country, (), (name,), 1, source)


def clusters(actors):
    groups = {}
    for link in canonical_links(actors):
        groups.setdefault(link.canonical_id, set()).add(link.actor_id)
    return sorted(groups.values(), key=min)


def test_function_and_generic_words_do_not_tell_organisations_apart():
    assert org_match("Syrian Observatory for Human Rights", "Syrian Observatory of Human Rights")[0] == "core"
    assert org_match("Hezbollah movement", "Hizbollah")[0] == "core"


def test_an_acronym_joins_the_one_name_it_spells():
    actors = [org("a", "SOHR", "SYR"), org("b", "Syrian Observatory for Human Rights", "SYR")]
    assert clusters(actors) == [{"a", "b"}]


def test_an_acronym_spelling_two_names_joins_neither():
    actors = [org("a", "NDF", "SYR"), org("b", "National Defence Forces", "SYR"),
              org("c", "National Democratic Front", "SYR")]
    assert clusters(actors) == []


def test_fuzzy_and_acronym_matches_need_the_countries_to_agree():
    actors = [org("a", "SOHR", None), org("b", "Syrian Observatory for Human Rights", "SYR"),
              org("c", "Syrian Observatory of Human Rights", "SYR")]
    assert clusters(actors) == [{"b", "c"}]


def test_an_inferred_spelling_joins_a_dictionary_armed_group():
    actors = [org("h", "Hezbollah", "LBN", source="lexicon", kind="group"), org("i", "Hizbollah movement", "LBN")]
    links = canonical_links(actors)
    assert {link.canonical_id for link in links} == {"h"}


def test_different_names_sharing_words_stay_apart():
    actors = [org("a", "Jaish al-Islam", "SYR"), org("b", "Jaish al-Fatah", "SYR"),
              org("c", "Free Syrian Army", "SYR"), org("d", "Syrian Army", "SYR")]
    assert clusters(actors) == []
