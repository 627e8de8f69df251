"""Where the per-document stages run: in this process, a process pool, or a Dask cluster.

Every executor maps batches of :class:`~khaldun.records.Document` to lists of
:class:`Coded` items (a :class:`~khaldun.records.DocResult`, or an
:class:`~khaldun.records.IngestProblem` for a document that failed to code),
one list per batch, in input order.  A result may also come as the rows the
store inserts for it (:class:`~khaldun.store.EncodedResult`: what the worker
processes of a pool started by ``run`` and the Dask workers send back, made
where the document was coded and cheaper to receive).  :func:`khaldun.pipeline.run`
drives one: it reads the input and stores each coded batch as it arrives, so
only the batches in flight are held in memory.  While it runs, the objects
already loaded (the model) are frozen out of the garbage collector's walks
(:func:`freeze_loaded`).

>>> from khaldun.execute import ProcessPool
>>> with ProcessPool(workers=4, resources=res) as pool:  # doctest: +SKIP
...     summary = run(paths, store, executor=pool)
"""

from khaldun.execute.base import (
    Coded,
    Executor,
    InProcess,
    ResourceSpec,
    clear_caches,
    code_batch,
    freeze_loaded,
    thaw,
)
from khaldun.execute.local import ProcessPool

__all__ = ["Coded", "Executor", "InProcess", "ProcessPool", "ResourceSpec", "clear_caches", "code_batch",
           "freeze_loaded", "thaw"]
