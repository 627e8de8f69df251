"""Per-partition Parquet files of coded documents (written by Dask workers, loaded by the client).

One row per document, in input order: ``position``, ``doc_id``, ``path``,
``line``, ``events`` (how many), ``problem`` (why it failed to code, or null)
and ``result``, the pickled :class:`~khaldun.records.DocResult`, or the rows
the store inserts for it (:class:`~khaldun.store.EncodedResult`, what the Dask
workers write: cheaper to load), null for a problem.  Either stores exactly
what the records give, so the database loaded from the parts is the one a
local run writes; the other columns let you look into a part with DuckDB
(``SELECT path, events, problem FROM 'part-000001.parquet'``).
Parts are our own intermediate files: never load parts from an untrusted source.
"""

from __future__ import annotations

import pickle
from collections.abc import Sequence
from pathlib import Path

import duckdb

from khaldun.execute.base import Coded
from khaldun.records import DocResult, IngestProblem
from khaldun.store import EncodedResult

COLUMNS = ("position", "doc_id", "path", "line", "events", "problem", "result")
_TYPES = ("INTEGER", "VARCHAR", "VARCHAR", "BIGINT", "INTEGER", "VARCHAR", "BLOB")


def part_path(directory: str | Path, index: int) -> Path:
    """The file of partition ``index`` in ``directory``."""
    return Path(directory) / f"part-{index:06d}.parquet"


def write_part(items: Sequence[Coded | EncodedResult], path: str | Path) -> Path:
    """Write one partition's coded documents to ``path`` (atomically: a temporary name, then rename)."""
    path = Path(path)
    rows = []
    for n, item in enumerate(items):
        if isinstance(item, IngestProblem):
            rows.append((n, None, item.path, item.line, 0, item.reason, None))
        else:
            doc = item.document
            rows.append((n, doc.doc_id, doc.path, doc.line, len(item.events), None,
                         pickle.dumps(item, protocol=pickle.HIGHEST_PROTOCOL)))
    tmp = path.with_name(path.name + ".tmp")
    with duckdb.connect() as conn:
        conn.execute("CREATE TABLE part (" + ", ".join(f'"{c}" {t}' for c, t in zip(COLUMNS, _TYPES)) + ")")
        if rows:
            select = ", ".join(f"unnest(?::{t}[])" for t in _TYPES)
            conn.execute(f"INSERT INTO part SELECT {select}", [list(col) for col in zip(*rows)])
        conn.execute("COPY (SELECT * FROM part ORDER BY position) TO ? (FORMAT parquet)", [str(tmp)])
    tmp.replace(path)
    return path


def read_part(path: str | Path) -> list[Coded | EncodedResult]:
    """The coded documents of one partition file, in input order."""
    with duckdb.connect() as conn:
        rows = conn.execute("SELECT path, line, problem, result FROM read_parquet(?) ORDER BY position",
                            [str(path)]).fetchall()
    out: list[Coded | EncodedResult] = []
    for doc_path, line, problem, blob in rows:
        if problem is not None:
            out.append(IngestProblem(doc_path, problem, line))
        else:
            result = pickle.loads(blob)
            if not isinstance(result, (DocResult, EncodedResult)):
                raise TypeError(f"{path}: a row holds {type(result).__name__}, not a DocResult")
            out.append(result)
    return out
