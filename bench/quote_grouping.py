"""How first-run quote grouping grows, on real news sentences.

    .venv/bin/python bench/quote_grouping.py [--sizes 0.25,0.5,1] [--seed 7]

Our generated corpora build quotes from templates, so their quotes share word
sequences in combinations that real quotes rarely do, and grouping grows faster
on them than it should on real news.  This bench builds quotes from real news
sentences instead: the ConfliBERT lead sentences and the GeoWebNews articles in
``../shared/eval`` (read in place, never copied; the bench stops with a message
when they are absent).  Each sentence becomes one quote of one of 40 speakers
(or of none), reported by one to four outlets: verbatim, with a word changed,
with the lead-in dropped, or as an excerpt.  A fraction of the sentences is
taken at each size, and all its quotes grouped at once with ``group_quotes``
(what a first run does).

Prints, per size: quotes, distinct texts, groups, seconds, microseconds a quote,
the same figures for the linear baseline of normalising the quotes and finding
their lookup keys (run on the same quotes in the same run), the ratio of the two,
and the growth exponent k (time ~ quotes^k) from the size before.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from cross_document import _growth  # noqa: E402

from khaldun.quotes import group_quotes  # noqa: E402
from khaldun.quotes.group import QuoteTexts  # noqa: E402
from khaldun.records import ActorRef, Quote  # noqa: E402

SHARED = Path(__file__).resolve().parents[2] / "shared" / "eval"
CONFLIBERT = SHARED / "conflibert" / "cameo_class.train.tsv"
GWN = SHARED / "geo" / "GWN.xml"
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])")


def real_sentences() -> list[str]:
    """Distinct sentences of six words or more from the shared real news text."""
    texts = [line.split("\t")[0] for line in CONFLIBERT.read_text(encoding="utf-8").splitlines()]
    for article in ET.parse(GWN).getroot().iter("article"):
        body = article.findtext("text") or ""
        texts.extend(_SENTENCE_END.split(body))
    return list(dict.fromkeys(t.strip() for t in texts if len(t.split()) >= 6))


def quote_pool(sentences: list[str], seed: int) -> list[tuple[Quote, str | None]]:
    """Each sentence reported by one to four outlets, as described above."""
    rng = random.Random(seed)
    speakers = [None] + [f"SPK{i:02d}" for i in range(40)]
    vocabulary = [w for s in sentences[:200] for w in s.split()]
    out: list[tuple[Quote, str | None]] = []
    for k, sentence in enumerate(sentences):
        speaker = rng.choice(speakers)
        for r in range(rng.choice((1, 1, 2, 3, 4))):
            words = sentence.split()
            kind = rng.randrange(4) if r else 0
            if kind == 1:
                words[rng.randrange(len(words))] = rng.choice(vocabulary)
            elif kind == 2:
                words = words[min(3, len(words) - 4):]
            elif kind == 3:
                start = rng.randrange(len(words) // 2)
                words = words[start:start + max(4, len(words) // 2)]
            text = " ".join(words)
            ref = ActorRef(text=speaker, name=speaker, country=None, sectors=[], actor_id=speaker) if speaker else None
            out.append((Quote(quote_id=f"q{k}-{r}", doc_id=f"d{(k + 7 * r) % 997}", text=text, start=0,
                              end=len(text), kind="direct", speaker=ref),
                        speaker if rng.random() < 0.8 else None))  # the speaker unknown to some
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="0.25,0.5,1", help="fractions of the sentences, comma-separated")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    if not (CONFLIBERT.exists() and GWN.exists()):
        sys.exit(f"needs the real news text of ../shared/eval ({CONFLIBERT}, {GWN}): not found")
    sentences = real_sentences()
    random.Random(args.seed).shuffle(sentences)
    print(f"{len(sentences):,} distinct real sentences")
    print(f"{'quotes':>8} {'texts':>7} {'groups':>7} {'seconds':>8} {'us/quote':>9} "
          f"{'baseline s':>10} {'us/quote':>9} {'ratio':>6} {'k':>5}")
    before: tuple[int, float] | None = None
    for fraction in (float(f) for f in args.sizes.split(",")):
        pool = quote_pool(sentences[:round(fraction * len(sentences))], args.seed)
        start = time.perf_counter()
        texts = QuoteTexts()
        for quote, speaker in pool:
            texts.item(quote, speaker)
        baseline = time.perf_counter() - start
        start = time.perf_counter()
        groups = group_quotes(pool)
        seconds = time.perf_counter() - start
        distinct = len({q.text.lower() for q, _ in pool})
        growth = "-" if before is None else _growth(before, (len(pool), seconds))
        print(f"{len(pool):>8,} {distinct:>7,} {len(groups):>7,} {seconds:>8.2f} {1e6 * seconds / len(pool):>9.1f} "
              f"{baseline:>10.2f} {1e6 * baseline / len(pool):>9.1f} {seconds / baseline:>6.1f} {growth:>5}")
        before = (len(pool), seconds)


if __name__ == "__main__":
    main()
