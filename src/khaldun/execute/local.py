"""A process pool on this machine (``khaldun run --workers N``).

Each worker process holds one copy of the resources, set up once by the
pool's initializer: with the ``fork`` start method (the default on Linux) the
children inherit the parent's loaded model copy-on-write and start in
milliseconds; with ``spawn`` (or ``forkserver``) each child loads its own copy
from a :class:`~khaldun.execute.ResourceSpec` (a few seconds each).  The main
process keeps reading input and storing results while the workers parse: at
most ``workers * ahead`` batches are in flight, so memory does not grow with
the corpus.
"""

from __future__ import annotations

import logging
import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import chain
from typing import TYPE_CHECKING

from khaldun.execute.base import Coded, ResourceSpec, code_batch
from khaldun.records import DocResult, Document, IngestProblem
from khaldun.store import EncodedResult, encode_result

if TYPE_CHECKING:
    from khaldun.pipeline import Resources

log = logging.getLogger(__name__)

#: This worker process's resources, set once by :func:`_init` (one per process, never shared).
_RESOURCES: Resources | None = None


def _init(resources: Resources | None, spec: ResourceSpec | None) -> None:
    """Pool initializer: keep the inherited resources (fork) or load them from the spec."""
    global _RESOURCES
    _RESOURCES = resources if resources is not None else spec.load()  # type: ignore[union-attr]


def _code(batch: Sequence[Document]) -> list[Coded]:
    assert _RESOURCES is not None, "worker used before its initializer ran"
    return code_batch(batch, _RESOURCES)


def _code_rows(batch: Sequence[Document]) -> list[Coded | EncodedResult]:
    """Code a batch and encode each result as the rows the store inserts (done here, in the worker)."""
    return [encode_result(item) if isinstance(item, DocResult) else item for item in _code(batch)]


class ProcessPool:
    """Code batches in ``workers`` processes; results come back in input order.

    Give ``resources`` (already loaded, shared with fork) or ``spec`` (loaded
    in each worker; needed with spawn/forkserver), or both.  A single-batch
    input is coded in this process when ``resources`` is given (no pool
    started).  A worker that dies (e.g. killed for memory) is replaced: its
    batch is retried one document at a time and the document that kills a
    worker again is reported as a problem; the run goes on.  With ``encode``
    each worker sends back a result as the rows the store inserts
    (:class:`~khaldun.store.EncodedResult`, what :func:`khaldun.pipeline.run`
    asks for): cheaper to receive than the records, and the store only
    inserts them.
    """

    def __init__(self, workers: int, *, resources: Resources | None = None,
                 spec: ResourceSpec | None = None, start_method: str | None = None,
                 ahead: int = 2, encode: bool = False) -> None:
        if workers < 1:
            raise ValueError("workers must be at least 1")
        if resources is None and spec is None:
            raise ValueError("ProcessPool needs the loaded resources or a ResourceSpec")
        if start_method is None:
            fork = resources is not None and "fork" in multiprocessing.get_all_start_methods()
            start_method = "fork" if fork else "spawn"
        if start_method != "fork" and spec is None:
            raise ValueError(f"start method {start_method!r} needs a ResourceSpec")
        self.workers, self.resources, self.spec = workers, resources, spec
        self.start_method, self.ahead = start_method, max(1, ahead)
        self._task = _code_rows if encode else _code
        self._pool: ProcessPoolExecutor | None = None
        self._generation = 0  # bumped each time a broken pool is replaced

    def __enter__(self) -> ProcessPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop the worker processes (work not yet collected is cancelled)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            shared = self.resources if self.start_method == "fork" else None
            self._pool = ProcessPoolExecutor(
                max_workers=self.workers, mp_context=multiprocessing.get_context(self.start_method),
                initializer=_init, initargs=(shared, None if shared is not None else self.spec))
        return self._pool

    def _restart(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
        self._generation += 1

    def map(self, batches: Iterable[Sequence[Document]]) -> Iterator[list[Coded | EncodedResult]]:
        it = iter(batches)
        first = next(it, None)
        if first is None:
            return
        second = next(it, None)
        if second is None and self.resources is not None:
            yield code_batch(first, self.resources)  # one batch: a pool would only add start-up
            return
        pending: deque[tuple[Sequence[Document], Future[list[Coded | EncodedResult]], int]] = deque()
        limit = self.workers * self.ahead
        for batch in chain([first], [second] if second is not None else [], it):
            pending.append((batch, self._executor().submit(self._task, batch), self._generation))
            if len(pending) >= limit:
                yield self._collect(*pending.popleft())
        while pending:
            yield self._collect(*pending.popleft())

    def _collect(self, batch: Sequence[Document], future: Future[list[Coded | EncodedResult]],
                 generation: int) -> list[Coded | EncodedResult]:
        try:
            return future.result()
        except BrokenProcessPool:
            if generation == self._generation:  # this batch may hold the culprit
                self._restart()
                return [item for document in batch for item in self._retry_one(document)]
            # the pool broke on another batch: this one is innocent, run it again whole
            return self._collect(batch, self._executor().submit(self._task, batch), self._generation)

    def _retry_one(self, document: Document) -> list[Coded | EncodedResult]:
        try:
            return self._executor().submit(self._task, [document]).result()
        except BrokenProcessPool:
            self._restart()
            log.warning("a worker process died coding %s", document.path)
            return [IngestProblem(document.path, "coding failed: the worker process died", document.line)]
