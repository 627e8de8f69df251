"""Which indexed paragraphs hold each shingle: the inverted index behind passage matching.

A new document needs, for each of its shingles, the paragraphs of the
indexed documents that hold it.  Scanning every candidate document's shingles
costs in proportion to the candidates' total size; looking the new
document's shingles up here costs in proportion to what is actually shared.

The pairs are kept in numpy, as a few runs sorted by shingle
(log-structured: a new document's pairs form a run, and runs of similar size
merge), so adding a document costs an amortised O(log n) a pair and a lookup
one binary search a run.

>>> import numpy as np
>>> postings = ShinglePostings()
>>> postings.add(0, np.array([7, 9, 9], dtype=np.uint64), np.array([0, 0, 1]))
>>> postings.add(1, np.array([9], dtype=np.uint64), np.array([0]))
>>> sorted(zip(*(a.tolist() for a in postings.lookup(np.array([9], dtype=np.uint64)))))
[(0, 0, 0), (0, 0, 1), (0, 1, 0)]
"""

from __future__ import annotations

import numpy as np

__all__ = ["ShinglePostings"]

#: A run is merged into the run before it once that one is at most this many times larger.
_MERGE_RATIO = 2


def _expand(lo: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """``concatenate([arange(l, l + c) for l, c in zip(lo, counts)])``, vectorised."""
    total = int(counts.sum())
    return np.repeat(lo - np.cumsum(counts) + counts, counts) + np.arange(total, dtype=np.int64)


class ShinglePostings:
    """Distinct (shingle, document, paragraph) triples, looked up by shingle."""

    def __init__(self) -> None:
        #: runs of (shingles sorted, documents, paragraphs), largest first
        self._runs: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []

    def __len__(self) -> int:
        """How many (shingle, document, paragraph) triples are held."""
        return sum(len(keys) for keys, _, _ in self._runs)

    def add(self, doc: int, shingles: np.ndarray, paragraphs: np.ndarray) -> None:
        """Add document ``doc``: ``paragraphs[i]`` holds ``shingles[i]`` (repeats allowed)."""
        if len(shingles) == 0:
            return
        order = np.lexsort((paragraphs, shingles))
        keys, paras = shingles[order], np.asarray(paragraphs, dtype=np.int32)[order]
        keep = np.ones(len(keys), dtype=bool)
        keep[1:] = (keys[1:] != keys[:-1]) | (paras[1:] != paras[:-1])
        keys, paras = keys[keep], paras[keep]
        runs = self._runs
        runs.append((keys, np.full(len(keys), doc, dtype=np.int32), paras))
        while len(runs) > 1 and len(runs[-2][0]) <= _MERGE_RATIO * len(runs[-1][0]):
            newer, older = runs.pop(), runs.pop()
            keys = np.concatenate((older[0], newer[0]))
            order = np.argsort(keys, kind="stable")
            runs.append((keys[order], np.concatenate((older[1], newer[1]))[order],
                         np.concatenate((older[2], newer[2]))[order]))  # fmt: skip

    def lookup(self, shingles: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Every holder of ``shingles`` (distinct values): ``(i, document, paragraph)`` arrays,
        one row per paragraph holding ``shingles[i]``, in no particular order."""
        found_i, found_doc, found_para = [], [], []
        for keys, docs, paras in self._runs:
            lo = np.searchsorted(keys, shingles, side="left")
            counts = np.searchsorted(keys, shingles, side="right") - lo
            hit = np.flatnonzero(counts)
            if len(hit) == 0:
                continue
            where = _expand(lo[hit], counts[hit])
            found_i.append(np.repeat(hit, counts[hit]))
            found_doc.append(docs[where])
            found_para.append(paras[where])
        if not found_i:
            empty = np.empty(0, dtype=np.int64)
            return empty, empty.astype(np.int32), empty.astype(np.int32)
        return np.concatenate(found_i), np.concatenate(found_doc), np.concatenate(found_para)
