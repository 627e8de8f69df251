"""Date-bounded roles of a user's dictionary apply on the event's own date.

Our own Phoenix-format dictionary about a fictional president: Marten Osk
holds KLDGOV from 2013-08-01 and was in opposition (KLDOPP) before 1998.
"""

from __future__ import annotations

import pytest

from khaldun.ingest import doc_id_for
from khaldun.knowledge import load_knowledge
from khaldun.knowledge.verbs import load_verbs
from khaldun.pipeline import Resources, code_document
from khaldun.records import Document
from khaldun.timeplace.gazetteer import Gazetteer

DICTIONARY = """\
KALDORIA_  [KLD]
MARTEN_OSK_
+OSK_
\t[KLDGOV >20130801]
\t[KLDOPP <19971231]
"""


@pytest.fixture(scope="module")
def osk_resources(tmp_path_factory):
    path = tmp_path_factory.mktemp("dict") / "kaldoria.actors.txt"
    path.write_text(DICTIONARY, encoding="utf-8")
    knowledge = load_knowledge([path])
    return Resources.build(knowledge, load_verbs(), Gazetteer(), model=None)


def _osk(text, res, published="2016-05-10"):
    doc = Document(doc_id=doc_id_for(text), path="t.txt", text=text, published=published)
    result = code_document(doc, res)
    parties = [(e, p) for e in result.events for p in (*e.actor, *e.recipient) if p.name == "Marten Osk"]
    assert parties, [(e.event_type, e.actor, e.date) for e in result.events]
    return parties[0]


def test_an_event_dated_by_the_text_takes_the_roles_held_then(osk_resources):
    event, osk = _osk("In 1995, Marten Osk met Russian officials in Moscow.", osk_resources)
    assert event.date.startswith("1995")
    assert osk.sectors == ["OPP"]


def test_an_event_on_the_publication_date_takes_the_current_roles(osk_resources):
    event, osk = _osk("Marten Osk met Russian officials in Moscow on Monday.", osk_resources)
    assert event.date == "2016-05-09"
    assert osk.sectors == ["GOV"]


def test_an_event_between_the_roles_has_none(osk_resources):
    _, osk = _osk("In 2005, Marten Osk met Russian officials in Moscow.", osk_resources)
    assert osk.sectors == []
