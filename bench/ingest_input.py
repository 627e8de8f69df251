"""Reading input at scale: directory walks, plain vs gzip'd JSONL, WARC archives.

    .venv/bin/python bench/ingest_input.py [--files 100000] [--small 2000] [--large 20000]
                                           [--pages 1000] [--workdir DIR]

Writes synthetic inputs (our own generated sentences) into a temporary
directory, then prints, for each reader:

- directory walk (``walk_files``) over ``--files`` empty files spread over
  a few directories, one of them holding half the files: files/s and the
  peak Python memory (tracemalloc) at 1/10 and at the full count;
- JSONL, plain and gzip'd, with ``--small`` and ``--large`` records:
  documents/s, MB/s of decompressed input, the raw line-reading rate (what
  gzip costs), and peak Python memory while
  iterating (documents are dropped as they come, as ``khaldun run`` does in
  batches), so that the large/small memory ratio shows reading stays flat;
- WARC (``.warc.gz``) with ``--pages`` HTML responses plus as many image
  records: pages/s (trafilatura extraction included) and peak memory.

Each reader runs twice: once timed, once under tracemalloc for its peak.
Nothing is timed in the test suite; this script is the measurement.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterator
from io import BytesIO
from pathlib import Path

from khaldun.ingest import iter_documents
from khaldun.ingest.formats import open_binary
from khaldun.ingest.readers import DEFAULT_MAX_BYTES
from khaldun.ingest.walk import walk_files
from khaldun.records import Document

SUBJECTS = ["The finance minister", "Opposition leaders", "The army", "Farmers' unions",
            "The electoral commission", "Police", "The foreign ministry", "Rebel commanders"]
VERBS = ["met", "criticised", "accused", "praised", "warned", "visited", "sued", "thanked"]
OBJECTS = ["the central bank", "the governor of the northern region", "a UN envoy",
           "neighbouring countries", "the ruling party", "aid agencies", "striking teachers"]
PLACES = ["in the capital", "near the border", "at a press conference", "in parliament"]
DAYS = ["on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday"]


def _sentence(rng: random.Random) -> str:
    return (f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} "
            f"{rng.choice(PLACES)} {rng.choice(DAYS)}, officials said.")


def _article(rng: random.Random, index: int) -> str:
    paragraphs = [" ".join(_sentence(rng) for _ in range(3)) for _ in range(6)]
    return f"Report number {index}\n\n" + "\n\n".join(paragraphs)


def _measure(run: Callable[[], int]) -> tuple[int, float, float]:
    """(count, seconds, peak MiB of Python allocations) for ``run``.

    Timed in a plain run; the peak is taken in a second run under tracemalloc
    (which slows allocation down too much to time with).
    """
    started = time.perf_counter()
    count = run()
    seconds = time.perf_counter() - started
    tracemalloc.start()
    run()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return count, seconds, peak / 2**20


def _consume(items: Iterator[object]) -> int:
    count = 0
    for item in items:
        count += isinstance(item, Document)
    return count


def bench_walk(root: Path, files: int) -> None:
    print(f"\n== directory walk ({files:,} files; half of them in one directory)")
    for count in (files // 10, files):
        base = root / f"walk-{count}"
        big = base / "big"
        big.mkdir(parents=True)
        for i in range(count // 2):
            (big / f"{i:07d}.txt").touch()
        for i in range(count - count // 2):
            sub = base / f"d{i % 50:02d}"
            sub.mkdir(exist_ok=True)
            (sub / f"{i:07d}.txt").touch()
        found, seconds, peak = _measure(lambda b=base: sum(1 for _ in walk_files(str(b))))
        assert found == count, (found, count)
        print(f"  {count:>9,} files: {found / seconds:>12,.0f} files/s   peak {peak:7.2f} MiB")


def _write_jsonl(path: Path, records: int, rng: random.Random) -> int:
    opener = gzip.open if path.suffix == ".gz" else open
    size = 0
    with opener(path, "wb") as out:
        for i in range(records):
            line = json.dumps({"id": i, "text": _article(rng, i)}).encode() + b"\n"
            size += len(line)
            out.write(line)
    return size


def _count_lines(path: Path) -> int:
    with open_binary(str(path)) as stream:
        return sum(1 for _ in iter(lambda: stream.readline(DEFAULT_MAX_BYTES + 1), b""))


def bench_jsonl(root: Path, small: int, large: int) -> None:
    print("\n== JSONL (documents dropped as read)")
    peaks: dict[str, float] = {}
    for name in ("plain.jsonl", "packed.jsonl.gz"):
        for records in (small, large):
            path = root / f"{records}-{name}"
            size = _write_jsonl(path, records, random.Random(records))
            count, seconds, peak = _measure(lambda p=path: _consume(iter_documents([p])))
            assert count == records, (count, records)
            peaks[f"{name}-{records}"] = peak
            print(f"  {name:<16} {records:>7,} records: {count / seconds:>7,.0f} docs/s "
                  f"{size / seconds / 2**20:6.2f} MB/s   "
                  f"file {path.stat().st_size / 2**20:7.2f} MiB   peak {peak:6.2f} MiB")
            lines, seconds, _ = _measure(lambda p=path: _count_lines(p))
            print(f"  {'':<16} {'':>7}  lines only: {lines / seconds:>9,.0f} lines/s "
                  f"{size / seconds / 2**20:6.1f} MB/s (reading and decompressing, no parsing)")
        ratio = peaks[f"{name}-{large}"] / peaks[f"{name}-{small}"]
        print(f"  {name:<16} peak memory ratio {large:,}/{small:,} records: {ratio:.2f}")


def _write_warc(path: Path, pages: int, rng: random.Random) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for i in range(pages):
            body = "".join(f"<p>{p}</p>" for p in _article(rng, i).split("\n\n")[1:])
            html = (f"<html><head><title>Report number {i}</title></head><body><nav>Home</nav>"
                    f"<article><h1>Report number {i}</h1>{body}</article></body></html>")
            for url, ctype, payload in (
                (f"https://news.example.org/{i}", "text/html", html.encode()),
                (f"https://news.example.org/{i}.png", "image/png", bytes(2000)),
            ):
                http = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
                writer.write_record(writer.create_warc_record(
                    url, "response", payload=BytesIO(payload), http_headers=http))


def bench_warc(root: Path, pages: int) -> None:
    print(f"\n== WARC ({pages:,} HTML responses + {pages:,} image records, gzip'd)")
    path = root / "crawl.warc.gz"
    _write_warc(path, pages, random.Random(7))
    count, seconds, peak = _measure(lambda: _consume(iter_documents([path])))
    assert count == pages, (count, pages)
    print(f"  {count:,} pages: {count / seconds:,.0f} pages/s   "
          f"file {path.stat().st_size / 2**20:.2f} MiB   peak {peak:.2f} MiB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=100_000)
    parser.add_argument("--small", type=int, default=2_000)
    parser.add_argument("--large", type=int, default=20_000)
    parser.add_argument("--pages", type=int, default=1_000)
    parser.add_argument("--workdir", type=Path, default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.workdir) as tmp:
        root = Path(tmp)
        print(f"khaldun ingest bench (pid {os.getpid()}), inputs under {root}")
        bench_walk(root, args.files)
        bench_jsonl(root, args.small, args.large)
        bench_warc(root, args.pages)


if __name__ == "__main__":
    main()
