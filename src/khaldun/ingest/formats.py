"""Which reader a file needs, from its name, and how to open it (gzip or not).

A name ending in ``.gz`` is read through :mod:`gzip`, streamed: nothing is
decompressed to disk or held whole in memory.  WARC files are recognised here
but opened by warcio, which handles both plain and record-gzipped archives.
"""

from __future__ import annotations

import gzip
import zlib
from pathlib import Path
from typing import IO

__all__ = [
    "FORMATS",
    "READ_ERRORS",
    "describe_read_error",
    "detect_format",
    "is_gzipped",
    "open_binary",
    "suffix_of",
]

#: File suffix (lower case) -> ``Document.source_format``; a ``.gz`` suffix means gzip'd.
FORMATS = {
    ".txt": "txt",
    ".html": "html",
    ".htm": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".txt.gz": "txt",
    ".html.gz": "html",
    ".htm.gz": "html",
    ".jsonl.gz": "jsonl",
    ".json.gz": "jsonl",
    ".ndjson.gz": "jsonl",
    ".warc": "warc",
    ".warc.gz": "warc",
}

#: What reading a damaged (truncated, corrupt, not really gzip) stream raises.
READ_ERRORS: tuple[type[BaseException], ...] = (OSError, EOFError, zlib.error)


def suffix_of(path: str) -> str:
    """The suffix that names the format: ``.txt``, or two suffixes for ``.jsonl.gz``."""
    suffixes = [s.lower() for s in Path(path).suffixes]
    if len(suffixes) >= 2 and suffixes[-1] == ".gz":
        return "".join(suffixes[-2:])
    return suffixes[-1] if suffixes else ""


def detect_format(path: str) -> str | None:
    """The ``source_format`` of ``path`` from its name, or ``None`` when unsupported."""
    return FORMATS.get(suffix_of(path))


def is_gzipped(path: str) -> bool:
    """True when ``path`` is read through gzip (its name ends in ``.gz``)."""
    return path.lower().endswith(".gz")


def open_binary(path: str) -> IO[bytes]:
    """Open ``path`` for reading bytes, decompressing on the fly when it is gzip'd."""
    if is_gzipped(path):
        return gzip.open(path, "rb")
    return open(path, "rb")  # noqa: SIM115 - the caller closes it


def describe_read_error(error: BaseException, compressed: bool) -> str:
    """A short reason for a read error from :data:`READ_ERRORS`."""
    if isinstance(error, EOFError):
        return "truncated file (compressed data ends early)" if compressed else "truncated file"
    if isinstance(error, gzip.BadGzipFile):
        if str(error).startswith("Not a gzipped file"):
            return "not a gzip file"
        return f"corrupt gzip data ({error})"
    if isinstance(error, zlib.error):
        return f"corrupt gzip data ({error})"
    if isinstance(error, OSError) and error.strerror:
        return f"cannot read: {error.strerror}"
    return f"cannot read: {error}"
