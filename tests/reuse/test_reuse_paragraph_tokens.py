"""A document's paragraph tokens read in one pass, and the shingles combined from word hashes:
the same as paragraph by paragraph."""

from __future__ import annotations

import numpy as np
import pytest

from khaldun.reuse.fingerprint import fingerprint
from khaldun.reuse.shingles import (
    combine_segments,
    iter_paragraphs,
    normalised_tokens,
    paragraph_tokens,
    segment_shingle_hashes,
    token_hashes,
)

ASCII = ("BEIRUT - Syrian troops RETOOK the town of Khan Sheikhoun on Friday, state media said.\n\n"
         "   \n\n"
         "\"We will not stop,\" the army's spokesman told reporters.\n\n"
         "---\n\n"
         "The U.N. envoy, Staffan de Mistura, said talks resume in 2 weeks.")
UNICODE = ("Turkey’s president Erdoğan said the ﬁrst convoy had crossed.\n\n"
           "“Wir werden nicht aufhören”, sagte der Sprecher — STRASSE gesperrt.\n\n"
           "Plain ASCII paragraph, after the others.")


@pytest.mark.parametrize("text", [ASCII, UNICODE, "", "\n\n  \n\n", "one"])
def test_paragraph_tokens_are_each_paragraphs_own(text):
    expected = [(span, normalised_tokens(text[span[0]:span[1]])) for span in iter_paragraphs(text)]
    expected = [(span, tokens) for span, tokens in expected if tokens]
    spans, segments = paragraph_tokens(text)
    assert list(zip(spans, segments)) == expected


def test_paragraph_tokens_fold_case_and_drop_the_empty_paragraphs():
    spans, segments = paragraph_tokens(ASCII)
    assert len(spans) == 3  # the blank and the "---" paragraphs hold no tokens
    assert segments[0][:4] == ["beirut", "syrian", "troops", "retook"]
    assert ASCII[spans[2][0]:spans[2][1]].startswith("The U.N. envoy")
    assert paragraph_tokens(UNICODE)[1][0][:3] == ["turkey", "s", "president"]
    assert "strasse" in paragraph_tokens(UNICODE)[1][1]


@pytest.mark.parametrize("size", [1, 3, 5, 40])
def test_combined_segments_are_the_segment_shingles(size):
    _, segments = paragraph_tokens(ASCII + "\n\nShort one.\n\nAgain")
    words = token_hashes([t for tokens in segments for t in tokens])
    every, counts = combine_segments(words, [len(t) for t in segments], size)
    expected, expected_counts = segment_shingle_hashes(segments, size)
    assert counts == expected_counts and np.array_equal(every, expected)
    assert words.tolist() == token_hashes([t for tokens in segments for t in tokens]).tolist()  # not changed


def test_fingerprint_rejects_a_bad_shingle_size():
    with pytest.raises(ValueError):
        fingerprint("d", ASCII, shingle_size=0)
    assert fingerprint("d", ASCII, shingle_size=3).counts == tuple(
        len(t) - 2 for t in paragraph_tokens(ASCII)[1])
