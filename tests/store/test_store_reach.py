"""Reuse linking reads only the stored fingerprints new documents can reach, and links as a full index does."""

from __future__ import annotations

from pathlib import Path

import pytest

from khaldun.reuse import ReuseIndex, fingerprint, fingerprint_from_bytes, fingerprint_to_bytes, link_order
from khaldun.store import Store
from khaldun.store import _reuse

OPENING = ("The foreign ministers of Armenia and Azerbaijan agreed on Thursday to reopen the Lachin border "
           "crossing to civilian traffic, ending a closure that had stranded hundreds of lorries on both sides "
           "since early March.")
TALKS = ("The agreement was reached after three days of talks in Geneva hosted by the Swiss government, "
         "according to a joint statement released late on Wednesday night by the two delegations.")
FLOODS = ("Heavy rain caused the river to burst its banks overnight, flooding two villages in the south of "
          "the province, and the regional government opened three schools as shelters for the families.")
FROST = ("Farmers in the valley said the late frost had destroyed most of the apricot harvest, and the "
         "regional council promised compensation to every grower before the end of the summer.")
FOOTBALL = ("The national football team will play two friendly matches in Lisbon next month, the federation "
            "announced, after its coach recovered from a knee operation in a clinic abroad.")

STORED = {
    "a-wire": f"Ministers agree to reopen crossing\n\n{OPENING}\n\n{TALKS}",
    "b-reprint": f"Lachin crossing to reopen\n\n{OPENING}\n\n{TALKS}\n\nEditing by the foreign desk.",
    "c-floods": f"Villages flooded\n\n{FLOODS}",
    "d-frost": f"Frost ruins harvest\n\n{FROST}",
    "e-football": f"Friendlies in Lisbon\n\n{FOOTBALL}",
    "f-talks": f"Geneva talks\n\n{TALKS}\n\n{FROST}",
}
NEW = {
    "g-new-wire": f"Border deal\n\n{OPENING}\n\nMonitors will be present at the crossing from Monday.",
    "h-new-football": f"Coach back\n\n{FOOTBALL}\n\nTickets go on sale on Friday.",
}


def _add(store: Store, texts: dict[str, str]) -> None:
    store.connection.executemany("INSERT INTO doc_fingerprints (doc_id, fingerprint) VALUES (?, ?)",
                                 [[i, fingerprint_to_bytes(fingerprint(i, t))] for i, t in texts.items()])


def _stored_links(store: Store) -> list[tuple]:
    return sorted(store.connection.execute("SELECT doc_a, doc_b, kind, a_start, b_start FROM doc_links").fetchall(),
                  key=repr)


def _full_index_links() -> list[tuple]:
    """The links of one index holding every stored document, then the new ones (what a run must store)."""
    index = ReuseIndex()
    for i in sorted(STORED):
        index.add(fingerprint(i, STORED[i]), link=False)
    links = sorted((k for i in sorted(NEW) for k in index.add(fingerprint(i, NEW[i]))), key=link_order)
    return sorted(((k.doc_a, k.doc_b, k.kind, k.a_start, k.b_start) for k in links), key=repr)


@pytest.fixture()
def reads(monkeypatch) -> list[str]:
    """The fingerprints link_documents reads, by document id."""
    seen: list[str] = []

    def reading(blob: bytes):
        fp = fingerprint_from_bytes(blob)
        seen.append(fp.doc_id)
        return fp

    monkeypatch.setattr(_reuse, "fingerprint_from_bytes", reading)
    return seen


def test_new_documents_read_only_the_stored_ones_they_reach(tmp_path: Path, reads: list[str]):
    with Store(tmp_path / "k.duckdb") as store:
        _add(store, STORED)
        store.link_documents()
        before = set(_stored_links(store))
        assert ("a-wire", "b-reprint", "near-duplicate", None, None) in before
        reads.clear()
        _add(store, NEW)
        store.link_documents()
        new_links = [k for k in _stored_links(store) if k not in before]
    assert new_links == _full_index_links()
    assert {(a, b) for a, b, *_ in new_links} == {("a-wire", "g-new-wire"), ("b-reprint", "g-new-wire"),
                                                   ("e-football", "h-new-football")}
    # the new ones, then only the stored documents sharing a key with them
    assert sorted(reads) == ["a-wire", "b-reprint", "e-football", "g-new-wire", "h-new-football"]


def test_a_database_from_before_the_lookup_keys_is_keyed_once_and_links_the_same(tmp_path: Path, reads):
    with Store(tmp_path / "k.duckdb") as store:
        _add(store, STORED)
        store.link_documents()
        before = set(_stored_links(store))
        conn = store.connection
        conn.execute("DELETE FROM doc_reach_keys")  # as a database written before the keys were kept
        conn.execute("UPDATE doc_fingerprints SET keyed = false")
        reads.clear()
        _add(store, NEW)
        store.link_documents()
        assert sorted(set(reads)) == sorted([*STORED, *NEW])  # every fingerprint read, to key it
        assert [k for k in _stored_links(store) if k not in before] == _full_index_links()
        keyed = conn.execute("SELECT (SELECT count(*) FROM doc_fingerprints WHERE keyed), "
                             "(SELECT count(DISTINCT doc_id) FROM doc_reach_keys)").fetchall()
        assert keyed == [(len(STORED) + len(NEW), len(STORED) + len(NEW))]
        reads.clear()
        assert store.link_documents() == 0 and reads == []  # nothing new: nothing read


def test_an_anchor_held_by_max_postings_stored_documents_reads_no_more_of_them(tmp_path, reads, monkeypatch):
    monkeypatch.setattr(_reuse, "ReuseIndex", lambda: ReuseIndex(max_postings=2))
    outlets = {f"outlet-{n}": f"Headline {n}\n\n{OPENING}\n\n{rest}"
               for n, rest in enumerate([FLOODS, FROST, FOOTBALL, TALKS])}
    new = {"wire": f"Border deal\n\n{OPENING}\n\nMonitors will be present at the crossing from Monday."}
    with Store(tmp_path / "k.duckdb") as store:
        _add(store, outlets)
        store.link_documents()
        reads.clear()
        _add(store, new)
        store.link_documents()
        found = store.connection.execute("SELECT doc_a, doc_b, kind FROM doc_links WHERE doc_b = 'wire' "
                                         "OR doc_a = 'wire' ORDER BY ALL").fetchall()
    full = ReuseIndex(max_postings=2)
    for i in sorted(outlets):
        full.add(fingerprint(i, outlets[i]), link=False)
    expected = sorted((k.doc_a, k.doc_b, k.kind) for k in full.add(fingerprint("wire", new["wire"])))
    assert found == expected
    # the opening's anchors: the first two holders are read (their lists are full after them), the
    # later outlets are not, though they hold the opening too
    assert sorted(reads) == ["outlet-0", "outlet-1", "wire"]
