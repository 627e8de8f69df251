"""Reuse detection between documents: exact copies, near-duplicates, copied passages.

>>> from khaldun.reuse import ReuseIndex, fingerprint, independent_sources
>>> index, links = ReuseIndex(), []
>>> for doc_id, text in docs:  # doctest: +SKIP
...     links.extend(index.add(fingerprint(doc_id, text)))
>>> independent_sources([("doc1", 0, 80), ("doc2", 310, 395)], links)  # doctest: +SKIP

:func:`fingerprint` is pure (run it in workers); fingerprints serialise with
:func:`fingerprint_to_bytes` / :func:`fingerprint_from_bytes` so a store can
rebuild the index (``ReuseIndex.add(fp, link=False)``) without the texts.
"""

from khaldun.reuse.fingerprint import (
    MINHASH_PERMUTATIONS,
    MINHASH_SEED,
    Fingerprint,
    ParagraphPrint,
    fingerprint,
    fingerprint_from_bytes,
    fingerprint_to_bytes,
)
from khaldun.reuse.index import ReuseIndex, find_links
from khaldun.reuse.links import KINDS, LinkKind, ReuseLink, link_order
from khaldun.reuse.sources import Report, independent_sources, source_groups

__all__ = [
    "KINDS",
    "MINHASH_PERMUTATIONS",
    "MINHASH_SEED",
    "Fingerprint",
    "LinkKind",
    "ParagraphPrint",
    "Report",
    "ReuseIndex",
    "ReuseLink",
    "find_links",
    "fingerprint",
    "fingerprint_from_bytes",
    "fingerprint_to_bytes",
    "independent_sources",
    "link_order",
    "source_groups",
]
