"""Code gold sentences with the real pipeline, one document per sentence.

Gold sets are lists of single sentences (lead sentences, manual examples).
Each becomes a :class:`~khaldun.records.Document` and goes through the same
``code_parsed`` path as ``khaldun run``.  The *main* event of a sentence is the
one whose trigger sits highest in the dependency tree (the main verb), then
the most confident: that is what a one-label gold set scores.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from khaldun.ingest import doc_id_for
from khaldun.pipeline import Resources, code_parsed
from khaldun.records import Document, Event


@dataclass(slots=True)
class CodedSentence:
    text: str
    events: list[Event]
    main: Event | None


def code_sentences(texts: Iterable[str], res: Resources, *, source: str = "gold",
                   published: Iterable[str | None] | None = None,
                   batch_size: int = 64) -> Iterator[CodedSentence]:
    """Yield each sentence with its events and its main event, in input order."""
    texts = list(texts)
    dates = list(published) if published is not None else [None] * len(texts)
    docs = [Document(doc_id=doc_id_for(t), path=source, text=t, published=d, line=i + 1)
            for i, (t, d) in enumerate(zip(texts, dates))]
    for document, doc in zip(docs, res.nlp.pipe(texts, batch_size=batch_size)):
        events = code_parsed(document, doc, res).events
        yield CodedSentence(text=document.text, events=events, main=_main_event(doc, events))


def _main_event(doc, events: list[Event]) -> Event | None:
    if not events:
        return None

    def depth(event: Event) -> int:
        start = event.evidence[0].trigger_start
        span = doc.char_span(start, event.evidence[0].trigger_end, alignment_mode="expand")
        if span is None:
            return 99
        token = span.root
        return sum(1 for _ in token.ancestors)

    return min(events, key=lambda e: (depth(e), e.negated, e.hypothetical, -e.confidence))
