"""Object words the tokenizer splits are also read whole ("cease-fire", "war games"),
but only to match entries that list their objects, never to escape an excluded object."""

from __future__ import annotations

from khaldun.events.coder import _joined_words, _object_lemmas
from khaldun.nlp.view import DocView


def _noun(resources, text, word):
    """The parse of ``text`` read as a view, and the index of ``word`` in it."""
    doc = resources.nlp(text)
    return DocView(doc), next(t.i for t in doc if t.text == word)


def test_a_hyphenated_object_is_also_read_as_one_word(resources):
    fire = _noun(resources, "The rebels agreed to a cease-fire in Aleppo on Friday.", "fire")
    assert _object_lemmas(*fire)[0] == "fire"
    assert _joined_words(*fire) == ["ceasefire"]


def test_a_compound_object_is_also_read_as_one_word(resources):
    games = _noun(resources, "The two navies held war games in the Gulf last week.", "games")
    assert _joined_words(*games) == ["wargame"]


def test_a_plain_object_is_read_alone(resources):
    talks = _noun(resources, "The ministers held talks in Geneva.", "talks")
    assert (_object_lemmas(*talks), _joined_words(*talks)) == (["talk"], [])


def test_a_joined_word_does_not_escape_an_excluded_object(code_text):
    # "demonstrate" is a protest unless what is shown is a thing ("its missile capability")
    result = code_text("Iran demonstrated its missile capability on Tuesday.")
    assert not [e for e in result.events if e.event_type == "PROTEST"]
