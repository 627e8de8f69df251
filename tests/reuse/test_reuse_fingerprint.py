"""Fingerprints: paragraph spans, MinHash, compact serialisation."""

from __future__ import annotations

import pytest

from khaldun.reuse import (
    MINHASH_PERMUTATIONS,
    fingerprint,
    fingerprint_from_bytes,
    fingerprint_to_bytes,
)


def test_paragraph_spans_point_into_the_text(articles):
    text = articles["wire"]
    fp = fingerprint("wire", text)
    assert len(fp.paragraphs) == 8
    first, last = fp.paragraphs[0], fp.paragraphs[-1]
    assert text[first.start : first.end] == "Ministers agree to reopen border crossing after three days of talks"
    assert text[last.start : last.end].startswith("Hauliers' associations")
    assert text[last.start : last.end].endswith("once the crossing reopens.")
    assert len(fp.minhash) == MINHASH_PERMUTATIONS


def test_same_text_with_other_quotes_and_spacing_has_the_same_hash(articles):
    a = fingerprint("a", articles["analysis"])
    b = fingerprint("b", articles["analysis-copy"])
    assert a.text_hash == b.text_hash and a.minhash == b.minhash and a.shingles == b.shingles
    assert a.paragraphs != b.paragraphs  # the spans differ: the copy has shorter quotes/spaces
    assert fingerprint("c", articles["wire"]).text_hash != a.text_hash


def test_bytes_round_trip_and_compactness(articles):
    fp = fingerprint("doc-ü-1", articles["wire"])
    data = fingerprint_to_bytes(fp)
    assert fingerprint_from_bytes(data) == fp
    words = len(articles["wire"].split())
    assert len(data) < 10 * words + 4 * MINHASH_PERMUTATIONS + 200


def test_empty_text_round_trips():
    fp = fingerprint("empty", "  \n\n ")
    assert fp.paragraphs == () and fp.text_hash == 0
    assert fingerprint_from_bytes(fingerprint_to_bytes(fp)) == fp


@pytest.mark.parametrize("damage", ["truncate", "magic", "extra"])
def test_damaged_bytes_are_refused(articles, damage):
    data = fingerprint_to_bytes(fingerprint("wire", articles["wire"]))
    broken = {
        "truncate": data[: len(data) - 5],
        "magic": b"XXXX" + data[4:],
        "extra": data + b"\0",
    }[damage]
    with pytest.raises(ValueError):
        fingerprint_from_bytes(broken)


def test_fingerprints_pickle_for_worker_processes(articles):
    import pickle

    fp = fingerprint("wire", articles["wire"])
    copy = pickle.loads(pickle.dumps(fp))
    assert copy == fp and copy.paragraphs == fp.paragraphs
    assert len(pickle.dumps(fp)) < 2 * len(fingerprint_to_bytes(fp))
