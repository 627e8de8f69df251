"""How the reuse-key query grows with the database: which stored articles can new ones reach?

    .venv/bin/python bench/reach_keys.py [--stored 100000,300000,1000000] [--new 1000,10000]

Each run of ``khaldun run`` asks the stored lookup keys (``doc_reach_keys``: a
text hash, 18 MinHash LSH bands and the winnowing anchors of each linked
article) which stored articles its new ones can reach, before reading those
articles' fingerprints.  Coding a million articles to measure that query would
take days here, so this bench fills the key table directly, with keys drawn to
look like a real run's (measured on the generated corpus of ``scale_corpus``;
``--anchors`` and ``--shared`` set them):

- a text key and 18 band keys per article, unique, except that ``--reprints``
  of the articles are near-verbatim reprints of one of the 20,000 before them
  (same bands and anchors);
- ``--anchors`` anchors per article, of which ``--shared`` are drawn from a
  pool of boilerplate anchors (1,000, and one more for every thousand
  articles) with a long tail: the k-th commonest is drawn about 1/k as often, so a few are held
  by a large share of the database (a site's footer, a wire credit line) and
  most by a handful.

For each database size it prints the rows, the file size, and for each batch of
new articles the seconds the query takes (best of ``--repeat``), the stored
articles it returns, and how fast the query grows with the database (the
exponent k of time ~ stored^k).  The new articles' keys are drawn the same way
(new ids), so they reach the stored articles a real batch would.
"""

from __future__ import annotations

import argparse
import math
import tempfile
import time
from pathlib import Path

#: Lookup keys of one article, besides its anchors: its text hash and 18 LSH bands.
WHOLE_KEYS = 19
#: A reprint copies one of this many articles before it (a few days of news).
RECENT = 20_000


def _fill(conn, first: int, count: int, table: str, options: argparse.Namespace) -> None:
    """Insert the keys of articles ``first`` .. ``first + count - 1`` into ``table``."""
    from khaldun.reuse.index import ANCHOR_KEY, BAND_KEY, TEXT_KEY

    per_doc = WHOLE_KEYS + options.anchors
    pool = max(10, (first + count) // 10_000 * 10 + 1_000)  # boilerplate anchors seen so far
    conn.execute(f"""
        INSERT INTO {table}
        WITH slots AS (
            SELECT d, j,
                   -- a near-verbatim reprint takes the bands and anchors of a recent article
                   CASE WHEN j > 0 AND d > 0 AND hash(d, 'reprint') % 1000 < ?
                        THEN d - 1 - (hash(d, 'back') % least(d, {RECENT}))::BIGINT ELSE d END AS source
            FROM range(?, ?) t(d), range(0, ?) s(j)
        )
        SELECT printf('%016x', hash(d, 'id')) AS doc_id,
               CASE WHEN j = 0 THEN {TEXT_KEY} WHEN j < {WHOLE_KEYS} THEN {BAND_KEY} ELSE {ANCHOR_KEY} END,
               CASE
                   WHEN j >= {WHOLE_KEYS} AND hash(source, j, 'shared') % 1000 < ?
                   -- boilerplate: 1 + floor(pool ^ u), u uniform: the k-th commonest drawn ~1/k as often
                   THEN -1 - floor(pow(?, (hash(source, j, 'u') % 1000000) / 1000000.0))::BIGINT
                   ELSE (hash(source, j, 'key') >> 1)::BIGINT
               END
        FROM slots
        """, [round(options.reprints * 1000), first, first + count, per_doc,
              round(options.shared * 1000), pool])


def _database(path: Path, stored: int, options: argparse.Namespace) -> tuple[int, float]:
    """A store whose key table holds ``stored`` articles' keys; return its rows and seconds."""
    from khaldun.store import Store

    start = time.perf_counter()
    with Store(path) as store:
        conn = store.connection
        step = 100_000
        for first in range(0, stored, step):
            _fill(conn, first, min(step, stored - first), "doc_reach_keys", options)
        rows = conn.execute("SELECT count(*) FROM doc_reach_keys").fetchall()[0][0]
        conn.execute("CHECKPOINT")
    return rows, time.perf_counter() - start


def _new_keys(conn, stored: int, new: int, options: argparse.Namespace) -> list[tuple[str, int, int]]:
    """``(doc_id, kind, key)`` of ``new`` articles after the ``stored`` ones."""
    conn.execute("CREATE OR REPLACE TEMP TABLE new_keys (doc_id VARCHAR, kind TINYINT, \"key\" BIGINT)")
    _fill(conn, stored, new, "new_keys", options)
    keys = conn.execute('SELECT doc_id, kind, "key" FROM new_keys').fetchall()
    conn.execute("DROP TABLE new_keys")
    return keys


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--stored", default="100000,300000,1000000", help="database sizes, in articles")
    parser.add_argument("--new", default="1000,10000", help="new articles per run")
    parser.add_argument("--anchors", type=int, default=120, help="winnowing anchors per article")
    parser.add_argument("--shared", type=float, default=0.02, help="share of anchors that are boilerplate")
    parser.add_argument("--reprints", type=float, default=0.05, help="share of near-verbatim reprints")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--keep", type=Path, help="directory to keep the databases in (default: a temporary one)")
    options = parser.parse_args(argv)

    from khaldun.reuse import ReuseIndex
    from khaldun.store import Store
    from khaldun.store._reuse import _reached

    index = ReuseIndex()
    cap = index.max_postings
    sizes = [int(n) for n in options.stored.split(",")]
    batches = [int(n) for n in options.new.split(",")]
    seconds: dict[tuple[int, int], float] = {}
    with tempfile.TemporaryDirectory() as scratch:
        root = options.keep or Path(scratch)
        root.mkdir(parents=True, exist_ok=True)
        for stored in sizes:
            path = root / f"keys-{stored}.duckdb"
            path.unlink(missing_ok=True)
            rows, built = _database(path, stored, options)
            size = path.stat().st_size / 1e6
            print(f"{stored:,} stored articles: {rows:,} key rows, {size:,.0f} MB, filled in {built:.0f} s")
            with Store(path) as store:
                full = store.connection.execute(
                    'SELECT count(*) FROM (SELECT "key" FROM doc_reach_keys WHERE kind = 2 '
                    'GROUP BY "key" HAVING count(*) >= ?)', [cap]).fetchall()[0][0]
                print(f"  anchors held by {cap} or more articles: {full:,}")
                for new in batches:
                    keys = _new_keys(store.connection, stored, new, options)
                    best, reached = math.inf, 0
                    for _ in range(options.repeat):
                        start = time.perf_counter()
                        reached = len(_reached(store.connection, keys, index)[0])
                        best = min(best, time.perf_counter() - start)
                    seconds[stored, new] = best
                    print(f"  {new:,} new articles ({len(keys):,} keys): {best:.2f} s, "
                          f"reaching {reached:,} stored articles")
            if options.keep is None:
                path.unlink()
    for new in batches:
        for small, large in zip(sizes, sizes[1:]):
            k = math.log(seconds[large, new] / seconds[small, new]) / math.log(large / small)
            print(f"{new:,} new: query time grows as stored^{k:.2f} from {small:,} to {large:,}")


if __name__ == "__main__":
    main()
