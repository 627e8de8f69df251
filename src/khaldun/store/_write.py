"""Writing one :class:`~khaldun.records.DocResult` inside one transaction.

:func:`write_result` is the only entry point; the ``insert_*`` helpers each fill
one table and are looked up at call time, so a test can replace one of them to
make a write fail halfway through.
"""

from __future__ import annotations

import dataclasses
import functools
import json
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

import duckdb

from khaldun.records import Actor, DocResult, Document, Event, Mention, Quote, Sentence
from khaldun.store._sql import insert_rows


def to_json(value: Any) -> str | None:
    """Serialise a record (dataclass), dict or list to JSON text; ``None`` stays ``None``.

    The same text as ``json.dumps(dataclasses.asdict(value))``, without the
    deep copies ``asdict`` makes: the encoder walks lists and dicts itself and
    asks :func:`_json_default` only for the records (and, as ``str``, anything
    else it cannot write), so no plain copy of the value is built first.
    """
    if value is None:
        return None
    return json.dumps(value, ensure_ascii=False, default=_json_default)


def _json_default(value: Any) -> Any:
    """A record as the dict of its fields (the encoder goes on inside); anything else as text."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
    return str(value)


def _plain(value: Any) -> Any:
    """Records as dicts of their fields (in field order), lists and dicts walked; the rest as is."""
    if isinstance(value, (str, int, float)) or value is None:
        return value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def write_result(conn: duckdb.DuckDBPyConnection, result: DocResult, now: datetime) -> bool:
    """Store ``result`` atomically; return False (and change nothing) if its document is stored.

    On any exception the transaction is rolled back and the exception re-raised.
    """
    return write_results(conn, [result], now)[0]


def write_results(
    conn: duckdb.DuckDBPyConnection, results: Sequence[DocResult], now: datetime
) -> list[bool]:
    """Store a batch of documents in one transaction: all of them, or (on error) none.

    Documents already stored (or repeated in the batch) are skipped: their
    flag in the returned list is False.  Every statement covers the whole batch,
    which is what makes bulk loading fast in DuckDB.
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
        flags, fresh = [], []
        for result in results:
            new = result.document.doc_id not in stored
            stored.add(result.document.doc_id)
            flags.append(new)
            if new:
                _check_doc_ids(result)
                fresh.append(result)
        if fresh:
            insert_documents(conn, [r.document for r in fresh], now)
            insert_sentences(conn, [s for r in fresh for s in r.sentences])
            insert_mentions(conn, [m for r in fresh for m in r.mentions])
            upsert_actors(conn, fresh)
            insert_events(conn, [e for r in fresh for e in r.events])
            insert_quotes(conn, [q for r in fresh for q in r.quotes])
            insert_rows(conn, "doc_fingerprints", ("doc_id", "fingerprint"),
                        [(r.document.doc_id, r.fingerprint) for r in fresh if r.fingerprint])
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
    return flags


def _check_doc_ids(result: DocResult) -> None:
    """Refuse a result whose sentences or mentions belong to another document."""
    doc_id = result.document.doc_id
    records: list[Sentence | Mention] = [*result.sentences, *result.mentions]
    for record in records:
        if record.doc_id != doc_id:
            kind = type(record).__name__
            raise ValueError(f"{kind} of document {record.doc_id!r} in the result of {doc_id!r}")


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


def insert_sentences(conn: duckdb.DuckDBPyConnection, sentences: Sequence[Sentence]) -> None:
    """Insert the ``sentences`` rows."""
    insert_rows(
        conn,
        "sentences",
        ("doc_id", "idx", "start", "end", "text"),
        [(s.doc_id, s.index, s.start, s.end, s.text) for s in sentences],
    )


def insert_mentions(conn: duckdb.DuckDBPyConnection, mentions: Sequence[Mention]) -> None:
    """Insert the ``mentions`` rows."""
    insert_rows(
        conn,
        "mentions",
        ("doc_id", "sentence_index", "start", "end", "text", "label", "actor_id", "rule"),
        [
            (m.doc_id, m.sentence_index, m.start, m.end, m.text, m.label, m.actor_id, m.rule)
            for m in mentions
        ],
    )


def upsert_actors(conn: duckdb.DuckDBPyConnection, results: Sequence[DocResult]) -> None:
    """Record each document's actors and merge them into the shared ``actors`` table.

    ``doc_actors`` holds one count per (document, actor); ``actors.mentions`` is
    recomputed as the sum over ``doc_actors``, so nothing is counted twice.  An
    actor's per-document count is :attr:`Actor.mentions`, or, when that is 0, the
    number of this document's mentions that resolve to it.  Stored rows are
    merged in Python and rewritten with one delete and one insert.
    """
    doc_rows = []
    batch: list[Actor] = []
    for result in results:
        # per document only each actor's count is needed (the most any duplicate says):
        # its lists are merged once, over the whole batch, with the same result
        counts: dict[str, int] = {}
        for actor in result.actors:
            counts[actor.actor_id] = max(counts.get(actor.actor_id, actor.mentions), actor.mentions)
        resolved: dict[str, int] = {}
        for mention in result.mentions:
            if mention.actor_id is not None:
                resolved[mention.actor_id] = resolved.get(mention.actor_id, 0) + 1
        doc_rows += [(result.document.doc_id, actor_id, n or resolved.get(actor_id, 0))
                     for actor_id, n in counts.items()]
        batch.extend(result.actors)
    actors = _merge_duplicates(batch)
    if not actors:
        return
    insert_rows(conn, "doc_actors", ("doc_id", "actor_id", "mentions"), doc_rows)
    ids = [a.actor_id for a in actors]
    existing = {
        row[0]: row[1:]
        for row in conn.execute(
            "SELECT actor_id, name, kind, country, sectors, variants, roles, source FROM actors "
            "WHERE actor_id IN (SELECT unnest(?::VARCHAR[]))",
            [ids],
        ).fetchall()
    }
    rows = []
    for actor in actors:
        roles = [_plain(r) for r in actor.roles]
        if actor.actor_id in existing:
            name, kind, country, sectors, variants, stored_roles, source = existing[actor.actor_id]
            rows.append((actor.actor_id, name, kind or actor.kind, country or actor.country,
                         _union(sectors or [], actor.sectors), _union(variants or [], actor.variants),
                         to_json(_union(json.loads(stored_roles) if stored_roles else [], roles)),
                         0, source))
        else:
            rows.append((actor.actor_id, actor.name, actor.kind, actor.country,
                         _union([], actor.sectors), _union([], actor.variants),
                         to_json(_union([], roles)), 0, actor.source))
    # each actor's mentions: the sum over its documents, these included (read, not updated after)
    totals = dict(conn.execute(
        "SELECT actor_id, sum(mentions) FROM doc_actors WHERE actor_id IN (SELECT unnest(?::VARCHAR[])) "
        "GROUP BY actor_id", [ids]).fetchall())
    rows = [(*row[:7], int(totals.get(row[0]) or 0), row[8]) for row in rows]
    if existing:
        conn.execute("DELETE FROM actors WHERE actor_id IN (SELECT unnest(?::VARCHAR[]))",
                     [list(existing)])
    insert_rows(
        conn,
        "actors",
        ("actor_id", "name", "kind", "country", "sectors", "variants", "roles", "mentions", "source"),
        rows,
    )


def _merge_duplicates(actors: Sequence[Actor]) -> list[Actor]:
    """Collapse actors listed twice under one id (first name wins, lists unioned).

    Each id's lists are gathered once (linear in the input, however often an
    actor recurs across a batch) and made into one record at the end.
    """
    firsts: dict[str, Actor] = {}
    lists: dict[str, tuple[_Distinct, _Distinct, _Distinct]] = {}
    mentions: dict[str, int] = {}
    countries: dict[str, str | None] = {}
    for actor in actors:
        aid = actor.actor_id
        if aid not in firsts:
            firsts[aid] = actor
            lists[aid] = (_Distinct(), _Distinct(), _Distinct())
            mentions[aid], countries[aid] = actor.mentions, actor.country
        else:
            mentions[aid] = max(mentions[aid], actor.mentions)
            countries[aid] = countries[aid] or actor.country
        sectors, variants, roles = lists[aid]
        sectors.extend(actor.sectors)
        variants.extend(actor.variants)
        roles.extend(actor.roles)
    return [dataclasses.replace(first, sectors=lists[aid][0].items, variants=lists[aid][1].items,
                                roles=lists[aid][2].items, mentions=mentions[aid], country=countries[aid])
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


def insert_events(conn: duckdb.DuckDBPyConnection, events: Sequence[Event]) -> None:
    """Insert events with their parties and evidence; an event id already stored is skipped."""
    ids = [e.event_id for e in events]
    if not ids:
        return
    stored = {
        row[0]
        for row in conn.execute(
            "SELECT event_id FROM events WHERE event_id IN (SELECT unnest(?::VARCHAR[]))", [ids]
        ).fetchall()
    }
    fresh: list[Event] = []
    for event in events:
        if event.event_id not in stored:
            stored.add(event.event_id)
            fresh.append(event)
    insert_rows(
        conn,
        "events",
        ("event_id", "event_type", "mode", "contexts", "cameo", "quad", "date", "date_precision",
         "date_source", "location", "negated", "future", "hypothetical", "historical",
         "confidence", "provenance"),
        [(e.event_id, e.event_type, e.mode, list(e.contexts), e.cameo, e.quad, e.date,
          e.date_precision, e.date_source, to_json(e.location), e.negated, e.future,
          e.hypothetical, e.historical, e.confidence, to_json(e.provenance)) for e in fresh],
    )  # fmt: skip
    insert_rows(
        conn,
        "event_parties",
        ("event_id", "role", "position", "text", "name", "country", "sectors", "actor_id",
         "start", "end"),
        [(e.event_id, role, position, p.text, p.name, p.country, list(p.sectors), p.actor_id,
          p.start, p.end)
         for e in fresh
         for role, parties in (("actor", e.actor), ("recipient", e.recipient))
         for position, p in enumerate(parties)],
    )  # fmt: skip
    insert_rows(
        conn,
        "evidence",
        ("event_id", "position", "doc_id", "doc_path", "outlet", "sentence", "start", "end",
         "trigger_start", "trigger_end"),
        [(e.event_id, position, ev.doc_id, ev.doc_path, ev.outlet, ev.sentence, ev.start, ev.end,
          ev.trigger_start, ev.trigger_end)
         for e in fresh
         for position, ev in enumerate(e.evidence)],
    )  # fmt: skip


def insert_quotes(conn: duckdb.DuckDBPyConnection, quotes: Sequence[Quote]) -> None:
    """Insert the ``quotes`` rows (one per quote as one document reports it)."""
    rows = []
    for q in quotes:
        sp = q.speaker
        rows.append((
            q.quote_id, q.doc_id, q.text, q.start, q.end, q.kind,
            sp.text if sp else None, sp.name if sp else None, sp.country if sp else None,
            list(sp.sectors) if sp else None, sp.actor_id if sp else None,
            sp.start if sp else None, sp.end if sp else None,
            q.cue, q.cue_start, q.cue_end, q.sentence_index, q.rule, q.confidence,
        ))  # fmt: skip
    insert_rows(conn, "quotes", QUOTE_COLUMNS, rows)


#: Columns of the ``quotes`` table, in insert order.
QUOTE_COLUMNS: tuple[str, ...] = (
    "quote_id", "doc_id", "text", "start", "end", "kind", "speaker_text", "speaker_name",
    "speaker_country", "speaker_sectors", "speaker_actor_id", "speaker_start", "speaker_end",
    "cue", "cue_start", "cue_end", "sentence_index", "rule", "confidence",
)  # fmt: skip
