"""Score coded events against hand-coded gold events (``tests/gold/*.yaml``).

A gold event names its article file, a short trigger phrase as it appears in
the text, the PLOVER type, and the actor and recipient countries.  A coded
event *locates* a gold event when its evidence sentence, from the same file,
contains the trigger.  Then:

- type recall: gold events located by a coded event of the same type;
- event recall: ... of the same type whose actors share a country with the gold actors;
- dyad recall: ... whose recipients also agree (both empty, or sharing a country);
- precision: coded events that locate a gold event of their type (gold files
  code what an analyst would, so this is a lower bound);
- date accuracy: among matched events with a gold date, the share coded with that date.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml


@dataclass(frozen=True, slots=True)
class GoldEvent:
    file: str
    trigger: str
    type: str
    actor: frozenset[str]
    recipient: frozenset[str]
    date: str | None


@dataclass(slots=True)
class Score:
    gold: int = 0
    coded: int = 0
    type_hits: int = 0
    event_hits: int = 0
    dyad_hits: int = 0
    precise: int = 0
    dated: int = 0
    date_hits: int = 0

    def as_dict(self) -> dict[str, float | int]:
        def ratio(a: int, b: int) -> float:
            return round(a / b, 3) if b else 0.0

        return {
            "gold_events": self.gold, "coded_events": self.coded,
            "type_recall": ratio(self.type_hits, self.gold),
            "event_recall": ratio(self.event_hits, self.gold),
            "dyad_recall": ratio(self.dyad_hits, self.gold),
            "precision": ratio(self.precise, self.coded),
            "date_accuracy": ratio(self.date_hits, self.dated),
        }


def load_gold(path: str | Path) -> list[GoldEvent]:
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    out = []
    for file, events in data.items():
        for e in events or []:
            out.append(GoldEvent(file=str(file), trigger=str(e["trigger"]), type=e["type"],
                                 actor=frozenset(e.get("actor") or ()),
                                 recipient=frozenset(e.get("recipient") or ()),
                                 date=str(e["date"]) if e.get("date") else None))
    return out


def _norm(text: str) -> str:
    text = text.replace("’", "'").replace("“", '"').replace("”", '"')
    return re.sub(r"\s+", " ", text).lower()


def _countries(parties: list[dict]) -> set[str]:
    return {p["country"] for p in parties if p.get("country")}


def score(events: Iterable[dict], gold: list[GoldEvent]) -> Score:
    """Score event records (as exported by ``khaldun events``) against gold events."""
    by_file: dict[str, list[dict]] = {}
    for e in events:
        for ev in e["evidence"]:
            by_file.setdefault(Path(ev["doc_path"]).name, []).append(e)
    result = Score(gold=len(gold), coded=sum(len(v) for v in by_file.values()))
    located_ids: set[tuple[str, str]] = set()
    for g in gold:
        trig = _norm(g.trigger)
        located = [e for e in by_file.get(g.file, [])
                   if any(trig in _norm(ev["sentence"]) for ev in e["evidence"])]
        same_type = [e for e in located if e["event_type"] == g.type]
        for e in same_type:
            located_ids.add((g.file, e["event_id"]))
        if not same_type:
            continue
        result.type_hits += 1
        with_actor = [e for e in same_type if _countries(e["actor"]) & g.actor]
        if not with_actor:
            continue
        result.event_hits += 1
        dyads = [e for e in with_actor
                 if (not g.recipient and not e["recipient"]) or _countries(e["recipient"]) & g.recipient]
        if dyads:
            result.dyad_hits += 1
        if g.date:
            result.dated += 1
            if any(e["date"] == g.date for e in with_actor):
                result.date_hits += 1
    result.precise = sum(1 for f, evs in by_file.items() for e in evs if (f, e["event_id"]) in located_ids)
    return result
