"""Incremental cross-document steps against a full recompute, in one run.

    .venv/bin/python bench/incremental.py [--articles 2000] [--batch 50] [--seed 7] [--cache DIR]

Builds a synthetic corpus of N articles plus a batch of new ones by
recombining the paragraphs of the bundled sample corpus (our own text) with
light variation: articles come in storylines (one sample article retold with
its countries swapped for others and its years shifted, 1 to about 12 articles
each), and inside a storyline some paragraphs are copied word for word (wire
copy: reuse links) while the others are reworded slightly.  Half of the new
batch continues existing storylines, half starts new ones, so a batch touches
some of the database, not all of it.

The N articles are coded once with the pipeline (``pipeline.run``, the
cross-document steps included) into a DuckDB file; the batch is then coded
into a copy of it with the cross-document steps left out, and that file is
copied twice: one copy runs each cross-document step as a full recompute,
the other incrementally.  Prints the seconds of each step both ways, their
ratio, and whether the resulting tables are identical.  ``--cache DIR``
keeps the coded files for the next run (coding is the slow part).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from khaldun.store._schema import CROSS_DOCUMENT_COLUMNS

#: Words reworded in the paragraphs an outlet writes itself (not copied).
REWORDINGS = {
    "said": "stated", "announced": "declared", "people": "civilians", "officials": "authorities",
    "began": "started", "large": "big", "also": "further", "main": "principal",
    "warned": "cautioned", "several": "a number of",
}  # fmt: skip
#: Sentences an outlet adds of its own.
ASIDES = (
    "The report could not be independently verified.",
    "Reporters were not allowed into the area.",
    "The figures could not be confirmed from other sources.",
    "Further details were not immediately available.",
    "Local media carried similar accounts.",
)
_YEAR = re.compile(r"\b(20[01]\d)\b")
_NUMBER = re.compile(r"\b(?!20[01]\d\b)(\d{1,3}(?:,\d{3})*)\b")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass
class Storyline:
    """One sample article retold: its names swapped for others, its years and numbers shifted."""

    source: int
    swaps: dict[str, str]
    years: int
    published: str
    seed: int
    articles: list[int] = field(default_factory=list)
    paragraphs: dict[int, str] = field(default_factory=dict)  # as this storyline tells them


def _names() -> tuple[dict[str, list[str]], list[tuple[str, str]]]:
    """State name -> demonyms, and (full name, surname) of persons, from our own lexicons."""
    from importlib import resources

    import yaml

    data = resources.files("khaldun.knowledge") / "data"
    states = yaml.safe_load((data / "countries.yaml").read_text(encoding="utf-8"))["states"]
    persons = yaml.safe_load((data / "persons.yaml").read_text(encoding="utf-8"))["persons"]
    return ({s["name"]: list(s.get("demonyms") or []) for s in states if s.get("demonyms")},
            [(p["name"], p["name"].split()[-1]) for p in persons if len(p["name"].split()) >= 2])


def _sources() -> list[tuple[list[str], str]]:
    """(paragraphs, published) of every sample article with a date."""
    from khaldun.cli import sample_corpus
    from khaldun.ingest import iter_documents
    from khaldun.records import Document

    out = []
    for d in iter_documents([sample_corpus()]):
        if isinstance(d, Document) and d.published:
            paras = [p for p in d.text.split("\n\n") if len(p) > 60]
            if len(paras) >= 3:
                out.append((paras, d.published[:10]))
    return out


def build_corpus(n: int, batch: int, seed: int) -> tuple[list[dict], list[dict]]:
    """N articles and a batch of new ones, as JSONL records."""
    rng = random.Random(seed)
    sources = _sources()
    countries, persons = _names()
    states = sorted(countries)
    lines: list[Storyline] = []
    articles: list[dict] = []

    def new_line() -> Storyline:
        source = rng.randrange(len(sources))
        text = "\n".join(sources[source][0])
        swaps: dict[str, str] = {}
        present = [c for c in states if re.search(rf"\b{re.escape(c)}\b", text)]
        for old, new in zip(present, rng.sample(states, len(present))):
            swaps[old] = new
            swaps.update(zip(countries[old], countries[new]))
        present_p = [p for p in persons if re.search(rf"\b{re.escape(p[1])}\b", text)]
        for (old, old_last), (new, new_last) in zip(present_p, rng.sample(persons, len(present_p))):
            swaps[old], swaps[old_last] = new, new_last
        days = rng.sample(WEEKDAYS, len(WEEKDAYS))
        swaps.update(zip(WEEKDAYS, days))
        years = rng.randint(-6, 3)
        published = sources[source][1]
        line = Storyline(source, swaps, years, f"{int(published[:4]) + years}{published[4:]}",
                         rng.randrange(1 << 30))
        lines.append(line)
        return line

    def article(line: Storyline) -> dict:
        paras, _ = sources[line.source]
        k = rng.randint(3, 6)
        chosen = sorted(rng.sample(range(len(paras)), min(k, len(paras))))
        body = []
        for i in chosen:
            text = line.paragraphs.setdefault(i, _woven(_retold(paras[i], line), line, persons))
            body.append(text if rng.random() < 0.35 else _reworded(text, rng))
        i = len(articles)
        line.articles.append(i)
        title = f"{_retold(paras[0], line)[:70]} ({i})"
        day = int(line.published[8:10])
        published = f"{line.published[:8]}{min(28, day + rng.randint(0, 2)):02d}"
        return {"id": f"a{i:06d}", "title": title, "text": "\n\n".join(body),
                "published": published, "outlet": f"outlet{rng.randrange(40)}.example"}

    for _ in range(n):
        if not lines or rng.random() < 0.3 or len(lines[-1].articles) >= 12:
            line = new_line()
        else:
            line = lines[rng.randrange(max(0, len(lines) - 20), len(lines))]
        articles.append(article(line))
    base = list(articles)
    old = list(lines)
    for j in range(batch):
        line = old[rng.randrange(len(old))] if j % 2 == 0 else new_line()
        articles.append(article(line))
    return base, articles[len(base):]


#: Sentences of our own with many slots, woven between the sample sentences so that two
#: storylines retelling one sample article do not share whole paragraphs.
FILLERS = (
    "{person} {told} {outlet} on {day} that {n} {things} in {place} were {state}.",
    "{outlet} {reported} {n} {things} near the {noun} in {place} on {day}.",
    "By {month}, {n} {things} around {place} had been {state}, the {office} {told} {outlet}.",
    "The {office} of {place} {reported} {n} {things} {state} since {month}.",
)
SLOTS = {
    "outlet": ("the Courier", "the Tribune", "the Monitor", "the Gazette", "the Herald", "the Observer",
               "the Sentinel", "the Ledger", "the Dispatch", "the Chronicle", "the Beacon", "the Post"),
    "office": ("governor", "mayor", "provincial council", "ministry", "border agency", "red crescent",
               "health directorate", "water board", "civil defence", "port authority"),
    "things": ("trucks", "shelters", "checkpoints", "clinics", "wells", "schools", "convoys", "bakeries",
               "generators", "ambulances", "tents", "pharmacies", "warehouses", "buses"),
    "noun": ("bridge", "market", "stadium", "pipeline", "harbour", "airport", "depot", "dam", "mosque",
             "hospital", "university", "railway station", "power plant", "refinery"),
    "month": ("January", "February", "March", "April", "May", "June", "July", "August", "September",
              "October", "November", "December"),
    "place": ("Tarsus", "Mersin", "Basra", "Mosul", "Aden", "Herat", "Kandahar", "Quetta", "Sfax",
              "Bizerte", "Oran", "Tabriz", "Shiraz", "Kirkuk", "Hama", "Latakia", "Tripoli", "Benghazi",
              "Izmir", "Konya", "Najaf", "Karbala", "Taiz", "Hodeidah", "Mashhad", "Isfahan"),
    "told": ("told", "informed", "assured", "wrote to"),
    "reported": ("reported", "counted", "listed", "recorded", "registered"),
    "state": ("closed", "damaged", "reopened", "repaired", "inspected", "emptied", "moved"),
}  # fmt: skip


def _filler(words: int, rng: random.Random, persons: list[str]) -> str:
    """Sentences from :data:`FILLERS` adding up to at least ``words`` words."""
    out: list[str] = []
    while sum(len(x.split()) for x in out) < words:
        values = {k: rng.choice(v) for k, v in SLOTS.items()}
        values.update(n=rng.randint(3, 900), day=rng.choice(WEEKDAYS), person=rng.choice(persons))
        out.append(rng.choice(FILLERS).format(**values))
    return " ".join(out)


def _retold(text: str, line: Storyline) -> str:
    """The paragraph with the storyline's names, years and numbers (the same every time)."""
    pattern = re.compile(r"\b(" + "|".join(re.escape(a) for a in sorted(line.swaps, key=len, reverse=True))
                         + r")\b")
    text = pattern.sub(lambda m: line.swaps[m.group(1)], text)
    text = _YEAR.sub(lambda m: str(int(m.group(1)) + line.years), text)
    local = random.Random(f"{line.seed}:{text[:40]}")
    return _NUMBER.sub(lambda m: str(local.randint(2, 400)), text)


def _woven(text: str, line: Storyline, persons: list[tuple[str, str]]) -> str:
    """Each sentence of the paragraph followed by filler sentences twice as long."""
    rng = random.Random(f"{line.seed}:{text[:40]}")
    names = [p for p, _ in persons]
    sentences = re.split(r"(?<=[.!?\"”])\s+(?=[A-Z“\"])", text)
    return " ".join(f"{s} {_filler(2 * len(s.split()), rng, names)}" for s in sentences)


def _reworded(text: str, rng: random.Random) -> str:
    words = [REWORDINGS.get(w, w) if rng.random() < 0.7 else w for w in text.split(" ")]
    return " ".join(words) + " " + rng.choice(ASIDES)


def _write_jsonl(path: Path, records: list[dict]) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    return path


#: The cross-document steps that can run incrementally, in ``cross_document``'s order.
STEPS = ("link_documents", "merge_actors", "merge_events", "group_quotes", "build_stories")
#: Tables the cross-document steps write, with the columns compared (ids are deterministic).
TABLES = {"doc_links": "doc_a, doc_b, kind, score, a_start, a_end, b_start, b_end", **CROSS_DOCUMENT_COLUMNS}


def code_base(base: list[dict], directory: Path) -> float:
    """Code the base articles, cross-document steps included; return the seconds it took."""
    from khaldun import pipeline
    from khaldun.pipeline import Resources
    from khaldun.store import Store

    res = Resources.load()
    start = time.perf_counter()
    with Store(directory / "base.duckdb") as store:
        pipeline.run([_write_jsonl(directory / "base.jsonl", base)], store, res)
    return time.perf_counter() - start


def code_batch(batch: list[dict], directory: Path) -> Path:
    """Code the batch into a copy of the base database, cross-document steps left out."""
    from khaldun import pipeline
    from khaldun.pipeline import Resources
    from khaldun.store import Store

    target = directory / "batch.duckdb"
    shutil.copyfile(directory / "base.duckdb", target)
    original = pipeline.cross_document
    pipeline.cross_document = lambda store, **kw: None  # type: ignore[assignment]
    try:
        with Store(target) as store:
            pipeline.run([_write_jsonl(directory / "batch.jsonl", batch)], store, Resources.load())
    finally:
        pipeline.cross_document = original  # type: ignore[assignment]
    return target


def timed_steps(path: Path, *, full: bool) -> dict[str, float]:
    """Seconds of each cross-document step on the database at ``path``."""
    from khaldun.store import Store

    seconds: dict[str, float] = {}
    with Store(path) as store:
        for step in STEPS:
            method: Callable[..., Any] = getattr(store, step)
            start = time.perf_counter()
            method(full=full) if step != "link_documents" else method()
            seconds[step] = time.perf_counter() - start
    return seconds


def snapshot(path: Path) -> dict[str, list[tuple]]:
    """The sorted rows of every cross-document table."""
    import duckdb

    conn = duckdb.connect(str(path), read_only=True)
    try:
        return {t: sorted(conn.execute(f"SELECT {cols} FROM {t}").fetchall(), key=repr)
                for t, cols in TABLES.items()}
    finally:
        conn.close()


_SYLLABLES = ("al", "ba", "da", "far", "ha", "ja", "ka", "ma", "na", "ra", "sa", "ta", "za", "mi",
              "ri", "di", "ni", "lo", "bo", "ko", "sha", "khe", "qu", "wa")


def actor_merge_seconds(n: int, batch: int, seed: int) -> tuple[float, float, bool]:
    """Seconds of clustering ``n`` persons in full, then of clustering only what ``batch``
    new ones touch (:func:`connected_actors`), and whether both give the same links.

    Names: first names of our person lexicon and made-up surnames, a fifth of
    them spelt a second way (so some do merge)."""
    from khaldun.actors.canonical import ActorInfo, canonical_links, connected_actors

    rng = random.Random(seed)
    _, persons = _names()
    firsts = sorted({p.split()[0] for p, _ in persons})

    def person(i: int) -> ActorInfo:
        last = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
        name = f"{rng.choice(firsts)} {last}"
        if rng.random() < 0.2:
            name = name.replace("ou", "u").replace("q", "k").replace("sh", "ch")
        return ActorInfo(f"p{i:07d}", name, "person", rng.choice(["IRN", "SYR", None]),
                         mentions=rng.randint(1, 20))

    old = [person(i) for i in range(n)]
    new = [person(n + i) for i in range(batch)]
    start = time.perf_counter()
    everything = canonical_links(old + new)
    full = time.perf_counter() - start
    before = {k.actor_id: k for k in canonical_links(old)}
    start = time.perf_counter()
    scope = connected_actors(old + new, [a.actor_id for a in new])
    touched = canonical_links(scope)
    incremental = time.perf_counter() - start
    ids = {a.actor_id for a in scope}
    combined = sorted([k for k in before.values() if k.actor_id not in ids] + touched,
                      key=lambda k: k.actor_id)
    return full, incremental, combined == everything


def add_corpus_arguments(parser: argparse.ArgumentParser) -> None:
    """The options saying which storyline corpus to code, and where to keep it coded."""
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--batch", type=int, default=50)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--cache", type=Path, help="keep the coded databases here and reuse them")


def coded_base(args: argparse.Namespace, base: list[dict], work: Path) -> Path:
    """The folder holding ``base.duckdb``, the base articles coded (now, unless ``--cache`` has them)."""
    cache = args.cache / f"n{args.articles}-b{args.batch}-s{args.seed}" if args.cache else work
    cache.mkdir(parents=True, exist_ok=True)
    if not (cache / "base.duckdb").exists():
        print(f"coded {len(base)} articles in {code_base(base, cache):.1f} s")
    return cache


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_corpus_arguments(parser)
    args = parser.parse_args(argv)
    base, batch = build_corpus(args.articles, args.batch, args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        cache = coded_base(args, base, work)
        if not (cache / "batch.duckdb").exists():
            code_batch(batch, cache)
        full_db, incr_db = work / "full.duckdb", work / "incremental.duckdb"
        shutil.copyfile(cache / "batch.duckdb", full_db)
        shutil.copyfile(cache / "batch.duckdb", incr_db)
        full = timed_steps(full_db, full=True)
        incr = timed_steps(incr_db, full=False)
        again = timed_steps(incr_db, full=False)
        print(f"database: {len(base)} articles, then a batch of {len(batch)} new ones")
        print(f"  {'step':16} {'full s':>8} {'incr. s':>8} {'ratio':>7} {'re-run s':>9}")
        for step in STEPS:
            ratio = full[step] / incr[step] if incr[step] else float("inf")
            print(f"  {step:16} {full[step]:8.3f} {incr[step]:8.3f} {ratio:6.1f}x {again[step]:9.3f}")
        total_full, total_incr = sum(full.values()), sum(incr.values())
        print(f"  {'total':16} {total_full:8.3f} {total_incr:8.3f} {total_full / total_incr:6.1f}x "
              f"{sum(again.values()):9.3f}")
        a, b = snapshot(full_db), snapshot(incr_db)
        for table in TABLES:
            same = "identical" if a[table] == b[table] else "DIFFERENT"
            print(f"  {table:16} {len(a[table]):7d} rows  {same}")
        for n in (5000, 20000):
            full_s, incr_s, same = actor_merge_seconds(n, args.batch, args.seed)
            print(f"  actor clustering, {n} persons + {args.batch} new: full {full_s:.2f} s, "
                  f"incremental {incr_s:.2f} s ({full_s / incr_s:.1f}x), "
                  f"{'identical' if same else 'DIFFERENT'} links")
        if a != b:
            sys.exit(1)


if __name__ == "__main__":
    main()
