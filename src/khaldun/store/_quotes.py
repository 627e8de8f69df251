"""Quotes across documents, read from and written to the store (see :mod:`khaldun.quotes`).

Each document's quotes are stored with it (``quotes``).  :func:`group_stored_quotes`
groups the same quote reported by several documents (``quote_groups``,
``quote_links``), speakers compared by their canonical actor, incrementally:
only the groups new quotes (or quotes whose speaker's canonical actor
changed) can reach are regrouped.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from typing import Any

import duckdb
import numpy as np

from khaldun.knowledge.normalize import normalize_name
from khaldun.quotes import QuoteGroup, group_quotes
from khaldun.quotes.group import QuoteTexts, key_hash
from khaldun.records import ActorRef, Quote
from khaldun.store._sql import among, delete_among, insert_rows, stream, transaction
from khaldun.store._write import QUOTE_COLUMNS

_GROUP_COLUMNS = ("group_id", "text", "kind", "cue", "speaker_name", "speaker_country",
                  "speaker_actor_id", "reports", "documents")


def read_quotes(conn: duckdb.DuckDBPyConnection, quote_ids: Collection[str] | None = None
                ) -> list[tuple[Quote, str | None]]:
    """Stored quotes (all, or those of ``quote_ids``) with their speaker's key: the canonical
    actor id, else ``name:`` and the normalised name, else None."""
    cols = ", ".join(f'q."{c}"' for c in QUOTE_COLUMNS)
    where, params = among("q.quote_id", quote_ids)
    rows = conn.execute(
        f"""
        SELECT {cols}, coalesce(l.canonical_id, q.speaker_actor_id), coalesce(c.name, q.speaker_name)
        FROM quotes q
        LEFT JOIN actor_links l ON l.actor_id = q.speaker_actor_id
        LEFT JOIN actors c ON c.actor_id = l.canonical_id
        WHERE {where}
        ORDER BY q.doc_id, q."start", q.quote_id
        """, params
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


def group_stored_quotes(conn: duckdb.DuckDBPyConnection, *, full: bool = False) -> int:
    """Regroup the quotes a new batch touches (all with ``full``); return how many groups are stored.

    Touched are new quotes and quotes whose speaker's canonical actor changed.
    A quote only meets quotes sharing a lookup key and the same words with it
    (see :mod:`khaldun.quotes.group`), whatever the speakers, so the scope is
    the touched quotes and every quote reached that way, transitively: the
    others' groups stay as they are.  When that reaches a third of the stored
    quotes (:data:`CLOSURE_LIMIT`), all are regrouped, which is cheaper.  One
    transaction; only changed groups are rewritten.
    """
    with transaction(conn):
        changed = [r[0] for r in conn.execute(_CHANGED_SPEAKERS).fetchall()]
        new = [r[0] for r in conn.execute(
            "SELECT quote_id FROM quotes WHERE quote_id NOT IN (SELECT quote_id FROM quote_speakers)"
        ).fetchall()]
        if not full and not changed and not new:
            return _group_count(conn)
        _count_stored_keys(conn)  # once, in a database from before the counts
        touched = read_quotes(conn, None if full else set(new) | set(changed))
        delete_among(conn, "quote_speakers", "quote_id", {q.quote_id for q, _ in touched})
        texts = QuoteTexts()  # each text normalised once, for its keys, the closure and the grouping
        keys = {q.quote_id: texts.keys(q.text) for q, _ in touched}
        insert_rows(conn, "quote_speakers", ("quote_id", "canonical_id", "n_keys"),
                    [(q.quote_id, q.speaker.actor_id if q.speaker else None, len(keys[q.quote_id]))
                     for q, _ in touched])
        fresh = set(new)
        # new quotes are written with their keys (made where they were coded): only those of a
        # database from before that get theirs here
        unkeyed = fresh - {r[0] for r in conn.execute(
            "SELECT DISTINCT quote_id FROM quote_keys WHERE quote_id IN (SELECT unnest(?::VARCHAR[]))",
            [sorted(fresh)]).fetchall()}
        insert_rows(conn, "quote_keys", ("quote_id", "key"),
                    [(q.quote_id, key_hash(k)) for q, _ in touched if q.quote_id in unkeyed
                     for k in keys[q.quote_id]])
        _count_keys(conn, fresh)
        seeds = fresh | set(changed)
        row = conn.execute("SELECT count(*) FROM quotes").fetchone()
        total = row[0] if row else 0
        # most quotes touched (a first run): regrouping all is cheaper than finding what they reach
        scope = None if full or 2 * len(seeds) >= total else _closure(conn, seeds, texts, total)
        # every quote was just read when every quote is touched (a first run): not read again
        everything = full or (scope is None and len(touched) == total)
        groups = group_quotes(touched if everything else read_quotes(conn, scope), texts)  # scope None: all
        new_rows = {g.quote_id: _group_row(g) for g in groups}
        new_links = {q.quote_id: g.quote_id for g in groups for q in g.members}
        where, params = among("quote_id", scope)
        old_links = dict(conn.execute(f"SELECT quote_id, group_id FROM quote_links WHERE {where}",
                                      params).fetchall())
        where, params = among("group_id", None if scope is None else set(old_links.values()))
        old_rows = {r[0]: r for r in conn.execute(
            f"SELECT {', '.join(_GROUP_COLUMNS)} FROM quote_groups WHERE {where}", params).fetchall()}
        changed_groups = {g for g in old_rows.keys() | new_rows.keys() if old_rows.get(g) != new_rows.get(g)}
        moved = {q for q in old_links.keys() | new_links.keys() if old_links.get(q) != new_links.get(q)}
        delete_among(conn, "quote_groups", "group_id", changed_groups)
        insert_rows(conn, "quote_groups", _GROUP_COLUMNS,
                    sorted(new_rows[g] for g in changed_groups if g in new_rows))
        delete_among(conn, "quote_links", "quote_id", moved)
        insert_rows(conn, "quote_links", ("quote_id", "group_id"),
                    sorted((q, new_links[q]) for q in moved if q in new_links))
    return _group_count(conn)


#: Quotes whose speaker's canonical actor differs from the one they were last grouped under.
_CHANGED_SPEAKERS = """
    SELECT q.quote_id FROM quotes q
    JOIN quote_speakers s ON s.quote_id = q.quote_id
    LEFT JOIN actor_links l ON l.actor_id = q.speaker_actor_id
    WHERE coalesce(l.canonical_id, q.speaker_actor_id) IS DISTINCT FROM s.canonical_id
"""
#: A lookup key held by more quotes than this is common ("we will not"): a closure looks a
#: quote up by its common keys only when it could say the same words as another through them.
COMMON_KEY_HOLDERS = 300


def _count_keys(conn: duckdb.DuckDBPyConnection, quote_ids: Collection[str]) -> None:
    """Add the lookup keys of quotes grouped for the first time to ``quote_key_counts`` (how
    many stored quotes hold each key), so that no run counts every stored key again."""
    if not quote_ids:
        return
    _khaldun_quotes = {"quote_id": np.array(sorted(quote_ids), dtype=object)}  # noqa: F841
    conn.execute("""
        INSERT INTO quote_key_counts
        SELECT "key", count(*) FROM quote_keys WHERE quote_id IN (SELECT quote_id FROM _khaldun_quotes)
        GROUP BY "key"
        ON CONFLICT ("key") DO UPDATE SET holders = quote_key_counts.holders + excluded.holders
    """)


def _count_stored_keys(conn: duckdb.DuckDBPyConnection) -> None:
    """Count the keys of the quotes grouped before, in a database that has none counted yet
    (one written before ``quote_key_counts``): every grouped quote holds a key.  With no quote
    grouped yet, none is counted."""
    if conn.execute("SELECT count(*) FROM quote_speakers").fetchone() == (0,):
        conn.execute("DELETE FROM quote_key_counts")
        return
    if conn.execute("SELECT count(*) FROM quote_key_counts").fetchone() != (0,):
        return
    conn.execute("""
        INSERT INTO quote_key_counts
        SELECT "key", count(*) FROM quote_keys WHERE quote_id IN (SELECT quote_id FROM quote_speakers)
        GROUP BY "key"
    """)


#: The common keys, and the quotes with so many of them that they may share nothing else with
#: a quote saying the same words (the shorter of two such quotes shares half its keys with the
#: other: when at least half of its keys are common, they may be all it shares).
_COMMON = (
    'CREATE OR REPLACE TEMP TABLE _closure_common AS SELECT "key" FROM quote_key_counts WHERE holders > ?',
    """
    CREATE OR REPLACE TEMP TABLE _closure_heavy AS
    SELECT k.quote_id FROM quote_keys k SEMI JOIN _closure_common c ON c."key" = k."key"
    JOIN quote_speakers s ON s.quote_id = k.quote_id
    GROUP BY k.quote_id, s.n_keys HAVING 2 * count(*) >= s.n_keys - 1
    """)

#: Pairs of quotes (a quote of the frontier first, then one outside the scope so far) sharing
#: enough lookup keys to say the same words: half the shorter one's shingles at least (the
#: rule's fuzzy case; equal and contained texts share them all).  Such a pair shares a key
#: that is not common, or the shorter one is heavy with common keys; the candidates are found
#: that way, then their shared keys counted.
_SHARING = """
    WITH given AS (SELECT quote_id, "key" FROM quote_keys
                   WHERE quote_id IN (SELECT quote_id FROM _khaldun_frontier)),
    outside AS (SELECT quote_id, "key" FROM quote_keys
                WHERE quote_id NOT IN (SELECT quote_id FROM _closure_scope)),
    candidates AS (
        SELECT g.quote_id AS a, k.quote_id AS b FROM given g JOIN outside k ON k."key" = g."key"
        WHERE g."key" NOT IN (SELECT "key" FROM _closure_common)
        UNION
        SELECT g.quote_id, k.quote_id FROM given g JOIN outside k ON k."key" = g."key"
        WHERE g.quote_id IN (SELECT quote_id FROM _closure_heavy)
        UNION
        SELECT g.quote_id, k.quote_id FROM given g
        JOIN (SELECT * FROM outside WHERE quote_id IN (SELECT quote_id FROM _closure_heavy)) k ON k."key" = g."key"
    ),
    pairs AS (
        SELECT c.a, c.b, count(*) AS shared FROM candidates c
        JOIN quote_keys ka ON ka.quote_id = c.a JOIN quote_keys kb ON kb.quote_id = c.b AND kb."key" = ka."key"
        GROUP BY ALL
    )
    SELECT p.a, p.b FROM pairs p
    JOIN quote_speakers sa ON sa.quote_id = p.a JOIN quote_speakers sb ON sb.quote_id = p.b
    WHERE 2 * p.shared >= least(sa.n_keys, sb.n_keys) - 1
"""

#: The share of all quotes a closure may reach before regrouping them all is cheaper.
CLOSURE_LIMIT = 1 / 3


def _closure(conn: duckdb.DuckDBPyConnection, seeds: set[str], texts: QuoteTexts,
             total: int) -> set[str] | None:
    """The seeds and every quote sharing a lookup key and the same words with one in the
    set, until nothing is added; None once it holds :data:`CLOSURE_LIMIT` of the ``total``
    quotes (regroup them all)."""
    scope: set[str] = set()
    norms: dict[str, str] = {}  # quote texts
    frontier = set(seeds)
    # the quotes reached so far, for the query to leave out (a temporary table: this connection's)
    conn.execute("CREATE OR REPLACE TEMP TABLE _closure_scope (quote_id VARCHAR)")
    conn.execute(_COMMON[0], [COMMON_KEY_HOLDERS])
    conn.execute(_COMMON[1])
    while frontier:
        scope |= frontier
        if len(scope) >= CLOSURE_LIMIT * total:
            break
        # read by DuckDB as a table (a replacement scan), not bound as a list
        _khaldun_frontier = {"quote_id": np.array(sorted(frontier), dtype=object)}  # noqa: F841
        conn.execute("INSERT INTO _closure_scope SELECT quote_id FROM _khaldun_frontier")
        pairs = conn.execute(_SHARING).fetchall()
        unread = {x for pair in pairs for x in pair} - norms.keys()
        if unread:
            norms.update(conn.execute(
                "SELECT quote_id, text FROM quotes WHERE quote_id IN (SELECT unnest(?::VARCHAR[]))",
                [sorted(unread)]).fetchall())
        frontier = {b for a, b in pairs if a in norms and b in norms and texts.same(norms[a], norms[b])}
    conn.execute("DROP TABLE _closure_scope; DROP TABLE _closure_common; DROP TABLE _closure_heavy")
    return None if frontier else scope


def _group_row(g: QuoteGroup) -> tuple:
    return (g.quote_id, g.text, g.kind, g.cue, g.speaker.name if g.speaker else None,
            g.speaker.country if g.speaker else None, g.speaker.actor_id if g.speaker else None,
            g.reports, g.documents)


def _group_count(conn: duckdb.DuckDBPyConnection) -> int:
    row = conn.execute("SELECT count(*) FROM quote_groups").fetchone()
    return int(row[0]) if row else 0


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
