"""Score extracted quotes against hand-coded gold quotes.

A gold quote names its article file, an *anchor* (the first few words of the
quoted words, or of the reported clause for indirect speech), the speaker and
the kind.  A predicted quote matches a gold quote of the same file when its
normalised text starts with the normalised anchor (a leading word of slack is
allowed: "and Moscow have agreed" for "Washington and Moscow have agreed")
and both are direct (direct or partial) or both indirect.

- span precision: matched predictions / predictions
- span recall: matched gold quotes / gold quotes
- speaker accuracy: matched gold quotes whose speaker is right / matched gold quotes

A speaker is right when one of the gold names (``|``-separated aliases)
equals the predicted name, is contained in the predicted name or in the text
that named the speaker ("rebel commanders" in "Several rebel commanders"), or
shares its last word with the predicted name (a surname).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from khaldun.quotes.group import normalize_quote
from khaldun.records import Quote

__all__ = ["GoldQuote", "QuoteScores", "extract_corpus", "load_quote_gold", "score_quotes", "speaker_matches"]

KINDS = ("direct", "partial", "indirect")


@dataclass(frozen=True, slots=True)
class GoldQuote:
    file: str
    anchor: str
    speaker: str | None  # "|"-separated aliases; None: no speaker can be named
    kind: str


@dataclass(slots=True)
class QuoteScores:
    gold: int
    predicted: int
    matched_gold: int
    matched_predicted: int
    speaker_right: int

    @property
    def precision(self) -> float:
        return self.matched_predicted / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched_gold / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def speaker_accuracy(self) -> float:
        return self.speaker_right / self.matched_gold if self.matched_gold else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {"gold": self.gold, "predicted": self.predicted, "precision": round(self.precision, 3),
                "recall": round(self.recall, 3), "f1": round(self.f1, 3),
                "speaker_accuracy": round(self.speaker_accuracy, 3)}


def load_quote_gold(path: str | Path) -> list[GoldQuote]:
    """Gold quotes of a YAML file mapping article file names to lists of quotes."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    out = []
    for file, quotes in data.items():
        for q in quotes or []:
            if q.get("kind") not in KINDS:
                raise ValueError(f"{path}: {file}: kind must be one of {KINDS}: {q!r}")
            out.append(GoldQuote(file=str(file), anchor=str(q["anchor"]), speaker=q.get("speaker"),
                                 kind=q["kind"]))
    return out


def speaker_matches(gold: str | None, quote: Quote) -> bool:
    """Whether the predicted speaker of ``quote`` is the gold speaker (see the module doc)."""
    if gold is None:
        return quote.speaker is None
    if quote.speaker is None:
        return False
    name = normalize_quote(quote.speaker.name)
    text = normalize_quote(quote.speaker.text)
    for alias in gold.split("|"):
        g = normalize_quote(alias)
        if not g:
            continue
        if g == name or f" {g} " in f" {name} " or f" {g} " in f" {text} ":
            return True
        if name and g.split()[-1] == name.split()[-1] and len(g.split()[-1]) > 3:
            return True
    return False


def _starts(text: str, anchor: str) -> bool:
    if text.startswith(anchor):
        return True
    words = anchor.split()
    return len(words) > 2 and text.startswith(" ".join(words[1:]))


def score_quotes(predicted: Mapping[str, Iterable[Quote]], gold: Iterable[GoldQuote]) -> QuoteScores:
    """Score predictions (article file name -> quotes) against gold quotes."""
    by_file: dict[str, list[GoldQuote]] = {}
    for g in gold:
        by_file.setdefault(g.file, []).append(g)
    n_gold = sum(len(v) for v in by_file.values())
    n_pred = matched_pred = matched_gold = right = 0
    for file in sorted(set(by_file) | set(predicted)):
        quotes = sorted(predicted.get(file, []), key=lambda q: (q.start, q.end))
        n_pred += len(quotes)
        golds = by_file.get(file, [])
        used: set[int] = set()
        for q in quotes:
            text = normalize_quote(q.text)
            hit = next((n for n, g in enumerate(golds) if n not in used
                        and (g.kind == "indirect") == (q.kind == "indirect")
                        and _starts(text, normalize_quote(g.anchor))), None)
            if hit is None:
                continue
            used.add(hit)
            matched_pred += 1
            matched_gold += 1
            right += speaker_matches(golds[hit].speaker, q)
    return QuoteScores(gold=n_gold, predicted=n_pred, matched_gold=matched_gold,
                       matched_predicted=matched_pred, speaker_right=right)


def extract_corpus(paths: Iterable[str | Path], res: Any, finder: Any = None) -> dict[str, list[Quote]]:
    """Quotes of every document under ``paths``, keyed by article file name.

    ``res`` is a loaded :class:`khaldun.pipeline.Resources`; ``finder`` a
    :class:`~khaldun.quotes.QuoteFinder` (one is built when omitted).
    """
    from khaldun.ingest import iter_documents
    from khaldun.quotes.finder import QuoteFinder
    from khaldun.records import Document

    finder = finder if finder is not None else QuoteFinder(res.knowledge)
    out: dict[str, list[Quote]] = {}
    for item in iter_documents(list(paths)):
        if not isinstance(item, Document):
            continue
        doc = res.nlp(item.text)
        found = res.finder.find(doc, item.published)
        out.setdefault(Path(item.path).name, []).extend(finder.find(item, doc, found))
    return out
