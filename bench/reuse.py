"""Speed and recall of reuse detection on a synthetic corpus with planted reuse.

    .venv/bin/python bench/reuse.py [--docs 5000] [--seed 7]

Builds N articles from the paragraphs of the bundled sample corpus (our own
text): each new paragraph is an example paragraph with its words shuffled,
so it is unique but has real word and length statistics.  Every article
carries the same boilerplate lines ("Follow us on Twitter", ...).  Reuse is
planted with known answers:

- exact copies (quote marks and spacing changed),
- republished stories (new headline, a credit line added: near-duplicates),
- articles that copy one or two paragraphs of an earlier one (passages).

Prints fingerprinting and indexing speed (docs/s), the links found by kind,
the recall of the planted pairs, unplanted links, the size of a stored
fingerprint, the time to rebuild the index from stored bytes, and peak RSS.
"""

from __future__ import annotations

import argparse
import random
import resource
import time
from collections import Counter

BOILERPLATE = ["Follow us on Twitter", "Share this article", "Sign up for our newsletter"]


def _pool() -> list[str]:
    from khaldun.cli import sample_corpus
    from khaldun.ingest import iter_documents
    from khaldun.records import Document

    return [
        p
        for d in iter_documents([sample_corpus()])
        if isinstance(d, Document)
        for p in d.text.split("\n\n")
        if len(p.split()) >= 12
    ]


def _requote(text: str) -> str:
    return text.replace('"', "\u201c", 1).replace('"', "\u201d", 1).replace(" ", "  ", 3)


def build_corpus(n: int, seed: int) -> tuple[list[tuple[str, str]], dict[tuple[str, str], str]]:
    """Return ``[(doc_id, text)]`` and the planted pairs ``{(a, b): kind}`` (a < b)."""
    rng = random.Random(seed)
    pool = _pool()

    def paragraph() -> str:
        words = rng.choice(pool).split()
        rng.shuffle(words)
        return " ".join(words)

    docs: list[tuple[str, list[str]]] = []  # full bodies, boilerplate included
    stories: list[list[str]] = []  # headline and story paragraphs only
    planted: dict[tuple[str, str], str] = {}

    def plant(doc_id: str, source: int, kind: str) -> None:
        planted[tuple(sorted((doc_id, docs[source][0])))] = kind  # type: ignore[index]

    for i in range(n):
        doc_id = f"d{i:06d}"
        roll = rng.random()
        source = rng.randrange(len(docs)) if docs else -1
        if source >= 0 and roll < 0.05:
            body = [_requote(p) for p in docs[source][1]]
            story = stories[source]
            plant(doc_id, source, "exact")
        else:
            if source >= 0 and roll < 0.15:
                story = [paragraph()[:80], *stories[source][1:], f"Reporting by desk {i}; editing by staff."]
                plant(doc_id, source, "near-duplicate")
            else:
                story = [paragraph()[:80]] + [paragraph() for _ in range(rng.randint(5, 12))]
                if source >= 0 and roll < 0.30:
                    taken = rng.sample(stories[source][1:], k=min(2, len(stories[source]) - 1))
                    story[2:2] = [_requote(p) for p in taken]
                    plant(doc_id, source, "passage")
            body = [story[0], BOILERPLATE[i % 3], *story[1:], *BOILERPLATE]
        docs.append((doc_id, body))
        stories.append(story)
    return [(doc_id, "\n\n".join(body)) for doc_id, body in docs], planted


RUN = 8


def _shares_run(texts: dict[str, str], link) -> bool:  # noqa: ANN001
    """Check a passage link against the texts: both spans contain the same RUN-word run."""
    from khaldun.reuse.shingles import normalised_tokens

    left = normalised_tokens(texts[link.doc_a][link.a_start : link.a_end])
    right = normalised_tokens(texts[link.doc_b][link.b_start : link.b_end])
    runs = {tuple(left[i : i + RUN]) for i in range(len(left) - RUN + 1)}
    return any(tuple(right[i : i + RUN]) in runs for i in range(len(right) - RUN + 1))


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    from khaldun.reuse import ReuseIndex, fingerprint, fingerprint_from_bytes, fingerprint_to_bytes

    corpus, planted = build_corpus(args.docs, args.seed)
    words = sum(len(text.split()) for _, text in corpus)
    print(f"corpus: {len(corpus)} docs, {words} words, planted pairs {dict(Counter(planted.values()))}")

    start = time.perf_counter()
    fps = [fingerprint(doc_id, text) for doc_id, text in corpus]
    seconds = time.perf_counter() - start
    print(f"peak RSS after fingerprinting: {_peak_mb():.0f} MB")
    print(f"fingerprint: {seconds:.2f} s  {len(fps) / seconds:.0f} docs/s  {words / seconds:.0f} words/s")

    index = ReuseIndex()
    start = time.perf_counter()
    links = []
    for fp in fps:
        links.extend(index.add(fp))
    seconds = time.perf_counter() - start
    print(f"index+link:  {seconds:.2f} s  {len(fps) / seconds:.0f} docs/s")

    by_kind = Counter(link.kind for link in links)
    pairs: dict[tuple[str, str], set[str]] = {}
    for link in links:
        pairs.setdefault((link.doc_a, link.doc_b), set()).add(link.kind)
    print(f"links: {len(links)} {dict(by_kind)}  pairs linked: {len(pairs)}")
    for kind in ("exact", "near-duplicate", "passage"):
        wanted = [pair for pair, k in planted.items() if k == kind]
        hit = sum(1 for pair in wanted if kind in pairs.get(pair, ()))
        print(f"  recall {kind:15s} {hit}/{len(wanted)}")
    # pairs linked but not planted: legitimate when both copied the same source (transitive)
    extra = [pair for pair in pairs if pair not in planted]
    print(f"  linked pairs not planted directly: {len(extra)} (copies of a common source)")
    texts = dict(corpus)
    passages = [link for link in links if link.kind == "passage"]
    real = sum(1 for link in passages if _shares_run(texts, link))
    print(f"  passage links whose two spans share a run of {RUN} words: {real}/{len(passages)}")

    print(f"peak RSS after linking: {_peak_mb():.0f} MB")
    del index, links
    stored = [fingerprint_to_bytes(fp) for fp in fps]
    size = sum(map(len, stored))
    print(f"stored fingerprints: {size / len(stored):.0f} bytes/doc ({size / words:.1f} bytes/word)")
    start = time.perf_counter()
    rebuilt = ReuseIndex()
    for data in stored:
        rebuilt.add(fingerprint_from_bytes(data), link=False)
    seconds = time.perf_counter() - start
    print(f"rebuild from bytes (no linking): {seconds:.2f} s  {len(stored) / seconds:.0f} docs/s")
    print(f"peak RSS at the end: {_peak_mb():.0f} MB")


if __name__ == "__main__":
    main()
