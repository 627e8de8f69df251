"""Stories, read from and written to the store (see :mod:`khaldun.stories`), incrementally.

A story is a connected component of documents (reuse links, shared specific
merged events), so a new batch only changes the components it touches.
:func:`build_stories` starts from the documents that are new to the stories
step or queued by the event merge (``story_pending``: documents of merged
events that changed), widens them to every document connected to them
through links or specific events (and the whole stored story of each), and
regroups only those, a batch of whole stories at a time (:data:`STORY_CHUNK`
documents), the other stories staying as they are.  A story larger than a batch
is summed up a slice of its documents at a time (:class:`~khaldun.stories.Tally`),
so a run holds the ids of its documents and one slice's inputs, never a whole
story's events and links.  It writes only
the stories that changed, in one transaction, and nothing when nothing changed.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterator
from typing import Any

import duckdb

from khaldun.store._sql import among, delete_among, insert_rows, scalar, stream, transaction
from khaldun.stories import DocInfo, Story, StoryEvent, Tally, Ties, group_stories

_STORY_COLUMNS = ("story_id", "label", "documents", "events", "first_date", "last_date", "actors",
                  "event_types", "places")


#: Each event with its merged event (itself when it has no link row), for every event.
_ALL_MEMBERS = """
    members AS (
        SELECT e.event_id, coalesce(el.merged_id, e.event_id) AS merged_id
        FROM events e LEFT JOIN event_links el ON el.event_id = e.event_id
    )"""
#: The same for the merged events of a list: each big table is only scanned against that
#: list, never joined whole, so the cost follows the list, not the database.
_WANTED_MEMBERS = """
    wanted AS (SELECT unnest(?::VARCHAR[]) AS merged_id),
    members AS (
        SELECT event_id, merged_id FROM event_links WHERE merged_id IN (SELECT merged_id FROM wanted)
        UNION ALL
        SELECT merged_id AS event_id, merged_id FROM wanted WHERE merged_id NOT IN
            (SELECT event_id FROM event_links WHERE event_id IN (SELECT merged_id FROM wanted))
    )"""


def read_story_inputs(conn: duckdb.DuckDBPyConnection, doc_ids: Collection[str] | None = None
                      ) -> tuple[list[DocInfo], list[StoryEvent], list[tuple[str, str]]]:
    """Documents, merged events and document links as :func:`group_stories` takes them.

    With ``doc_ids``: those documents, the merged events reported by any of
    them, and the links of any of them.
    """
    docs = read_story_docs(conn, doc_ids)
    # each document id and party name held once however many rows repeat it (a component
    # can hold most of a database: hundreds of thousands of events and links)
    shared = {d.doc_id: d.doc_id for d in docs}
    events = list(iter_story_events(conn, doc_ids, shared))
    links = list(iter_story_links(conn, doc_ids, shared))
    return docs, events, links


def read_story_docs(conn: duckdb.DuckDBPyConnection, doc_ids: Collection[str] | None = None) -> list[DocInfo]:
    """The documents (all, or those of ``doc_ids``) as stories see them, in id order."""
    where, params = among("doc_id", doc_ids)
    return [DocInfo(*row) for row in conn.execute(
        f"SELECT doc_id, published, title FROM documents WHERE {where} ORDER BY doc_id", params).fetchall()]


def iter_story_events(conn: duckdb.DuckDBPyConnection, doc_ids: Collection[str] | None = None,
                      shared: dict[str, str] | None = None) -> Iterator[StoryEvent]:
    """The merged events (all, or those reported by any of ``doc_ids``), streamed.

    One query gives each merged event with its documents and its parties' canonical
    names, read :data:`_FETCH` rows at a time: no other statement may run on ``conn``
    until the iterator is exhausted.  Strings already in ``shared`` (document ids,
    names) are used instead of the copies each row brings.
    """
    shared = {} if shared is None else shared
    members, members_params = _ALL_MEMBERS, []
    if doc_ids is not None:
        where, params = among("doc_id", doc_ids)
        members, members_params = _WANTED_MEMBERS, [[r[0] for r in conn.execute(
            "SELECT DISTINCT coalesce(el.merged_id, ev.event_id) FROM evidence ev "
            f"LEFT JOIN event_links el ON el.event_id = ev.event_id WHERE ev.{where}", params).fetchall()]]
    result = conn.execute(
        f"""
        WITH {members}, docs AS (
            SELECT m.merged_id, list(DISTINCT ev.doc_id ORDER BY ev.doc_id) AS doc_ids
            FROM evidence ev JOIN members m ON m.event_id = ev.event_id GROUP BY m.merged_id
        ), parties AS (
            SELECT m.merged_id, list(DISTINCT coalesce(c.name, p.name)) AS names,
                   bool_or(c.kind IN ('person', 'organization')) AS named
            FROM members m JOIN event_parties p ON p.event_id = m.event_id
            LEFT JOIN actor_links l ON l.actor_id = p.actor_id
            LEFT JOIN actors c ON c.actor_id = coalesce(l.canonical_id, p.actor_id)
            GROUP BY m.merged_id
        )
        SELECT e.event_id, e.event_type, d.doc_ids, coalesce(me.date, e.date),
               coalesce(me.date_precision, e.date_precision), coalesce(me.location, e.location),
               e.historical, pa.names, coalesce(pa.named, false)
        FROM docs d
        JOIN events e ON e.event_id = d.merged_id
        LEFT JOIN merged_events me ON me.merged_id = d.merged_id
        LEFT JOIN parties pa ON pa.merged_id = d.merged_id
        """, members_params)
    intern = shared.setdefault
    while rows := result.fetchmany(_FETCH):
        for merged_id, event_type, event_docs, date, precision, location, historical, names, named in rows:
            place = json.loads(location) if location else {}
            yield StoryEvent(
                merged_id=merged_id, event_type=event_type, doc_ids=tuple(intern(d, d) for d in event_docs),
                parties=tuple(sorted(intern(n, n) for n in names or () if n)), date=date,
                date_precision=precision, place=place.get("name"), place_precision=place.get("precision"),
                names_someone=bool(named), historical=bool(historical),
            )  # fmt: skip


def iter_story_links(conn: duckdb.DuckDBPyConnection, doc_ids: Collection[str] | None = None,
                     shared: dict[str, str] | None = None) -> Iterator[tuple[str, str]]:
    """The document pairs of the reuse links (all, or those of any of ``doc_ids``), streamed
    like :func:`iter_story_events`."""
    intern = ({} if shared is None else shared).setdefault
    where_a, params_a = among("doc_a", doc_ids)
    where_b, params_b = among("doc_b", doc_ids)
    result = conn.execute(
        f"SELECT DISTINCT doc_a, doc_b FROM doc_links WHERE {where_a} OR {where_b} ORDER BY 1, 2",
        params_a + params_b)
    while rows := result.fetchmany(_FETCH):
        for a, b in rows:
            yield intern(a, a), intern(b, b)


#: Rows fetched at a time.
_FETCH = 8192

#: Documents regrouped at a time: whole stories (every document a story's documents are
#: connected to), this many documents or more when one story is larger; their inputs are
#: read this many documents at a time whatever the size of a story.  At 20,000 full
#: articles, 2,048 peaks at +173 MB and 8,192 at +306 MB in the same time.
STORY_CHUNK = 2048


def build_stories(conn: duckdb.DuckDBPyConnection, *, full: bool = False, chunk: int = STORY_CHUNK) -> int:
    """Regroup the stories a new batch touches (all with ``full``); return how many stories are stored.

    The documents to regroup are cut into their connected components (see
    :func:`_batches`) and regrouped ``chunk`` documents at a time, whole
    components, in one transaction: a story depends only on its own
    documents, so the batches change nothing but the working set.
    """
    if chunk < 1:
        raise ValueError(f"chunk must be at least 1, not {chunk}")
    pending = [r[0] for r in conn.execute("SELECT doc_id FROM story_pending").fetchall()]
    scope: set[str] | None = None
    if not full:
        seeds = set(pending) | {r[0] for r in conn.execute(
            "SELECT doc_id FROM documents WHERE doc_id NOT IN (SELECT doc_id FROM story_documents)"
        ).fetchall()}
        if not seeds:
            return _story_count(conn)
        # every document a seed (a first run): the scope is everything
        everything = len(seeds) >= scalar(conn, "SELECT count(*) FROM documents")
        scope = None if everything else _connected(conn, seeds, chunk)
    documents = sorted(scope) if scope is not None else [
        r[0] for r in conn.execute("SELECT doc_id FROM documents ORDER BY doc_id").fetchall()]
    # each stored story in scope is compared, and replaced, by the batch holding its first document
    where, params = among("doc_id", scope)
    conn.execute("CREATE OR REPLACE TEMP TABLE story_owners AS SELECT story_id, min(doc_id) AS owner "
                 "FROM story_documents WHERE story_id IN "
                 f"(SELECT story_id FROM story_documents WHERE {where}) GROUP BY story_id", params)
    try:
        with transaction(conn):
            for batch, components in _batches(conn, documents, chunk):
                _regroup(conn, batch, components, chunk)
            delete_among(conn, "story_pending", "doc_id", pending)
    finally:
        conn.execute("DROP TABLE IF EXISTS temp.story_owners")
    return _story_count(conn)


def _batches(conn: duckdb.DuckDBPyConnection, documents: list[str], chunk: int
             ) -> Iterator[tuple[list[str], list[list[str]] | None]]:
    """The documents in batches of whole connected components (see :func:`_components`),
    about ``chunk`` documents each, in the order of their first document; each batch with
    its components, or None when all the documents are one batch (not cut, so not known)."""
    if len(documents) <= chunk:  # one batch: no components to find
        yield documents, None
        return
    batch: list[str] = []
    components: list[list[str]] = []
    for members in _components(conn, documents, chunk):
        batch += members
        components.append(members)
        if len(batch) >= chunk:
            yield batch, components
            batch, components = [], []
    if batch:
        yield batch, components


def _slices(documents: list[str], chunk: int) -> Iterator[list[str]]:
    return (documents[low:low + chunk] for low in range(0, len(documents), chunk))


def _components(conn: duckdb.DuckDBPyConnection, documents: list[str], chunk: int) -> list[list[str]]:
    """The documents' connected components (:class:`Ties`), each sorted, in the order of their
    first document.  Found from the links and events of ``chunk`` documents at a time, streamed:
    only the documents' ids are held for all of them."""
    ties = Ties(documents)
    for part in _slices(documents, chunk):
        ties.tie(iter_story_links(conn, part), ())  # one query at a time on the connection
        ties.tie((), iter_story_events(conn, part))
    return list(ties.components().values())


def _regroup(conn: duckdb.DuckDBPyConnection, batch: list[str], components: list[list[str]] | None,
             chunk: int) -> None:
    """Regroup one batch's documents; write the stories and memberships that changed.

    The stored stories compared are those whose first document (when this step
    began) is in the batch: a story whose documents now fall in several batches
    is replaced once, and a new story's id (from its first document) is only
    made by the batch holding that document.
    """
    if components is None:
        stories = [(s, len(s.events)) for s in group_stories(*read_story_inputs(conn, batch))]
    else:
        stories = _tallied(conn, components, chunk)
    new_rows = {s.story_id: _row(s, events) for s, events in stories}
    new_members = {doc_id: s.story_id for s, _ in stories for doc_id in s.doc_ids}
    where, params = among("doc_id", batch)
    old_members = dict(conn.execute(f"SELECT doc_id, story_id FROM story_documents WHERE {where}",
                                    params).fetchall())
    old_rows = {r[0]: r for r in conn.execute(
        f"SELECT {', '.join(_STORY_COLUMNS)} FROM stories WHERE story_id IN "
        "(SELECT story_id FROM story_owners WHERE owner IN (SELECT unnest(?::VARCHAR[])))", [batch]).fetchall()}
    changed = {sid for sid in old_rows.keys() | new_rows.keys()
               if _parsed(old_rows.get(sid)) != _parsed(new_rows.get(sid))}
    moved = {d for d in old_members.keys() | new_members.keys() if old_members.get(d) != new_members.get(d)}
    delete_among(conn, "stories", "story_id", changed)
    insert_rows(conn, "stories", _STORY_COLUMNS, sorted(new_rows[s] for s in changed if s in new_rows))
    delete_among(conn, "story_documents", "doc_id", moved)
    insert_rows(conn, "story_documents", ("doc_id", "story_id"),
                sorted((d, new_members[d]) for d in moved if d in new_members))


def _tallied(conn: duckdb.DuckDBPyConnection, components: list[list[str]], chunk: int
             ) -> list[tuple[Story, int]]:
    """The story of each component, and its number of events, summed up from the documents
    and events of ``chunk`` documents at a time (:class:`Tally`): a story of any size is made
    without holding its events or links.  An event is counted in the slice holding its first
    document, as :func:`group_stories` gives it to the story of that document."""
    owner = {doc_id: n for n, members in enumerate(components) for doc_id in members}
    tallies = [Tally(keep_ids=False) for _ in components]
    for part in _slices(sorted(owner), chunk):
        for doc in read_story_docs(conn, part):
            tallies[owner[doc.doc_id]].add_doc(doc)
        low, high = part[0], part[-1]
        for event in iter_story_events(conn, part):
            head = event.doc_ids[0]
            if low <= head <= high and head in owner:  # head is in this slice
                tallies[owner[head]].add_event(event)
    return [(tally.story(members), tally.events) for tally, members in zip(tallies, components)]


def _connected(conn: duckdb.DuckDBPyConnection, seeds: set[str], chunk: int) -> set[str]:
    """The seeds, the stored stories they are in, and every document connected to them
    (links, specific merged events) with its stored story, until nothing is added.  The
    links and events are read ``chunk`` documents at a time."""
    scope: set[str] = set()
    frontier = set(seeds)
    while frontier:
        frontier |= _story_mates(conn, frontier)
        scope |= frontier
        reached: set[str] = set()
        for part in _slices(sorted(frontier), chunk):
            reached.update(d for link in iter_story_links(conn, part) for d in link)
            reached.update(d for e in iter_story_events(conn, part)
                           if e.specific and not frontier.isdisjoint(e.doc_ids) for d in e.doc_ids)
        frontier = reached - scope
    return scope


def _story_mates(conn: duckdb.DuckDBPyConnection, docs: set[str]) -> set[str]:
    """Every document in the same stored story as one of ``docs``."""
    return {r[0] for r in conn.execute(
        "SELECT doc_id FROM story_documents WHERE story_id IN "
        "(SELECT story_id FROM story_documents WHERE doc_id IN (SELECT unnest(?::VARCHAR[])))",
        [sorted(docs)]).fetchall()}


def _story_count(conn: duckdb.DuckDBPyConnection) -> int:
    row = conn.execute("SELECT count(*) FROM stories").fetchone()
    return int(row[0]) if row else 0


def story_records_sql(*, paged: bool = False) -> str:
    """Stored stories, largest first, each with its documents; ``paged`` adds ``LIMIT ? OFFSET ?``."""
    return f"""
        SELECT {', '.join('s.' + c for c in _STORY_COLUMNS)},
               list(struct_pack(doc_id := d.doc_id, path := d.path, title := d.title,
                                outlet := d.outlet, published := d.published)
                    ORDER BY d.published NULLS LAST, d.doc_id) AS docs
        FROM stories s
        JOIN story_documents sd ON sd.story_id = s.story_id
        JOIN documents d ON d.doc_id = sd.doc_id
        GROUP BY ALL
        ORDER BY s.documents DESC, s.events DESC, s.story_id
        {'LIMIT ? OFFSET ?' if paged else ''}
    """


def story_record(row: tuple) -> dict[str, Any]:
    """One row of :func:`story_records_sql` as a record."""
    (story_id, label, documents, events, first, last, actors, types, places, docs) = row
    return {
        "story_id": story_id, "label": label, "documents": documents, "events": events,
        "first_date": first, "last_date": last,
        "actors": [{"name": n, "events": k} for n, k in json.loads(actors or "[]")],
        "event_types": dict(json.loads(types or "[]")),
        "places": [{"name": n, "events": k} for n, k in json.loads(places or "[]")],
        "docs": [dict(d) for d in docs],
    }  # fmt: skip


def iter_story_records(conn: duckdb.DuckDBPyConnection) -> Iterator[dict[str, Any]]:
    """Stored stories, largest first, each with its documents."""
    for row in stream(conn, story_records_sql()):
        yield story_record(row)


def _row(s: Story, events: int) -> tuple:
    return (s.story_id, s.label, len(s.doc_ids), events, s.first_date, s.last_date,
            json.dumps(s.actors, ensure_ascii=False), json.dumps(s.event_types),
            json.dumps(s.places, ensure_ascii=False))


def _parsed(row: tuple | None) -> tuple | None:
    if row is None:
        return None
    return (*row[:6], *(json.loads(x) if isinstance(x, str) else x for x in row[6:]))
