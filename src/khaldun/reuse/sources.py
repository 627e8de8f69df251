"""Independent sources of one event: reports not linked by copied text.

A report is an evidence span ``(doc_id, start, end)``.  Two reports come from
the same source when they are in the same document, when their documents
are exact or near duplicates, or when each lies inside its side of a passage
link between their documents.  Sources are the connected components.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from khaldun.reuse.links import ReuseLink

__all__ = ["Report", "independent_sources", "source_groups"]

Report = tuple[str, int, int]


class _UnionFind:
    """Disjoint sets over 0..n-1 (path halving, union by smaller root)."""

    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, item: int) -> int:
        parent = self.parent
        while parent[item] != item:
            parent[item] = parent[parent[item]]
            item = parent[item]
        return item

    def union(self, a: int, b: int) -> None:
        root_a, root_b = self.find(a), self.find(b)
        if root_a != root_b:
            self.parent[max(root_a, root_b)] = min(root_a, root_b)


def _covers(span: tuple[int, int], report: Report) -> bool:
    """True when ``report`` lies inside ``span`` (at least half of it, for ragged sentence ends)."""
    _, start, end = report
    overlap = min(end, span[1]) - max(start, span[0])
    return overlap > 0 and overlap * 2 >= max(end - start, 1)


def _linked(first: Report, second: Report, links: Sequence[ReuseLink]) -> bool:
    for link in links:
        if link.whole:
            return True
        span_first, span_second = link.span_of(first[0]), link.span_of(second[0])
        if (
            span_first
            and span_second
            and _covers(span_first, first)
            and _covers(span_second, second)
        ):
            return True
    return False


def source_groups(reports: Iterable[Report], links: Iterable[ReuseLink]) -> list[list[Report]]:
    """Reports grouped by source: each group's reports share text; groups are independent.

    Duplicate reports are kept once.  Groups and their reports are sorted.
    """
    items = sorted(set(reports))
    by_pair: dict[tuple[str, str], list[ReuseLink]] = {}
    docs = {doc_id for doc_id, _, _ in items}
    for link in links:
        if link.doc_a in docs and link.doc_b in docs:
            by_pair.setdefault((link.doc_a, link.doc_b), []).append(link)
    sets = _UnionFind(len(items))
    for i, first in enumerate(items):
        for j in range(i + 1, len(items)):
            second = items[j]
            if first[0] == second[0]:
                sets.union(i, j)
                continue
            pair = (first[0], second[0]) if first[0] < second[0] else (second[0], first[0])
            if pair in by_pair and _linked(first, second, by_pair[pair]):
                sets.union(i, j)
    groups: dict[int, list[Report]] = {}
    for i, report in enumerate(items):
        groups.setdefault(sets.find(i), []).append(report)
    return sorted(groups.values())


def independent_sources(reports: Iterable[Report], links: Iterable[ReuseLink]) -> int:
    """How many independent sources the reports of one event come from."""
    return len(source_groups(reports, links))
