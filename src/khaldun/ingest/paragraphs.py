"""Whitespace normalisation and paragraph building.

Scraped text usually holds one paragraph per line; plain-text dumps are often
hard-wrapped at a fixed width instead.  :func:`build_paragraphs` keeps the
first kind line by line and joins the second back into paragraphs.
"""

from __future__ import annotations

import re
from itertools import pairwise

__all__ = ["build_paragraphs", "ends_sentence", "normalise_line", "normalise_newlines"]

_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\f\v]+")
_INVISIBLE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\u200b\u00ad\ufeff]")
_NEWLINES = re.compile(r"\r\n?|[\u2028\u2029\x85]")
_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)\]]*$")

#: Widest line width that still counts as hard wrapping (wider lines are paragraphs).
MAX_WRAP_WIDTH = 100
#: Narrowest width taken for hard wrapping (narrower blocks are lists or headers).
MIN_WRAP_WIDTH = 40


def normalise_newlines(text: str) -> str:
    """Turn CR, CRLF and Unicode line/paragraph separators into ``\\n``."""
    return _NEWLINES.sub("\n", text)


def normalise_line(line: str) -> str:
    """Collapse runs of spaces, tabs and no-break spaces; drop invisible characters."""
    return _SPACES.sub(" ", _INVISIBLE.sub("", line)).strip()


def ends_sentence(line: str) -> bool:
    """True when ``line`` ends with sentence-final punctuation (closing quotes allowed)."""
    return bool(_SENTENCE_END.search(line))


def _first_word(line: str) -> str:
    return line.split(" ", 1)[0]


def _wrapped_here(line: str, following: str, width: int) -> bool:
    """True when ``line`` was broken only because the next word did not fit."""
    return len(line) + 1 + len(_first_word(following)) > width


def _continues(line: str, following: str) -> bool:
    """True when ``line`` visibly stops mid-sentence before ``following``."""
    if ends_sentence(line):
        return False
    last = line.rsplit(" ", 1)[-1]
    return following[:1].islower() or line[-1] in ",;:-–—" or last[:1].islower()


def _is_wrapped_block(lines: list[str]) -> bool:
    """A block is hard-wrapped when a line of it breaks mid-sentence at the width."""
    if len(lines) < 2:
        return False
    width = max(len(line) for line in lines)
    if not MIN_WRAP_WIDTH <= width <= MAX_WRAP_WIDTH:
        return False
    return any(
        _continues(line, nxt) and _wrapped_here(line, nxt, width) for line, nxt in pairwise(lines)
    )


def _join(left: str, right: str) -> str:
    if left.endswith("-") and len(left) > 1 and left[-2].isalpha() and right[:1].islower():
        return left + right  # a word broken at the hyphen: keep the hyphen, no space
    return f"{left} {right}"


def _unwrap(lines: list[str]) -> list[str]:
    width = max(len(line) for line in lines)
    paragraphs: list[str] = []
    current = lines[0]
    for previous, line in pairwise(lines):
        if _wrapped_here(previous, line, width):
            current = _join(current, line)
        else:
            paragraphs.append(current)
            current = line
    paragraphs.append(current)
    return paragraphs


def build_paragraphs(lines: list[str]) -> list[str]:
    """Group normalised ``lines`` (``""`` = blank) into paragraphs.

    Blank lines separate blocks.  In an ordinary block each line is a paragraph;
    in a hard-wrapped block (width up to :data:`MAX_WRAP_WIDTH`, lines broken
    mid-sentence) lines are joined until a line that ends short of the width.
    """
    paragraphs: list[str] = []
    block: list[str] = []
    for line in [*lines, ""]:
        if line:
            block.append(line)
            continue
        if block:
            paragraphs.extend(_unwrap(block) if _is_wrapped_block(block) else block)
            block = []
    return paragraphs
