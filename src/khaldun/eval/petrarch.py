"""PETRARCH2's validation suite: ``PETR.UnitTest.records.xml`` with its ``PETR.Validate.*`` dictionaries.

Each ``<Sentence>`` holds the text and its gold ``<EventCoding sourcecode=…
targetcode=… eventcode=…>`` triples (``noevents`` when nothing should be coded;
records testing PETRARCH's own error handling are skipped).  The actors are
fictional (Arnor, Gondor, …) and come from the suite's actor and agent files,
which khaldun loads as a user's Phoenix dictionaries; the verbs come from the
suite's verb dictionary ``PETR.Validate.verbs.txt``, read with
:mod:`khaldun.knowledge.petrarch_verbs` (khaldun's own verb lexicon is set
aside by default: the suite's codes are its dictionary's, mostly WEIS codes
that the suite's patterns define).

Scores, micro-averaged over sentences, as PETRARCH2 reported them:
- triple F1: (source, target, CAMEO code);
- dyad F1: (source, target);
- root-code F1: the two-digit CAMEO root.
Codes are compared on the country part (first three letters) and, for the
``exact`` variants, on country + first sector code.
"""

from __future__ import annotations

import dataclasses
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from khaldun.events.coder import EventCoder
from khaldun.knowledge.verbs import load_verbs

from khaldun.eval.metrics import set_prf
from khaldun.eval.sentences import code_sentences
from khaldun.pipeline import Resources

#: PETRARCH2's published scores on this file (from the issue).
PETRARCH2 = {"triple_f1": 0.41, "dyad_f1": 0.62, "root_f1": 0.48}


@dataclass(frozen=True, slots=True)
class Record:
    id: str
    date: str | None
    text: str
    triples: frozenset[tuple[str, str, str]]


def dictionaries(path: str | Path) -> list[Path]:
    """The suite's actor and agent files, beside the records file."""
    folder = Path(path).parent
    return [p for p in (folder / "PETR.Validate.actors.txt", folder / "PETR.Validate.agents.txt") if p.exists()]


def verb_dictionaries(path: str | Path) -> list[Path]:
    """The suite's verb dictionary, beside the records file (empty when it is missing)."""
    verbs = Path(path).parent / "PETR.Validate.verbs.txt"
    return [verbs] if verbs.exists() else []


def load_resources(path: str | Path, *, own_verbs: bool = False) -> Resources:
    """The pipeline with the suite's actors, agents and verbs (and khaldun's verbs too if ``own_verbs``)."""
    res = Resources.load(actor_files=dictionaries(path))
    files = verb_dictionaries(path)
    if files:
        verbs = load_verbs(files, bundled_entries=own_verbs)
        res = dataclasses.replace(res, verbs=verbs, coder=EventCoder(verbs, res.knowledge, res.places))
    return res


def read(path: str | Path, limit: int | None = None) -> list[Record]:
    root = ET.parse(path).getroot()
    records = []
    for s in root.iter("Sentence"):
        codings = s.findall("EventCoding")
        if any("error" in c.attrib for c in codings):
            continue
        triples = frozenset(
            (_clean(c.get("sourcecode")), _clean(c.get("targetcode")), _clean(c.get("eventcode")))
            for c in codings if c.get("eventcode"))
        text = " ".join((s.findtext("Text") or "").split())
        date = s.get("date")
        iso = f"{date[:4]}-{date[4:6]}-{date[6:8]}" if date and len(date) == 8 else None
        records.append(Record(id=s.get("id", ""), date=iso, text=text, triples=triples))
        if limit and len(records) >= limit:
            break
    return records


def _clean(code: str | None) -> str:
    return (code or "").strip().strip('"').strip()


def _party_codes(parties, exact: bool) -> list[str]:
    codes = []
    for p in parties:
        if not p.country:
            continue
        codes.append(p.country + (p.sectors[0] if exact and p.sectors else ""))
    return codes or ["---"]


def _predicted(events, exact: bool) -> set[tuple[str, str, str]]:
    out = set()
    for e in events:
        if e.negated or e.hypothetical:
            continue
        actors = _party_codes(e.actor, exact)
        if not e.recipient and len(set(actors)) > 1:
            # several actors and no recipient ("Arnor and Gondor met", "... agree that"): every
            # ordered pair, the same rule as `khaldun events --dyadic` (khaldun.store._dyadic)
            out.update((s, t, e.cameo) for s in actors for t in actors if s != t)
            continue
        for s in actors:
            for t in _party_codes(e.recipient, exact):
                out.add((s, t, e.cameo))
    return out


def _gold(triples, exact: bool) -> set[tuple[str, str, str]]:
    return {(s if exact else s[:3], t if exact else t[:3], c) for s, t, c in triples}


def evaluate(path: str | Path, res: Resources, limit: int | None = None) -> dict:
    """Score the coder (``res`` must have the suite's dictionaries loaded; see :func:`load_resources`)."""
    records = read(path, limit)
    coded = list(code_sentences([r.text for r in records], res, source=str(path),
                                published=[r.date for r in records]))
    result: dict = {"goldset": "petrarch-unit-tests", "sentences": len(records),
                    "gold_triples": sum(len(r.triples) for r in records), "petrarch2": PETRARCH2}
    for exact in (False, True):
        gold = [_gold(r.triples, exact) for r in records]
        pred = [_predicted(c.events, exact) for c in coded]
        suffix = "_exact" if exact else ""
        result[f"triple{suffix}"] = set_prf(gold, pred)
        result[f"dyad{suffix}"] = set_prf([{(s, t) for s, t, _ in g} for g in gold],
                                          [{(s, t) for s, t, _ in p} for p in pred])
    result["root"] = set_prf([{c[:2] for *_, c in r.triples} for r in records],
                             [{e.cameo[:2] for e in c.events if not (e.negated or e.hypothetical)}
                              for c in coded])
    return result
