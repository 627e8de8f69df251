"""Normalised word shingles, their stable 64-bit hashes, and winnowed anchors.

Text is compared after normalisation: Unicode NFKC, case folding, and
tokenisation into runs of letters and digits, so punctuation, quote marks
(straight or curly), dashes and whitespace never matter.  A *shingle* is
``size`` consecutive tokens; its hash is a stable 64-bit integer (the same in
every process and on every run, unlike Python's ``hash``).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterator

import numpy as np

__all__ = [
    "DEFAULT_SHINGLE_SIZE",
    "combine_segments",
    "iter_paragraphs",
    "normalised_tokens",
    "paragraph_tokens",
    "segment_shingle_hashes",
    "shingle_hashes",
    "text_hash",
    "WordHashes",
    "token_hashes",
    "winnow",
    "winnow_segments",
]

#: Words per shingle.
DEFAULT_SHINGLE_SIZE = 5

_TOKEN = re.compile(r"[^\W_]+")
_ASCII_TOKEN = re.compile(r"[a-z0-9]+")  # the same runs, in lower-cased ASCII text
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n")
_MULTIPLIER = np.uint64(0x9E3779B97F4A7C15)
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)


def iter_paragraphs(text: str) -> Iterator[tuple[int, int]]:
    """Character spans ``(start, end)`` of the non-blank paragraphs of ``text``.

    Paragraphs are separated by a blank line (``Document.text`` uses exactly
    ``"\\n\\n"``); each span is trimmed of surrounding whitespace.
    """
    position = 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        yield from _trimmed(text, position, match.start())
        position = match.end()
    yield from _trimmed(text, position, len(text))


def _trimmed(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    chunk = text[start:end]
    stripped = chunk.strip()
    if stripped:
        offset = start + (len(chunk) - len(chunk.lstrip()))
        yield offset, offset + len(stripped)


def normalised_tokens(text: str) -> list[str]:
    """The comparison tokens of ``text``: NFKC, case-folded runs of letters and digits."""
    if text.isascii():  # NFKC changes no ASCII text, and casefold only lowers it
        return _ASCII_TOKEN.findall(text.lower())
    return _TOKEN.findall(unicodedata.normalize("NFKC", text).casefold())


def paragraph_tokens(text: str) -> tuple[list[tuple[int, int]], list[list[str]]]:
    """The spans of :func:`iter_paragraphs` that hold tokens, and the :func:`normalised_tokens` of each.

    An ASCII text is lower-cased once and each paragraph's tokens are read in
    place (no slice, no per-paragraph case folding); other text goes paragraph
    by paragraph through :func:`normalised_tokens`.
    """
    spans: list[tuple[int, int]] = []
    segments: list[list[str]] = []
    if text.isascii():
        lowered = text.lower()  # the same length: offsets keep their meaning
        find = _ASCII_TOKEN.findall
        for start, end in iter_paragraphs(text):
            tokens = find(lowered, start, end)
            if tokens:
                spans.append((start, end))
                segments.append(tokens)
        return spans, segments
    for start, end in iter_paragraphs(text):
        tokens = normalised_tokens(text[start:end])
        if tokens:
            spans.append((start, end))
            segments.append(tokens)
    return spans, segments


def _token_hash(token: str) -> int:
    return int.from_bytes(hashlib.blake2b(token.encode("utf-8"), digest_size=8).digest(), "little")


def _digests(words: list[str]) -> np.ndarray:
    """The stable hash (``uint64``) of each word, in order."""
    digests = b"".join([hashlib.blake2b(w.encode("utf-8"), digest_size=8).digest() for w in words])
    return np.frombuffer(digests, dtype="<u8").astype(np.uint64)


class WordHashes:
    """A bounded memo of word hashes (word -> the stable hash :func:`token_hashes` gives it).

    News reuses its vocabulary from one article to the next, so one memo
    kept by a long-lived owner (``Resources``) hashes most words once per
    process rather than once per document.  It is emptied when it would
    exceed ``size`` words; the hashes never depend on it.
    """

    def __init__(self, size: int = 1 << 17) -> None:
        self.size = size
        self._hashes: dict[str, int] = {}

    def __len__(self) -> int:
        return len(self._hashes)

    def hashes(self, tokens: list[str]) -> np.ndarray:
        """:func:`token_hashes` of ``tokens``, reading the words seen before from the memo."""
        known = self._hashes
        missing = set(tokens).difference(known)
        if missing:
            if len(known) + len(missing) > self.size:
                known.clear()
                missing = set(tokens)
            new = list(missing)
            known.update(zip(new, _digests(new).tolist()))
        return np.fromiter(map(known.__getitem__, tokens), dtype=np.uint64, count=len(tokens))


def token_hashes(tokens: list[str], memo: WordHashes | None = None) -> np.ndarray:
    """The stable hash (``uint64``) of each token, each distinct token hashed once
    (once per process with a :class:`WordHashes` ``memo``)."""
    if memo is not None:
        return memo.hashes(tokens)
    index: dict[str, int] = {}
    ids = [index.setdefault(t, len(index)) for t in tokens]
    return _digests(list(index))[ids] if tokens else np.empty(0, dtype=np.uint64)


def _mix(values: np.ndarray) -> np.ndarray:
    """SplitMix64 finaliser: spreads the bits of every value (vectorised, wraps mod 2**64; in place)."""
    values ^= values >> np.uint64(30)
    values *= _MIX1
    values ^= values >> np.uint64(27)
    values *= _MIX2
    values ^= values >> np.uint64(31)
    return values


def _combine(words: np.ndarray, width: int) -> np.ndarray:
    """Hashes of every run of ``width`` consecutive word hashes (``width`` <= ``len(words)``)."""
    count = len(words) - width + 1
    combined = words[:count].copy()  # 0 * multiplier + the first word
    with np.errstate(over="ignore"):
        for j in range(1, width):
            combined *= _MULTIPLIER
            combined += words[j : j + count]
        combined += np.uint64(width)
        return _mix(combined)


def shingle_hashes(
    tokens: list[str],
    size: int = DEFAULT_SHINGLE_SIZE,
    cache: dict[str, int] | None = None,
) -> np.ndarray:
    """Hashes (``uint64``) of the shingles of ``tokens``, in text order.

    A run shorter than ``size`` tokens (but not empty) gives one shingle of all
    its tokens.  ``cache`` (token -> hash) may be shared across calls on one
    document to hash each distinct word once.
    """
    if size < 1:
        raise ValueError(f"shingle size must be positive, got {size}")
    if not tokens:
        return np.empty(0, dtype=np.uint64)
    memo = {} if cache is None else cache
    words = np.fromiter(
        (memo[t] if t in memo else memo.setdefault(t, _token_hash(t)) for t in tokens),
        dtype=np.uint64,
        count=len(tokens),
    )
    return _combine(words, min(size, len(words)))


def segment_shingle_hashes(
    segments: list[list[str]], size: int = DEFAULT_SHINGLE_SIZE, memo: WordHashes | None = None
) -> tuple[np.ndarray, list[int]]:
    """:func:`shingle_hashes` of each segment (a paragraph's tokens), all at once.

    Returns the hashes of every segment one after the other, and how many each
    has: the same values as one call per segment, with the words hashed once
    (``memo``: word hashes kept across documents) and the shingles of all segments
    combined in one pass.
    """
    if size < 1:
        raise ValueError(f"shingle size must be positive, got {size}")
    words = token_hashes([t for tokens in segments for t in tokens], memo)
    return combine_segments(words, [len(tokens) for tokens in segments], size)


def combine_segments(words: np.ndarray, lengths: list[int], size: int) -> tuple[np.ndarray, list[int]]:
    """:func:`segment_shingle_hashes` from the word hashes of all segments (``words``, one after
    the other) and each segment's length."""
    full = _combine(words, size) if len(words) >= size else np.empty(0, dtype=np.uint64)
    parts: list[np.ndarray] = []
    counts: list[int] = []
    start = 0
    for length in lengths:
        if length >= size:  # the windows that lie inside this segment
            parts.append(full[start : start + length - size + 1])
        elif length:
            parts.append(_combine(words[start : start + length], length))
        counts.append(len(parts[-1]) if length else 0)
        start += length
    return (np.concatenate(parts) if parts else np.empty(0, dtype=np.uint64)), counts


def text_hash(tokens: list[str]) -> int:
    """Stable 64-bit hash of a normalised token sequence (equal texts, equal hashes)."""
    digest = hashlib.blake2b(" ".join(tokens).encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "little")


def winnow(hashes: np.ndarray, window: int) -> np.ndarray:
    """Winnowing anchors: the minimum hash of every ``window`` consecutive shingles.

    Any run of ``window`` shingles shared by two texts yields at least one
    anchor common to both, whatever else the texts contain.  Returns the
    distinct anchors, sorted.
    """
    if len(hashes) == 0:
        return hashes
    if len(hashes) <= window:
        return np.array([hashes.min()], dtype=np.uint64)
    view = np.lib.stride_tricks.sliding_window_view(hashes, window)
    return np.unique(view.min(axis=1))


def winnow_segments(hashes: np.ndarray, lengths: np.ndarray, window: int) -> np.ndarray:
    """:func:`winnow` applied to consecutive segments of ``hashes`` at once (windows never
    cross a segment boundary); ``lengths`` are the segment lengths.  Distinct anchors, sorted."""
    lengths = np.asarray(lengths, dtype=np.int64)
    total = int(lengths.sum())
    if total == 0:
        return np.empty(0, dtype=np.uint64)
    hashes = hashes[:total]
    parts: list[np.ndarray] = []
    if total >= window:
        segment = np.repeat(np.arange(len(lengths)), lengths)
        mins = hashes[: total - window + 1].copy()
        for shift in range(1, window):
            np.minimum(mins, hashes[shift : total - window + 1 + shift], out=mins)
        parts.append(mins[segment[: total - window + 1] == segment[window - 1 :]])
    starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    for start, length in zip(starts.tolist(), lengths.tolist(), strict=True):
        if 0 < length < window:
            parts.append(hashes[start : start + length].min(keepdims=True))
    return np.unique(np.concatenate(parts)) if parts else np.empty(0, dtype=np.uint64)
