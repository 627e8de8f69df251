"""A failed write leaves the database exactly as it was."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import pytest

from khaldun.records import DocResult, Event, Mention
from khaldun.store import Store, _write


def _snapshot(store: Store) -> dict[str, list[str]]:
    """Every row of every table, sorted, for before/after comparisons."""
    conn = store.connection
    tables = [r[0] for r in conn.execute("SELECT table_name FROM duckdb_tables()").fetchall()]
    return {t: sorted(map(repr, conn.execute(f"SELECT * FROM {t}").fetchall())) for t in tables}


def test_failure_after_document_row_rolls_back(
    store: Store, doc_a: DocResult, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []

    def broken(conn: object, mentions: Sequence[Mention]) -> None:
        calls.append(len(mentions))
        # the documents and sentences rows are already written in this transaction
        assert store.connection.execute("SELECT count(*) FROM sentences").fetchone()[0] > 0
        raise RuntimeError("disk full")

    monkeypatch.setattr(_write, "insert_mentions", broken)
    with pytest.raises(RuntimeError, match="disk full"):
        store.write(doc_a)
    assert calls == [len(doc_a.mentions)]
    assert not store.has_document(doc_a.document.doc_id)
    assert set(store.counts().values()) == {0}

    monkeypatch.undo()
    assert store.write(doc_a) is True
    assert store.counts()["mentions"] == len(doc_a.mentions)


def test_failure_after_actor_upsert_restores_shared_actors(
    store: Store, doc_a: DocResult, doc_b: DocResult, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.write(doc_a)
    before = _snapshot(store)
    iran_before = next(a for a in store.iter_actors() if a["actor_id"] == "state:IRN")

    def broken(conn: object, events: Sequence[Event]) -> None:
        raise ValueError("bad event")

    monkeypatch.setattr(_write, "insert_events", broken)
    with pytest.raises(ValueError, match="bad event"):
        store.write(doc_b)
    assert _snapshot(store) == before
    iran_after = next(a for a in store.iter_actors() if a["actor_id"] == "state:IRN")
    assert iran_after == iran_before

    monkeypatch.undo()
    assert store.write(doc_b) is True
    iran = next(a for a in store.iter_actors() if a["actor_id"] == "state:IRN")
    assert iran["documents"] == 2


def test_database_error_mid_write_rolls_back(store: Store, doc_a: DocResult) -> None:
    """A constraint violation inside DuckDB (a sentence without its offset, inserted after the
    document's row) aborts it all."""
    good = doc_a.sentences[-1]
    doc_a.sentences[-1] = dataclasses.replace(good, start=None)
    with pytest.raises(Exception, match=r"(?i)constraint|null"):
        store.write(doc_a)
    assert set(store.counts().values()) == {0}
    doc_a.sentences[-1] = good
    assert store.write(doc_a) is True


def test_records_of_another_document_are_refused(store: Store, doc_a: DocResult) -> None:
    doc_a.mentions[0] = dataclasses.replace(doc_a.mentions[0], doc_id="ffffffffffffffff")
    with pytest.raises(ValueError, match="ffffffffffffffff"):
        store.write(doc_a)
    assert not store.has_document(doc_a.document.doc_id)
    assert set(store.counts().values()) == {0}
