"""Reuse links between stored documents (see :mod:`khaldun.reuse`).

Each document's fingerprint is stored with it.  :func:`link_documents` rebuilds
the index from the fingerprints of documents already linked (no texts are read
again), then adds the new ones, storing the links they make: adding a batch
costs in proportion to the batch, not to the database.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import duckdb

from khaldun.reuse import ReuseIndex, ReuseLink, fingerprint_from_bytes, independent_sources
from khaldun.store._sql import insert_rows, transaction

LINK_COLUMNS = ("doc_a", "doc_b", "kind", "score", "a_start", "a_end", "b_start", "b_end")


def link_documents(conn: duckdb.DuckDBPyConnection) -> int:
    """Link the documents not linked yet to every stored one; return the number of new links."""
    rows = conn.execute("SELECT doc_id, fingerprint, linked FROM doc_fingerprints ORDER BY doc_id").fetchall()
    new = [(doc_id, blob) for doc_id, blob, linked in rows if not linked]
    if not new:
        return 0
    index = ReuseIndex()
    for _, blob, linked in rows:
        if linked:
            index.add(fingerprint_from_bytes(blob), link=False)
    links: list[ReuseLink] = []
    for _, blob in new:
        links.extend(index.add(fingerprint_from_bytes(blob)))
    links = sorted(set(links))
    with transaction(conn):
        insert_rows(conn, "doc_links", LINK_COLUMNS, [
            (k.doc_a, k.doc_b, k.kind, k.score, k.a_start, k.a_end, k.b_start, k.b_end) for k in links
        ])  # fmt: skip
        conn.execute("UPDATE doc_fingerprints SET linked = true WHERE doc_id IN (SELECT unnest(?::VARCHAR[]))",
                     [[doc_id for doc_id, _ in new]])
    return len(links)


class StoredLinks:
    """The stored reuse links, to ask which documents share text and count sources."""

    def __init__(self, conn: duckdb.DuckDBPyConnection) -> None:
        self._by_doc: dict[str, list[ReuseLink]] = defaultdict(list)
        for row in conn.execute(f"SELECT {', '.join(LINK_COLUMNS)} FROM doc_links").fetchall():
            link = ReuseLink(*row)
            self._by_doc[link.doc_a].append(link)
            self._by_doc[link.doc_b].append(link)

    def related(self, a: str, b: str) -> bool:
        """Whether two documents share text."""
        return any(b in (k.doc_a, k.doc_b) for k in self._by_doc.get(a, ()))

    def count_sources(self, reports: Sequence[tuple[str, int, int]]) -> int:
        """Independent sources among the reports: copied documents and passages count once."""
        docs = {doc for doc, _, _ in reports}
        links = [k for d in docs for k in self._by_doc.get(d, ()) if k.doc_a in docs and k.doc_b in docs]
        return independent_sources(reports, sorted(set(links)))
