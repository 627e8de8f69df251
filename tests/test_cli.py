"""The `khaldun` command as a user runs it."""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from khaldun.cli import app

runner = CliRunner()

EVENT_KEYS = ["event_id", "event_type", "mode", "contexts", "cameo", "quad", "date", "date_precision",
              "actor", "recipient", "location", "negated", "future", "hypothetical", "historical",
              "confidence", "reports", "documents", "independent_sources", "evidence"]

ARTICLE = """Iran Hosts Talks With Turkey
Tue Mar 29, 2016 16:27:03

Iranian Foreign Minister Mohammad Javad Zarif met his Turkish counterpart Mevlut Cavusoglu in Tehran on Sunday.

On Monday, Turkish jets struck Kurdish militants in northern Iraq, the army said.

Zarif urged Ankara to halt the strikes.
"""


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    d = tmp_path_factory.mktemp("cli")
    (d / "in").mkdir()
    (d / "in" / "talks.txt").write_text(ARTICLE, encoding="utf-8")
    (d / "in" / "broken.jsonl").write_text("{oops\n", encoding="utf-8")
    path = d / "k.duckdb"
    result = runner.invoke(app, ["run", str(d / "in"), "--db", str(path), "--quiet"])
    assert result.exit_code == 0, result.output
    assert "broken.jsonl:1" in result.output and str(path) in result.output
    return path


def _events(db, *args):
    result = runner.invoke(app, ["events", "--db", str(db), *args])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


def test_events_jsonl_has_the_documented_record(db):
    events = _events(db)
    assert events and all(list(e) == EVENT_KEYS for e in events)
    consult = next(e for e in events if e["event_type"] == "CONSULT")
    assert {a["country"] for a in consult["actor"]} == {"IRN", "TUR"}
    assert consult["date"] == "2016-03-27" and consult["date_precision"] == "day"
    assert consult["location"]["name"] == "Tehran" and consult["location"]["country"] == "IRN"
    ev = consult["evidence"][0]
    assert ev["doc_path"].endswith("talks.txt") and "Zarif" in ev["sentence"]


def test_dyadic_and_csv_exports(db, tmp_path):
    rows = _events(db, "--dyadic")
    assert rows and all("source_country" in r and "target_country" in r for r in rows)
    out = tmp_path / "events.csv"
    result = runner.invoke(app, ["events", "--db", str(db), "--format", "csv", "--out", str(out)])
    assert result.exit_code == 0
    table = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert len(table) == len(_events(db)) and "event_type" in table[0]


def test_parquet_needs_an_output_file(db, tmp_path):
    assert runner.invoke(app, ["events", "--db", str(db), "--format", "parquet"]).exit_code == 2
    out = tmp_path / "e.parquet"
    assert runner.invoke(app, ["events", "--db", str(db), "--format", "parquet", "--out", str(out)]).exit_code == 0
    assert out.read_bytes()[:4] == b"PAR1"


def test_actors_lists_canonical_actors_with_variants(db):
    result = runner.invoke(app, ["actors", "--db", str(db)])
    assert result.exit_code == 0
    actors = [json.loads(line) for line in result.stdout.splitlines()]
    zarif = next(a for a in actors if a["name"] == "Mohammad Javad Zarif")
    assert zarif["country"] == "IRN" and zarif["kind"] == "person"
    assert {"Mohammad Javad Zarif", "Zarif"} <= set(zarif["variants"]) and zarif["mentions"] >= 2
    assert {"actor_id", "name", "country", "sectors", "kind", "variants", "mentions"} <= set(zarif)


def test_show_explains_why_an_event_was_coded(db):
    event = next(e for e in _events(db) if e["event_type"] == "REQUEST")
    result = runner.invoke(app, ["show", event["event_id"], "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "why coded" in result.stdout and "urged" in result.stdout and "talks.txt" in result.stdout
    assert "place:" in result.stdout
    assert runner.invoke(app, ["show", "nope", "--db", str(db)]).exit_code == 1


def test_missing_database_is_a_clear_error(tmp_path):
    result = runner.invoke(app, ["events", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 1 and "does not exist" in result.output


def test_run_with_only_bad_input_exits_non_zero(tmp_path):
    (tmp_path / "x.bin").write_bytes(b"\x00\x01")
    result = runner.invoke(app, ["run", str(tmp_path / "x.bin"), "--db", str(tmp_path / "k.duckdb"), "-q"])
    assert result.exit_code == 1


def test_default_run_codes_the_bundled_sample_corpus(tmp_path):
    db = tmp_path / "sample.duckdb"
    result = runner.invoke(app, ["run", "--db", str(db), "--quiet"])
    assert result.exit_code == 0, result.output
    events = _events(db)
    docs = {e["evidence"][0]["doc_path"] for e in events}
    assert len(docs) >= 14  # every article of the sample corpus yields events
    assert "skipped" not in result.output  # the sample corpus is clean input
    # the summary says what the cross-document steps made
    assert "distinct events" in result.output and "stories" in result.output
    stories = runner.invoke(app, ["stories", "--db", str(db), "--format", "jsonl"])
    assert stories.exit_code == 0 and len(stories.stdout.splitlines()) >= 10
