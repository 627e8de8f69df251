"""The cross-document event merge, read from and written to the store.

:func:`merge_stored_events` reads every event with its canonical parties, date,
place and evidence, applies :func:`khaldun.merge.merge_events`, counts reports,
documents and independent sources, and rewrites ``event_links`` and
``merged_events`` in one transaction (only when something changed, so a re-run
on the same data writes nothing).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Sequence

import duckdb

from khaldun.merge.events import (
    EventInfo,
    PLACE_RANK,
    MergedEvent,
    Place,
    Related,
    merge_events,
    party_key,
    side_keys,
)
from khaldun.store._sql import replace_tables

#: (doc_id, start, end) of one evidence sentence.
Report = tuple[str, int, int]
#: Counts the independent sources among the reports of one event.
SourceCounter = Callable[[Sequence[Report]], int]

_MERGED_COLUMNS = ("merged_id", "reports", "documents", "independent_sources", "date",
                   "date_precision", "date_source", "location", "rule")


def read_event_infos(conn: duckdb.DuckDBPyConnection) -> tuple[list[EventInfo], dict[str, list[Report]],
                                                              dict[str, tuple]]:
    """Every stored event as an :class:`EventInfo`, its reports, and its date source and place JSON."""
    parties: dict[tuple[str, str], set[tuple[str, str | None]]] = defaultdict(set)
    rows = conn.execute(
        """
        SELECT p.event_id, p.role, coalesce(l.canonical_id, p.actor_id), c.kind, p.name,
               p.country, p.sectors
        FROM event_parties p
        LEFT JOIN actor_links l ON l.actor_id = p.actor_id
        LEFT JOIN actors c ON c.actor_id = coalesce(l.canonical_id, p.actor_id)
        """
    ).fetchall()
    for event_id, role, actor_id, kind, name, country, sectors in rows:
        parties[(event_id, role)].add((party_key(actor_id, kind, name, country, sectors), country))
    reports: dict[str, list[Report]] = defaultdict(list)
    for event_id, doc_id, start, end in conn.execute(
        'SELECT event_id, doc_id, "start", "end" FROM evidence ORDER BY event_id, position'
    ).fetchall():
        reports[event_id].append((doc_id, start, end))
    infos, extra = [], {}
    for (event_id, event_type, mode, date, precision, date_source, location, negated, future,
         hypothetical, confidence) in conn.execute(
        "SELECT event_id, event_type, mode, date, date_precision, date_source, location, negated, "
        "future, hypothetical, confidence FROM events ORDER BY event_id"
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


def merge_stored_events(conn: duckdb.DuckDBPyConnection, count_sources: SourceCounter,
                        related: Related | None = None) -> int:
    """Recompute the merged events; return how many events were merged into another one.

    ``related`` says whether two documents share text; ``count_sources``
    counts the independent sources among an event's reports.
    """
    infos, reports, extra = read_event_infos(conn)
    merged = merge_events(infos, related)
    copies = dict(conn.execute(
        "SELECT doc_id, count(DISTINCT (path, coalesce(line, -1))) FROM document_copies GROUP BY doc_id"
    ).fetchall())
    links = sorted((e, m.merged_id) for m in merged for e in m.event_ids)
    rows = sorted(_merged_row(m, reports, extra, copies, count_sources) for m in merged)
    stored_links = conn.execute("SELECT event_id, merged_id FROM event_links ORDER BY event_id").fetchall()
    stored_rows = conn.execute(
        f"SELECT {', '.join(_MERGED_COLUMNS)} FROM merged_events ORDER BY merged_id"
    ).fetchall()
    if stored_links != links or [_comparable(r) for r in stored_rows] != [_comparable(r) for r in rows]:
        replace_tables(conn, {"event_links": (("event_id", "merged_id"), links),
                              "merged_events": (_MERGED_COLUMNS, rows)})
    return sum(len(m.members) - 1 for m in merged)


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


def _comparable(row: Sequence) -> tuple:
    """A row with its JSON column parsed, so stored and computed rows compare equal."""
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
