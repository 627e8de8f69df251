"""Indirect speech and role phrases are looked for only at tokens that can hold them, read from the document's view."""

from __future__ import annotations

from khaldun.actors.mentions import _NOUN_TAGS, _PRONOUN_TAGS, _indices_of
from khaldun.nlp.view import DocView
from khaldun.quotes.finder import _cue_candidates

TEXT = ("According to the ministry, Syrian troops retook the town. The army, he said, had been "
        "shelling it for weeks, and its commanders were according it priority.")


def test_cue_candidates_are_the_verbs_and_according(resources):
    doc = resources.nlp(TEXT)
    expected = [t.i for t in doc if t.pos_ in {"VERB", "AUX"} or t.lower_ == "according"]
    assert _cue_candidates(DocView(doc)) == expected
    assert doc[expected[0]].lower_ == "according"
    assert _cue_candidates(DocView(resources.nlp(""))) == []


def test_with_the_speech_verbs_only_those_and_according_are_candidates(resources, quote_finder):
    text = ("According to the ministry, Syrian troops retook the town. The army said it had been shelling it "
            "for weeks. Officials told reporters that the road was open, and convoys were according it priority.")
    doc = resources.nlp(text)
    verbs = quote_finder._indirect_verbs
    found = _cue_candidates(DocView(doc), verbs)
    assert [doc[i].lower_ for i in found] == ["according", "said", "told", "according"]
    # every token left out could open no indirect speech: not a speech verb and not "according"
    left_out = set(_cue_candidates(DocView(doc))) - set(found)
    assert left_out and all(quote_finder.cues.allows(doc[i].lemma_, "indirect") is False for i in left_out)
    assert _cue_candidates(DocView(resources.nlp("")), verbs) == []


def test_role_heads_and_pronouns_are_found_by_part_of_speech(resources):
    doc = resources.nlp(TEXT)
    view = DocView(doc)
    assert _indices_of(view, _NOUN_TAGS) == [t.i for t in doc if t.pos_ in {"NOUN", "PROPN"}]
    assert _indices_of(view, _PRONOUN_TAGS) == [t.i for t in doc if t.pos_ == "PRON"]
    assert [doc[i].lower_ for i in _indices_of(view, _PRONOUN_TAGS)][:3] == ["he", "it", "its"]
