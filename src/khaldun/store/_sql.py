"""Small helpers for parameterised DuckDB statements.

Table and column names passed here are constants of this package, never user
input; every value travels as a bound parameter.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import duckdb

#: Rows per multi-row ``INSERT ... VALUES`` statement (much faster than executemany).
CHUNK_ROWS = 200


def quote_ident(name: str) -> str:
    """Quote an identifier (our own constant column names, some of them reserved words)."""
    return '"' + name.replace('"', '""') + '"'


def insert_rows(
    conn: duckdb.DuckDBPyConnection,
    table: str,
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
) -> None:
    """Insert ``rows`` into ``table`` in chunks of multi-row parameterised VALUES."""
    if not rows:
        return
    column_list = ", ".join(quote_ident(c) for c in columns)
    placeholder = "(" + ", ".join("?" for _ in columns) + ")"
    for begin in range(0, len(rows), CHUNK_ROWS):
        chunk = rows[begin : begin + CHUNK_ROWS]
        for row in chunk:
            if len(row) != len(columns):
                raise ValueError(f"{table}: row has {len(row)} values for {len(columns)} columns")
        sql = f"INSERT INTO {quote_ident(table)} ({column_list}) VALUES " + ", ".join(
            placeholder for _ in chunk
        )
        conn.execute(sql, [value for row in chunk for value in row])


def scalar(conn: duckdb.DuckDBPyConnection, sql: str, params: Sequence[Any] = ()) -> Any:
    """Run a query and return the first column of its first row (None if no row)."""
    row = conn.execute(sql, list(params)).fetchone()
    return None if row is None else row[0]


def stream(
    conn: duckdb.DuckDBPyConnection,
    sql: str,
    params: Sequence[Any] = (),
    *,
    batch: int = 500,
) -> Iterator[tuple[Any, ...]]:
    """Yield the rows of a query in batches, on a cursor of its own.

    The cursor keeps the result open while the caller goes on using ``conn``.
    """
    cursor = conn.cursor()
    try:
        cursor.execute(sql, list(params))
        while rows := cursor.fetchmany(batch):
            yield from rows
    finally:
        cursor.close()
