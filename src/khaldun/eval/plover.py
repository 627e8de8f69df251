"""PLOVER's gold-standard records (PLOVER_GSR_CAMEO: a JSON list from the CAMEO manual).

The file uses PLOVER 0.5b1 event names; they are mapped to today's 16 types.
Scores: event-type accuracy of the main event and per-type precision/recall/F1,
and, where the type is right, whether the actors and targets share a country.
"""

from __future__ import annotations

import json
from pathlib import Path

from khaldun.eval.metrics import macro_f1, per_label, ratio
from khaldun.eval.sentences import code_sentences
from khaldun.pipeline import Resources

# PLOVER 0.5b1 names that changed in the 16-type ontology.
OLD_TO_NEW = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}


def read(path: str | Path, limit: int | None = None) -> list[dict]:
    records = json.loads(Path(path).read_text(encoding="utf-8"))
    if not isinstance(records, list):
        raise ValueError(f"{path}: expected a JSON list of PLOVER records")
    out = [r for r in records if r.get("text") and r.get("event") and r["event"] != "DOCUMENT"]
    return out[:limit] if limit else out


def _codes(parties: object) -> set[str]:
    """Country codes of a party list (the file has a few malformed strings: no parties)."""
    if not isinstance(parties, list):
        return set()
    return {str(p["code"])[:3] for p in parties if isinstance(p, dict) and p.get("code")}


def evaluate(path: str | Path, res: Resources, limit: int | None = None) -> dict:
    records = read(path, limit)
    gold = [OLD_TO_NEW.get(r["event"], r["event"]) for r in records]
    coded = list(code_sentences([r["text"] for r in records], res, source=str(path),
                                published=[r.get("date") for r in records]))
    pred = [c.main.event_type if c.main else None for c in coded]
    any_type = sum(g in {e.event_type for e in c.events} for g, c in zip(gold, coded))
    source_ok = target_ok = with_target = typed = 0
    for r, g, c in zip(records, gold, coded):
        same = [e for e in c.events if e.event_type == g]
        if not same:
            continue
        typed += 1
        src, tgt = _codes(r.get("source")), _codes(r.get("target"))
        if any({a.country for a in e.actor} & src for e in same):
            source_ok += 1
        if tgt:
            with_target += 1
            if any({a.country for a in e.recipient} & tgt for e in same):
                target_ok += 1
    table = per_label(gold, pred)
    return {
        "goldset": "plover-gsr",
        "records": len(records),
        "type_accuracy": ratio(sum(g == p for g, p in zip(gold, pred)), len(records)),
        "type_in_any_event": ratio(any_type, len(records)),
        "macro_f1": macro_f1(table),
        "coverage": ratio(sum(p is not None for p in pred), len(records)),
        "source_match_where_type_right": ratio(source_ok, typed),
        "target_match_where_type_right": ratio(target_ok, with_target),
        "per_type": table,
    }
