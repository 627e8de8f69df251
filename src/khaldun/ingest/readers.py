"""Reading articles from files and directories into Documents, lazily.

Every input that cannot be read yields one :class:`IngestProblem` naming the
file (and line, for JSONL) and why; iteration always goes on.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from khaldun.ingest.documents import Metadata, build_document
from khaldun.ingest.encoding import UndecodableError, decode_text
from khaldun.ingest.html import declared_charset, extract_html
from khaldun.ingest.jsonl import iter_jsonl
from khaldun.records import Document, IngestProblem

__all__ = ["FORMATS", "iter_documents"]

#: File suffix (lower case) -> ``Document.source_format``.
FORMATS = {".txt": "txt", ".html": "html", ".htm": "html", ".jsonl": "jsonl"}
DEFAULT_MAX_BYTES = 10_000_000

Item = Document | IngestProblem


def iter_documents(
    paths: Iterable[str | Path], *, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[Item]:
    """Yield a Document or an IngestProblem for every article under ``paths``.

    A path is a file or a directory; directories are walked recursively in
    sorted order, skipping hidden files and directories (names starting with
    ".") and not following symbolic links to directories.  Supported files:
    ``.txt``, ``.html``/``.htm`` and ``.jsonl`` (streamed line by line).
    """
    if max_bytes < 1:
        raise ValueError(f"max_bytes must be positive, got {max_bytes}")
    if isinstance(paths, str | Path):
        paths = [paths]  # one path, not an iterable of its characters
    for given in paths:
        name = str(given)
        if os.path.isdir(name):
            for found in _walk(name):
                if isinstance(found, IngestProblem):
                    yield found
                else:
                    yield from _read_path(found, max_bytes)
        else:
            yield from _read_path(name, max_bytes)


def _walk(directory: str) -> Iterator[str | IngestProblem]:
    """Files under ``directory``, depth first, entries sorted by name, hidden ones skipped."""
    try:
        with os.scandir(directory) as scan:
            entries = sorted((e for e in scan if not e.name.startswith(".")), key=lambda e: e.name)
    except OSError as error:
        yield IngestProblem(
            path=directory, reason=f"cannot list directory: {error.strerror or error}"
        )
        return
    for entry in entries:
        path = os.path.join(directory, entry.name)
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(path)
        elif not (entry.is_symlink() and os.path.isdir(path)):
            yield path


def _read_path(path: str, max_bytes: int) -> Iterator[Item]:
    """Documents (or problems) from one path that is not a directory."""
    source_format = FORMATS.get(Path(path).suffix.lower())
    if not os.path.exists(path):
        reason = "broken symbolic link" if os.path.islink(path) else "no such file or directory"
        yield IngestProblem(path=path, reason=reason)
    elif source_format is None:
        expected = ", ".join(FORMATS)
        suffix = Path(path).suffix or "(none)"
        yield IngestProblem(path, f"unsupported file type {suffix}: expected one of {expected}")
    elif not os.path.isfile(path):
        yield IngestProblem(path=path, reason="not a regular file")
    elif source_format == "jsonl":
        yield from iter_jsonl(path, max_bytes)
    else:
        yield _read_page(path, source_format, max_bytes)


def _read_bytes(path: str, max_bytes: int) -> bytes | IngestProblem:
    try:
        size = os.path.getsize(path)
        if size > max_bytes:
            return IngestProblem(path, f"file is {size} bytes, over max_bytes ({max_bytes})")
        with open(path, "rb") as stream:
            data = stream.read(max_bytes + 1)
    except OSError as error:
        return IngestProblem(path=path, reason=f"cannot read: {error.strerror or error}")
    if len(data) > max_bytes:
        return IngestProblem(path, f"file is over max_bytes ({max_bytes})")
    if not data.strip():
        return IngestProblem(
            path=path, reason="empty file" if not data else "file holds only whitespace"
        )
    return data


def _read_page(path: str, source_format: str, max_bytes: int) -> Item:
    """One ``.txt`` or ``.html`` file as a Document, or the problem with it."""
    data = _read_bytes(path, max_bytes)
    if isinstance(data, IngestProblem):
        return data
    is_html = source_format == "html"
    try:
        text = decode_text(data, declared_charset(data) if is_html else None)
    except UndecodableError as error:
        return IngestProblem(path=path, reason=str(error))
    if not is_html:
        return build_document(text, path=path, source_format="txt")
    page = extract_html(text)
    if page is None:
        return IngestProblem(path=path, reason="no main text found in the HTML")
    meta = Metadata.from_page(page)
    return build_document(page.text, path=path, source_format="html", meta=meta)
