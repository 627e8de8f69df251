"""Stories read from the store: the events of a document, merged or not yet merged."""

from __future__ import annotations

from datetime import date

from khaldun.store import Store

from .conftest import strike_report

DAY = date(2016, 3, 27)


def _stories(store: Store) -> list[tuple[int, int]]:
    """(documents, merged events) of each story, both counted from the stored rows."""
    return sorted(store.connection.execute(
        "SELECT (SELECT count(*) FROM story_documents d WHERE d.story_id = s.story_id), s.events "
        "FROM stories s").fetchall())


def test_events_not_merged_yet_count_as_their_own_merged_event(store: Store) -> None:
    store.write_many([strike_report(1, DAY)])
    store.build_stories()  # before any event merge: no event has a merged event yet
    store.write_many([strike_report(2, DAY)])
    store.build_stories()  # a later batch: only what it touches is read
    stories = _stories(store)
    assert stories == [(1, 1), (1, 1)]
    label = store.connection.execute("SELECT min(label) FROM stories").fetchone()[0]
    assert label.startswith("Russia") and "ASSAULT" in label


def test_two_reports_of_one_strike_become_one_story_once_merged(store: Store) -> None:
    store.write_many([strike_report(1, DAY), strike_report(2, DAY), strike_report(3, date(2016, 9, 1))])
    store.merge_events()
    store.build_stories()
    assert _stories(store) == [(1, 1), (2, 1)]
