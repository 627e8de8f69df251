"""Queries that read events and actors back as JSON-ready dicts.

The event record shape is the public output format of khaldun (``khaldun
events``, JSONL export); :func:`event_record` builds it with a fixed key order.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
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


def _lists_cte(party_fields: Sequence[str], evidence_fields: Sequence[str]) -> str:
    """Per event: the ordered list of actors, of recipients and of evidence sentences."""
    return f"""
    WITH parties AS (
        SELECT event_id, role, list({_struct(party_fields)} ORDER BY position) AS items
        FROM event_parties GROUP BY event_id, role
    ), proofs AS (
        SELECT event_id, list({_struct(evidence_fields)} ORDER BY position) AS items
        FROM evidence GROUP BY event_id
    )
    """


_JOINS = """
    FROM events e
    LEFT JOIN parties a ON a.event_id = e.event_id AND a.role = 'actor'
    LEFT JOIN parties r ON r.event_id = e.event_id AND r.role = 'recipient'
    LEFT JOIN proofs p ON p.event_id = e.event_id
"""


def events_sql(where: str = "") -> str:
    """Every stored column of an event plus its parties and evidence (all details)."""
    return (
        _lists_cte(PARTY_FIELDS + PARTY_DETAIL, EVIDENCE_FIELDS + EVIDENCE_DETAIL)
        + f"""
        SELECT e.event_id, e.event_type, e.mode, e.contexts, e.cameo, e.quad, e.date,
               e.date_precision, e.date_source, e.location, {_FLAG_COLUMNS}, e.provenance,
               a.items, r.items, p.items
        {_JOINS} {where} {EVENT_ORDER}
        """
    )


def events_nested_sql() -> str:
    """The event records as typed nested columns (lists of structs), for Parquet."""
    return (
        _lists_cte(PARTY_FIELDS, EVIDENCE_FIELDS)
        + f"""
        SELECT e.event_id, e.event_type, e.mode, e.contexts, e.cameo, e.quad, e.date,
               e.date_precision, coalesce(a.items, []) AS actor,
               coalesce(r.items, []) AS recipient,
               json_transform(e.location, '{LOCATION_TYPES}') AS location,
               e.negated, e.future, e.hypothetical, e.historical, e.confidence,
               coalesce(p.items, []) AS evidence
        {_JOINS} {EVENT_ORDER}
        """
    )


def event_record(row: Sequence[Any], *, detail: bool = False) -> dict[str, Any]:
    """Build the event record dict from a row of :func:`events_sql`.

    With ``detail`` the record also carries ``date_source``, ``provenance``, the
    actor ids and offsets of the parties and the trigger offsets of the evidence.
    """
    (event_id, event_type, mode, contexts, cameo, quad, date, date_precision, date_source,
     location, negated, future, hypothetical, historical, confidence, provenance,
     actors, recipients, evidence) = row  # fmt: skip
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
            "evidence": [_pick(e, evidence_keys) for e in evidence or []],
        }
    )
    if detail:
        record["provenance"] = json.loads(provenance) if provenance else None
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


ACTORS_SQL = """
    SELECT a.actor_id, a.name, a.kind, a.country, a.sectors, a.variants, a.roles, a.mentions,
           (SELECT count(*) FROM doc_actors d WHERE d.actor_id = a.actor_id) AS documents,
           a.source
    FROM actors a
    ORDER BY a.mentions DESC, a.name, a.actor_id
"""


def actor_record(row: Sequence[Any]) -> dict[str, Any]:
    """Build the actor dict from a row of :data:`ACTORS_SQL`."""
    actor_id, name, kind, country, sectors, variants, roles, mentions, documents, source = row
    return {
        "actor_id": actor_id,
        "name": name,
        "kind": kind,
        "country": country,
        "sectors": list(sectors or []),
        "variants": list(variants or []),
        "roles": json.loads(roles) if roles else [],
        "mentions": mentions,
        "documents": documents,
        "source": source,
    }
