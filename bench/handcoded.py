"""Accuracy against our hand-coded gold events: the sample corpus and the seeds.

    .venv/bin/python bench/handcoded.py

Codes each corpus into a temporary database and prints the scores of
:mod:`khaldun.eval.handcoded` (the seeds are read from ../shared when present).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from khaldun.cli import sample_articles
from khaldun.eval.handcoded import load_gold, score
from khaldun.pipeline import Resources, run
from khaldun.store import Store

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "corpus" / "seeds"


def main() -> None:
    res = Resources.load()
    sets = [("sample corpus", sample_articles(), REPO / "tests" / "gold" / "examples.yaml")]
    if SEEDS.is_dir():
        sets.append(("seeds (../shared)", [SEEDS], REPO / "tests" / "gold" / "seeds.yaml"))
    cols = ["gold_events", "coded_events", "type_recall", "event_recall", "dyad_recall",
            "precision", "date_accuracy"]
    print(f"{'corpus':20} " + " ".join(f"{c:>13}" for c in cols))
    for label, paths, gold in sets:
        with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "g.duckdb") as store:
            run(paths, store, res)
            s = score(store.iter_events(), load_gold(gold)).as_dict()
        print(f"{label:20} " + " ".join(f"{s[c]:>13}" for c in cols))


if __name__ == "__main__":
    main()
