"""Reuse between the real seed articles in ../shared (skipped when absent)."""

from __future__ import annotations

from khaldun.ingest import iter_documents
from khaldun.records import Document
from khaldun.reuse import ReuseIndex, fingerprint


def test_seeds_001_and_004_share_paragraphs_and_nothing_else_links(shared):
    docs = {
        d.path.rsplit("/", 1)[-1][:3]: d
        for d in iter_documents([shared / "corpus" / "seeds"])
        if isinstance(d, Document)
    }
    assert len(docs) >= 5
    index = ReuseIndex()
    links = index.add_many(fingerprint(d.doc_id, d.text) for d in docs.values())
    name = {d.doc_id: key for key, d in docs.items()}
    pairs = {tuple(sorted((name[l.doc_a], name[l.doc_b]))) for l in links}
    assert pairs == {("001", "004")}
    assert {l.kind for l in links} == {"passage"}
    assert len(links) >= 4
    for link in links:
        a, b = docs[name[link.doc_a]].text, docs[name[link.doc_b]].text
        assert link.score >= 0.5
        assert "\n\n" not in a[link.a_start : link.a_end]  # one paragraph each side
        # the linked paragraphs share a long run of words
        words_a = a[link.a_start : link.a_end].split()
        assert any(" ".join(words_a[i : i + 5]) in b[link.b_start : link.b_end] for i in range(len(words_a)))
    assert max(l.score for l in links) >= 0.95  # one paragraph is copied word for word
