"""One document's results as the rows the store inserts, encoded where the document was coded.

:func:`encode_result` turns a :class:`~khaldun.records.DocResult` into an
:class:`EncodedResult`: plain tuples of strings, numbers and lists (JSON
columns already serialised, per-document actor counts already made), one
list per table.  A worker process of ``khaldun run --workers N`` sends this
back instead of the records: tuples of plain values unpickle several times
faster than dataclasses (whose ``__setstate__`` runs Python code for every
record), and the main process, which every worker waits on, only inserts.
:func:`khaldun.store._write.write_results` stores either kind, with the same rows.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from typing import Any

from khaldun.quotes.group import hashed_keys
from khaldun.records import DocResult, Document, Event

#: An actor as the store merges it: (actor_id, name, kind, country, sectors, variants,
#: roles as dicts, mentions, source).
ActorRow = tuple[str, str, str, str | None, list[str], list[str], list[dict[str, Any]], int, str]
#: An event row with the rows of its parties and evidence (stored only with the event).
EventRows = tuple[tuple[Any, ...], list[tuple[Any, ...]], list[tuple[Any, ...]]]


@dataclass(slots=True)
class EncodedResult:
    """What the store inserts for one document (see :func:`encode_result`)."""

    document: Document
    sentences: list[tuple[Any, ...]]
    mentions: list[tuple[Any, ...]]
    actors: list[ActorRow]
    doc_actors: list[tuple[str, int]]  # (actor_id, mentions in this document)
    events: list[EventRows]
    quotes: list[tuple[Any, ...]]
    fingerprint: bytes | None
    words: int  # words of the document's sentences (the run's summary)
    #: (quote_id, hashed lookup key) of each quote (:func:`~khaldun.quotes.group.hashed_keys`)
    quote_keys: list[tuple[str, int]] = dataclasses.field(default_factory=list)


def to_json(value: Any) -> str | None:
    """Serialise a record (dataclass), dict or list to JSON text; ``None`` stays ``None``.

    The same text as ``json.dumps(dataclasses.asdict(value))``, without the
    deep copies ``asdict`` makes: the encoder walks lists and dicts itself and
    asks :func:`_json_default` only for the records (and, as ``str``, anything
    else it cannot write), so no plain copy of the value is built first.
    """
    if value is None:
        return None
    return json.dumps(value, ensure_ascii=False, default=_json_default)


def _json_default(value: Any) -> Any:
    """A record as the dict of its fields (the encoder goes on inside); anything else as text."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
    return str(value)


def plain(value: Any) -> Any:
    """Records as dicts of their fields (in field order), lists and dicts walked; the rest as is."""
    if isinstance(value, (str, int, float)) or value is None:
        return value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value


def encode_result(result: DocResult) -> EncodedResult:
    """The rows of one document's results (a pure function of ``result``)."""
    counts: dict[str, int] = {}  # per actor: the most any duplicate record says
    for actor in result.actors:
        counts[actor.actor_id] = max(counts.get(actor.actor_id, actor.mentions), actor.mentions)
    resolved: dict[str, int] = {}  # else the mentions that resolve to it
    for mention in result.mentions:
        if mention.actor_id is not None:
            resolved[mention.actor_id] = resolved.get(mention.actor_id, 0) + 1
    quotes = []
    for q in result.quotes:
        sp = q.speaker
        quotes.append((
            q.quote_id, q.doc_id, q.text, q.start, q.end, q.kind,
            sp.text if sp else None, sp.name if sp else None, sp.country if sp else None,
            list(sp.sectors) if sp else None, sp.actor_id if sp else None,
            sp.start if sp else None, sp.end if sp else None,
            q.cue, q.cue_start, q.cue_end, q.sentence_index, q.rule, q.confidence,
        ))  # fmt: skip
    return EncodedResult(
        document=result.document,
        sentences=[(s.doc_id, s.index, s.start, s.end, s.text) for s in result.sentences],
        mentions=[(m.doc_id, m.sentence_index, m.start, m.end, m.text, m.label, m.actor_id, m.rule)
                  for m in result.mentions],
        actors=[(a.actor_id, a.name, a.kind, a.country, list(a.sectors), list(a.variants),
                 [plain(r) for r in a.roles], a.mentions, a.source) for a in result.actors],
        doc_actors=[(actor_id, n or resolved.get(actor_id, 0)) for actor_id, n in counts.items()],
        events=[_event_rows(e) for e in result.events],
        quotes=quotes,
        fingerprint=result.fingerprint,
        words=sum(len(s.text.split()) for s in result.sentences),
        quote_keys=[(q.quote_id, key) for q in result.quotes for key in hashed_keys(q.text)],
    )


def _event_rows(e: Event) -> EventRows:
    event = (e.event_id, e.event_type, e.mode, list(e.contexts), e.cameo, e.quad, e.date,
             e.date_precision, e.date_source, to_json(e.location), e.negated, e.future,
             e.hypothetical, e.historical, e.confidence, to_json(e.provenance))
    parties = [(e.event_id, role, position, p.text, p.name, p.country, list(p.sectors), p.actor_id,
                p.start, p.end)
               for role, refs in (("actor", e.actor), ("recipient", e.recipient))
               for position, p in enumerate(refs)]
    evidence = [(e.event_id, position, ev.doc_id, ev.doc_path, ev.outlet, ev.sentence, ev.start, ev.end,
                 ev.trigger_start, ev.trigger_end)
                for position, ev in enumerate(e.evidence)]
    return event, parties, evidence


def encoded(result: DocResult | EncodedResult) -> EncodedResult:
    """``result`` as rows (encoded here when it is still records)."""
    return result if isinstance(result, EncodedResult) else encode_result(result)
