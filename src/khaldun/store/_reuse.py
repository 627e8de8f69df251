"""Reuse links between stored documents (see :mod:`khaldun.reuse`).

Each document's fingerprint is stored with it.  :func:`link_documents` builds an
index of the documents already linked that the new ones can find (no texts are
read again: :class:`~khaldun.reuse.index.Reach` picks them from the stored
fingerprints, read in chunks), then adds the new ones, storing the links they
make.  Memory goes with the new documents and what they reach; reading the
stored fingerprints still goes with the database (about 0.4 ms each).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from itertools import combinations

import duckdb

from khaldun.reuse import (
    ReuseIndex,
    ReuseLink,
    fingerprint_from_bytes,
    independent_sources,
    link_order,
)
from khaldun.store._sql import insert_rows, transaction

LINK_COLUMNS = ("doc_a", "doc_b", "kind", "score", "a_start", "a_end", "b_start", "b_end")


#: Stored fingerprints read at a time while looking for those the new documents reach.
FINGERPRINT_CHUNK = 2048


def link_documents(conn: duckdb.DuckDBPyConnection) -> int:
    """Link the documents not linked yet to every stored one; return the number of new links.

    The links are those of one index holding every stored document (in doc_id order) and then
    the new ones (in doc_id order); it holds only the stored documents the new ones can find.
    """
    new = [(doc_id, fingerprint_from_bytes(blob)) for doc_id, blob in conn.execute(
        "SELECT doc_id, fingerprint FROM doc_fingerprints WHERE NOT linked ORDER BY doc_id").fetchall()]
    if not new:
        return 0
    index = ReuseIndex()
    reach = index.reach(fp for _, fp in new)
    stored = conn.execute("SELECT fingerprint FROM doc_fingerprints WHERE linked ORDER BY doc_id")
    while chunk := stored.fetchmany(FINGERPRINT_CHUNK):
        for (blob,) in chunk:
            reach.offer(fingerprint_from_bytes(blob))
    links = sorted(set(reach.link()), key=link_order)
    with transaction(conn):
        insert_rows(conn, "doc_links", LINK_COLUMNS, [
            (k.doc_a, k.doc_b, k.kind, k.score, k.a_start, k.a_end, k.b_start, k.b_end) for k in links
        ])  # fmt: skip
        conn.execute("UPDATE doc_fingerprints SET linked = true WHERE doc_id IN (SELECT unnest(?::VARCHAR[]))",
                     [[doc_id for doc_id, _ in new]])
    return len(links)


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
        for row in conn.execute(sql, params).fetchall():
            link = ReuseLink(*row)
            self._by_doc[link.doc_a].append(link)
            self._by_doc[link.doc_b].append(link)
            self._by_pair[link.doc_a, link.doc_b].append(link)

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
