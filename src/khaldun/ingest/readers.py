"""Reading articles from files and directories into Documents, lazily.

Every input that cannot be read yields one :class:`IngestProblem` naming the
file (and line, for JSONL; record number, for WARC) and why; iteration always
goes on.  Nothing is read ahead: directories are listed one at a time, JSONL
and WARC files are streamed, and a page file is read only when its turn comes.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from khaldun.ingest.documents import Metadata, build_document
from khaldun.ingest.encoding import UndecodableError, decode_text
from khaldun.ingest.formats import (
    FORMATS,
    READ_ERRORS,
    describe_read_error,
    detect_format,
    is_gzipped,
    open_binary,
    suffix_of,
)
from khaldun.ingest.html import declared_charset, extract_html
from khaldun.ingest.jsonl import iter_jsonl
from khaldun.ingest.walk import walk_files
from khaldun.ingest.warc import iter_warc
from khaldun.records import Document, IngestProblem

__all__ = ["FORMATS", "iter_documents"]

DEFAULT_MAX_BYTES = 10_000_000

Item = Document | IngestProblem


def iter_documents(
    paths: Iterable[str | Path], *, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[Item]:
    """Yield a Document or an IngestProblem for every article under ``paths``.

    A path is a file or a directory; directories are walked recursively in
    sorted order, skipping hidden files and directories (names starting with
    ".") and not following symbolic links to directories.  Supported files:
    ``.txt``, ``.html``/``.htm``, ``.jsonl``/``.ndjson`` (streamed line by
    line), the same gzip'd (``.txt.gz``, ``.html.gz``, ``.jsonl.gz``,
    ``.json.gz``, ``.ndjson.gz``) and WARC archives (``.warc``, ``.warc.gz``).
    ``max_bytes`` bounds one page file, JSONL line or WARC payload, after
    decompression.
    """
    if max_bytes < 1:
        raise ValueError(f"max_bytes must be positive, got {max_bytes}")
    if isinstance(paths, str | Path):
        paths = [paths]  # one path, not an iterable of its characters
    for given in paths:
        name = str(given)
        if os.path.isdir(name):
            for found in walk_files(name):
                if isinstance(found, IngestProblem):
                    yield found
                else:
                    yield from _read_path(found, max_bytes)
        else:
            yield from _read_path(name, max_bytes)


def _read_path(path: str, max_bytes: int) -> Iterator[Item]:
    """Documents (or problems) from one path that is not a directory."""
    source_format = detect_format(path)
    if not os.path.exists(path):
        reason = "broken symbolic link" if os.path.islink(path) else "no such file or directory"
        yield IngestProblem(path=path, reason=reason)
    elif source_format is None:
        expected = ", ".join(FORMATS)
        suffix = suffix_of(path) or "(none)"
        yield IngestProblem(path, f"unsupported file type {suffix}: expected one of {expected}")
    elif not os.path.isfile(path):
        yield IngestProblem(path=path, reason="not a regular file")
    elif source_format == "jsonl":
        yield from iter_jsonl(path, max_bytes)
    elif source_format == "warc":
        yield from iter_warc(path, max_bytes)
    else:
        yield _read_page(path, source_format, max_bytes)


def _read_bytes(path: str, max_bytes: int) -> bytes | IngestProblem:
    """The whole (decompressed) file, at most ``max_bytes``, or the problem reading it."""
    compressed = is_gzipped(path)
    try:
        size = os.path.getsize(path)
        if size > max_bytes and not compressed:
            return IngestProblem(path, f"file is {size} bytes, over max_bytes ({max_bytes})")
        with open_binary(path) as stream:
            data = stream.read(max_bytes + 1)
    except READ_ERRORS as error:
        return IngestProblem(path=path, reason=describe_read_error(error, compressed))
    if len(data) > max_bytes:
        what = "decompressed file" if compressed else "file"
        return IngestProblem(path, f"{what} is over max_bytes ({max_bytes})")
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
