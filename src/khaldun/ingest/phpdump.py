"""Removal of PHP ``var_dump`` output that some sites leak into article text.

A dump looks like ``string(1938) "[{"id":"1802488","title":"..."}]"``: the
declared length counts UTF-8 bytes, and the dump may be one very long line or
spread over several.
"""

from __future__ import annotations

import re

__all__ = ["strip_php_dumps"]

_PHP_DUMP = re.compile(r'(?<!\w)string\((\d+)\)[ \t]*"')
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_CLOSING_QUOTE = re.compile(r'"[ \t]*(?=\n|$)')


def _dump_end(text: str, start: int, declared: int) -> int:
    """Index just past a dump whose contents begin at ``start``."""
    # ``declared`` counts bytes; a character is at least one byte, so this slice suffices.
    body = text[start : start + declared + 1].encode("utf-8")
    if len(body) > declared and body[declared : declared + 1] == b'"':
        return start + len(body[:declared].decode("utf-8", errors="ignore")) + 1
    # The declared length does not fit (truncated or re-encoded page): the dump runs
    # to the first line that ends with a quote, within the same block of text.
    blank = _BLANK_LINE.search(text, start)
    limit = blank.start() if blank else len(text)
    closing = _CLOSING_QUOTE.search(text, start, limit)
    if closing:
        return closing.end()
    line_end = text.find("\n", start)
    return len(text) if line_end == -1 else line_end


def strip_php_dumps(text: str) -> tuple[str, int]:
    """Remove PHP ``string(N) "..."`` dumps; return the text and how many were removed."""
    pieces: list[str] = []
    position = count = 0
    for match in _PHP_DUMP.finditer(text):
        if match.start() < position:
            continue  # inside a dump already removed
        pieces.append(text[position : match.start()])
        position = _dump_end(text, match.end(), int(match.group(1)))
        count += 1
    pieces.append(text[position:])
    return "".join(pieces), count
