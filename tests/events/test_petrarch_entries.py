"""The event coder using entries read from a PETRARCH-format verb dictionary (written for this test)."""

from __future__ import annotations

import dataclasses

import pytest

from khaldun.events.coder import EventCoder
from khaldun.knowledge.verbs import load_verbs

DICTIONARY = """\
&TRADEPENALTY
+EMBARGO
+TRADE_SANCTIONS

--- DECRY  [111]  ---
DECRY
- * &TRADEPENALTY  [1312]

--- JOURNEY  [042:043]  ---
JOURNEY
- * (TO +)  [042:043]

--- FORGE  [---]  ---
FORGE
- * {CLOSER TIES}  [0311]
"""


@pytest.fixture(scope="module")
def petrarch_code(resources, tmp_path_factory):
    from khaldun.ingest import doc_id_for
    from khaldun.pipeline import code_document
    from khaldun.records import Document

    path = tmp_path_factory.mktemp("verbs") / "test.verbs.txt"
    path.write_text(DICTIONARY, encoding="utf-8")
    verbs = load_verbs([path])
    res = dataclasses.replace(resources, verbs=verbs, coder=EventCoder(verbs, resources.knowledge, resources.places))

    def _code(text: str):
        doc = Document(doc_id=doc_id_for(text), path="test.txt", text=text, published="2019-05-02")
        return code_document(doc, res).events

    return _code


def test_object_pattern_gives_its_cameo_code(petrarch_code):
    events = petrarch_code("Venezuela decried the embargo imposed by the United States.")
    decry = [e for e in events if e.provenance.lemma == "decry"]
    assert len(decry) == 1
    event = decry[0]
    assert (event.cameo, event.event_type, event.mode) == ("1312", "THREATEN", "restrict")
    assert event.actor[0].country == "VEN"
    assert [r.country for r in event.recipient] == ["USA"]  # found inside the object's phrase
    assert event.provenance.lexicon == "test.verbs.txt:line 7"


def test_default_code_when_no_pattern_matches(petrarch_code):
    events = petrarch_code("Venezuela decried the decision of Colombia.")
    decry = [e for e in events if e.provenance.lemma == "decry"]
    assert [(e.cameo, e.event_type) for e in decry] == [("111", "ACCUSE")]
    assert [r.country for r in decry[0].recipient] == ["COL"]


def test_paired_code_codes_the_hosts_act_back(petrarch_code):
    events = petrarch_code("The Chilean foreign minister journeyed to Peru on Tuesday.")
    trips = sorted((e.cameo, e.actor[0].country, e.recipient[0].country) for e in events
                   if e.provenance.lemma == "journey")
    assert trips == [("042", "CHL", "PER"), ("043", "PER", "CHL")]


def test_noun_phrase_pattern_matches_its_head(petrarch_code):
    events = petrarch_code("Egypt and Sudan forged closer ties with Ethiopia in March.")
    forge = [e for e in events if e.provenance.lemma == "forge"]
    assert [e.cameo for e in forge] == ["0311"]
    assert {a.country for a in forge[0].actor} == {"EGY", "SDN"}
    # "forge" has no default code ([---]): without the pattern's object nothing is coded
    assert not [e for e in petrarch_code("Egypt forged a document.") if e.provenance.lemma == "forge"]
