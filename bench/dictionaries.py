"""Loading users' PETRARCH/Phoenix dictionaries: time, size and memory.

    .venv/bin/python bench/dictionaries.py [--shared ../shared] [--repeat 3] [--scale 100000]

Reads the Phoenix Countries, International and MilNonState actor files and
the agents file from ``shared/dictionaries/phoenix`` (and the PETRARCH
validation dictionaries), then prints:

- per file: read time, actors/role phrases read, problems reported;
- ``load_knowledge`` with all four files (best of ``--repeat``), entries and
  role phrases, and its peak Python memory (tracemalloc, a separate run);
- the spaCy entity patterns built from that knowledge: count and time;
- the ``khaldun_lexicon_entities`` component: time to add the patterns and
  to tag the seed articles, also with ``--scale`` synthetic patterns;
- the process's peak resident memory.

The target is under 5 s to load all four files (the actor-resolution issue).
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
PHOENIX_FILES = (
    "Phoenix.Countries.actors.txt",
    "Phoenix.International.actors.txt",
    "Phoenix.MilNonState.actors.txt",
    "Phoenix.agents.txt",
)
VALIDATION_FILES = ("PETR.Validate.actors.txt", "PETR.Validate.agents.txt")


def best_of(repeat: int, fn: Callable[[], Any]) -> tuple[float, Any]:
    """Fastest wall time of *repeat* calls, and the last result."""
    best, result = float("inf"), None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - started)
    return best, result


def peak_mib(fn: Callable[[], Any]) -> float:
    """Peak Python memory of one call, MiB (tracemalloc; slows the call down)."""
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def synthetic_patterns(base: list[dict], total: int) -> list[dict]:
    """*total* distinct patterns: the real ones, then copies with a numbered extra token."""
    patterns = list(base)
    n = 0
    while len(patterns) < total:
        source = base[n % len(base)]
        extra = {"ORTH": f"X{n}"}
        patterns.append({**source, "pattern": [*source["pattern"], extra]})
        n += 1
    return patterns


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--scale", type=int, default=100_000, help="synthetic pattern count for the matcher")
    args = parser.parse_args()

    phoenix_dir = args.shared / "dictionaries" / "phoenix"
    if not phoenix_dir.is_dir():
        print(f"no Phoenix dictionaries at {phoenix_dir}: pass --shared PATH", file=sys.stderr)
        return 2
    files = [phoenix_dir / name for name in PHOENIX_FILES]
    validation = [args.shared / "eval" / "petrarch" / name for name in VALIDATION_FILES]

    import spacy

    from khaldun.knowledge import load_knowledge
    from khaldun.knowledge.phoenix import read_dictionary
    from khaldun.nlp.components import LexiconEntities

    print("== reading each file (khaldun.knowledge.phoenix.read_dictionary)")
    print(f"{'file':36} {'seconds':>8} {'actors':>8} {'phrases':>8} {'skipped':>8} {'problems':>8}")
    for path in [*files, *(p for p in validation if p.is_file())]:
        seconds, read = best_of(args.repeat, lambda p=path: read_dictionary(p))
        print(f"{path.name:36} {seconds:8.3f} {len(read.actors):8d} {len(read.phrases):8d} "
              f"{read.skipped:8d} {len(read.problems):8d}")

    print("\n== load_knowledge(all four files)")
    bundled_s, bundled = best_of(args.repeat, load_knowledge)
    seconds, knowledge = best_of(args.repeat, lambda: load_knowledge(files))
    aliases = sum(len(entry.aliases) for entry in knowledge.entries)
    kinds: dict[str, int] = {}
    for entry in knowledge.entries:
        kinds[entry.kind] = kinds.get(entry.kind, 0) + 1
    print(f"bundled only:        {bundled_s:6.3f} s   {len(bundled)} entries")
    print(f"with the four files: {seconds:6.3f} s   {len(knowledge)} entries, {aliases} aliases, "
          f"{len(knowledge.role_phrases)} role phrases   (target < 5 s: {'ok' if seconds < 5 else 'MISSED'})")
    print("entries by kind:     " + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())))
    print(f"peak Python memory:  {peak_mib(lambda: load_knowledge(files)):6.1f} MiB (tracemalloc)")

    print("\n== spaCy entity patterns (Knowledge.entity_patterns)")
    seconds, patterns = best_of(args.repeat, knowledge.entity_patterns)
    print(f"{len(patterns)} patterns in {seconds:.3f} s "
          f"(bundled only: {len(bundled.entity_patterns())} patterns)")
    print(f"peak Python memory:  {peak_mib(knowledge.entity_patterns):6.1f} MiB (tracemalloc)")

    print("\n== khaldun_lexicon_entities (add the patterns, tag the seed articles)")
    nlp = spacy.blank("en")
    seeds = sorted((args.shared / "corpus" / "seeds").glob("*.txt"))
    docs_text = [p.read_text(encoding="utf-8") for p in seeds] or ["Hassan Rouhani met Vladimir Putin."]
    words = sum(len(t.split()) for t in docs_text)
    for label, pats in (("phoenix", patterns), (f"synthetic {args.scale}", synthetic_patterns(patterns, args.scale))):
        def build(pats: list[dict] = pats) -> LexiconEntities:
            component = LexiconEntities(nlp.vocab)
            component.add_patterns(pats)
            return component

        add_s, component = best_of(args.repeat, build)
        docs = [nlp.make_doc(text) for text in docs_text]
        tag_s, _ = best_of(args.repeat, lambda: [component(nlp.make_doc(t)) for t in docs_text])
        ents = sum(len(component(doc).ents) for doc in docs)
        print(f"{label:18} {len(pats):7d} patterns: add {add_s:6.3f} s; tag {len(docs)} articles "
              f"({words} words) {tag_s * 1000:7.1f} ms, {ents} entities")

    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak resident memory of this process: {rss:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
