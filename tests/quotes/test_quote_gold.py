"""Quote extraction scored against our hand-coded gold (tests/gold/quotes*.yaml), with floors."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from khaldun.quotes.evaluate import extract_corpus, load_quote_gold, score_quotes

REPO = Path(__file__).resolve().parents[2]
GOLD = REPO / "tests" / "gold" / "quotes.yaml"
SEEDS_GOLD = REPO / "tests" / "gold" / "quotes_seeds.yaml"
EXAMPLES = REPO / "src" / "khaldun" / "examples"


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower().replace("’", "'"))


def test_gold_anchors_are_short_and_in_their_articles():
    gold = load_quote_gold(GOLD)
    assert len(gold) >= 100
    for g in gold:
        assert 1 <= len(g.anchor.split()) <= 6, g
        article = " ".join(_words((EXAMPLES / g.file).read_text(encoding="utf-8")))
        assert " ".join(_words(g.anchor)) in article, g


def test_sample_corpus_scores_above_the_floor(resources, quote_finder):
    scores = score_quotes(extract_corpus([EXAMPLES], resources, quote_finder), load_quote_gold(GOLD))
    assert scores.precision >= 0.9 and scores.recall >= 0.9, scores.as_dict()
    assert scores.speaker_accuracy >= 0.9, scores.as_dict()


def test_seeds_gold_copies_no_run_of_six_words(shared):
    seeds = sorted((shared / "corpus" / "seeds").glob("*.txt"))
    grams = set()
    for p in seeds:
        w = _words(p.read_text(encoding="utf-8"))
        grams |= {tuple(w[i:i + 6]) for i in range(len(w) - 5)}
    gold_words = _words(SEEDS_GOLD.read_text(encoding="utf-8"))
    assert not {tuple(gold_words[i:i + 6]) for i in range(len(gold_words) - 5)} & grams
    assert {g.file for g in load_quote_gold(SEEDS_GOLD)} == {p.name for p in seeds}


def test_seeds_score_above_the_floor(shared, resources, quote_finder):
    predicted = extract_corpus([shared / "corpus" / "seeds"], resources, quote_finder)
    scores = score_quotes(predicted, load_quote_gold(SEEDS_GOLD))
    assert scores.f1 >= 0.85 and scores.speaker_accuracy >= 0.865, scores.as_dict()


@pytest.mark.parametrize("kind", ["direct", "partial", "indirect"])
def test_gold_kinds_are_all_present(kind):
    assert any(g.kind == kind for g in load_quote_gold(GOLD) + load_quote_gold(SEEDS_GOLD))
