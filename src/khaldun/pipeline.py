"""Wire the stages together.

``code_document`` is the per-document path (a pure function of one document
plus loaded resources), so it can run in a process pool or on a cluster.
``run`` streams files through it in batches and stores each result in its
own transaction.
"""

from __future__ import annotations

import dataclasses
import functools
import gc
import itertools
import logging
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from khaldun.actors import MentionFinder, build_actors
from khaldun.events.coder import EventCoder
from khaldun.ingest import iter_documents
from khaldun.knowledge import load_knowledge
from khaldun.knowledge.verbs import load_verbs
from khaldun.nlp import build_pipeline
from khaldun.quotes import QuoteFinder
from khaldun.records import DocResult, Document, IngestProblem, Sentence
from khaldun.reuse import fingerprint, fingerprint_to_bytes
from khaldun.reuse.shingles import WordHashes
from khaldun.store import EncodedResult
from khaldun.store._store import DUCKDB_MEMORY_LIMIT
from khaldun.timeplace.dates import warm_up as warm_up_dates
from khaldun.timeplace.gazetteer import Gazetteer

if TYPE_CHECKING:
    from collections import deque

    from spacy.language import Language
    from spacy.tokens import Doc

    from khaldun.events.fallback import EmbeddingFallback
    from khaldun.execute import Executor, ResourceSpec
    from khaldun.knowledge import Knowledge
    from khaldun.knowledge.verbs import VerbLexicon
    from khaldun.nlp.view import DocView
    from khaldun.store import Store

BATCH_SIZE = 32

log = logging.getLogger(__name__)


@dataclass
class Resources:
    """Everything the per-document stages need, loaded once per process."""

    nlp: Language
    knowledge: Knowledge
    verbs: VerbLexicon
    places: Gazetteer
    finder: MentionFinder
    coder: EventCoder
    quotes: QuoteFinder
    fallback: EmbeddingFallback | None = None  # learned coder for sentences the rules leave uncoded
    #: word hashes of the reuse fingerprints, kept from one document to the next (bounded)
    words: WordHashes = field(default_factory=WordHashes, repr=False, compare=False)

    @classmethod
    def load(cls, actor_files: Iterable[str | Path] = (), verb_files: Iterable[str | Path] = (),
             model: str | None = None, fallback: bool = False) -> Resources:
        """Load our lexicons (plus the user's files), the gazetteer and the model.

        ``fallback=True`` adds the embedding fallback (needs ``khaldun[embed]``; raises
        :class:`~khaldun.events.embedding.EmbeddingUnavailable` without it).
        """
        return cls.build(load_knowledge(actor_files), load_verbs(verb_files), Gazetteer(), model=model,
                         fallback=fallback)

    @classmethod
    def build(cls, knowledge: Knowledge, verbs: VerbLexicon, places: Gazetteer,
              model: str | None = None, fallback: bool = False) -> Resources:
        """Every stage built from knowledge already loaded."""
        nlp = build_pipeline(knowledge, places=places, model=model)
        warm_up_dates()  # dateparser's one-off set-up, paid here (once for a forked pool) not in a document
        learned = None
        if fallback:
            from khaldun.events.fallback import EmbeddingFallback

            learned = EmbeddingFallback.load(knowledge, verbs, places)
        return cls(nlp=nlp, knowledge=knowledge, verbs=verbs, places=places,
                   finder=MentionFinder(knowledge, places), coder=EventCoder(verbs, knowledge, places),
                   quotes=QuoteFinder(knowledge), fallback=learned)


def code_parsed(document: Document, doc: Doc, res: Resources) -> DocResult:
    """Sentences, mentions, actors and events of one document; ``doc`` is the parse of ``document.text``."""
    found = res.finder.find(doc, document.published)
    sentences = _sentences(document, found.view_of(doc))
    mentions, actors = build_actors(document.doc_id, doc, found, res.knowledge, document.published)
    events = res.coder.code(document, doc, found)
    if res.fallback is not None:
        events += res.fallback.code(document, doc, found, events)
    quotes = res.quotes.find(document, doc, found)
    return DocResult(document=document, sentences=sentences, mentions=mentions, actors=actors,
                     events=events, quotes=quotes,
                     fingerprint=fingerprint_to_bytes(fingerprint(document.doc_id, document.text,
                                                                  memo=res.words)))


def _sentences(document: Document, view: DocView) -> list[Sentence]:
    """The sentence records of a document (its parse read through ``view``), trimmed of outer whitespace."""
    text, doc_id = document.text, document.doc_id
    starts, ends = view.starts, view.ends
    out = []
    for n, sent in enumerate(view.sents):
        first, last = starts[sent.start], ends[sent.end - 1]
        chunk = text[first:last]  # sent.text without its trailing whitespace, without a Token per word
        start = first + (len(chunk) - len(chunk.lstrip()))
        end = first + len(chunk.rstrip())
        out.append(Sentence(doc_id=doc_id, index=n, start=start, end=end, text=text[start:end]))
    return out


def code_document(document: Document, res: Resources) -> DocResult:
    return code_parsed(document, res.nlp(document.text), res)


@dataclass
class RunSummary:
    documents: int = 0  # newly coded and stored
    skipped: int = 0  # already in the database
    duplicates: int = 0  # same cleaned text seen twice in this run
    problems: list[IngestProblem] = field(default_factory=list)
    events: int = 0
    sentences: int = 0
    words: int = 0
    seconds: float = 0.0  # reading, coding, storing and the cross-document steps (not loading the model)

    @property
    def ok(self) -> bool:
        return self.documents + self.skipped + self.duplicates > 0


def run(paths: Iterable[str | Path], store: Store, res: Resources | ResourceSpec | None = None, *,
        batch_size: int = BATCH_SIZE,
        on_document: Callable[[Document | IngestProblem], None] | None = None,
        workers: int = 1, executor: Executor | None = None) -> RunSummary:
    """Ingest, code and store every document under ``paths``.

    Each batch of documents is written in one transaction, so an interruption
    loses at most the batch in flight, and a re-run resumes where it stopped.
    ``workers`` > 1 codes the batches in a pool of that many processes sharing
    ``res`` (see :mod:`khaldun.execute`); ``executor`` (a process pool, a Dask
    cluster) replaces both and then ``res`` is not needed here.  This process
    reads, stores and runs the cross-document steps, with only the batches in
    flight in memory: memory does not grow with the corpus.

    Given a :class:`~khaldun.execute.ResourceSpec` rather than loaded
    resources, ``run`` loads them itself and lets go of them once every
    document is coded: the cross-document steps need none of them, and run
    without the model and lexicons in memory.
    """
    from collections import deque

    from khaldun.execute import InProcess, ProcessPool, ResourceSpec, freeze_loaded, thaw

    paths = list(paths)
    summary = RunSummary()
    owned: ProcessPool | None = None
    # resources loaded here are ours alone: let go of them once the documents are coded
    release = executor is None and isinstance(res, ResourceSpec)
    if executor is None:
        if res is None:
            raise ValueError("run() needs the loaded resources (or their spec), or an executor that has its own")
        loaded = res.load() if isinstance(res, ResourceSpec) else res
        # the workers send back the rows to insert: this process, which they all wait on, only stores
        owned = ProcessPool(workers, resources=loaded, encode=True) if workers > 1 else None
        executor = owned if owned is not None else InProcess(loaded)
        del loaded
    started = time.perf_counter()  # (after loading: the time is the run's, as when given loaded resources)
    run_id = store.start_run({"paths": [str(p) for p in paths]})
    frozen = freeze_loaded()  # the loaded model is never garbage: no collection walks it during the run
    try:
        state = _InFlight()
        documents = _new_documents(paths, store, summary, run_id, on_document, state)
        sent: deque[list[Document]] = deque()  # batches handed to the executor, oldest first
        for items in executor.map(_logged(_batches(documents, batch_size), sent)):
            batch = sent.popleft()
            results: list[DocResult | EncodedResult] = []
            for document, item in zip(batch, items):
                if isinstance(item, IngestProblem):  # one bad document must not stop the run
                    state.failed.add(document.doc_id)
                    _problem(store, summary, item, run_id)
                else:
                    results.append(item)
            # one transaction per batch: all of its documents are stored, or none
            for result, stored in zip(results, store.write_many(results)):
                if stored:
                    summary.documents += 1
                    summary.events += len(result.events)
                    summary.sentences += len(result.sentences)
                    summary.words += _words(result)
                else:
                    summary.duplicates += 1
                if on_document is not None:
                    on_document(result.document)
            state.done(batch, store)
        state.done([], store)
        if release:
            if owned is not None:
                owned.close()
            executor = owned = None  # (the last reference to the resources)
            thaw(frozen)
            frozen = False
            gc.collect()  # the model's objects hold reference cycles
        cross_document(store)
    finally:
        if owned is not None:
            owned.close()
        thaw(frozen)
        summary.seconds = time.perf_counter() - started
        store.finish_run(run_id, {
            "documents": summary.documents, "skipped": summary.skipped,
            "duplicates": summary.duplicates, "problems": len(summary.problems),
            "events": summary.events, "seconds": round(summary.seconds, 3),
        })
    return summary


def cross_document(store: Store, *, full: bool = False) -> None:
    """The steps that look across documents, after the per-document ones have stored theirs.

    Incremental: each step redoes only the part that new documents (or a
    canonical actor changed by actor merging) touch; ``full`` recomputes
    everything, with the same result.
    """
    from khaldun.execute import clear_caches

    steps = (
        store.link_documents,  # text shared between documents: copies, near duplicates, passages
        functools.partial(store.merge_actors, full=full),  # one canonical actor per entity
        functools.partial(store.merge_events, full=full),  # one event per happening, across documents
        functools.partial(store.group_quotes, full=full),  # one quote however many documents report it
        functools.partial(store.build_stories, full=full),  # documents telling the same happenings
    )
    for step in steps:
        _within_memory(store, step)
        # what the step left in caches would keep the memory it freed from the next step
        clear_caches()
        gc.collect()


def _within_memory(store: Store, step: Callable[[], object]) -> None:
    """Run a step within the store's memory limit; if DuckDB runs out of it, again with DuckDB's
    own limit (then the store's again).

    Most of DuckDB's operators spill to disk beyond the limit, not all.  A step that fails has
    rolled back what it had not committed, and every step is incremental: run again, it does
    what is left, with the same result.
    """
    try:
        step()
    except duckdb.OutOfMemoryException as exc:
        limit = store.memory_limit
        if limit == DUCKDB_MEMORY_LIMIT:
            raise
        name = getattr(step, "func", step).__name__
        log.warning("%s ran out of the database's memory limit (%s): running it again with DuckDB's own "
                    "(%s). %s", name, limit, DUCKDB_MEMORY_LIMIT, str(exc).splitlines()[0])
        store.set_memory_limit(DUCKDB_MEMORY_LIMIT)
        try:
            step()
        finally:
            store.set_memory_limit(limit)


@dataclass
class _InFlight:
    """What a run must remember between reading a document and storing it: bounded by the batches in flight.

    Whether a text was already seen is asked of the store (stored before this
    run: skipped; stored by this run: a duplicate), so nothing grows with the
    corpus but the ids of documents that failed to code.
    """

    pending: set[str] = field(default_factory=set)  # read and sent to be coded, not yet stored
    copies: list[Document] = field(default_factory=list)  # copies of a pending text, recorded once it is stored
    failed: set[str] = field(default_factory=set)  # failed to code in this run: its copies are dropped

    def done(self, batch: list[Document], store: Store) -> None:
        """A batch is stored (or failed): record the copies whose original is no longer pending."""
        self.pending.difference_update(d.doc_id for d in batch)
        ready = [c for c in self.copies if c.doc_id not in self.pending]
        self.copies = [c for c in self.copies if c.doc_id in self.pending]
        for copy in ready:
            store.record_copy(copy)


def _stored_by_run(store: Store, doc_ids: list[str], run_id: str) -> dict[str, bool]:
    """For each of ``doc_ids`` already stored: whether this run stored it (one query for them all)."""
    if not doc_ids:
        return {}
    marks = ", ".join("?" * len(doc_ids))
    rows = store.connection.execute(
        "SELECT d.doc_id, d.ingested_at >= r.started_at FROM documents d, runs r "
        f"WHERE d.doc_id IN ({marks}) AND r.run_id = ?", [*doc_ids, run_id]).fetchall()
    return {doc_id: bool(by_run) for doc_id, by_run in rows}


#: Documents read ahead to ask the store about them in one query.
LOOKUP_CHUNK = 64


def _logged(batches: Iterable[list[Document]], sent: deque[list[Document]]) -> Iterator[list[Document]]:
    """Pass batches through, remembering each in ``sent`` (the executor answers them in order)."""
    for batch in batches:
        sent.append(batch)
        yield batch


def _new_documents(paths, store: Store, summary: RunSummary, run_id: str,
                   on_document, state: _InFlight) -> Iterator[Document]:
    """The documents under ``paths`` that still need coding; copies and problems are recorded on the way."""
    items = iter_documents(paths)
    while chunk := list(itertools.islice(items, LOOKUP_CHUNK)):
        ids = list({item.doc_id for item in chunk if isinstance(item, Document)})
        stored = _stored_by_run(store, ids, run_id)
        # in flight now or sent on from this chunk: may be stored before we get to a copy of it
        recheck = {doc_id for doc_id in ids if doc_id in state.pending}
        for item in chunk:
            if isinstance(item, IngestProblem):
                _problem(store, summary, item, run_id)
                if on_document is not None:
                    on_document(item)
                continue
            if item.doc_id in state.pending:  # its first copy is being coded now
                summary.duplicates += 1
                state.copies.append(dataclasses.replace(item, text=""))  # recorded once the first is stored
                continue
            if item.doc_id in state.failed:
                summary.duplicates += 1
                continue
            by_this_run = stored.get(item.doc_id)
            if by_this_run is None and item.doc_id in recheck:  # perhaps stored since the query
                by_this_run = _stored_by_run(store, [item.doc_id], run_id).get(item.doc_id)
            if by_this_run is None:
                state.pending.add(item.doc_id)
                recheck.add(item.doc_id)
                yield item
                continue
            store.record_copy(item)  # a new file with a stored text: an exact copy
            if by_this_run:
                summary.duplicates += 1
                continue
            summary.skipped += 1
            if on_document is not None:
                on_document(item)


def _words(result: DocResult | EncodedResult) -> int:
    """Words of a stored document's sentences (counted by the worker when it sent rows)."""
    if isinstance(result, EncodedResult):
        return result.words
    return sum(len(s.text.split()) for s in result.sentences)


def _problem(store: Store, summary: RunSummary, problem: IngestProblem, run_id: str) -> None:
    summary.problems.append(problem)
    store.record_problem(problem.path, problem.reason, problem.line, run_id)


def _batches(items: Iterable[Document], size: int) -> Iterator[list[Document]]:
    batch: list[Document] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
