"""The speaker of a cue verb, read by token index from the document's view (speaker.speaker_index)."""

from __future__ import annotations

import pytest

from khaldun.nlp.view import DocView
from khaldun.quotes.speaker import speaker_index, speaker_token


def _speaker(resources, quote_finder, text: str, cue: str) -> str | None:
    doc = resources.nlp(text)
    view = DocView(doc)
    verb = next(t.i for t in doc if t.text == cue)
    found = speaker_index(view, verb, quote_finder.cues)
    token = speaker_token(doc[verb], quote_finder.cues)
    assert (token.i if token is not None else None) == found  # the Token form says the same
    return view.words[found] if found is not None else None


@pytest.mark.parametrize(("text", "cue", "speaker"), [
    ("The foreign minister said the talks would resume next week.", "said", "minister"),
    ("IRNA quoted the general as saying that the drills were over.", "quoted", "general"),
    ("Lavrov met Kerry in Geneva and said the ceasefire was holding.", "said", "Lavrov"),
    ("Officials who said the convoy was hit asked not to be named.", "said", "Officials"),
    ("The statement came from a spokesman saying the border was closed.", "saying", "spokesman"),
])
def test_the_speaker_of_a_cue(resources, quote_finder, text, cue, speaker):
    assert _speaker(resources, quote_finder, text, cue) == speaker


def test_the_addressee_of_a_passive_cue_is_not_the_speaker(resources, quote_finder):
    assert _speaker(resources, quote_finder, "The ambassador was told that the embassy would close.", "told") is None
