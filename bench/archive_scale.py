"""A later batch's cross-document steps in a database of many years of archives, in one run.

    .venv/bin/python bench/archive_scale.py [--articles 2000] [--batch 50] [--copies 1,5,25]
                                            [--seed 7] [--cache DIR] [--check 5]

A research group codes years of archives into one database, then adds each
day's news.  Coding a million articles here would take days, so this bench
codes N articles once (``bench/incremental.py``'s storyline corpus, the
cross-document steps included) and then, for each number of copies K, makes a
database holding K copies of them: copy k has its ids suffixed ``~k`` and
every date moved 800 k days later, so the copies are K stretches of news
about the same actors.  The event blocks (same type and parties) are then K
times as large, as in a real archive, and spread over K times as many days.
The cross-document steps run in full once on the copies (the storylines span
many years, so copies do meet in places: what is stored is what a run over
all of them gives); then a batch of new articles is coded into the database
and its cross-document steps run incrementally, as a day's run does.

What is copied: documents, their actors, events, parties, evidence, exact
copies, fingerprints and reuse links.  Not copied: sentences and mentions (no
cross-document step reads them), quotes (copies would all say the same words:
see ``bench/incremental.py``), and reuse lookup keys (copies would all share
their text with every other: ``bench/reach_keys.py`` measures the key query
at a million articles); the copies are marked as linked.

For each K it prints the rows stored, the seconds of the full recompute, of
each cross-document step run incrementally for the new batch, and of a re-run
with nothing new.  Up to ``--check`` copies it also runs the steps in full on
a copy of the database with the batch and says whether the tables are the
same.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from incremental import (  # noqa: E402
    STEPS,
    _write_jsonl,
    add_corpus_arguments,
    build_corpus,
    coded_base,
    snapshot,
    timed_steps,
)

#: Days between one copy of the archive and the next: more than a year and a day, so no two
#: copies' dates can overlap, whatever their precision.
SHIFT_DAYS = 800

_ID, _DATE = "id", "date"
#: Per table, the columns a copy changes: ids get the copy's suffix, dates its shift.
COPIED: dict[str, dict[str, str]] = {
    "documents": {"doc_id": _ID, "published": _DATE},
    "doc_actors": {"doc_id": _ID},
    "events": {"event_id": _ID, "date": _DATE},
    "event_parties": {"event_id": _ID},
    "evidence": {"event_id": _ID, "doc_id": _ID},
    "document_copies": {"doc_id": _ID, "published": _DATE},
    "doc_fingerprints": {"doc_id": _ID},
    "doc_links": {"doc_a": _ID, "doc_b": _ID},
}


def _column_sql(column: str, change: str | None) -> str:
    quoted = f'"{column}"'
    if change == _ID:
        return f"{quoted} || '~' || k"
    if change == _DATE:  # an ISO date, possibly followed by more: shifted; anything else kept
        day = f"try_cast(substr({quoted}, 1, 10) AS DATE)"
        return (f"CASE WHEN {day} IS NULL THEN {quoted} ELSE "
                f"strftime({day} + CAST({SHIFT_DAYS} * k AS INTEGER), '%Y-%m-%d') || substr({quoted}, 11) END")
    return quoted


def make_copies(path: Path, copies: int) -> None:
    """Add copies 1 .. ``copies`` - 1 of the stored archive to the database at ``path``."""
    import duckdb

    if copies < 2:
        return
    conn = duckdb.connect(str(path))
    try:
        conn.execute("BEGIN TRANSACTION")
        for table, changes in COPIED.items():
            columns = [r[0] for r in conn.execute(
                "SELECT column_name FROM duckdb_columns() WHERE table_name = ? ORDER BY column_index",
                [table]).fetchall()]
            select = ", ".join(_column_sql(c, changes.get(c)) for c in columns)
            conn.execute(f"CREATE TEMP TABLE archive AS SELECT * FROM {table}")
            conn.execute(f"INSERT INTO {table} SELECT {select} FROM archive, range(1, {copies}) r(k)")
            conn.execute("DROP TABLE archive")
        conn.execute("UPDATE doc_fingerprints SET linked = true, keyed = true WHERE doc_id LIKE '%~%'")
        conn.execute("COMMIT")
    finally:
        conn.close()


def _counts(path: Path) -> dict[str, int]:
    import duckdb

    conn = duckdb.connect(str(path), read_only=True)
    try:
        out = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
               for t in ("documents", "events", "evidence")}
        out["largest block"] = conn.execute(
            "SELECT max(n) FROM (SELECT count(*) AS n FROM event_blocks GROUP BY block)").fetchone()[0]
        return out
    finally:
        conn.close()


def code_into(batch_jsonl: Path, path: Path) -> None:
    """Code the batch into the database at ``path``, its cross-document steps left out."""
    from khaldun import pipeline
    from khaldun.pipeline import Resources
    from khaldun.store import Store

    original = pipeline.cross_document
    pipeline.cross_document = lambda store, **kw: None  # type: ignore[assignment]
    try:
        with Store(path) as store:
            pipeline.run([batch_jsonl], store, Resources.load())
    finally:
        pipeline.cross_document = original  # type: ignore[assignment]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_corpus_arguments(parser)
    parser.add_argument("--copies", default="1,5,25", help="numbers of copies of the archive, comma-separated")
    parser.add_argument("--check", type=int, default=5,
                        help="also compare with a full recompute up to this many copies (0: never)")
    args = parser.parse_args(argv)
    base, batch = build_corpus(args.articles, args.batch, args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        cache = coded_base(args, base, work)
        batch_jsonl = _write_jsonl(work / "batch.jsonl", batch)
        print(f"archive: {len(base)} articles, K copies of it {SHIFT_DAYS} days apart (the cross-document "
              f"steps then run in full once); then {len(batch)} new ones, their steps run incrementally")
        header = f"  {'K':>4} {'documents':>10} {'events':>10} {'largest block':>13} {'full s':>7}"
        header += "".join(f" {step[:14]:>14}" for step in STEPS) + f" {'total s':>8} {'re-run s':>9}"
        print(header)
        for copies in [int(k) for k in args.copies.split(",")]:
            db = work / f"k{copies}.duckdb"
            shutil.copyfile(cache / "base.duckdb", db)
            make_copies(db, copies)
            settle = sum(timed_steps(db, full=True).values())
            code_into(batch_jsonl, db)
            counts = _counts(db)
            full_db = None
            if copies <= args.check:
                full_db = work / f"k{copies}-full.duckdb"
                shutil.copyfile(db, full_db)
            seconds = timed_steps(db, full=False)
            again = timed_steps(db, full=False)
            row = (f"  {copies:4d} {counts['documents']:10,} {counts['events']:10,} "
                   f"{counts['largest block']:13,} {settle:7.1f}")
            row += "".join(f" {seconds[step]:14.2f}" for step in STEPS)
            print(row + f" {sum(seconds.values()):8.2f} {sum(again.values()):9.2f}", flush=True)
            if full_db is not None:
                timed_steps(full_db, full=True)
                a, b = snapshot(db), snapshot(full_db)
                different = [t for t in a if a[t] != b[t]]
                print("       the same tables as a full recompute" if not different
                      else "       DIFFERENT from a full recompute: " + ", ".join(different), flush=True)
                full_db.unlink()
            db.unlink()


if __name__ == "__main__":
    main()
