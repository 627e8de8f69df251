"""DocView answers by token index exactly what spaCy's Token, Span and Doc objects answer."""

from __future__ import annotations

from khaldun.nlp.view import DocView, StringCache

TEXT = (
    "Iran's defense minister, Brigadier General Hossein Dehghan, said on Tuesday that Russian and "
    "Syrian jets had struck rebel positions near Aleppo. \"We will not stop,\" he told reporters in "
    "Tehran.\n\nThe long-range Tu-22M3 bombers, according to the ministry, flew over Iraq and Iran."
)


def test_every_token_attribute_matches_spacy(resources):
    doc = resources.nlp(TEXT)
    view = DocView(doc, StringCache())
    assert view.text == doc.text
    for t in doc:
        i = t.i
        assert (view.words[i], view.lower[i], view.pos[i], view.tag[i], view.dep[i]) == (
            t.text, t.lower_, t.pos_, t.tag_, t.dep_)
        assert view.lemma_lower[i] == t.lemma_.lower()
        assert (view.heads[i], view.starts[i], view.ends[i]) == (t.head.i, t.idx, t.idx + len(t.text))
        assert (view.spaced[i], view.is_punct[i], view.is_space[i], view.is_alpha[i]) == (
            bool(t.whitespace_), t.is_punct, t.is_space, t.is_alpha)
        assert view.children(i) == [c.i for c in t.children]
        assert view.lefts(i) == [c.i for c in t.lefts]
        assert view.rights(i) == [c.i for c in t.rights]
        assert view.subtree(i) == [c.i for c in t.subtree]
        assert view.conjuncts(i) == [c.i for c in t.conjuncts]
        assert view.token(i) is view.token(i) and view.token(i).i == i


def test_spans_sentences_and_entities_match_spacy(resources):
    doc = resources.nlp(TEXT)
    view = DocView(doc)
    assert [e.text for e in view.ents] == [e.text for e in doc.ents]
    assert view.ent_roots == [e.root.i for e in doc.ents]
    assert view.ent_labels == [e.label_ for e in doc.ents]
    for k, sent in enumerate(doc.sents):
        assert view.sent_roots[k] == sent.root.i
        assert [view.ents[n].text for n in view.sentence_ents(k)] == [e.text for e in sent.ents]
        assert all(view.sent_of[i] == k for i in range(sent.start, sent.end))
        for start in range(sent.start, sent.end):
            assert view.span_text(start, sent.end) == doc[start:sent.end].text
    for ent in doc.ents:
        for i in range(ent.start, ent.end):
            assert view.entity_text(i) == ent.text
    outside = next(t for t in doc if not t.ent_type_)
    assert view.entity_text(outside.i) == outside.text
    assert view.span_text(3, 3) == ""


def test_an_empty_document_has_an_empty_view(resources):
    view = DocView(resources.nlp(""))
    assert view.n == 0 and view.text == "" and view.ents == [] and view.words == []


def test_the_string_cache_is_bounded_and_still_answers(resources):
    doc = resources.nlp(TEXT)
    cache = StringCache(size=8)
    view = DocView(doc, cache)
    assert view.words == [t.text for t in doc]
    assert len(cache._strings) <= max(8, len({t.orth for t in doc}))
    again = DocView(doc, cache)
    assert again.lower == [t.lower_ for t in doc]


def test_conj_linked_holds_every_token_with_conjuncts(resources):
    from khaldun.actors.variants import conj_linked

    doc = resources.nlp("Russian and Syrian jets struck Aleppo, Idlib and Hama, and the presidents of Iran "
                        "and Turkey met in Sochi.")
    view = DocView(doc)
    linked = conj_linked(view)
    assert {i for i in range(len(doc)) if view.conjuncts(i)} == linked
    assert {view.words[i] for i in linked} >= {"Aleppo", "Idlib", "Hama", "Iran", "Turkey"}


def test_lower_case_lemmas_from_a_small_shared_cache(resources):
    cache = StringCache(size=4)  # emptied again and again: answers must not suffer
    for text in (TEXT, "Iraqi Kurdish leaders met in Erbil on Tuesday. The UN envoy said talks were CONSTRUCTIVE."):
        doc = resources.nlp(text)
        for _ in range(2):
            view = DocView(doc, cache)
            assert view.lemma_lower == [t.lemma_.lower() for t in doc]
            assert view.lemma_raw == [t.lemma_ for t in doc]
            assert view.text == doc.text and view.ends == [t.idx + len(t.text) for t in doc]
