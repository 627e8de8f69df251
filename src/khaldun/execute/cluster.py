"""A Dask cluster (``khaldun run --dask ADDRESS`` or ``--dask local``).

The client (``khaldun run``) reads the input and submits one task per batch of
documents; each Dask worker loads the resources once (a worker plugin), codes
its batch and writes it to a Parquet part file (:mod:`khaldun.execute.parts`)
in ``parts_dir``; the client loads the parts in input order into the database
and deletes them, then runs the cross-document steps.  The parts directory
must be reachable under the same path by the workers and the client (a local
directory for ``local``; a shared file system for a cluster across machines).
At most ``ahead`` batches per worker thread are in flight.

dask and distributed are an optional extra: ``pip install "khaldun[dask]"``.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from khaldun.execute.base import Coded, ResourceSpec, code_batch
from khaldun.execute.parts import part_path, read_part, write_part
from khaldun.records import DocResult, Document, IngestProblem
from khaldun.store import EncodedResult, encode_result

if TYPE_CHECKING:
    from khaldun.pipeline import Resources

log = logging.getLogger(__name__)

#: Name of the worker plugin that holds each Dask worker's resources.
PLUGIN = "khaldun-resources"


class ClusterError(RuntimeError):
    """The Dask cluster could not be started or reached."""


class DaskUnavailable(ImportError):
    """``--dask`` was asked for but dask.distributed is not installed."""


def _distributed() -> Any:
    try:
        import distributed
    except ImportError as exc:
        raise DaskUnavailable(
            'khaldun run --dask needs dask.distributed: pip install "khaldun[dask]" '
            f'(or pip install "dask[distributed]"); {exc}') from exc
    return distributed


try:  # the plugin base class, when the extra is installed
    from distributed import WorkerPlugin as _PluginBase
except ImportError:  # pragma: no cover - exercised without the extra
    _PluginBase = object  # type: ignore[assignment,misc]


class _ResourcesPlugin(_PluginBase):  # type: ignore[valid-type,misc]
    """Worker plugin: loads the resources once when the worker starts (or joins)."""

    def __init__(self, spec: ResourceSpec) -> None:
        self.spec = spec
        self.resources: Resources | None = None

    def setup(self, worker: Any) -> None:
        self.resources = self.spec.load()

    def teardown(self, worker: Any) -> None:
        self.resources = None


def _code_partition(index: int, documents: Sequence[Document], parts_dir: str) -> str:
    """Task run on a Dask worker: code one batch and write its part file; return its path."""
    from distributed import get_worker

    plugin = get_worker().plugins[PLUGIN]
    if plugin.resources is None:
        plugin.setup(None)
    coded = [encode_result(item) if isinstance(item, DocResult) else item
             for item in code_batch(documents, plugin.resources)]  # the rows to insert: cheaper to load
    return str(write_part(coded, part_path(parts_dir, index)))


class DaskCluster:
    """Code batches on a Dask cluster, each worker writing Parquet parts; results in input order.

    ``address`` is a scheduler address (``tcp://host:8786``) or ``"local"`` for a
    :class:`distributed.LocalCluster` of ``workers`` single-threaded processes.
    """

    def __init__(self, address: str, spec: ResourceSpec, parts_dir: str | Path, *,
                 workers: int | None = None, ahead: int = 2, keep_parts: bool = False) -> None:
        self.address, self.spec = address, spec
        self.parts_dir = Path(parts_dir).resolve()
        self.workers, self.ahead, self.keep_parts = workers, max(1, ahead), keep_parts
        self._client: Any = None
        self._cluster: Any = None

    @staticmethod
    def check() -> None:
        """Raise :class:`DaskUnavailable` (with how to install it) when dask.distributed is missing."""
        _distributed()

    def __enter__(self) -> DaskCluster:
        distributed = _distributed()
        self.parts_dir.mkdir(parents=True, exist_ok=True)
        try:
            if self.address == "local":
                self._cluster = distributed.LocalCluster(
                    n_workers=self.workers or 1, threads_per_worker=1, processes=True,
                    dashboard_address=None)
                self._client = distributed.Client(self._cluster)
            else:
                self._client = distributed.Client(self.address)
        except (OSError, TimeoutError) as exc:
            self.close()
            raise ClusterError(f"cannot reach the Dask scheduler at {self.address}: {exc}") from exc
        self._client.register_plugin(_ResourcesPlugin(self.spec), name=PLUGIN)
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Disconnect (and stop a local cluster); remove the parts directory if it is empty."""
        if self._client is not None:
            self._client.close()
            self._client = None
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None
        if self.parts_dir.is_dir() and not any(self.parts_dir.iterdir()):
            self.parts_dir.rmdir()

    def map(self, batches: Iterable[Sequence[Document]]) -> Iterator[list[Coded | EncodedResult]]:
        if self._client is None:
            raise RuntimeError("use DaskCluster as a context manager")
        threads = max(1, sum(self._client.nthreads().values()))
        pending: deque[tuple[Sequence[Document], Any]] = deque()
        for index, batch in enumerate(batches):
            future = self._client.submit(_code_partition, index, list(batch), str(self.parts_dir),
                                         pure=False)
            pending.append((batch, future))
            if len(pending) >= threads * self.ahead:
                yield self._collect(*pending.popleft())
        while pending:
            yield self._collect(*pending.popleft())

    def _collect(self, batch: Sequence[Document], future: Any) -> list[Coded | EncodedResult]:
        try:
            path = Path(future.result())
        except Exception as exc:  # a task that failed on the cluster (e.g. its worker died)
            log.warning("a Dask task failed", exc_info=True)
            reason = f"coding failed on the cluster: {type(exc).__name__}: {exc}"
            return [IngestProblem(d.path, reason, d.line) for d in batch]
        finally:
            future.release()
        items = read_part(path)
        if not self.keep_parts:
            path.unlink()
        return items
