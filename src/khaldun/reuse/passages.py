"""Passage reuse between two documents: paragraphs largely contained in the other text.

Pure functions over paragraph shingle sets; the index decides which pairs
of documents are worth comparing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

__all__ = ["Paragraph", "ParagraphLike", "PassageMatch", "contained_paragraphs", "shared_passages"]

Span = tuple[int, int]


class ParagraphLike(Protocol):
    """What the functions here read of a paragraph: a :class:`Paragraph`, or a stored one whose
    shingle set is made when first read (:class:`khaldun.reuse.bulk.StoredParagraphs`)."""

    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...

    @property
    def size(self) -> int: ...

    @property
    def shingles(self) -> frozenset[int]: ...


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph's character span and its distinct shingle hashes."""

    start: int
    end: int
    shingles: frozenset[int]

    @property
    def size(self) -> int:
        """How many distinct shingles the paragraph has."""
        return len(self.shingles)


@dataclass(frozen=True, slots=True)
class PassageMatch:
    """A span of document A matched to a span of document B, with the containment score."""

    a: Span
    b: Span
    score: float


def _overlaps(a: Sequence[ParagraphLike], b: Sequence[ParagraphLike]) -> list[list[int]]:
    """``m[i][j]``: how many shingles paragraph ``a[i]`` shares with ``b[j]``."""
    return [
        [0 if p.shingles.isdisjoint(q.shingles) else len(p.shingles & q.shingles) for q in b]
        for p in a
    ]


def contained_paragraphs(
    source: Sequence[ParagraphLike],
    target: Sequence[ParagraphLike],
    *,
    min_shingles: int,
    threshold: float,
    min_gain: int = 2,
    overlaps: list[list[int]] | None = None,
) -> list[PassageMatch]:
    """Paragraphs of ``source`` (with at least ``min_shingles`` shingles) contained in ``target``.

    For each source paragraph the target paragraph sharing most shingles is
    the core; neighbouring target paragraphs join while each adds at least
    ``min_gain`` new shared shingles (a paragraph split in two).  Containment
    is shared shingles / the source paragraph's shingles; matches at or
    above ``threshold`` are returned with ``a`` the source span.
    ``overlaps`` may pass :func:`_overlaps` (source x target) already computed;
    shingle sets are then only read where a neighbour may join a core.
    """
    counts = overlaps if overlaps is not None else _overlaps(source, target)
    matches: list[PassageMatch] = []
    for paragraph, row in zip(source, counts, strict=True):
        best = max(row, default=0)
        if best < min_gain:
            continue
        size = paragraph.size
        # too short, or even joining every neighbour cannot reach the threshold: skip early
        if size < min_shingles or sum(row) < threshold * size:
            continue
        core = row.index(best)
        low = high = core
        matched: set[int] | None = None  # the shared shingles, once a neighbour may join
        while low > 0 and row[low - 1] >= min_gain:
            if matched is None:
                wanted, matched = paragraph.shingles, set(paragraph.shingles & target[core].shingles)
            if len((wanted & target[low - 1].shingles) - matched) < min_gain:
                break
            low -= 1
            matched |= wanted & target[low].shingles
        while high + 1 < len(target) and row[high + 1] >= min_gain:
            if matched is None:
                wanted, matched = paragraph.shingles, set(paragraph.shingles & target[core].shingles)
            if len((wanted & target[high + 1].shingles) - matched) < min_gain:
                break
            high += 1
            matched |= wanted & target[high].shingles
        score = (best if matched is None else len(matched)) / size
        if score >= threshold:
            span = (target[low].start, target[high].end)
            matches.append(PassageMatch((paragraph.start, paragraph.end), span, score))
    return matches


def _inside(inner: Span, outer: Span) -> bool:
    return outer[0] <= inner[0] and inner[1] <= outer[1]


def shared_passages(
    a: Sequence[ParagraphLike],
    b: Sequence[ParagraphLike],
    *,
    min_shingles: int,
    threshold: float,
    overlaps: list[list[int]] | None = None,
) -> list[PassageMatch]:
    """Passages shared by A and B, looked for in both directions; symmetric in A and B.

    A match whose two spans both lie inside another match's spans is dropped
    (a paragraph of B inside the paragraph of A already matched to it); of
    equal spans the best score is kept.  Sorted by A's span.
    ``overlaps`` may pass the A x B shared-shingle counts already computed
    (as :func:`_overlaps` would).
    """
    found: dict[tuple[Span, Span], float] = {}
    forward = overlaps if overlaps is not None else _overlaps(a, b)
    backward = [list(column) for column in zip(*forward, strict=True)] if a else [[] for _ in b]
    for match in contained_paragraphs(
        a, b, min_shingles=min_shingles, threshold=threshold, overlaps=forward
    ):
        key = (match.a, match.b)
        found[key] = max(found.get(key, 0.0), match.score)
    for match in contained_paragraphs(
        b, a, min_shingles=min_shingles, threshold=threshold, overlaps=backward
    ):
        key = (match.b, match.a)
        found[key] = max(found.get(key, 0.0), match.score)
    kept = [
        PassageMatch(span_a, span_b, score)
        for (span_a, span_b), score in found.items()
        if not any(
            (other_a, other_b) != (span_a, span_b)
            and _inside(span_a, other_a)
            and _inside(span_b, other_b)
            for other_a, other_b in found
        )
    ]
    return sorted(kept, key=lambda m: (m.a, m.b))
