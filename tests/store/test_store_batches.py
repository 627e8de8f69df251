"""Writing a batch of documents in one transaction."""

from __future__ import annotations

import pytest

from khaldun.records import DocResult
from khaldun.store import Store, _write


def test_batch_stores_new_documents_and_skips_known_ones(store: Store, doc_a: DocResult, doc_b: DocResult):
    assert store.write(doc_a) is True
    assert store.write_many([doc_a, doc_b, doc_b]) == [False, True, False]
    assert store.counts()["documents"] == 2
    # actors shared by the two documents are counted once per document
    by_id = {a["actor_id"]: a for a in store.iter_actors()}
    shared = {a.actor_id for a in doc_a.actors} & {a.actor_id for a in doc_b.actors}
    for actor_id in shared:
        assert by_id[actor_id]["documents"] == 2


def test_batch_equals_one_by_one(tmp_path, doc_a: DocResult, doc_b: DocResult):
    with Store(tmp_path / "one.duckdb") as one, Store(tmp_path / "batch.duckdb") as batch:
        one.write(doc_a)
        one.write(doc_b)
        batch.write_many([doc_a, doc_b])
        assert list(one.iter_events()) == list(batch.iter_events())
        strip = lambda rows: sorted((r["actor_id"], r["mentions"], sorted(r["variants"])) for r in rows)  # noqa: E731
        assert strip(one.iter_actors()) == strip(batch.iter_actors())


def test_failed_batch_stores_nothing(store: Store, doc_a: DocResult, doc_b: DocResult, monkeypatch):
    def broken(conn, events):
        raise RuntimeError("disk full")

    monkeypatch.setattr(_write, "insert_events", broken)
    with pytest.raises(RuntimeError):
        store.write_many([doc_a, doc_b])
    monkeypatch.undo()
    assert store.counts()["documents"] == 0 and store.counts()["actors"] == 0
