"""Matching one document against many at once gives exactly the pairwise passage matches."""

from __future__ import annotations

import random

import pytest

from khaldun.reuse import fingerprint
from khaldun.reuse.bulk import IndexedDoc, StoredParagraphs, passages_against
from khaldun.reuse.passages import shared_passages

MIN_SHINGLES, THRESHOLD = 10, 0.5


def _doc(doc_id: str, text: str) -> IndexedDoc:
    return IndexedDoc.from_fingerprint(fingerprint(doc_id, text))


def _pairwise(doc: IndexedDoc, others: list[IndexedDoc]) -> set[tuple[int, tuple, tuple, float]]:
    return {
        (k, m.a, m.b, m.score)
        for k, other in enumerate(others)
        for m in shared_passages(doc.paragraphs(), other.paragraphs(),
                                 min_shingles=MIN_SHINGLES, threshold=THRESHOLD)
    }


def _bulk(doc: IndexedDoc, others: list[IndexedDoc]) -> set[tuple[int, tuple, tuple, float]]:
    found = passages_against(doc, others, min_shingles=MIN_SHINGLES, threshold=THRESHOLD)
    out = {(k, m.a, m.b, m.score) for k, m in found}
    assert len(out) == len(found)  # no match reported twice
    return out


def test_every_pairwise_match_of_the_reuse_articles_is_found_in_one_pass(articles):
    docs = [_doc(name, text) for name, text in sorted(articles.items())]
    for i, doc in enumerate(docs):
        others = docs[:i] + docs[i + 1 :]
        expected = _pairwise(doc, others)
        assert _bulk(doc, others) == expected
    # the fixture's copied, split and republished paragraphs make matches to compare
    assert sum(len(_pairwise(d, docs[:i])) for i, d in enumerate(docs)) > 10


def test_a_paragraph_split_in_two_joins_both_halves(articles):
    wire, split = _doc("wire", articles["wire"]), _doc("split", articles["split-copy"])
    found = passages_against(wire, [split], min_shingles=MIN_SHINGLES, threshold=THRESHOLD)
    spans = [articles["split-copy"][m.b[0] : m.b[1]] for _, m in found]
    # one wire paragraph is matched to both halves of the copy at once
    assert any("\n\n" in span for span in spans)
    assert all(k == 0 and m.score >= THRESHOLD for k, m in found)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_recombined_paragraphs_with_repeats_and_splits_match_pairwise(articles, seed):
    rng = random.Random(seed)
    paragraphs = [p for text in articles.values() for p in text.split("\n\n") if len(p.split()) > 8]
    texts = []
    for _ in range(25):
        body = rng.sample(paragraphs, k=rng.randint(2, 6))
        if rng.random() < 0.4:  # split one paragraph in two
            words = body[0].split()
            cut = rng.randint(3, len(words) - 3)
            body[0] = " ".join(words[:cut]) + "\n\n" + " ".join(words[cut:])
        if rng.random() < 0.3:  # the same paragraph twice in one article
            body.append(body[-1])
        texts.append("\n\n".join(body))
    docs = [_doc(f"d{i}", t) for i, t in enumerate(texts)]
    matched = 0
    for i, doc in enumerate(docs):
        expected = _pairwise(doc, docs[:i])
        assert _bulk(doc, docs[:i]) == expected
        matched += len(expected)
    assert matched > 20


def test_stored_paragraphs_read_like_paragraphs(articles):
    doc = _doc("wire", articles["wire"])
    stored, plain = StoredParagraphs(doc), doc.paragraphs()
    assert len(stored) == len(plain) == doc.n_paragraphs
    for lazy, para in zip(stored, plain, strict=True):
        assert (lazy.start, lazy.end, lazy.size, lazy.shingles) == (para.start, para.end, para.size,
                                                                    para.shingles)
    with pytest.raises(IndexError):
        stored[len(plain)]


def test_nothing_shared_gives_no_match():
    a = _doc("a", "The river rose by two metres overnight and flooded the lower town's market square.")
    b = _doc("b", "Parliament passed the budget on Tuesday after a long debate about pensions and taxes.")
    assert passages_against(a, [b], min_shingles=MIN_SHINGLES, threshold=THRESHOLD) == []
    assert passages_against(a, [], min_shingles=MIN_SHINGLES, threshold=THRESHOLD) == []


def test_link_order_sorts_links_as_their_own_ordering_does(articles):
    from khaldun.reuse import find_links, link_order

    links = find_links(fingerprint(name, text) for name, text in articles.items())
    assert len({link.kind for link in links}) == 3  # exact, near-duplicate and passage links
    shuffled = random.Random(5).sample(links, len(links))
    assert sorted(shuffled, key=link_order) == sorted(shuffled) == links
