"""A name's candidates and their scores kept across calls (NameProfile in a CandidateMemo): the
answers of best_candidate and sure_candidate with the memo are those computed afresh, and the
proximity bonus skips only points that are surely too far."""

from __future__ import annotations

import math

import pytest

from khaldun.records import Location
from khaldun.timeplace.gazetteer import distance_km
from khaldun.timeplace.places import (
    FAR_KM,
    NEAR_KM,
    PROXIMITY_BONUS,
    CandidateMemo,
    PlaceClues,
    _proximity,
    best_candidate,
    sure_candidate,
)

# names of our own stories: plain towns, namesakes, variants, region words, shortened forms
NAMES = ["Tripoli", "Paris", "Springfield", "Deir Ezzor", "Idlib province", "northern Idlib", "Aleppo city",
         "the Kremlin's", "Georgia", "Wyoming", "Qamishly", "the Republic of Armenia", "Hama countryside",
         "Nowhereville Flats", ""]
COUNTRIES = [frozenset(), frozenset({"SYR"}), frozenset({"USA"}), frozenset({"LBN", "SYR"})]
CLUES = [PlaceClues(),
         PlaceClues(near=((31.76, -95.63),)),  # east Texas
         PlaceClues(near=((35.93, 36.63), (36.2, 37.15))),  # Idlib, Aleppo
         PlaceClues(within=Location(name="Illinois", country="USA", lat=40.0, lon=-89.0, precision="region"))]


def _same(a, b) -> bool:
    return (a is None and b is None) or (a is not None and b is not None and a.place == b.place
                                          and a.exact == b.exact and a.region_word == b.region_word)


def test_answers_with_the_memo_are_the_fresh_answers(resources):
    gaz = resources.places
    memo = CandidateMemo(gaz)
    for _ in range(2):  # the second round reads every profile from the memo
        for name in NAMES:
            for countries in COUNTRIES:
                for clues in CLUES:
                    fresh_best = best_candidate(name, countries, gaz, clues)
                    fresh_sure = sure_candidate(name, countries, gaz, clues)
                    assert _same(best_candidate(name, countries, gaz, clues, memo=memo), fresh_best), name
                    assert _same(sure_candidate(name, countries, gaz, clues, memo=memo), fresh_sure), name
    assert len(memo._profiles) >= 10


def test_context_still_decides_between_namesakes(resources):
    gaz, memo = resources.places, CandidateMemo(resources.places)
    lebanon = best_candidate("Tripoli", {"LBN"}, gaz, memo=memo)
    libya = best_candidate("Tripoli", {"LBY"}, gaz, memo=memo)
    assert (lebanon.place.country, libya.place.country) == ("LBN", "LBY")
    usa = Location(name="United States", country="USA", lat=39.8, lon=-98.6, precision="country")
    american = best_candidate("Paris", (), gaz, PlaceClues(within=usa), memo=memo)  # "Paris, USA"
    france = best_candidate("Paris", (), gaz, memo=memo)
    assert (american.place.country, france.place.country) == ("USA", "FRA")
    # a variant needs its country, even once the name's profile is known
    assert best_candidate("Deir Ezzor", (), gaz, memo=memo) is None
    assert best_candidate("Deir Ezzor", {"SYR"}, gaz, memo=memo).place.country == "SYR"
    # a shortened form ("northern Idlib") is found through its own profile
    assert best_candidate("northern Idlib", {"SYR"}, gaz, memo=memo).place.country == "SYR"


def test_profiles_are_bounded(resources):
    memo = CandidateMemo(resources.places, size=3)
    for name in ["Aleppo", "Homs", "Idlib", "Hama", "Raqqa", "Daraa"]:
        assert memo.best(name, frozenset({"SYR"}), resources.places).place.country == "SYR"
    assert len(memo._profiles) <= 3


def _proximity_unfiltered(lat: float, lon: float, near) -> float:
    d = min((distance_km(lat, lon, la, lo) for la, lo in near), default=math.inf)
    if d >= FAR_KM:
        return 0.0
    if d <= NEAR_KM:
        return PROXIMITY_BONUS
    return PROXIMITY_BONUS * math.log(FAR_KM / d) / math.log(FAR_KM / NEAR_KM)


@pytest.mark.parametrize("lat", [0.0, 36.2, -60.0, 84.0])
def test_the_latitude_shortcut_changes_no_bonus(lat):
    # points from next door to far off, around the 1000 km mark in latitude and in longitude
    offsets = [(0.1, 0.0), (3.0, 2.0), (8.9, 0.0), (8.99, 0.5), (9.0, 0.0), (9.2, 0.0), (9.6, 0.0), (-8.95, 0.0),
               (0.0, 12.0), (0.0, 179.0), (-20.0, 5.0)]
    for dlat, dlon in offsets:
        near = ((max(-90.0, min(90.0, lat + dlat)), dlon),)
        assert _proximity(lat, 0.0, near) == _proximity_unfiltered(lat, 0.0, near), (lat, dlat, dlon)
    many = tuple((max(-90.0, min(90.0, lat + a)), b) for a, b in offsets)
    assert _proximity(lat, 0.0, many) == _proximity_unfiltered(lat, 0.0, many)
    assert _proximity(lat, 0.0, ((lat + 0.1, 0.0),)) == PROXIMITY_BONUS


def test_the_bounded_search_picks_the_first_best_scored_candidate(resources):
    memo = CandidateMemo(resources.places)
    pruned = 0
    for name in ["Tripoli", "Paris", "Springfield", "Alexandria", "Georgia", "Hama", "Aleppo"]:
        profile = memo.profile(name)
        everyone = list(range(len(profile.candidates)))
        assert len(everyone) >= 2, name  # namesakes to choose between
        for countries in COUNTRIES:
            for clues in CLUES:
                scores = [profile.score(i, countries, clues) for i in everyone]
                assert all(profile.bound(i, countries, clues) >= s for i, s in zip(everyone, scores))
                for found in (everyone, everyone[::-1], everyone[1:]):
                    if found:
                        assert profile.best_of(found, countries, clues) == max(
                            found, key=lambda i: profile.score(i, countries, clues))
                best = max(scores)
                pruned += sum(profile.bound(i, countries, clues) <= best for i in everyone)
    assert pruned > 0  # far namesakes are ruled out without measuring a distance
