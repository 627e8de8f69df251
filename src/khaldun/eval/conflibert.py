"""ConfliBERT's CAMEO quad-class sentences: ``sentence<TAB>label`` lines.

Labels: 0 no or neutral event, 1 verbal cooperation, 2 material cooperation,
3 verbal conflict, 4 material conflict.  khaldun's prediction is derived from
the CAMEO code of the sentence's main event, or 0 when it codes no event.

Two CAMEO-to-quad conventions exist, and the results report both:

* the **Phoenix/PETRARCH quad class** (what Phoenix-style data such as this set
  uses, and the headline): roots 01-02 (statements, appeals) are 0, neutral;
  03-05 verbal cooperation; 06-08 material cooperation; 09-13 and 16 (reduce
  relations) verbal conflict; 14-15 and 17-20 material conflict;
* the **plain CAMEO quads** of the event record's ``quad`` field (01-05, 06-08,
  09-13, 14-20).
"""

from __future__ import annotations

from pathlib import Path

from khaldun.eval.metrics import confusion, macro_f1, per_label, ratio
from khaldun.eval.sentences import code_sentences
from khaldun.pipeline import Resources


class GoldFormatError(ValueError):
    """A gold file that is not in the adapter's format."""


def read(path: str | Path, limit: int | None = None) -> list[tuple[str, int]]:
    rows = []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            text, sep, label = line.rstrip("\n").rpartition("\t")
            if not sep or label.strip() not in {"0", "1", "2", "3", "4"}:
                raise GoldFormatError(f"{path}:{n}: expected 'sentence<TAB>label 0-4'")
            rows.append((text, int(label)))
            if limit and len(rows) >= limit:
                break
    return rows


#: Roots of the Phoenix/PETRARCH quad classes that differ from the plain CAMEO quads.
PHOENIX_QUAD_EXCEPTIONS = {1: 0, 2: 0, 16: 3}


def phoenix_quad(cameo: str, plain: int) -> int:
    """The Phoenix/PETRARCH quad class of a CAMEO code whose plain quad is ``plain``."""
    return PHOENIX_QUAD_EXCEPTIONS.get(int(cameo[:2]), plain)


def evaluate(path: str | Path, res: Resources, limit: int | None = None) -> dict:
    rows = read(path, limit)
    gold = [label for _, label in rows]
    coded = list(code_sentences([t for t, _ in rows], res, source=str(path)))
    plain = [c.main.quad if c.main is not None else 0 for c in coded]
    pred = [phoenix_quad(c.main.cameo, c.main.quad) if c.main is not None else 0 for c in coded]
    fired = [i for i, c in enumerate(coded) if c.main is not None]
    table = per_label([str(g) for g in gold], [str(p) for p in pred])
    conflict = lambda q: "conflict" if q in (3, 4) else ("cooperation" if q in (1, 2) else "none")  # noqa: E731
    return {
        "goldset": "conflibert-quad",
        "convention": "phoenix quad class (01-02 neutral, 16 verbal conflict)",
        "sentences": len(rows),
        "accuracy": ratio(sum(g == p for g, p in zip(gold, pred)), len(rows)),
        "macro_f1": macro_f1(table),
        "coverage": ratio(len(fired), len(rows)),
        "accuracy_where_coded": ratio(sum(gold[i] == pred[i] for i in fired), len(fired)),
        "cooperation_vs_conflict_accuracy": ratio(
            sum(conflict(g) == conflict(p) for g, p in zip(gold, pred)), len(rows)),
        "plain_cameo_quads": {
            "accuracy": ratio(sum(g == p for g, p in zip(gold, plain)), len(rows)),
            "macro_f1": macro_f1(per_label([str(g) for g in gold], [str(p) for p in plain])),
        },
        "per_class": table,
        "confusion": confusion(gold, pred),
    }
