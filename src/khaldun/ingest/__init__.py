"""Ingest: read articles (txt, html, jsonl, gzip'd, WARC), clean crawl debris, find title and date.

>>> from khaldun.ingest import iter_documents
>>> for item in iter_documents(["corpus/"]):  # doctest: +SKIP
...     print(item)
"""

from khaldun.ingest.clean import Cleaned, clean_text
from khaldun.ingest.dates import header_date, normalise_date
from khaldun.ingest.documents import doc_id_for
from khaldun.ingest.readers import FORMATS, iter_documents

__all__ = [
    "FORMATS",
    "Cleaned",
    "clean_text",
    "doc_id_for",
    "header_date",
    "iter_documents",
    "normalise_date",
]
