"""Building :class:`~khaldun.records.Document` records from article text."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from khaldun.ingest.clean import Cleaned, clean_text
from khaldun.ingest.datecheck import date_above_headline, page_date_warning
from khaldun.ingest.html import HtmlContent
from khaldun.ingest.paragraphs import normalise_line
from khaldun.records import Document, IngestProblem

__all__ = ["Metadata", "build_document", "doc_id_for", "outlet_from_url"]

_NON_WORD = re.compile(r"\W+")


def doc_id_for(text: str) -> str:
    """The document id: first 16 hex digits of the SHA-256 of the cleaned text (UTF-8)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def outlet_from_url(url: str | None) -> str | None:
    """The host of ``url`` without a leading ``www.`` (``https://www.x.org/a`` -> ``x.org``)."""
    if not url:
        return None
    try:
        host = urlsplit(url if "//" in url else f"//{url}").hostname
    except ValueError:  # e.g. an invalid IPv6 literal
        return None
    return (host.removeprefix("www.") or None) if host else None


@dataclass(slots=True)
class Metadata:
    """Article metadata known from outside the text (HTML head, a JSONL record, a WARC header).

    ``crawled`` is the date the page was fetched (with ``crawled_source``, e.g.
    ``"warc-date"``): a last resort, used as the publication date only when
    neither the metadata nor the text gives one.
    """

    title: str | None = None
    title_source: str | None = None
    published: str | None = None
    published_source: str | None = None
    outlet: str | None = None
    url: str | None = None
    external_id: str | None = None
    crawled: str | None = None
    crawled_source: str | None = None

    @classmethod
    def from_page(cls, page: HtmlContent) -> Metadata:
        """The metadata an HTML page declares about itself."""
        return cls(
            title=page.title,
            title_source="html" if page.title else None,
            published=page.published,
            published_source="html-meta" if page.published else None,
            outlet=page.outlet,
            url=page.url,
        )

    def over(self, fallback: Metadata) -> Metadata:
        """These values, each missing one taken from ``fallback``."""
        title_from = self if self.title else fallback
        date_from = self if self.published else fallback
        crawl_from = self if self.crawled else fallback
        return Metadata(
            title=title_from.title,
            title_source=title_from.title_source,
            published=date_from.published,
            published_source=date_from.published_source,
            outlet=self.outlet or fallback.outlet,
            url=self.url or fallback.url,
            external_id=self.external_id or fallback.external_id,
            crawled=crawl_from.crawled,
            crawled_source=crawl_from.crawled_source,
        )


def _headline_key(text: str) -> str:
    return _NON_WORD.sub(" ", text.casefold()).strip()


def _same_headline(a: str, b: str) -> bool:
    """True when two headlines are the same up to case, punctuation or a site suffix."""
    short, long = sorted((_headline_key(a), _headline_key(b)), key=len)
    return bool(short) and short in long and len(short) >= 0.5 * len(long)


def _titled(cleaned: Cleaned, meta: Metadata) -> tuple[str, str | None, str | None]:
    """Text, title and title source, with a metadata title as the first paragraph."""
    title = normalise_line(meta.title or "")
    if not title:
        return cleaned.text, cleaned.title, cleaned.title_source
    first = cleaned.text.split("\n\n", 1)[0]
    if _same_headline(first, title):
        return cleaned.text, title, meta.title_source
    return f"{title}\n\n{cleaned.text}", title, meta.title_source


def build_document(
    raw_text: str,
    *,
    path: str,
    source_format: str,
    meta: Metadata | None = None,
    line: int | None = None,
) -> Document | IngestProblem:
    """Clean ``raw_text`` and make a Document, or a problem when no text is left."""
    cleaned = clean_text(raw_text)
    if not cleaned.text:
        return IngestProblem(path=path, reason="no text left after cleaning", line=line)
    meta = meta or Metadata()
    text, title, title_source = _titled(cleaned, meta)
    published, published_source = meta.published, meta.published_source
    if published is None:
        published, published_source = cleaned.published, cleaned.published_source
    if published is None and meta.crawled is not None:
        published, published_source = meta.crawled, meta.crawled_source
    return Document(
        doc_id=doc_id_for(text),
        path=path,
        text=text,
        title=title,
        title_source=title_source,
        published=published,
        published_source=published_source,
        published_warning=page_date_warning(
            text, published,
            above_headline=published_source == "text-header" and date_above_headline(raw_text)),
        url=meta.url,
        outlet=meta.outlet or cleaned.outlet,
        source_format=source_format,
        line=line,
        external_id=meta.external_id,
        removed=list(cleaned.removed),
    )
