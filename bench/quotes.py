"""Quote extraction against our hand-coded gold: the sample corpus and the seeds.

    .venv/bin/python bench/quotes.py [-v]

Prints span precision, recall, F1 and speaker accuracy (see
:mod:`khaldun.quotes.evaluate` for the matching rules) per corpus, overall and
per kind, and the extraction speed.  The seeds are read from ../shared when
present.  With -v, lists the misses and the false alarms.  The anchor to beat
is GenderGapTracker's rule-based extractor: F1 0.84 on quote spans and 86.5%
speaker accuracy.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from khaldun.cli import sample_articles
from khaldun.pipeline import Resources
from khaldun.quotes import QuoteFinder
from khaldun.quotes.evaluate import extract_corpus, load_quote_gold, normalize_quote, score_quotes

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "corpus" / "seeds"
COLS = ["gold", "predicted", "precision", "recall", "f1", "speaker_accuracy"]


def main(verbose: bool = False) -> None:
    res = Resources.load()
    finder = QuoteFinder(res.knowledge)
    sets = [("sample corpus", sample_articles(), REPO / "tests" / "gold" / "quotes.yaml")]
    if SEEDS.is_dir():
        sets.append(("seeds (../shared)", [SEEDS], REPO / "tests" / "gold" / "quotes_seeds.yaml"))
    print(f"{'corpus':28} " + " ".join(f"{c:>16}" for c in COLS))
    for label, paths, gold_path in sets:
        started = time.perf_counter()
        predicted = extract_corpus(paths, res, finder)
        seconds = time.perf_counter() - started
        gold = load_quote_gold(gold_path)
        rows = [(label, score_quotes(predicted, gold))]
        for kind in ("direct", "partial", "indirect"):
            kind_gold = [g for g in gold if g.kind == kind]
            kind_pred = {f: [q for q in qs if q.kind == kind] for f, qs in predicted.items()}
            rows.append((f"  {kind}", score_quotes(kind_pred, kind_gold)))
        for name, s in rows:
            d = s.as_dict()
            print(f"{name:28} " + " ".join(f"{d[c]:>16}" for c in COLS))
        quotes = sum(len(v) for v in predicted.values())
        print(f"{'  time (parse + mentions + quotes)':28} {seconds:.2f} s for {len(predicted)} files, {quotes} quotes")
        if verbose:
            _explain(predicted, gold)


def _explain(predicted, gold) -> None:
    from khaldun.quotes.evaluate import speaker_matches

    for g in gold:
        quotes = predicted.get(g.file, [])
        hit = [q for q in quotes if normalize_quote(q.text).startswith(normalize_quote(g.anchor))]
        if not hit:
            print(f"    MISS {g.file}: {g.anchor!r} ({g.kind}, {g.speaker})")
        elif not speaker_matches(g.speaker, hit[0]):
            who = hit[0].speaker.name if hit[0].speaker else None
            print(f"    SPEAKER {g.file}: {g.anchor!r}: {who!r} for {g.speaker!r}")
    anchors = {(g.file, normalize_quote(g.anchor)) for g in gold}
    for file, quotes in sorted(predicted.items()):
        for q in quotes:
            text = normalize_quote(q.text)
            if not any(f == file and text.startswith(a) for f, a in anchors):
                print(f"    EXTRA {file}: {q.kind} {q.text[:60]!r}")


if __name__ == "__main__":
    main(verbose="-v" in sys.argv[1:])
