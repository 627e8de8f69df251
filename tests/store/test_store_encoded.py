"""Results encoded as rows (what a worker process sends back) store exactly what the records store."""

from __future__ import annotations

import dataclasses
import pickle
from pathlib import Path
from typing import Any

import pytest

from khaldun.records import DocResult
from khaldun.store import EncodedResult, Store, encode_result

ARTICLE = """Iran and Syria Sign Defence Pact

Iran's defence minister Hossein Dehqan met his Syrian counterpart Fahd al-Freij in Damascus on Monday.

"We will stand with our Syrian brothers until the end," Dehqan told reporters after the meeting.

Israel condemned the agreement and warned Tehran against sending more weapons to Syria.
"""

REPRINT = """Tehran Pledges Support to Damascus

"We will stand with our Syrian brothers until the end," Dehqan told reporters after the meeting.

Turkish troops shelled Kurdish positions near Afrin on Sunday, the army said.
"""


def _tables(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows (sorted, timestamps left out)."""
    with Store(db, read_only=True) as store:
        conn = store.connection
        tables = [r[0] for r in conn.execute("SELECT table_name FROM duckdb_tables() ORDER BY 1").fetchall()]
        out = {}
        for table in tables:
            if table == "runs":
                continue
            cols = [c for c, t in conn.execute(
                "SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = ? ORDER BY column_index",
                [table]).fetchall() if t != "TIMESTAMP"]
            select = ", ".join(f'"{c}"::VARCHAR' for c in cols)
            out[table] = sorted(conn.execute(f"SELECT {select} FROM {table}").fetchall(), key=repr)
    return out


def _plain_only(value: Any) -> bool:
    """Whether a value is built of plain values only (no records: cheap to unpickle)."""
    if isinstance(value, (list, tuple)):
        return all(_plain_only(v) for v in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and _plain_only(v) for k, v in value.items())
    return value is None or isinstance(value, (str, int, float, bytes))


@pytest.fixture(scope="module")
def coded(resources) -> list[DocResult]:
    from khaldun.pipeline import code_document
    from khaldun.records import Document

    out = []
    for n, text in enumerate((ARTICLE, REPRINT)):
        doc_id = f"{n:016x}"
        out.append(code_document(Document(doc_id=doc_id, path=f"wire/{n}.txt", text=text,
                                          published="2016-03-29", outlet="Gulf Wire"), resources))
    return out


def test_coded_articles_have_every_kind_of_row(coded):
    first = coded[0]
    assert first.events and first.quotes and first.actors and first.mentions and first.fingerprint


def test_encoded_rows_hold_plain_values_only(coded):
    for result in coded:
        rows = encode_result(result)
        for field in dataclasses.fields(EncodedResult):
            if field.name != "document":
                assert _plain_only(getattr(rows, field.name)), field.name
        assert len(rows.events) == len(result.events) and len(rows.quotes) == len(result.quotes)
        assert rows.words == sum(len(s.text.split()) for s in result.sentences)


def test_encoded_results_store_the_same_tables_as_records(coded, tmp_path):
    records, encoded = tmp_path / "records.duckdb", tmp_path / "encoded.duckdb"
    with Store(records) as store:
        assert store.write_many(coded) == [True, True]
        store.link_documents()
        store.group_quotes()
    with Store(encoded) as store:
        # as a worker sends them: pickled and unpickled
        rows = pickle.loads(pickle.dumps([encode_result(r) for r in coded]))
        assert store.write_many(rows) == [True, True]
        store.link_documents()
        store.group_quotes()
    assert _tables(records) == _tables(encoded)


def test_records_and_rows_mix_in_one_batch_and_known_documents_are_skipped(coded, tmp_path):
    with Store(tmp_path / "k.duckdb") as store:
        assert store.write_many([coded[0], encode_result(coded[1])]) == [True, True]
        assert store.write_many([encode_result(coded[0]), coded[1]]) == [False, False]
        counts = store.counts()
    assert counts["documents"] == 2
    assert counts["events"] == len({e.event_id for r in coded for e in r.events})


def test_rows_of_another_document_are_refused(coded, tmp_path):
    rows = encode_result(coded[0])
    rows.mentions[0] = ("someone-else", *rows.mentions[0][1:])
    with Store(tmp_path / "k.duckdb") as store:
        with pytest.raises(ValueError, match="Mention of document 'someone-else'"):
            store.write_many([rows])
        assert store.counts()["documents"] == 0
