"""A first run groups every quote of the run at once: what it holds a distinct text must stay small."""

from __future__ import annotations

import itertools
import random
import tracemalloc

from khaldun.quotes.group import QuotePlaces, QuoteTexts, number_groups

OPENINGS = ["We will", "Our government will", "The army will", "Nobody in this country will", "I will",
            "The ministry will", "Our partners will", "The coalition will"]
ACTIONS = ["not accept any interference in", "continue to support the people of", "send more aid to",
           "respond firmly to any attack on", "open new talks about", "review every agreement signed with",
           "keep the border with", "investigate the killings in"]
OBJECTS = ["the northern provinces", "the refugee camps near the border", "the disputed islands",
           "the oil fields in the south", "the capital and its suburbs", "the villages around the dam"]
TAILS = ["before the end of the year", "as long as the ceasefire holds", "whatever the cost",
         "once the elections are over", "with the help of our allies", "until those responsible are punished",
         "in the coming weeks", "after the parliament votes"]
PLACES = ["Nairobi", "Mombasa", "Kisumu", "Addis Ababa", "Gondar", "Mekele", "Khartoum", "Port Sudan",
          "Kassala", "Juba", "Malakal", "Wau", "Kampala", "Gulu", "Mbarara", "Kigali", "Goma", "Bukavu"]
DETAILS = ("farmers", "teachers", "nurses", "soldiers", "traders", "pupils", "families", "elders", "drivers",
           "fishermen", "students", "herders", "miners", "doctors", "pilgrims", "workers", "widows", "children",
           "water", "fuel", "grain", "roads", "schools", "clinics", "wells", "bridges", "markets", "power",
           "salaries", "seeds", "medicine", "tents", "blankets", "rail", "ports", "loans", "land", "cattle")
SPEAKERS = ["KEN_PRESIDENT", "ETH_MINISTER", "SDN_ARMY", None]


def _quotes(count: int, seed: int) -> list[tuple[str, str, int, int, str, str | None]]:
    """Distinct quotes (each names who and what it is for), each reported by two outlets, one
    of them in capitals."""
    rng = random.Random(seed)
    sentences = list(itertools.product(OPENINGS, ACTIONS, OBJECTS, TAILS, PLACES))
    rng.shuffle(sentences)
    places = []
    for n in range(count):
        opening, action, obj, tail, place = sentences[n]
        needs = ", ".join(rng.sample(DETAILS, 12))
        text = f"{opening} {action} {obj} in {place} {tail}, for the {needs}"
        speaker = rng.choice(SPEAKERS)
        for outlet, said in enumerate((text, text.upper())):
            places.append((f"q{n}.{outlet}", f"doc{rng.randrange(count // 3)}", 40 * outlet, 40 * outlet + len(said),
                           said, speaker))
    return places


def _held_a_text(count: int) -> float:
    """Bytes allocated at most while numbering the groups of ``count`` distinct texts (reported
    twice each), a text: the places, the texts' words and keys, the index and the numbers."""
    places = _quotes(count, seed=count)
    tracemalloc.start()
    try:
        given = QuotePlaces(QuoteTexts())
        for place in places:
            given.add(*place)
        numbers = number_groups(given)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(numbers) == len(places)
    assert len({n for _, n, _ in numbers}) < len(places)  # the two reports of a text are grouped
    return peak / count


def test_grouping_holds_a_few_kilobytes_a_distinct_text() -> None:
    # the text objects of before (a key set, groups and speakers, and key strings each) held
    # about 9 KB a text here
    assert _held_a_text(2000) < 5000


def test_what_a_text_holds_does_not_grow_with_the_texts() -> None:
    small, large = _held_a_text(1000), _held_a_text(4000)
    assert large < 1.25 * small
