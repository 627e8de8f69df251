"""Fixtures for the quote tests: find the quotes of a text we write."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def quote_finder(resources):
    from khaldun.quotes import QuoteFinder

    return QuoteFinder(resources.knowledge)


@pytest.fixture()
def quotes_of(resources, quote_finder):
    """Quotes of ``text`` as one document published on ``published``."""
    from khaldun.ingest import doc_id_for
    from khaldun.records import Document

    def _find(text: str, published: str | None = "2017-04-08"):
        document = Document(doc_id=doc_id_for(text), path="test.txt", text=text, published=published)
        doc = resources.nlp(text)
        found = resources.finder.find(doc, published)
        return quote_finder.find(document, doc, found)

    return _find
