"""Pair quotation marks into quoted spans, paragraph by paragraph.

Straight (``"``) and typographic (``“ ”``, ``« »``) double marks are paired
inside each paragraph; single typographic marks (``‘ ’``) only in paragraphs
with no double marks (British style), since ``’`` is also an apostrophe.  A
straight mark opens or closes according to its neighbours (space before an
opening mark, space or punctuation after a closing one).  A doubled opening
mark (``““it is``) counts once; a stray closing mark is ignored.

News convention for long quotations: a paragraph that opens a quote and does
not close it is continued by the next paragraph if that one opens with a
quote mark.  Both parts are returned, linked by the same ``chain`` number,
the first with ``runs_on`` set and the second with ``continues`` set.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

__all__ = ["QuoteSpan", "find_quote_spans", "paragraph_spans"]

_DOUBLE_OPEN = "“„«"
_DOUBLE_CLOSE = "”»"
_STRAIGHT = '"'
_SINGLE_OPEN = "‘"
_SINGLE_CLOSE = "’"
_OPEN_BEFORE = "([{—–-/:"  # characters after which a straight mark opens
_CLOSE_AFTER = ".,;:!?)]}—–-'’s"  # characters before which a straight mark may close
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_DOUBLE_MARKS = re.compile("[" + re.escape(_DOUBLE_OPEN + _DOUBLE_CLOSE + _STRAIGHT) + "]")
_SINGLE_MARKS = re.compile("[" + re.escape(_SINGLE_OPEN + _SINGLE_CLOSE) + "]")


@dataclass(slots=True)
class QuoteSpan:
    """One quoted stretch of text; ``start``/``end`` exclude the marks and outer spaces."""

    open: int  # offset of the opening mark
    close: int | None  # offset of the closing mark; None when the paragraph ran out first
    start: int
    end: int
    paragraph: int  # index of the paragraph holding it
    chain: int  # spans of one run-on quotation share a chain number
    runs_on: bool = False  # unclosed, continued by the next paragraph
    continues: bool = False  # continues the previous paragraph's unclosed quotation


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each non-blank paragraph (blocks separated by blank lines)."""
    out = []
    pos = 0
    for m in _PARAGRAPH_BREAK.finditer(text):
        if text[pos:m.start()].strip():
            out.append((pos, m.start()))
        pos = m.end()
    if text[pos:].strip():
        out.append((pos, len(text)))
    return out


def find_quote_spans(text: str, paragraphs: list[tuple[int, int]] | None = None) -> list[QuoteSpan]:
    """Every quoted span in ``text``, in text order (``paragraphs``: its :func:`paragraph_spans`, if known)."""
    out: list[QuoteSpan] = []
    pending: tuple[int, int, int] | None = None  # (open mark, paragraph, paragraph end) of an unclosed quote
    for n, (ps, pe) in enumerate(paragraph_spans(text) if paragraphs is None else paragraphs):
        double = _DOUBLE_MARKS.search(text, ps, pe) is not None
        pairs, unclosed = _pair(text, ps, pe, double)
        if pending is not None:
            span = _span(text, pending[0], None, pending[2], pending[1])
            if span is not None:
                span.runs_on = bool(pairs or unclosed is not None) and _opens_paragraph(text, ps, pairs, unclosed)
                out.append(span)
            pending = None
        for open_at, close_at in pairs:
            span = _span(text, open_at, close_at, close_at, n)
            if span is not None:
                out.append(span)
        if unclosed is not None:
            pending = (unclosed, n, pe)
    if pending is not None:
        span = _span(text, pending[0], None, pending[2], pending[1])
        if span is not None:
            out.append(span)
    out.sort(key=lambda s: s.open)
    for i, span in enumerate(out):
        prev = out[i - 1] if i else None
        if prev is not None and prev.runs_on and span.paragraph == prev.paragraph + 1:
            span.continues, span.chain = True, prev.chain
        else:
            span.chain = prev.chain + 1 if prev is not None else 0
    return out


def _opens_paragraph(text: str, ps: int, pairs: list[tuple[int, int]], unclosed: int | None) -> bool:
    first = min([p[0] for p in pairs] + ([unclosed] if unclosed is not None else []))
    return not text[ps:first].strip()


def _span(text: str, open_at: int, close_at: int | None, end: int, paragraph: int) -> QuoteSpan | None:
    start = open_at + 1
    while start < end and text[start].isspace():
        start += 1
    stop = end
    while stop > start and (text[stop - 1].isspace() or text[stop - 1] in ",;"):
        stop -= 1  # "“We will win,” he said": the comma belongs to the attribution
    if stop <= start:
        return None
    return QuoteSpan(open=open_at, close=close_at, start=start, end=stop, paragraph=paragraph, chain=0)


def _marks(text: str, ps: int, pe: int, double: bool) -> Iterator[tuple[int, bool, bool]]:
    """``(offset, can_open, can_close)`` of each quotation mark in a paragraph."""
    # only the mark characters are visited (a scan of every character cost more than the rest)
    for found in (_DOUBLE_MARKS if double else _SINGLE_MARKS).finditer(text, ps, pe):
        i, ch = found.start(), found.group()
        if double:
            if ch in _DOUBLE_OPEN:
                yield i, True, False
            elif ch in _DOUBLE_CLOSE:
                yield i, False, True
            else:  # a straight mark
                prev = text[i - 1] if i > ps else " "
                nxt = text[i + 1] if i + 1 < pe else " "
                can_open = (prev.isspace() or prev in _OPEN_BEFORE or prev in _DOUBLE_OPEN) and not nxt.isspace()
                can_close = not prev.isspace() and (nxt.isspace() or nxt in _CLOSE_AFTER)
                if can_open or can_close:
                    yield i, can_open, can_close
        else:
            prev = text[i - 1] if i > ps else " "
            nxt = text[i + 1] if i + 1 < pe else " "
            if ch == _SINGLE_OPEN and (prev.isspace() or prev in _OPEN_BEFORE):
                yield i, True, False
            elif ch == _SINGLE_CLOSE and not prev.isspace() and not nxt.isalnum():
                yield i, False, True


def _pair(text: str, ps: int, pe: int, double: bool) -> tuple[list[tuple[int, int]], int | None]:
    """Paired ``(open, close)`` marks of a paragraph, and the offset of an unclosed opening mark."""
    pairs: list[tuple[int, int]] = []
    open_at: int | None = None
    for i, can_open, can_close in _marks(text, ps, pe, double):
        if open_at is None:
            if can_open:
                open_at = i
            continue
        empty = not text[open_at + 1:i].strip()
        if can_open and (empty or not can_close):
            open_at = i  # a doubled opening mark, or a quote that never closed: start again
        elif can_close and not empty:
            pairs.append((open_at, i))
            open_at = None
    return pairs, open_at
