"""Reading at scale: directories listed lazily in a fixed order, big JSONL files streamed."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path
from typing import IO

import pytest

from khaldun.ingest import iter_documents
from khaldun.ingest import jsonl as jsonl_module
from khaldun.ingest import walk as walk_module
from khaldun.ingest.formats import open_binary
from khaldun.ingest.walk import walk_files
from khaldun.records import Document, IngestProblem

STORY = (
    "Ghana's parliament approved a loan agreement with the International Monetary Fund in Accra "
    "on Thursday, the finance ministry said."
)


def _touch(root: Path, rel: str) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"{STORY} ({rel})\n", encoding="utf-8")
    return path


def test_walk_order_is_depth_first_and_sorted_by_name(tmp_path: Path) -> None:
    for rel in ["b.txt", "a.txt", "a/z.txt", "a/b/c.txt", "A.txt", "a-b.txt", "10.txt", "9.txt"]:
        _touch(tmp_path, rel)
    found = [os.path.relpath(p, tmp_path) for p in walk_files(str(tmp_path))]
    # code-point order per directory ("A" < "a" < "a-b.txt" < "a.txt"), a directory's files in place
    expected = ["10.txt", "9.txt", "A.txt", "a/b/c.txt", "a/z.txt", "a-b.txt", "a.txt", "b.txt"]
    assert found == [os.path.join(*rel.split("/")) for rel in expected]


def test_walk_skips_hidden_and_does_not_follow_directory_links(tmp_path: Path) -> None:
    _touch(tmp_path, "real/x.txt")
    _touch(tmp_path, ".git/config.txt")
    _touch(tmp_path, "real/.draft.txt")
    (tmp_path / "link-to-dir").symlink_to(tmp_path / "real", target_is_directory=True)
    (tmp_path / "link-to-file.txt").symlink_to(tmp_path / "real" / "x.txt")
    found = [os.path.relpath(p, tmp_path) for p in walk_files(str(tmp_path))]
    assert found == ["link-to-file.txt", os.path.join("real", "x.txt")]


def test_walk_lists_one_directory_at_a_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for top in ["a", "b", "c"]:
        for i in range(3):
            _touch(tmp_path, f"{top}/{i}.txt")
    listed: list[str] = []
    real_scandir = os.scandir

    def recording_scandir(path: str):  # type: ignore[no-untyped-def]
        listed.append(os.path.relpath(path, tmp_path))
        return real_scandir(path)

    monkeypatch.setattr(walk_module.os, "scandir", recording_scandir)
    files = walk_files(str(tmp_path))
    assert listed == []  # nothing happens before the first file is asked for
    assert os.path.relpath(next(files), tmp_path) == os.path.join("a", "0.txt")
    assert listed == [".", "a"]  # b and c are not listed yet
    rest = [os.path.relpath(p, tmp_path) for p in files]
    assert listed == [".", "a", "b", "c"]
    assert rest[-1] == os.path.join("c", "2.txt") and len(rest) == 8


def test_many_files_in_one_directory_come_in_name_order(tmp_path: Path) -> None:
    names = [f"{i:05d}.txt" for i in range(3000)]
    for name in reversed(names):
        (tmp_path / name).write_bytes(b"")
    found = [os.path.basename(p) for p in walk_files(str(tmp_path))]
    assert found == names


def test_a_directory_that_vanishes_is_one_problem(tmp_path: Path) -> None:
    _touch(tmp_path, "a/1.txt")
    _touch(tmp_path, "b/1.txt")
    files = walk_files(str(tmp_path))
    assert os.path.relpath(next(files), tmp_path) == os.path.join("a", "1.txt")
    (tmp_path / "b" / "1.txt").unlink()
    (tmp_path / "b").rmdir()
    (problem,) = list(files)
    assert isinstance(problem, IngestProblem)
    assert problem.path == str(tmp_path / "b") and "cannot list directory" in problem.reason


class _CountingStream:
    """Wraps a binary stream and counts the bytes handed out."""

    def __init__(self, stream: IO[bytes], counter: list[int]) -> None:
        self.stream, self.counter = stream, counter

    def readline(self, size: int = -1) -> bytes:
        line = self.stream.readline(size)
        self.counter[0] += len(line)
        return line

    def __enter__(self) -> _CountingStream:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stream.close()


@pytest.mark.parametrize("name", ["big.jsonl", "big.jsonl.gz"])
def test_big_jsonl_is_read_line_by_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    lines = b"".join(
        json.dumps({"id": i, "text": f"{STORY} Vote {i}."}).encode() + b"\n" for i in range(2000)
    )
    path = tmp_path / name
    path.write_bytes(gzip.compress(lines) if name.endswith(".gz") else lines)
    consumed = [0]
    monkeypatch.setattr(
        jsonl_module, "open_binary", lambda p: _CountingStream(open_binary(p), consumed)
    )
    items = iter_documents([path])
    first, second = next(items), next(items)
    assert isinstance(first, Document) and isinstance(second, Document)
    assert second.external_id == "1"
    assert consumed[0] == len(lines.split(b"\n", 2)[0]) + len(lines.split(b"\n", 2)[1]) + 2
    assert sum(1 for _ in items) == 1998
    assert consumed[0] == len(lines)
