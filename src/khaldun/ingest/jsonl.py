"""Streaming JSONL reader: one article a line, read line by line, never whole.

Plain files and gzip'd ones (``.jsonl.gz``, ``.json.gz``, ``.ndjson.gz``) are
read the same way; a gzip stream that breaks off (truncated or corrupt)
yields one problem at the line where reading stopped, after the good lines.

A record needs ``text`` or ``html`` (strings); ``id`` (string or integer),
``url``, ``title``, ``outlet`` and ``published`` (strings) are optional and
may be null.  Every bad line becomes one :class:`IngestProblem`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import IO, Any

from khaldun.ingest.dates import normalise_date
from khaldun.ingest.documents import Metadata, build_document
from khaldun.ingest.encoding import UndecodableError, decode_text
from khaldun.ingest.formats import READ_ERRORS, describe_read_error, is_gzipped, open_binary
from khaldun.ingest.html import extract_html
from khaldun.records import Document, IngestProblem

__all__ = ["iter_jsonl"]

_OPTIONAL_TEXT_FIELDS = ("url", "title", "outlet", "published")
_SKIP_CHUNK = 1 << 16


class _BadRecord(ValueError):
    """A JSONL line that cannot become a document; ``str(error)`` says why."""


def _skip_rest_of_line(stream: IO[bytes]) -> None:
    while chunk := stream.readline(_SKIP_CHUNK):
        if chunk.endswith(b"\n"):
            return


def _lines(stream: IO[bytes], max_bytes: int) -> Iterator[tuple[int, bytes | None]]:
    """Yield ``(line number, bytes)``; bytes is ``None`` for a line over ``max_bytes``."""
    number = 0
    while chunk := stream.readline(max_bytes + 1):
        number += 1
        if len(chunk) > max_bytes and not chunk.endswith(b"\n"):
            _skip_rest_of_line(stream)
            yield number, None
        else:
            yield number, chunk


def _string_field(record: dict[str, Any], name: str) -> str | None:
    value = record.get(name)
    if value is None or isinstance(value, str):
        return value
    raise _BadRecord(f"field {name!r} must be a string, got {type(value).__name__}")


def _parse(raw: bytes) -> dict[str, Any]:
    try:
        line = decode_text(raw)
    except UndecodableError as error:
        raise _BadRecord(str(error)) from None
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        raise _BadRecord(f"invalid JSON: {error.msg} at column {error.colno}") from None
    if not isinstance(record, dict):
        raise _BadRecord(f"not a JSON object (got {type(record).__name__})")
    return record


def _metadata(record: dict[str, Any]) -> Metadata:
    fields = {name: _string_field(record, name) for name in _OPTIONAL_TEXT_FIELDS}
    record_id = record.get("id")
    if record_id is not None and (
        isinstance(record_id, bool) or not isinstance(record_id, str | int)
    ):
        raise _BadRecord(f"field 'id' must be a string or integer, got {type(record_id).__name__}")
    published = normalise_date(fields["published"]) if fields["published"] else None
    return Metadata(
        title=fields["title"] or None,
        title_source="jsonl" if fields["title"] else None,
        published=published,
        published_source="jsonl" if published else None,
        outlet=fields["outlet"] or None,
        url=fields["url"] or None,
        external_id=None if record_id is None else str(record_id),
    )


def _record_document(record: dict[str, Any], path: str, number: int) -> Document | IngestProblem:
    text = _string_field(record, "text")
    html = _string_field(record, "html")
    meta = _metadata(record)
    if text and text.strip():
        return build_document(text, path=path, source_format="jsonl", meta=meta, line=number)
    if html is None:
        raise _BadRecord("record has no 'text' or 'html'" if text is None else "empty 'text'")
    page = extract_html(html)
    if page is None:
        raise _BadRecord("no main text found in the 'html' field")
    merged = meta.over(Metadata.from_page(page))
    return build_document(page.text, path=path, source_format="jsonl", meta=merged, line=number)


def iter_jsonl(path: str, max_bytes: int) -> Iterator[Document | IngestProblem]:
    """Yield a Document or an IngestProblem for each non-blank line of ``path``.

    ``max_bytes`` bounds one line (decompressed), not the file.
    """
    compressed = is_gzipped(path)
    try:
        stream = open_binary(path)
    except OSError as error:
        yield IngestProblem(path=path, reason=f"cannot open: {error.strerror or error}")
        return
    seen_any = False
    number = 0
    with stream:
        lines = _lines(stream, max_bytes)
        while True:
            try:
                number, raw = next(lines)
            except StopIteration:
                break
            except READ_ERRORS as error:
                reason = describe_read_error(error, compressed)
                if number:
                    reason = f"{reason}; reading stopped after line {number}"
                yield IngestProblem(path=path, reason=reason, line=number + 1 if number else None)
                return
            if raw is None:
                seen_any = True
                yield IngestProblem(path, f"line is over max_bytes ({max_bytes} bytes)", number)
                continue
            if not raw.strip():
                continue
            seen_any = True
            try:
                yield _record_document(_parse(raw), path, number)
            except _BadRecord as error:
                yield IngestProblem(path=path, reason=str(error), line=number)
    if not seen_any:
        yield IngestProblem(path=path, reason="empty file (no JSON lines)")
