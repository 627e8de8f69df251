"""Throughput and memory of the whole pipeline, against spaCy alone, in one run.

    .venv/bin/python bench/throughput.py [--articles 2000] [--seed 7] [--dense] [--repeat 3]

Builds a corpus of N articles (``scale_corpus``: by default realistic news,
distinct articles generated from templates with light word-level variation of
a few sample-corpus sentences, 5 % verbatim and 5 % near-verbatim reprints and
10 % sharing one wire paragraph; ``--dense`` for the old corpus recombining
whole sample paragraphs, where every article shares text with ~100 others),
then measures, each in a fresh subprocess (so peak memory is its own):

- spaCy alone: ``nlp.pipe`` over the same cleaned texts with the same model;
- khaldun end to end: ingest, NLP, actors, events, and the DuckDB store.

Prints articles/s, words/s and peak RSS for both, and the ratio of the two
(issue 8's figure).  The end-to-end run is also timed by stage, in the same
run: spaCy's parse inside the pipeline, the per-document coding
(``code_parsed``: mentions, actors, events, quotes, fingerprint), the store
writes, and each cross-document step (reuse links, actor merging, event
merging, quote grouping, stories).  The coding overhead is coding time over
parse time in that run (issue 4's figure: at most 25%), and the per-document
overhead over stock spaCy: (khaldun's parse + coding - spaCy alone) / spaCy
alone.  ``--repeat N`` alternates the two measurements N times and keeps the
fastest of each (on a shared, noisy machine single runs swing by 20 %).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any


def build_corpus(directory: Path, n: int, seed: int, dense: bool = False) -> int:
    """Write N articles as JSONL (see ``scale_corpus``); return the number of words."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from scale_corpus import build_corpus as build

    return build(directory, n, seed, "dense" if dense else "realistic")


def _child_spacy(corpus: Path) -> dict:
    from khaldun.ingest import iter_documents
    from khaldun.nlp import load_model
    from khaldun.records import Document

    nlp = load_model()
    texts = [d.text for d in iter_documents([corpus]) if isinstance(d, Document)]
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=32):
        pass
    return {"seconds": time.perf_counter() - start, "articles": len(texts)}


#: The cross-document steps of ``pipeline.cross_document``, in order, with their labels.
CROSS_STEPS = (("link_documents", "reuse links"), ("merge_actors", "merge actors"),
               ("merge_events", "merge events"), ("group_quotes", "group quotes"),
               ("build_stories", "stories"))


class _Clock:
    """Seconds spent per stage, added up by the wrappers below."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    def timed(self, stage: str, func: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return func(*args, **kwargs)
            finally:
                self.add(stage, time.perf_counter() - start)
        return wrapper

    def add(self, stage: str, seconds: float) -> None:
        self.seconds[stage] = self.seconds.get(stage, 0.0) + seconds


class _TimedModel:
    """Stands in for the spaCy pipeline in ``run``: times each parsed document's arrival."""

    def __init__(self, nlp: Any, clock: _Clock) -> None:
        self._nlp, self._clock = nlp, clock

    def __call__(self, text: str) -> Any:
        return self._clock.timed("parse", self._nlp)(text)

    def pipe(self, texts: Any, **kwargs: Any) -> Iterator[Any]:
        docs = iter(self._nlp.pipe(texts, **kwargs))
        while True:
            start = time.perf_counter()
            doc = next(docs, None)
            self._clock.add("parse", time.perf_counter() - start)
            if doc is None:
                return
            yield doc


def _child_khaldun(corpus: Path) -> dict:
    from khaldun import pipeline
    from khaldun.pipeline import Resources, run
    from khaldun.store import Store

    res = Resources.load()
    clock = _Clock()
    timed_res = dataclasses.replace(res, nlp=_TimedModel(res.nlp, clock))
    pipeline.code_parsed = clock.timed("code", pipeline.code_parsed)  # type: ignore[assignment]
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        with Store(Path(tmp) / "bench.duckdb") as store:
            store.write_many = clock.timed("store writes", store.write_many)  # type: ignore[method-assign]
            for method, label in CROSS_STEPS:
                setattr(store, method, clock.timed(label, getattr(store, method)))
            summary = run([corpus], store, timed_res)
            links = store.connection.execute("SELECT count(*) FROM doc_links").fetchone()[0]
        seconds = time.perf_counter() - start
    return {"seconds": seconds, "articles": summary.documents, "events": summary.events,
            "stages": clock.seconds, "links": links}


def _measure(kind: str, corpus: Path) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", kind, str(corpus)],
                         check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def build_description() -> str:
    """Whether the compiled build's modules run compiled (setup.py's ``KHALDUN_COMPILE``) or as plain Python."""
    from khaldun import compiled_modules
    from khaldun._compiled import MODULES

    done = len(compiled_modules())
    return f"compiled with mypyc ({done} of {len(MODULES)} modules)" if done else "plain Python"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--dense", action="store_true", help="the old recombined-paragraph corpus")
    parser.add_argument("--repeat", type=int, default=1, help="alternate the runs N times, keep the fastest")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, corpus = args.child
        result = (_child_spacy if kind == "spacy" else _child_khaldun)(Path(corpus))
        result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps(result))
        return
    with tempfile.TemporaryDirectory() as tmp:
        words = build_corpus(Path(tmp), args.articles, args.seed, args.dense)
        kind = "recombined sample paragraphs" if args.dense else "realistic"
        print(f"corpus: {args.articles} articles, {words:,} words ({kind})")
        print(f"khaldun build: {build_description()}")
        spacy_runs, khaldun_runs = [], []
        for _ in range(max(1, args.repeat)):
            spacy_runs.append(_measure("spacy", Path(tmp) / "corpus.jsonl"))
            khaldun_runs.append(_measure("khaldun", Path(tmp) / "corpus.jsonl"))
        spacy_run = min(spacy_runs, key=lambda r: r["seconds"])
        khaldun_run = min(khaldun_runs, key=lambda r: r["seconds"])
        if args.repeat > 1:
            print("seconds of each run: spaCy alone " + ", ".join(f"{r['seconds']:.1f}" for r in spacy_runs)
                  + "; khaldun " + ", ".join(f"{r['seconds']:.1f}" for r in khaldun_runs) + " (fastest kept)")
    rows = [("spaCy alone (nlp.pipe)", spacy_run), ("khaldun end to end", khaldun_run)]
    print(f"{'':26} {'articles/s':>11} {'words/s':>10} {'seconds':>8} {'peak RSS MB':>12}")
    for label, r in rows:
        print(f"{label:26} {r['articles'] / r['seconds']:11.1f} {words / r['seconds']:10.0f} "
              f"{r['seconds']:8.1f} {r['peak_rss_mb']:12.0f}")
    print(f"events coded: {khaldun_run.get('events')}")
    print(f"ratio end-to-end / spaCy (throughput): {spacy_run['seconds'] / khaldun_run['seconds']:.2f}")
    _print_stages(khaldun_run, spacy_run["seconds"])


def _print_stages(run: dict, spacy_seconds: float) -> None:
    """The end-to-end run's seconds by stage, and the coding overhead on top of the parse."""
    stages = run["stages"]
    cross = [label for _, label in CROSS_STEPS]
    print("khaldun end to end by stage (seconds):")
    for label in ["parse", "code", "store writes", *cross]:
        print(f"  {label:24} {stages.get(label, 0.0):8.2f}")
    print(f"  {'cross-document total':24} {sum(stages.get(label, 0.0) for label in cross):8.2f}")
    other = run["seconds"] - sum(stages.values())
    print(f"  {'other (ingest, runs)':24} {other:8.2f}")
    if run.get("links") is not None:
        print(f"reuse links stored: {run['links']:,}")
    parse, code = stages.get("parse", 0.0), stages.get("code", 0.0)
    if parse > 0:
        print(f"coding overhead on the parse (code / parse, same run): {code / parse:.0%}; "
              f"ratio parse / (parse + code): {parse / (parse + code):.2f}")
        print(f"per-document overhead over stock spaCy ((parse + code - spaCy alone) / spaCy alone): "
              f"{(parse + code - spacy_seconds) / spacy_seconds:.0%}")


if __name__ == "__main__":
    main()
