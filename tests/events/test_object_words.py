"""Object words the tokenizer splits are also read whole ("cease-fire", "war games")."""

from __future__ import annotations

from khaldun.events.coder import _object_lemmas


def _noun(resources, text, word):
    return next(t for t in resources.nlp(text) if t.text == word)


def test_a_hyphenated_object_is_also_read_as_one_word(resources):
    fire = _noun(resources, "The rebels agreed to a cease-fire in Aleppo on Friday.", "fire")
    assert _object_lemmas(fire)[:2] == ["fire", "ceasefire"]


def test_a_compound_object_is_also_read_as_one_word(resources):
    games = _noun(resources, "The two navies held war games in the Gulf last week.", "games")
    assert _object_lemmas(games)[:2] == ["game", "wargame"]


def test_a_plain_object_is_read_alone(resources):
    talks = _noun(resources, "The ministers held talks in Geneva.", "talks")
    assert _object_lemmas(talks) == ["talk"]
