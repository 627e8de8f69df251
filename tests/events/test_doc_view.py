"""The shared DocView as the event coder and the place tagger read it: what spaCy's own objects give."""

from __future__ import annotations

import pytest

from khaldun.events.modality import clause_tokens
from khaldun.nlp.view import DocView, StringCache
from khaldun.timeplace.places import document_context, locate_event

TEXT = (
    "DAMASCUS, Syria (AP) — Syrian and Russian jets struck rebel positions in Idlib and Hama provinces "
    "on Sunday, killing at least 25 civilians, a monitoring group said.  The Syrian Observatory for "
    "Human Rights said the raids hit a market in Maarat al-Numan, while Turkey's foreign minister, "
    "Mevlut Cavusoglu, called on Moscow to halt the offensive it had launched in late April.\n\n"
    "Iran's president said on Monday that Tehran would not negotiate with Washington until the "
    "sanctions imposed in 2018 were lifted. Officials in Ankara and Berlin declined to comment."
)


@pytest.fixture(scope="module")
def doc(resources):
    return resources.nlp(TEXT)


def test_the_attributes_the_coder_reads_match_token_attributes(doc):
    view = DocView(doc, StringCache())
    assert len(view) == len(doc)
    for tok in doc:
        i = tok.i
        assert (view.words[i], view.lemma_raw[i], view.lemma_lower[i]) == (tok.text, tok.lemma_, tok.lemma_.lower())
        assert (view.ent_label[i], view.ent_iob_[i]) == (tok.ent_type_, tok.ent_iob_)
        assert (view.heads[i], view.starts[i]) == (tok.head.i, tok.idx)
        assert view.children(i) == [c.i for c in tok.children]


def test_texts_and_entities_within_spans_match_spacy(doc):
    view = DocView(doc)
    assert view.text == doc.text
    for sent in doc.sents:
        assert view.span_text(sent.start, sent.end) == sent.text
        assert view.ents_within(sent.start, sent.end) == list(sent.ents)
    assert view.span_text(3, 3) == ""


def test_clause_matches_clause_tokens(doc):
    view = DocView(doc)
    verbs = [t for t in doc if t.pos_ in {"VERB", "AUX"}]
    assert len(verbs) > 8
    for tok in verbs:
        assert view.clause(tok.i) == tuple(t.i for t in clause_tokens(tok))
    said = next(t for t in doc if t.text == "said")
    struck = next(t for t in doc if t.text == "struck")
    # the reported clause is nested: the date of "struck" is not in the clause of "said"
    assert struck.i not in view.clause(said.i)


def test_place_context_with_view_gives_the_same_places(doc, resources):
    view = DocView(doc)
    plain = document_context(doc, resources.places, resources.knowledge)
    viewed = document_context(doc, resources.places, resources.knowledge, view=view)
    assert (viewed.names, viewed.countries, viewed.dateline, viewed.qualifiers) == (
        plain.names, plain.countries, plain.dateline, plain.qualifiers)
    assert viewed.dateline is not None and viewed.dateline.country == "SYR"
    for trigger in (t for t in doc if t.text in {"struck", "hit", "launched", "imposed"}):
        assert locate_event(doc, trigger, resources.places, viewed) == locate_event(
            doc, trigger, resources.places, plain)
    struck = next(t for t in doc if t.text == "struck")
    assert "Idlib" in locate_event(doc, struck, resources.places, viewed).location.name
