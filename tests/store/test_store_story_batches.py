"""Stories are regrouped a batch of whole connected components at a time, in one transaction.

A first run must not read every document's story inputs at once, and the batches must change
nothing: any batch size stores what one batch stores, on a first run and on a later one in
which stories fall apart (two spellings of a general stop being one actor, so the reports of
one strike stop being one merged event that tied their documents).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from khaldun.store import Store
from khaldun.store import _stories

from .conftest import generals_history


def _stories_of(path: Path) -> tuple[list, list, list]:
    with Store(path) as store:
        conn = store.connection
        return tuple(sorted(conn.execute(f"SELECT * FROM {table}").fetchall())
                     for table in ("stories", "story_documents", "story_pending"))


def _build(path: Path, chunk: int) -> None:
    with Store(path) as store:
        _stories.build_stories(store.connection, chunk=chunk)


@pytest.fixture
def later(tmp_path: Path) -> tuple[Path, Path]:
    """A database whose stories are built, after a merge that split some of them (not built
    yet), and the same database with its stories built in one batch."""
    start, one = tmp_path / "start.duckdb", tmp_path / "one.duckdb"
    generals_history(start, 3)
    with Store(start) as store:
        conn = store.connection
        # two reprints found by reuse linking: their documents are one story whatever their events
        docs = dict(conn.execute("SELECT event_id, doc_id FROM evidence").fetchall())
        for a, b in (("ev-0040", "ev-0057"), ("ev-0044", "ev-0062")):
            first, second = sorted((docs[a], docs[b]))
            conn.execute("INSERT INTO doc_links VALUES (?, ?, 'near_duplicate', 0.9, 0, 10, 0, 10)",
                         [first, second])
            conn.execute("INSERT INTO story_pending VALUES (?)", [second])  # as a new document is
        store.merge_events()
    shutil.copy(start, one)
    _build(one, 10**6)
    return start, one


def test_any_batch_size_stores_what_one_batch_stores(later: tuple[Path, Path], tmp_path: Path) -> None:
    start, one = later
    expected = _stories_of(one)
    with Store(start) as store:
        before = dict(store.connection.execute("SELECT doc_id, story_id FROM story_documents").fetchall())
    after = dict(expected[1])
    # a stored story fell apart: its documents are now in several stories
    assert any(len({after[d] for d, s in before.items() if s == story}) > 1 for story in set(before.values()))
    assert not expected[2]  # nothing left pending
    linked = {after[d] for e in ("ev-0040", "ev-0057") for d in _docs_of(start, e)}
    assert len(linked) == 1
    for chunk in (1, 2, 3, 7):
        path = tmp_path / f"c{chunk}.duckdb"
        shutil.copy(start, path)
        _build(path, chunk)
        assert _stories_of(path) == expected, chunk
    full = tmp_path / "full.duckdb"
    shutil.copy(start, full)
    with Store(full) as store:
        store.build_stories(full=True)
    assert _stories_of(full) == expected


def test_a_first_run_in_batches_stores_what_one_batch_stores(later: tuple[Path, Path], tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    start, one = later
    first = tmp_path / "first.duckdb"
    shutil.copy(start, first)
    with Store(first) as store:
        store.connection.execute("DELETE FROM stories; DELETE FROM story_documents")
    expected = _stories_of(one)
    sizes: list[int] = []

    def recording(original):
        def read(conn, doc_ids=None, *args):
            sizes.append(-1 if doc_ids is None else len(doc_ids))
            return original(conn, doc_ids, *args)
        return read

    for name in ("read_story_inputs", "read_story_docs", "iter_story_events", "iter_story_links"):
        monkeypatch.setattr(_stories, name, recording(getattr(_stories, name)))
    largest = max(n for _, n in _sizes(expected[1]))
    assert largest > 4  # a story larger than a batch
    for chunk in (1, 4, 10**6):
        sizes.clear()
        path = tmp_path / f"first{chunk}.duckdb"
        shutil.copy(first, path)
        _build(path, chunk)
        assert _stories_of(path) == expected, chunk
        # every read is of one batch's documents at most, whatever the size of a story
        assert sizes and -1 not in sizes and max(sizes) <= chunk, chunk


def _docs_of(path: Path, event_id: str) -> list[str]:
    with Store(path) as store:
        return [r[0] for r in store.connection.execute("SELECT doc_id FROM evidence WHERE event_id = ?",
                                                       [event_id]).fetchall()]


def _sizes(members: list[tuple[str, str]]) -> list[tuple[str, int]]:
    counts: dict[str, int] = {}
    for _, story in members:
        counts[story] = counts.get(story, 0) + 1
    return sorted(counts.items())


def test_a_build_stopped_inside_a_batch_changes_nothing(later: tuple[Path, Path], tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    start, one = later
    before = _stories_of(start)
    calls = [0]
    original = _stories._regroup

    def stopping(conn, *batch):
        if calls[0] == 3:
            raise RuntimeError("stopped")
        calls[0] += 1
        original(conn, *batch)

    monkeypatch.setattr(_stories, "_regroup", stopping)
    with pytest.raises(RuntimeError, match="stopped"):
        _build(start, 1)
    assert _stories_of(start) == before  # the batches done were rolled back with it
    monkeypatch.setattr(_stories, "_regroup", original)
    _build(start, 2)
    assert _stories_of(start) == _stories_of(one)


def test_a_batch_size_below_one_is_refused(store: Store) -> None:
    with pytest.raises(ValueError, match="chunk"):
        _stories.build_stories(store.connection, chunk=0)
