"""Tables that grow with the stored articles have no primary key: DuckDB holds a key's index
in memory, inserts of hashed ids load all of it, and writes fail once it outgrows the limit."""

from __future__ import annotations

from pathlib import Path

import duckdb

from khaldun.records import DocResult
from khaldun.store import Store
from khaldun.store._schema import TABLES, UNINDEXED


def _index_mb(store: Store) -> float:
    row = store.connection.execute(
        "SELECT coalesce(sum(memory_usage_bytes), 0) FROM duckdb_memory() WHERE tag = 'ART_INDEX'").fetchone()
    return row[0] / 2**20


#: The primary keys an older database declared for some of these tables.
_KEYS = {"events": ["event_id"], "sentences": ["doc_id", "idx"], "quote_key_counts": ["key"]}


def _rebuild_keyed(path: Path, table: str) -> None:
    """Make ``table`` as a database from before had it: with its primary key."""
    (create,) = [t for t in TABLES if f"CREATE TABLE IF NOT EXISTS {table} (" in t]
    keys = ", ".join(f'"{k}"' for k in _KEYS[table])
    keyed = create.rstrip().removesuffix(")").rstrip() + f",\n PRIMARY KEY ({keys}))"
    conn = duckdb.connect(str(path))
    try:
        conn.execute(f"ALTER TABLE {table} RENAME TO old_{table}")
        conn.execute(keyed)
        conn.execute(f"INSERT INTO {table} BY NAME SELECT * FROM old_{table}")
        conn.execute(f"DROP TABLE old_{table}")
    finally:
        conn.close()


def _primary_keys(store: Store) -> set[str]:
    rows = store.connection.execute(
        "SELECT table_name FROM duckdb_constraints() WHERE constraint_type = 'PRIMARY KEY'").fetchall()
    return {r[0] for r in rows}


def test_tables_grow_past_what_their_keys_would_hold_in_memory(db_path: Path) -> None:
    """800,000 events and sentences (about 45,000 articles' worth) written within a 32 MB limit:
    with their primary keys, DuckDB runs out of memory after about 300,000."""
    with Store(db_path, memory_limit="32MB") as store:
        conn = store.connection
        for batch in range(8):
            first = batch * 100_000
            conn.execute("BEGIN TRANSACTION")
            conn.execute("""
                INSERT INTO events (event_id, event_type, negated, future, hypothetical, historical)
                SELECT substr(md5(i::VARCHAR), 1, 16), 'CONSULT', false, false, false, false
                FROM range(?, ? + 100000) t(i)
            """, [first, first])
            conn.execute("""
                INSERT INTO sentences SELECT substr(md5((i // 20)::VARCHAR), 1, 16), i % 20, 0, 33,
                'The minister met his counterpart.' FROM range(?, ? + 100000) t(i)
            """, [first, first])
            conn.execute("COMMIT")
        assert store.counts()["events"] == 800_000
        assert _index_mb(store) < 1.0
        assert not _primary_keys(store) & set(UNINDEXED)
        assert "documents" in _primary_keys(store)  # (one row an article: keeps its key)


def test_an_older_database_loses_the_keys_and_keeps_its_rows(db_path: Path, doc_a: DocResult,
                                                              doc_b: DocResult) -> None:
    with Store(db_path) as store:
        store.write(doc_a)
        store.group_quotes()
        before = {t: sorted(map(repr, store.connection.execute(f'SELECT * FROM "{t}"').fetchall()))
                  for t in _KEYS}
    for table in _KEYS:
        _rebuild_keyed(db_path, table)
    with Store(db_path, read_only=True) as store:  # (read-only: left as it is)
        assert set(_KEYS) <= _primary_keys(store)
    with Store(db_path) as store:
        assert not _primary_keys(store) & set(UNINDEXED)
        after = {t: sorted(map(repr, store.connection.execute(f'SELECT * FROM "{t}"').fetchall()))
                 for t in _KEYS}
        assert after == before and before["events"] and before["sentences"]
        assert store.write(doc_b) is True
        assert store.counts()["events"] == len(doc_a.events) + len(doc_b.events)
