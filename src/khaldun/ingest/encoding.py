"""Turning file bytes into text, with a clear reason when that is impossible."""

from __future__ import annotations

import codecs

__all__ = ["UndecodableError", "decode_text"]

_WIDE_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
#: Share of printable ASCII below which undecodable data is called binary, not bad text.
_TEXT_SHARE = 0.7
_PRINTABLE = frozenset(range(0x20, 0x7F)) | {0x09, 0x0A, 0x0D}


class UndecodableError(ValueError):
    """The bytes are not text this package can read; ``str(error)`` says why."""


def _is_utf8_name(name: str) -> bool:
    try:
        return codecs.lookup(name).name == "utf-8"
    except LookupError:
        return False


def _describe_utf8_error(data: bytes, error: UnicodeDecodeError) -> str:
    sample = data[:65536]
    printable = sum(1 for byte in sample if byte in _PRINTABLE)
    if printable < _TEXT_SHARE * len(sample):
        return "binary data, not text (mostly undecodable bytes)"
    return f"invalid UTF-8: byte 0x{data[error.start]:02x} at offset {error.start}"


def decode_text(data: bytes, declared: str | None = None) -> str:
    """Decode ``data`` as UTF-8 (a BOM is allowed), strictly: nothing is replaced.

    ``declared`` is a character set the data names itself (an HTML ``<meta
    charset>``); it is used only when the data is not valid UTF-8.
    Raises :class:`UndecodableError` for binary data and invalid text.
    """
    if data.startswith(_WIDE_BOMS):
        raise UndecodableError("UTF-16/UTF-32 text (byte-order mark found); expected UTF-8")
    if b"\x00" in data:
        raise UndecodableError("binary data, not text (contains NUL bytes)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        if declared and not _is_utf8_name(declared):
            try:
                return data.decode(declared)
            except LookupError:
                reason = f"unknown declared charset {declared!r}"
                raise UndecodableError(reason) from None
            except UnicodeDecodeError:
                reason = f"not valid {declared} (the declared charset) nor UTF-8"
                raise UndecodableError(reason) from None
        raise UndecodableError(_describe_utf8_error(data, error)) from None
