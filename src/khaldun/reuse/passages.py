"""Passage reuse between two documents: paragraphs largely contained in the other text.

Pure functions over paragraph shingle sets; the index decides which pairs
of documents are worth comparing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["Paragraph", "PassageMatch", "contained_paragraphs", "shared_passages"]

Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph's character span and its distinct shingle hashes."""

    start: int
    end: int
    shingles: frozenset[int]


@dataclass(frozen=True, slots=True)
class PassageMatch:
    """A span of document A matched to a span of document B, with the containment score."""

    a: Span
    b: Span
    score: float


def _overlaps(a: Sequence[Paragraph], b: Sequence[Paragraph]) -> list[list[int]]:
    """``m[i][j]``: how many shingles paragraph ``a[i]`` shares with ``b[j]``."""
    return [
        [0 if p.shingles.isdisjoint(q.shingles) else len(p.shingles & q.shingles) for q in b]
        for p in a
    ]


def contained_paragraphs(
    source: Sequence[Paragraph],
    target: Sequence[Paragraph],
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
    ``overlaps`` may pass :func:`_overlaps` (source x target) already computed.
    """
    counts = overlaps if overlaps is not None else _overlaps(source, target)
    matches: list[PassageMatch] = []
    for paragraph, row in zip(source, counts, strict=True):
        wanted = paragraph.shingles
        if len(wanted) < min_shingles:
            continue
        best = max(row, default=0)
        # even joining every neighbour cannot reach the threshold: skip early
        if best < min_gain or sum(row) < threshold * len(wanted):
            continue
        core = row.index(best)
        low = high = core
        matched = wanted & target[core].shingles
        while low > 0 and row[low - 1] >= min_gain and len(
            (wanted & target[low - 1].shingles) - matched
        ) >= min_gain:
            low -= 1
            matched |= wanted & target[low].shingles
        while high + 1 < len(target) and row[high + 1] >= min_gain and len(
            (wanted & target[high + 1].shingles) - matched
        ) >= min_gain:
            high += 1
            matched |= wanted & target[high].shingles
        score = len(matched) / len(wanted)
        if score >= threshold:
            span = (target[low].start, target[high].end)
            matches.append(PassageMatch((paragraph.start, paragraph.end), span, score))
    return matches


def _inside(inner: Span, outer: Span) -> bool:
    return outer[0] <= inner[0] and inner[1] <= outer[1]


def shared_passages(
    a: Sequence[Paragraph],
    b: Sequence[Paragraph],
    *,
    min_shingles: int,
    threshold: float,
) -> list[PassageMatch]:
    """Passages shared by A and B, looked for in both directions; symmetric in A and B.

    A match whose two spans both lie inside another match's spans is dropped
    (a paragraph of B inside the paragraph of A already matched to it); of
    equal spans the best score is kept.  Sorted by A's span.
    """
    found: dict[tuple[Span, Span], float] = {}
    forward = _overlaps(a, b)
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
