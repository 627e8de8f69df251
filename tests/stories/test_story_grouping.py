"""Grouping documents into stories (pure function over merged events and reuse links)."""

from __future__ import annotations

from khaldun.stories import DocInfo, StoryEvent, group_stories

DOCS = [DocInfo("d1", "2016-03-28", "Syrian army retakes Palmyra"),
        DocInfo("d2", "2016-03-28", "Palmyra back in government hands"),
        DocInfo("d3", "2016-03-29", "Iran hails Palmyra victory"),
        DocInfo("d4", "2016-03-28", "Kerry in Moscow for talks"),
        DocInfo("d5", "2016-03-30", "Russian strikes go on")]


def events(**extra):
    return [
        StoryEvent("m1", "SEIZE", ("d1", "d2"), ("Syrian military",), "2016-03-27", "day", "Tadmur", "city"),
        StoryEvent("m2", "SUPPORT", ("d3",), ("Ali Shamkhani", "Syria"), "2016-03-28", "day",
                   names_someone=True),
        StoryEvent("m3", "CONSULT", ("d4",), ("John Kerry", "Sergei Lavrov"), "2016-03-24", "day",
                   names_someone=True),
        # generic and dated only by publication: reported by d4 and d5 but ties nothing
        StoryEvent("m4", "ASSAULT", ("d4", "d5"), ("Russia",), "2016-03-28", "publication"),
        StoryEvent("m5", "ASSAULT", ("d3",), ("Syrian military", "Islamic State"), "2015-05-01", "month",
                   historical=True),
    ]


def by_docs(stories):
    return sorted(s.doc_ids for s in stories)


def test_documents_reporting_one_specific_event_are_one_story() -> None:
    stories = group_stories(DOCS, events(), links=[])
    assert by_docs(stories) == [["d1", "d2"], ["d3"], ["d4"], ["d5"]]


def test_shared_text_ties_documents_together() -> None:
    stories = group_stories(DOCS, events(), links=[("d2", "d3")])
    assert by_docs(stories) == [["d1", "d2", "d3"], ["d4"], ["d5"]]
    top = stories[0]
    assert top.doc_ids == ["d1", "d2", "d3"]
    assert set(top.events) == {"m1", "m2", "m5"}
    # the label names the main actors, the event types and the place and period
    assert top.label.startswith("Syrian military")
    assert "SEIZE" in top.label and "Tadmur" in top.label
    # the background event of May 2015 is not the story's period
    assert (top.first_date, top.last_date) == ("2016-03-27", "2016-03-28")


def test_every_document_is_in_exactly_one_story_whatever_the_order() -> None:
    a = group_stories(DOCS, events(), links=[("d2", "d3")])
    b = group_stories(list(reversed(DOCS)), list(reversed(events())), links=[("d3", "d2")])
    assert [(s.story_id, s.doc_ids, s.label) for s in a] == [(s.story_id, s.doc_ids, s.label) for s in b]
    assert sorted(d for s in a for d in s.doc_ids) == ["d1", "d2", "d3", "d4", "d5"]


def test_a_document_without_events_gets_a_story_labelled_by_its_title() -> None:
    stories = group_stories([DocInfo("x", None, "Weather: sunny spells")], [], links=[])
    assert [s.label for s in stories] == ["Weather: sunny spells"]
