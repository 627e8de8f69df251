"""CAMEO-style dyads: one flat row per (source, target) pair of an event.

PLOVER events list compound parties on one event and reciprocal events (a
meeting, a call, a joint agreement) list every party as an actor with no
recipient.  CAMEO users expect one row per directed dyad:

* with recipients: one row per (actor, recipient) pair;
* no recipient and two or more distinct actors: one row per ordered pair of
  distinct actors (A->B and B->A);
* otherwise one row for the (only) actor with an empty target, or one row with an
  empty source when the event has no party at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

DYADIC_COLUMNS: tuple[str, ...] = (
    "event_id", "event_type", "mode", "cameo", "quad", "date", "date_precision",
    "source_name", "source_country", "source_sectors",
    "target_name", "target_country", "target_sectors",
    "negated", "future", "confidence", "doc_id", "sentence",
)  # fmt: skip

Party = dict[str, Any]


def dyadic_rows(event: dict[str, Any]) -> list[dict[str, Any]]:
    """Expand one event record (as from ``Store.iter_events``) into dyad rows."""
    actors: list[Party] = event["actor"]
    recipients: list[Party] = event["recipient"]
    pairs: list[tuple[Party | None, Party | None]]
    if recipients:
        sources: list[Party | None] = [*actors] or [None]
        pairs = [(a, r) for a in sources for r in recipients]
    else:
        distinct = _distinct(actors)
        if len(distinct) >= 2:
            pairs = [(a, b) for a in distinct for b in distinct if a is not b]
        elif distinct:
            pairs = [(distinct[0], None)]
        else:
            pairs = [(None, None)]
    first = event["evidence"][0] if event["evidence"] else None
    base = {
        "event_id": event["event_id"],
        "event_type": event["event_type"],
        "mode": event["mode"],
        "cameo": event["cameo"],
        "quad": event["quad"],
        "date": event["date"],
        "date_precision": event["date_precision"],
    }
    tail = {
        "negated": event["negated"],
        "future": event["future"],
        "confidence": event["confidence"],
        "doc_id": first["doc_id"] if first else None,
        "sentence": first["sentence"] if first else None,
    }
    return [{**base, **_side("source", s), **_side("target", t), **tail} for s, t in pairs]


def _distinct(parties: Sequence[Party]) -> list[Party]:
    """Parties with repeats of the same entity (same actor id, or name and country) dropped."""
    seen: set[tuple[Any, ...]] = set()
    out: list[Party] = []
    for party in parties:
        key = _identity(party)
        if key not in seen:
            seen.add(key)
            out.append(party)
    return out


def _identity(party: Party) -> tuple[Any, ...]:
    """What makes two party entries the same entity."""
    if party.get("actor_id"):
        return ("id", party["actor_id"])
    return ("name", party["name"], party["country"])


def _side(prefix: str, party: Party | None) -> dict[str, Any]:
    """The flat ``<prefix>_name/_country/_sectors`` columns of one party (None when absent)."""
    if party is None:
        return {f"{prefix}_name": None, f"{prefix}_country": None, f"{prefix}_sectors": None}
    return {
        f"{prefix}_name": party["name"],
        f"{prefix}_country": party["country"],
        f"{prefix}_sectors": ";".join(party["sectors"]),
    }
