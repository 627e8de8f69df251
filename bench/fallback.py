"""The learned fallback (khaldun.events.fallback): accuracy and cost, with and without it.

    .venv/bin/python bench/fallback.py [--throughput-articles 500] [--skip-throughput]

Needs ``khaldun[embed]``.  Prints, rules only and rules + fallback:

- ConfliBERT quad class (../shared/eval/conflibert/cameo_class.train.tsv): accuracy, macro-F1,
  coverage, and how often the fallback's own events have the gold quad;
- PLOVER gold-standard records (../shared/eval/plover/PLOVER_GSR_CAMEO.txt): type accuracy;
- hand-coded gold (tests/gold/*.yaml, as bench/handcoded.py): coded events and precision;
- throughput on recombined sample articles (as bench/throughput.py): seconds for spaCy alone,
  khaldun rules only and khaldun with the fallback, in one run, plus the model's load time.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from khaldun.cli import sample_articles
from khaldun.eval import conflibert, plover
from khaldun.eval.handcoded import load_gold, score
from khaldun.eval.sentences import code_sentences
from khaldun.events.fallback import RULE
from khaldun.pipeline import Resources, run
from khaldun.store import Store

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


def gold_sets(res: Resources) -> dict[str, float]:
    out: dict[str, float] = {}
    path = SHARED / "eval" / "conflibert" / "cameo_class.train.tsv"
    if path.is_file():
        rows = conflibert.read(path)
        coded = list(code_sentences([t for t, _ in rows], res, source=str(path)))
        pred = [c.main.quad if c.main is not None else 0 for c in coded]
        scores = conflibert.evaluate(path, res)
        own = [(p, g) for c, p, (_, g) in zip(coded, pred, rows)
               if c.main is not None and c.main.provenance.rule == RULE]
        out.update({"cb_accuracy": scores["accuracy"], "cb_macro_f1": scores["macro_f1"],
                    "cb_coverage": scores["coverage"], "cb_fallback_events": len(own),
                    "cb_fallback_right": round(sum(p == g for p, g in own) / len(own), 3) if own else 0.0})
    path = SHARED / "eval" / "plover" / "PLOVER_GSR_CAMEO.txt"
    if path.is_file():
        scores = plover.evaluate(path, res)
        out.update({"plover_type_accuracy": scores["type_accuracy"], "plover_macro_f1": scores["macro_f1"],
                    "plover_coverage": scores["coverage"]})
    sets = [("sample", sample_articles(), REPO / "tests" / "gold" / "examples.yaml")]
    if (SHARED / "corpus" / "seeds").is_dir():
        sets.append(("seeds", [SHARED / "corpus" / "seeds"], REPO / "tests" / "gold" / "seeds.yaml"))
    for label, paths, gold in sets:
        with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "g.duckdb") as store:
            run(paths, store, res)
            events = list(store.iter_events())
            s = score(events, load_gold(gold)).as_dict()
            out[f"{label}_fallback_events"] = sum(
                1 for e in events if ((store.get_event(e["event_id"]) or {}).get("provenance") or {}).get("rule") == RULE)
        out[f"{label}_coded"] = s["coded_events"]
        out[f"{label}_precision"] = s["precision"]
        out[f"{label}_type_recall"] = s["type_recall"]
    return out


def throughput(articles: int) -> dict[str, float]:
    import sys

    sys.path.insert(0, str(REPO / "bench"))
    from throughput import build_corpus  # noqa: PLC0415 (bench helper)

    from khaldun.ingest import iter_documents
    from khaldun.records import Document

    out: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        out["words"] = build_corpus(Path(tmp), articles, 7)
        corpus = Path(tmp) / "corpus.jsonl"
        rules = Resources.load()
        texts = [d.text for d in iter_documents([corpus]) if isinstance(d, Document)]
        start = time.perf_counter()
        for _ in rules.nlp.pipe(texts, batch_size=32):
            pass
        out["spacy_s"] = time.perf_counter() - start
        start = time.perf_counter()
        with_fallback = Resources.load(fallback=True)
        out["load_with_fallback_s"] = time.perf_counter() - start
        for label, res in (("rules", rules), ("fallback", with_fallback)):
            with Store(Path(tmp) / f"{label}.duckdb") as store:
                start = time.perf_counter()
                summary = run([corpus], store, res)
                out[f"{label}_s"] = time.perf_counter() - start
                out[f"{label}_events"] = summary.events
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--throughput-articles", type=int, default=500)
    parser.add_argument("--skip-throughput", action="store_true")
    parser.add_argument("--skip-gold", action="store_true")
    args = parser.parse_args()
    if not args.skip_gold:
        rules = gold_sets(Resources.load())
        learned = gold_sets(Resources.load(fallback=True))
        print(f"{'metric':28} {'rules only':>11} {'+ fallback':>11}")
        for key in rules:
            print(f"{key:28} {rules[key]:>11} {learned[key]:>11}")
    if not args.skip_throughput:
        t = throughput(args.throughput_articles)
        print(f"\nthroughput: {args.throughput_articles} articles, {t['words']:,} words")
        print(f"  spaCy alone           {t['spacy_s']:7.1f} s")
        print(f"  khaldun rules only    {t['rules_s']:7.1f} s  (ratio spaCy/khaldun {t['spacy_s'] / t['rules_s']:.2f}, "
              f"{t['rules_events']} events)")
        print(f"  khaldun + fallback    {t['fallback_s']:7.1f} s  (ratio spaCy/khaldun {t['spacy_s'] / t['fallback_s']:.2f}, "
              f"{t['fallback_events']} events)")
        print(f"  fallback cost: {t['fallback_s'] - t['rules_s']:+.1f} s "
              f"({(t['fallback_s'] - t['rules_s']) / t['spacy_s']:+.0%} of spaCy's parse time); "
              f"loading with the fallback {t['load_with_fallback_s']:.1f} s")


if __name__ == "__main__":
    main()
