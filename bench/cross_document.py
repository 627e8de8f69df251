"""How the cross-document steps grow with the size of one run.

    .venv/bin/python bench/cross_document.py [--articles 500,1000,2000] [--workers 2] [--seed 7]

For each size, generates the realistic corpus of ``scale_corpus``, codes and
stores it with ``--workers`` processes while holding the cross-document steps
back, then runs each step on the stored database (reuse links, actor merging,
event merging, quote grouping, stories), as ``khaldun run`` does at the end of a
run, and prints its seconds, the total, the milliseconds an article, and how
fast each step grows between two sizes (the exponent k of time ~ articles^k: 1
is linear).  Quote grouping is also timed alone (``group_quotes`` over all
the stored quotes at once, what a first run does), against the number of quotes.
"""

from __future__ import annotations

import argparse
import math
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from throughput import CROSS_STEPS, build_corpus, build_description  # noqa: E402


def _code_without_cross_document(corpus: Path, db: Path, workers: int) -> int:
    """Code and store the corpus, the cross-document steps held back; return the articles coded."""
    from khaldun import pipeline
    from khaldun.pipeline import Resources, run
    from khaldun.store import Store

    held_back = pipeline.cross_document
    pipeline.cross_document = lambda store, *, full=False: None  # type: ignore[assignment]
    try:
        with Store(db) as store:
            return run([corpus], store, Resources.load(), workers=workers).documents
    finally:
        pipeline.cross_document = held_back  # type: ignore[assignment]


def _time_steps(db: Path) -> dict[str, float]:
    from khaldun.store import Store

    seconds = {}
    with Store(db) as store:
        for method, label in CROSS_STEPS:
            start = time.perf_counter()
            getattr(store, method)()
            seconds[label] = time.perf_counter() - start
    return seconds


def _time_grouping(db: Path) -> tuple[int, float]:
    """Quotes, and seconds to group them all at once (what a first run does)."""
    from khaldun.quotes import group_quotes
    from khaldun.store import Store
    from khaldun.store._quotes import read_quotes

    with Store(db, read_only=True) as store:
        quotes = read_quotes(store.connection)
    start = time.perf_counter()
    group_quotes(quotes)
    return len(quotes), time.perf_counter() - start


def _growth(small: tuple[int, float], large: tuple[int, float]) -> str:
    (n1, t1), (n2, t2) = small, large
    if n2 <= n1 or t1 <= 0 or t2 <= 0:
        return "-"
    return f"{math.log(t2 / t1) / math.log(n2 / n1):.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", default="500,1000,2000", help="corpus sizes, comma-separated")
    parser.add_argument("--workers", type=int, default=2, help="processes coding each corpus")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    sizes = sorted({int(n) for n in args.articles.split(",")})
    print(f"khaldun build: {build_description()}")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            folder = Path(tmp) / str(n)
            folder.mkdir()
            words = build_corpus(folder, n, args.seed)
            db = folder / "bench.duckdb"
            start = time.perf_counter()
            coded = _code_without_cross_document(folder / "corpus.jsonl", db, args.workers)
            coding = time.perf_counter() - start
            steps = _time_steps(db)
            quotes, grouping = _time_grouping(db)
            rows.append((coded, steps, quotes, grouping))
            print(f"{n} articles ({words:,} words): {coded} coded in {coding:.1f} s with "
                  f"{args.workers} worker(s); {quotes:,} quotes", flush=True)
    labels = [label for _, label in CROSS_STEPS]
    print()
    print(f"{'coded':>7} " + " ".join(f"{label:>13}" for label in labels) + f" {'total':>8} {'ms/article':>10}")
    for coded, steps, _, _ in rows:
        total = sum(steps.values())
        print(f"{coded:>7} " + " ".join(f"{steps[label]:>12.2f}s" for label in labels)
              + f" {total:>7.2f}s {1000 * total / max(coded, 1):>10.1f}")
    for (c1, s1, q1, g1), (c2, s2, q2, g2) in zip(rows, rows[1:]):
        growth = ", ".join(f"{label} {_growth((c1, s1[label]), (c2, s2[label]))}" for label in labels)
        print(f"growth exponent {c1} -> {c2} articles: {growth}; "
              f"total {_growth((c1, sum(s1.values())), (c2, sum(s2.values())))}")
    print()
    for coded, _, quotes, grouping in rows:
        print(f"group_quotes alone: {quotes:,} quotes ({coded} articles) in {grouping:.2f} s")
    for (_, _, q1, g1), (_, _, q2, g2) in zip(rows, rows[1:]):
        print(f"group_quotes growth exponent {q1:,} -> {q2:,} quotes: {_growth((q1, g1), (q2, g2))}")


if __name__ == "__main__":
    main()
