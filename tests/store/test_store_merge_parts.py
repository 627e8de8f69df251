"""The incremental event merge clusters again only the parts of a block a batch touches.

A block (same type and parties) falls into parts: runs of events whose day spans overlap in a
chain.  These tests store reports of one block over many days, add a few later, and check that
the merge reads only the parts they touch, and still stores what a full recompute stores.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

import pytest

from khaldun.store import Store
from khaldun.store import _merge

from .conftest import FIRST
from .conftest import strike_report as report


def _merged(store: Store) -> tuple[list[tuple], list[tuple]]:
    conn = store.connection
    links = sorted(conn.execute("SELECT event_id, merged_id FROM event_links").fetchall())
    rows = sorted(conn.execute("SELECT merged_id, reports, documents, independent_sources, date, "
                               "date_precision, rule FROM merged_events").fetchall())
    return links, rows


@pytest.fixture
def read_ids(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The ids of the events the merge reads (every read of stored events goes through one function)."""
    seen: list[str] = []
    original = _merge.read_event_infos

    def recording(conn, event_ids=None):
        infos, reports, extra = original(conn, event_ids)
        seen.extend(e.event_id for e in infos)
        return infos, reports, extra

    monkeypatch.setattr(_merge, "read_event_infos", recording)
    return seen


def test_a_later_report_reads_only_the_days_it_can_merge_with(store: Store, read_ids: list[str]) -> None:
    # two reports a week apart for 40 weeks: each week's pair is its own part
    store.write_many([report(2 * w + i, FIRST + timedelta(weeks=w, days=i))
                      for w in range(40) for i in (0, 1)])
    store.merge_events()
    read_ids.clear()
    # a report of week 10's first day, and one dated only by its month (March 2016: weeks 8-12)
    store.write_many([report(900, FIRST + timedelta(weeks=10)),
                      report(901, date(2016, 3, 1), "month", text="The strikes went on all month.")])
    store.merge_events()
    march = {f"ev-{2 * w + i:04d}" for w in range(40) for i in (0, 1)
             if (FIRST + timedelta(weeks=w, days=i)).month == 3}
    assert set(read_ids) == {"ev-0900", "ev-0901"} | {"ev-0020", "ev-0021"} | march
    links = dict(store.connection.execute("SELECT event_id, merged_id FROM event_links").fetchall())
    assert links["ev-0900"] == "ev-0020"  # the same day's report joined it
    assert links["ev-0901"] == "ev-0901"  # a month holding several days' strikes stays alone


def test_an_undated_report_makes_its_whole_block_one_part(store: Store, read_ids: list[str]) -> None:
    store.write_many([report(w, FIRST + timedelta(weeks=w)) for w in range(12)]
                     + [report(100 + w, FIRST + timedelta(weeks=w), actor="Turkey") for w in range(3)])
    store.merge_events()
    read_ids.clear()
    store.write_many([report(200, None, None)])
    store.merge_events()
    # every Russian report (its block), none of the Turkish ones (another block)
    assert set(read_ids) == {"ev-0200"} | {f"ev-{w:04d}" for w in range(12)}


def test_batches_give_what_a_full_recompute_gives(tmp_path: Path) -> None:
    """Random batches of reports over a few months, at every precision and some undated: after
    each batch the incremental merge stores exactly what recomputing everything stores."""
    precisions = ["day"] * 8 + ["publication"] * 3 + ["month", "week", "year", None]
    for seed in range(6):
        rng = random.Random(seed)
        incremental, full = tmp_path / f"i{seed}.duckdb", tmp_path / f"f{seed}.duckdb"
        n = 0
        for _ in range(4):
            batch = []
            for _ in range(rng.randint(5, 25)):
                precision = rng.choice(precisions)
                day = FIRST + timedelta(days=rng.randrange(120))
                batch.append(report(n, None if precision is None else day, precision,
                                    actor=rng.choice(["Russia", "Russia", "Turkey"])))
                n += 1
            for path, everything in ((incremental, False), (full, True)):
                with Store(path) as store:
                    store.write_many(batch)
                    store.merge_events(full=everything)
            with Store(incremental) as a, Store(full) as b:
                assert _merged(a) == _merged(b), seed


def test_a_database_from_before_the_day_spans_gets_them_once(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_merge, "SPAN_CHUNK", 4)  # in chunks: 11 events take three
    path = tmp_path / "old.duckdb"
    with Store(path) as store:
        store.write_many([report(w, FIRST + timedelta(weeks=w)) for w in range(10)]
                         + [report(50, None, None)])
        store.merge_events()
        before = _merged(store)
        store.connection.execute("UPDATE event_blocks SET first_day = NULL, last_day = NULL")
    with Store(path) as store:
        store.merge_events()  # nothing new: records the spans, changes nothing else
        assert _merged(store) == before
        spans = dict((e, (f, last)) for e, f, last in store.connection.execute(
            "SELECT event_id, first_day, last_day FROM event_blocks").fetchall())
    assert len(spans) == 11 and all(None not in span for span in spans.values())
    assert spans["ev-0003"] == ((FIRST + timedelta(weeks=3)).toordinal(),) * 2
    assert spans["ev-0050"] == _merge.ALL_DAYS  # undated: every day


def test_a_report_leaving_a_block_has_its_old_part_clustered_again(tmp_path: Path) -> None:
    """Two spellings of one general, merged as one actor, then told apart again (as a later
    actor merge can): the report that leaves the block leaves its old mate alone there."""
    paths = {}
    for name in ("incremental", "full"):
        paths[name] = tmp_path / f"{name}.duckdb"
        with Store(paths[name]) as store:
            conn = store.connection
            conn.execute("INSERT INTO actors (actor_id, name, kind, country) VALUES "
                         "('person:kartapolov', 'Kartapolov', 'person', 'RUS'), "
                         "('person:kartapolow', 'Kartapolow', 'person', 'RUS')")
            conn.execute("INSERT INTO actor_links VALUES "
                         "('person:kartapolow', 'person:kartapolov', 'variant', 0.9)")
            store.write_many([report(1, FIRST, commander="Kartapolov"),
                              report(2, FIRST, commander="Kartapolow"),
                              report(3, FIRST + timedelta(days=40), commander="Kartapolow")])
            store.merge_events()
            links = dict(conn.execute("SELECT event_id, merged_id FROM event_links").fetchall())
            assert links["ev-0002"] == "ev-0001"  # one general, one day: one strike
            conn.execute("DELETE FROM actor_links")
            store.merge_events(full=name == "full")
    with Store(paths["incremental"]) as a, Store(paths["full"]) as b:
        assert _merged(a) == _merged(b)
        assert dict(a.connection.execute("SELECT event_id, merged_id FROM event_links").fetchall()) == {
            "ev-0001": "ev-0001", "ev-0002": "ev-0002", "ev-0003": "ev-0003"}
