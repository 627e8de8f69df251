"""An incremental index of document fingerprints that reports reuse links.

Adding a document returns its links to the documents already indexed.  The
link found between two documents depends only on those two fingerprints, and
candidates are found symmetrically (same normalised text; MinHash LSH bands;
shared winnowed shingle anchors), so the set of links is the same whatever
order documents arrive in.  The one exception is boilerplate: an anchor
already held by ``max_postings`` documents stops proposing candidates.

Nothing here loops over all pairs: exact duplicates come from a hash table,
near-duplicates from MinHash LSH, passage candidates from an inverted index of
winnowing anchors (about one shingle in three), and the shingles a document
shares with many candidates from an inverted index of every shingle's
paragraphs (:class:`~khaldun.reuse.postings.ShinglePostings`).
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import lru_cache

import numpy as np
from datasketch import MinHashLSH

from khaldun.reuse.bulk import IndexedDoc, Overlaps, count_overlaps, passages_against
from khaldun.reuse.fingerprint import (
    MINHASH_PERMUTATIONS,
    MINHASH_SEED,
    Fingerprint,
)
from khaldun.reuse.links import ReuseLink, link_order, make_link
from khaldun.reuse.passages import shared_passages
from khaldun.reuse.postings import ShinglePostings
from khaldun.reuse.shingles import DEFAULT_SHINGLE_SIZE, winnow_segments

__all__ = ["ANCHOR_KEY", "BAND_KEY", "GHOST", "TEXT_KEY", "Reach", "ReuseIndex", "find_links"]

#: Up to this many passage candidates a document is compared with each in turn.
_FEW_CANDIDATES = 4

#: Kinds of :meth:`ReuseIndex.lookup_keys`: a document is found by its text hash, a MinHash LSH
#: band, or a winnowing anchor.
TEXT_KEY, BAND_KEY, ANCHOR_KEY = 0, 1, 2


def _signed(value: int) -> int:
    """An unsigned 64-bit value as the signed one with the same bits (what a BIGINT column holds)."""
    return value - (1 << 64) if value >= 1 << 63 else value


@lru_cache(maxsize=16)
def _band_shape(threshold: float, num_perm: int) -> tuple[int, int]:
    """How many bands, and rows a band, datasketch's MinHash LSH picks for this threshold."""
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    return lsh.b, lsh.r


def _file(table: dict[int, int | list[int]], keys: Iterable[int], doc: int, limit: int | None = None) -> None:
    """File document ``doc`` under each of ``keys``: a lone holder as itself, more as a list (held to
    ``limit`` holders, when given: a full list takes no more)."""
    for key in keys:
        held = table.get(key)
        if held is None:
            table[key] = doc
        elif isinstance(held, int):
            table[key] = [held, doc]
        elif limit is None or len(held) < limit:
            held.append(doc)


def _holders_of(table: Mapping[int, int | list[int]], keys: Iterable[int]) -> set[int]:
    """Every document filed under any of ``keys``."""
    found: set[int] = set()
    for key in keys:
        held = table.get(key)
        if held is None:
            continue
        if isinstance(held, int):
            found.add(held)
        else:
            found.update(held)
    return found


def _among(values: np.ndarray, sorted_set: np.ndarray) -> np.ndarray:
    """Which of ``values`` are in ``sorted_set`` (sorted, distinct): a boolean mask."""
    if len(sorted_set) == 0:
        return np.zeros(len(values), dtype=bool)
    at = np.minimum(np.searchsorted(sorted_set, values), len(sorted_set) - 1)
    return sorted_set[at] == values


def _jaccard(a: np.ndarray, b: np.ndarray) -> float:
    if len(a) == 0 or len(b) == 0:
        return 0.0
    shared = len(np.intersect1d(a, b, assume_unique=True))
    return shared / (len(a) + len(b) - shared)


class ReuseIndex:
    """Incremental reuse detection over document fingerprints.

    >>> from khaldun.reuse import ReuseIndex, fingerprint
    >>> index = ReuseIndex()
    >>> index.add(fingerprint("a", "Some text.")), len(index)
    ([], 1)
    """

    def __init__(
        self,
        *,
        near_threshold: float = 0.8,
        lsh_threshold: float | None = None,
        passage_threshold: float = 0.5,
        min_passage_shingles: int = 10,
        anchor_window: int = 4,
        min_shared_anchors: int = 2,
        max_postings: int = 200,
        shingle_size: int = DEFAULT_SHINGLE_SIZE,
        num_perm: int = MINHASH_PERMUTATIONS,
        seed: int = MINHASH_SEED,
    ) -> None:
        """Set the thresholds.

        ``near_threshold``: Jaccard (exact, on shingle sets) for a
        near-duplicate; ``lsh_threshold`` (default ``near_threshold - 0.2``)
        is the looser estimate used to find candidates.
        ``passage_threshold``: containment for a passage link, counted only
        for paragraphs of at least ``min_passage_shingles`` distinct shingles
        (so short lines such as "Share this" never link).  Passage candidates
        share at least ``min_shared_anchors`` winnowing anchors
        (``anchor_window`` shingles a window); an anchor held by ``max_postings``
        documents (at least 2) is boilerplate and proposes none.
        """
        if not 0.0 < near_threshold <= 1.0 or not 0.0 < passage_threshold <= 1.0:
            raise ValueError("thresholds must be in (0, 1]")
        if max_postings < 2:  # an anchor's first holder is always proposed: a list holds two at least
            raise ValueError("max_postings must be at least 2")
        self.near_threshold = near_threshold
        self.lsh_threshold = (
            lsh_threshold if lsh_threshold is not None else max(0.1, near_threshold - 0.2)
        )
        self.passage_threshold = passage_threshold
        self.min_passage_shingles = min_passage_shingles
        self.anchor_window = anchor_window
        self.min_shared_anchors = min_shared_anchors
        self.max_postings = max_postings
        self.shingle_size = shingle_size
        self.num_perm = num_perm
        self.seed = seed
        self._entries: list[IndexedDoc] = []
        self._by_id: dict[str, int] = {}
        self._by_text: dict[int, list[int]] = {}
        self._postings: dict[int, int | list[int]] = {}
        self._holders = ShinglePostings()
        # MinHash LSH: each band of a signature, hashed (the BAND_KEY lookup keys), -> documents
        self._band_count, self._band_rows = _band_shape(self.lsh_threshold, num_perm)
        self._bands: dict[int, int | list[int]] = {}
        self._links: list[ReuseLink] = []

    def __len__(self) -> int:
        return len(self._entries)

    def fresh(self) -> ReuseIndex:
        """An empty index with these options."""
        return ReuseIndex(near_threshold=self.near_threshold, lsh_threshold=self.lsh_threshold,
                          passage_threshold=self.passage_threshold, min_passage_shingles=self.min_passage_shingles,
                          anchor_window=self.anchor_window, min_shared_anchors=self.min_shared_anchors,
                          max_postings=self.max_postings, shingle_size=self.shingle_size, num_perm=self.num_perm,
                          seed=self.seed)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._by_id

    @property
    def links(self) -> list[ReuseLink]:
        """Every link found so far, in the order found."""
        return list(self._links)

    def add(self, fp: Fingerprint, *, link: bool = True) -> list[ReuseLink]:
        """Index ``fp``; return its links to the documents indexed before (sorted).

        ``link=False`` only indexes (rebuilding an index from stored
        fingerprints whose links are already known).  A document id already
        indexed is ignored and gives no links.
        """
        self._check(fp)
        if fp.doc_id in self._by_id:
            return []
        entry = IndexedDoc.from_fingerprint(fp)
        return self._add(fp, entry, self._anchors(entry), link)

    def _add(self, fp: Fingerprint, entry: IndexedDoc, anchors: list[int], link: bool,
             bands: Sequence[int] | None = None, looked_up: np.ndarray | None = None,
             below: int | None = None) -> list[ReuseLink]:
        """Index a document (``bands``: its band keys, when already worked out; ``looked_up``:
        the only shingles, sorted, that its paragraphs need be found by).  With ``below``, it is
        compared only with the documents indexed at places below that, and filed only under its
        anchors: no later document will be compared with it, but its places in the anchors'
        lists still count."""
        if bands is None:
            bands = self._band_keys(fp) if len(entry.shingles) else []
        found = self._find(fp, entry, anchors, bands, below) if link else []
        self._insert(fp, entry, anchors, bands, looked_up, anchors_only=below is not None)
        self._links.extend(found)
        return found

    def _band_keys(self, fp: Fingerprint) -> list[int]:
        """Each band of the MinHash signature as one signed 64-bit key (a hash of the band's
        number and values): two signatures share a key when they agree on a whole band, as in
        datasketch's MinHash LSH, which keeps each band's values instead (about 5.9 KB a
        document in Python objects, against 18 dictionary entries here)."""
        values = np.asarray(fp.minhash, dtype=np.uint64)
        rows = self._band_rows
        return [int.from_bytes(hashlib.blake2b(bytes([band]) + values[band * rows:(band + 1) * rows].tobytes(),
                                               digest_size=8).digest(), "big", signed=True)
                for band in range(self._band_count)]

    def lookup_keys(self, fp: Fingerprint) -> list[tuple[int, int]]:
        """``(kind, key)`` pairs a later document finds this one by (signed 64-bit keys): its text
        hash, each MinHash LSH band (hashed), and each winnowing anchor.  Two documents that can
        find each other in this index share one; a store keeps them to pick which stored documents
        some new ones can reach (:class:`Reach`) without reading every fingerprint."""
        self._check(fp)
        entry = IndexedDoc.from_fingerprint(fp)
        return self._lookup_keys(fp, entry, self._anchors(entry))

    def _lookup_keys(self, fp: Fingerprint, entry: IndexedDoc, anchors: list[int]) -> list[tuple[int, int]]:
        keys = [(TEXT_KEY, _signed(fp.text_hash))] if fp.text_hash else []
        if len(entry.shingles):
            keys.extend((BAND_KEY, key) for key in self._band_keys(fp))
        keys.extend((ANCHOR_KEY, _signed(anchor)) for anchor in anchors)
        return keys

    def reach(self, fingerprints: Iterable[Fingerprint]) -> Reach:
        """What these documents, added next, can find in the index: see :class:`Reach`."""
        return Reach(self, fingerprints)

    def add_many(
        self, fingerprints: Iterable[Fingerprint], *, link: bool = True
    ) -> list[ReuseLink]:
        """Add fingerprints in turn; return all the links they produced (sorted)."""
        found: list[ReuseLink] = []
        for fp in fingerprints:
            found.extend(self.add(fp, link=link))
        return sorted(found, key=link_order)

    # -- internals -----------------------------------------------------------------

    def _check(self, fp: Fingerprint) -> None:
        made = (fp.shingle_size, len(fp.minhash), fp.seed)
        if made != (self.shingle_size, self.num_perm, self.seed):
            raise ValueError(
                f"fingerprint {fp.doc_id!r} was made with shingle size {fp.shingle_size}, "
                f"{len(fp.minhash)} permutations, seed {fp.seed}; this index expects "
                f"{self.shingle_size}, {self.num_perm}, {self.seed}"
            )

    def _anchors(self, entry: IndexedDoc) -> list[int]:
        """Winnowing anchors of the paragraphs long enough to be passages."""
        lengths = np.diff(entry.bounds)
        keep = lengths >= self.min_passage_shingles  # a superset: repeats are counted here
        if not keep.any():
            return []
        mask = np.repeat(keep, lengths)
        anchors = winnow_segments(entry.para_shingles[mask], lengths[keep], self.anchor_window)
        return anchors.tolist()

    def _find(self, fp: Fingerprint, entry: IndexedDoc, anchors: list[int], bands: Sequence[int],
              below: int | None = None) -> list[ReuseLink]:
        """Links to the documents indexed before (to those at places below ``below``, if given)."""
        doc_id = fp.doc_id
        limit = len(self._entries) if below is None else below
        links: list[ReuseLink] = []
        whole: set[int] = set()
        if fp.text_hash:
            for other in self._by_text.get(fp.text_hash, ()):
                if other < limit:
                    whole.add(other)
                    links.append(make_link(doc_id, self._entries[other].doc_id, "exact", 1.0))
        for other in sorted(_holders_of(self._bands, bands) - whole):
            if other >= limit:
                continue
            score = _jaccard(entry.shingles, self._entries[other].shingles)
            if score >= self.near_threshold:
                whole.add(other)
                links.append(make_link(doc_id, self._entries[other].doc_id, "near-duplicate", score))
        candidates = [other for other in self._passage_candidates(anchors) if other not in whole and other < limit]
        if candidates:
            links.extend(self._passage_links(entry, candidates))
        return sorted(links, key=link_order)

    def _passage_links(self, entry: IndexedDoc, candidates: list[int]) -> list[ReuseLink]:
        """Passage links of ``entry`` to each candidate document.

        A few candidates are compared pair by pair (:func:`shared_passages`); many at once
        (:func:`passages_against`, whose set-up costs more but each candidate far less).
        Both find the same links.
        """
        others = [self._entries[i] for i in candidates]
        options = {"min_shingles": self.min_passage_shingles, "threshold": self.passage_threshold}
        if len(others) > _FEW_CANDIDATES:
            overlaps = self._overlaps(entry, candidates, others)
            found = (
                passages_against(entry, others, overlaps=overlaps, **options)  # type: ignore[arg-type]
                if overlaps is not None else []
            )
        else:
            needed = math.ceil(self.min_passage_shingles * self.passage_threshold)
            mine = entry.paragraphs()
            found = [
                (position, match)
                for position, other in enumerate(others)
                # fewer shared shingles than any match needs: nothing to compare
                if len(np.intersect1d(entry.shingles, other.shingles, assume_unique=True)) >= needed
                for match in shared_passages(mine, other.paragraphs(), **options)  # type: ignore[arg-type]
            ]
        return [
            make_link(entry.doc_id, others[position].doc_id, "passage", match.score, match.a, match.b)
            for position, match in found
        ]

    def _overlaps(
        self, entry: IndexedDoc, candidates: list[int], others: list[IndexedDoc]
    ) -> Overlaps | None:
        """The shingles ``entry`` shares with the candidates' paragraphs (None: none shared)."""
        shingle, docs, paras = self._holders.lookup(entry.shingles)
        wanted = np.asarray(candidates, dtype=np.int64)
        position = np.minimum(np.searchsorted(wanted, docs), len(wanted) - 1)
        keep = wanted[position] == docs
        if not keep.any():
            return None
        lengths = np.fromiter((len(o.bounds) for o in others), dtype=np.int64, count=len(others)) - 1
        offsets = np.concatenate(([0], np.cumsum(lengths)))  # (each one's n_paragraphs)
        return count_overlaps(entry, offsets, shingle[keep], offsets[position[keep]] + paras[keep])

    def _passage_candidates(self, anchors: list[int]) -> Iterator[int]:
        counts: Counter[int] = Counter()
        for anchor in anchors:
            posting = self._postings.get(anchor)
            if posting is None:
                continue
            if isinstance(posting, int):
                counts[posting] += 1
            elif len(posting) < self.max_postings:
                counts.update(posting)
        counts.pop(GHOST, None)  # holders a Reach left out: never proposed
        return (other for other, n in sorted(counts.items()) if n >= self.min_shared_anchors)

    def _insert(self, fp: Fingerprint, entry: IndexedDoc, anchors: list[int], bands: Sequence[int],
                looked_up: np.ndarray | None = None, anchors_only: bool = False) -> None:
        index = len(self._entries)
        self._entries.append(entry)
        self._by_id[fp.doc_id] = index
        if anchors_only:  # never a candidate: only its places in the anchors' lists count
            _file(self._postings, anchors, index, self.max_postings)
            return
        if fp.text_hash:
            self._by_text.setdefault(fp.text_hash, []).append(index)
        _file(self._bands, bands, index)
        if len(entry.shingles):
            shingles = entry.para_shingles
            paragraphs = np.repeat(np.arange(entry.n_paragraphs, dtype=np.int32), np.diff(entry.bounds))
            if looked_up is not None:
                kept = _among(shingles, looked_up)
                shingles, paragraphs = shingles[kept], paragraphs[kept]
            self._holders.add(index, shingles, paragraphs)
        _file(self._postings, anchors, index, self.max_postings)


#: A stored holder of an anchor that a :class:`Reach` left out of the index: it fills a place in
#: the anchor's list (so the list is full when a full index's would be) and is never proposed.
GHOST = -1


class Reach:
    """Index only the stored documents that some new ones would be compared with, before linking
    the new ones.

    A full index compares a new document with the stored ones sharing its text hash or a MinHash
    LSH band, and with those sharing at least ``min_shared_anchors`` winnowing anchors whose
    lists are not full (an anchor held by ``max_postings`` documents proposes nothing).  Offer
    stored fingerprints to :meth:`offer`, in the order they would be indexed; it indexes those a
    new document can be compared with (``link=False``) and passes the others over.  Then
    :meth:`link` adds the new ones: their links are those of an index holding every stored
    document, and memory and time go with what the new ones reach, not with the database.

    An anchor's list must still be as long as a full index's, so that it is full when that one's
    is: :meth:`link` fills the places of its holders that were not indexed with :data:`GHOST`
    entries, counted from the offered documents.  A store that knows from the stored
    :meth:`ReuseIndex.lookup_keys` which documents the new ones are compared with, and how many
    hold each anchor, passes those to :meth:`include` (in index order) and the counts to
    :meth:`link`, and gets the same links.
    """

    def __init__(self, index: ReuseIndex, fingerprints: Iterable[Fingerprint]) -> None:
        self._index = index
        self._texts: set[int] = set()
        self._band_set: set[int] | None = None  # the new ones' band keys, gathered when first offered one
        self._shingle_set: np.ndarray | None = None  # the new ones' shingles, gathered when first included one
        self._new: list[tuple[Fingerprint, IndexedDoc, list[int]]] = []
        self._keys: list[list[tuple[int, int]]] = []  # each new document's lookup keys
        # anchor of a new document -> (new document, its occurrences of the anchor), and the
        # stored occurrences offered so far
        self._sharers: dict[int, list[tuple[int, int]]] = {}
        self._held: dict[int, int] = {}
        for n, fp in enumerate(fingerprints):
            index._check(fp)
            entry = IndexedDoc.from_fingerprint(fp)
            anchors = index._anchors(entry)
            self._new.append((fp, entry, anchors))
            self._keys.append(index._lookup_keys(fp, entry, anchors))
            if fp.text_hash:
                self._texts.add(fp.text_hash)
            for anchor, times in Counter(anchors).items():
                self._sharers.setdefault(anchor, []).append((n, times))
                self._held[anchor] = 0

    def again(self) -> Reach:
        """The same new documents, over a fresh empty index with the same options.

        Where the new documents reach too many stored ones to hold at once, link them against a
        slice of those at a time, each in a Reach of its own (:meth:`include` that slice, then
        :meth:`link` with every holder counted): a link depends only on its two documents, and an
        anchor's list is as long in each as in one index of all, so the slices' links together
        are that index's.  The new documents are worked out once, here, not again for each slice.
        """
        copy = Reach.__new__(Reach)
        copy._index = self._index.fresh()
        copy._texts, copy._band_set, copy._shingle_set = self._texts, self._new_bands(), self._new_shingles()
        copy._new, copy._keys, copy._sharers = self._new, self._keys, self._sharers
        copy._held = dict.fromkeys(self._held, 0)
        return copy

    def keys_by_document(self) -> list[tuple[str, int, int]]:
        """``(doc_id, kind, key)`` for each of the new documents' lookup keys (what a store keeps)."""
        return [(fp.doc_id, kind, key) for (fp, _, _), keys in zip(self._new, self._keys) for kind, key in keys]

    def offer(self, fp: Fingerprint) -> bool:
        """Index this stored document if a new one can be compared with it; return whether it was."""
        index = self._index
        index._check(fp)
        if fp.doc_id in index._by_id:
            return False
        entry = IndexedDoc.from_fingerprint(fp)
        anchors = index._anchors(entry)
        found = bool(fp.text_hash) and fp.text_hash in self._texts
        held, sharers, cap = self._held, self._sharers, index.max_postings
        shared: Counter[int] = Counter()  # new document -> anchors in common, as a full index counts them
        for anchor in anchors:
            before = held.get(anchor)
            if before is not None:
                held[anchor] = before + 1
                if before < cap:  # in the anchor's list, which may still propose it
                    for n, times in sharers[anchor]:
                        shared[n] += times
        found = found or any(count >= index.min_shared_anchors for count in shared.values())
        bands = index._band_keys(fp) if len(entry.shingles) else []
        found = found or not self._new_bands().isdisjoint(bands)
        if found:
            index._add(fp, entry, anchors, link=False, bands=bands)
        return found

    def _new_bands(self) -> set[int]:
        """The new documents' MinHash LSH band keys, gathered on first use: only :meth:`offer`
        needs them."""
        if self._band_set is None:
            self._band_set = {key for keys in self._keys for kind, key in keys if kind == BAND_KEY}
        return self._band_set

    def include(self, fp: Fingerprint) -> None:
        """Index this stored document, known to be one a new document is compared with (a store's
        lookup keys tell which); :meth:`link` must then be given the anchors' ``holders``.

        Only the new documents look anything up from here on, so the stored one is filed under
        the anchors, bands and shingles they have, not under its others (most of them, where
        it shares one passage with them): the same links, from a smaller index.
        """
        index = self._index
        index._check(fp)
        if fp.doc_id not in index._by_id:
            entry = IndexedDoc.from_fingerprint(fp)
            held, bands = self._held, self._new_bands()
            anchors = [anchor for anchor in index._anchors(entry) if anchor in held]
            filed = [key for key in index._band_keys(fp) if key in bands] if len(entry.shingles) else []
            index._add(fp, entry, anchors, link=False, bands=filed, looked_up=self._new_shingles())

    def _new_shingles(self) -> np.ndarray:
        """The new documents' shingles, sorted, gathered on first use."""
        if self._shingle_set is None:
            every = [entry.shingles for _, entry, _ in self._new]
            self._shingle_set = np.unique(np.concatenate(every)) if every else np.empty(0, dtype=np.uint64)
        return self._shingle_set

    def link(self, holders: Mapping[int, int] | None = None, *, among_new: bool = True) -> list[ReuseLink]:
        """Add the new documents, in their order, after the stored ones; return their links (sorted).

        ``holders``: each anchor lookup key's stored occurrences, when not every stored holder was
        offered (an anchor missing from it has none).  ``among_new=False`` returns only their
        links to stored documents (a further slice of those, the links among the new ones
        already found with an earlier one: see :meth:`again`).
        """
        index = self._index
        below = None if among_new else len(index)
        postings, cap = index._postings, index.max_postings
        for anchor, offered in self._held.items():
            total = offered if holders is None else holders.get(_signed(anchor), 0)
            posting = postings.get(anchor)
            kept = [] if posting is None else [posting] if isinstance(posting, int) else posting
            if total >= cap:
                postings[anchor] = [GHOST] * cap  # full: proposes nothing, takes no more
            elif total > len(kept):
                postings[anchor] = kept + [GHOST] * (total - len(kept))
        found = []
        for (fp, entry, anchors), keys in zip(self._new, self._keys):
            if fp.doc_id not in index._by_id:
                bands = [key for kind, key in keys if kind == BAND_KEY]  # worked out with its lookup keys
                found.extend(index._add(fp, entry, anchors, link=True, bands=bands, below=below))
        return sorted(found, key=link_order)


def find_links(fingerprints: Iterable[Fingerprint], **options: float | int) -> list[ReuseLink]:
    """All reuse links among ``fingerprints`` (a fresh :class:`ReuseIndex` with ``options``)."""
    return ReuseIndex(**options).add_many(fingerprints)  # type: ignore[arg-type]
