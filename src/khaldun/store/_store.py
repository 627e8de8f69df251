"""The :class:`Store`: a DuckDB file holding documents, actors, events and runs."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

import duckdb

from khaldun.records import DocResult, Document
from khaldun.store import _write
from khaldun.store._actor_merge import merge_stored_actors
from khaldun.store._dyadic import dyadic_rows
from khaldun.store._merge import merge_stored_events
from khaldun.store._quotes import group_stored_quotes, iter_quote_records
from khaldun.store._read import (
    EVENT_LINKS_TABLE,
    LINKS_TABLE,
    MERGED_TABLE,
    NO_EVENT_LINKS,
    NO_LINKS,
    NO_MERGED,
    Relations,
    actor_record,
    actors_sql,
    event_record,
    events_sql,
)
from khaldun.store._reuse import LINK_COLUMNS, link_documents
from khaldun.store._schema import create_schema, has_table
from khaldun.store._sql import scalar, stream
from khaldun.store._stories import build_stories, iter_story_records

#: DuckDB's memory limit for a writable store unless it is given one.  DuckDB's own default
#: (80 % of RAM) lets its cache of table pages, and the primary-key indexes of the rows written
#: since the last checkpoint, grow with the database: the main process of a run grew from
#: 505 MB at 2,000 articles to 935 MB at 20,000 while storing, nearly all of it DuckDB's.
#: Within the limit DuckDB evicts pages it can read again and spills what most of its queries
#: hold to a temporary directory beside the database.  Not every operator spills (the web
#: app's event list on 20,000 articles needs more than 256 MB), so readers keep DuckDB's
#: default and the cross-document steps retry with it (:func:`khaldun.pipeline.cross_document`).
DEFAULT_MEMORY_LIMIT = "256MB"
#: DuckDB's own default memory limit.
DUCKDB_MEMORY_LIMIT = "80%"

#: The tables :meth:`Store.counts` reports, in order.
COUNTED_TABLES: tuple[str, ...] = (
    "documents", "sentences", "mentions", "actors", "events", "problems",
)  # fmt: skip


class StoreError(Exception):
    """A store operation that cannot be done."""


class ReadOnlyStoreError(StoreError):
    """A write was attempted on a store opened read-only."""


def utc_now() -> datetime:
    """The current time as a naive UTC datetime (how timestamps are stored)."""
    return datetime.now(UTC).replace(tzinfo=None)


class Store:
    """A khaldun database: one DuckDB file.

    Opened writable, the schema is created if missing.  Opened ``read_only``,
    the file must exist (several readers may share it).  Use as a context
    manager, or call :meth:`close`.

    ``memory_limit`` bounds what DuckDB holds (its page cache, indexes, what
    its queries hold in memory before spilling to disk): a size or share of
    RAM as DuckDB reads it, such as ``"512MB"``, ``"2GB"`` or ``"80%"``
    (DuckDB's own default).  Left out, a writable database file gets
    :data:`DEFAULT_MEMORY_LIMIT`; a read-only or in-memory one (whose tables
    are all in memory) DuckDB's default.  It is a setting of the database in
    this process: every connection to the same file here shares the last one
    set (:meth:`set_memory_limit`).
    """

    #: The memory limit given to DuckDB, as given.
    memory_limit: str

    def __init__(self, path: str | Path, *, read_only: bool = False,
                 memory_limit: str | None = None) -> None:
        self.path = str(path)
        self.read_only = read_only
        in_memory = self.path == ":memory:"
        if read_only and not in_memory and not Path(self.path).is_file():
            raise FileNotFoundError(f"no khaldun database at {self.path}")
        if not read_only and not in_memory:
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self._conn: duckdb.DuckDBPyConnection | None = duckdb.connect(
            self.path, read_only=read_only
        )
        if memory_limit is None:
            memory_limit = DUCKDB_MEMORY_LIMIT if read_only or in_memory else DEFAULT_MEMORY_LIMIT
        try:
            self.set_memory_limit(memory_limit)
        except StoreError:
            self.close()
            raise
        if not read_only:
            create_schema(self._conn)
            # DuckDB's allocator keeps the pages a query freed until later allocations purge
            # them; a background thread returns them within a second or so instead (measured:
            # 150 MB given back after grouping 323,301 quotes, before the next step began)
            self._conn.execute("SET allocator_background_threads = true")
        #: What the readers join for merged actors: an older database opened
        #: read-only has no ``actor_links`` table, and then no actor is merged.
        self.links_relation = LINKS_TABLE if has_table(self._conn, LINKS_TABLE) else NO_LINKS
        self.relations = Relations(
            actor_links=self.links_relation,
            event_links=EVENT_LINKS_TABLE if has_table(self._conn, EVENT_LINKS_TABLE) else NO_EVENT_LINKS,
            merged=MERGED_TABLE if has_table(self._conn, MERGED_TABLE) else NO_MERGED,
        )

    # -- lifecycle ---------------------------------------------------------

    def set_memory_limit(self, size: str) -> None:
        """Set DuckDB's memory limit (see the class); a value DuckDB cannot read is a :class:`StoreError`."""
        try:
            self.connection.execute("SET memory_limit = ?", [size])
        except duckdb.Error as exc:
            raise StoreError(f"memory limit {size!r} for {self.path}: {exc}") from None
        self.memory_limit = size

    @property
    def connection(self) -> duckdb.DuckDBPyConnection:
        """The open DuckDB connection (for read queries of other modules)."""
        if self._conn is None:
            raise StoreError(f"store {self.path} is closed")
        return self._conn

    def close(self) -> None:
        """Close the connection (safe to call twice)."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        mode = "read-only" if self.read_only else "writable"
        return f"Store({self.path!r}, {mode})"

    def _writable(self) -> duckdb.DuckDBPyConnection:
        if self.read_only:
            raise ReadOnlyStoreError(f"store {self.path} is open read-only")
        return self.connection

    # -- documents ---------------------------------------------------------

    def has_document(self, doc_id: str) -> bool:
        """Whether the document is stored."""
        sql = "SELECT count(*) FROM documents WHERE doc_id = ?"
        return bool(scalar(self.connection, sql, [doc_id]))

    def known_doc_ids(self) -> set[str]:
        """Ids of every stored document (to skip work already done)."""
        return {
            row[0] for row in self.connection.execute("SELECT doc_id FROM documents").fetchall()
        }

    def get_document(self, doc_id: str) -> dict[str, Any] | None:
        """A stored document's metadata (no text), with its exact copies, or None."""
        cols = ("doc_id", "path", "title", "title_source", "published", "published_source",
                "published_warning", "url", "outlet", "source_format", "line", "n_chars")
        rows = self.connection.execute(
            f"SELECT {', '.join(cols)} FROM documents WHERE doc_id = ?", [doc_id]).fetchall()
        if not rows:
            return None
        return dict(zip(cols, rows[0])) | {"copies": self.iter_copies(doc_id)}

    def record_copy(self, document: Document) -> bool:
        """Record another file (or outlet) carrying exactly the text of a stored document.

        Exact copies are not coded twice; they count as documents reporting the
        document's events (not as independent sources).  The document's own
        file, and a copy already recorded, add nothing.  Returns whether a row
        was added.
        """
        conn = self._writable()
        line = document.line if document.line is not None else -1
        added = conn.execute(
            """
            INSERT INTO document_copies (doc_id, path, line, url, outlet, published, seen_at)
            SELECT ?, ?, ?, ?, ?, ?, ?
            WHERE EXISTS (SELECT 1 FROM documents WHERE doc_id = ?)
              AND NOT EXISTS (SELECT 1 FROM documents
                              WHERE doc_id = ? AND path = ? AND coalesce(line, -1) = ?)
              AND NOT EXISTS (SELECT 1 FROM document_copies
                              WHERE doc_id = ? AND path = ? AND coalesce(line, -1) = ?)
            """,
            [document.doc_id, document.path, document.line, document.url, document.outlet,
             document.published, utc_now(), document.doc_id, document.doc_id, document.path, line,
             document.doc_id, document.path, line],
        ).fetchall()
        return bool(added and added[0][0])

    def iter_copies(self, doc_id: str) -> list[dict[str, Any]]:
        """The recorded exact copies of a document."""
        rows = self.connection.execute(
            "SELECT path, line, url, outlet, published FROM document_copies WHERE doc_id = ? "
            "ORDER BY path, line", [doc_id]).fetchall()
        return [dict(zip(("path", "line", "url", "outlet", "published"), r)) for r in rows]

    def write(self, result: DocResult) -> bool:
        """Store one document's results in one transaction.

        Returns False, storing nothing, when the document is already stored.  On
        error the transaction is rolled back (the database is left as before) and
        the exception propagates.
        """
        return _write.write_result(self._writable(), result, utc_now())

    def write_many(self, results: Sequence[DocResult]) -> list[bool]:
        """Store a batch of documents in one transaction (all or none).

        Returns, for each result, whether it was newly stored.  A batch is much
        faster than one transaction per document; an interruption loses at most
        the batch in flight, which the next run codes again.
        """
        return _write.write_results(self._writable(), results, utc_now())

    # -- runs and problems -------------------------------------------------

    def start_run(self, args: dict[str, Any]) -> str:
        """Record the start of a run with its arguments; return the new run id."""
        run_id = uuid.uuid4().hex
        self._writable().execute(
            "INSERT INTO runs (run_id, started_at, args) VALUES (?, ?, ?)",
            [run_id, utc_now(), _write.to_json(args)],
        )
        return run_id

    def finish_run(self, run_id: str, summary: dict[str, Any]) -> None:
        """Record the end of a run and its summary."""
        conn = self._writable()
        if not scalar(conn, "SELECT count(*) FROM runs WHERE run_id = ?", [run_id]):
            raise StoreError(f"unknown run {run_id!r}")
        conn.execute(
            "UPDATE runs SET finished_at = ?, summary = ? WHERE run_id = ?",
            [utc_now(), _write.to_json(summary), run_id],
        )

    def record_problem(self, path: str, reason: str, line: int | None, run_id: str) -> None:
        """Record an unreadable input; the same path, line and reason is stored once."""
        self._writable().execute(
            """
            INSERT INTO problems (run_id, path, line, reason, seen_at)
            SELECT ?, ?, ?, ?, ?
            WHERE NOT EXISTS (
                SELECT 1 FROM problems
                WHERE path = ? AND line IS NOT DISTINCT FROM ? AND reason = ?
            )
            """,
            [run_id, path, line, reason, utc_now(), path, line, reason],
        )

    def iter_problems(self) -> Iterator[dict[str, Any]]:
        """Recorded problems in the order first seen."""
        sql = (
            "SELECT run_id, path, line, reason, seen_at FROM problems ORDER BY seen_at, path, line"
        )
        for run_id, path, line, reason, seen_at in stream(self.connection, sql):
            yield {
                "run_id": run_id,
                "path": path,
                "line": line,
                "reason": reason,
                "seen_at": seen_at.isoformat(),
            }

    def get_run(self, run_id: str) -> dict[str, Any] | None:
        """A run's record (arguments, summary, start and finish times), or None."""
        row = self.connection.execute(
            "SELECT run_id, started_at, finished_at, args, summary FROM runs WHERE run_id = ?",
            [run_id],
        ).fetchone()
        if row is None:
            return None
        run_id, started, finished, args, summary = row
        return {
            "run_id": run_id,
            "started_at": started.isoformat(),
            "finished_at": finished.isoformat() if finished else None,
            "args": json.loads(args) if args else None,
            "summary": json.loads(summary) if summary else None,
        }

    # -- events and actors -------------------------------------------------

    def iter_events(self, *, dyadic: bool = False) -> Iterator[dict[str, Any]]:
        """Event records ordered by (date, nulls last; event id).

        Events merged across sentences and documents (:meth:`merge_events`) come
        as one record with every evidence sentence and their ``reports``,
        ``documents`` and ``independent_sources``.  With ``dyadic`` each event
        becomes flat rows, one per directed (source, target) pair (see
        :mod:`khaldun.store._dyadic`).
        """
        for row in stream(self.connection, events_sql(rel=self.relations)):
            if dyadic:
                yield from dyadic_rows(event_record(row, detail=True))
            else:
                yield event_record(row)

    def get_event(self, event_id: str) -> dict[str, Any] | None:
        """One event with all details (provenance, date source, offsets), or None.

        The id of any event merged into another one gives the merged event.
        """
        merged = self.connection.execute(
            f"SELECT merged_id FROM {self.relations.event_links} WHERE event_id = ?", [event_id]
        ).fetchall()
        if merged:
            event_id = merged[0][0]
        row = self.connection.execute(
            events_sql("WHERE e.event_id = ?", self.relations), [event_id]
        ).fetchone()
        return None if row is None else event_record(row, detail=True)

    def iter_actors(self) -> Iterator[dict[str, Any]]:
        """Canonical actors, most mentioned first, with their number of documents.

        Actors merged by :meth:`merge_actors` come as one record: the canonical
        actor's id and name, variants, sectors and roles of all of them, summed
        mentions, distinct documents, and every member id in ``merged_ids``.
        """
        for row in stream(self.connection, actors_sql(self.links_relation)):
            yield actor_record(row)

    def merge_actors(self, *, full: bool = False) -> int:
        """Update ``actor_links``: actors that are one entity across documents.

        Clusters persons and organisations
        (:func:`khaldun.actors.canonical.canonical_links`).  Incremental: only
        the actors sharing a name key, transitively, with one that is new or
        changed since the last merge are clustered again (all with ``full``;
        the result is the same), in one transaction; nothing is written when
        nothing changed.  Returns the number of actors merged into another one.
        """
        return merge_stored_actors(self._writable(), full=full)

    def link_documents(self) -> int:
        """Find the text shared between new documents and stored ones (exact copies,
        near duplicates, copied passages); return the number of new links."""
        return link_documents(self._writable())

    def iter_links(self, *, with_paths: bool = False) -> Iterator[dict[str, Any]]:
        """The stored reuse links between documents (``with_paths``: each side's path and title)."""
        cols = ", ".join(f"k.{c}" for c in LINK_COLUMNS)
        sql = (f"SELECT {cols}, da.path, da.title, db.path, db.title FROM doc_links k "
               "JOIN documents da ON da.doc_id = k.doc_a JOIN documents db ON db.doc_id = k.doc_b "
               "ORDER BY k.doc_a, k.doc_b, k.kind, k.a_start")
        for row in stream(self.connection, sql):
            record = dict(zip(LINK_COLUMNS, row[:len(LINK_COLUMNS)]))
            if with_paths:
                record.update(zip(("a_path", "a_title", "b_path", "b_title"), row[len(LINK_COLUMNS):]))
            yield record

    def merge_events(self, *, full: bool = False) -> int:
        """Update the merged events: one record per happening, across documents.

        Reports in documents that share text (:meth:`link_documents`) count as
        one independent source.  Incremental: only the blocks of events that
        are new, or whose actors' canonical ids, reuse links or copies changed
        since the last merge, are clustered again (every block with ``full``;
        the result is the same).  A re-run on the same data writes nothing.
        Returns the number of events merged into another one.
        """
        return merge_stored_events(self._writable(), full=full)

    def group_quotes(self, *, full: bool = False) -> int:
        """Update the quote groups: the same quote in several documents is one; return how many.

        Incremental: only the groups that new quotes, or quotes whose
        speaker's canonical actor changed, can join are regrouped (all with
        ``full``; the result is the same).
        """
        return group_stored_quotes(self._writable(), full=full)

    def iter_quotes(self, speaker: str | None = None) -> Iterator[dict[str, Any]]:
        """Quotes, most reported first, each with its speaker, cue and evidence spans.

        ``speaker`` keeps the quotes of speakers with that name (a surname or a
        variant is enough).
        """
        yield from iter_quote_records(self.connection, speaker)

    def build_stories(self, *, full: bool = False) -> int:
        """Update the stories (documents telling the same happenings); return how many there are.

        Incremental: only the stories of new documents, and of documents whose
        merged events changed in :meth:`merge_events`, with every story
        connected to them, are regrouped (all with ``full``; the result is the
        same).  A re-run on the same data writes nothing.
        """
        return build_stories(self._writable(), full=full)

    def iter_stories(self) -> Iterator[dict[str, Any]]:
        """Stories, largest first, each with its label, actors, event types, places and documents."""
        yield from iter_story_records(self.connection)

    def counts(self) -> dict[str, int]:
        """Number of rows of the main tables."""
        conn = self.connection
        return {
            table: int(scalar(conn, f"SELECT count(*) FROM {table}")) for table in COUNTED_TABLES
        }

    def cross_document_counts(self) -> dict[str, int]:
        """What the cross-document steps made: merged events, stories, quotes, reuse links."""
        conn, rel = self.connection, self.relations
        merged = (f"SELECT count(*) FROM events e LEFT JOIN {rel.event_links} l ON l.event_id = e.event_id "
                  "WHERE coalesce(l.merged_id, e.event_id) = e.event_id")
        out = {"merged_events": int(scalar(conn, merged))}
        for key, table in (("stories", "stories"), ("quotes", "quote_groups"), ("links", "doc_links")):
            out[key] = int(scalar(conn, f"SELECT count(*) FROM {table}")) if has_table(conn, table) else 0
        return out
