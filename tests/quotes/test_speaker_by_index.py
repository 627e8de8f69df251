"""Speakers read by token index from the view: the same speaker as from the spaCy Token, and the
phrase edges the view gives are spaCy's left and right edges."""

from __future__ import annotations

from khaldun.nlp.view import DocView
from khaldun.quotes.speaker import SpeakerResolver

TEXT = ("A source close to the negotiating team in Geneva said the talks had stalled. "
        "The top general, who spoke on condition of anonymity, said troops were ready. "
        "Witnesses in the northern town of Jisr al-Shughur told reporters that jets struck a market.")


def test_descendants_are_the_subtree_and_span_its_edges(resources):
    doc = resources.nlp(TEXT)
    view = DocView(doc)
    for token in doc:
        found = view.descendants(token.i)
        assert sorted(found) == sorted(view.subtree(token.i))
        assert len(found) == len(set(found))
        assert (min(found), max(found)) == (token.left_edge.i, token.right_edge.i)


def test_a_speaker_by_index_is_the_speaker_by_token(resources, quote_finder):
    doc = resources.nlp(TEXT)
    found = resources.finder.find(doc, "2017-04-08")
    resolver = SpeakerResolver(doc, found, quote_finder.cues, resources.knowledge)
    heads = [t.i for t in doc if t.lower_ in {"source", "general", "witnesses", "team", "town"}]
    assert len(heads) == 5
    for i in heads:
        by_index, by_token = resolver.resolve(i), resolver.resolve(doc[i])
        assert by_index == by_token
    source = resolver.resolve(heads[0])
    assert source is not None and source.how == "phrase"
    assert source.ref.text == "A source close to the negotiating team in Geneva"  # the phrase, not "said"
    assert TEXT[source.ref.start:source.ref.end] == source.ref.text
