"""The page-date warning is stored with the document; older databases gain the column."""

from __future__ import annotations

from pathlib import Path

import duckdb

from khaldun.records import DocResult
from khaldun.store import Store

WARNING = ("text dates point to 2016 (latest explicit date 2016-09-30: 'on September 30, 2016'), "
           "page date 2022-10-07 may be a crawl date")


def _warnings(db_path: Path) -> dict[str, str | None]:
    with Store(db_path, read_only=True) as store:
        rows = store.connection.execute("SELECT doc_id, published_warning FROM documents").fetchall()
    return dict(rows)


def test_warning_is_stored(db_path: Path, doc_a: DocResult, doc_b: DocResult) -> None:
    doc_a.document.published_warning = WARNING
    with Store(db_path) as store:
        store.write(doc_a)
        store.write(doc_b)
    assert _warnings(db_path) == {doc_a.document.doc_id: WARNING, doc_b.document.doc_id: None}


def test_database_without_the_column_gains_it(db_path: Path, doc_a: DocResult, doc_b: DocResult) -> None:
    with Store(db_path) as store:
        store.write(doc_b)
    conn = duckdb.connect(str(db_path))
    conn.execute("ALTER TABLE documents DROP COLUMN published_warning")  # as an older khaldun wrote it
    conn.close()
    doc_a.document.published_warning = WARNING
    with Store(db_path) as store:  # opening it writable adds the column back, empty
        store.write(doc_a)
    assert _warnings(db_path) == {doc_b.document.doc_id: None, doc_a.document.doc_id: WARNING}
