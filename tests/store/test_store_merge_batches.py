"""The event merge clusters a batch of whole parts at a time, each batch in its own transaction.

A first run of many events must not hold them all, and the batches must change nothing: any
batch size stores what one batch stores, and a merge stopped between batches is finished by
the next one.  The history used here has what makes batches interact: reports that leave
their block when two spellings of a general stop being one actor (their old part and their
new one may fall in different batches, in either order), undated reports, and later reports.
"""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path

import pytest

from khaldun.store import Store
from khaldun.store import _merge

from .conftest import FIRST, generals_history
from .conftest import strike_report as report

def _merge_in_batches(path: Path, chunk: int, stop_at: int | None = None) -> int:
    """Merge in batches of ``chunk``, stopping before batch ``stop_at`` when given; returns
    how many batches were clustered."""
    calls = [0]
    original = _merge._merge_batch

    def counting(*args, **kwargs):
        if calls[0] == stop_at:
            raise RuntimeError("stopped")
        calls[0] += 1
        return original(*args, **kwargs)

    _merge._merge_batch = counting
    try:
        with Store(path) as store:
            _merge.merge_stored_events(store.connection, chunk=chunk)
    except RuntimeError:
        if stop_at is None:
            raise
    finally:
        _merge._merge_batch = original
    return calls[0]


def _stored(path: Path) -> tuple[list, list, list]:
    with Store(path) as store:
        conn = store.connection
        return tuple(sorted(conn.execute(f"SELECT * FROM {table}").fetchall())
                     for table in ("event_links", "merged_events", "event_blocks"))


def _pending(path: Path) -> set[str]:
    with Store(path) as store:
        return {r[0] for r in store.connection.execute("SELECT doc_id FROM story_pending").fetchall()}


@pytest.mark.parametrize("seed", range(3))
def test_any_batch_size_stores_what_one_batch_stores(tmp_path: Path, seed: int,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    start, one = tmp_path / "start.duckdb", tmp_path / "one.duckdb"
    generals_history(start, seed)
    shutil.copy(start, one)
    _merge_in_batches(one, 10**6)
    expected = _stored(one)
    assert any(e != m for e, m in expected[0])  # some reports merged
    # the batch of each event's part in the second merge's plan: as stored, and as it is now
    plans: list[list[tuple]] = []
    original = _merge._plan

    def planning(conn, *args):
        batches = original(conn, *args)
        plans.append(conn.execute("SELECT event_id, now, batch FROM merge_plan").fetchall())
        return batches

    monkeypatch.setattr(_merge, "_plan", planning)
    for chunk in (1, 2, 5):
        plans.clear()
        path = tmp_path / f"c{chunk}.duckdb"
        shutil.copy(start, path)
        _merge_in_batches(path, chunk)
        assert _stored(path) == expected, chunk
        assert _pending(path) >= _pending(one), chunk  # every document whose merge changed is queued
        if chunk == 1:
            now = {e: batch for e, is_now, batch in plans[-1] if is_now}
            stored = {e: batch for e, is_now, batch in plans[-1] if not is_now and e in now}
            moved = {e for e in stored if stored[e] != now[e]}
            # reports whose old part was clustered before their new one, and after: both orders
            assert {e for e in moved if stored[e] < now[e]} and {e for e in moved if stored[e] > now[e]}


def test_a_merge_stopped_between_batches_is_finished_by_the_next(tmp_path: Path) -> None:
    start, whole = tmp_path / "start.duckdb", tmp_path / "whole.duckdb"
    generals_history(start, 7)
    shutil.copy(start, whole)
    batches = _merge_in_batches(whole, 2)
    expected, queued = _stored(whole), _pending(whole)
    assert batches > 10
    for stop in range(1, batches, 4):
        path = tmp_path / f"stop{stop}.duckdb"
        shutil.copy(start, path)
        assert _merge_in_batches(path, 2, stop_at=stop) == stop
        assert _stored(path) != expected  # stopped half-way: not done yet
        _merge_in_batches(path, 5)
        assert _stored(path) == expected, stop
        assert _pending(path) >= queued, stop  # every document whose merge changed is queued


def test_a_first_run_reads_a_batch_of_events_at_a_time(store: Store, monkeypatch: pytest.MonkeyPatch,
                                                       tmp_path: Path) -> None:
    # 40 reports, a week apart, two a day on ten of the days: parts of one or two reports
    store.write_many([report(w, FIRST + timedelta(weeks=w)) for w in range(40)]
                     + [report(100 + w, FIRST + timedelta(weeks=w)) for w in range(0, 40, 4)])
    sizes: list[int] = []
    original = _merge.read_event_infos

    def recording(conn, event_ids=None):
        sizes.append(len(event_ids) if event_ids is not None else -1)
        return original(conn, event_ids)

    monkeypatch.setattr(_merge, "read_event_infos", recording)
    one = tmp_path / "one.duckdb"
    store.connection.execute("CHECKPOINT")
    shutil.copy(store.path, one)
    merged = _merge.merge_stored_events(store.connection, chunk=4)
    assert merged == 10  # each second report of a day joined the first
    assert sum(sizes) == 50 and -1 not in sizes
    assert max(sizes) <= 4 + 1  # a batch: whole parts, closed once it reaches 4 events
    assert len(sizes) >= 50 // 5
    sizes.clear()
    with Store(one) as other:  # all 50 in one batch: read once, no parts to find
        assert _merge.merge_stored_events(other.connection, chunk=50) == merged
    assert sizes == [50]
    assert _stored(one) == _stored(store.path)


def test_a_batch_size_below_one_is_refused(store: Store) -> None:
    with pytest.raises(ValueError, match="chunk"):
        _merge.merge_stored_events(store.connection, chunk=0)


@pytest.mark.parametrize("full", [False, True])
@pytest.mark.parametrize("chunk", [1, 3, 10**6])
def test_deleted_events_leave_the_merged_events(tmp_path: Path, chunk: int, full: bool) -> None:
    """Events a user deleted (a document pruned by hand) leave their merged events and blocks."""
    reports = [report(n, FIRST + timedelta(days=n // 2)) for n in range(20)]  # two reports a day
    gone = ["ev-0004", "ev-0006", "ev-0007", "ev-0011"]  # a whole pair, and one of two others
    pruned, fresh = tmp_path / "pruned.duckdb", tmp_path / "fresh.duckdb"
    with Store(pruned) as store:
        store.write_many(reports)
        store.merge_events()
        for table in ("events", "event_parties", "evidence"):
            store.connection.execute(f"DELETE FROM {table} WHERE event_id IN (SELECT unnest(?::VARCHAR[]))",
                                     [gone])
        _merge.merge_stored_events(store.connection, chunk=chunk, full=full)
    with Store(fresh) as store:
        store.write_many([r for r in reports if r.events[0].event_id not in gone])
        store.merge_events()
    assert _stored(pruned) == _stored(fresh)
    assert ("ev-0005", "ev-0005") in _stored(pruned)[0]  # alone now that its mate is gone
    assert not {row[0] for table in _stored(pruned) for row in table} & set(gone)
