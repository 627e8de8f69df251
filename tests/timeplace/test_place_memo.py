"""Place look-ups shared across documents, and a sentence's toponyms read from the document's
entities once: the same answers as computing everything afresh."""

from __future__ import annotations

import dataclasses

from khaldun.timeplace.places import CandidateMemo, document_context, locate_event

TEXTS = [
    "Clashes broke out in Tripoli on Monday, the Lebanese army said. Troops deployed across Lebanon.",
    "Militias fought in Tripoli overnight, the Libyan government said. Flights from Libya were halted.",
    "Russian jets struck rebel positions near Idlib and Hama on Sunday, activists said. "
    "Separately, Turkish troops shelled a village outside Afrin.",
    "Government forces retook Palmyra from Islamic State fighters, the army said in Damascus. "
    "Aid convoys reached Madaya and Zabadani after weeks of talks in Geneva.",
    "Protesters gathered in Moscow and St Petersburg on Sunday. Police detained hundreds in Moscow, "
    "a monitoring group said, while a smaller rally in Paris, Texas passed off quietly.",
]


def _places(doc, resources, memo):
    context = document_context(doc, resources.places, resources.knowledge, memo)
    out = []
    for token in doc:
        if token.pos_ == "VERB":
            found = locate_event(doc, token, resources.places, context)
            out.append((token.i, None if found is None else (dataclasses.astuple(found.location), found.how,
                                                              found.others)))
    return out


def test_a_shared_memo_gives_the_answers_of_fresh_lookups(resources):
    memo = CandidateMemo(resources.places)
    docs = [resources.nlp(text) for text in TEXTS]
    fresh = [_places(doc, resources, None) for doc in docs]
    for _ in range(2):  # the second round answers from the memo
        assert [_places(doc, resources, memo) for doc in docs] == fresh
    located = [loc for doc in fresh for _, loc in doc if loc is not None]
    assert {loc[0][0] for loc in located} >= {"Idlib", "Tadmur", "Moscow"}  # Palmyra: its gazetteer name


def test_the_memo_keeps_one_answer_per_context(resources):
    memo = CandidateMemo(resources.places)
    lebanon = memo.best("Tripoli", frozenset({"LBN"}), resources.places)
    libya = memo.best("Tripoli", frozenset({"LBY"}), resources.places)
    assert (lebanon.place.country, libya.place.country) == ("LBN", "LBY")
    assert memo.best("Tripoli", frozenset({"LBN"}), resources.places) is lebanon
    assert memo.sure("Tripoli", frozenset({"LBN"}), resources.places) is None  # Libya's is far bigger


def test_the_memo_belongs_to_one_gazetteer_and_is_bounded(resources):
    memo = CandidateMemo(resources.places, size=3)
    for name in ["Aleppo", "Homs", "Idlib", "Hama", "Raqqa"]:
        found = memo.best(name, frozenset({"SYR"}), resources.places)
        assert found is not None and found.place.country == "SYR"
    assert len(memo._found) <= 3  # cleared when full, never grows past its size


def test_sentence_places_are_the_toponyms_of_sent_ents(resources):
    doc = resources.nlp(" ".join(TEXTS))
    context = document_context(doc, resources.places, resources.knowledge)
    for sent in doc.sents:
        expected = [e for e in sent.ents if e.label_ in {"GPE", "LOC", "FAC"}]
        got = context.sentence_places(sent, resources.places)
        assert [(e.start, e.end) for e in got] == [(e.start, e.end) for e in expected]
    assert sum(len(context.sentence_places(s, resources.places)) for s in doc.sents) >= 8
