"""Coding on a Dask cluster (`khaldun run --dask`): Parquet parts, same database as a local run."""

from __future__ import annotations

import json

import pytest

from khaldun.cli import sample_articles
from khaldun.execute import code_batch
from khaldun.execute.parts import part_path, read_part, write_part
from khaldun.ingest import iter_documents
from khaldun.pipeline import run
from khaldun.records import Document, IngestProblem
from khaldun.store import Store


def _events(db) -> list[str]:
    with Store(db, read_only=True) as store:
        return sorted(json.dumps(e, sort_keys=True, default=str) for e in store.iter_events())


def test_a_parquet_part_gives_back_the_exact_results_and_problems(tmp_path, resources):
    docs = [d for d in iter_documents(sample_articles()[:3]) if isinstance(d, Document)]
    coded = [*code_batch(docs, resources), IngestProblem("feed.jsonl", "coding failed: ValueError: x", 7)]
    path = write_part(coded, part_path(tmp_path, 12))
    assert path.name == "part-000012.parquet" and not list(tmp_path.glob("*.tmp"))
    assert read_part(path) == coded
    import duckdb

    with duckdb.connect() as conn:  # a part is plain Parquet: queryable without khaldun
        rows = conn.execute("SELECT path, events, problem FROM read_parquet(?) ORDER BY position",
                            [str(path)]).fetchall()
    assert [r[1] for r in rows[:3]] == [len(c.events) for c in coded[:3]]
    assert rows[3] == ("feed.jsonl", 0, "coding failed: ValueError: x")


def test_dask_local_cluster_stores_the_same_events_as_a_local_run(tmp_path, resources):
    pytest.importorskip("distributed")
    from typer.testing import CliRunner

    from khaldun.cli import app

    local = tmp_path / "local.duckdb"
    with Store(local) as store:
        run(sample_articles(), store, resources, batch_size=4)
    db = tmp_path / "dask.duckdb"
    result = CliRunner().invoke(app, ["run", "--db", str(db), "--dask", "local", "--workers", "2",
                                      "--batch-size", "4", "--quiet"])
    assert result.exit_code == 0, result.output
    assert _events(db) == _events(local) and len(_events(db)) > 100
    with Store(db, read_only=True) as a, Store(local, read_only=True) as b:
        assert a.counts()["documents"] == 16
        assert a.cross_document_counts() == b.cross_document_counts()
    assert not (tmp_path / "dask.duckdb.parts").exists()  # parts are loaded, then removed


def test_a_part_of_encoded_rows_gives_back_the_same_rows(tmp_path, resources):
    from khaldun.store import EncodedResult, encode_result

    docs = [d for d in iter_documents(sample_articles()[:2]) if isinstance(d, Document)]
    rows = [encode_result(r) for r in code_batch(docs, resources)]
    back = read_part(write_part(rows, part_path(tmp_path, 3)))
    assert all(isinstance(r, EncodedResult) for r in back) and back == rows
    assert sum(len(r.events) for r in back) > 0
