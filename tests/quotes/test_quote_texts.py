"""QuoteTexts: each quote text normalised once per call, answering as the module's functions do."""

from __future__ import annotations

import khaldun.quotes.group as group_module
from khaldun.quotes import group_quotes
from khaldun.quotes.group import QuoteTexts, lookup_keys, same_words
from khaldun.records import Quote

WIRE = "“Our support for the fight against terrorism in the region will continue without pause,”"
EDITED = "Our support for the fight against terrorism in this region will continue without any pause"
EXCERPT = "the fight against terrorism in the region will continue"
SHORT = "very good"
OTHER = "The fight against corruption will be our first task in the coming year"
TEXTS = [WIRE, EDITED, EXCERPT, SHORT, OTHER, WIRE.upper()]


def _q(doc: str, text: str) -> Quote:
    return Quote(quote_id=f"{doc}:0", doc_id=doc, text=text, start=0, end=len(text), kind="direct", speaker=None)


def test_keys_and_same_words_answer_as_the_module_functions() -> None:
    texts = QuoteTexts()
    for a in TEXTS:
        assert texts.keys(a) == lookup_keys(a)
        for b in TEXTS:
            assert texts.same(a, b) == same_words(a, b)
    assert texts.same(WIRE, EDITED) and texts.same(WIRE, EXCERPT) and not texts.same(WIRE, OTHER)


def test_keys_returned_are_the_callers_to_change() -> None:
    texts = QuoteTexts()
    texts.keys(WIRE).clear()
    assert texts.keys(WIRE) == lookup_keys(WIRE)


def test_grouping_with_the_callers_texts_gives_the_same_groups() -> None:
    items = [(_q(f"d{i}", text), "ansari" if i % 2 else None) for i, text in enumerate(TEXTS)]
    texts = QuoteTexts()
    for text in TEXTS:  # already asked about by the caller, as the store does
        texts.keys(text)
    alone = [(g.quote_id, [q.quote_id for q in g.members]) for g in group_quotes(items)]
    shared = [(g.quote_id, [q.quote_id for q in g.members]) for g in group_quotes(items, texts)]
    assert shared == alone
    assert len(alone) == 3  # the wire quote with its edit, excerpt and upper-case copy; "very good"; the other


def test_no_memo_is_kept_in_the_module() -> None:
    assert not hasattr(group_module, "_text_item")
    assert not any(hasattr(value, "cache_info") for value in vars(group_module).values())
