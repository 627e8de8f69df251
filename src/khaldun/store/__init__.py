"""The store: a DuckDB database of documents, actors and events, and its exports.

>>> from khaldun.store import Store, export_events
>>> with Store("khaldun.duckdb") as store:          # doctest: +SKIP
...     store.write(result)                          # one transaction per document
...     export_events(store, "jsonl", "events.jsonl")
"""

from khaldun.store._export import ACTOR_FORMATS, EVENT_FORMATS, export_actors, export_events
from khaldun.store._rows import EncodedResult, encode_result
from khaldun.store._store import ReadOnlyStoreError, Store, StoreError

__all__ = [
    "ACTOR_FORMATS",
    "EVENT_FORMATS",
    "EncodedResult",
    "ReadOnlyStoreError",
    "Store",
    "StoreError",
    "encode_result",
    "export_actors",
    "export_events",
]
