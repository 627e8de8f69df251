"""Small helpers for parameterised DuckDB statements.

Table and column names passed here are constants of this package, never user
input; every value travels as a bound parameter.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

import duckdb
import numpy as np

from khaldun.store._schema import schema_column_types


def quote_ident(name: str) -> str:
    """Quote an identifier (our own constant column names, some of them reserved words)."""
    return '"' + name.replace('"', '""') + '"'


def insert_rows(
    conn: duckdb.DuckDBPyConnection,
    table: str,
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
) -> None:
    """Insert ``rows`` into ``table`` in one statement, scanning one NumPy array per column.

    DuckDB reads a dict of NumPy object arrays as a table (a replacement scan of
    the local variable ``_khaldun_rows``: no catalogue entry to make and drop),
    about twice as fast as binding one list per column (``unnest(?::T[])``) and
    a hundred times as fast as multi-row ``VALUES``.  Each column is cast to the
    table's own type, so what is stored does not depend on how DuckDB reads the
    Python values.
    """
    if not rows:
        return
    width = len(columns)
    for row in rows:
        if len(row) != width:
            raise ValueError(f"{table}: row has {len(row)} values for {width} columns")
    types = column_types(conn, table)
    _khaldun_rows = {f"c{i}": _objects(values, len(rows)) for i, values in enumerate(zip(*rows))}  # noqa: F841
    column_list = ", ".join(quote_ident(c) for c in columns)
    select = ", ".join(f"CAST(c{i} AS {types[c]})" for i, c in enumerate(columns))
    conn.execute(f"INSERT INTO {quote_ident(table)} ({column_list}) SELECT {select} FROM _khaldun_rows")


def _objects(values: Sequence[Any], n: int) -> np.ndarray:
    """One column as a NumPy object array (lists stay whole values, never a second axis)."""
    out = np.empty(n, dtype=object)
    out[:] = values
    return out


def column_types(conn: duckdb.DuckDBPyConnection, table: str) -> Mapping[str, str]:
    """SQL types of a table's columns: our schema's, else from the catalogue (our own table names only)."""
    known = schema_column_types().get(table)
    if known is not None:
        return known
    rows = conn.execute(
        "SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = ?", [table]
    ).fetchall()
    return dict(rows)


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


def among(column: str, ids: Collection[str] | None) -> tuple[str, list[Any]]:
    """A WHERE condition keeping the rows whose ``column`` is one of ``ids``, and its
    parameters; with None, every row (what the cross-document steps use for their scope)."""
    if ids is None:
        return "true", []
    return f"{column} IN (SELECT unnest(?::VARCHAR[]))", [sorted(ids)]


def delete_among(conn: duckdb.DuckDBPyConnection, table: str, column: str, ids: Collection[str]) -> None:
    """Delete the rows of ``table`` whose ``column`` is one of ``ids`` (nothing when empty)."""
    if ids:
        conn.execute(f"DELETE FROM {quote_ident(table)} WHERE {column} IN (SELECT unnest(?::VARCHAR[]))",
                     [sorted(ids)])


@contextmanager
def transaction(conn: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """One transaction: committed when the block ends, rolled back (and re-raised) on error."""
    conn.execute("BEGIN TRANSACTION")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def replace_tables(conn: duckdb.DuckDBPyConnection,
                   tables: dict[str, tuple[Sequence[str], Sequence[Sequence[Any]]]]) -> None:
    """Replace the whole content of each table with the given rows, all in one transaction.

    What the cross-document steps use to store what they recomputed.
    """
    with transaction(conn):
        for table, (columns, rows) in tables.items():
            conn.execute(f"DELETE FROM {quote_ident(table)}")
            insert_rows(conn, table, columns, rows)
