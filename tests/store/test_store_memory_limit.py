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


def test_a_database_file_gets_the_default_limit_and_an_in_memory_one_duckdbs(tmp_path):
    with Store(tmp_path / "k.duckdb") as store:
        assert _limit(store) == _as_duckdb_shows(DEFAULT_MEMORY_LIMIT)
    with Store(tmp_path / "k.duckdb", read_only=True) as store:
        assert _limit(store) == _as_duckdb_shows(DEFAULT_MEMORY_LIMIT)
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
    with Store(path, memory_limit="64MB", read_only=True) as store:  # (reading back: not the point)
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
