"""Writing DocResults: round trip, idempotence, duplicate events, hostile text, real articles."""

from __future__ import annotations

import dataclasses
import hashlib
from pathlib import Path

from khaldun.records import DocResult, Document, Sentence
from khaldun.store import Store


def test_write_stores_every_record(store: Store, doc_a: DocResult) -> None:
    assert store.write(doc_a) is True
    assert store.has_document(doc_a.document.doc_id)
    assert not store.has_document("0000000000000000")
    assert store.known_doc_ids() == {doc_a.document.doc_id}
    assert store.counts() == {
        "documents": 1,
        "sentences": len(doc_a.sentences),
        "mentions": len(doc_a.mentions),
        "actors": len(doc_a.actors),
        "events": len(doc_a.events),
        "problems": 0,
    }


def test_document_row_round_trip(store: Store, doc_a: DocResult) -> None:
    store.write(doc_a)
    doc = doc_a.document
    row = store.connection.execute(
        """
        SELECT path, title, title_source, published, published_source, url, outlet,
               source_format, line, external_id, text, n_chars, removed, ingested_at
        FROM documents WHERE doc_id = ?
        """,
        [doc.doc_id],
    ).fetchone()
    assert row[:12] == (
        doc.path,
        doc.title,
        doc.title_source,
        doc.published,
        doc.published_source,
        doc.url,
        doc.outlet,
        doc.source_format,
        doc.line,
        doc.external_id,
        doc.text,
        len(doc.text),
    )
    assert row[12] == ["share-buttons"]
    assert row[13] is not None


def test_sentences_and_mentions_keep_offsets(store: Store, doc_a: DocResult) -> None:
    store.write(doc_a)
    conn = store.connection
    text = conn.execute("SELECT text FROM documents").fetchone()[0]
    sentences = conn.execute(
        'SELECT idx, "start", "end", text FROM sentences ORDER BY idx'
    ).fetchall()
    assert [s[0] for s in sentences] == list(range(len(doc_a.sentences)))
    assert all(text[start:end] == body for _, start, end, body in sentences)
    mentions = conn.execute(
        'SELECT "start", "end", text, label, actor_id, rule FROM mentions ORDER BY "start"'
    ).fetchall()
    assert len(mentions) == len(doc_a.mentions)
    assert all(text[start:end] == surface for start, end, surface, *_ in mentions)
    assert ("Tehran", "GPE", "state:IRN", "model") in [m[2:] for m in mentions]


def test_second_write_of_same_document_is_a_no_op(store: Store, doc_a: DocResult) -> None:
    assert store.write(doc_a) is True
    before = store.counts()
    actors_before = list(store.iter_actors())
    assert store.write(doc_a) is False
    assert store.counts() == before
    assert list(store.iter_actors()) == actors_before


def test_reopened_store_keeps_data(db_path: Path, doc_a: DocResult, doc_b: DocResult) -> None:
    with Store(db_path) as store:
        store.write(doc_a)
    with Store(db_path) as store:
        assert store.write(doc_b) is True
        assert store.write(doc_a) is False
        assert store.known_doc_ids() == {doc_a.document.doc_id, doc_b.document.doc_id}
        assert store.counts()["events"] == len(doc_a.events) + len(doc_b.events)


def test_event_id_seen_before_keeps_the_first(
    store: Store, doc_a: DocResult, doc_b: DocResult
) -> None:
    clash = dataclasses.replace(doc_b.events[0], event_id=doc_a.events[0].event_id)
    doc_b.events = [clash, doc_b.events[1], dataclasses.replace(doc_b.events[1])]
    store.write(doc_a)
    assert store.write(doc_b) is True
    assert store.counts()["events"] == len(doc_a.events) + 1
    kept = store.get_event(doc_a.events[0].event_id)
    assert kept is not None
    assert kept["event_type"] == "CONSULT"
    assert [e["doc_id"] for e in kept["evidence"]] == [doc_a.document.doc_id]
    assert len(kept["actor"]) == 2


def test_sql_metacharacters_are_stored_intact(store: Store, doc_hostile: DocResult) -> None:
    result = doc_hostile
    assert store.write(result) is True
    assert store.counts()["events"] == 1
    event = store.get_event(result.events[0].event_id)
    assert event is not None
    assert event["actor"][0]["name"] == "O'Brien\"; DROP TABLE events; --"
    assert event["evidence"][0]["sentence"] == result.events[0].evidence[0].sentence
    assert event["evidence"][0]["doc_path"] == result.document.path
    assert event["evidence"][0]["outlet"] == "Bobby'); DROP TABLE documents;--"
    assert event["contexts"] == ["it's; odd"]
    assert event["provenance"]["lexicon"] == "verbs.yaml:reject' OR 1=1 --"
    [actor] = store.iter_actors()
    assert actor["variants"] == ["O'Brien\"; DROP TABLE events; --", "O'Brien"]
    stored_text = store.connection.execute("SELECT text FROM documents").fetchone()[0]
    assert stored_text == result.document.text
    assert store.has_document(result.document.doc_id)


def test_real_articles_are_stored_byte_for_byte(tmp_path: Path, shared_dir: Path) -> None:
    seeds = sorted((shared_dir / "corpus" / "seeds").glob("*.txt"))
    assert seeds, "no seed articles"
    with Store(tmp_path / "seeds.duckdb") as store:
        originals = {}
        for path in seeds:
            text = path.read_text(encoding="utf-8").strip()
            doc_id = hashlib.sha256(text.encode()).hexdigest()[:16]
            paragraphs, cursor, sentences = text.split("\n\n"), 0, []
            for index, paragraph in enumerate(paragraphs):
                start = text.index(paragraph, cursor)
                cursor = start + len(paragraph)
                sentences.append(Sentence(doc_id, index, start, cursor, paragraph))
            doc = Document(doc_id=doc_id, path=str(path), text=text)
            assert store.write(DocResult(doc, sentences)) is True
            originals[doc_id] = text
        rows = store.connection.execute("SELECT doc_id, text, n_chars FROM documents").fetchall()
        assert {doc_id: text for doc_id, text, _ in rows} == originals
        assert all(n == len(text) for _, text, n in rows)
        spans = store.connection.execute(
            'SELECT d.text, s."start", s."end", s.text'
            " FROM sentences s JOIN documents d USING (doc_id)"
        ).fetchall()
        assert spans and all(text[a:b] == body for text, a, b, body in spans)
