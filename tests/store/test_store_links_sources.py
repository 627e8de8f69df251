"""Stored reuse links answer "related?" and "how many sources?" as the links themselves do."""

from __future__ import annotations

import itertools

from khaldun.reuse import ReuseLink, independent_sources
from khaldun.store import Store
from khaldun.store._reuse import LINK_COLUMNS, StoredLinks
from khaldun.store._sql import insert_rows

LINKS = [
    ReuseLink("a", "b", "passage", 0.9, 0, 100, 50, 150),
    ReuseLink("a", "b", "passage", 0.7, 200, 300, 400, 480),
    ReuseLink("b", "c", "near-duplicate", 0.85),
    ReuseLink("c", "d", "passage", 1.0, 0, 80, 10, 90),
    ReuseLink("e", "f", "exact", 1.0),
]


def _stored(tmp_path) -> StoredLinks:
    with Store(tmp_path / "links.duckdb") as store:
        conn = store.connection
        insert_rows(conn, "doc_links", LINK_COLUMNS, [
            (k.doc_a, k.doc_b, k.kind, k.score, k.a_start, k.a_end, k.b_start, k.b_end) for k in LINKS])
        return StoredLinks(conn)


def test_related_documents_share_a_link(tmp_path):
    links = _stored(tmp_path)
    assert links.related("a", "b") and links.related("b", "a") and links.related("d", "c")
    assert not links.related("a", "c") and not links.related("a", "e") and not links.related("x", "a")
    assert links.related("a", "a") and not links.related("x", "x")  # itself: when it has any link


def test_sources_are_counted_from_the_links_between_the_reporting_documents(tmp_path):
    links = _stored(tmp_path)
    reports = [("a", 10, 60), ("b", 60, 120), ("a", 210, 260), ("b", 410, 470), ("c", 0, 40),
               ("d", 20, 60), ("e", 0, 10), ("f", 5, 15), ("g", 0, 30)]
    for size in (1, 2, 3, 5, len(reports)):
        for chosen in itertools.combinations(reports, size):
            assert links.count_sources(list(chosen)) == independent_sources(chosen, LINKS)
    # a-b passages, b~c near-duplicate, c-d passage: one source; e=f: one; g alone: one
    assert links.count_sources(reports) == 3
