"""How many of a quote's lookup keys other quotes hold: real news against our generated corpora.

    .venv/bin/python bench/quote_keys.py [--quotes 1000] [--articles 20000] [--sample-articles 300]
                                         [--modes realistic,archive,news]

Quote grouping looks a quote up by its normalised text and its three-word
shingles (:func:`khaldun.quotes.group.lookup_keys`).  Where most of a quote's
keys are held by many other quotes, a later batch's (or a first run's wave's)
closure cannot find what it reaches without meeting most stored quotes, and
regroups them all (docs/scaling.md).  This bench asks how far our generated
corpora are from real news there: it finds the quotes of real articles
(GeoWebNews and the seeds in ``../shared``) and of articles drawn at random from
a generated corpus of ``--articles`` articles (each of ``--modes``), with the
same quote finder, and compares samples of equal size:

- quotes per 1,000 words;
- the share of the sample's keys that another quote of the sample holds too;
- the share of quotes at least half of whose keys another quote holds (the
  closure's "heavy" rule, at the sample's scale);
- and, for reference, the same for ConfliBERT's real lead sentences taken
  whole as texts.

Needs ``../shared`` (``--shared``); says so and stops when it is absent.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from khaldun.pipeline import Resources
from khaldun.quotes import QuoteFinder
from khaldun.quotes.evaluate import extract_corpus
from khaldun.quotes.group import lookup_keys

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))

from scale_corpus import build_corpus  # noqa: E402


def key_sharing(texts: Sequence[str], n: int, seed: int) -> dict[str, float]:
    """Of ``n`` texts drawn at random: keys held by another text of the sample, the share of
    texts at least half of whose keys are, and keys a text."""
    sample = random.Random(seed).sample(list(texts), min(n, len(texts)))
    keys = [set(lookup_keys(t)) for t in sample]
    holders = Counter(k for ks in keys for k in ks)
    shared = [sum(holders[k] >= 2 for k in ks) for ks in keys]
    return {
        "texts": len(sample),
        "keys shared": sum(shared) / max(1, sum(map(len, keys))),
        "heavy": sum(1 for ks, s in zip(keys, shared) if ks and 2 * s >= len(ks) - 1) / max(1, len(sample)),
        "keys a text": sum(map(len, keys)) / max(1, len(sample)),
    }


def _quotes(paths: list[Path], res: Resources, finder: QuoteFinder) -> tuple[list[str], int]:
    """The texts of the quotes found under ``paths``, and the words read."""
    from khaldun.ingest import iter_documents
    from khaldun.records import Document

    words = sum(len(d.text.split()) for d in iter_documents(paths) if isinstance(d, Document))
    return [q.text for qs in extract_corpus(paths, res, finder).values() for q in qs], words


def _geowebnews(shared: Path, folder: Path) -> Path:
    """GeoWebNews's articles as a JSONL file in ``folder`` (read in place, written to a temporary file)."""
    path = folder / "geowebnews.jsonl"
    root = ET.parse(shared / "eval" / "geo" / "GWN.xml").getroot()
    with path.open("w", encoding="utf-8") as fh:
        for article in root.findall("article"):
            fh.write(json.dumps({"id": f"gwn-{article.get('file')}", "title": article.findtext("title") or "",
                                 "text": article.findtext("text") or ""}) + "\n")
    return path


def _generated(mode: str, articles: int, sample: int, seed: int, folder: Path) -> Path:
    """``sample`` articles drawn at random from a generated corpus of ``articles``."""
    build_corpus(folder, articles, seed, mode=mode)
    lines = (folder / "corpus.jsonl").read_text(encoding="utf-8").splitlines()
    path = folder / f"{mode}-sample.jsonl"
    path.write_text("\n".join(random.Random(seed).sample(lines, min(sample, len(lines)))) + "\n", encoding="utf-8")
    (folder / "corpus.jsonl").unlink()
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--quotes", type=int, default=1000, help="texts a sample")
    parser.add_argument("--articles", type=int, default=20_000, help="articles of each generated corpus")
    parser.add_argument("--sample-articles", type=int, default=300, help="generated articles whose quotes are found")
    parser.add_argument("--modes", default="realistic,archive,news",
                        help="the generated corpora (scale_corpus modes), comma-separated")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    if not (args.shared / "eval" / "geo" / "GWN.xml").is_file():
        print(f"no GeoWebNews at {args.shared}/eval/geo: pass --shared PATH", file=sys.stderr)
        raise SystemExit(2)
    res = Resources.load()
    finder = QuoteFinder(res.knowledge)
    rows: list[tuple[str, float | None, dict[str, float]]] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        real, words = _quotes([_geowebnews(args.shared, folder), args.shared / "corpus" / "seeds"], res, finder)
        rows.append(("real quotes (GeoWebNews, seeds)", 1000 * len(real) / words, key_sharing(real, args.quotes,
                                                                                              args.seed)))
        for mode in [m for m in args.modes.split(",") if m]:
            texts, words = _quotes([_generated(mode, args.articles, args.sample_articles, args.seed, folder)], res,
                                   finder)
            rows.append((f"generated quotes ({mode})", 1000 * len(texts) / words,
                         key_sharing(texts, args.quotes, args.seed)))
    leads = args.shared / "eval" / "conflibert" / "cameo_class.train.tsv"
    if leads.is_file():
        sentences = [line.split("\t")[0] for line in leads.read_text(encoding="utf-8").splitlines() if line.strip()]
        rows.append(("real lead sentences (ConfliBERT)", None, key_sharing(sentences, args.quotes, args.seed)))
    print(f"{'texts':34} {'quotes/1k words':>16} {'sample':>7} {'keys shared':>12} {'heavy':>7} {'keys a text':>12}")
    for label, rate, s in rows:
        shown = "" if rate is None else f"{rate:.1f}"
        print(f"{label:34} {shown:>16} {s['texts']:>7} {s['keys shared']:>12.1%} {s['heavy']:>7.1%} "
              f"{s['keys a text']:>12.1f}")
    base = rows[0][2]
    for label, _, s in rows[1:]:
        print(f"{label}: keys shared {s['keys shared'] / base['keys shared']:.1f}x, heavy "
              f"{s['heavy'] / max(base['heavy'], 1e-9):.1f}x the real quotes'")


if __name__ == "__main__":
    main()
