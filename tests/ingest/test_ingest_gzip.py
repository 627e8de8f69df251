"""Gzip'd inputs: JSONL streamed line by line, .txt/.html pages, damaged gzip streams."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from khaldun.ingest import iter_documents
from khaldun.ingest.formats import detect_format, suffix_of
from khaldun.records import Document, IngestProblem

STORIES = [
    "Mali's transitional government expelled the French ambassador from Bamako on Monday, "
    "state television said.",
    "Senegal and Gambia signed a border security pact in Banjul on Friday, officials said.",
    "Protesters marched on the parliament in Nairobi on Tuesday to oppose a new finance bill.",
]


def _jsonl(records: list[dict[str, object]]) -> bytes:
    return b"".join(json.dumps(r).encode("utf-8") + b"\n" for r in records)


def _records(n: int) -> list[dict[str, object]]:
    return [
        {"id": f"story-{i}", "text": STORIES[i % len(STORIES)] + f" Report {i}."} for i in range(n)
    ]


@pytest.mark.parametrize(
    "name", ["batch.jsonl.gz", "batch.json.gz", "batch.ndjson.gz", "B.JSONL.GZ"]
)
def test_gzipped_jsonl_reads_like_plain_jsonl(tmp_path: Path, name: str) -> None:
    records = _records(3)
    plain = tmp_path / "batch.jsonl"
    plain.write_bytes(_jsonl(records))
    packed = tmp_path / name
    packed.write_bytes(gzip.compress(_jsonl(records)))
    from_plain = list(iter_documents([plain]))
    from_gzip = list(iter_documents([packed]))
    assert all(isinstance(d, Document) for d in from_gzip)
    assert [d.doc_id for d in from_gzip] == [d.doc_id for d in from_plain]
    assert [(d.line, d.external_id, d.source_format) for d in from_gzip] == [
        (1, "story-0", "jsonl"), (2, "story-1", "jsonl"), (3, "story-2", "jsonl"),
    ]
    assert all(d.path == str(packed) for d in from_gzip)


def test_gzipped_jsonl_bad_line_names_file_and_line(tmp_path: Path) -> None:
    lines = _jsonl(_records(1)) + b'{"text": "unterminated\n' + _jsonl(_records(2)[1:])
    path = tmp_path / "mixed.jsonl.gz"
    path.write_bytes(gzip.compress(lines))
    first, bad, third = iter_documents([path])
    assert isinstance(first, Document) and isinstance(third, Document)
    assert isinstance(bad, IngestProblem)
    assert bad.path == str(path) and bad.line == 2 and "invalid JSON" in bad.reason
    assert third.line == 3


def test_line_limit_applies_to_decompressed_lines(tmp_path: Path) -> None:
    long_story = {"text": "The talks in Addis Ababa went on late into the night. " * 400}
    path = tmp_path / "long.jsonl.gz"
    path.write_bytes(gzip.compress(_jsonl([long_story, *_records(1)])))
    assert path.stat().st_size < 2_000  # compresses well: the limit is on the decompressed line
    over, ok = iter_documents([path], max_bytes=10_000)
    assert isinstance(over, IngestProblem) and over.line == 1 and "max_bytes" in over.reason
    assert isinstance(ok, Document) and ok.line == 2


def test_truncated_gzip_keeps_good_lines_then_one_problem(tmp_path: Path) -> None:
    data = gzip.compress(_jsonl(_records(400)), mtime=0)
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(data[: len(data) - 200])  # the stream breaks off near its end
    items = list(iter_documents([path]))
    problems = [i for i in items if isinstance(i, IngestProblem)]
    documents = [i for i in items if isinstance(i, Document)]
    assert len(problems) == 1 and items[-1] is problems[0]
    assert len(documents) > 300
    assert [d.line for d in documents] == list(range(1, len(documents) + 1))
    assert "truncated" in problems[0].reason
    assert problems[0].line == len(documents) + 1
    assert f"after line {len(documents)}" in problems[0].reason


def test_corrupt_gzip_is_one_problem_and_the_run_goes_on(tmp_path: Path) -> None:
    data = bytearray(gzip.compress(_jsonl(_records(50)), mtime=0))
    for at in range(30, 60):  # damage the deflate stream right after the header
        data[at] ^= 0xA5
    bad = tmp_path / "a.jsonl.gz"
    bad.write_bytes(bytes(data))
    good = tmp_path / "b.jsonl.gz"
    good.write_bytes(gzip.compress(_jsonl(_records(2))))
    items = list(iter_documents([tmp_path]))
    problems = [i for i in items if isinstance(i, IngestProblem)]
    assert len(problems) == 1 and problems[0].path == str(bad)
    assert problems[0].reason.startswith("corrupt gzip data")
    assert [i.path for i in items if isinstance(i, Document)][-2:] == [str(good), str(good)]


def test_plain_file_named_gz_is_not_a_gzip_file(tmp_path: Path) -> None:
    path = tmp_path / "plain.jsonl.gz"
    path.write_bytes(_jsonl(_records(2)))  # forgot to compress
    (problem,) = iter_documents([path])
    assert isinstance(problem, IngestProblem)
    assert problem.reason == "not a gzip file" and problem.line is None


@pytest.mark.parametrize(
    ("name", "source_format"), [("note.txt.gz", "txt"), ("page.html.gz", "html")]
)
def test_gzipped_pages(tmp_path: Path, name: str, source_format: str) -> None:
    body = "\n".join(STORIES)
    content = f"<html><body><article><p>{'</p><p>'.join(STORIES)}</p></article></body></html>"
    raw = body if source_format == "txt" else content
    (tmp_path / name).write_bytes(gzip.compress(raw.encode("utf-8")))
    (doc,) = iter_documents([tmp_path / name])
    assert isinstance(doc, Document) and doc.source_format == source_format
    assert doc.text == "\n\n".join(STORIES)


def test_gzipped_page_over_max_bytes_after_decompression(tmp_path: Path) -> None:
    path = tmp_path / "big.txt.gz"
    path.write_bytes(gzip.compress(("Talks resumed in Doha today. " * 2_000).encode()))
    (problem,) = iter_documents([path], max_bytes=20_000)
    assert isinstance(problem, IngestProblem)
    assert problem.reason == "decompressed file is over max_bytes (20000)"


def test_unsupported_compressed_suffix_is_named(tmp_path: Path) -> None:
    path = tmp_path / "table.csv.gz"
    path.write_bytes(gzip.compress(b"a,b\n1,2\n"))
    (problem,) = iter_documents([path])
    assert isinstance(problem, IngestProblem)
    assert problem.reason.startswith("unsupported file type .csv.gz")


@pytest.mark.parametrize(
    ("name", "suffix", "source_format"),
    [
        ("a.jsonl.gz", ".jsonl.gz", "jsonl"),
        ("archive.2024-05-01.warc.gz", ".warc.gz", "warc"),
        ("crawl.WARC", ".warc", "warc"),
        ("v1.2.txt", ".txt", "txt"),
        ("x.tar.gz", ".tar.gz", None),
        ("README", "", None),
    ],
)
def test_format_from_name(name: str, suffix: str, source_format: str | None) -> None:
    assert suffix_of(name) == suffix
    assert detect_format(name) == source_format
