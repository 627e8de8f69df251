"""Where the main process's memory goes in one run, step by step, and what reuse linking's chunks cost.

    .venv/bin/python bench/memory_steps.py [--articles 20000] [--full] [--workers 2] [--memory-limit 256MB]
                                           [--chunks 2048,4096,0] [--batches 8192,0] [--seed 7]
                                           [--mode realistic|archive|news] [--keep DIR]

1. Builds the synthetic corpus of ``scale_corpus`` (``realistic``; ``archive``: laid out in
   time, in periods of 3 days that share no sentence; or ``news``: ``archive`` with quotes that
   share their words about as real ones do; headline and lead paragraph only, unless
   ``--full``) and runs khaldun on it with ``--workers N`` in a fresh process, sampling that
   process's RSS every 50 ms and DuckDB's own memory every 200 ms: prints the highest RSS, the
   highest RSS less what DuckDB held then (what the memory limit does not bound) and the
   seconds of each step (loading the model, reading, coding and storing; then each
   cross-document step), both highest figures and DuckDB's memory every :data:`MARK` documents
   while storing, and DuckDB's own memory by its tags as each step begins.
   The steps before run in the same process, so a step's figure includes what they left
   allocated.  As ``khaldun run`` does, the run loads the model itself and lets go of it before
   the cross-document steps.
2. Links the stored documents again from their stored fingerprints, in a fresh process for each
   chunk size of ``link_documents`` (0: all in one chunk): peak RSS, where it started, seconds,
   and whether the links are exactly those the run stored.
3. Merges the stored events, groups the quotes and builds the stories again as a first run does
   (their tables emptied), in a fresh process for each batch size (``--batches``; 0: one batch,
   which is what a first run held before the batches; for quotes, the records read at a time to
   make the groups): peak RSS, where it started, seconds, and whether the tables are exactly
   those the run stored.

``--chunks ''`` and ``--batches ''`` leave steps 2 and 3 out (the run's own figures only).
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

#: While storing, the highest RSS and DuckDB's memory are noted every this many documents.
MARK = 2000
#: The cross-document steps of ``pipeline.cross_document``, in order.
STEPS = ("link_documents", "merge_actors", "merge_events", "group_quotes", "build_stories")


def _rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # not Linux: the peak so far


def _child_run(corpus: Path, db: Path, workers: int, memory_limit: str) -> dict:
    import duckdb

    from khaldun.execute import ResourceSpec
    from khaldun.pipeline import run
    from khaldun.store import Store

    step = ["loading, coding, storing"]
    peaks: dict[str, float] = {}
    rest: dict[str, float] = {}  # the highest RSS less what DuckDB held at that moment, by step
    duck: dict[str, dict[str, float]] = {}
    seconds: dict[str, float] = {}
    since = [0.0, 0.0]  # the highest RSS, and RSS less DuckDB's memory, since the last mark while storing
    marks: list[tuple[int, float, float, float]] = []  # documents, highest RSS, and less DuckDB, DuckDB now (MB)
    held = [0.0]  # DuckDB's memory when last read (MB)

    def sample(cursor) -> None:
        n = 0
        while True:
            name = step[0]
            if n % 4 == 0:  # DuckDB's own memory, read on a connection of this thread's, every 200 ms
                try:
                    held[0] = _duckdb_total(cursor)
                except duckdb.Error:  # (closed with the store: the run is over)
                    pass
            n += 1
            rss = _rss_mb()
            peaks[name] = max(peaks.get(name, 0.0), rss)
            rest[name] = max(rest.get(name, 0.0), rss - held[0])
            since[0] = max(since[0], rss)
            since[1] = max(since[1], rss - held[0])
            time.sleep(0.05)

    start = time.perf_counter()
    with Store(db, memory_limit=memory_limit or None) as store:
        threading.Thread(target=sample, args=(store.connection.cursor(),), daemon=True).start()
        for method in STEPS:
            def timed(*args, _method=method, _func=getattr(store, method), **kwargs):
                duck[_method] = _duckdb_memory(store)
                step[0], began = _method, time.perf_counter()
                try:
                    return _func(*args, **kwargs)
                finally:
                    seconds[_method] = time.perf_counter() - began
                    step[0] = "after"
            setattr(store, method, timed)
        documents = [0]

        def mark(_document) -> None:
            documents[0] += 1
            if documents[0] % MARK == 0:
                marks.append((documents[0], since[0], since[1], _duckdb_total(store.connection)))
                since[0] = since[1] = 0.0

        # as `khaldun run` does: the run loads the model and lets go of it after coding
        summary = run([corpus], store, ResourceSpec(), workers=workers, on_document=mark)
        duck["end"] = _duckdb_memory(store)
    total = time.perf_counter() - start
    time.sleep(0.1)
    seconds["loading, coding, storing"] = total - sum(seconds.values())
    return {"peaks": peaks, "rest": rest, "seconds": seconds, "total": total, "documents": summary.documents,
            "marks": marks, "events": summary.events, "peak": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "duckdb": duck}


def _duckdb_memory(store) -> dict[str, float]:
    """What DuckDB holds in memory now, by its own tags, in MB (tags under 1 MB left out)."""
    rows = store.connection.execute("SELECT tag, memory_usage_bytes FROM duckdb_memory()").fetchall()
    return {tag: round(n / 2**20, 1) for tag, n in rows if n >= 2**20}


def _duckdb_total(cursor) -> float:
    """What DuckDB holds in memory now, in MB (read on ``cursor``, a connection of the caller's thread)."""
    row = cursor.execute("SELECT sum(memory_usage_bytes) FROM duckdb_memory()").fetchone()
    return (row[0] or 0) / 2**20 if row else 0.0


def _links(db: Path) -> list[tuple]:
    import duckdb

    conn = duckdb.connect(str(db), read_only=True)
    try:
        return conn.execute("SELECT * FROM doc_links ORDER BY ALL").fetchall()
    finally:
        conn.close()


def _child_relink(db: Path, copy: Path, chunk: int) -> dict:
    import duckdb

    from khaldun.store import _reuse

    shutil.copy(db, copy)
    conn = duckdb.connect(str(copy))
    conn.execute("DELETE FROM doc_links")
    conn.execute("DELETE FROM doc_reach_keys")
    conn.execute("UPDATE doc_fingerprints SET linked = false, keyed = false")
    before = _rss_mb()
    start = time.perf_counter()
    links = _reuse.link_documents(conn, chunk=chunk or 1 << 62)
    took = time.perf_counter() - start
    conn.close()
    return {"before": before, "peak": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "seconds": took, "links": links, "same": _links(copy) == _links(db)}


#: Quote grouping empties and stores the same tables.
_QUOTE_TABLES = ("quote_groups", "quote_links", "quote_speakers", "quote_key_counts")
#: What a first run of each batched step starts from (its tables emptied), and what it stores.
_REDO = {"merge_events": (("event_links", "merged_events", "event_blocks", "merge_actor_links",
                           "merge_doc_copies", "story_pending"), ("event_links", "merged_events", "event_blocks")),
         "build_stories": (("stories", "story_documents", "story_pending"), ("stories", "story_documents")),
         "group_quotes": (_QUOTE_TABLES, _QUOTE_TABLES)}


def _tables(db: Path, tables: tuple[str, ...]) -> list[list[tuple]]:
    import duckdb

    conn = duckdb.connect(str(db), read_only=True)
    try:
        return [conn.execute(f"SELECT * FROM {table} ORDER BY ALL").fetchall() for table in tables]
    finally:
        conn.close()


def _child_redo(db: Path, copy: Path, step: str, chunk: int) -> dict:
    import duckdb

    from khaldun.store import _merge, _quotes, _stories

    emptied, stored = _REDO[step]
    shutil.copy(db, copy)
    conn = duckdb.connect(str(copy))
    for table in emptied:
        conn.execute(f"DELETE FROM {table}")
    conn.execute("CHECKPOINT")
    redo = {"merge_events": _merge.merge_stored_events, "build_stories": _stories.build_stories,
            "group_quotes": _quotes.group_stored_quotes}[step]
    before = _rss_mb()
    start = time.perf_counter()
    redo(conn, chunk=chunk or 1 << 62)
    took = time.perf_counter() - start
    conn.close()
    return {"before": before, "peak": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "seconds": took, "same": _tables(copy, stored) == _tables(db, stored)}


def _measure(*args: str) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", *args], check=True, capture_output=True,
                         text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20000)
    parser.add_argument("--full", action="store_true", help="full articles, not lead paragraphs")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--chunks", type=lambda v: [int(n) for n in v.split(",") if n], default=[2048, 4096, 0],
                        help="link_documents chunk sizes to relink with (0: all at once; empty: none)")
    parser.add_argument("--batches", type=lambda v: [int(n) for n in v.split(",") if n], default=[8192, 0],
                        help="batch sizes to merge events, group quotes and build stories again with "
                             "(0: one batch; empty: none)")
    parser.add_argument("--memory-limit", default="",
                        help="the database's memory limit for the run (default: the store's, 256MB)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--mode", choices=("realistic", "archive", "news"), default="realistic",
                        help="the generated corpus (see scale_corpus): archive lays it out in time, 100 a day, "
                        "in periods of 3 days that share no sentence; news is archive with quotes like real ones")
    parser.add_argument("--keep", type=Path, help="build the corpus and database in this folder and keep them")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, *rest = args.child
        if kind == "run":
            print(json.dumps(_child_run(Path(rest[0]), Path(rest[1]), int(rest[2]), rest[3])))
        elif kind == "redo":
            print(json.dumps(_child_redo(Path(rest[0]), Path(rest[1]), rest[2], int(rest[3]))))
        else:
            print(json.dumps(_child_relink(Path(rest[0]), Path(rest[1]), int(rest[2]))))
        return

    from scale_corpus import build_corpus

    tmp = args.keep or Path(tempfile.mkdtemp(prefix="khaldun-memory-"))
    tmp.mkdir(parents=True, exist_ok=True)
    try:
        kind = "full articles" if args.full else "lead paragraphs only"
        words = build_corpus(tmp, args.articles, args.seed, args.mode, lead_only=not args.full)
        print(f"corpus: {args.articles} articles ({kind}, {args.mode}), {words:,} words", flush=True)
        db = tmp / "run.duckdb"
        r = _measure("run", str(tmp / "corpus.jsonl"), str(db), str(args.workers), args.memory_limit)
        limit = args.memory_limit or "the default"
        print(f"khaldun run --workers {args.workers} --memory-limit {limit}: {r['documents']} documents coded, "
              f"{r['events']} events, "
              f"{r['total']:.1f} s; main process peak {r['peak']:.0f} MB")
        print(f"{'step':28} {'highest RSS MB':>14} {'less DuckDB MB':>14} {'seconds':>8}")
        for name in ("loading, coding, storing", *STEPS):
            if name in r["peaks"]:
                print(f"{name:28} {r['peaks'][name]:14.0f} {r['rest'][name]:14.0f} "
                      f"{r['seconds'].get(name, 0.0):8.1f}")
        print(f"while reading, coding and storing, every {MARK:,} documents:")
        print(f"{'documents':>10} {'highest RSS MB':>15} {'less DuckDB MB':>15} {'DuckDB MB now':>14}")
        for count, highest, less, duckdb_mb in r["marks"]:
            print(f"{count:>10,} {highest:15.0f} {less:15.0f} {duckdb_mb:14.0f}")
        print("DuckDB's own memory (MB, by its tags) as each step began:")
        for name, tags in r["duckdb"].items():
            print(f"  before {name}: {sum(tags.values()):.0f}  {tags}")
        print(f"\nlinking the {r['documents']} stored documents again, a fresh process each:", flush=True)
        print(f"{'chunk':>12} {'from MB':>8} {'peak MB':>8} {'seconds':>8} {'links':>8}  same links as the run")
        for chunk in args.chunks:
            k = _measure("relink", str(db), str(tmp / "relink.duckdb"), str(chunk))
            label = str(chunk) if chunk else "all at once"
            print(f"{label:>12} {k['before']:8.0f} {k['peak']:8.0f} {k['seconds']:8.1f} {k['links']:8}  {k['same']}",
                  flush=True)
        print("\nevent merging, quote grouping and stories again as a first run, a fresh process each:", flush=True)
        print(f"{'step':>14} {'batch':>12} {'from MB':>8} {'peak MB':>8} {'seconds':>8}  same tables as the run")
        for step in _REDO:
            for chunk in args.batches:
                k = _measure("redo", str(db), str(tmp / "redo.duckdb"), step, str(chunk))
                label = str(chunk) if chunk else "one batch"
                print(f"{step:>14} {label:>12} {k['before']:8.0f} {k['peak']:8.0f} {k['seconds']:8.1f}  {k['same']}",
                      flush=True)
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
