"""DuckDB's memory limit: bounded by default for a database file, set by the user, bad values named."""

from __future__ import annotations

from datetime import timedelta

import duckdb
import pytest
from typer.testing import CliRunner

from khaldun.cli import app
from khaldun.store import Store, StoreError
from khaldun.store._store import DEFAULT_MEMORY_LIMIT

from .conftest import FIRST, strike_report


def _limit(store: Store) -> str:
    return store.connection.execute("SELECT current_setting('memory_limit')").fetchall()[0][0]


def _as_duckdb_shows(size: str) -> str:
    """How DuckDB shows ``size`` once set."""
    with duckdb.connect() as conn:
        conn.execute("SET memory_limit = ?", [size])
        return conn.execute("SELECT current_setting('memory_limit')").fetchall()[0][0]


def test_a_writable_database_file_gets_the_default_limit_readers_and_in_memory_ones_duckdbs(tmp_path):
    with Store(tmp_path / "k.duckdb") as store:
        assert _limit(store) == _as_duckdb_shows(DEFAULT_MEMORY_LIMIT)
    # readers (the web app, exports) run queries that do not all spill: DuckDB's own default
    with Store(tmp_path / "k.duckdb", read_only=True) as store:
        assert _limit(store) == _as_duckdb_shows("80%")
    with Store(":memory:") as store:  # its tables live in memory: not capped by our default
        assert _limit(store) == _as_duckdb_shows("80%")


@pytest.mark.parametrize("size", ["2GB", "80%", "64MiB"])
def test_the_limit_given_is_the_limit_set(tmp_path, size):
    with Store(tmp_path / "k.duckdb", memory_limit=size) as store:
        assert _limit(store) == _as_duckdb_shows(size)


def test_a_limit_duckdb_cannot_read_is_an_error_naming_the_database_and_the_value(tmp_path):
    path = tmp_path / "k.duckdb"
    with pytest.raises(StoreError, match=r"'lots'.*k\.duckdb|k\.duckdb.*'lots'"):
        Store(path, memory_limit="lots")
    with Store(path) as store:  # the file is not left locked by the failed open
        assert store.counts()["documents"] == 0


def test_documents_beyond_a_small_limit_are_all_stored_and_read_back(tmp_path):
    # these 1,600 documents (22 MB of text) took 31 MB of DuckDB's memory with its own default
    # limit: within 16 MB it must evict what it can read again, not fail or lose rows
    path = tmp_path / "k.duckdb"
    words = ("convoy", "ceasefire", "delegation", "shelling", "talks", "sanctions", "detainees", "border")
    results = [strike_report(n, FIRST + timedelta(days=n % 30), text=" ".join(
        f"Officials in district {n} reported {words[(n + k) % len(words)]} number {n * 7 + k}." for k in range(240)))
        for n in range(1600)]
    with Store(path, memory_limit="16MB") as store:
        for start in range(0, len(results), 32):
            assert all(store.write_many(results[start:start + 32]))
        used = store.connection.execute("SELECT sum(memory_usage_bytes) FROM duckdb_memory()").fetchall()[0][0]
        assert used <= 16_000_000
    with Store(path, read_only=True) as store:
        assert store.counts()["documents"] == 1600
        chars = store.connection.execute("SELECT sum(length(text)) FROM documents").fetchall()[0][0]
        assert chars == sum(len(r.document.text) for r in results)
        events = store.connection.execute("SELECT count(*) FROM events").fetchall()[0][0]
        assert events == 1600


def test_run_takes_a_memory_limit_and_names_a_bad_one(tmp_path):
    runner = CliRunner()
    article = tmp_path / "in.txt"
    article.write_text("Turkish jets struck Kurdish militants in northern Iraq on Monday, the army said.\n",
                       encoding="utf-8")
    db = tmp_path / "k.duckdb"
    bad = runner.invoke(app, ["run", str(article), "--db", str(db), "-q", "--memory-limit", "lots"])
    assert bad.exit_code == 2 and "lots" in bad.output and "k.duckdb" in bad.output
    good = runner.invoke(app, ["run", str(article), "--db", str(db), "-q", "--memory-limit", "128MB"])
    assert good.exit_code == 0, good.output
    with Store(db, read_only=True) as store:
        assert store.counts()["documents"] == 1
    help_text = runner.invoke(app, ["run", "--help"]).output
    assert "--memory-limit" in help_text and DEFAULT_MEMORY_LIMIT in help_text


def test_a_cross_document_step_out_of_memory_runs_again_with_duckdbs_limit(tmp_path, monkeypatch, caplog):
    from khaldun.pipeline import cross_document

    with Store(tmp_path / "k.duckdb") as store:
        store.write_many([strike_report(n, FIRST + timedelta(days=n)) for n in range(3)])
        merge = store.merge_events
        limits: list[str] = []

        def merge_events(*args, **kwargs):
            limits.append(_limit(store))
            if len(limits) == 1:  # as DuckDB says when an operator cannot spill
                raise duckdb.OutOfMemoryException("Out of Memory Error: failed to allocate data of size 8.0 MiB")
            return merge(*args, **kwargs)

        monkeypatch.setattr(store, "merge_events", merge_events)
        with caplog.at_level("WARNING", logger="khaldun.pipeline"):
            cross_document(store)
        assert limits == [_as_duckdb_shows(DEFAULT_MEMORY_LIMIT), _as_duckdb_shows("80%")]
        assert _limit(store) == _as_duckdb_shows(DEFAULT_MEMORY_LIMIT)  # the store's again after
        assert "merge_events" in caplog.text and DEFAULT_MEMORY_LIMIT in caplog.text
        assert store.cross_document_counts()["merged_events"] == 3


def test_out_of_memory_under_duckdbs_own_limit_is_not_hidden(tmp_path, monkeypatch):
    from khaldun.pipeline import cross_document

    with Store(tmp_path / "k.duckdb", memory_limit="80%") as store:
        def failing(*args, **kwargs):
            raise duckdb.OutOfMemoryException("Out of Memory Error")

        monkeypatch.setattr(store, "build_stories", failing)
        with pytest.raises(duckdb.OutOfMemoryException):
            cross_document(store)
