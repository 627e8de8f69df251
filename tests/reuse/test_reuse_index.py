"""The incremental reuse index on articles we wrote."""

from __future__ import annotations

import itertools
import random

import pytest

from khaldun.reuse import (
    ReuseIndex,
    find_links,
    fingerprint,
    fingerprint_from_bytes,
    fingerprint_to_bytes,
)


def _links(articles, ids):
    return find_links(fingerprint(i, articles[i]) for i in ids)


def _by_pair(links):
    pairs: dict[tuple[str, str], list] = {}
    for link in links:
        pairs.setdefault((link.doc_a, link.doc_b), []).append(link)
    return pairs


def test_republished_wire_story_is_a_near_duplicate(articles):
    (link,) = _links(articles, ["wire", "wire-republished"])
    assert (link.doc_a, link.doc_b, link.kind) == ("wire", "wire-republished", "near-duplicate")
    assert 0.85 < link.score < 1.0
    assert link.a_start is None and link.whole


def test_same_text_with_other_quote_marks_is_an_exact_duplicate(articles):
    (link,) = _links(articles, ["analysis-copy", "analysis"])
    assert (link.doc_a, link.doc_b, link.kind, link.score) == ("analysis", "analysis-copy", "exact", 1.0)


def test_copied_paragraph_with_changed_quote_marks_is_a_passage(articles):
    links = _links(articles, ["wire", "analysis"])
    assert {link.kind for link in links} == {"passage"}
    analysis, wire = articles["analysis"], articles["wire"]
    copied = {
        (analysis[l.a_start : l.a_end], wire[l.b_start : l.b_end]): l.score for l in links
    }
    verbatim = [score for (a, b), score in copied.items() if a.startswith("His Azerbaijani")]
    assert verbatim == [1.0]  # ‘…’ in one, "…" in the other
    (quoted,) = [(a, b, s) for (a, b), s in copied.items() if a.startswith("The Armenian")]
    assert quoted[1].startswith('"We have agreed') and 0.5 <= quoted[2] < 1.0
    # the analysis's own paragraphs are not linked
    assert not any("Opposition politicians" in a or "Analysts said" in a for a, _ in copied)


def test_paragraph_split_in_two_is_matched_as_one_span(articles):
    (link,) = _links(articles, ["wire", "split-copy"])
    copy = articles["split-copy"]
    assert link.doc_a == "split-copy" and link.kind == "passage"
    span = copy[link.a_start : link.a_end]
    assert span.startswith("The agreement was reached") and span.endswith("by the two delegations.")
    assert "\n\n" in span
    assert articles["wire"][link.b_start : link.b_end].startswith("The agreement was reached")


def test_shared_boilerplate_lines_do_not_link(articles):
    assert _links(articles, ["protest", "floods"]) == []
    # the 13-word subscription line is shared verbatim: only the minimum paragraph size keeps it out
    loose = find_links(
        [fingerprint(i, articles[i]) for i in ("protest", "floods")], min_passage_shingles=8
    )
    assert [articles[l.doc_a][l.a_start : l.a_end] for l in loose] == [
        "Subscribe to our daily briefing to get the top stories in your inbox"
    ]
    mixed = _links(articles, ["protest", "wire", "floods", "analysis"])
    assert mixed and mixed == _links(articles, ["wire", "analysis"])


def test_links_do_not_depend_on_the_order_documents_are_added(articles):
    ids = sorted(articles)
    expected = _links(articles, ids)
    assert {link.kind for link in expected} == {"exact", "near-duplicate", "passage"}
    rng = random.Random(5)
    for _ in range(6):
        shuffled = ids[:]
        rng.shuffle(shuffled)
        assert _links(articles, shuffled) == expected
    # near-duplicates and exact copies are not also reported passage by passage
    for (a, b), links in _by_pair(expected).items():
        kinds = {link.kind for link in links}
        assert len(kinds) == 1, (a, b, kinds)


def test_add_returns_only_the_new_documents_links(articles):
    index = ReuseIndex()
    assert index.add(fingerprint("wire", articles["wire"])) == []
    assert index.add(fingerprint("protest", articles["protest"])) == []
    new = index.add(fingerprint("analysis", articles["analysis"]))
    assert {(l.doc_a, l.doc_b) for l in new} == {("analysis", "wire")}
    assert index.add(fingerprint("analysis", articles["analysis"])) == []  # already indexed
    assert len(index) == 3 and "analysis" in index and "floods" not in index
    assert sorted(index.links) == new


def test_index_rebuilt_from_stored_bytes_finds_the_same_links(articles):
    ids = ["wire", "analysis", "protest", "split-copy"]
    stored = [fingerprint_to_bytes(fingerprint(i, articles[i])) for i in ids]
    rebuilt = ReuseIndex()
    for data in stored:
        assert rebuilt.add(fingerprint_from_bytes(data), link=False) == []
    fresh = ReuseIndex()
    fresh.add_many(fingerprint(i, articles[i]) for i in ids)
    newcomer = fingerprint("wire-republished", articles["wire-republished"])
    found = rebuilt.add(newcomer)
    assert found == fresh.add(newcomer)
    assert {(l.doc_a, l.kind) for l in found} == {
        ("analysis", "passage"),
        ("split-copy", "passage"),
        ("wire", "near-duplicate"),
    }


def test_thresholds_are_respected(articles):
    fps = [fingerprint(i, articles[i]) for i in ("wire", "wire-republished", "analysis")]
    strict = ReuseIndex(near_threshold=0.95, passage_threshold=0.9).add_many(fps)
    kinds = {(l.doc_a, l.doc_b): l.kind for l in strict}
    assert kinds[("wire", "wire-republished")] == "passage"  # no longer a near-duplicate
    assert all(l.score >= 0.9 for l in strict)
    assert not any(articles["analysis"][l.a_start :].startswith("The Armenian") for l in strict)


def test_fingerprints_from_other_settings_are_refused(articles):
    index = ReuseIndex()
    with pytest.raises(ValueError, match="shingle size 4"):
        index.add(fingerprint("wire", articles["wire"], shingle_size=4))
    with pytest.raises(ValueError, match="64 permutations"):
        index.add(fingerprint("wire", articles["wire"], num_perm=64))


def test_many_copies_of_one_story_all_link():
    story = (
        "Heavy fighting broke out on Monday around the airport of the northern city, "
        "where government troops and rebel fighters have faced each other for weeks.\n\n"
        "A spokesman for the army said its units had repelled three attacks during the night "
        "and that the runway remained under government control."
    )
    fps = [fingerprint(f"copy-{n}", story + f"\n\nFiled by desk {n}.") for n in range(6)]
    links = find_links(fps)
    assert len(links) == len(list(itertools.combinations(range(6), 2)))
    assert {l.kind for l in links} == {"near-duplicate"}


def test_documents_without_words_never_link():
    index = ReuseIndex()
    assert index.add(fingerprint("blank-1", "")) == []
    assert index.add(fingerprint("blank-2", " \n\n -- \n\n")) == []
    assert index.add(fingerprint("word", "Hello.")) == []
    assert index.add(fingerprint("word-2", "hello")) != []  # same single word: exact
    assert len(index) == 4


def _linked_after(stored, new, *, reach: bool, **options):
    """The links of ``new`` added after ``stored`` (indexed without linking): with every stored
    document in the index, or only those a :class:`Reach` of the new ones keeps."""
    index = ReuseIndex(**options)
    if not reach:
        for fp in stored:
            index.add(fp, link=False)
        return index, sorted(link for fp in new for link in index.add(fp))
    found = index.reach(new)
    for fp in stored:
        found.offer(fp)
    return index, sorted(found.link())


def test_a_reach_of_new_documents_indexes_only_the_stored_ones_they_can_find(articles):
    stored = [fingerprint(i, articles[i]) for i in ("protest", "wire", "floods", "analysis", "split-copy")]
    new = [fingerprint("wire-republished", articles["wire-republished"])]
    full, expected = _linked_after(stored, new, reach=False)
    kept, found = _linked_after(stored, new, reach=True)
    assert found == expected
    assert {(l.doc_a, l.kind) for l in found} == {
        ("analysis", "passage"), ("split-copy", "passage"), ("wire", "near-duplicate")}
    # the protest and floods stories share no text with the new one: never loaded into the index
    assert len(full) == 6 and len(kept) == 4
    assert "protest" not in kept and "floods" not in kept and "wire-republished" in kept


def test_a_reach_keeps_the_anchor_cap_of_a_full_index(articles):
    # the wire story's opening paragraph reprinted by four outlets, each with a story of its own after it
    opening = articles["wire"].split("\n\n")[1]
    own = [articles["protest"].split("\n\n", 1)[1], articles["floods"].split("\n\n", 1)[1],
           "Farmers in the valley said the late frost had destroyed most of the apricot harvest, and "
           "the regional council promised compensation before the end of the summer.",
           "The national football team will play two friendly matches in Lisbon next month, the "
           "federation announced, after its coach recovered from a knee operation."]
    stored = [fingerprint(f"outlet-{n}", f"Headline {n}\n\n{opening}\n\n{rest}") for n, rest in enumerate(own)]
    new = [fingerprint("wire", articles["wire"]), fingerprint("latecomer", f"Late\n\n{opening}")]
    # an anchor held by max_postings stored documents proposes none of them: the others are not loaded
    full, expected = _linked_after(stored, new, reach=False, max_postings=2)
    kept, found = _linked_after(stored, new, reach=True, max_postings=2)
    assert found == expected
    assert "outlet-0" in kept and "outlet-1" in kept and "outlet-2" not in kept and "outlet-3" not in kept
    assert len(full) == 6 and len(kept) == 4
    # with room in the anchors' lists every outlet is found, and linked to both new documents
    full, expected = _linked_after(stored, new, reach=False)
    kept, found = _linked_after(stored, new, reach=True)
    assert found == expected and len(kept) == len(full) == 6
    assert {(l.doc_a, l.doc_b) for l in found} >= {(f"outlet-{n}", "wire") for n in range(4)}


def test_an_anchor_list_holds_two_documents_at_least():
    with pytest.raises(ValueError, match="max_postings"):
        ReuseIndex(max_postings=1)


def test_band_candidates_are_those_of_datasketchs_minhash_lsh():
    # one story edited a little more each time: near the LSH threshold some bands agree, some not
    words = ("The foreign ministers of the two countries met in Geneva on Thursday and agreed to reopen "
             "the border crossing to civilian traffic from Monday, ending a closure that had stranded "
             "hundreds of lorries on both sides since March, according to a joint statement").split()
    rng = random.Random(11)
    texts = {}
    for n in range(120):
        edited = list(words)
        for position in rng.sample(range(len(words)), n % 24):
            edited[position] = rng.choice(["officials", "delegates", "Sunday", "trucks", "agreement", "talks"])
        texts[f"copy-{n:02d}"] = " ".join(edited)
    from datasketch import MinHashLSH

    from khaldun.reuse.fingerprint import lean_minhash
    from khaldun.reuse.index import _holders_of

    index = ReuseIndex()
    lsh = MinHashLSH(threshold=index.lsh_threshold, num_perm=index.num_perm)
    ids = sorted(texts)
    sizes = []
    for doc_id in ids:
        fp = fingerprint(doc_id, texts[doc_id])
        ours = {ids[n] for n in _holders_of(index._bands, index._band_keys(fp))}
        theirs = set(lsh.query(lean_minhash(fp.minhash, index.seed)))
        assert ours == theirs, doc_id
        sizes.append(len(ours))
        index.add(fp, link=False)
        lsh.insert(doc_id, lean_minhash(fp.minhash, index.seed))
    # some documents found some earlier ones through a band, and some found none
    assert max(sizes) > 5 and sizes.count(0) > 1


def test_a_signature_agreeing_with_another_in_any_one_band_is_its_candidate():
    from datasketch import MinHashLSH

    from khaldun.reuse import Fingerprint
    from khaldun.reuse.fingerprint import lean_minhash
    from khaldun.reuse.index import _holders_of

    index = ReuseIndex()
    lsh = MinHashLSH(threshold=index.lsh_threshold, num_perm=index.num_perm)
    rows, bands = lsh.r, lsh.b
    rng = random.Random(5)

    def made(doc_id: str, values: list[int]) -> Fingerprint:
        shingle = rng.getrandbits(64).to_bytes(8, "little")
        return Fingerprint(doc_id, rng.getrandbits(63), tuple(values), ((0, 10),), (1,), shingle)

    base = [rng.getrandbits(32) for _ in range(index.num_perm)]
    index.add(made("base", base), link=False)
    lsh.insert("base", lean_minhash(tuple(base), index.seed))
    for band in range(bands):
        values = [rng.getrandbits(32) for _ in range(index.num_perm)]
        values[band * rows:(band + 1) * rows] = base[band * rows:(band + 1) * rows]  # this band alone agrees
        fp = made(f"band-{band}", values)
        assert _holders_of(index._bands, index._band_keys(fp)) == {0}, band
        assert lsh.query(lean_minhash(fp.minhash, index.seed)) == ["base"]
    # the same values one band further on agree in no band
    shifted = [rng.getrandbits(32) for _ in range(index.num_perm)]
    shifted[rows:2 * rows] = base[:rows]
    assert _holders_of(index._bands, index._band_keys(made("shifted", shifted))) == set()
    assert lsh.query(lean_minhash(tuple(shifted), index.seed)) == []


def test_a_stored_document_a_reach_includes_is_filed_only_where_the_new_ones_look(articles):
    # four outlets print the wire story's opening paragraph, each with a story of its own after it
    opening = articles["wire"].split("\n\n")[1]
    own = [articles[name].split("\n\n", 1)[1] for name in ("protest", "floods", "analysis")]
    stored = [fingerprint(f"outlet-{n}", f"Headline {n}\n\n{opening}\n\n{rest}") for n, rest in enumerate(own)]
    new = [fingerprint("latecomer", f"Late\n\n{opening}\n\nMore to follow.")]
    full, expected = _linked_after(stored, new, reach=False)
    index = ReuseIndex()
    reach = index.reach(new)
    for fp in stored:
        reach.include(fp)  # (what a store does with the stored documents its lookup keys reach)
    assert sorted(reach.link()) == expected
    assert {link.doc_b for link in expected} == {fp.doc_id for fp in stored}
    # the stored ones' own stories are no longer filed: what is left is the shared opening's
    new_shingles = set(fingerprint("latecomer", f"Late\n\n{opening}\n\nMore to follow.").hashes().tolist())
    assert len(index._holders) < len(full._holders) / 2
    assert {key for keys, _, _ in index._holders._runs for key in keys.tolist()} <= new_shingles
    assert len(index._postings) < len(full._postings) / 2
