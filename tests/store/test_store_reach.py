"""Reuse linking reads only the stored fingerprints new documents can reach, and links as a full index does."""

from __future__ import annotations

from pathlib import Path

import pytest
from datasketch import MinHashLSH

from khaldun.reuse import ReuseIndex, fingerprint, fingerprint_from_bytes, fingerprint_to_bytes, link_order
from khaldun.reuse.bulk import IndexedDoc
from khaldun.reuse.fingerprint import lean_minhash
from khaldun.reuse.index import Reach
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


def _full_index(stored: dict[str, str], new: dict[str, str], **options) -> list[tuple]:
    full = ReuseIndex(**options)
    for i in sorted(stored):
        full.add(fingerprint(i, stored[i]), link=False)
    return sorted((k.doc_a, k.doc_b, k.kind, k.a_start, k.b_start)
                  for i in sorted(new) for k in full.add(fingerprint(i, new[i])))


def _linked_in_store(path: Path, stored: dict[str, str], new: dict[str, str], monkeypatch, reads, **options):
    """Link ``stored`` in one run and ``new`` in the next; return the second run's links."""
    monkeypatch.setattr(_reuse, "ReuseIndex", lambda: ReuseIndex(**options))
    with Store(path) as store:
        _add(store, stored)
        store.link_documents()
        before = set(_stored_links(store))
        reads.clear()
        _add(store, new)
        store.link_documents()
        return sorted(k for k in _stored_links(store) if k not in before)


def _compared(stored: dict[str, str], new: dict[str, str], **options) -> set[str]:
    """The stored documents an index of them all would compare some new one with (same text, an
    LSH band, or enough anchors in lists that are not full), before any new one is added."""
    index = ReuseIndex(**options)
    lsh = MinHashLSH(threshold=index.lsh_threshold, num_perm=index.num_perm)  # datasketch's, as a check
    for i in sorted(stored):
        index.add(fingerprint(i, stored[i]), link=False)
        lsh.insert(i, lean_minhash(fingerprint(i, stored[i]).minhash, index.seed))
    ids = sorted(stored)
    found = set()
    for text in new.values():
        fp = fingerprint("new", text)
        entry = IndexedDoc.from_fingerprint(fp)
        found |= {ids[n] for n in index._by_text.get(fp.text_hash, ())}
        found |= set(lsh.query(lean_minhash(fp.minhash, index.seed)))
        found |= {ids[n] for n in index._passage_candidates(index._anchors(entry))}
    return found


def test_an_anchor_held_by_max_postings_stored_documents_reads_none_of_them(tmp_path, reads, monkeypatch):
    outlets = {f"outlet-{n}": f"Headline {n}\n\n{OPENING}\n\n{rest}"
               for n, rest in enumerate([FLOODS, FROST, FOOTBALL, TALKS])}
    new = {"wire": f"Border deal\n\n{OPENING}\n\nMonitors will be present at the crossing from Monday.",
           "wire-late": f"Crossing deal\n\n{OPENING}\n\nLorry drivers welcomed the news."}
    # the opening's anchors are held by four stored outlets: with room for six, each is compared
    found = _linked_in_store(tmp_path / "open.duckdb", outlets, new, monkeypatch, reads, max_postings=6)
    assert found == _full_index(outlets, new, max_postings=6)
    assert {a for a, b, *_ in found} == {*outlets, "wire"} and sorted(reads) == sorted([*outlets, *new])
    # with room for five, the first new one fills the lists: the second is compared with no one
    found = _linked_in_store(tmp_path / "filled.duckdb", outlets, new, monkeypatch, reads, max_postings=5)
    assert found == _full_index(outlets, new, max_postings=5)
    assert {(a, b) for a, b, *_ in found} == {(o, "wire") for o in outlets}
    # with room for two, the lists are full: no outlet is read, and the lists still propose nothing
    found = _linked_in_store(tmp_path / "full.duckdb", outlets, new, monkeypatch, reads, max_postings=2)
    assert found == _full_index(outlets, new, max_postings=2) == []
    assert sorted(reads) == sorted(new)


# sentences cut at different lengths: stored and new documents share more or fewer anchors
WORDS = f"{OPENING} {TALKS}".split()
STARTS_AND_ENDS = [(0, 40), (0, 22), (5, 30), (12, 20), (18, 60), (30, 45), (0, 64)]


def _cut(start: int, end: int) -> str:
    return " ".join(WORDS[start:end])


@pytest.mark.parametrize(("reach_slice", "link_slice"), [(1, 1), (2, 2), (256, 3), (256, 4096)])
@pytest.mark.parametrize("max_postings", [2, 3, 5, 200])
def test_links_equal_a_full_index_whatever_the_anchor_cap_and_overlap_needed(tmp_path, reads, monkeypatch,
                                                                            max_postings, reach_slice, link_slice):
    """``reach_slice``: new documents paired with stored anchors at a time; ``link_slice``: stored
    documents a chunk is linked against at a time, each slice in an index of its own."""
    monkeypatch.setattr(_reuse, "REACH_SLICE", reach_slice)
    monkeypatch.setattr(_reuse, "LINK_SLICE", link_slice)
    stored = {f"s{n}-{a}-{b}": f"Story {n}\n\n{_cut(a, b)}\n\n{own}" for n, ((a, b), own) in
              enumerate(zip(STARTS_AND_ENDS, [FLOODS, FROST, FOOTBALL, FLOODS, FROST, FOOTBALL, FROST]))}
    new = {"n1-whole": f"Talks end\n\n{_cut(0, 64)}", "n2-middle": f"Deal\n\n{_cut(10, 50)}\n\n{FOOTBALL}",
           "n3-start": f"Crossing\n\n{_cut(0, 26)}"}
    held: list[list[str]] = []  # each index a chunk was linked in: the stored documents it held
    again, include = Reach.again, Reach.include
    monkeypatch.setattr(Reach, "again", lambda self: held.append([]) or again(self))
    monkeypatch.setattr(Reach, "include", lambda self, fp: held[-1].append(fp.doc_id) or include(self, fp))
    unread = set()
    for min_shared in (1, 2, 4, 8):
        options = {"max_postings": max_postings, "min_shared_anchors": min_shared}
        path = tmp_path / f"cap-{min_shared}.duckdb"
        held.clear()
        found = _linked_in_store(path, stored, new, monkeypatch, reads, **options)
        assert found == _full_index(stored, new, **options), options
        # read: the new ones, and the stored ones an index of all would compare them with, each
        # once, and no more than a slice of them in one index
        assert set(reads) - set(new) == _compared(stored, new, **options), options
        assert sorted(i for ids in held for i in ids) == sorted(set(reads) - set(new))
        assert all(len(ids) <= link_slice for ids in held)
        assert len([ids for ids in held if ids]) == -(-len(set(reads) - set(new)) // link_slice)
        unread |= set(stored) - set(reads)
        # a Reach offered every stored document in turn (no store) links the same
        reach = ReuseIndex(**options).reach(fingerprint(i, new[i]) for i in sorted(new))
        for i in sorted(stored):
            reach.offer(fingerprint(i, stored[i]))
        assert sorted((k.doc_a, k.doc_b, k.kind, k.a_start, k.b_start) for k in reach.link()) == found
    # some stored documents, each holding part of the new ones' text, were not read: their places
    # in the anchors' lists were counted, not loaded
    assert unread


def _crowd() -> dict[str, str]:
    """Reprints, near duplicates and sentences cut at different lengths: links of every kind."""
    return {**STORED, **NEW, **{f"s{n}-{a}-{b}": f"Story {n}\n\n{_cut(a, b)}\n\n{FLOODS if n % 2 else FROST}"
                                for n, (a, b) in enumerate(STARTS_AND_ENDS)}}


def _one_index_links(texts: dict[str, str], **options) -> list[tuple]:
    """Every link of one index given all the documents in doc_id order (what a first run stores)."""
    links = ReuseIndex(**options).add_many(fingerprint(i, texts[i]) for i in sorted(texts))
    return sorted((k.doc_a, k.doc_b, k.kind, k.a_start, k.b_start) for k in links)


@pytest.mark.parametrize("max_postings", [2, 3, 200])
def test_linking_in_chunks_stores_the_links_of_one_index(tmp_path, monkeypatch, max_postings):
    texts = _crowd()
    expected = _one_index_links(texts, max_postings=max_postings)
    assert len(expected) >= 5 and {kind for _, _, kind, _, _ in expected} >= {"near-duplicate", "passage"}
    monkeypatch.setattr(_reuse, "ReuseIndex", lambda: ReuseIndex(max_postings=max_postings))
    rounds: list[int] = []
    real_link_new = _reuse._link_new
    monkeypatch.setattr(_reuse, "_link_new", lambda conn, new: rounds.append(len(new)) or real_link_new(conn, new))
    for chunk in (1, 2, 3, 5, len(texts)):
        rounds.clear()
        with Store(tmp_path / f"chunk-{chunk}-{max_postings}.duckdb") as store:
            _add(store, texts)
            _reuse.link_documents(store.connection, chunk=chunk)
            assert _stored_links(store) == sorted(expected, key=repr), chunk
            # one index per chunk, never holding more new documents than that
            assert rounds == [min(chunk, len(texts) - start) for start in range(0, len(texts), chunk)]
            unlinked = store.connection.execute("SELECT count(*) FROM doc_fingerprints WHERE NOT linked").fetchall()
            assert unlinked == [(0,)]


def test_new_documents_are_linked_oldest_first(tmp_path, monkeypatch):
    """Chunks follow the documents' publication dates (undated last, then doc_id), so that a
    chunk of an archive reaches the weeks before it; the links are one index's, given the
    documents in that order (it matters only to anchors whose lists fill up)."""
    texts = _crowd()
    ids = sorted(texts)
    undated = set(ids[::5])
    # publication order: the reverse of doc_id order, a few undated
    published = {i: None if i in undated else f"2018-{1 + n // 28:02d}-{1 + n % 28:02d}"
                 for n, i in enumerate(reversed(ids))}
    order = sorted(ids, key=lambda i: (published[i] is None, published[i] or "", i))
    assert order != ids
    expected = ReuseIndex(max_postings=2).add_many(fingerprint(i, texts[i]) for i in order)
    monkeypatch.setattr(_reuse, "ReuseIndex", lambda: ReuseIndex(max_postings=2))
    chunks: list[list[str]] = []
    real_link_new = _reuse._link_new
    monkeypatch.setattr(_reuse, "_link_new",
                        lambda conn, new: chunks.append([i for i, _ in new]) or real_link_new(conn, new))
    with Store(tmp_path / "dated.duckdb") as store:
        _add(store, texts)
        store.connection.executemany(
            "INSERT INTO documents (doc_id, path, published, text, n_chars, ingested_at) "
            "VALUES (?, ?, ?, ?, ?, now())", [[i, f"{i}.txt", published[i], texts[i], len(texts[i])] for i in ids])
        _reuse.link_documents(store.connection, chunk=3)
        assert [i for chunk in chunks for i in chunk] == order
        assert _stored_links(store) == sorted(((k.doc_a, k.doc_b, k.kind, k.a_start, k.b_start)
                                               for k in expected), key=repr)


def test_a_run_stopped_in_a_chunk_keeps_the_chunks_before_and_links_the_rest_next_time(tmp_path, monkeypatch):
    texts = _crowd()
    real_insert, keyed = _reuse.insert_rows, []

    def stopping_in_third(conn, table, columns, rows):
        if table == "doc_reach_keys":
            keyed.append(len(rows))
            if len(keyed) == 3:  # the third chunk's links are written, then the run stops
                raise RuntimeError("stopped")
        real_insert(conn, table, columns, rows)

    with Store(tmp_path / "stopped.duckdb") as store:
        _add(store, texts)
        monkeypatch.setattr(_reuse, "insert_rows", stopping_in_third)
        with pytest.raises(RuntimeError, match="stopped"):
            _reuse.link_documents(store.connection, chunk=3)
        conn = store.connection
        assert conn.execute("SELECT count(*) FROM doc_fingerprints WHERE linked").fetchall() == [(6,)]
        assert conn.execute("SELECT count(DISTINCT doc_id) FROM doc_reach_keys").fetchall() == [(6,)]
        monkeypatch.setattr(_reuse, "insert_rows", real_insert)
        _reuse.link_documents(store.connection, chunk=3)
        # the third chunk's links were rolled back with it: none is lost or stored twice
        assert _stored_links(store) == sorted(_one_index_links(texts), key=repr)


def test_a_chunk_of_no_documents_is_refused(tmp_path):
    with Store(tmp_path / "k.duckdb") as store, pytest.raises(ValueError, match="chunk"):
        _reuse.link_documents(store.connection, chunk=0)
