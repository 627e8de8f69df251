"""Exports in every format, parsed back with ordinary readers."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import duckdb
import pytest

from khaldun.records import DocResult, Event, Provenance
from khaldun.store import Store, export_actors, export_events
from khaldun.store._dyadic import DYADIC_COLUMNS
from khaldun.store._export import ACTOR_CSV_COLUMNS, EVENT_CSV_COLUMNS


@pytest.fixture
def full(store: Store, doc_a: DocResult, doc_b: DocResult, doc_hostile: DocResult) -> Store:
    store.write(doc_a)
    store.write(doc_b)
    store.write(doc_hostile)
    return store


def test_jsonl_to_stream_equals_iter_events(full: Store) -> None:
    out = io.StringIO()
    assert export_events(full, "jsonl", out) == 6
    lines = out.getvalue().splitlines()
    assert [json.loads(line) for line in lines] == list(full.iter_events())
    assert "O'Brien" in out.getvalue()


def test_jsonl_to_path_keeps_unicode(store: Store, draft: Any, tmp_path: Path) -> None:
    sentence = "Protesters in Qom chanted \u201cno to war\u201d outside the governor\u2019s office."
    d = draft("wire/qom.txt", [sentence])
    ref = d.party(0, "Protesters", "protesters", "IRN", ["CVL"])
    evidence = d.evidence(0, "chanted")
    d.events.append(
        Event(
            "ev-qom",
            "PROTEST",
            "141",
            3,
            [ref],
            [],
            [evidence],
            Provenance("verb-frame", "chanted", "chant", "verbs.yaml:chant"),
        )
    )
    store.write(d.result())
    path = tmp_path / "events.jsonl"
    assert export_events(store, "jsonl", path) == 1
    [record] = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert record["evidence"][0]["sentence"] == d.sentences[0].text
    assert "\u201cno to war\u201d" in path.read_text(encoding="utf-8")


def test_jsonl_dyadic(full: Store) -> None:
    out = io.StringIO()
    written = export_events(full, "jsonl", out, dyadic=True)
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert written == len(rows) == 8
    assert all(list(r) == list(DYADIC_COLUMNS) for r in rows)


def test_csv_events(full: Store, doc_hostile: DocResult, tmp_path: Path) -> None:
    path = tmp_path / "events.csv"
    assert export_events(full, "csv", path) == 6
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        rows = {row["event_id"]: row for row in reader}
        assert reader.fieldnames == list(EVENT_CSV_COLUMNS)
    praise = rows["ev-iransyria-praise"]
    assert praise["actor"] == "Russia (RUS); Iran (IRN)"
    assert praise["recipient"] == "Syrian Arab Army (SYR)"
    assert (praise["location"], praise["location_country"]) == ("Palmyra", "SYR")
    assert float(praise["lat"]) == pytest.approx(34.56)
    assert praise["date"] == ""
    assert praise["evidence_sentence"].startswith("Russia and Iran both praised")
    assert praise["evidence_doc_path"] == "wire/2016-03-29-iran-syria.txt"
    assert praise["evidence_count"] == "1"
    appeal = rows["ev-idlib-appeal"]
    assert appeal["recipient"] == "allied forces"
    advisers = rows["ev-iransyria-advisers"]
    assert (advisers["future"], advisers["negated"]) == ("true", "false")
    assert advisers["contexts"] == "military"
    hostile = rows["ev-'; DROP TABLE evidence; --"]
    assert hostile["actor"] == "O'Brien\"; DROP TABLE events; -- (IRL)"
    assert hostile["contexts"] == "it's; odd"
    assert hostile["evidence_sentence"] == doc_hostile.events[0].evidence[0].sentence


def test_csv_dyadic(full: Store) -> None:
    out = io.StringIO()
    assert export_events(full, "csv", out, dyadic=True) == 8
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert len(rows) == 8
    call = [r for r in rows if r["event_id"] == "ev-iransyria-call"]
    assert [(r["source_country"], r["target_country"]) for r in call] == [
        ("IRN", "SYR"),
        ("SYR", "IRN"),
    ]
    assert call[0]["source_sectors"] == "GOV;MIL"
    hostile = next(r for r in rows if r["source_country"] == "IRL")
    assert hostile["target_name"] == ""


def test_parquet_events_keep_nesting(full: Store, tmp_path: Path) -> None:
    path = tmp_path / "events.parquet"
    assert export_events(full, "parquet", path) == 6
    with duckdb.connect() as conn:
        rel = conn.execute("SELECT * FROM read_parquet(?)", [str(path)])
        columns = [d[0] for d in rel.description]
        rows = rel.fetchall()
    records = list(full.iter_events())
    assert columns == list(records[0])
    assert [r[0] for r in rows] == [r["event_id"] for r in records]
    by_id = {r[0]: dict(zip(columns, r, strict=True)) for r in rows}
    praise = by_id["ev-iransyria-praise"]
    assert [a["name"] for a in praise["actor"]] == ["Russia", "Iran"]
    assert praise["recipient"][0]["sectors"] == ["MIL"]
    assert praise["location"]["geonameid"] == 163345
    assert by_id["ev-iransyria-call"]["recipient"] == []
    assert by_id["ev-iransyria-call"]["location"] is None
    hostile = by_id["ev-'; DROP TABLE evidence; --"]
    assert hostile["actor"][0]["name"] == "O'Brien\"; DROP TABLE events; --"
    for record in records:
        parquet = by_id[record["event_id"]]
        assert parquet["evidence"] == record["evidence"]
        assert parquet["actor"] == record["actor"]


def test_parquet_dyadic(full: Store, tmp_path: Path) -> None:
    path = tmp_path / "dyads.parquet"
    assert export_events(full, "parquet", path, dyadic=True) == 8
    with duckdb.connect() as conn:
        rel = conn.execute("SELECT * FROM read_parquet(?)", [str(path)])
        columns = [d[0] for d in rel.description]
        rows = [dict(zip(columns, r, strict=True)) for r in rel.fetchall()]
    assert columns == list(DYADIC_COLUMNS)
    assert rows == list(full.iter_events(dyadic=True))


def test_parquet_needs_a_path(full: Store) -> None:
    with pytest.raises(ValueError, match="path"):
        export_events(full, "parquet", io.StringIO())


def test_unknown_format_is_refused(full: Store) -> None:
    with pytest.raises(ValueError, match="xml"):
        export_events(full, "xml", io.StringIO())
    with pytest.raises(ValueError, match="parquet"):
        export_actors(full, "parquet", io.StringIO())


def test_export_actors_jsonl_and_csv(full: Store) -> None:
    out = io.StringIO()
    assert export_actors(full, "jsonl", out) == 8
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert records == list(full.iter_actors())
    out = io.StringIO()
    assert export_actors(full, "csv", out) == 8
    reader = csv.DictReader(io.StringIO(out.getvalue()))
    rows = {r["actor_id"]: r for r in reader}
    assert reader.fieldnames == list(ACTOR_CSV_COLUMNS)
    iran = rows["state:IRN"]
    assert iran["variants"] == "Iran;Tehran;Islamic Republic of Iran"
    assert iran["sectors"] == "GOV;MIL"
    assert (iran["mentions"], iran["documents"]) == ("5", "2")
    assert json.loads(iran["roles"])[0]["text"] == "Islamic Republic of Iran"
    assert rows["person:obrien"]["name"] == "O'Brien\"; DROP TABLE events; --"


def test_export_to_stdout(full: Store, capsys: pytest.CaptureFixture[str]) -> None:
    assert export_events(full, "jsonl", None) == 6
    assert len(capsys.readouterr().out.splitlines()) == 6


def test_empty_store_exports_nothing(store: Store, tmp_path: Path) -> None:
    out = io.StringIO()
    assert export_events(store, "csv", out) == 0
    assert out.getvalue().strip() == ",".join(EVENT_CSV_COLUMNS)
    assert export_events(store, "parquet", tmp_path / "empty.parquet") == 0
    assert export_events(store, "parquet", tmp_path / "empty-dyads.parquet", dyadic=True) == 0
