"""Reuse links between two documents (whole texts or passages)."""

from __future__ import annotations

from dataclasses import dataclass, fields
from operator import attrgetter
from typing import Literal

__all__ = ["KINDS", "LinkKind", "ReuseLink", "link_order", "make_link"]

LinkKind = Literal["exact", "near-duplicate", "passage"]
#: Link kinds, strongest first.
KINDS: tuple[LinkKind, ...] = ("exact", "near-duplicate", "passage")


@dataclass(frozen=True, slots=True, order=True)
class ReuseLink:
    """Text shared by two documents; ``doc_a < doc_b`` always.

    ``exact``: the same normalised text (score 1.0).  ``near-duplicate``: the
    Jaccard similarity of the two documents' shingle sets (score) is at least
    the index threshold.  ``passage``: one side's paragraph is largely
    contained in the other side's span (one paragraph or consecutive ones);
    the score is that containment (shared shingles / the paragraph's
    shingles), and both character spans are given (end exclusive).
    """

    doc_a: str
    doc_b: str
    kind: LinkKind
    score: float
    a_start: int | None = None
    a_end: int | None = None
    b_start: int | None = None
    b_end: int | None = None

    @property
    def whole(self) -> bool:
        """True for document-level links (exact or near-duplicate)."""
        return self.kind != "passage"

    def span_of(self, doc_id: str) -> tuple[int, int] | None:
        """The span this link covers in ``doc_id`` (None for document-level links)."""
        if self.kind != "passage":
            return None
        if doc_id == self.doc_a:
            return self.a_start, self.a_end  # type: ignore[return-value]
        if doc_id == self.doc_b:
            return self.b_start, self.b_end  # type: ignore[return-value]
        raise KeyError(f"{doc_id!r} is not a side of this link")


def make_link(
    doc_x: str,
    doc_y: str,
    kind: LinkKind,
    score: float,
    span_x: tuple[int, int] | None = None,
    span_y: tuple[int, int] | None = None,
) -> ReuseLink:
    """Build a link with its sides in canonical (sorted id) order."""
    if doc_x == doc_y:
        raise ValueError(f"a document cannot link to itself: {doc_x!r}")
    if doc_y < doc_x:
        doc_x, doc_y, span_x, span_y = doc_y, doc_x, span_y, span_x
    a = span_x or (None, None)
    b = span_y or (None, None)
    return ReuseLink(doc_x, doc_y, kind, round(float(score), 4), a[0], a[1], b[0], b[1])


#: Sort key giving the links' own order (``sorted(links, key=link_order) == sorted(links)``),
#: computed once a link instead of at every comparison.
link_order = attrgetter(*(f.name for f in fields(ReuseLink)))
