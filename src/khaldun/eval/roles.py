"""ConfliBERT's source/target spans (``cameo_ner``): token-per-line BIO tags, a blank line between sentences.

Tags: ``S`` the source (actor), ``T`` the target (recipient), ``R`` other.  A
sentence's text is its tokens joined by single spaces; khaldun codes it and
the parties of its main event are compared with the gold spans by character
overlap:

- source precision: predicted actors that overlap a gold S span;
- source recall: gold S spans overlapped by a predicted actor;
- the same for targets (recipients) against T spans.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from khaldun.eval.metrics import f1, ratio
from khaldun.eval.sentences import code_sentences
from khaldun.pipeline import Resources


@dataclass(frozen=True, slots=True)
class TaggedSentence:
    text: str
    sources: tuple[tuple[int, int], ...]  # character spans in text
    targets: tuple[tuple[int, int], ...]


class GoldFormatError(ValueError):
    """A line that is not ``token TAG``."""


def read(path: str | Path, limit: int | None = None) -> list[TaggedSentence]:
    sentences: list[TaggedSentence] = []
    tokens: list[tuple[str, str]] = []

    def flush() -> None:
        if tokens:
            sentences.append(_build(tokens))
            tokens.clear()

    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            line = line.rstrip("\n")
            if not line.strip():
                flush()
                if limit and len(sentences) >= limit:
                    return sentences
                continue
            token, sep, tag = line.rpartition(" ")
            if not sep or not (tag == "O" or tag[:2] in {"B-", "I-"}):
                raise GoldFormatError(f"{path}:{n}: expected 'token TAG' with a BIO tag")
            tokens.append((token, tag))
    flush()
    return sentences[:limit] if limit else sentences


def _build(tokens: list[tuple[str, str]]) -> TaggedSentence:
    spans: dict[str, list[list[int]]] = {"S": [], "T": [], "R": []}
    pos, parts, current = 0, [], None
    for token, tag in tokens:
        start, end = pos, pos + len(token)
        parts.append(token)
        pos = end + 1
        kind = tag[2:] if tag != "O" else None
        if tag.startswith("B-") or (tag.startswith("I-") and current != kind):
            spans[kind].append([start, end])
            current = kind
        elif tag.startswith("I-"):
            spans[kind][-1][1] = end
        else:
            current = None
    return TaggedSentence(text=" ".join(parts), sources=tuple(tuple(s) for s in spans["S"]),
                          targets=tuple(tuple(t) for t in spans["T"]))


def _overlaps(span: tuple[int, int], others) -> bool:
    return any(span[0] < o[1] and o[0] < span[1] for o in others)


def evaluate(path: str | Path, res: Resources, limit: int | None = None) -> dict:
    gold = read(path, limit)
    coded = list(code_sentences([g.text for g in gold], res, source=str(path)))
    counts = {k: [0, 0, 0, 0] for k in ("source", "target")}  # tp_pred, n_pred, tp_gold, n_gold
    for g, c in zip(gold, coded):
        event = c.main
        for kind, spans, parties in (("source", g.sources, event.actor if event else []),
                                     ("target", g.targets, event.recipient if event else [])):
            predicted = [(p.start, p.end) for p in parties if p.start is not None and p.end is not None]
            row = counts[kind]
            row[0] += sum(_overlaps(p, spans) for p in predicted)
            row[1] += len(predicted)
            row[2] += sum(_overlaps(s, predicted) for s in spans)
            row[3] += len(spans)
    result: dict = {"goldset": "conflibert-source-target", "sentences": len(gold),
                    "coverage": ratio(sum(c.main is not None for c in coded), len(gold))}
    for kind, (tp_pred, n_pred, tp_gold, n_gold) in counts.items():
        p, r = ratio(tp_pred, n_pred), ratio(tp_gold, n_gold)
        result[kind] = {"precision": p, "recall": r, "f1": f1(p, r), "predicted": n_pred, "gold": n_gold}
    return result
