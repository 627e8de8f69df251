"""Passage matching of one document against many indexed ones at once.

:func:`shared_passages` compares two documents paragraph by paragraph in
Python.  When a new document has dozens or hundreds of candidates (a wire
story republished in pieces everywhere), that per-pair work dominates, so
here the shared-shingle counts of every paragraph pair, against every
candidate, come from one vectorised pass; the early checks of
:func:`~khaldun.reuse.passages.contained_paragraphs` and the common case (a
paragraph matched to one paragraph, no neighbour joining) are decided on
those counts in numpy, and only the pairs where a neighbouring paragraph
may join (a paragraph split in two) go through :func:`shared_passages`.
The matches are exactly those of :func:`shared_passages` on each pair.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np

from khaldun.reuse.fingerprint import Fingerprint
from khaldun.reuse.passages import Paragraph, PassageMatch, shared_passages

__all__ = ["IndexedDoc", "Overlaps", "StoredParagraphs", "count_overlaps", "passages_against"]

_NONE = np.iinfo(np.int64).max
_FILTER_SIZE = 1 << 16
_FILTER_MASK = np.uint64(_FILTER_SIZE - 1)


@dataclass(frozen=True, slots=True)
class IndexedDoc:
    """An indexed document, held compactly (numpy arrays, no per-shingle objects)."""

    doc_id: str
    text_hash: int
    shingles: np.ndarray  # distinct document shingles, sorted uint64
    starts: np.ndarray  # paragraph spans
    ends: np.ndarray
    bounds: np.ndarray  # paragraph i's shingles: para_shingles[bounds[i]:bounds[i+1]]
    para_shingles: np.ndarray  # in text order, repeats kept
    #: the low 16 bits of each of ``para_shingles`` (uint16), when kept: the cheap first filter of
    #: :func:`passages_against` without ``overlaps`` (made there when not kept)
    low_bits: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.uint16), compare=False, repr=False)
    # :attr:`sizes` once worked out (only documents that become candidates need them)
    _sizes: list[np.ndarray] = field(default_factory=list, compare=False, repr=False)

    @classmethod
    def from_fingerprint(cls, fp: Fingerprint) -> IndexedDoc:
        """What the index keeps of a fingerprint."""
        every = fp.hashes()
        return cls(
            doc_id=fp.doc_id,
            text_hash=fp.text_hash,
            shingles=np.unique(every),
            starts=np.asarray([s for s, _ in fp.spans], dtype=np.int64),
            ends=np.asarray([e for _, e in fp.spans], dtype=np.int64),
            bounds=np.concatenate(([0], np.cumsum(fp.counts, dtype=np.int64))),
            para_shingles=every,
        )

    @property
    def n_paragraphs(self) -> int:
        """How many paragraphs the document has."""
        return len(self.bounds) - 1

    @property
    def sizes(self) -> np.ndarray:
        """Distinct shingles of each paragraph (worked out when first asked for)."""
        if not self._sizes:
            counts = np.diff(self.bounds)
            if len(self.shingles) == len(self.para_shingles):  # no shingle repeated anywhere
                self._sizes.append(counts)
            else:
                n_paras = len(counts)
                para = np.repeat(np.arange(n_paras, dtype=np.int64), counts)
                pairs = np.unique(np.searchsorted(self.shingles, self.para_shingles) * n_paras + para)
                self._sizes.append(np.bincount(pairs % n_paras, minlength=n_paras))
        return self._sizes[0]

    def paragraphs(self) -> list[Paragraph]:
        """Every paragraph with its shingle set."""
        values = self.para_shingles.tolist()
        bounds = self.bounds.tolist()
        return [
            Paragraph(start, end, frozenset(values[bounds[i] : bounds[i + 1]]))
            for i, (start, end) in enumerate(
                zip(self.starts.tolist(), self.ends.tolist(), strict=True)
            )
        ]


class _StoredParagraph:
    """A paragraph of an indexed document whose shingle set is built when first read."""

    __slots__ = ("start", "end", "size", "_values", "_shingles")

    def __init__(self, start: int, end: int, size: int, values: np.ndarray) -> None:
        self.start, self.end, self.size, self._values = start, end, size, values
        self._shingles: frozenset[int] | None = None

    @property
    def shingles(self) -> frozenset[int]:
        if self._shingles is None:
            self._shingles = frozenset(self._values.tolist())
        return self._shingles


class StoredParagraphs(Sequence[_StoredParagraph]):
    """The paragraphs of an indexed document, each shingle set made when first read
    (what :func:`shared_passages` reads of a paragraph: start, end, size, shingles)."""

    def __init__(self, doc: IndexedDoc) -> None:
        bounds = doc.bounds.tolist()
        values = doc.para_shingles
        self._paragraphs = [
            _StoredParagraph(start, end, size, values[bounds[i] : bounds[i + 1]])
            for i, (start, end, size) in enumerate(
                zip(doc.starts.tolist(), doc.ends.tolist(), doc.sizes.tolist(), strict=True)
            )
        ]

    def __len__(self) -> int:
        return len(self._paragraphs)

    def __getitem__(self, i: int) -> _StoredParagraph:  # type: ignore[override]
        if not 0 <= i < len(self._paragraphs):
            raise IndexError(i)
        return self._paragraphs[i]

    def __iter__(self) -> Iterator[_StoredParagraph]:
        return iter(self._paragraphs)


@dataclass(frozen=True, slots=True)
class Overlaps:
    """Shared distinct shingles of my paragraph ``rows[k]`` and their paragraph ``cols[k]``
    (``shared[k]``, never zero), sorted by column then row.  Their paragraphs are numbered
    in one sequence: document ``d``'s are ``offsets[d]`` to ``offsets[d + 1] - 1``."""

    offsets: np.ndarray
    rows: np.ndarray
    cols: np.ndarray
    shared: np.ndarray

    def at(self, rows: np.ndarray, cols: np.ndarray, n_rows: int) -> np.ndarray:
        """The counts at the given cells (zero where none is shared)."""
        cells = self.cols * n_rows + self.rows
        wanted = cols * n_rows + rows
        where = np.minimum(np.searchsorted(cells, wanted), len(cells) - 1)
        return np.where(cells[where] == wanted, self.shared[where], 0)


def _overlaps(doc: IndexedDoc, others: Sequence[IndexedDoc]) -> Overlaps | None:
    """Paragraph-by-paragraph shared-shingle counts of ``doc`` against all ``others``."""
    mine = doc.shingles
    n_mine = len(mine)
    if n_mine == 0 or not others:
        return None
    # every shingle of the others, with its paragraph number in the one sequence
    offsets = np.concatenate(([0], np.cumsum([o.n_paragraphs for o in others], dtype=np.int64)))
    theirs = np.concatenate([o.para_shingles for o in others])
    # a 16-bit filter first (a few hundred of mine mark ~1% of the table), then an exact search
    table = np.zeros(_FILTER_SIZE, dtype=bool)
    table[(mine & _FILTER_MASK).astype(np.intp)] = True
    maybe = np.flatnonzero(np.take(table, np.concatenate([_low_bits(o) for o in others])))
    where = np.minimum(np.searchsorted(mine, theirs[maybe]), n_mine - 1)
    hit = mine[where] == theirs[maybe]
    if not hit.any():
        return None
    where, positions = where[hit], maybe[hit]
    # paragraph ends (exclusive) in the concatenation: each document's bounds moved by its base
    lengths = np.asarray([len(o.para_shingles) for o in others], dtype=np.int64)
    bases = np.repeat(np.cumsum(lengths) - lengths, np.diff(offsets))
    ends = np.concatenate([o.bounds[1:] for o in others]) + bases
    their_para = np.searchsorted(ends, positions, side="right")
    # one row per (their paragraph, my distinct shingle): repeats inside a paragraph count once
    keys = np.unique(their_para * n_mine + where)
    return count_overlaps(doc, offsets, keys % n_mine, keys // n_mine)


def count_overlaps(doc: IndexedDoc, offsets: np.ndarray, shingle: np.ndarray, col: np.ndarray) -> Overlaps:
    """The :class:`Overlaps` of ``doc`` from its shared shingles: ``doc.shingles[shingle[k]]`` is
    held by their paragraph ``col[k]`` (numbered as ``offsets`` says); each pair given once."""
    mine, n_paras = doc.shingles, doc.n_paragraphs
    # which of my paragraphs hold each of my distinct shingles (usually one)
    my_para = np.repeat(np.arange(n_paras, dtype=np.int64), np.diff(doc.bounds))
    pairs = np.unique(np.searchsorted(mine, doc.para_shingles) * n_paras + my_para)
    holders = np.searchsorted(pairs // n_paras, np.arange(len(mine) + 1))
    pair_para = pairs % n_paras
    first, many = holders[shingle], holders[shingle + 1] - holders[shingle]
    if (many != 1).any():
        col = np.repeat(col, many)
        row = pair_para[np.repeat(first - np.cumsum(many) + many, many) + np.arange(int(many.sum()))]
    else:
        row = pair_para[first]
    cells, shared = np.unique(col * n_paras + row, return_counts=True)
    return Overlaps(offsets, cells % n_paras, cells // n_paras, shared)


def _low_bits(doc: IndexedDoc) -> np.ndarray:
    """The low 16 bits of the document's shingles (kept by the document, else made now)."""
    if len(doc.low_bits) == len(doc.para_shingles):
        return doc.low_bits
    return (doc.para_shingles & _FILTER_MASK).astype(np.uint16)


def _best_cells(
    group: np.ndarray, value: np.ndarray, other: np.ndarray, n_groups: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per group: the highest value, the total, and the lowest ``other`` index holding the
    highest value (``row.index(max(row))``)."""
    best = np.zeros(n_groups, dtype=np.int64)
    total = np.zeros(n_groups, dtype=np.int64)
    np.maximum.at(best, group, value)
    np.add.at(total, group, value)
    core = np.full(n_groups, _NONE, dtype=np.int64)
    top = value == best[group]
    np.minimum.at(core, group[top], other[top])
    return best, total, core


def passages_against(
    doc: IndexedDoc,
    others: Sequence[IndexedDoc],
    *,
    min_shingles: int,
    threshold: float,
    min_gain: int = 2,
    overlaps: Overlaps | None = None,
) -> list[tuple[int, PassageMatch]]:
    """Passage matches of ``doc`` with each of ``others``: ``(position in others, match)``,
    with ``match.a`` in ``doc``; the same as :func:`shared_passages` on each pair.
    ``overlaps`` may give the shared-shingle counts already found (:func:`count_overlaps`,
    e.g. from an inverted index); by default they are worked out from the arrays."""
    counts = overlaps if overlaps is not None else _overlaps(doc, others)
    if counts is None:
        return []
    n_docs, n_rows = len(others), doc.n_paragraphs
    offsets, rows, cols, shared = counts.offsets, counts.rows, counts.cols, counts.shared
    n_cols = int(offsets[-1])
    doc_of_col = np.repeat(np.arange(n_docs, dtype=np.int64), np.diff(offsets))
    their_sizes = np.concatenate([o.sizes for o in others])
    # my paragraph r against document d (group d * n_rows + r): contained there?
    group = doc_of_col[cols] * n_rows + rows
    best, total, core = _best_cells(group, shared, cols, n_docs * n_rows)
    sizes = np.tile(doc.sizes, n_docs)
    mine = np.flatnonzero((best >= min_gain) & (sizes >= min_shingles) & (total >= threshold * sizes))
    m_doc, m_row, m_col = mine // n_rows, mine % n_rows, core[mine]
    m_left = np.where(m_col > offsets[m_doc], counts.at(m_row, m_col - 1, n_rows), 0)
    m_right = np.where(m_col + 1 < offsets[m_doc + 1], counts.at(m_row, m_col + 1, n_rows), 0)
    # their paragraph c against my document: contained here?
    c_best, c_total, c_core = _best_cells(cols, shared, rows, n_cols)
    theirs = np.flatnonzero(
        (c_best >= min_gain) & (their_sizes >= min_shingles) & (c_total >= threshold * their_sizes)
    )
    t_row = c_core[theirs]
    t_up = np.where(t_row > 0, counts.at(t_row - 1, theirs, n_rows), 0)
    t_down = np.where(t_row + 1 < n_rows, counts.at(t_row + 1, theirs, n_rows), 0)
    # where a neighbouring paragraph may join the core, compare the pair in full
    joined = set(m_doc[(m_left >= min_gain) | (m_right >= min_gain)].tolist())
    joined.update(doc_of_col[theirs[(t_up >= min_gain) | (t_down >= min_gain)]].tolist())
    found: dict[int, dict[tuple[int, int], float]] = {}
    scores = best[mine] / sizes[mine]
    for d, r, c, score in zip(m_doc.tolist(), m_row.tolist(), m_col.tolist(), scores.tolist(), strict=True):
        if d not in joined and score >= threshold:
            _keep(found.setdefault(d, {}), (r, c), score)
    scores = c_best[theirs] / their_sizes[theirs]
    for d, r, c, score in zip(doc_of_col[theirs].tolist(), t_row.tolist(), theirs.tolist(), scores.tolist(),
                              strict=True):
        if d not in joined and score >= threshold:
            _keep(found.setdefault(d, {}), (r, c), score)
    out: list[tuple[int, PassageMatch]] = []
    my_starts, my_ends = doc.starts.tolist(), doc.ends.tolist()
    first_col = offsets.tolist()
    for d, cells in found.items():
        other, first = others[d], first_col[d]  # their paragraph c is other's c - first
        for (r, c), score in cells.items():
            span = (int(other.starts[c - first]), int(other.ends[c - first]))
            out.append((d, PassageMatch((my_starts[r], my_ends[r]), span, score)))
    if joined:
        mine_paras = StoredParagraphs(doc)
        starts = np.searchsorted(cols, offsets).tolist()
        bounds = offsets.tolist()
        for d in sorted(joined):
            first, low, high = bounds[d], starts[d], starts[d + 1]
            forward = [[0] * (bounds[d + 1] - first) for _ in range(n_rows)]
            for r, c, value in zip(rows[low:high].tolist(), cols[low:high].tolist(),
                                   shared[low:high].tolist(), strict=True):
                forward[r][c - first] = value
            for match in shared_passages(mine_paras, StoredParagraphs(others[d]),
                                         min_shingles=min_shingles, threshold=threshold,
                                         overlaps=forward):
                out.append((d, match))
    return out


def _keep(found: dict[tuple[int, int], float], key: tuple[int, int], score: float) -> None:
    """The best score of one (my paragraph, their paragraph) match, found in either direction."""
    found[key] = max(found.get(key, 0.0), score)
