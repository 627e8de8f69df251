"""The whole per-document path and the run loop: bad input, re-runs, interruptions."""

from __future__ import annotations

import json

import pytest

from khaldun import pipeline
from khaldun.pipeline import run
from khaldun.store import Store

ARTICLE_A = """Jordan Condemns Attack on Embassy in Baghdad
Posted on 12 June 2017

Jordan's foreign minister Ayman Safadi condemned on Sunday an attack on the Jordanian embassy in Baghdad.

Iraqi police arrested three men near the building, officials said.

Leave a comment
"""

ARTICLE_B = """Egypt and Sudan Hold Talks on Nile Dam
2017-06-14

Egyptian Foreign Minister Sameh Shoukry met his Sudanese counterpart Ibrahim Ghandour in Khartoum on Tuesday.

The two ministers agreed to hold further talks next month.
"""


@pytest.fixture()
def corpus(tmp_path):
    d = tmp_path / "corpus"
    (d / "nested").mkdir(parents=True)
    (d / "a.txt").write_text(ARTICLE_A, encoding="utf-8")
    (d / "nested" / "b.txt").write_text(ARTICLE_B, encoding="utf-8")
    lines = [json.dumps({"id": "r1", "text": "Turkish jets struck Kurdish militants in northern Iraq on Monday.",
                         "published": "2017-06-13", "outlet": "Test Wire"}),
             "{not json",
             json.dumps({"id": "r3", "title": "no text field"})]
    (d / "wire.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (d / "empty.txt").write_text("", encoding="utf-8")
    (d / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (d / "latin1.txt").write_bytes("Caf\xe9 in Beirut".encode("latin-1"))
    (d / "report.pdf").write_bytes(b"%PDF-1.4")
    return d


def test_run_codes_good_documents_and_reports_each_bad_one(corpus, tmp_path, resources):
    with Store(tmp_path / "k.duckdb") as store:
        summary = run([corpus], store, resources)
        counts = store.counts()
    assert summary.documents == 3
    reasons = {p.path.split("/")[-1] + (f":{p.line}" if p.line else ""): p.reason for p in summary.problems}
    assert set(reasons) == {"wire.jsonl:2", "wire.jsonl:3", "empty.txt", "image.txt", "latin1.txt", "report.pdf"}
    assert "UTF-8" in reasons["latin1.txt"]
    assert summary.events > 0 and counts["events"] == summary.events
    assert counts["problems"] == 6


def test_rerun_adds_nothing_and_loses_nothing(corpus, tmp_path, resources):
    db = tmp_path / "k.duckdb"
    with Store(db) as store:
        run([corpus], store, resources)
        before = store.counts()
        events_before = sorted(e["event_id"] for e in store.iter_events())
    with Store(db) as store:
        again = run([corpus], store, resources)
        after = store.counts()
        events_after = sorted(e["event_id"] for e in store.iter_events())
    assert again.documents == 0 and again.skipped == 3
    assert {k: v for k, v in after.items() if k != "runs"} == {k: v for k, v in before.items() if k != "runs"}
    assert events_after == events_before


def test_interrupted_run_leaves_a_consistent_database_and_resumes(corpus, tmp_path, resources, monkeypatch):
    db = tmp_path / "k.duckdb"
    real = pipeline.code_parsed
    calls = {"n": 0}

    def interrupt_on_second(document, doc, res):
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt
        return real(document, doc, res)

    monkeypatch.setattr(pipeline, "code_parsed", interrupt_on_second)
    with Store(db) as store, pytest.raises(KeyboardInterrupt):
        run([corpus], store, resources, batch_size=1)  # one document per transaction
    with Store(db) as store:
        partial = store.counts()
        assert partial["documents"] == 1
        # every stored event has its evidence and parties: nothing half-written
        assert all(e["evidence"] and e["actor"] for e in store.iter_events())
    monkeypatch.setattr(pipeline, "code_parsed", real)
    with Store(db) as store:
        resumed = run([corpus], store, resources)
        assert resumed.skipped == 1 and resumed.documents == 2
        assert store.counts()["documents"] == 3


def test_a_document_that_fails_to_code_is_reported_and_the_run_goes_on(corpus, tmp_path, resources, monkeypatch):
    real = pipeline.code_parsed

    def fail_on_b(document, doc, res):
        if "Khartoum" in document.text:
            raise ValueError("boom")
        return real(document, doc, res)

    monkeypatch.setattr(pipeline, "code_parsed", fail_on_b)
    with Store(tmp_path / "k.duckdb") as store:
        summary = run([corpus], store, resources)
    assert summary.documents == 2
    assert any("coding failed" in p.reason and p.path.endswith("b.txt") for p in summary.problems)


def test_a_copy_read_in_the_same_chunk_as_its_original_is_recorded_once_stored(tmp_path, resources):
    """Stored-or-not is asked of the store for a chunk of documents at once; a copy whose
    original is coded and stored after that question must still count as a copy."""
    rows = [{"id": "w1", "text": ARTICLE_A, "outlet": "Wire"},
            {"id": "w2", "text": ARTICLE_B, "outlet": "Wire"},
            {"id": "w3", "text": ARTICLE_A, "outlet": "Reprinter"}]
    path = tmp_path / "feed.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    with Store(tmp_path / "k.duckdb") as store:
        summary = run([path], store, resources, batch_size=1)  # each document stored before the next is read
        documents = store.connection.execute("SELECT count(*) FROM documents").fetchall()[0][0]
        copies = store.connection.execute(
            "SELECT outlet, line FROM document_copies ORDER BY line").fetchall()
    assert (summary.documents, summary.duplicates) == (2, 1)
    assert documents == 2
    assert copies == [("Reprinter", 3)]
