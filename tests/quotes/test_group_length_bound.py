"""The length bound that skips most fuzzy comparisons never changes what same_words says."""

from __future__ import annotations

import itertools

from rapidfuzz import fuzz

from khaldun.quotes.group import MIN_FUZZY_WORDS, MIN_SIMILARITY, lookup_keys, normalize_quote, same_words

BASE = "We will not allow any foreign power to decide the future of our country and our people"
VARIANTS = [
    BASE,
    BASE.replace("foreign power", "outside power"),
    BASE.replace(" and our people", ""),
    BASE + " whatever the cost",
    BASE.replace("We will not allow", "We shall never let"),
    "We will not allow any foreign power to decide the future of the region",
    "The future of our country will be decided by our people and by nobody else at all",
    BASE.replace("future", "fate").replace("decide", "shape"),
    BASE.upper(),
]


def _rule(a: str, b: str) -> bool:
    """The fuzzy rule written out in full (no shortcut)."""
    na, nb = normalize_quote(a), normalize_quote(b)
    if na == nb:
        return True
    short, long_ = sorted((na, nb), key=lambda t: len(t.split()))
    if len(short.split()) >= 4 and f" {short} " in f" {long_} ":
        return True
    if len(short.split()) < MIN_FUZZY_WORDS:
        return False
    ka, kb = set(lookup_keys(a)), set(lookup_keys(b))
    return 2 * len(ka & kb) >= min(len(ka), len(kb)) - 1 and fuzz.ratio(na, nb) >= MIN_SIMILARITY


def test_same_words_agrees_with_the_full_rule():
    answers = [(a, b, same_words(a, b)) for a, b in itertools.combinations(VARIANTS, 2)]
    assert all(answer == _rule(a, b) for a, b, answer in answers)
    assert any(answer for _, _, answer in answers) and not all(answer for _, _, answer in answers)


def test_lightly_edited_copies_of_unequal_length_still_match():
    edited = BASE.replace("foreign power", "outside power") + " now"
    assert len(normalize_quote(edited)) != len(normalize_quote(BASE))
    assert same_words(BASE, edited)
    assert not same_words(BASE, BASE.replace("We will", "They would") + " and we will fight every one of them to the end")
