"""The cross-document event merge, read from and written to the store, incrementally.

The merge rule (:func:`khaldun.merge.merge_events`) only clusters events of one
block (same type, canonical parties and flags), and its result for a block
depends only on that block's events.  So after a batch only the blocks holding
an event that is new, whose parties' canonical actor changed
(:meth:`Store.merge_actors`), whose document gained reuse links or exact
copies, need clustering again; every other merged event stays as it is.

Inside a block, only part of it: two dated events merge only when the days
their dates may mean overlap, so a block falls apart into *parts*, runs of
events whose day spans overlap one another in a chain (an undated event spans
every day, so it makes its block one part).  No merged event spans two parts,
and an event's fate depends only on the events of its own part, so the
clusters of a block are the clusters of each part on its own.  A block of
ten years of reports is thus clustered again only around the days a batch
touches.

:func:`merge_stored_events` finds those parts with SQL from what the previous
merge stored (``event_blocks``: each event's block and day span;
``merge_actor_links`` and ``merge_doc_copies``: the actor links and copy
counts it saw), re-clusters them a batch of whole parts at a time
(:data:`MERGE_CHUNK` events), and writes only the merged events that changed,
a transaction per batch, queueing the documents they concern for the stories
step (``story_pending``).  So a first run of a million events holds one
batch's events in memory, not all of them; the batches change nothing else.
Nothing is written when nothing changed.  ``full`` re-clusters every block;
the result is the same.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Collection, Sequence

import duckdb

from khaldun.merge.events import (
    PLACE_RANK,
    EventInfo,
    MergedEvent,
    Place,
    block_text,
    day_span,
    merge_events,
    party_key,
    side_keys,
)
from khaldun.store._reuse import StoredLinks
from khaldun.store._sql import among, delete_among, insert_rows, scalar, transaction

#: (doc_id, start, end) of one evidence sentence.
Report = tuple[str, int, int]
#: Counts the independent sources among the reports of one event.
SourceCounter = Callable[[Sequence[Report]], int]

_MERGED_COLUMNS = ("merged_id", "reports", "documents", "independent_sources", "date",
                   "date_precision", "date_source", "location", "rule")

#: Actor links (an actor merged into another one) that differ from what the last merge saw.
_CHANGED_ACTORS = """
    WITH cur AS (SELECT actor_id, canonical_id FROM actor_links WHERE actor_id <> canonical_id)
    SELECT DISTINCT actor_id FROM (
        (SELECT * FROM cur EXCEPT SELECT actor_id, canonical_id FROM merge_actor_links)
        UNION ALL
        (SELECT actor_id, canonical_id FROM merge_actor_links EXCEPT SELECT * FROM cur))
"""
_COPIES = ("SELECT doc_id, count(DISTINCT (path, coalesce(line, -1)))::INTEGER AS copies "
           "FROM document_copies GROUP BY doc_id")
#: Documents whose number of exact copies differs from what the last merge saw.
_CHANGED_COPIES = f"""
    WITH cur AS ({_COPIES})
    SELECT DISTINCT doc_id FROM (
        (SELECT * FROM cur EXCEPT SELECT doc_id, copies FROM merge_doc_copies)
        UNION ALL
        (SELECT doc_id, copies FROM merge_doc_copies EXCEPT SELECT * FROM cur))
"""
#: The span recorded for an event without a readable date: every day (it can merge with any).
ALL_DAYS = (0, 2_147_483_647)

#: Whether each event's document has had its reuse links found.
_LINKED = """
    SELECT ev.event_id, bool_and(coalesce(f.linked, true))
    FROM evidence ev LEFT JOIN doc_fingerprints f ON f.doc_id = ev.doc_id
    WHERE {where} GROUP BY ev.event_id
"""


def read_event_infos(conn: duckdb.DuckDBPyConnection, event_ids: Collection[str] | None = None
                     ) -> tuple[list[EventInfo], dict[str, list[Report]], dict[str, tuple]]:
    """Stored events (all, or those of ``event_ids``) as :class:`EventInfo`, their reports,
    and their date source and place JSON."""
    parties = _read_parties(conn, event_ids)
    reports: dict[str, list[Report]] = defaultdict(list)
    where, params = among("event_id", event_ids)
    for event_id, doc_id, start, end in conn.execute(
        f'SELECT event_id, doc_id, "start", "end" FROM evidence WHERE {where} ORDER BY event_id, position',
        params,
    ).fetchall():
        reports[event_id].append((doc_id, start, end))
    infos, extra = [], {}
    for (event_id, event_type, mode, date, precision, date_source, location, negated, future,
         hypothetical, confidence) in conn.execute(
        "SELECT event_id, event_type, mode, date, date_precision, date_source, location, negated, "
        f"future, hypothetical, confidence FROM events WHERE {where} ORDER BY event_id", params
    ).fetchall():  # fmt: skip
        docs = reports.get(event_id) or [("", 0, 0)]
        infos.append(EventInfo(
            event_id=event_id, doc_id=docs[0][0], event_type=event_type,
            actors=side_keys(parties.get((event_id, "actor"), ())),
            recipients=side_keys(parties.get((event_id, "recipient"), ())),
            date=date, date_precision=precision, place=_place(location), mode=mode,
            negated=bool(negated), future=bool(future), hypothetical=bool(hypothetical),
            confidence=confidence if confidence is not None else 0.5,
        ))  # fmt: skip
        extra[event_id] = (date_source, location)
    return infos, reports, extra


def _read_parties(conn: duckdb.DuckDBPyConnection, event_ids: Collection[str] | None
                  ) -> dict[tuple[str, str], set[tuple[str, str | None]]]:
    """The (party key, country) pairs of each stored event's side: (event, role) -> pairs."""
    parties: dict[tuple[str, str], set[tuple[str, str | None]]] = defaultdict(set)
    where, params = among("p.event_id", event_ids)
    rows = conn.execute(
        f"""
        SELECT p.event_id, p.role, coalesce(l.canonical_id, p.actor_id), c.kind, p.name,
               p.country, p.sectors
        FROM event_parties p
        LEFT JOIN actor_links l ON l.actor_id = p.actor_id
        LEFT JOIN actors c ON c.actor_id = coalesce(l.canonical_id, p.actor_id)
        WHERE {where}
        """, params
    ).fetchall()
    for event_id, role, actor_id, kind, name, country, sectors in rows:
        parties[(event_id, role)].add((party_key(actor_id, kind, name, country, sectors), country))
    return parties


def _read_seeds(conn: duckdb.DuckDBPyConnection, event_ids: Collection[str]) -> list[tuple[str, str, int, int]]:
    """(block, event, first day, last day) of stored events as they are now: only what placing
    them in a part needs (no reports, no places), cheaper than :func:`read_event_infos`."""
    parties = _read_parties(conn, event_ids)
    where, params = among("event_id", event_ids)
    seeds = []
    for event_id, event_type, date, precision, negated, future, hypothetical in conn.execute(
        "SELECT event_id, event_type, date, date_precision, negated, future, hypothetical "
        f"FROM events WHERE {where}", params
    ).fetchall():
        info = EventInfo(event_id=event_id, doc_id="", event_type=event_type,
                         actors=side_keys(parties.get((event_id, "actor"), ())),
                         recipients=side_keys(parties.get((event_id, "recipient"), ())),
                         negated=bool(negated), future=bool(future), hypothetical=bool(hypothetical))
        seeds.append((block_text(info), event_id, *_days(date, precision)))
    return seeds


#: Events clustered at a time: whole parts (see the module's docstring), this many events or
#: more when one part is larger, so a run's working set does not grow with its size.
MERGE_CHUNK = 8192

#: Events to place again: new to the merge, in no merged event (left so by a merge that
#: stopped between batches), of a changed actor, of a document with new copies or new links.
_TOUCHED = """
    SELECT event_id FROM events WHERE event_id NOT IN (SELECT event_id FROM event_blocks)
    UNION SELECT event_id FROM events WHERE event_id NOT IN (SELECT event_id FROM event_links)
    UNION SELECT event_id FROM event_parties WHERE actor_id IN (SELECT unnest(?::VARCHAR[]))
    UNION SELECT event_id FROM evidence WHERE doc_id IN (SELECT unnest(?::VARCHAR[]))
    UNION SELECT b.event_id FROM event_blocks b
          JOIN evidence ev ON ev.event_id = b.event_id
          JOIN doc_fingerprints f ON f.doc_id = ev.doc_id
          WHERE NOT b.linked AND f.linked
"""
_STORED_SPAN = "coalesce(b.first_day, 0) AS first_day, coalesce(b.last_day, 2147483647) AS last_day"

#: The parts (see the module's docstring) to cluster again, and the batch each is clustered in.
#: Spans: each touched event as it is now (``now``), the stored span of each touched event and
#: orphan (``seed``), and the stored span of every other event of their blocks.  Parts are cut
#: where an event, in the order of first days, starts after every earlier one has ended; the
#: parts holding a seed are kept, numbered in order of block and part, and filled into batches
#: of about ``?`` events without cutting one.  A stored span of a touched event is only a seed:
#: the event is clustered where it is now, and its old part, which it may have left, is
#: clustered again without it.  Blocks are compared by a 64-bit hash of their text (cheaper
#: to sort): two blocks sharing a hash only make a larger part, which clusters the same, as
#: the rule never merges across blocks.  Both windows order the rows the same, totally (an
#: event may have two rows of one block: as stored and as it is now).
_PLAN = f"""
    CREATE TEMP TABLE merge_plan AS
    WITH seeds AS (
        SELECT block, event_id, first_day, last_day, true AS now, false AS deleted, true AS seed
        FROM merge_seeds
        UNION ALL
        SELECT hash(b.block), b.event_id, {_STORED_SPAN}, false,
               b.event_id NOT IN (SELECT event_id FROM events), true FROM event_blocks b
        WHERE b.event_id IN (SELECT event_id FROM merge_touched) OR b.event_id NOT IN (SELECT event_id FROM events)
    ), spans AS (
        SELECT * FROM seeds
        UNION ALL
        SELECT hash(b.block), b.event_id, {_STORED_SPAN}, true, false, false FROM event_blocks b
        WHERE hash(b.block) IN (SELECT block FROM seeds) AND b.event_id NOT IN (SELECT event_id FROM seeds)
    ), reaching AS (
        SELECT *, max(last_day) OVER (PARTITION BY block ORDER BY first_day, last_day, event_id, now
                                      ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS reach
        FROM spans
    ), cut AS (
        SELECT block, event_id, now, deleted, seed,
               sum(CASE WHEN reach IS NULL OR first_day > reach THEN 1 ELSE 0 END)
                   OVER (PARTITION BY block ORDER BY first_day, last_day, event_id, now
                         ROWS UNBOUNDED PRECEDING) AS part
        FROM reaching
    ), kept AS (
        SELECT block, part, count(*) AS size FROM cut GROUP BY block, part HAVING bool_or(seed)
    ), numbered AS (
        SELECT block, part, (coalesce(sum(size) OVER (ORDER BY block, part ROWS BETWEEN UNBOUNDED
                                                      PRECEDING AND 1 PRECEDING), 0) // ?)::BIGINT AS batch
        FROM kept
    )
    SELECT c.event_id, c.now, c.deleted, n.batch FROM cut c JOIN numbered n ON n.block = c.block AND n.part = c.part
"""
_TEMP_TABLES = ("merge_touched", "merge_seeds", "merge_plan")


def merge_stored_events(conn: duckdb.DuckDBPyConnection, *, full: bool = False,
                        chunk: int = MERGE_CHUNK) -> int:
    """Merge the events of the blocks that changed (every block with ``full``).

    The parts to cluster again are found with SQL and clustered ``chunk`` events
    at a time (whole parts), each batch written in a transaction of its own: a
    batch's result depends only on its own parts, so the chunks change nothing
    but the working set.  A merge stopped between batches leaves events without
    a merged event; the next merge counts them as touched and finishes the work.
    Returns how many events, in the whole store, are merged into another one.
    """
    if chunk < 1:
        raise ValueError(f"chunk must be at least 1, not {chunk}")
    _record_spans(conn)
    actors = [r[0] for r in conn.execute(_CHANGED_ACTORS).fetchall()]
    copied = [r[0] for r in conn.execute(_CHANGED_COPIES).fetchall()]
    try:
        batches = _plan(conn, "SELECT event_id FROM events" if full else _TOUCHED,
                        [] if full else [actors, copied], chunk)
        for batch in range(batches):
            rows = conn.execute("SELECT event_id, now, deleted FROM merge_plan WHERE batch = ?",
                                [batch]).fetchall()
            _merge_batch(conn, {e for e, now, _ in rows if now}, {e for e, _, deleted in rows if deleted},
                         actors)
        if not (actors or copied):
            return merged_count(conn)
        # what this merge saw, so that the next one knows what changed since
        with transaction(conn):
            delete_among(conn, "merge_actor_links", "actor_id", actors)
            where, params = among("actor_id", actors)
            conn.execute("INSERT INTO merge_actor_links SELECT actor_id, canonical_id FROM actor_links "
                         f"WHERE actor_id <> canonical_id AND {where}", params)
            delete_among(conn, "merge_doc_copies", "doc_id", copied)
            where, params = among("doc_id", copied)
            conn.execute(f"INSERT INTO merge_doc_copies SELECT * FROM ({_COPIES}) WHERE {where}", params)
    finally:
        for table in _TEMP_TABLES:
            conn.execute(f"DROP TABLE IF EXISTS temp.{table}")
    return merged_count(conn)


def _plan(conn: duckdb.DuckDBPyConnection, touched: str, params: list, chunk: int) -> int:
    """Plan the merge in temporary tables; returns the number of batches (0: nothing to do).

    ``merge_touched``: the events to place again (``touched``, a query);
    ``merge_seeds``: their blocks and day spans as they are now, worked out
    ``chunk`` events at a time; ``merge_plan``: every event of the parts they
    were and are in, whether it is there now, and its batch (see :data:`_PLAN`).
    When every event is touched and they fit in one batch, the plan is that
    batch, without the blocks: every event, and the deleted ones.
    """
    conn.execute("CREATE TEMP TABLE merge_touched AS SELECT event_id, "
                 f"row_number() OVER (ORDER BY event_id) AS n FROM ({touched})", params)
    count = scalar(conn, "SELECT count(*) FROM merge_touched")
    if count <= chunk and count >= scalar(conn, "SELECT count(*) FROM events"):
        # every event touched (a first run, ``full``) and few enough for one batch: no parts to find
        conn.execute("CREATE TEMP TABLE merge_plan AS SELECT event_id, true AS now, false AS deleted, "
                     "0::BIGINT AS batch FROM events UNION ALL SELECT event_id, false, true, 0 "
                     "FROM event_blocks WHERE event_id NOT IN (SELECT event_id FROM events)")
        conn.execute("DROP TABLE merge_touched")
        return int(scalar(conn, "SELECT count(*) > 0 FROM merge_plan"))
    conn.execute("CREATE TEMP TABLE merge_seeds (block UBIGINT, event_id VARCHAR, "
                 "first_day INTEGER, last_day INTEGER)")
    for low in range(0, count, chunk):
        ids = [r[0] for r in conn.execute("SELECT event_id FROM merge_touched WHERE n > ? AND n <= ?",
                                          [low, low + chunk]).fetchall()]
        seeds = _read_seeds(conn, ids)
        conn.execute("INSERT INTO merge_seeds SELECT hash(unnest(?::VARCHAR[])), unnest(?::VARCHAR[]), "
                     "unnest(?::INTEGER[]), unnest(?::INTEGER[])",
                     [list(c) for c in zip(*seeds)] if seeds else [[], [], [], []])
    conn.execute(_PLAN, [chunk])
    conn.execute("DROP TABLE merge_touched; DROP TABLE merge_seeds")
    return int(scalar(conn, "SELECT coalesce(max(batch) + 1, 0) FROM merge_plan"))


def _merge_batch(conn: duckdb.DuckDBPyConnection, now: set[str], deleted: set[str], actors: list[str]) -> None:
    """Cluster one batch's events again and write the merged events that changed.

    ``now``: the events whose parts are in the batch; ``deleted``: events no
    longer stored whose stored part is in it.  The stored merged events having
    a member among them are replaced.  Such a merged event may have had
    members that now belong to another part (their block or dates changed):
    their links go with it, and the batch of their new part, finding them in
    no merged event, writes theirs (or, if the merge stops first, the next
    merge: an event in no merged event is touched).  A merged event having
    no member among ``now`` and ``deleted`` is another batch's to replace,
    even when one of its members was stored in this batch's parts.
    """
    infos, reports, extra = read_event_infos(conn, now)
    scope = now | deleted
    docs = {doc for rs in reports.values() for doc, _, _ in rs}
    links = StoredLinks(conn, docs)
    merged = merge_events(infos, links.related)
    where, params = among("doc_id", docs)
    copies = dict(conn.execute(f"SELECT * FROM ({_COPIES}) WHERE {where}", params).fetchall())
    new_members = {m.merged_id: tuple(m.event_ids) for m in merged}
    new_rows = {m.merged_id: _merged_row(m, reports, extra, copies, links.count_sources) for m in merged}
    old_members, old_rows = _stored_merges(conn, scope)
    changed = {mid for mid in new_members.keys() | old_members.keys()
               if new_members.get(mid) != old_members.get(mid)
               or _comparable(new_rows.get(mid)) != _comparable(old_rows.get(mid))}
    relinked = {e for mid in changed for e in (*old_members.get(mid, ()), *new_members.get(mid, ()))}
    where, params = among("event_id", now)
    stored_blocks = {e: tuple(rest) for e, *rest in conn.execute(
        f"SELECT event_id, block, linked, first_day, last_day FROM event_blocks WHERE {where}", params
    ).fetchall()}
    linked = _linked(conn, sorted(now))
    blocks = {e.event_id: (block_text(e), linked.get(e.event_id, True), *_days(e.date, e.date_precision))
              for e in infos}
    stale_blocks = sorted(deleted | {e for e, b in blocks.items() if stored_blocks.get(e) != b})
    # the stories of the documents of changed merged events, and of events whose
    # parties' canonical names changed, must be recomputed
    renamed = _events_of_actors(conn, actors, now)
    pending = sorted({doc for e in relinked | renamed for doc, _, _ in reports.get(e, ())})
    if not (changed or stale_blocks or pending):
        return
    with transaction(conn):
        delete_among(conn, "event_links", "event_id", relinked)
        delete_among(conn, "merged_events", "merged_id", changed)
        insert_rows(conn, "event_links", ("event_id", "merged_id"),
                    sorted((e, mid) for mid in changed for e in new_members.get(mid, ())))
        insert_rows(conn, "merged_events", _MERGED_COLUMNS,
                    sorted(new_rows[mid] for mid in changed if mid in new_rows))
        delete_among(conn, "event_blocks", "event_id", stale_blocks)
        insert_rows(conn, "event_blocks", ("event_id", "block", "linked", "first_day", "last_day"),
                    [(e, *blocks[e]) for e in stale_blocks if e in blocks])
        if pending:
            conn.execute("INSERT OR IGNORE INTO story_pending SELECT unnest(?::VARCHAR[])", [pending])


def merged_count(conn: duckdb.DuckDBPyConnection) -> int:
    """How many stored events are merged into another one."""
    row = conn.execute("SELECT count(*) FROM event_links WHERE event_id <> merged_id").fetchone()
    return int(row[0]) if row else 0


def _days(date: str | None, precision: str | None) -> tuple[int, int]:
    """The day span recorded for an event (every day when it has no readable date)."""
    return day_span(date, precision) or ALL_DAYS


#: Day spans recorded per statement for a database from before them (memory stays bounded).
SPAN_CHUNK = 100_000


def _record_spans(conn: duckdb.DuckDBPyConnection) -> None:
    """Record the day spans missing from ``event_blocks`` (a database from before them), once.

    In chunks of :data:`SPAN_CHUNK` events, each committed: a database of millions of events
    is never read into memory whole, and an interrupted pass goes on at the next merge.
    """
    while True:
        rows = conn.execute(
            "SELECT e.event_id, e.date, e.date_precision FROM event_blocks b "
            "JOIN events e ON e.event_id = b.event_id WHERE b.first_day IS NULL OR b.last_day IS NULL "
            "LIMIT ?", [SPAN_CHUNK]).fetchall()
        if not rows:
            return
        ids, firsts, lasts = (list(c) for c in zip(*[(event_id, *_days(date, precision))
                                                       for event_id, date, precision in rows]))
        with transaction(conn):
            conn.execute(
                "UPDATE event_blocks SET first_day = s.first_day, last_day = s.last_day FROM ("
                "SELECT unnest(?::VARCHAR[]) AS event_id, unnest(?::INTEGER[]) AS first_day, "
                "unnest(?::INTEGER[]) AS last_day) s WHERE event_blocks.event_id = s.event_id",
                [ids, firsts, lasts])


def _stored_merges(conn: duckdb.DuckDBPyConnection, scope: set[str] | None
                   ) -> tuple[dict[str, tuple[str, ...]], dict[str, tuple]]:
    """The stored merged events having a member in ``scope`` (all with None): members and rows."""
    where, params = among("event_id", scope)
    members: dict[str, list[str]] = defaultdict(list)
    for event_id, merged_id in conn.execute(
        "SELECT event_id, merged_id FROM event_links WHERE merged_id IN "
        f"(SELECT merged_id FROM event_links WHERE {where}) ORDER BY event_id", params
    ).fetchall():
        members[merged_id].append(event_id)
    if scope is None:
        rows = conn.execute(f"SELECT {', '.join(_MERGED_COLUMNS)} FROM merged_events").fetchall()
    else:
        rows = conn.execute(f"SELECT {', '.join(_MERGED_COLUMNS)} FROM merged_events "
                            "WHERE merged_id IN (SELECT unnest(?::VARCHAR[]))", [sorted(members)]).fetchall()
    return {k: tuple(v) for k, v in members.items()}, {r[0]: r for r in rows}


def _linked(conn: duckdb.DuckDBPyConnection, event_ids: list[str] | None) -> dict[str, bool]:
    where, params = among("ev.event_id", event_ids)
    return dict(conn.execute(_LINKED.format(where=where), params).fetchall())


def _events_of_actors(conn: duckdb.DuckDBPyConnection, actors: list[str], events: set[str]) -> set[str]:
    """Those of ``events`` having one of ``actors`` as a party."""
    if not actors or not events:
        return set()
    return {r[0] for r in conn.execute(
        "SELECT DISTINCT event_id FROM event_parties WHERE actor_id IN (SELECT unnest(?::VARCHAR[])) "
        "AND event_id IN (SELECT unnest(?::VARCHAR[]))", [actors, sorted(events)]).fetchall()}


def _merged_row(m: MergedEvent, reports: dict[str, list[Report]], extra: dict[str, tuple],
                copies: dict[str, int], count_sources: SourceCounter) -> tuple:
    spans = sorted({r for e in m.event_ids for r in reports.get(e, [])})
    docs = sorted({doc for doc, _, _ in spans})
    best = m.representative
    date_source, _ = extra[best.event_id]
    placed = [e for e in m.members if e.place is not None]
    place = min((extra[e.event_id][1] for e in placed),
                key=lambda loc: (PLACE_RANK.get(_place(loc).precision, 3), loc), default=None)
    documents = len(docs) + sum(copies.get(d, 0) for d in docs)
    return (m.merged_id, len(spans), documents, count_sources(spans) if spans else 0, best.date,
            best.date_precision, date_source, place, m.rule)


def _comparable(row: Sequence | None) -> tuple | None:
    """A row with its JSON column parsed, so stored and computed rows compare equal."""
    if row is None:
        return None
    out = list(row)
    loc = out[7]
    out[7] = json.loads(loc) if isinstance(loc, str) else loc
    return tuple(out)


def _place(location: str | None) -> Place | None:
    if not location:
        return None
    data = json.loads(location)
    return Place(name=data.get("name"), country=data.get("country"), precision=data.get("precision"),
                 lat=data.get("lat"), lon=data.get("lon"))
