"""Writing one :class:`~khaldun.records.DocResult` inside one transaction.

:func:`write_result` is the only entry point; the ``insert_*`` helpers each fill
one table and are looked up at call time, so a test can replace one of them to
make a write fail halfway through.  What is written is the rows of
:mod:`khaldun.store._rows`: made here from a :class:`~khaldun.records.DocResult`,
or already made by the worker process that coded the document.
"""

from __future__ import annotations

import dataclasses
import functools
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

import duckdb

from khaldun.records import DocResult, Document
from khaldun.store._rows import ActorRow, EncodedResult, EventRows, encoded, to_json
from khaldun.store._sql import insert_rows

__all__ = ["insert_documents", "insert_events", "insert_mentions", "insert_quotes", "insert_sentences",
           "to_json", "upsert_actors", "write_result", "write_results"]


def write_result(conn: duckdb.DuckDBPyConnection, result: DocResult | EncodedResult, now: datetime) -> bool:
    """Store ``result`` atomically; return False (and change nothing) if its document is stored.

    On any exception the transaction is rolled back and the exception re-raised.
    """
    return write_results(conn, [result], now)[0]


def write_results(
    conn: duckdb.DuckDBPyConnection, results: Sequence[DocResult | EncodedResult], now: datetime
) -> list[bool]:
    """Store a batch of documents in one transaction: all of them, or (on error) none.

    Documents already stored (or repeated in the batch) are skipped: their
    flag in the returned list is False.  Every statement covers the whole batch,
    which is what makes bulk loading fast in DuckDB.  Each result is a
    document's records or their rows (:func:`~khaldun.store._rows.encode_result`).
    """
    if not results:
        return []
    conn.execute("BEGIN TRANSACTION")
    try:
        ids = [r.document.doc_id for r in results]
        stored = {
            row[0]
            for row in conn.execute(
                "SELECT doc_id FROM documents WHERE doc_id IN (SELECT unnest(?::VARCHAR[]))", [ids]
            ).fetchall()
        }
        flags: list[bool] = []
        fresh: list[EncodedResult] = []
        for result in results:
            new = result.document.doc_id not in stored
            stored.add(result.document.doc_id)
            flags.append(new)
            if new:
                rows = encoded(result)
                _check_doc_ids(rows)
                fresh.append(rows)
        if fresh:
            insert_documents(conn, [r.document for r in fresh], now)
            insert_sentences(conn, [s for r in fresh for s in r.sentences])
            insert_mentions(conn, [m for r in fresh for m in r.mentions])
            upsert_actors(conn, fresh)
            insert_events(conn, [e for r in fresh for e in r.events])
            insert_quotes(conn, [q for r in fresh for q in r.quotes])
            insert_rows(conn, "quote_keys", ("quote_id", "key"), [k for r in fresh for k in r.quote_keys])
            insert_rows(conn, "doc_fingerprints", ("doc_id", "fingerprint"),
                        [(r.document.doc_id, r.fingerprint) for r in fresh if r.fingerprint])
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
    return flags


def _check_doc_ids(result: EncodedResult) -> None:
    """Refuse a result whose sentences or mentions belong to another document."""
    doc_id = result.document.doc_id
    for kind, rows in (("Sentence", result.sentences), ("Mention", result.mentions)):
        for row in rows:
            if row[0] != doc_id:
                raise ValueError(f"{kind} of document {row[0]!r} in the result of {doc_id!r}")


def insert_documents(conn: duckdb.DuckDBPyConnection, docs: Sequence[Document], now: datetime) -> None:
    """Insert the ``documents`` rows."""
    insert_rows(
        conn,
        "documents",
        (
            "doc_id", "path", "title", "title_source", "published", "published_source",
            "published_warning", "url",
            "outlet", "source_format", "line", "external_id", "text", "n_chars", "ingested_at",
            "removed",
        ),
        [(
            doc.doc_id, doc.path, doc.title, doc.title_source, doc.published,
            doc.published_source, doc.published_warning, doc.url, doc.outlet, doc.source_format, doc.line,
            doc.external_id, doc.text, len(doc.text), now, list(doc.removed),
        ) for doc in docs],
    )  # fmt: skip


def insert_sentences(conn: duckdb.DuckDBPyConnection, rows: Sequence[tuple[Any, ...]]) -> None:
    """Insert the ``sentences`` rows."""
    insert_rows(conn, "sentences", ("doc_id", "idx", "start", "end", "text"), rows)


def insert_mentions(conn: duckdb.DuckDBPyConnection, rows: Sequence[tuple[Any, ...]]) -> None:
    """Insert the ``mentions`` rows."""
    insert_rows(conn, "mentions",
                ("doc_id", "sentence_index", "start", "end", "text", "label", "actor_id", "rule"), rows)


def upsert_actors(conn: duckdb.DuckDBPyConnection, results: Sequence[EncodedResult]) -> None:
    """Record each document's actors and merge them into the shared ``actors`` table.

    ``doc_actors`` holds one count per (document, actor); ``actors.mentions`` is
    their sum: the stored sum plus the counts of this batch's documents, which are
    new (a stored document is skipped before), so nothing is counted twice and
    ``doc_actors``, which grows with the database, is never summed again.  An
    actor's per-document count is :attr:`Actor.mentions`, or, when that is 0, the
    number of this document's mentions that resolve to it (counted when the
    result was encoded).  Stored rows are merged in Python and rewritten with
    one delete and one insert.
    """
    doc_rows = [(r.document.doc_id, actor_id, n) for r in results for actor_id, n in r.doc_actors]
    actors = _merge_duplicates([a for r in results for a in r.actors])
    if not actors:
        return
    insert_rows(conn, "doc_actors", ("doc_id", "actor_id", "mentions"), doc_rows)
    ids = [a[0] for a in actors]
    existing = {
        row[0]: row[1:]
        for row in conn.execute(
            "SELECT actor_id, name, kind, country, sectors, variants, roles, source, mentions FROM actors "
            "WHERE actor_id IN (SELECT unnest(?::VARCHAR[]))",
            [ids],
        ).fetchall()
    }
    added: Counter[str] = Counter()  # this batch's mentions of each actor
    for _, actor_id, n in doc_rows:
        added[actor_id] += n
    rows = []
    for actor_id, a_name, a_kind, a_country, a_sectors, a_variants, roles, _, a_source in actors:
        if actor_id in existing:
            name, kind, country, sectors, variants, stored_roles, source, mentions = existing[actor_id]
            rows.append((actor_id, name, kind or a_kind, country or a_country,
                         _union(sectors or [], a_sectors), _union(variants or [], a_variants),
                         to_json(_union(json.loads(stored_roles) if stored_roles else [], roles)),
                         (mentions or 0) + added[actor_id], source))
        else:
            rows.append((actor_id, a_name, a_kind, a_country, a_sectors, a_variants,
                         to_json(roles), added[actor_id], a_source))
    if existing:
        conn.execute("DELETE FROM actors WHERE actor_id IN (SELECT unnest(?::VARCHAR[]))",
                     [list(existing)])
    insert_rows(
        conn,
        "actors",
        ("actor_id", "name", "kind", "country", "sectors", "variants", "roles", "mentions", "source"),
        rows,
    )


def _merge_duplicates(actors: Sequence[ActorRow]) -> list[ActorRow]:
    """Collapse actors listed twice under one id (first name wins, lists unioned, each list
    without repeats).

    Each id's lists are gathered once (linear in the input, however often an
    actor recurs across a batch) and made into one row at the end.
    """
    firsts: dict[str, ActorRow] = {}
    lists: dict[str, tuple[_Distinct, _Distinct, _Distinct]] = {}
    mentions: dict[str, int] = {}
    countries: dict[str, str | None] = {}
    for actor in actors:
        aid = actor[0]
        if aid not in firsts:
            firsts[aid] = actor
            lists[aid] = (_Distinct(), _Distinct(), _Distinct())
            mentions[aid], countries[aid] = actor[7], actor[3]
        else:
            mentions[aid] = max(mentions[aid], actor[7])
            countries[aid] = countries[aid] or actor[3]
        sectors, variants, roles = lists[aid]
        sectors.extend(actor[4])
        variants.extend(actor[5])
        roles.extend(actor[6])
    return [(aid, first[1], first[2], countries[aid], lists[aid][0].items, lists[aid][1].items,
             lists[aid][2].items, mentions[aid], first[8])
            for aid, first in firsts.items()]


class _Distinct:
    """Items in the order first seen, each once (equal items are one: see :func:`_union`)."""

    __slots__ = ("items", "_seen")

    def __init__(self) -> None:
        self.items: list[Any] = []
        self._seen: set[Any] = set()

    def extend(self, items: Iterable[Any]) -> None:
        seen = self._seen
        for item in items:
            if type(item) is str:  # most items (sectors, variants): their own key
                if item in seen:
                    continue
                seen.add(item)
            else:
                try:
                    key = _value_key(item)
                    if key in seen:
                        continue
                    seen.add(key)
                except TypeError:  # an unhashable value somewhere inside: compare with every item kept
                    if item in self.items:
                        continue
            self.items.append(item)


def _union(first: Iterable[Any], second: Iterable[Any]) -> list[Any]:
    """Items of ``first`` then those of ``second`` not seen yet, in order (no duplicates).

    Items are compared by equality, looked up by a hashable key of their value
    (records and dicts included) instead of scanning the list for each one.
    """
    out = _Distinct()
    out.extend(first)
    out.extend(second)
    return out.items


def _value_key(item: Any) -> Any:
    """A hashable key equal for equal items: a record's type and compared field values, a dict's items."""
    if type(item) is str:
        return item
    if isinstance(item, dict):
        return dict, frozenset(item.items())
    names = _compared_fields(type(item))
    if names is None:
        return item
    return type(item), tuple(getattr(item, name) for name in names)


@functools.lru_cache(maxsize=64)
def _compared_fields(cls: type) -> tuple[str, ...] | None:
    """The fields a record type's ``==`` compares (None for a type that is not a record)."""
    if not dataclasses.is_dataclass(cls):
        return None
    return tuple(f.name for f in dataclasses.fields(cls) if f.compare)


def insert_events(conn: duckdb.DuckDBPyConnection, events: Sequence[EventRows]) -> None:
    """Insert events with their parties and evidence; an event id already stored is skipped."""
    ids = [e[0][0] for e in events]
    if not ids:
        return
    # (``events`` has no index: this scans its ids, about 5 ms a batch at 320,000 events)
    stored = {
        row[0]
        for row in conn.execute(
            "SELECT event_id FROM events WHERE event_id IN (SELECT unnest(?::VARCHAR[]))", [ids]
        ).fetchall()
    }
    fresh: list[EventRows] = []
    for event in events:
        if event[0][0] not in stored:
            stored.add(event[0][0])
            fresh.append(event)
    insert_rows(
        conn,
        "events",
        ("event_id", "event_type", "mode", "contexts", "cameo", "quad", "date", "date_precision",
         "date_source", "location", "negated", "future", "hypothetical", "historical",
         "confidence", "provenance"),
        [event for event, _, _ in fresh],
    )  # fmt: skip
    insert_rows(
        conn,
        "event_parties",
        ("event_id", "role", "position", "text", "name", "country", "sectors", "actor_id",
         "start", "end"),
        [party for _, parties, _ in fresh for party in parties],
    )  # fmt: skip
    insert_rows(
        conn,
        "evidence",
        ("event_id", "position", "doc_id", "doc_path", "outlet", "sentence", "start", "end",
         "trigger_start", "trigger_end"),
        [row for _, _, evidence in fresh for row in evidence],
    )  # fmt: skip


def insert_quotes(conn: duckdb.DuckDBPyConnection, rows: Sequence[tuple[Any, ...]]) -> None:
    """Insert the ``quotes`` rows (one per quote as one document reports it)."""
    insert_rows(conn, "quotes", QUOTE_COLUMNS, rows)


#: Columns of the ``quotes`` table, in insert order.
QUOTE_COLUMNS: tuple[str, ...] = (
    "quote_id", "doc_id", "text", "start", "end", "kind", "speaker_text", "speaker_name",
    "speaker_country", "speaker_sectors", "speaker_actor_id", "speaker_start", "speaker_end",
    "cue", "cue_start", "cue_end", "sentence_index", "rule", "confidence",
)  # fmt: skip
