"""Per-document reuse fingerprints: paragraph spans, shingle hashes, MinHash.

:func:`fingerprint` is pure and cheap (a millisecond or two for a news
article), so it can run in worker processes.  A fingerprint keeps its shingle
hashes in one immutable ``bytes`` buffer (8 bytes a shingle, about one per
word), so it is small, hashable and pickles fast;
:func:`fingerprint_to_bytes` and :func:`fingerprint_from_bytes` let a store
keep fingerprints and rebuild a :class:`~khaldun.reuse.index.ReuseIndex`
later without re-reading any text.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from functools import cached_property, lru_cache

import numpy as np
from datasketch import LeanMinHash, MinHash

from khaldun.reuse.shingles import (
    DEFAULT_SHINGLE_SIZE,
    WordHashes,
    combine_segments,
    paragraph_tokens,
    text_hash,
    token_hashes,
)

__all__ = [
    "MINHASH_PERMUTATIONS",
    "MINHASH_SEED",
    "Fingerprint",
    "ParagraphPrint",
    "fingerprint",
    "fingerprint_from_bytes",
    "fingerprint_to_bytes",
    "lean_minhash",
    "minhash_values",
]

#: MinHash permutations and seed: fixed, so fingerprints from any run compare.
MINHASH_PERMUTATIONS = 128
MINHASH_SEED = 1

_MAGIC = b"KRF1"
_HEADER = struct.Struct("<4sHHIQI")  # magic, shingle size, num_perm, seed, text hash, n paragraphs
_LOW32 = np.uint64(0xFFFFFFFF)


@dataclass(frozen=True, slots=True)
class ParagraphPrint:
    """One paragraph: its character span in ``Document.text`` and its shingle hashes in order."""

    start: int
    end: int
    shingles: tuple[int, ...]


@dataclass(frozen=True)
class Fingerprint:
    """What reuse detection needs of one document (no text).

    ``spans[i]`` is paragraph i's character span in ``Document.text``;
    ``counts[i]`` how many shingles it has; ``data`` all shingle hashes,
    paragraph after paragraph, as little-endian uint64.
    """

    doc_id: str
    text_hash: int  # hash of the normalised text (0 when the text has no words)
    minhash: tuple[int, ...]  # MinHash signature over the document's shingles
    spans: tuple[tuple[int, int], ...]
    counts: tuple[int, ...]
    data: bytes
    shingle_size: int = DEFAULT_SHINGLE_SIZE
    seed: int = MINHASH_SEED

    def hashes(self) -> np.ndarray:
        """All shingle hashes in text order (a read-only ``uint64`` view of ``data``)."""
        return np.frombuffer(self.data, dtype="<u8")

    @property
    def paragraphs(self) -> tuple[ParagraphPrint, ...]:
        """The paragraphs with their spans and shingle hashes."""
        values = self.hashes().tolist()
        out: list[ParagraphPrint] = []
        offset = 0
        for (start, end), count in zip(self.spans, self.counts, strict=True):
            out.append(ParagraphPrint(start, end, tuple(values[offset : offset + count])))
            offset += count
        return tuple(out)

    @cached_property
    def shingles(self) -> frozenset[int]:
        """The document's distinct shingle hashes."""
        return frozenset(self.hashes().tolist())


@lru_cache(maxsize=8)
def _template(num_perm: int, seed: int) -> MinHash:
    """An empty MinHash whose permutations are drawn once per (num_perm, seed); never updated."""
    try:  # datasketch >= 2 names its hashing schemes; pin one so signatures never drift
        return MinHash(num_perm=num_perm, seed=seed, hashfunc=int, scheme="affine32")
    except TypeError:
        return MinHash(num_perm=num_perm, seed=seed, hashfunc=int)


def lean_minhash(values: tuple[int, ...], seed: int = MINHASH_SEED) -> LeanMinHash:
    """A datasketch LeanMinHash over a signature made by :func:`minhash_values` (for LSH)."""
    try:
        return LeanMinHash(seed=seed, hashvalues=values, scheme="affine32")
    except TypeError:  # datasketch < 2 has a single scheme
        return LeanMinHash(seed=seed, hashvalues=values)


def _fmix32(values: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finaliser (``uint32``, wrapping): datasketch's pre-mix in its "affine32" scheme."""
    values = values ^ (values >> np.uint32(16))
    values = values * np.uint32(0x85EBCA6B)
    values = values ^ (values >> np.uint32(13))
    values = values * np.uint32(0xC2B2AE35)
    return values ^ (values >> np.uint32(16))


def minhash_values(
    shingles: np.ndarray, num_perm: int = MINHASH_PERMUTATIONS, seed: int = MINHASH_SEED
) -> tuple[int, ...]:
    """MinHash signature (datasketch) of a set of 64-bit shingle hashes (low 32 bits hashed).

    With datasketch's "affine32" scheme the signature is computed here in one
    vectorised step with the template's permutations (the same values as its
    ``update_batch``, without hashing each value in Python or copying the
    template); any other scheme goes through datasketch.  A repeated shingle is
    not dropped first: a minimum does not change for a value seen twice.
    """
    template = _template(num_perm, seed)
    if len(shingles) and getattr(template, "scheme", None) == "affine32":
        a, b = template.permutations
        values = _fmix32((shingles & _LOW32).astype(np.uint32)).reshape(-1, 1)
        with np.errstate(over="ignore"):
            permuted = values * a  # one (shingles x permutations) table, added to in place
            permuted += b
            signature = np.minimum(template.hashvalues, permuted.min(axis=0))
        return tuple(signature.tolist())
    sketch = template.copy()
    if len(shingles):
        sketch.update_batch((np.unique(shingles) & _LOW32).tolist())
    return tuple(sketch.hashvalues.tolist())  # Python ints, as int() of each gives


def fingerprint(
    doc_id: str,
    text: str,
    *,
    shingle_size: int = DEFAULT_SHINGLE_SIZE,
    num_perm: int = MINHASH_PERMUTATIONS,
    seed: int = MINHASH_SEED,
    memo: WordHashes | None = None,
) -> Fingerprint:
    """Fingerprint one document's cleaned text (paragraphs separated by a blank line).

    ``memo`` (word hashes kept across documents by a long-lived owner) only
    saves time: the fingerprint is the same without it.
    """
    if shingle_size < 1:
        raise ValueError(f"shingle size must be positive, got {shingle_size}")
    spans, segments = paragraph_tokens(text)
    words = [t for tokens in segments for t in tokens]  # read twice: hashed word by word, and whole
    every, counts = combine_segments(token_hashes(words, memo), [len(t) for t in segments], shingle_size)
    return Fingerprint(
        doc_id=doc_id,
        text_hash=text_hash(words) if segments else 0,
        minhash=minhash_values(every, num_perm, seed),
        spans=tuple(spans),
        counts=tuple(counts),
        data=every.astype("<u8").tobytes(),
        shingle_size=shingle_size,
        seed=seed,
    )


def fingerprint_to_bytes(fp: Fingerprint) -> bytes:
    """Compact binary form: 8 bytes a shingle (about one a word), 4 a MinHash value,
    12 a paragraph, plus the id and a 24-byte header."""
    doc_id = fp.doc_id.encode("utf-8")
    return b"".join(
        [
            _HEADER.pack(
                _MAGIC, fp.shingle_size, len(fp.minhash), fp.seed, fp.text_hash, len(fp.spans)
            ),
            struct.pack("<H", len(doc_id)),
            doc_id,
            np.asarray(fp.minhash, dtype="<u4").tobytes(),
            np.asarray([s for s, _ in fp.spans], dtype="<u4").tobytes(),
            np.asarray([e for _, e in fp.spans], dtype="<u4").tobytes(),
            np.asarray(fp.counts, dtype="<u4").tobytes(),
            fp.data,
        ]
    )


def fingerprint_from_bytes(data: bytes) -> Fingerprint:
    """Inverse of :func:`fingerprint_to_bytes`; raises ``ValueError`` on foreign or damaged data."""
    try:
        magic, size, num_perm, seed, hashed, n_paras = _HEADER.unpack_from(data, 0)
        if magic != _MAGIC:
            raise ValueError("not a khaldun reuse fingerprint")
        offset = _HEADER.size
        (id_len,) = struct.unpack_from("<H", data, offset)
        offset += 2
        doc_id = bytes(data[offset : offset + id_len]).decode("utf-8")
        offset += id_len

        def take(count: int) -> list[int]:
            nonlocal offset
            values = np.frombuffer(data, dtype="<u4", count=count, offset=offset).tolist()
            offset += 4 * count
            return values

        minhash = take(num_perm)
        starts, ends, counts = take(n_paras), take(n_paras), take(n_paras)
    except (struct.error, ValueError, UnicodeDecodeError) as error:
        raise ValueError(f"damaged reuse fingerprint: {error}") from error
    if len(data) - offset != 8 * sum(counts):
        raise ValueError("damaged reuse fingerprint: wrong length")
    return Fingerprint(
        doc_id=doc_id,
        text_hash=int(hashed),
        minhash=tuple(minhash),
        spans=tuple(zip(starts, ends, strict=True)),
        counts=tuple(counts),
        data=bytes(data[offset:]),
        shingle_size=int(size),
        seed=int(seed),
    )
