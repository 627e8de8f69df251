"""Coordinated parties: lists the parser splits, people "in"/"from" a country."""

from __future__ import annotations

from spacy.tokens import Doc
from spacy.vocab import Vocab

from khaldun.events.arguments import _misparsed_conjuncts
from khaldun.nlp.view import DocView


def test_list_hung_on_its_last_member_as_a_modifier():
    # the parse spaCy gives "Fornost and the evil awful Gondor welcomed ...": the first member is
    # an nmod of the last one, with the "and" below it
    words = ["Egypt", "and", "the", "awful", "Libya", "welcomed", "it"]
    heads = [4, 0, 3, 0, 5, 5, 5]
    deps = ["nmod", "cc", "det", "conj", "nsubj", "ROOT", "dobj"]
    doc = Doc(Vocab(), words=words, heads=heads, deps=deps)
    assert [doc[i].text for i in _misparsed_conjuncts(DocView(doc), 4)] == ["Egypt", "awful"]
    # a plain modifier without coordination is no list member ("Egypt's Libya policy")
    plain = Doc(Vocab(), words=["the", "Egypt", "office", "welcomed", "it"], heads=[2, 2, 3, 3, 3],
                deps=["det", "nmod", "nsubj", "ROOT", "dobj"])
    assert _misparsed_conjuncts(DocView(plain), 2) == []


def test_people_in_two_countries_are_both_actors(code_text):
    events = code_text("Lawmakers in France and Germany condemned the attack by Russia on Ukraine.").events
    condemn = [e for e in events if e.provenance.lemma == "condemn"]
    assert len(condemn) == 1
    assert {a.country for a in condemn[0].actor} == {"FRA", "DEU"}

