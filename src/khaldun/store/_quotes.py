"""Quotes across documents, read from and written to the store (see :mod:`khaldun.quotes`).

Each document's quotes are stored with it (``quotes``).  :func:`group_stored_quotes`
groups the same quote reported by several documents (``quote_groups``,
``quote_links``), speakers compared by their canonical actor.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import duckdb

from khaldun.knowledge.normalize import normalize_name
from khaldun.quotes import group_quotes
from khaldun.records import ActorRef, Quote
from khaldun.store._sql import replace_tables, stream
from khaldun.store._write import QUOTE_COLUMNS

_GROUP_COLUMNS = ("group_id", "text", "kind", "cue", "speaker_name", "speaker_country",
                  "speaker_actor_id", "reports", "documents")


def read_quotes(conn: duckdb.DuckDBPyConnection) -> list[tuple[Quote, str | None]]:
    """Every stored quote with its speaker's canonical actor id."""
    cols = ", ".join(f'q."{c}"' for c in QUOTE_COLUMNS)
    rows = conn.execute(
        f"""
        SELECT {cols}, coalesce(l.canonical_id, q.speaker_actor_id), coalesce(c.name, q.speaker_name)
        FROM quotes q
        LEFT JOIN actor_links l ON l.actor_id = q.speaker_actor_id
        LEFT JOIN actors c ON c.actor_id = l.canonical_id
        ORDER BY q.doc_id, q."start", q.quote_id
        """
    ).fetchall()
    out = []
    for row in rows:
        (quote_id, doc_id, text, start, end, kind, sp_text, sp_name, sp_country, sp_sectors, sp_id,
         sp_start, sp_end, cue, cue_start, cue_end, sentence_index, rule, confidence,
         canonical_id, canonical_name) = row  # fmt: skip
        speaker = None
        if sp_name or sp_text:
            speaker = ActorRef(text=sp_text or "", name=canonical_name or sp_name or sp_text,
                               country=sp_country, sectors=list(sp_sectors or []), actor_id=canonical_id,
                               start=sp_start, end=sp_end)
        quote = Quote(quote_id=quote_id, doc_id=doc_id, text=text, start=start, end=end, kind=kind,
                      speaker=speaker, cue=cue, cue_start=cue_start, cue_end=cue_end,
                      sentence_index=sentence_index, rule=rule or "", confidence=confidence or 0.5)
        out.append((quote, canonical_id or (f"name:{normalize_name(sp_name)}" if sp_name else None)))
    return out


def group_stored_quotes(conn: duckdb.DuckDBPyConnection) -> int:
    """Recompute the quote groups (only written when changed); return how many groups."""
    groups = group_quotes(read_quotes(conn))
    rows = sorted(
        (g.quote_id, g.text, g.kind, g.cue, g.speaker.name if g.speaker else None,
         g.speaker.country if g.speaker else None, g.speaker.actor_id if g.speaker else None,
         g.reports, g.documents)
        for g in groups
    )  # fmt: skip
    links = sorted((q.quote_id, g.quote_id) for g in groups for q in g.members)
    stored = conn.execute(f"SELECT {', '.join(_GROUP_COLUMNS)} FROM quote_groups ORDER BY group_id").fetchall()
    stored_links = conn.execute("SELECT quote_id, group_id FROM quote_links ORDER BY quote_id").fetchall()
    if stored != rows or stored_links != links:
        replace_tables(conn, {"quote_groups": (_GROUP_COLUMNS, rows),
                              "quote_links": (("quote_id", "group_id"), links)})
    return len(groups)


def iter_quote_records(conn: duckdb.DuckDBPyConnection, speaker: str | None = None) -> Iterator[dict[str, Any]]:
    """Quote records (most reported first), optionally only those of one speaker.

    ``speaker`` matches the speaker's canonical name, any of the actor's
    variants, or the name as the text gave it (case and accents ignored; a
    surname is enough).
    """
    sql = """
        SELECT g.group_id, g.text, g.speaker_name, g.speaker_country, g.cue, g.kind, g.reports,
               g.documents, g.speaker_actor_id,
               list(struct_pack(doc_id := q.doc_id, doc_path := d.path, start := q."start",
                                "end" := q."end", text := q.text, speaker_text := q.speaker_text,
                                outlet := d.outlet)
                    ORDER BY q.doc_id, q."start") AS evidence,
               list(DISTINCT q.speaker_name) AS names, bool_or(q.kind <> 'indirect') AS direct,
               any_value(a.variants) AS variants
        FROM quote_groups g
        JOIN quote_links k ON k.group_id = g.group_id
        JOIN quotes q ON q.quote_id = k.quote_id
        JOIN documents d ON d.doc_id = q.doc_id
        LEFT JOIN actors a ON a.actor_id = g.speaker_actor_id
        GROUP BY ALL
        ORDER BY g.reports DESC, g.speaker_name NULLS LAST, g.group_id
    """
    wanted = normalize_name(speaker) if speaker else None
    for (group_id, text, name, country, cue, kind, reports, documents, actor_id, evidence, names,
         direct, variants) in stream(conn, sql):  # fmt: skip
        if wanted is not None and not _speaker_matches(wanted, [name, *(names or []), *(variants or [])]):
            continue
        yield {
            "quote_id": group_id,
            "text": text,
            "speaker": {"name": name, "country": country} if name else None,
            "cue": cue,
            "direct": bool(direct),
            "reports": reports,
            "evidence": [{k: e[k] for k in ("doc_id", "doc_path", "start", "end")} for e in evidence],
            "kind": kind,
            "documents": documents,
            "speaker_actor_id": actor_id,
        }


def _speaker_matches(wanted: str, names: list[str | None]) -> bool:
    for name in names:
        if not name:
            continue
        norm = normalize_name(name)
        if norm == wanted or wanted in norm.split() or f" {wanted} " in f" {norm} ":
            return True
    return False
