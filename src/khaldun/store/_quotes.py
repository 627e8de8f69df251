"""Quotes across documents, read from and written to the store (see :mod:`khaldun.quotes`).

Each document's quotes are stored with it (``quotes``).  :func:`group_stored_quotes`
groups the same quote reported by several documents (``quote_groups``,
``quote_links``), speakers compared by their canonical actor, incrementally:
only the groups new quotes (or quotes whose speaker's canonical actor
changed) can reach are regrouped.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterator
from itertools import groupby
from typing import Any

import duckdb
import numpy as np

from khaldun.knowledge.normalize import normalize_name
from khaldun.quotes import QuoteGroup
from khaldun.quotes.group import QuotePlaces, QuoteTexts, finish_group, key_hash, number_groups
from khaldun.records import ActorRef, Quote
from khaldun.store._sql import among, delete_among, insert_rows, stream, transaction
from khaldun.store._write import QUOTE_COLUMNS

_GROUP_COLUMNS = ("group_id", "text", "kind", "cue", "speaker_name", "speaker_country",
                  "speaker_actor_id", "reports", "documents")


#: The record columns of a quote and its speaker's canonical actor id and name.
_RECORD = f"""
    {", ".join(f'q."{c}"' for c in QUOTE_COLUMNS)}, coalesce(l.canonical_id, q.speaker_actor_id),
    coalesce(c.name, q.speaker_name)
"""
_SPEAKERS = """
    LEFT JOIN actor_links l ON l.actor_id = q.speaker_actor_id
    LEFT JOIN actors c ON c.actor_id = l.canonical_id
"""


def read_quotes(conn: duckdb.DuckDBPyConnection, quote_ids: Collection[str] | None = None
                ) -> list[tuple[Quote, str | None]]:
    """Stored quotes (all, or those of ``quote_ids``) with their speaker's key: the canonical
    actor id, else ``name:`` and the normalised name, else None."""
    where, params = among("q.quote_id", quote_ids)
    rows = conn.execute(f"SELECT {_RECORD} FROM quotes q {_SPEAKERS} WHERE {where} "
                        'ORDER BY q.doc_id, q."start", q.quote_id', params).fetchall()
    return [_quote(row) for row in rows]


def _quote(row: tuple) -> tuple[Quote, str | None]:
    """A quote and its speaker's key from a row of :data:`_RECORD`."""
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
    return quote, canonical_id or (f"name:{normalize_name(sp_name)}" if sp_name else None)


#: Where a quote is, what it says, its speaker's canonical actor id and name as given:
#: what grouping reads of a quote.
_PLACE = """
    SELECT q.quote_id, q.doc_id, q."start", q."end", q.text, coalesce(l.canonical_id, q.speaker_actor_id),
           q.speaker_name
    FROM quotes q LEFT JOIN actor_links l ON l.actor_id = q.speaker_actor_id
"""


class _Places:
    """Quote places read from the store (a :class:`QuotePlaces`), each document id and speaker
    key held once."""

    def __init__(self, texts: QuoteTexts) -> None:
        self.places = QuotePlaces(texts)
        self._shared: dict[str, str] = {}
        self._speakers: dict[str, str] = {}  # speaker name as given -> its key

    def add(self, quote_id: str, doc_id: str, start: int, end: int, text: str,
            canonical_id: str | None, name: str | None) -> None:
        # the speaker's key as read_quotes gives it
        speaker_id = canonical_id or None
        if speaker_id is None and name:
            speaker_id = self._speakers.get(name)
            if speaker_id is None:
                speaker_id = self._speakers[name] = f"name:{normalize_name(name)}"
        shared = self._shared
        self.places.add(quote_id, shared.setdefault(doc_id, doc_id), start, end, text,
                        None if speaker_id is None else shared.setdefault(speaker_id, speaker_id))


#: Rows fetched from DuckDB at a time while reading quotes.
FETCH = 4096
#: Quotes whose records a grouping reads at a time (whole groups) to make their groups.
FINISH_CHUNK = 8192
#: A first run (or a batch larger than what is stored) groups its new quotes this many at a
#: time, in their documents' order of publication, each wave as a later batch would be.
WAVE = 32_768


def group_stored_quotes(conn: duckdb.DuckDBPyConnection, *, full: bool = False,
                        chunk: int = FINISH_CHUNK, wave: int | None = None) -> int:
    """Regroup the quotes a new batch touches (all with ``full``); return how many groups are stored.

    Touched are new quotes and quotes whose speaker's canonical actor changed.
    A quote only meets quotes sharing a lookup key and the same words with it
    (see :mod:`khaldun.quotes.group`), whatever the speakers, so the scope is
    the touched quotes and every quote reached that way, transitively: the
    others' groups stay as they are.  It finds a quote's candidates through
    the rarest of its keys (:data:`_PREFIXES`).  When that reaches a third of the stored
    quotes (:data:`CLOSURE_LIMIT`), or finding it would compare too many pairs
    (:data:`CANDIDATES_PER_QUOTE`), all are regrouped, which is cheaper.

    More new quotes than ``wave`` (:data:`WAVE`), and more than those stored
    before (a first run), are taken ``wave`` at a time, oldest documents
    first: each wave is grouped with what it reaches of the waves before, as a
    later batch is, so that a run holds one wave and its reach, not every
    quote.  Once a wave reaches too much, all are regrouped at once.

    The grouping holds each quote's place (ids and offsets) and each distinct
    text's words, not the quotes' records: it numbers the groups, then reads
    the records ``chunk`` quotes at a time (whole groups) to make the groups,
    written to temporary tables and compared with the stored ones in SQL.  One
    transaction (one a wave); only changed groups and links are rewritten.
    """
    wave = WAVE if wave is None else wave
    if chunk < 1 or wave < 1:
        raise ValueError("chunk and wave must be at least 1")
    if not full:
        waved = _group_in_waves(conn, wave, chunk)
        if waved:
            return _group_count(conn)
        full = waved is False  # a wave gave up: all of them, the waves before included
    with transaction(conn):
        changed = [r[0] for r in conn.execute(_CHANGED_SPEAKERS).fetchall()]
        new = [r[0] for r in conn.execute(
            "SELECT quote_id FROM quotes WHERE quote_id NOT IN (SELECT quote_id FROM quote_speakers)"
        ).fetchall()]
        if not full and not changed and not new:
            return _group_count(conn)
        _record_stored_keys(conn)  # once, in a database from before the counts
        seeds = set(new) | set(changed)
        row = conn.execute("SELECT count(*) FROM quotes").fetchone()
        total = row[0] if row else 0
        texts = QuoteTexts()  # each text normalised once, for its keys, the closure and the grouping
        # most quotes touched (a first run): regrouping all is cheaper than finding what they reach
        everything = full or 2 * len(seeds) >= total
        places = _touch(conn, None if full else seeds, set(new), texts, everything)
        if not everything:
            scope = _closure(conn, seeds, total)
            places = _read_places(conn, scope, texts)
        else:
            scope = None
        del new, changed, seeds  # (a first run's: every quote's id, twice over, not needed to group)
        _group(conn, places, texts, chunk, scope)
    return _group_count(conn)


def _group(conn: duckdb.DuckDBPyConnection, places: QuotePlaces, texts: QuoteTexts, chunk: int,
           scope: Collection[str] | None) -> None:
    """Group the quotes of ``places`` and store the groups of the ``scope``'s quotes (all with None)."""
    texts.forget_given()  # (the places hold their texts' numbers)
    numbers = number_groups(places, texts)
    del places, texts  # (the pages normalise their own texts)
    _write_groups(conn, numbers, chunk)
    del numbers
    _replace_changed(conn, scope)


#: Quotes never grouped, numbered oldest document first.
_WAVES = """
    CREATE OR REPLACE TEMP TABLE _quote_waves AS
    SELECT q.quote_id, row_number() OVER (ORDER BY d.published NULLS LAST, q.doc_id, q."start", q.quote_id) - 1 AS n
    FROM quotes q LEFT JOIN documents d ON d.doc_id = q.doc_id
    WHERE q.quote_id NOT IN (SELECT quote_id FROM quote_speakers)
"""


def _group_in_waves(conn: duckdb.DuckDBPyConnection, wave: int, chunk: int) -> bool | None:
    """Group the new quotes ``wave`` at a time, each wave's groups committed with it; True when
    done.  None (nothing done) unless there are more new quotes than ``wave`` and than quotes
    grouped before, a wave is less than :data:`CLOSURE_LIMIT` of all, and no grouped quote's
    speaker changed.  False once a wave's closure gave up: then every quote is to be regrouped
    (the waves so far have their speakers recorded and their keys counted)."""
    with transaction(conn):
        row = conn.execute("""
            SELECT count(*) FILTER (WHERE quote_id NOT IN (SELECT quote_id FROM quote_speakers)), count(*)
            FROM quotes""").fetchone()
        new, total = row if row else (0, 0)
        if (new <= wave or 2 * new < total or wave >= CLOSURE_LIMIT * total
                or conn.execute(f"SELECT EXISTS ({_CHANGED_SPEAKERS})").fetchone() == (True,)):
            return None
        _record_stored_keys(conn)
        conn.execute(_WAVES)
    try:
        for first in range(0, new, wave):
            with transaction(conn):
                ids = {r[0] for r in conn.execute(
                    "SELECT quote_id FROM _quote_waves WHERE n >= ? AND n < ?", [first, first + wave]).fetchall()}
                texts = QuoteTexts()
                _touch(conn, ids, ids, texts, False)
                # the first wave reaches nothing grouped before it
                scope = ids if first == 0 and new == total else _closure(conn, ids, total)
                if scope is None:
                    return False
                _group(conn, _read_places(conn, scope, texts), texts, chunk, scope)
    finally:
        conn.execute("DROP TABLE IF EXISTS _quote_waves")
    return True


def _touch(conn: duckdb.DuckDBPyConnection, touched: set[str] | None, new: set[str], texts: QuoteTexts,
           keep: bool) -> QuotePlaces:
    """Record the touched quotes' speakers and key counts (``quote_speakers``), and the keys
    of new quotes stored without them (a database from before ``quote_keys``); count the new
    quotes' keys and record their prefixes (``quote_prefixes``).  Returns the places of all
    the quotes read when ``keep`` (then all of them are read: what the grouping needs next),
    else nothing."""
    if touched is None:
        conn.execute("DELETE FROM quote_speakers")
    else:
        delete_among(conn, "quote_speakers", "quote_id", touched)
    # new quotes are written with their keys (made where they were coded): only those of a
    # database from before that get theirs here
    unkeyed = new - {r[0] for r in conn.execute(
        "SELECT DISTINCT quote_id FROM quote_keys WHERE quote_id IN (SELECT unnest(?::VARCHAR[]))",
        [sorted(new)]).fetchall()}
    where, params = among("q.quote_id", None if keep else touched)
    rows = conn.execute(f"{_PLACE} WHERE {where}", params)
    places = _Places(texts)
    speakers: list[tuple[str, str | None, int]] = []
    keys: list[tuple[str, int]] = []
    while batch := rows.fetchmany(FETCH):
        for row in batch:
            quote_id, text, canonical_id = row[0], row[4], row[5]
            if touched is None or quote_id in touched:
                speakers.append((quote_id, canonical_id, texts.key_count(text)))
                if quote_id in unkeyed:
                    keys.extend((quote_id, key_hash(k)) for k in texts.keys(text))
            if keep:
                places.add(*row)
    insert_rows(conn, "quote_speakers", ("quote_id", "canonical_id", "n_keys"), speakers)
    insert_rows(conn, "quote_keys", ("quote_id", "key"), keys)
    _record_keys(conn, new)
    return places.places


def _read_places(conn: duckdb.DuckDBPyConnection, quote_ids: Collection[str] | None, texts: QuoteTexts
                 ) -> QuotePlaces:
    """The places of stored quotes (all, or those of ``quote_ids``), each distinct text
    numbered by ``texts``."""
    where, params = among("q.quote_id", quote_ids)
    rows = conn.execute(f"{_PLACE} WHERE {where}", params)
    places = _Places(texts)
    while batch := rows.fetchmany(FETCH):
        for row in batch:
            places.add(*row)
    return places.places


def _write_groups(conn: duckdb.DuckDBPyConnection, numbers: list[tuple[str, int, str | None]],
                  chunk: int) -> None:
    """Make the numbered groups from their quotes' records, read ``chunk`` quotes at a time
    (whole groups), into the temporary tables ``_quote_groups_new`` and ``_quote_links_new``.

    Only the numbers are kept in DuckDB: each page's records are read from ``quotes`` when it
    is made (not every record copied into a sorted table first), and its texts normalised
    with a memo of its own.
    """
    conn.execute("CREATE OR REPLACE TEMP TABLE _quote_numbers (quote_id VARCHAR, grp INTEGER, speaker_id VARCHAR)")
    insert_rows(conn, "_quote_numbers", ("quote_id", "grp", "speaker_id"), numbers)
    conn.execute("CREATE OR REPLACE TEMP TABLE _quote_groups_new AS SELECT * FROM quote_groups LIMIT 0")
    conn.execute("CREATE OR REPLACE TEMP TABLE _quote_links_new AS SELECT * FROM quote_links LIMIT 0")
    sizes = Counter(n for _, n, _ in numbers)
    first = 0
    while first < len(sizes):
        last, held = first, 0
        while last < len(sizes) and (held == 0 or held + sizes[last] <= chunk):
            held += sizes[last]
            last += 1
        rows = conn.execute(f"""
            SELECT n.grp, n.speaker_id, {_RECORD}
            FROM _quote_numbers n JOIN quotes q ON q.quote_id = n.quote_id {_SPEAKERS}
            WHERE n.grp >= ? AND n.grp < ?
            ORDER BY n.grp, q.doc_id, q."start", q.quote_id
            """, [first, last]).fetchall()
        texts = QuoteTexts()  # this page's
        groups, links = [], []
        for _, members in groupby(rows, key=lambda r: r[0]):
            records = list(members)
            group = finish_group([_quote(r[2:]) for r in records], records[0][1], texts)
            groups.append(_group_row(group))
            links.extend((q.quote_id, group.quote_id) for q in group.members)
        del rows
        insert_rows(conn, "_quote_groups_new", _GROUP_COLUMNS, groups)
        insert_rows(conn, "_quote_links_new", ("quote_id", "group_id"), links)
        first = last
    conn.execute("DROP TABLE _quote_numbers")


def _replace_changed(conn: duckdb.DuckDBPyConnection, scope: Collection[str] | None) -> None:
    """Replace the stored groups and links of the ``scope``'s quotes (all with None) by the
    new ones, rewriting only the rows that changed."""
    cols = ", ".join(_GROUP_COLUMNS)
    where, params = among("quote_id", scope)
    conn.execute(f"""
        DELETE FROM quote_groups WHERE group_id IN (
            SELECT group_id FROM (
                SELECT {cols} FROM quote_groups
                WHERE group_id IN (SELECT group_id FROM quote_links WHERE {where})
                EXCEPT SELECT {cols} FROM _quote_groups_new))
    """, params)
    conn.execute(f"""
        INSERT INTO quote_groups ({cols})
        SELECT {cols} FROM _quote_groups_new
        EXCEPT SELECT {cols} FROM quote_groups WHERE group_id IN (SELECT group_id FROM _quote_groups_new)
    """)
    conn.execute(f"""
        DELETE FROM quote_links WHERE quote_id IN (
            SELECT quote_id FROM (SELECT quote_id, group_id FROM quote_links WHERE {where}
                                  EXCEPT SELECT quote_id, group_id FROM _quote_links_new))
    """, params)
    conn.execute("""
        INSERT INTO quote_links (quote_id, group_id)
        SELECT quote_id, group_id FROM _quote_links_new
        EXCEPT SELECT quote_id, group_id FROM quote_links WHERE quote_id IN (SELECT quote_id FROM _quote_links_new)
    """)
    conn.execute("DROP TABLE _quote_groups_new; DROP TABLE _quote_links_new")


#: Quotes whose speaker's canonical actor differs from the one they were last grouped under.
_CHANGED_SPEAKERS = """
    SELECT q.quote_id FROM quotes q
    JOIN quote_speakers s ON s.quote_id = q.quote_id
    LEFT JOIN actor_links l ON l.actor_id = q.speaker_actor_id
    WHERE coalesce(l.canonical_id, q.speaker_actor_id) IS DISTINCT FROM s.canonical_id
"""


def _record_keys(conn: duckdb.DuckDBPyConnection, quote_ids: Collection[str]) -> None:
    """Add the lookup keys of quotes grouped for the first time to ``quote_key_counts`` (how
    many stored quotes hold each key), so that no run counts every stored key again; then
    record those quotes' prefixes (:data:`_PREFIXES`), ranked by the counts."""
    if not quote_ids:
        return
    _khaldun_quotes = {"quote_id": np.array(sorted(quote_ids), dtype=object)}  # noqa: F841
    conn.execute("""
        MERGE INTO quote_key_counts c
        USING (SELECT "key", count(*) AS n FROM quote_keys
               WHERE quote_id IN (SELECT quote_id FROM _khaldun_quotes) GROUP BY "key") k
        ON c."key" = k."key"
        WHEN MATCHED THEN UPDATE SET holders = c.holders + k.n
        WHEN NOT MATCHED THEN INSERT VALUES (k."key", k.n)
    """)
    conn.execute(_PREFIXES.format(quotes="_khaldun_quotes"))


def _record_stored_keys(conn: duckdb.DuckDBPyConnection) -> None:
    """Count the keys of the quotes grouped before, and record their prefixes, in a database
    that has none yet (one written before ``quote_key_counts`` or ``quote_prefixes``): every
    grouped quote holds a key.  With no quote grouped yet, none is counted or recorded."""
    if conn.execute("SELECT count(*) FROM quote_speakers").fetchone() == (0,):
        conn.execute("DELETE FROM quote_key_counts; DELETE FROM quote_prefixes")
        return
    if conn.execute("SELECT count(*) FROM quote_key_counts").fetchone() == (0,):
        conn.execute("""
            INSERT INTO quote_key_counts
            SELECT "key", count(*) FROM quote_keys WHERE quote_id IN (SELECT quote_id FROM quote_speakers)
            GROUP BY "key"
        """)
    if conn.execute("SELECT count(*) FROM quote_prefixes").fetchone() == (0,):
        conn.execute(_PREFIXES.format(quotes="quote_speakers"))


#: Each grouped quote's prefix: the rarest ``n - need + 1`` of its ``n`` lookup keys (rarest
#: by the holders counted when it was recorded, ties by key), where ``need``, ``max(1, n // 2)``,
#: is what two quotes must share to say the same words when this one has fewer keys: half of
#: ``n - 1``, rounded up, and at least one (the fuzzy case of :mod:`khaldun.quotes.group`;
#: equal and contained texts share all the shorter one's keys).  Of two such quotes, the one
#: with fewer keys has only ``need - 1`` keys outside its prefix, so the other holds one of its
#: prefix keys.  Any order of a quote's keys would do for that; rarest first keeps common word
#: sequences ("we will not") out of the prefixes, so that a closure meets few of their holders.
_PREFIXES = """
    INSERT INTO quote_prefixes
    SELECT quote_id, "key" FROM (
        SELECT k.quote_id, k."key",
               row_number() OVER (PARTITION BY k.quote_id ORDER BY coalesce(c.holders, 0), k."key") AS place,
               count(*) OVER (PARTITION BY k.quote_id) AS n
        FROM quote_keys k LEFT JOIN quote_key_counts c ON c."key" = k."key"
        WHERE k.quote_id IN (SELECT quote_id FROM {quotes}))
    WHERE place <= n - greatest(1, n // 2) + 1
"""


#: The grouped quotes a closure has not reached yet (the frontier's candidates), and the
#: frontier's quotes, with their numbers of keys.
_SIDES = """
    frontier AS (SELECT quote_id, n_keys FROM quote_speakers
                 WHERE quote_id IN (SELECT quote_id FROM _khaldun_frontier)),
    outside AS (SELECT quote_id, n_keys FROM quote_speakers
                WHERE quote_id NOT IN (SELECT quote_id FROM _closure_scope))
"""
#: Candidate pairs (a quote of the frontier first, then one outside the scope so far): the one
#: with fewer keys shares one of its prefix keys (:data:`_PREFIXES`) with the other.
_CANDIDATES = (
    """
    SELECT p.quote_id AS a, k.quote_id AS b
    FROM quote_prefixes p JOIN frontier f ON f.quote_id = p.quote_id
    JOIN quote_keys k ON k."key" = p."key" JOIN outside o ON o.quote_id = k.quote_id
    WHERE f.n_keys <= o.n_keys
    """,
    """
    SELECT k.quote_id AS a, p.quote_id AS b
    FROM quote_keys k JOIN frontier f ON f.quote_id = k.quote_id
    JOIN quote_prefixes p ON p."key" = k."key" JOIN outside o ON o.quote_id = p.quote_id
    WHERE o.n_keys <= f.n_keys
    """)
#: The candidate pairs (:data:`_CANDIDATES`: a quote of the frontier, then one outside the scope
#: so far), each once, with both texts: whether they say the same words is asked of the texts
#: (:meth:`QuoteTexts.same`).  No shared keys are counted here: joining each pair with both
#: quotes' keys held over a gigabyte in DuckDB for a wave of 32,768 generated quotes (947,755
#: candidate rows), against 237 MB for this query, and the texts settle each pair anyway.
_PAIRS = f"""
    WITH {_SIDES},
    candidates AS ({_CANDIDATES[0]} UNION {_CANDIDATES[1]})
    SELECT c.b, qa.text, qb.text FROM candidates c
    JOIN quotes qa ON qa.quote_id = c.a JOIN quotes qb ON qb.quote_id = c.b
"""

#: How many rows of candidate pairs :data:`_PAIRS` would look at (one a prefix key shared,
#: in either direction), counted without making the pairs.
_CANDIDATE_ROWS = f"""
    WITH {_SIDES}
    SELECT (SELECT count(*) FROM ({_CANDIDATES[0]})) + (SELECT count(*) FROM ({_CANDIDATES[1]}))
"""

#: The share of all quotes a closure may reach before regrouping them all is cheaper.
CLOSURE_LIMIT = 1 / 3
#: A closure round whose candidate rows (:data:`_CANDIDATE_ROWS`) pass this many for each stored
#: quote, and :data:`CANDIDATE_FLOOR`, gives up too: quotes made of common word sequences meet
#: every holder of those.  A later batch of 191 articles into our 20,000 generated ones once had
#: 298,991,007 such rows (nearly every generated quote shares most of its keys); making its
#: pairs took DuckDB past its limit, and past 12 GB once run again with DuckDB's own.  The
#: waves of a first run of 20,000 generated articles whose quotes share their words as real
#: ones do look at 8 to 15 rows a stored quote in their busiest rounds.
CANDIDATES_PER_QUOTE = 16
CANDIDATE_FLOOR = 100_000


#: Distinct texts a closure keeps normalised at most (its memo starts again past it).
CLOSURE_MEMO = 65_536


def _closure(conn: duckdb.DuckDBPyConnection, seeds: set[str], total: int) -> set[str] | None:
    """The seeds and every quote sharing a lookup key and the same words with one in the
    set, until nothing is added; None once it holds :data:`CLOSURE_LIMIT` of the ``total``
    quotes, or a round would look at more candidate pairs than :data:`CANDIDATES_PER_QUOTE`
    for each of them (regroup them all).  Each round's candidate pairs are read :data:`FETCH`
    at a time with their texts, and only the quotes reached are kept."""
    scope: set[str] = set()
    memo = QuoteTexts()
    frontier = set(seeds)
    # the quotes reached so far, for the query to leave out (a temporary table: this connection's)
    conn.execute("CREATE OR REPLACE TEMP TABLE _closure_scope (quote_id VARCHAR)")
    while frontier:
        scope |= frontier
        if len(scope) >= CLOSURE_LIMIT * total:
            break
        # read by DuckDB as a table (a replacement scan), not bound as a list
        _khaldun_frontier = {"quote_id": np.array(sorted(frontier), dtype=object)}  # noqa: F841
        conn.execute("INSERT INTO _closure_scope SELECT quote_id FROM _khaldun_frontier")
        row = conn.execute(_CANDIDATE_ROWS).fetchone()
        if row and (row[0] or 0) > max(CANDIDATES_PER_QUOTE * total, CANDIDATE_FLOOR):
            break
        pairs = conn.execute(_PAIRS)
        frontier = set()
        while batch := pairs.fetchmany(FETCH):
            if len(memo) > CLOSURE_MEMO:
                memo = QuoteTexts()
            frontier.update(b for b, a_text, b_text in batch if b not in frontier and memo.same(a_text, b_text))
    conn.execute("DROP TABLE _closure_scope")
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
