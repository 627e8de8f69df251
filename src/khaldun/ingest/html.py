"""Main-text and metadata extraction from HTML pages (a thin trafilatura wrapper)."""

from __future__ import annotations

import re
from dataclasses import dataclass

import trafilatura
from trafilatura.settings import Document as Extracted

from khaldun.ingest.dates import normalise_date

__all__ = ["HtmlContent", "declared_charset", "extract_html"]

# Metadata only: the "extensive" htmldate search guesses from page text and
# footers (a copyright year becomes January 1st), which is not a publication date.
_DATE_PARAMS = {"extensive_search": False, "original_date": True}
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)


@dataclass(slots=True)
class HtmlContent:
    """What a page yields: its main text (one paragraph a line) and metadata."""

    text: str
    title: str | None = None
    published: str | None = None
    outlet: str | None = None
    url: str | None = None


def declared_charset(data: bytes) -> str | None:
    """The character set a page declares in a ``<meta>`` tag near its top, if any."""
    match = _CHARSET.search(data[:4096])
    return match.group(1).decode("ascii", errors="ignore").lower() if match else None


def extract_html(html: str) -> HtmlContent | None:
    """Extract the main text, title, date, site name and URL of ``html``.

    Returns ``None`` when no main text can be found.
    """
    found = trafilatura.bare_extraction(
        html,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        date_extraction_params=_DATE_PARAMS,
    )
    if not isinstance(found, Extracted) or not found.text or not found.text.strip():
        return None
    return HtmlContent(
        text=found.text,
        title=(found.title or "").strip() or None,
        published=normalise_date(found.date) if found.date else None,
        outlet=(found.sitename or "").strip() or None,
        url=found.url or None,
    )
