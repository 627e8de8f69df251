"""The shingle-to-paragraph postings give the reuse index the same links as scanning candidates."""

from __future__ import annotations

import numpy as np
import pytest

from khaldun.reuse import ReuseIndex, fingerprint
from khaldun.reuse.bulk import IndexedDoc, count_overlaps, passages_against
from khaldun.reuse.postings import ShinglePostings

WIRE = [
    "Turkish troops shelled Kurdish positions near Afrin on Sunday, killing at least four fighters, "
    "the army said in a statement read on state television.",
    "Iran's defence minister met his Syrian counterpart in Damascus and pledged more military advisers "
    "to help the government retake the eastern districts of Aleppo.",
    "Israel condemned the agreement and warned Tehran against sending more weapons across the border "
    "into Syria, saying it would act to stop any transfer.",
    "The United Nations envoy called for a ceasefire in Idlib province after a week of air strikes "
    "that residents said had destroyed two hospitals and a market.",
    "Russia's foreign ministry said talks in Geneva would resume next month if the opposition "
    "delegation agreed to drop its demand that the president step down.",
]
LOCAL = [
    "Farmers in the valley said the harvest was the worst in a decade after the spring rains failed.",
    "The city council voted to close the old bridge for repairs that will take most of the summer.",
    "A local football club celebrated its centenary with a match against a team from the capital.",
]


def _corpus() -> list[tuple[str, str]]:
    """Outlets reprinting wire paragraphs in different mixes, with local paragraphs of their own."""
    docs = []
    for n in range(12):
        picked = [WIRE[(n + k) % len(WIRE)] for k in range(2 + n % 3)]
        if n % 4 == 0:  # a paragraph split in two by an editor
            words = picked[0].split()
            picked[0:1] = [" ".join(words[: len(words) // 2]), " ".join(words[len(words) // 2 :])]
        picked.insert(n % 2, LOCAL[n % len(LOCAL)])
        docs.append((f"doc{n:02d}", "\n\n".join(picked)))
    return docs


def test_lookup_finds_every_paragraph_holding_a_shingle_once():
    postings = ShinglePostings()
    rng = np.random.default_rng(3)
    truth: dict[int, set[tuple[int, int]]] = {}
    for doc in range(40):  # enough documents for runs to merge several times
        shingles = rng.integers(0, 50, size=30).astype(np.uint64)
        paragraphs = np.sort(rng.integers(0, 4, size=30))
        postings.add(doc, shingles, paragraphs)
        for s, p in zip(shingles.tolist(), paragraphs.tolist(), strict=True):
            truth.setdefault(s, set()).add((doc, p))
    assert len(postings) == sum(len(v) for v in truth.values())
    wanted = np.array([0, 7, 49, 77], dtype=np.uint64)
    i, docs, paras = postings.lookup(wanted)
    found: dict[int, list[tuple[int, int]]] = {}
    for k, d, p in zip(i.tolist(), docs.tolist(), paras.tolist(), strict=True):
        found.setdefault(int(wanted[k]), []).append((d, p))
    for value in wanted.tolist():
        assert sorted(found.get(value, [])) == sorted(truth.get(value, set()))


def test_an_empty_index_finds_nothing():
    i, docs, paras = ShinglePostings().lookup(np.array([1, 2], dtype=np.uint64))
    assert len(i) == len(docs) == len(paras) == 0


def test_overlaps_from_postings_equal_those_from_the_arrays():
    docs = [IndexedDoc.from_fingerprint(fingerprint(i, t)) for i, t in _corpus()]
    postings = ShinglePostings()
    for n, doc in enumerate(docs[:-1]):
        postings.add(n, doc.para_shingles, np.repeat(np.arange(doc.n_paragraphs), np.diff(doc.bounds)))
    new, others = docs[-1], docs[:-1]
    shingle, owner, para = postings.lookup(new.shingles)
    offsets = np.concatenate(([0], np.cumsum([o.n_paragraphs for o in others])))
    counted = count_overlaps(new, offsets, shingle, offsets[owner] + para)
    options = {"min_shingles": 10, "threshold": 0.5}
    from_postings = passages_against(new, others, overlaps=counted, **options)
    assert from_postings  # the last outlet reprints wire paragraphs others carry too
    assert sorted(map(repr, from_postings)) == sorted(map(repr, passages_against(new, others, **options)))


@pytest.mark.parametrize("order", ["forward", "backward"])
def test_index_links_equal_pairwise_comparison(order):
    docs = _corpus()
    if order == "backward":
        docs = docs[::-1]
    index = ReuseIndex()
    links = sorted(link for i, t in docs for link in index.add(fingerprint(i, t)))
    # each pair alone in a fresh index: the links two documents make depend on them only
    pairwise = sorted(
        link
        for a in range(len(docs))
        for b in range(a)
        for link in ReuseIndex().add_many([fingerprint(*docs[b]), fingerprint(*docs[a])])
    )
    assert any(link.kind == "passage" for link in links)
    assert links == pairwise
