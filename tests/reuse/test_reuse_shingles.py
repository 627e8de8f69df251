"""Normalisation, paragraph spans, stable shingle hashes and winnowing."""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np

from khaldun.reuse.shingles import (
    iter_paragraphs,
    normalised_tokens,
    shingle_hashes,
    text_hash,
    winnow,
)


def test_tokens_ignore_quote_marks_case_and_spacing():
    curly = "Iran’s army “will continue”  to fight — Shamkhani said."
    straight = 'IRAN\'S army "will continue" to fight - Shamkhani said'
    assert normalised_tokens(curly) == normalised_tokens(straight)
    assert normalised_tokens(curly)[:4] == ["iran", "s", "army", "will"]


def test_paragraph_spans_are_trimmed_and_skip_blank_paragraphs():
    text = "Headline here\n\n  First paragraph.  \n\n\n\nSecond one\nwith a line break.\n \n"
    spans = list(iter_paragraphs(text))
    assert [text[s:e] for s, e in spans] == [
        "Headline here",
        "First paragraph.",
        "Second one\nwith a line break.",
    ]


def test_shingles_cover_every_window_and_short_runs_give_one():
    tokens = "the army entered the town on sunday morning".split()
    assert len(shingle_hashes(tokens, 5)) == 4
    assert len(shingle_hashes(["share", "this"], 5)) == 1
    assert len(shingle_hashes([], 5)) == 0
    # the same window of words gives the same hash wherever it occurs
    other = "reports said the army entered the town on sunday".split()
    assert set(shingle_hashes(tokens, 5).tolist()) & set(shingle_hashes(other, 5).tolist())
    # word order matters
    assert shingle_hashes("a b c d e".split()).tolist() != shingle_hashes("e d c b a".split()).tolist()


def test_hashes_are_stable_across_processes():
    code = (
        "from khaldun.reuse.shingles import shingle_hashes, text_hash\n"
        "t = 'ministers agreed to reopen the border crossing'.split()\n"
        "print(shingle_hashes(t).tolist(), text_hash(t))\n"
    )
    env = dict(os.environ, PYTHONHASHSEED="12345")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    tokens = "ministers agreed to reopen the border crossing".split()
    assert out.stdout.strip() == f"{shingle_hashes(tokens).tolist()} {text_hash(tokens)}"


def test_winnowing_finds_a_common_anchor_in_any_shared_window():
    rng = np.random.default_rng(3)
    shared = rng.integers(0, 2**63, size=4, dtype=np.uint64)
    left = np.concatenate([rng.integers(0, 2**63, size=30, dtype=np.uint64), shared])
    right = np.concatenate([shared, rng.integers(0, 2**63, size=25, dtype=np.uint64)])
    common = set(winnow(left, 4).tolist()) & set(winnow(right, 4).tolist())
    assert common and common <= set(shared.tolist())
    # about 2/(w+1) of the shingles become anchors
    assert len(winnow(left, 4)) < len(left) * 0.6
