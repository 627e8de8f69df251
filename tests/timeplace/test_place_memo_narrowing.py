"""The cold-pass shortcuts of place resolution give the answers of the plain functions:
memo answers keyed by the countries a name's candidates can read, clues only where they decide."""

from __future__ import annotations

from khaldun.records import Location
from khaldun.timeplace.places import (CandidateMemo, PlaceClues, best_candidate, default_gazetteer, needs_clues,
                                      sure_candidate)

NAMES = ["Paris", "Springfield", "Idlib", "northern Idlib", "Deir Ezzor", "Georgia", "Aleppo city", "Parkland"]
COUNTRY_SETS = [frozenset(), frozenset({"SYR"}), frozenset({"USA"}), frozenset({"USA", "FRA", "SYR"}),
                frozenset({"GEO", "RUS"})]


def test_memo_with_narrowed_countries_answers_as_the_plain_functions() -> None:
    gaz = default_gazetteer()
    memo = CandidateMemo(gaz)
    clues = PlaceClues(near=((33.749, -84.388),))  # Atlanta
    for name in NAMES:
        for countries in COUNTRY_SETS:
            for c in (PlaceClues(), clues):
                assert memo.best(name, countries, gaz, c) == best_candidate(name, countries, gaz, c)
                assert memo.sure(name, countries, gaz, c) == sure_candidate(name, countries, gaz, c)
    assert "SYR" in memo.relevant("Idlib") and "SYR" in memo.relevant("northern Idlib")
    assert "FRA" not in memo.relevant("Idlib")


def test_clues_matter_only_for_ambiguous_names() -> None:
    gaz = default_gazetteer()
    near_ga = PlaceClues(near=((33.749, -84.388),))  # Atlanta, Georgia (US)
    within = PlaceClues(within=Location(name="Texas", country="USA", lat=31.0, lon=-100.0, precision="region"))
    assert needs_clues("Paris", (), gaz)  # France's capital or a Texan town
    for name in NAMES:
        for countries in COUNTRY_SETS:
            if not needs_clues(name, countries, gaz):
                plain = best_candidate(name, countries, gaz)
                assert best_candidate(name, countries, gaz, near_ga) == plain
                assert best_candidate(name, countries, gaz, within) == plain
