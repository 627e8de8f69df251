"""Reuse links between stored documents (see :mod:`khaldun.reuse`).

Each document's fingerprint is stored with it, and once linked, the keys a later
document can find it by (``doc_reach_keys``: text hash, MinHash LSH bands,
winnowing anchors).  :func:`link_documents` asks those keys which stored
documents the new ones will be compared with, and how many hold each of their
anchors; it reads only those fingerprints and builds an index of them
(:class:`~khaldun.reuse.index.Reach`), a slice of them at a time, then adds the
new ones, storing the links they make: the links of an index of every stored
document, at the cost of what the new documents share with stored ones, not of
the database.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from itertools import combinations

import duckdb
import numpy as np

from khaldun.reuse import (
    Fingerprint,
    ReuseIndex,
    ReuseLink,
    fingerprint_from_bytes,
    independent_sources,
    link_order,
)
from khaldun.reuse.index import ANCHOR_KEY
from khaldun.store._sql import insert_rows, transaction

LINK_COLUMNS = ("doc_a", "doc_b", "kind", "score", "a_start", "a_end", "b_start", "b_end")


#: Stored fingerprints read at a time.
FINGERPRINT_CHUNK = 2048


#: New documents linked at a time: a run's first linking holds an index of one chunk (and the
#: stored documents it reaches), not of every document the run coded.
LINK_CHUNK = 2048


def link_documents(conn: duckdb.DuckDBPyConnection, *, chunk: int = LINK_CHUNK) -> int:
    """Link the documents not linked yet to every stored one; return the number of new links.

    The links are those of one index holding every stored document and then the new ones,
    oldest first (by publication date, then doc_id; undated last); it holds only the stored
    documents the new ones are compared with, found by their stored lookup keys, and reads only
    their fingerprints.  The new ones are linked ``chunk`` at a time, in that order, each chunk
    in its own transaction and then stored like the others: the same links as all at once,
    since a chunk's documents come after every earlier one in the same order.  A chunk is
    linked against the stored documents it reaches :data:`LINK_SLICE` at a time, so that it
    holds one chunk and one slice, however many it reaches.  Oldest first, a chunk of an
    archive holds the documents of a few weeks, not of every year a chunk in doc_id order
    would span, and reaches what those weeks share text with.
    """
    if chunk < 1:
        raise ValueError("chunk must be at least 1")
    index = ReuseIndex()
    _key_stored(conn, index)
    total = 0
    while True:
        new = [(doc_id, fingerprint_from_bytes(blob)) for doc_id, blob in conn.execute(
            "SELECT f.doc_id, f.fingerprint FROM doc_fingerprints f LEFT JOIN documents d ON d.doc_id = f.doc_id "
            "WHERE NOT f.linked ORDER BY d.published NULLS LAST, f.doc_id LIMIT ?", [chunk]).fetchall()]
        if not new:
            return total
        total += _link_new(conn, new)


#: Stored documents a chunk is linked against at a time: a chunk that reaches more (in an
#: archive whose articles share phrases across the years, thousands) is linked against them a
#: slice at a time, each slice in an index of its own, so that memory holds the fingerprints of
#: one slice, not of every stored document the chunk reaches.  The links are the same.
LINK_SLICE = 2048


def _link_new(conn: duckdb.DuckDBPyConnection, new: Sequence[tuple[str, Fingerprint]]) -> int:
    """Link these new documents (the first not linked, oldest first) to the stored ones and to
    each other; store the links and their lookup keys, mark them linked; return the links."""
    index = ReuseIndex()
    reach = index.reach(fp for _, fp in new)
    keys = reach.keys_by_document()
    reached, holders = _reached(conn, keys, index)
    found: list[ReuseLink] = []
    for first in range(0, max(len(reached), 1), LINK_SLICE):  # (one slice, empty, where none is reached)
        part = reach.again()
        stop = min(first + LINK_SLICE, len(reached))
        for start in range(first, stop, FINGERPRINT_CHUNK):
            for (blob,) in conn.execute(
                    "SELECT fingerprint FROM doc_fingerprints WHERE doc_id IN (SELECT unnest(?::VARCHAR[])) "
                    "ORDER BY doc_id", [reached[start:min(start + FINGERPRINT_CHUNK, stop)]]).fetchall():
                part.include(fingerprint_from_bytes(blob))
        found.extend(part.link(holders, among_new=first == 0))
        del part  # the slice's fingerprints go before the next slice's come
    links = sorted(set(found), key=link_order)
    with transaction(conn):
        insert_rows(conn, "doc_links", LINK_COLUMNS, [
            (k.doc_a, k.doc_b, k.kind, k.score, k.a_start, k.a_end, k.b_start, k.b_end) for k in links
        ])  # fmt: skip
        insert_rows(conn, "doc_reach_keys", ("doc_id", "kind", "key"), keys)
        conn.execute("UPDATE doc_fingerprints SET linked = true, keyed = true "
                     "WHERE doc_id IN (SELECT unnest(?::VARCHAR[]))", [[doc_id for doc_id, _ in new]])
    return len(links)


#: New documents whose anchors are paired with their stored holders' in one query: the pairs
#: are counted a slice of the new documents at a time, so that DuckDB holds the pairs of one
#: slice, not of a whole chunk (on a corpus whose documents share many anchors, millions).
REACH_SLICE = 256


def _reached(
    conn: duckdb.DuckDBPyConnection, keys: Sequence[tuple[str, int, int]], index: ReuseIndex
) -> tuple[list[str], dict[int, int]]:
    """The linked documents some new ones would be compared with, given the new ones'
    ``(doc_id, kind, key)`` lookup keys (sorted); and each of their anchor keys' stored holders.

    A new document is compared with the stored ones sharing its text or a band key, and with
    those sharing ``min_shared_anchors`` anchors (counted as the index counts them) whose
    lists are not full: held by fewer than ``max_postings`` stored documents.  New documents
    filling a list during the run only make the index propose fewer: this is a superset.
    """
    if not keys:
        return [], {}
    doc_ids, kinds, values = zip(*keys)
    # read by DuckDB as a table (a replacement scan): binding a million-item list costs seconds
    _khaldun_wanted = {"doc_id": np.array(doc_ids, dtype=object),  # noqa: F841
                       "kind": np.array(kinds, dtype=np.int8), "key": np.array(values, dtype=np.int64)}
    holders = dict(conn.execute(f"""
        SELECT k."key", count(*) FROM doc_reach_keys k
        SEMI JOIN (SELECT "key" FROM _khaldun_wanted WHERE kind = {ANCHOR_KEY}) w ON w."key" = k."key"
        WHERE k.kind = {ANCHOR_KEY} GROUP BY k."key"
        """).fetchall())
    found = {row[0] for row in conn.execute(f"""
        SELECT DISTINCT k.doc_id FROM doc_reach_keys k
        SEMI JOIN (SELECT kind, "key" FROM _khaldun_wanted WHERE kind <> {ANCHOR_KEY}) w
            ON w.kind = k.kind AND w."key" = k."key"
        WHERE k.kind <> {ANCHOR_KEY}
        """).fetchall()}
    # the stored holders of the anchors whose lists are not full: only those propose
    _khaldun_open = {"key": np.array([key for key, n in holders.items() if n < index.max_postings],  # noqa: F841
                                     dtype=np.int64)}
    conn.execute(f"""
        CREATE OR REPLACE TEMP TABLE _reach_open AS
        SELECT k.doc_id, k."key" FROM doc_reach_keys k SEMI JOIN _khaldun_open o ON o."key" = k."key"
        WHERE k.kind = {ANCHOR_KEY}
        """)
    new = sorted(set(doc_ids))
    for start in range(0, len(new), REACH_SLICE):
        _khaldun_slice = {"doc_id": np.array(new[start:start + REACH_SLICE], dtype=object)}  # noqa: F841
        found.update(row[0] for row in conn.execute(f"""
            WITH wanted AS (SELECT doc_id, "key", count(*) AS times FROM _khaldun_wanted
                            WHERE kind = {ANCHOR_KEY} AND doc_id IN (SELECT doc_id FROM _khaldun_slice)
                            GROUP BY ALL)
            SELECT DISTINCT h.doc_id FROM _reach_open h JOIN wanted w USING ("key")
            GROUP BY h.doc_id, w.doc_id HAVING sum(w.times) >= ?
            """, [index.min_shared_anchors]).fetchall())
    conn.execute("DROP TABLE _reach_open")
    return sorted(found), holders


def _key_stored(conn: duckdb.DuckDBPyConnection, index: ReuseIndex) -> None:
    """Give linked documents stored without lookup keys (a database from before them) their keys,
    reading their fingerprints once, in chunks."""
    while True:
        rows = conn.execute("SELECT doc_id, fingerprint FROM doc_fingerprints "
                            "WHERE linked AND NOT coalesce(keyed, false) ORDER BY doc_id LIMIT ?",
                            [FINGERPRINT_CHUNK]).fetchall()
        if not rows:
            return
        with transaction(conn):
            fingerprints = [fingerprint_from_bytes(blob) for _, blob in rows]
            insert_rows(conn, "doc_reach_keys", ("doc_id", "kind", "key"),
                        [(fp.doc_id, kind, key) for fp in fingerprints for kind, key in index.lookup_keys(fp)])
            conn.execute("UPDATE doc_fingerprints SET keyed = true WHERE doc_id IN (SELECT unnest(?::VARCHAR[]))",
                         [[doc_id for doc_id, _ in rows]])


class StoredLinks:
    """The stored reuse links, to ask which documents share text and count sources.

    With ``docs``, only the links of those documents are read: enough to ask
    about them (what an incremental merge needs), not about the others.
    """

    def __init__(self, conn: duckdb.DuckDBPyConnection, docs: Iterable[str] | None = None) -> None:
        self._by_doc: dict[str, list[ReuseLink]] = defaultdict(list)
        self._by_pair: dict[tuple[str, str], list[ReuseLink]] = defaultdict(list)
        sql, params = f"SELECT {', '.join(LINK_COLUMNS)} FROM doc_links", []
        if docs is not None:
            sql += (" WHERE doc_a IN (SELECT unnest(?::VARCHAR[])) "
                    "OR doc_b IN (SELECT unnest(?::VARCHAR[]))")
            params = [sorted(set(docs))] * 2
        # each document id and kind held once however many links repeat it
        shared: dict[str, str] = {}
        result = conn.execute(sql, params)
        while rows := result.fetchmany(8192):
            for doc_a, doc_b, kind, *rest in rows:
                a, b = shared.setdefault(doc_a, doc_a), shared.setdefault(doc_b, doc_b)
                link = ReuseLink(a, b, shared.setdefault(kind, kind), *rest)
                self._by_doc[a].append(link)
                self._by_doc[b].append(link)
                self._by_pair[a, b].append(link)

    def related(self, a: str, b: str) -> bool:
        """Whether two documents share text (a document with any link counts as related to itself)."""
        if a == b:
            return bool(self._by_doc.get(a))
        return (min(a, b), max(a, b)) in self._by_pair

    def count_sources(self, reports: Sequence[tuple[str, int, int]]) -> int:
        """Independent sources among the reports: copied documents and passages count once."""
        docs = sorted({doc for doc, _, _ in reports})
        if len(docs) * (len(docs) - 1) // 2 <= sum(len(self._by_doc.get(d, ())) for d in docs):
            links = list(dict.fromkeys(k for a, b in combinations(docs, 2) for k in self._by_pair.get((a, b), ())))
        else:  # documents with few links: their own lists are shorter than the pairs
            wanted = set(docs)
            links = list({k for d in docs for k in self._by_doc.get(d, ())
                          if k.doc_a in wanted and k.doc_b in wanted})
        return independent_sources(reports, sorted(links, key=link_order))
