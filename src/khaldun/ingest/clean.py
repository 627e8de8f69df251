"""Clean scraped article text: drop crawl debris, find title, outlet and date.

Every sentence of the story is kept; what goes is page furniture (comment
forms, share widgets, captchas, PHP dumps, related-article lists, credits).
The headline stays as the first paragraph because headlines carry events.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from khaldun.ingest import debris
from khaldun.ingest.dates import byline_date, dateline_date, header_date
from khaldun.ingest.paragraphs import (
    build_paragraphs,
    ends_sentence,
    normalise_line,
    normalise_newlines,
)
from khaldun.ingest.phpdump import strip_php_dumps

__all__ = ["Cleaned", "clean_text"]

#: How many non-blank lines at the top count as the page header.
HEADER_LINES = 6
#: How many non-blank lines at the bottom count as the page footer.
FOOTER_LINES = 6


@dataclass(slots=True)
class Cleaned:
    """Cleaned article text with what was learnt while cleaning it."""

    text: str  # paragraphs separated by exactly one blank line
    title: str | None = None
    title_source: str | None = None
    published: str | None = None  # ISO YYYY-MM-DD
    published_source: str | None = None
    outlet: str | None = None
    removed: list[str] = field(default_factory=list)  # kinds of debris, first seen first


class _Log:
    """Ordered set of the debris kinds removed from one text."""

    def __init__(self) -> None:
        self.kinds: list[str] = []

    def note(self, kind: str) -> None:
        if kind not in self.kinds:
            self.kinds.append(kind)


def _drop_line_debris(lines: list[str], log: _Log) -> tuple[list[str], str | None]:
    """Blank out debris lines; return the lines and the outlet of a ``Source:`` line."""
    kept: list[str] = []
    outlet: str | None = None
    in_related_list = False
    for line in lines:
        if not line:
            kept.append(line)
            continue
        kind, rest = debris.classify_line(line)
        if kind is None and (named := debris.source_outlet(line)):
            outlet = outlet or named
            kind, rest = "source-line", ""
        if kind is None and in_related_list:
            if debris.looks_like_headline(line) and not ends_sentence(line):
                kind, rest = "related-links", ""
            else:
                in_related_list = False
        if kind is None and debris.is_related_header(line):
            in_related_list = True
            kind, rest = "related-links", ""
        if kind is None and debris.is_related_link(line):
            kind, rest = "related-links", ""
        if kind is not None:
            log.note(kind)
        kept.append(rest)
    return kept, outlet


def _edge_indexes(lines: list[str]) -> set[int]:
    """Indexes of the first and last few non-blank lines."""
    filled = [i for i, line in enumerate(lines) if line]
    return set(filled[:HEADER_LINES]) | set(filled[-FOOTER_LINES:])


def _drop_outlet_lines(
    lines: list[str], outlet: str | None, log: _Log
) -> tuple[list[str], str | None]:
    """Blank out bare outlet-name lines (the known outlet anywhere, others at the edges)."""
    edges = _edge_indexes(lines)
    kept = list(lines)
    for i, line in enumerate(lines):
        is_known = bool(line) and outlet is not None and line.casefold() == outlet.casefold()
        if not (is_known or (line and i in edges and debris.outlet_name(line))):
            continue
        kept[i] = ""
        log.note("outlet-line")
        if outlet is None and debris.is_wire_name(line):
            outlet = line
    return kept, outlet


def _take_header_date(lines: list[str], log: _Log) -> tuple[list[str], str | None]:
    """Remove date and byline lines from the page header; return the first date."""
    published: str | None = None
    kept = list(lines)
    header = [i for i, line in enumerate(lines) if line][:HEADER_LINES]
    for i in header:
        line = lines[i]
        found = header_date(line)
        kind = "date-header"
        if found is None and debris.is_byline(line):
            found, kind = byline_date(line), "byline"
        elif found is None:
            continue
        published = published or found
        kept[i] = ""
        log.note(kind)
    return kept, published


def _take_title(paragraphs: list[str], log: _Log) -> str | None:
    """Return the headline (first paragraph when it looks like one); drop its repeat."""
    if len(paragraphs) < 2 or not debris.looks_like_headline(paragraphs[0]):
        return None
    title = paragraphs[0]
    while len(paragraphs) > 1 and paragraphs[1].casefold() == title.casefold():
        del paragraphs[1]
        log.note("duplicate-title")
    return title


def clean_text(raw: str) -> Cleaned:
    """Clean scraped article text; see the module docstring for what goes."""
    log = _Log()
    text, dumps = strip_php_dumps(normalise_newlines(raw))
    if dumps:
        log.note("php-dump")
    lines = [normalise_line(line) for line in text.split("\n")]
    lines, outlet = _drop_line_debris(lines, log)
    lines, outlet = _drop_outlet_lines(lines, outlet, log)
    lines, published = _take_header_date(lines, log)
    published_source = "text-header" if published else None
    paragraphs = build_paragraphs(lines)
    title = _take_title(paragraphs, log)
    if published is None:
        lead = paragraphs[1 if title else 0 : 2 if title else 1]
        published = next((d for p in lead if (d := dateline_date(p))), None)
        published_source = "text-dateline" if published else None
    return Cleaned(
        text="\n\n".join(paragraphs),
        title=title,
        title_source="first-line" if title else None,
        published=published,
        published_source=published_source,
        outlet=outlet,
        removed=log.kinds,
    )
