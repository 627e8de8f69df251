"""Quotes: who said what, in one document and across documents.

>>> from khaldun.quotes import QuoteFinder, group_quotes
>>> finder = QuoteFinder(res.knowledge)                       # doctest: +SKIP
>>> quotes = finder.find(document, doc, found)                # doctest: +SKIP
>>> groups = group_quotes([(q, speaker_id) for q in quotes])  # doctest: +SKIP

:class:`QuoteFinder` finds direct quotes, partial quotes (a quoted fragment
inside reported speech) and indirect speech, each with its speaker resolved
through the document's actor mentions; :func:`group_quotes` makes the same
quote reported by several documents one group.  The cue words are data:
``knowledge/data/quote_cues.yaml`` (:func:`load_cues`).
"""

from khaldun.quotes.cues import CueLexicon, load_cues
from khaldun.quotes.finder import QuoteFinder, quote_id
from khaldun.quotes.group import QuoteGroup, group_quotes, normalize_quote

__all__ = ["CueLexicon", "QuoteFinder", "QuoteGroup", "group_quotes", "load_cues", "normalize_quote",
           "quote_id"]
