"""Word hashes kept across documents, and the vectorised MinHash: the same fingerprint, cheaper."""

from __future__ import annotations

import numpy as np
import pytest
from datasketch import MinHash

from khaldun.reuse.fingerprint import MINHASH_SEED, fingerprint, fingerprint_to_bytes, minhash_values
from khaldun.reuse.shingles import WordHashes, segment_shingle_hashes, token_hashes

STRIKES = (
    "Russian warplanes struck rebel positions near Hama on Wednesday, the defence ministry said.\n\n"
    "“We will continue until the terrorists are defeated,” a spokesman told reporters in Moscow."
)
TALKS = (
    "Iran's foreign minister met his Turkish counterpart in Ankara on Thursday.\n\n"
    "The ministers said the talks on Syria would resume next week in Astana, Kazakhstan."
)


def test_memo_hashes_like_one_document_at_a_time():
    memo = WordHashes()
    for text in (STRIKES, TALKS, STRIKES):
        assert fingerprint_to_bytes(fingerprint("d", text, memo=memo)) == fingerprint_to_bytes(fingerprint("d", text))
    tokens = "the ministers said the talks would resume".split()
    assert np.array_equal(memo.hashes(tokens), token_hashes(tokens))
    assert np.array_equal(token_hashes(tokens, memo), token_hashes(tokens))
    assert len(memo.hashes([])) == 0


def test_memo_stays_within_its_size():
    memo = WordHashes(size=8)
    first = "russian warplanes struck rebel positions near hama".split()
    second = "the ministers said the talks would resume next week in astana".split()
    memo.hashes(first)
    assert len(memo) == 7
    # more new words than room: the memo starts again with this call's words only
    assert np.array_equal(memo.hashes(second), token_hashes(second))
    assert len(memo) == len(set(second)) > 8 - 7
    assert np.array_equal(memo.hashes(first), token_hashes(first))
    assert len(memo) == len(set(first))


def test_segments_with_a_memo_hash_alike():
    segments = [["talks", "resume"], [], "the army said it struck targets".split()]
    memo = WordHashes()
    for _ in range(2):
        every, counts = segment_shingle_hashes(segments, 3, memo)
        expected, expected_counts = segment_shingle_hashes(segments, 3)
        assert counts == expected_counts
        assert np.array_equal(every, expected)


@pytest.mark.parametrize("count", [1, 2, 50, 1000])
def test_vectorised_minhash_is_datasketchs(count):
    rng = np.random.default_rng(count)
    shingles = rng.integers(0, np.iinfo(np.int64).max, count, dtype=np.int64).astype(np.uint64) * np.uint64(3)
    shingles = np.concatenate([shingles, shingles[: count // 2]])  # repeats count once
    for num_perm in (16, 128):
        sketch = MinHash(num_perm=num_perm, seed=MINHASH_SEED, hashfunc=int, scheme="affine32")
        sketch.update_batch([v & 0xFFFFFFFF for v in set(shingles.tolist())])
        values = minhash_values(shingles, num_perm)
        assert values == tuple(int(v) for v in sketch.hashvalues)
        assert all(type(v) is int for v in values)


def test_minhash_of_nothing_is_the_empty_signature():
    empty = MinHash(num_perm=128, seed=MINHASH_SEED, hashfunc=int, scheme="affine32")
    assert minhash_values(np.empty(0, dtype=np.uint64)) == tuple(int(v) for v in empty.hashvalues)
