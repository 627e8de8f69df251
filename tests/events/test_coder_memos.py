"""What the event coder reads once per document or remembers across documents gives the answers it
would compute each time: conjunct groups, prepositions of time, trigger candidates, resolved dates,
the countries besides a name."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from khaldun.events.coder import DateMemo, EventCoder, _Doc, _temporal_preps
from khaldun.nlp.view import DocView
from khaldun.timeplace.dates import resolve_date
from khaldun.timeplace.places import PlaceContext
from khaldun.timeplace.toponyms import name_key

TEXT = (
    "ANKARA, Turkey (AP) — Turkish, Russian and Iranian officials met in Sochi on Monday and agreed to "
    "extend the ceasefire, expand aid deliveries and reopen the border crossings with Iraq, Syria and "
    "Lebanon.  On Tuesday, Russia called on Syria to halt the shelling of Idlib, while the foreign "
    "ministers of Egypt, Jordan and Saudi Arabia condemned the airstrikes in Hama and Aleppo.\n\n"
    "Iran said in March it would send troops, tanks and advisers to Syria and Iraq by the end of the "
    "year. The talks in Geneva, Vienna and Astana will resume next week, the United Nations said."
)


@pytest.fixture(scope="module")
def doc(resources):
    return resources.nlp(TEXT)


def test_conjuncts_are_spacys_and_each_answer_is_a_new_list(doc):
    view = DocView(doc)
    coordinated = [t for t in doc if t.conjuncts]
    assert len(coordinated) > 15  # long lists of countries, verbs and nouns
    for _ in range(2):  # the second round is answered from the remembered groups
        for tok in doc:
            assert view.conjuncts(tok.i) == [c.i for c in tok.conjuncts]
    first = coordinated[0].i
    view.conjuncts(first).append(-1)
    assert view.conjuncts(first) == [c.i for c in doc[first].conjuncts]


def test_prepositions_of_time_are_those_with_a_date_or_time_object(doc):
    expected = {t.i for t in doc if any(c.dep_ == "pobj" and c.ent_type_ in {"DATE", "TIME"} for c in t.children)}
    found = _temporal_preps(DocView(doc))
    assert found == expected
    assert {doc[i].lower_ for i in found} >= {"on", "in"}  # "on Monday", "in March"
    assert not any(doc[i].lower_ == "with" for i in found)


def test_trigger_candidates_are_every_verb_and_every_event_noun(doc, resources):
    coder = resources.coder
    state = _Doc(DocView(doc), dt.date(2019, 5, 7))
    verbs, nouns = coder._candidates(state)
    assert verbs == [t.i for t in doc if t.pos_ == "VERB" and t.dep_ != "amod"]
    assert nouns == [t.i for t in doc if t.pos_ in {"NOUN", "PROPN"} and coder.verbs.nouns_for(t.lemma_.lower())]
    assert {doc[i].lemma_.lower() for i in nouns} >= {"airstrike", "shelling"}


def test_the_date_memo_answers_as_resolve_date_and_stays_bounded():
    memo = DateMemo(size=3)
    anchors = [dt.date(2019, 5, 7), dt.date(2020, 1, 1), None]
    expressions = ["on Monday", "last week", "in March", "March 3, 2018", "next year", "the 1990s"]
    for anchor in anchors:
        for expr in expressions:
            for future in (False, True):
                expected = resolve_date(expr, anchor, future=future)
                assert memo.resolve(expr, anchor, future) == expected
                assert memo.resolve(expr, anchor, future) == expected
                assert len(memo) <= 3
    # the anchor is part of the key: one expression, two publication dates, two days
    assert memo.resolve("on Monday", anchors[0], False) != memo.resolve("on Monday", anchors[1], False)


def test_countries_besides_a_name_leave_out_the_countries_only_it_named():
    context = PlaceContext(countries={
        "SYR": {name_key("Syria")},
        "RUS": {name_key("Russia"), name_key("Moscow")},
        "TUR": {"\x00dateline"},
        "IRQ": {name_key("Iraq")},
    })
    assert context.countries_besides("Syria") == {"RUS", "TUR", "IRQ"}
    assert context.countries_besides("the Syria") == {"RUS", "TUR", "IRQ"}  # the same key
    assert context.countries_besides("Moscow") == {"SYR", "RUS", "TUR", "IRQ"}  # Russia named it too
    assert context.countries_besides("Aleppo") == {"SYR", "RUS", "TUR", "IRQ"}
    for name in ("Syria", "Iraq", "Moscow", "Aleppo"):  # the definition, country by country
        key = name_key(name)
        assert context.countries_besides(name) == {
            c for c, keys in context.countries.items() if len(keys) > 1 or (keys and key not in keys)}


def test_a_warm_coder_codes_a_document_as_a_fresh_one(resources):
    from khaldun.ingest import doc_id_for
    from khaldun.records import Document

    document = Document(doc_id=doc_id_for(TEXT), path="memo.txt", text=TEXT, published="2019-05-07")
    doc = resources.nlp(TEXT)
    found = resources.finder.find(doc, document.published)
    warm = resources.coder
    first = warm.code(document, doc, found)
    again = warm.code(document, doc, found)  # every memo now holds this document's answers
    fresh = EventCoder(warm.verbs, warm.knowledge, warm.places).code(document, doc, found)
    assert first and [dataclasses.asdict(e) for e in again] == [dataclasses.asdict(e) for e in fresh] == [
        dataclasses.asdict(e) for e in first]
    assert {e.date for e in first} >= {"2019-05-06"}  # "on Monday" before the Tuesday it was published
