"""Time reading PETRARCH/CAMEO verb dictionaries (``../shared/dictionaries/phoenix/CAMEO.2.0.txt``).

    .venv/bin/python bench/petrarch_verbs.py [FILE ...]

Prints the seconds to load spaCy's lemma tables (once per process) and to read each file,
with what was read and skipped.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from khaldun.knowledge.petrarch_verbs import default_lemmatizer, read_petrarch_verbs

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
DEFAULT = [SHARED / "dictionaries" / "phoenix" / "CAMEO.2.0.txt", SHARED / "eval" / "petrarch" / "PETR.Validate.verbs.txt"]


def main(paths: list[Path]) -> None:
    start = time.perf_counter()
    default_lemmatizer()
    print(f"lemma tables: {time.perf_counter() - start:.2f} s")
    for path in paths:
        if not path.exists():
            print(f"{path}: missing, skipped")
            continue
        start = time.perf_counter()
        result = read_petrarch_verbs(path)
        print(f"{time.perf_counter() - start:.2f} s  {result.summary()}")


if __name__ == "__main__":
    main([Path(p) for p in sys.argv[1:]] or DEFAULT)
