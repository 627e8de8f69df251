"""Runs, ingest problems, and read-only access."""

from __future__ import annotations

import io
from pathlib import Path

import duckdb
import pytest

from khaldun.records import DocResult
from khaldun.store import ReadOnlyStoreError, Store, StoreError, export_actors, export_events


def test_run_records_args_and_summary(store: Store) -> None:
    run_id = store.start_run({"inputs": [Path("corpus/a.txt"), "corpus/b.jsonl"], "workers": 2})
    started = store.get_run(run_id)
    assert started is not None
    assert started["args"] == {"inputs": ["corpus/a.txt", "corpus/b.jsonl"], "workers": 2}
    assert started["finished_at"] is None and started["summary"] is None
    store.finish_run(run_id, {"documents": 2, "events": 5, "problems": 1})
    finished = store.get_run(run_id)
    assert finished is not None
    assert finished["summary"] == {"documents": 2, "events": 5, "problems": 1}
    assert finished["finished_at"] >= finished["started_at"]
    assert store.start_run({}) != run_id
    assert store.get_run("nope") is None


def test_finishing_an_unknown_run_fails(store: Store) -> None:
    with pytest.raises(StoreError, match="no-such-run"):
        store.finish_run("no-such-run", {})


def test_same_problem_is_stored_once(store: Store) -> None:
    run_a = store.start_run({})
    run_b = store.start_run({})
    store.record_problem("feeds/day1.jsonl", "invalid JSON", 17, run_a)
    store.record_problem("feeds/day1.jsonl", "invalid JSON", 17, run_b)
    store.record_problem("feeds/day1.jsonl", "invalid JSON", 18, run_a)
    store.record_problem("scans/page.pdf", "unsupported format", None, run_a)
    store.record_problem("scans/page.pdf", "unsupported format", None, run_b)
    store.record_problem("scans/page.pdf", "empty after cleaning", None, run_b)
    assert store.counts()["problems"] == 4
    problems = list(store.iter_problems())
    first = next(p for p in problems if p["line"] == 17)
    assert first["run_id"] == run_a
    assert {(p["path"], p["line"], p["reason"]) for p in problems} == {
        ("feeds/day1.jsonl", 17, "invalid JSON"),
        ("feeds/day1.jsonl", 18, "invalid JSON"),
        ("scans/page.pdf", None, "unsupported format"),
        ("scans/page.pdf", None, "empty after cleaning"),
    }


def test_problem_text_with_quotes_is_intact(store: Store) -> None:
    reason = "can't decode: byte 0xff; '); DROP TABLE problems; --"
    store.record_problem("in/o'neil.txt", reason, None, store.start_run({}))
    store.record_problem("in/o'neil.txt", reason, None, "other-run")
    [problem] = store.iter_problems()
    assert (problem["path"], problem["reason"]) == ("in/o'neil.txt", reason)


def test_read_only_missing_file_is_clear(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "khaldun.duckdb"
    with pytest.raises(FileNotFoundError, match="nowhere"):
        Store(missing, read_only=True)
    assert not missing.exists()


def test_read_only_reads_and_refuses_writes(
    db_path: Path, doc_a: DocResult, doc_b: DocResult, tmp_path: Path
) -> None:
    with Store(db_path) as store:
        store.write(doc_a)
        written_counts = store.counts()
    with Store(db_path, read_only=True) as store:
        assert store.counts() == written_counts
        assert store.has_document(doc_a.document.doc_id)
        assert len(list(store.iter_events())) == len(doc_a.events)
        assert store.get_event("ev-iransyria-call") is not None
        assert export_events(store, "parquet", tmp_path / "ro.parquet") == len(doc_a.events)
        assert export_actors(store, "csv", io.StringIO()) == len(doc_a.actors)
        with pytest.raises(ReadOnlyStoreError):
            store.write(doc_b)
        with pytest.raises(ReadOnlyStoreError):
            store.record_problem("x.txt", "unreadable", None, "run")
        with pytest.raises(ReadOnlyStoreError):
            store.start_run({})
        with pytest.raises(duckdb.Error):
            store.connection.execute("DELETE FROM events")
    with Store(db_path) as store:
        assert store.counts() == written_counts


def test_closed_store_says_so(db_path: Path) -> None:
    store = Store(db_path)
    store.close()
    store.close()
    with pytest.raises(StoreError, match="closed"):
        store.counts()


def test_writable_store_creates_parent_folders(tmp_path: Path) -> None:
    path = tmp_path / "out" / "db" / "k.duckdb"
    with Store(path) as store:
        assert store.counts()["documents"] == 0
    assert path.is_file()
