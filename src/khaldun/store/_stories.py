"""Stories, read from and written to the store (see :mod:`khaldun.stories`)."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

import duckdb

from khaldun.stories import DocInfo, Story, StoryEvent, group_stories
from khaldun.store._sql import replace_tables, stream

_STORY_COLUMNS = ("story_id", "label", "documents", "events", "first_date", "last_date", "actors",
                  "event_types", "places")


def read_story_inputs(conn: duckdb.DuckDBPyConnection) -> tuple[list[DocInfo], list[StoryEvent],
                                                                list[tuple[str, str]]]:
    """Documents, merged events and document links as :func:`group_stories` takes them."""
    docs = [DocInfo(*row) for row in conn.execute(
        "SELECT doc_id, published, title FROM documents ORDER BY doc_id").fetchall()]
    parties: dict[str, set[str]] = defaultdict(set)
    named: set[str] = set()
    for merged_id, name, kind in conn.execute(
        """
        SELECT coalesce(el.merged_id, p.event_id), coalesce(c.name, p.name), c.kind
        FROM event_parties p
        LEFT JOIN event_links el ON el.event_id = p.event_id
        LEFT JOIN actor_links l ON l.actor_id = p.actor_id
        LEFT JOIN actors c ON c.actor_id = coalesce(l.canonical_id, p.actor_id)
        """
    ).fetchall():
        parties[merged_id].add(name)
        if kind in {"person", "organization"}:
            named.add(merged_id)
    events = []
    for merged_id, event_type, doc_ids, date, precision, location, historical in conn.execute(
        """
        WITH members AS (
            SELECT e.event_id, coalesce(el.merged_id, e.event_id) AS merged_id
            FROM events e LEFT JOIN event_links el ON el.event_id = e.event_id
        ), docs AS (
            SELECT m.merged_id, list(DISTINCT ev.doc_id ORDER BY ev.doc_id) AS doc_ids
            FROM evidence ev JOIN members m ON m.event_id = ev.event_id GROUP BY m.merged_id
        )
        SELECT e.event_id, e.event_type, d.doc_ids, coalesce(me.date, e.date),
               coalesce(me.date_precision, e.date_precision), coalesce(me.location, e.location),
               e.historical
        FROM events e
        JOIN docs d ON d.merged_id = e.event_id
        LEFT JOIN merged_events me ON me.merged_id = e.event_id
        ORDER BY e.event_id
        """
    ).fetchall():
        place = json.loads(location) if location else {}
        events.append(StoryEvent(
            merged_id=merged_id, event_type=event_type, doc_ids=tuple(doc_ids),
            parties=tuple(sorted(n for n in parties.get(merged_id, ()) if n)), date=date,
            date_precision=precision, place=place.get("name"), place_precision=place.get("precision"),
            names_someone=merged_id in named, historical=bool(historical),
        ))  # fmt: skip
    links = [tuple(row) for row in conn.execute(
        "SELECT DISTINCT doc_a, doc_b FROM doc_links ORDER BY 1, 2").fetchall()]
    return docs, events, links


def build_stories(conn: duckdb.DuckDBPyConnection) -> list[Story]:
    """Recompute and store the stories (only when they changed); return them."""
    stories = group_stories(*read_story_inputs(conn))
    rows = [_row(s) for s in stories]
    members = sorted((doc_id, s.story_id) for s in stories for doc_id in s.doc_ids)
    stored = conn.execute(f"SELECT {', '.join(_STORY_COLUMNS)} FROM stories ORDER BY story_id").fetchall()
    stored_members = conn.execute("SELECT doc_id, story_id FROM story_documents ORDER BY doc_id").fetchall()
    if [_parsed(r) for r in stored] != sorted(_parsed(r) for r in rows) or stored_members != members:
        replace_tables(conn, {"stories": (_STORY_COLUMNS, rows),
                              "story_documents": (("doc_id", "story_id"), members)})
    return stories


def iter_story_records(conn: duckdb.DuckDBPyConnection) -> Iterator[dict[str, Any]]:
    """Stored stories, largest first, each with its documents."""
    sql = f"""
        SELECT {', '.join('s.' + c for c in _STORY_COLUMNS)},
               list(struct_pack(doc_id := d.doc_id, path := d.path, title := d.title,
                                outlet := d.outlet, published := d.published)
                    ORDER BY d.published NULLS LAST, d.doc_id) AS docs
        FROM stories s
        JOIN story_documents sd ON sd.story_id = s.story_id
        JOIN documents d ON d.doc_id = sd.doc_id
        GROUP BY ALL
        ORDER BY s.documents DESC, s.events DESC, s.story_id
    """
    for row in stream(conn, sql):
        (story_id, label, documents, events, first, last, actors, types, places, docs) = row
        yield {
            "story_id": story_id, "label": label, "documents": documents, "events": events,
            "first_date": first, "last_date": last,
            "actors": [{"name": n, "events": k} for n, k in json.loads(actors)],
            "event_types": dict(json.loads(types)),
            "places": [{"name": n, "events": k} for n, k in json.loads(places)],
            "docs": [dict(d) for d in docs],
        }  # fmt: skip


def _row(s: Story) -> tuple:
    return (s.story_id, s.label, len(s.doc_ids), len(s.events), s.first_date, s.last_date,
            json.dumps(s.actors, ensure_ascii=False), json.dumps(s.event_types),
            json.dumps(s.places, ensure_ascii=False))


def _parsed(row: tuple) -> tuple:
    return (*row[:6], *(json.loads(x) if isinstance(x, str) else x for x in row[6:]))
