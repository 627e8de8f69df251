"""Small, dependency-free classification metrics for the eval adapters."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence


def ratio(a: float, b: float) -> float:
    return round(a / b, 3) if b else 0.0


def f1(p: float, r: float) -> float:
    return round(2 * p * r / (p + r), 3) if p + r else 0.0


def per_label(gold: Sequence[str | None], pred: Sequence[str | None]) -> dict[str, dict[str, float]]:
    """Precision, recall, F1 and support per gold label (None = no prediction / no event)."""
    labels = sorted({g for g in gold if g is not None} | {p for p in pred if p is not None})
    out = {}
    for label in labels:
        tp = sum(1 for g, p in zip(gold, pred) if g == label and p == label)
        n_pred = sum(1 for p in pred if p == label)
        n_gold = sum(1 for g in gold if g == label)
        p, r = ratio(tp, n_pred), ratio(tp, n_gold)
        out[label] = {"precision": p, "recall": r, "f1": f1(p, r), "support": n_gold}
    return out


def macro_f1(table: dict[str, dict[str, float]]) -> float:
    scores = [row["f1"] for row in table.values() if row["support"]]
    return round(sum(scores) / len(scores), 3) if scores else 0.0


def set_prf(gold: Iterable[set], pred: Iterable[set]) -> dict[str, float]:
    """Micro precision/recall/F1 over per-item sets (e.g. coded triples per sentence)."""
    tp = n_pred = n_gold = 0
    for g, p in zip(gold, pred):
        tp += len(g & p)
        n_pred += len(p)
        n_gold += len(g)
    prec, rec = ratio(tp, n_pred), ratio(tp, n_gold)
    return {"precision": prec, "recall": rec, "f1": f1(prec, rec)}


def confusion(gold: Sequence[object], pred: Sequence[object]) -> dict[str, dict[str, int]]:
    gold, pred = [str(g) for g in gold], [str(p) for p in pred]
    counts = Counter(zip(gold, pred))
    labels = sorted({*gold, *pred})
    return {g: {p: counts.get((g, p), 0) for p in labels} for g in labels}
