"""WARC archives (``.warc``, ``.warc.gz``): each fetched HTML or text page is one Document.

Read with warcio, record by record (never the whole archive).  Records are
numbered from 1 in file order, counting every record (``warcinfo``,
``request``, ``metadata`` ... included), so ``Document.path`` is the archive
and ``Document.line`` the record number; ``Document.external_id`` is the
``WARC-Record-ID``.  Problems name the archive, the record number (as
``line``) and, in the reason, the record's byte offset in the file, which is
what ``warcio extract ARCHIVE OFFSET`` takes.

Which records become documents:

* ``response`` records with HTTP status 200, and ``resource`` records, whose
  content type is HTML (``text/html``, ``application/xhtml+xml``) or
  ``text/plain``; a record without a content type is read as HTML when its
  payload starts like an HTML page.
* Everything else is skipped silently: requests, metadata, revisits,
  redirects and other non-200 responses, images, scripts, style sheets, PDFs.

An HTML or text page that cannot become a document (empty, undecodable, too
large, no main text) is one problem; a damaged archive (truncated, corrupt
gzip, not a WARC) is one problem, after the records read before the damage.

Metadata: title, date and site name come from the page as for ``.html`` files;
``url`` is the ``WARC-Target-URI``; the outlet falls back to that URL's host
(``www.`` removed); when neither the page's metadata nor its text gives a
publication date, the ``WARC-Date`` (the crawl date) is used with
``published_source = "warc-date"``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import IO

from warcio.archiveiterator import WARCIterator
from warcio.bufferedreaders import BufferedReader
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord

from khaldun.ingest.dates import normalise_date
from khaldun.ingest.documents import Metadata, build_document, outlet_from_url
from khaldun.ingest.encoding import UndecodableError, decode_text
from khaldun.ingest.formats import READ_ERRORS, describe_read_error, open_binary
from khaldun.ingest.html import declared_charset, extract_html
from khaldun.records import Document, IngestProblem

__all__ = ["SOURCE_FORMAT", "iter_warc"]

SOURCE_FORMAT = "warc"
_PAGE_RECORDS = ("response", "resource")
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_TEXT_TYPES = frozenset({"text/plain"})
_HTML_START = (b"<!doctype html", b"<html")
_DRAIN_CHUNK = 1 << 16
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)
#: What a damaged archive raises while warcio reads it.
_ARCHIVE_ERRORS: tuple[type[BaseException], ...] = (ArchiveLoadFailed, ValueError, *READ_ERRORS)

Item = Document | IngestProblem


class _Skip(Exception):
    """A record that is not a page (or not a successful fetch): skipped silently."""


class _BadPage(ValueError):
    """A page record that cannot become a document; ``str(error)`` says why."""


class _Truncated(EOFError):
    """The archive ends inside a record (fewer bytes than its Content-Length)."""

    def __init__(self) -> None:
        super().__init__("truncated file (ends inside a record)")


class _StopAtError:
    """A stream that ends at its first read error, keeping the error to report.

    Reads with ``read1`` where the stream has it, so that the data
    decompressed before a gzip stream breaks off is still handed out.
    """

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream
        self.error: BaseException | None = None

    def read(self, size: int = -1) -> bytes:
        if self.error is not None:
            return b""
        try:
            read1 = getattr(self.stream, "read1", None)
            return read1(size) if read1 is not None else self.stream.read(size)
        except READ_ERRORS as error:
            self.error = error
            return b""

    def tell(self) -> int:
        return self.stream.tell()


def _drain(record: ArcWarcRecord) -> None:
    """Read the rest of ``record``; raise :class:`_Truncated` if the file ends inside it.

    warcio reads a record cut short by the end of the file as a shorter one;
    the record's length limit, still above zero once its stream is exhausted,
    tells the two apart.
    """
    raw = record.raw_stream
    while raw.read(_DRAIN_CHUNK):
        pass
    if getattr(raw, "limit", 0) > 0:
        raise _Truncated


def _content_type(record: ArcWarcRecord) -> str | None:
    headers = record.http_headers if record.rec_type == "response" else record.rec_headers
    return headers.get_header("Content-Type") if headers is not None else None


def _page_kind(record: ArcWarcRecord) -> str:
    """``"html"``, ``"txt"`` or ``"sniff"`` (no content type) for a page record.

    Raises :class:`_Skip` for any other record.
    """
    if record.rec_type not in _PAGE_RECORDS:
        raise _Skip
    if record.rec_type == "response" and (
        record.http_headers is None or record.http_headers.get_statuscode() != "200"
    ):
        raise _Skip  # not HTTP (dns:, ...), a redirect, an error page
    media = (_content_type(record) or "").split(";", 1)[0].strip().lower()
    if media in _HTML_TYPES:
        return "html"
    if media in _TEXT_TYPES:
        return "txt"
    if not media:
        return "sniff"
    raise _Skip


def _check_encoding(record: ArcWarcRecord) -> None:
    """Raise :class:`_BadPage` for a Content-Encoding warcio cannot undo (``br`` without brotli)."""
    encoding = record.http_headers.get_header("Content-Encoding") if record.http_headers else None
    name = (encoding or "").strip().lower()
    if name and name != "identity" and name not in BufferedReader.get_supported_decompressors():
        raise _BadPage(f"unsupported Content-Encoding {name!r}")


def _charset(record: ArcWarcRecord) -> str | None:
    match = _CHARSET.search(_content_type(record) or "")
    return match.group(1).lower() if match else None


def _read_payload(stream: IO[bytes], max_bytes: int) -> bytes:
    try:
        data = stream.read(max_bytes + 1)
    except READ_ERRORS as error:
        raise _BadPage(f"cannot decode the payload: {describe_read_error(error, True)}") from None
    if len(data) > max_bytes:
        raise _BadPage(f"payload is over max_bytes ({max_bytes})")
    return data


def _warc_metadata(record: ArcWarcRecord) -> Metadata:
    url = record.rec_headers.get_header("WARC-Target-URI") or None
    warc_date = record.rec_headers.get_header("WARC-Date")
    crawled = normalise_date(warc_date) if warc_date else None
    return Metadata(
        url=url,
        outlet=outlet_from_url(url),
        external_id=record.rec_headers.get_header("WARC-Record-ID") or None,
        crawled=crawled,
        crawled_source="warc-date" if crawled else None,
    )


def _record_document(record: ArcWarcRecord, path: str, number: int, max_bytes: int) -> Item:
    """The Document a page record holds; raises :class:`_Skip` or :class:`_BadPage`."""
    kind = _page_kind(record)
    _check_encoding(record)
    data = _read_payload(record.content_stream(), max_bytes)
    if kind == "sniff":
        if not data.lstrip().lower().startswith(_HTML_START):
            raise _Skip
        kind = "html"
    if not data.strip():
        raise _BadPage("empty page")
    charset = _charset(record) or (declared_charset(data) if kind == "html" else None)
    try:
        text = decode_text(data, charset)
    except UndecodableError as error:
        raise _BadPage(str(error)) from None
    meta = _warc_metadata(record)
    if kind == "txt":
        return build_document(text, path=path, source_format=SOURCE_FORMAT, meta=meta, line=number)
    page = extract_html(text)
    if page is None:
        raise _BadPage("no main text found in the HTML")
    merged = Metadata.from_page(page).over(meta)
    merged.url = meta.url or merged.url  # the address fetched, not the page's canonical link
    return build_document(
        page.text, path=path, source_format=SOURCE_FORMAT, meta=merged, line=number
    )


def iter_warc(path: str, max_bytes: int) -> Iterator[Item]:
    """Yield a Document or an IngestProblem for each HTML/text page record of ``path``.

    ``max_bytes`` bounds one record's payload (after HTTP decoding).
    """
    try:
        stream = open_binary(path)
    except OSError as error:
        yield IngestProblem(path=path, reason=f"cannot open: {error.strerror or error}")
        return
    number = pages = 0
    with stream:
        guarded = _StopAtError(stream)
        records = WARCIterator(guarded)
        while True:
            try:
                record = next(records)
            except StopIteration:
                if guarded.error is not None or records.offset < guarded.tell():
                    yield _damaged(path, number, guarded.error or _Truncated())
                    return
                break
            except _ARCHIVE_ERRORS as error:
                yield _damaged(path, number, guarded.error or error)
                return
            number += 1
            try:
                item: Item | None = _record_document(record, path, number, max_bytes)
            except _Skip:
                item = None
            except _BadPage as error:
                item = IngestProblem(path, f"record {number}: {error}", number)
            try:
                _drain(record)
            except _ARCHIVE_ERRORS as error:  # the file ends or breaks inside this record
                yield _damaged(path, number - 1, guarded.error or error)
                return
            if guarded.error is not None:  # e.g. a CRC error: this record may be garbled
                yield _damaged(path, number - 1, guarded.error)
                return
            if item is not None:
                pages += 1
                yield item
    if not pages:
        what = f"{number} records" if number != 1 else "1 record"
        reason = f"no HTML or text pages among {what}" if number else "empty WARC file"
        yield IngestProblem(path, reason)


def _damaged(path: str, number: int, error: BaseException) -> IngestProblem:
    """The one problem for an archive that cannot be read past record ``number``."""
    if isinstance(error, ArchiveLoadFailed):
        first_line = (error.msg.strip().splitlines() or [""])[0].split(",", 1)[0]
        reason = f"not a readable WARC ({first_line})"
    elif isinstance(error, _Truncated):
        reason = str(error)
    elif isinstance(error, READ_ERRORS):
        reason = describe_read_error(error, True)
    else:
        reason = f"cannot parse: {error}"
    return IngestProblem(path, f"{reason}; reading stopped at record {number + 1}", number + 1)
