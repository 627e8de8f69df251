"""What every executor shares: the batch coder, the resource recipe, the in-process executor."""

from __future__ import annotations

import gc
import logging
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from khaldun.records import DocResult, Document, IngestProblem

if TYPE_CHECKING:
    from khaldun.pipeline import Resources

log = logging.getLogger(__name__)

#: One document's outcome: its results, or why it could not be coded.
Coded = DocResult | IngestProblem


@dataclass(frozen=True)
class ResourceSpec:
    """How to load :class:`~khaldun.pipeline.Resources`: the arguments, not the loaded object.

    It is small and picklable, so a worker process (or a Dask worker on another
    machine) can load its own copy once.
    """

    actor_files: tuple[str, ...] = ()
    verb_files: tuple[str, ...] = ()
    model: str | None = None
    fallback: bool = False

    @classmethod
    def of(cls, actor_files: Iterable[str | Path] = (), verb_files: Iterable[str | Path] = (),
           model: str | None = None, fallback: bool = False) -> ResourceSpec:
        """The spec of ``Resources.load`` with these arguments (paths made absolute)."""
        return cls(tuple(str(Path(p).resolve()) for p in actor_files),
                   tuple(str(Path(p).resolve()) for p in verb_files), model, fallback)

    def load(self) -> Resources:
        """Load the resources this spec describes."""
        from khaldun.pipeline import Resources

        return Resources.load(actor_files=self.actor_files, verb_files=self.verb_files,
                              model=self.model, fallback=self.fallback)


class Executor(Protocol):
    """Maps batches of documents to their coded results, one list per batch, in input order."""

    def map(self, batches: Iterable[Sequence[Document]]) -> Iterator[list[Coded]]: ...


def code_batch(documents: Sequence[Document], res: Resources) -> list[Coded]:
    """Parse a batch with ``nlp.pipe`` and code each document; a failure becomes a problem.

    A document whose coding raises is reported as an :class:`IngestProblem`
    (file, line, reason) and the rest of the batch goes on.  Results keep the
    input order.
    """
    from khaldun import pipeline  # looked up at call time: tests replace code_parsed

    texts = [d.text for d in documents]
    out: list[Coded] = []
    for document, doc in zip(documents, res.nlp.pipe(texts, batch_size=max(1, len(texts)))):
        try:
            out.append(pipeline.code_parsed(document, doc, res))
        except Exception as exc:  # one bad document must not stop the run
            log.warning("coding failed for %s", document.path, exc_info=True)
            out.append(IngestProblem(document.path, f"coding failed: {type(exc).__name__}: {exc}",
                                     document.line))
    return out


def freeze_loaded() -> bool:
    """Keep every object alive now (the loaded model and lexicons: millions of them) out of the
    garbage collector's reach until :func:`thaw`; return whether this call froze them.

    Each full collection walks every tracked object: with the model loaded a
    run makes dozens, a third of the main process's CPU with ``--workers 2``
    (measured).  Processes forked afterwards inherit the frozen state.  Nothing
    is done when objects are frozen already (the caller's own freeze is left as is).
    """
    if gc.get_freeze_count():
        return False
    gc.freeze()
    return True


def thaw(frozen: bool) -> None:
    """Give the objects frozen by :func:`freeze_loaded` back to the collector (when it froze them)."""
    if frozen:
        gc.unfreeze()


def clear_caches() -> int:
    """Empty the ``functools`` caches of khaldun's loaded modules; return how many were emptied.

    They cache pure functions (name keys, dates, places), so they fill again as they are
    called.  The main process empties them after each cross-document step: a cache's entries
    are made while a step's own objects come and go, so they end up spread over the memory
    the step gives back, and each keeps a block of it from being returned to the system.
    Measured after grouping 323,301 quotes in a fresh process: Python held 335 arenas of
    1 MiB for 52 MB of live objects; 194 once the caches were emptied.
    """
    emptied = 0
    for name, module in list(sys.modules.items()):
        if name != "khaldun" and not name.startswith("khaldun."):
            continue
        for value in list(vars(module).values()):
            if callable(getattr(value, "cache_clear", None)) and hasattr(value, "cache_info"):
                value.cache_clear()
                emptied += 1
    return emptied


class InProcess:
    """Code every batch in this process (``--workers 1``)."""

    def __init__(self, resources: Resources) -> None:
        self.resources = resources

    def map(self, batches: Iterable[Sequence[Document]]) -> Iterator[list[Coded]]:
        for batch in batches:
            yield code_batch(batch, self.resources)
