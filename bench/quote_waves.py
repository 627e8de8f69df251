"""A first run's quote grouping in waves against one pass, on quotes local in time.

    .venv/bin/python bench/quote_waves.py [--sizes 30000,300000] [--wave 32768] [--seed 7]

Generated quotes, 3 a document and 100 documents a day, in periods of 3 days (as
``scale_corpus``'s ``archive`` mode lays articles out): each quote is 10 to 25
words drawn at random from the words of the bundled sample corpus, so that two
quotes share word sequences only when one reports the other, as real quotes do
(template quotes share them by the thousand: see below).  A tenth of the
documents repeat a quote of an earlier document of their period, verbatim or
with a word changed, as another outlet would.  No model is loaded: the
documents' dates, the quotes and their lookup keys are written to a database as
a run stores them.  Then for each size, in a fresh process each, the quotes are
grouped as a first run does (``Store.group_quotes``): in one pass (a wave larger
than all of them), and in waves of ``--wave``, oldest documents first.

Prints, per size and way: quotes, groups, the highest RSS of the grouping above
what the process held before it, DuckDB's own memory when it ends (its cache of
table pages among it, within the store's memory limit), seconds, and whether the waves left the same
groups and links as the one pass (a checksum of each table).  On the generated
articles of ``scale_corpus`` the waves give up: their template sentences share
word sequences with thousands of others, so a wave reaches every quote
(docs/scaling.md).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scale_corpus import ARCHIVE_PER_DAY, ARCHIVE_PERIOD_DAYS, _sample_sentences  # noqa: E402

QUOTES_A_DOCUMENT = 3
_COLUMNS = ("quote_id", "doc_id", "text", "start", "end", "kind")


def build(path: Path, quotes: int, seed: int) -> None:
    """A database of ``quotes`` quotes of ``quotes / 3`` dated documents, keyed as a run keys them."""
    from khaldun.quotes.group import hashed_keys
    from khaldun.store import Store
    from khaldun.store._sql import insert_rows

    rng = random.Random(seed)
    vocabulary = sorted({w for s in _sample_sentences() for w in s.split()})
    docs, rows, keys = [], [], []
    stored = datetime(2026, 1, 1)
    earlier: list[str] = []  # the period's quotes so far
    period = -1
    for n in range(quotes // QUOTES_A_DOCUMENT):
        days = n // ARCHIVE_PER_DAY
        if days // ARCHIVE_PERIOD_DAYS != period:
            period = days // ARCHIVE_PERIOD_DAYS
            earlier = []
        doc_id = hashlib.sha1(f"{seed}/{n}".encode()).hexdigest()[:16]  # doc_id order is not time order
        docs.append((doc_id, f"{n}.txt", (date(2018, 1, 1) + timedelta(days=days)).isoformat(), "", 0, stored))
        for i in range(QUOTES_A_DOCUMENT):
            if earlier and i == 0 and rng.random() < 0.1:  # another outlet's report of an earlier quote
                text = rng.choice(earlier)
                if rng.random() < 0.5:
                    words = text.split()
                    words[rng.randrange(len(words))] = rng.choice(["now", "still", "again", "all"])
                    text = " ".join(words)
            else:
                text = " ".join(rng.choices(vocabulary, k=rng.randint(10, 25)))
                earlier.append(text)
            quote_id = f"{doc_id}-{i}"
            rows.append((quote_id, doc_id, text, 100 * i, 100 * i + len(text), "direct"))
            keys.extend((quote_id, key) for key in hashed_keys(text))
    with Store(path) as store:
        conn = store.connection
        conn.execute("BEGIN TRANSACTION")
        insert_rows(conn, "documents", ("doc_id", "path", "published", "text", "n_chars", "ingested_at"), docs)
        insert_rows(conn, "quotes", _COLUMNS, rows)
        insert_rows(conn, "quote_keys", ("quote_id", "key"), keys)
        conn.execute("COMMIT")


def _rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _child(path: Path, wave: int) -> dict:
    """Group every quote of the database as a first run does; what it took."""
    from khaldun.store import Store, _quotes

    with Store(path) as store:
        conn = store.connection
        conn.execute("DELETE FROM quote_groups; DELETE FROM quote_links; DELETE FROM quote_speakers; "
                     "DELETE FROM quote_key_counts; CHECKPOINT")
        gave_up: list[bool] = []
        closure = _quotes._closure

        def recording(*args):
            scope = closure(*args)
            gave_up.append(scope is None)
            return scope

        _quotes._closure = recording
        _quotes.WAVE = wave
        before = peak = _rss_mb()
        done = threading.Event()

        def sample() -> None:
            nonlocal peak
            while not done.wait(0.02):
                peak = max(peak, _rss_mb())

        sampler = threading.Thread(target=sample)
        sampler.start()
        start = time.perf_counter()
        groups = store.group_quotes()
        seconds = time.perf_counter() - start
        done.set()
        sampler.join()
        row = conn.execute("SELECT sum(memory_usage_bytes) FROM duckdb_memory()").fetchone()
        return {"groups": groups, "mb": peak - before, "seconds": seconds, "waves": len(gave_up) + 1,
                "gave_up": any(gave_up), "duckdb": (row[0] or 0) / 2**20 if row else 0.0}


def _grouped(path: Path) -> tuple[int, int]:
    """A checksum of the stored groups and links (order-free)."""
    from khaldun.store import Store

    with Store(path, read_only=True) as store:
        row = store.connection.execute("""
            SELECT (SELECT sum(hash(g)) FROM quote_groups g), (SELECT sum(hash(l)) FROM quote_links l)
            """).fetchone()
    return (int(row[0] or 0), int(row[1] or 0)) if row else (0, 0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=lambda v: [int(n) for n in v.split(",")], default=[30000, 300000])
    parser.add_argument("--wave", type=int, default=32768)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(_child(Path(args.child[0]), int(args.child[1]))))
        return
    print(f"{'quotes':>8} {'way':>22} {'groups':>8} {'MB':>6} {'DuckDB MB':>9} {'seconds':>8}  same as one pass")
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            path = Path(tmp) / f"{size}.duckdb"
            build(path, size, args.seed)
            outcomes = {}
            for way, wave in (("one pass", size + 1), (f"waves {args.wave}", args.wave)):
                out = subprocess.run([sys.executable, __file__, "--child", str(path), str(wave)],
                                     capture_output=True, text=True, check=True)
                got = json.loads(out.stdout.strip().splitlines()[-1])
                outcomes[way] = _grouped(path)
                if got["waves"] > 1:
                    way += f" ({got['waves']}{', gave up' if got['gave_up'] else ''})"
                same = "" if len(outcomes) == 1 else ("yes" if len(set(outcomes.values())) == 1 else "NO")
                print(f"{size:>8} {way:>22} {got['groups']:>8} {got['mb']:>6.0f} {got['duckdb']:>9.0f} "
                      f"{got['seconds']:>8.1f}  {same}", flush=True)


if __name__ == "__main__":
    main()
