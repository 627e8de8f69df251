"""Queries that read events and actors back as JSON-ready dicts.

The event record shape is the public output format of khaldun (``khaldun
events``, JSONL export); :func:`event_record` builds it with a fixed key order.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from khaldun.store._sql import quote_ident

PARTY_FIELDS: tuple[str, ...] = ("text", "name", "country", "sectors")
PARTY_DETAIL: tuple[str, ...] = ("actor_id", "start", "end")
EVIDENCE_FIELDS: tuple[str, ...] = ("doc_id", "doc_path", "outlet", "sentence", "start", "end")
EVIDENCE_DETAIL: tuple[str, ...] = ("trigger_start", "trigger_end")
LOCATION_FIELDS: tuple[str, ...] = ("name", "country", "lat", "lon", "precision", "geonameid")

#: DuckDB types of the location JSON, to turn it into a STRUCT (Parquet export).
LOCATION_TYPES = (
    '{"name": "VARCHAR", "country": "VARCHAR", "lat": "DOUBLE", "lon": "DOUBLE", '
    '"precision": "VARCHAR", "geonameid": "BIGINT"}'
)

#: Events in export order.
EVENT_ORDER = "ORDER BY e.date NULLS LAST, e.event_id"

_FLAG_COLUMNS = "e.negated, e.future, e.hypothetical, e.historical, e.confidence"


def _struct(fields: Sequence[str]) -> str:
    """A ``struct_pack`` of the named columns, keeping their names."""
    return "struct_pack(" + ", ".join(f"{quote_ident(f)} := {quote_ident(f)}" for f in fields) + ")"


#: How party fields are read: an actor merged across documents (``actor_links``)
#: is reported under its canonical actor's name and id; ``text`` stays as written.
_PARTY_COLUMNS: dict[str, str] = {
    "name": "coalesce(c.name, p.name)",
    "actor_id": "coalesce(l.canonical_id, p.actor_id)",
}


def _party_struct(fields: Sequence[str]) -> str:
    """A ``struct_pack`` of the party fields, canonical names and ids substituted."""
    items = (f"{quote_ident(f)} := {_PARTY_COLUMNS.get(f, 'p.' + quote_ident(f))}" for f in fields)
    return "struct_pack(" + ", ".join(items) + ")"


#: The links relation of a database with the ``actor_links`` table, and the
#: empty stand-in for a read-only database written before it existed.
LINKS_TABLE = "actor_links"
NO_LINKS = "(SELECT NULL::VARCHAR AS actor_id, NULL::VARCHAR AS canonical_id WHERE false)"


#: Stand-ins for the tables of merged events in a read-only database written
#: before they existed: then every event is its own merged event.
EVENT_LINKS_TABLE = "event_links"
NO_EVENT_LINKS = "(SELECT NULL::VARCHAR AS event_id, NULL::VARCHAR AS merged_id WHERE false)"
MERGED_TABLE = "merged_events"
NO_MERGED = (
    "(SELECT NULL::VARCHAR AS merged_id, NULL::INTEGER AS reports, NULL::INTEGER AS documents, "
    "NULL::INTEGER AS independent_sources, NULL::VARCHAR AS date, NULL::VARCHAR AS date_precision, "
    "NULL::VARCHAR AS date_source, NULL::JSON AS location, NULL::VARCHAR AS rule WHERE false)"
)


@dataclass(frozen=True)
class Relations:
    """What the readers join: the tables, or empty stand-ins for an older database."""

    actor_links: str = LINKS_TABLE
    event_links: str = EVENT_LINKS_TABLE
    merged: str = MERGED_TABLE


def _lists_cte(party_fields: Sequence[str], evidence_fields: Sequence[str],
               rel: Relations) -> str:
    """Per event: the ordered lists of actors and recipients, and the evidence of
    every event merged into it (see :mod:`khaldun.merge`)."""
    return f"""
    WITH members AS (
        SELECT e.event_id, coalesce(el.merged_id, e.event_id) AS merged_id
        FROM events e LEFT JOIN {rel.event_links} el ON el.event_id = e.event_id
    ), parties AS (
        SELECT p.event_id, p.role, list({_party_struct(party_fields)} ORDER BY p.position) AS items
        FROM event_parties p
        LEFT JOIN {rel.actor_links} l ON l.actor_id = p.actor_id
        LEFT JOIN actors c ON c.actor_id = l.canonical_id
        GROUP BY p.event_id, p.role
    ), proofs AS (
        SELECT m.merged_id AS event_id,
               list({_struct(evidence_fields)} ORDER BY ev.doc_id, ev."start", ev.position) AS items,
               list(DISTINCT ev.event_id) AS event_ids
        FROM evidence ev JOIN members m ON m.event_id = ev.event_id
        GROUP BY m.merged_id
    )
    """


_JOINS = """
    FROM events e
    JOIN members mm ON mm.event_id = e.event_id AND mm.merged_id = e.event_id
    LEFT JOIN {merged} me ON me.merged_id = e.event_id
    LEFT JOIN parties a ON a.event_id = e.event_id AND a.role = 'actor'
    LEFT JOIN parties r ON r.event_id = e.event_id AND r.role = 'recipient'
    LEFT JOIN proofs p ON p.event_id = e.event_id
"""

#: Columns a merged event takes from its most exact member (``merged_events``).
_MERGED_COLUMNS = (
    "coalesce(me.date, e.date) AS date, coalesce(me.date_precision, e.date_precision) AS date_precision"
)
_COUNT_COLUMNS = (
    "coalesce(me.reports, len(p.items), 0) AS reports, coalesce(me.documents, 1) AS documents, "
    "coalesce(me.independent_sources, 1) AS independent_sources"
)


def events_sql(where: str = "", rel: Relations = Relations()) -> str:
    """Every stored column of a merged event plus its parties and all its evidence.

    Only the representative of each merged event (its smallest event id) is a
    row; ``rel`` names the relations joined (:class:`Relations`).
    """
    return (
        _lists_cte(PARTY_FIELDS + PARTY_DETAIL, EVIDENCE_FIELDS + EVIDENCE_DETAIL, rel)
        + f"""
        SELECT e.event_id, e.event_type, e.mode, e.contexts, e.cameo, e.quad, {_MERGED_COLUMNS},
               coalesce(me.date_source, e.date_source), coalesce(me.location, e.location),
               {_FLAG_COLUMNS}, e.provenance, a.items, r.items, p.items, {_COUNT_COLUMNS},
               p.event_ids, me.rule
        {_JOINS.format(merged=rel.merged)} {where} {EVENT_ORDER}
        """
    )


def events_nested_sql(rel: Relations = Relations()) -> str:
    """The event records as typed nested columns (lists of structs), for Parquet."""
    return (
        _lists_cte(PARTY_FIELDS, EVIDENCE_FIELDS, rel)
        + f"""
        SELECT e.event_id, e.event_type, e.mode, e.contexts, e.cameo, e.quad, {_MERGED_COLUMNS},
               coalesce(a.items, []) AS actor,
               coalesce(r.items, []) AS recipient,
               json_transform(coalesce(me.location, e.location), '{LOCATION_TYPES}') AS location,
               e.negated, e.future, e.hypothetical, e.historical, e.confidence, {_COUNT_COLUMNS},
               coalesce(p.items, []) AS evidence
        {_JOINS.format(merged=rel.merged)} {EVENT_ORDER}
        """
    )


def event_record(row: Sequence[Any], *, detail: bool = False) -> dict[str, Any]:
    """Build the event record dict from a row of :func:`events_sql`.

    With ``detail`` the record also carries ``date_source``, ``provenance``, the
    actor ids and offsets of the parties and the trigger offsets of the evidence.
    """
    (event_id, event_type, mode, contexts, cameo, quad, date, date_precision, date_source,
     location, negated, future, hypothetical, historical, confidence, provenance,
     actors, recipients, evidence, reports, documents, sources, members, rule) = row  # fmt: skip
    party_keys = PARTY_FIELDS + PARTY_DETAIL if detail else PARTY_FIELDS
    evidence_keys = EVIDENCE_FIELDS + EVIDENCE_DETAIL if detail else EVIDENCE_FIELDS
    record: dict[str, Any] = {
        "event_id": event_id,
        "event_type": event_type,
        "mode": mode,
        "contexts": list(contexts or []),
        "cameo": cameo,
        "quad": quad,
        "date": date,
        "date_precision": date_precision,
    }
    if detail:
        record["date_source"] = date_source
    record.update(
        {
            "actor": [_pick(p, party_keys) for p in actors or []],
            "recipient": [_pick(p, party_keys) for p in recipients or []],
            "location": _location(location),
            "negated": negated,
            "future": future,
            "hypothetical": hypothetical,
            "historical": historical,
            "confidence": confidence,
            "reports": reports,
            "documents": documents,
            "independent_sources": sources,
            "evidence": [_pick(e, evidence_keys) for e in evidence or []],
        }
    )
    if detail:
        record["provenance"] = json.loads(provenance) if provenance else None
        record["merged"] = {"event_ids": sorted(members or [event_id]), "rule": rule or "single"}
    return record


def _pick(item: dict[str, Any], keys: Sequence[str]) -> dict[str, Any]:
    """The named keys of a struct, in order; lists are copied."""
    return {k: list(item[k] or []) if k == "sectors" else item[k] for k in keys}


def _location(text: str | None) -> dict[str, Any] | None:
    """The location JSON as a dict with the fixed key order (None when absent)."""
    if not text:
        return None
    data = json.loads(text)
    return {k: data.get(k) for k in LOCATION_FIELDS}


def actors_sql(links: str = LINKS_TABLE) -> str:
    """Canonical actors: members of a merged actor folded into its canonical one.

    Members are listed canonical first, then by mentions.
    """
    return f"""
    WITH members AS (
        SELECT coalesce(l.canonical_id, a.actor_id) AS cid, a.*
        FROM actors a LEFT JOIN {links} l ON l.actor_id = a.actor_id
    ), docs AS (
        SELECT coalesce(l.canonical_id, d.actor_id) AS cid, count(DISTINCT d.doc_id) AS n
        FROM doc_actors d LEFT JOIN {links} l ON l.actor_id = d.actor_id
        GROUP BY 1
    ), groups AS (
        SELECT cid, sum(mentions) AS mentions,
               list(struct_pack(actor_id := actor_id, name := name, kind := kind,
                                country := country, sectors := sectors, variants := variants,
                                roles := roles, source := source)
                    ORDER BY actor_id = cid DESC, mentions DESC, actor_id) AS items
        FROM members GROUP BY cid
    )
    SELECT g.items, g.mentions, coalesce(docs.n, 0) AS documents
    FROM groups g LEFT JOIN docs ON docs.cid = g.cid
    ORDER BY g.mentions DESC, g.items[1].name, g.items[1].actor_id
"""


def actor_record(row: Sequence[Any]) -> dict[str, Any]:
    """Build the canonical actor dict from a row of :func:`actors_sql`.

    The first member is the canonical actor: its id, name, kind and source are
    the record's; country is the first known one; sectors, variants and roles
    are the union over the members in order; ``merged_ids`` lists every member.
    """
    items, mentions, documents = row
    head = items[0]
    roles: list[Any] = []
    for item in items:
        for role in json.loads(item["roles"]) if item["roles"] else []:
            if role not in roles:
                roles.append(role)
    return {
        "actor_id": head["actor_id"],
        "name": head["name"],
        "kind": head["kind"],
        "country": next((i["country"] for i in items if i["country"]), None),
        "sectors": _union(i["sectors"] for i in items),
        "variants": _union(i["variants"] for i in items),
        "roles": roles,
        "mentions": int(mentions),
        "documents": documents,
        "source": head["source"],
        "merged_ids": [i["actor_id"] for i in items],
    }


def _union(lists: Iterable[Sequence[str] | None]) -> list[str]:
    """Items of the lists in order, each once."""
    return list(dict.fromkeys(x for values in lists for x in values or []))
