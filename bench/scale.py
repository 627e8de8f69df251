"""Scaling: workers, a Dask LocalCluster, and peak memory, with ratios measured in the same run.

    .venv/bin/python bench/scale.py [--articles 2000] [--large 20000] [--seed 7] [--dense | --archive]
                                    [--processes 1,2] [--repeat 1] [--no-dask]

Builds the realistic synthetic corpus of ``scale_corpus`` (distinct articles,
10 % reprints, some shared wire paragraphs; ``--archive`` for articles laid
out in time, 100 a day, in periods of 3 days that share no sentence; ``--dense``
for the old recombined-paragraph corpus), then measures, each in a fresh subprocess:

1. spaCy alone (``nlp.pipe``, same model) with ``n_process`` 1 and 2;
2. khaldun end to end (ingest, parse, code, store, cross-document steps) with
   ``workers`` 1 and 2 (a forked process pool), giving articles/s, words/s and
   the ratio to spaCy alone with the same number of processes (issue 8: >= 0.8);
3. khaldun on a Dask LocalCluster of 2 worker processes on the same articles:
   start-up (cluster plus one model per worker) and coding time, and whether the
   stored events are identical to the local runs';
4. peak memory (RSS of the main process, and of the largest worker) of a
   streaming run with 2 workers at ``--articles`` and at ``--large`` articles.
   The large run uses the cheap ``lead_only`` corpus (headline plus lead
   paragraph, ~45 words an article, as many documents) unless ``--large-full``.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from throughput import build_description  # noqa: E402


def _peaks() -> dict:
    """Peak RSS of this process and of its largest child; CPU seconds of this process (the main one)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    return {"rss_mb": own.ru_maxrss / 1024,
            "child_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
            "cpu_s": own.ru_utime + own.ru_stime}


def _child_spacy(corpus: Path, processes: int) -> dict:
    from khaldun.ingest import iter_documents
    from khaldun.nlp import load_model
    from khaldun.records import Document

    nlp = load_model()
    texts = [d.text for d in iter_documents([corpus]) if isinstance(d, Document)]
    start = time.perf_counter()
    n = sum(1 for _ in nlp.pipe(texts, batch_size=32, n_process=processes))
    return {"seconds": time.perf_counter() - start, "articles": n}


def _child_khaldun(corpus: Path, workers: int, db: Path) -> dict:
    from khaldun.pipeline import Resources, run
    from khaldun.store import Store

    res = Resources.load()
    start = time.perf_counter()
    with Store(db) as store:
        summary = run([corpus], store, res, workers=workers)
    return {"seconds": time.perf_counter() - start, "articles": summary.documents,
            "duplicates": summary.duplicates, "events": summary.events, "words": summary.words}


def _child_dask(corpus: Path, workers: int, db: Path) -> dict:
    from khaldun.execute import ResourceSpec
    from khaldun.execute.cluster import DaskCluster
    from khaldun.pipeline import run
    from khaldun.store import Store

    start = time.perf_counter()
    with DaskCluster("local", ResourceSpec(), db.with_name("parts"), workers=workers) as cluster:
        ready = time.perf_counter()
        with Store(db) as store:
            summary = run([corpus], store, executor=cluster)
        done = time.perf_counter()
    return {"startup": ready - start, "seconds": done - ready, "articles": summary.documents,
            "events": summary.events}


def _measure(*args: str) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", *args], check=True, capture_output=True,
                         text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _events(db: Path) -> list[str]:
    from khaldun.store import Store

    with Store(db, read_only=True) as store:
        return sorted(json.dumps(e, sort_keys=True, default=str) for e in store.iter_events())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--large", type=int, default=20000, help="articles of the memory run (0: skip)")
    parser.add_argument("--large-full", action="store_true", help="full articles in the large run")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--dense", action="store_true", help="the old recombined-paragraph corpus")
    parser.add_argument("--archive", action="store_true",
                        help="articles laid out in time as an archive (100 a day, periods of 3 days sharing no sentence)")
    parser.add_argument("--no-dask", action="store_true")
    parser.add_argument("--processes", type=lambda v: [int(n) for n in v.split(",")], default=[1, 2],
                        help="process counts to compare, e.g. 1,2,4,8 (default 1,2)")
    parser.add_argument("--repeat", type=int, default=1, help="alternate the runs N times, keep the fastest")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, corpus, *rest = args.child
        if kind == "spacy":
            result = _child_spacy(Path(corpus), int(rest[0]))
        elif kind == "khaldun":
            result = _child_khaldun(Path(corpus), int(rest[0]), Path(rest[1]))
        else:
            result = _child_dask(Path(corpus), int(rest[0]), Path(rest[1]))
        print(json.dumps(result | _peaks()))
        return

    from scale_corpus import build_corpus

    mode = "dense" if args.dense else "archive" if args.archive else "realistic"
    tmp = Path(tempfile.mkdtemp(prefix="khaldun-scale-"))
    try:
        (tmp / "small").mkdir()
        corpus = tmp / "small" / "corpus.jsonl"
        words = build_corpus(tmp / "small", args.articles, args.seed, mode)
        print(f"corpus: {args.articles} articles, {words:,} words ({mode})", flush=True)
        print(f"khaldun build: {build_description()}", flush=True)
        runs: dict[str, dict] = {}
        print(f"{'':36} {'articles/s':>10} {'words/s':>9} {'seconds':>8} {'main MB':>8} {'worker MB':>9}",
              flush=True)
        for n in args.processes:
            tries: dict[str, list[dict]] = {"spacy": [], "khaldun": []}
            for _ in range(max(1, args.repeat)):  # alternated, fastest kept: the machine may be noisy
                tries["spacy"].append(_measure("spacy", str(corpus), str(n)))
                db = tmp / f"w{n}.duckdb"
                for stale in (db, db.with_name(db.name + ".wal")):  # each try codes everything again
                    stale.unlink(missing_ok=True)
                tries["khaldun"].append(_measure("khaldun", str(corpus), str(n), str(db)))
            for kind, label in (("spacy", f"spaCy alone, n_process={n}"),
                                ("khaldun", f"khaldun end to end, --workers {n}")):
                r = runs[f"{kind}{n}"] = min(tries[kind], key=lambda t: t["seconds"])
                print(f"{label:36} {args.articles / r['seconds']:10.1f} {words / r['seconds']:9.0f} "
                      f"{r['seconds']:8.1f} {r['rss_mb']:8.0f} {r['child_rss_mb']:9.0f}", flush=True)
        first, last = args.processes[0], args.processes[-1]
        k1, k2 = runs[f"khaldun{first}"], runs[f"khaldun{last}"]
        print(f"coded {k1['articles']} articles ({k1['duplicates']} verbatim reprints stored as copies), "
              f"{k1['events']} events")
        for n in args.processes:
            ratio = runs[f"spacy{n}"]["seconds"] / runs[f"khaldun{n}"]["seconds"]
            print(f"ratio khaldun / spaCy alone, {n} process(es) (throughput): {ratio:.2f}")
        for n in args.processes[1:]:
            print(f"speed-up of --workers {n} over --workers {first}: "
                  f"{k1['seconds'] / runs[f'khaldun{n}']['seconds']:.2f} (spaCy alone: "
                  f"{runs[f'spacy{first}']['seconds'] / runs[f'spacy{n}']['seconds']:.2f})")
            same = _events(tmp / f"w{first}.duckdb") == _events(tmp / f"w{n}.duckdb")
            print(f"--workers {n} stores the same events as --workers {first}: {same}", flush=True)
        print(f"main process CPU with --workers {last} (model load, ingest, store writes, cross-document steps): "
              f"{k2['cpu_s']:.0f} s, {1000 * k2['cpu_s'] / args.articles:.0f} ms an article "
              f"(the serial part: at most {args.articles / k2['cpu_s']:.0f} articles/s whatever the workers)",
              flush=True)
        ref = 2 if 2 in args.processes else first  # the Dask and memory runs use 2 workers
        k2 = runs[f"khaldun{ref}"]
        if not args.no_dask:
            d = _measure("dask", str(corpus), "2", str(tmp / "dask.duckdb"))
            same = _events(tmp / "dask.duckdb") == _events(tmp / f"w{ref}.duckdb")
            print(f"Dask LocalCluster, 2 workers: start-up {d['startup']:.1f} s, coding {d['seconds']:.1f} s "
                  f"({args.articles / d['seconds']:.1f} articles/s; wall with start-up "
                  f"{d['startup'] + d['seconds']:.1f} s vs {k2['seconds']:.1f} s for --workers {ref}, ratio "
                  f"{k2['seconds'] / (d['startup'] + d['seconds']):.2f}); same events as local: {same}", flush=True)
        if args.large:
            (tmp / "large").mkdir()
            large_words = build_corpus(tmp / "large", args.large, args.seed, mode, lead_only=not args.large_full)
            big = _measure("khaldun", str(tmp / "large" / "corpus.jsonl"), "2", str(tmp / "large.duckdb"))
            kind = "full articles" if args.large_full else "lead paragraphs only"
            print(f"peak memory: {args.articles} articles (--workers {ref}): main {k2['rss_mb']:.0f} MB, "
                  f"largest worker {k2['child_rss_mb']:.0f} MB; {args.large} articles (--workers 2, {kind}, "
                  f"{large_words:,} words, {big['seconds']:.0f} s): main {big['rss_mb']:.0f} MB, "
                  f"largest worker {big['child_rss_mb']:.0f} MB")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
