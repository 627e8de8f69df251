"""Exports of a store's events and actors: JSON Lines, CSV and Parquet.

JSONL carries the event records exactly as :meth:`Store.iter_events` yields
them.  CSV flattens them (lists joined with ``;``, parties as ``name (COUNTRY)``
joined with ``; ``, the first evidence sentence plus the evidence count).
Parquet is written by DuckDB's ``COPY`` to a file path and keeps nested lists
and structs.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import duckdb

from khaldun.store._dyadic import DYADIC_COLUMNS
from khaldun.store._read import events_nested_sql
from khaldun.store._sql import insert_rows, quote_ident, scalar

if TYPE_CHECKING:
    from khaldun.store._store import Store

EVENT_FORMATS: tuple[str, ...] = ("jsonl", "csv", "parquet")
ACTOR_FORMATS: tuple[str, ...] = ("jsonl", "csv")

EVENT_CSV_COLUMNS: tuple[str, ...] = (
    "event_id", "event_type", "mode", "contexts", "cameo", "quad", "date", "date_precision",
    "actor", "recipient", "location", "location_country", "lat", "lon",
    "negated", "future", "hypothetical", "historical", "confidence",
    "evidence_sentence", "evidence_doc_path", "evidence_count",
)  # fmt: skip

ACTOR_CSV_COLUMNS: tuple[str, ...] = (
    "actor_id", "name", "kind", "country", "sectors", "variants", "roles", "mentions",
    "documents", "source", "merged_ids",
)  # fmt: skip

#: DuckDB types of the dyadic columns, for the Parquet file.
_DYADIC_TYPES: dict[str, str] = {
    "quad": "INTEGER",
    "negated": "BOOLEAN",
    "future": "BOOLEAN",
    "confidence": "DOUBLE",
}

Output = IO[str] | str | Path | None


def export_events(store: Store, fmt: str, out: Output, *, dyadic: bool = False) -> int:
    """Write every event (or dyad row with ``dyadic``) to ``out``; return the rows written.

    ``out`` is a text stream, a file path, or None for standard output; Parquet
    needs a file path.
    """
    fmt = _check_format(fmt, EVENT_FORMATS)
    if fmt == "parquet":
        path = _parquet_path(out)
        if dyadic:
            return _dyads_to_parquet(store.iter_events(dyadic=True), path)
        sql = f"COPY ({events_nested_sql(store.relations)}) TO ? (FORMAT parquet)"
        return int(scalar(store.connection, sql, [path]))
    records = store.iter_events(dyadic=dyadic)
    if fmt == "jsonl":
        return _write_jsonl(records, out)
    if dyadic:
        return _write_csv(records, out, DYADIC_COLUMNS, lambda row: row)
    return _write_csv(records, out, EVENT_CSV_COLUMNS, flat_event)


def export_actors(store: Store, fmt: str, out: Output) -> int:
    """Write every actor to ``out`` as JSONL or CSV; return the rows written."""
    fmt = _check_format(fmt, ACTOR_FORMATS)
    if fmt == "jsonl":
        return _write_jsonl(store.iter_actors(), out)
    return _write_csv(store.iter_actors(), out, ACTOR_CSV_COLUMNS, flat_actor)


def flat_event(record: dict[str, Any]) -> dict[str, Any]:
    """One CSV row of an event record."""
    location = record["location"] or {}
    evidence = record["evidence"]
    return {
        **{k: record[k] for k in ("event_id", "event_type", "mode")},
        "contexts": ";".join(record["contexts"]),
        **{k: record[k] for k in ("cameo", "quad", "date", "date_precision")},
        "actor": party_labels(record["actor"]),
        "recipient": party_labels(record["recipient"]),
        "location": location.get("name"),
        "location_country": location.get("country"),
        "lat": location.get("lat"),
        "lon": location.get("lon"),
        **{k: record[k] for k in ("negated", "future", "hypothetical", "historical", "confidence")},
        "evidence_sentence": evidence[0]["sentence"] if evidence else None,
        "evidence_doc_path": evidence[0]["doc_path"] if evidence else None,
        "evidence_count": len(evidence),
    }


def party_labels(parties: Sequence[dict[str, Any]]) -> str:
    """Parties as ``name (COUNTRY)`` (just ``name`` when no country), joined with ``; ``."""
    return "; ".join(
        f"{p['name']} ({p['country']})" if p["country"] else p["name"] for p in parties
    )


def flat_actor(record: dict[str, Any]) -> dict[str, Any]:
    """One CSV row of an actor record (roles as compact JSON)."""
    return {
        **record,
        "sectors": ";".join(record["sectors"]),
        "variants": ";".join(record["variants"]),
        "merged_ids": ";".join(record.get("merged_ids", [])),
        "roles": json.dumps(record["roles"], ensure_ascii=False, separators=(",", ":")),
    }


def _check_format(fmt: str, allowed: Sequence[str]) -> str:
    name = fmt.lower().lstrip(".")
    if name not in allowed:
        raise ValueError(f"unknown export format {fmt!r}: choose one of {', '.join(allowed)}")
    return name


def _parquet_path(out: Output) -> str:
    if not isinstance(out, (str, Path)):
        raise ValueError("Parquet export needs a file path, not a stream")
    return str(out)


@contextmanager
def _text_stream(out: Output) -> Iterator[IO[str]]:
    """The stream to write to: ``out`` itself, standard output, or a file opened for writing."""
    if out is None:
        yield sys.stdout
    elif isinstance(out, (str, Path)):
        with open(out, "w", encoding="utf-8", newline="") as handle:
            yield handle
    else:
        yield out


def _write_jsonl(records: Iterable[dict[str, Any]], out: Output) -> int:
    count = 0
    with _text_stream(out) as stream:
        for record in records:
            stream.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
    return count


def _write_csv(
    records: Iterable[dict[str, Any]],
    out: Output,
    columns: Sequence[str],
    flatten: Callable[[dict[str, Any]], dict[str, Any]],
) -> int:
    count = 0
    with _text_stream(out) as stream:
        writer = csv.DictWriter(stream, fieldnames=list(columns), lineterminator="\n")
        writer.writeheader()
        for record in records:
            writer.writerow({k: _csv_value(v) for k, v in flatten(record).items()})
            count += 1
    return count


def _csv_value(value: Any) -> Any:
    """CSV cell text: empty for None, ``true``/``false`` for booleans."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def _dyads_to_parquet(rows: Iterable[dict[str, Any]], path: str) -> int:
    """Write dyad rows to Parquet through a scratch in-memory DuckDB database."""
    with duckdb.connect(":memory:") as scratch:
        columns = ", ".join(
            f"{quote_ident(c)} {_DYADIC_TYPES.get(c, 'VARCHAR')}" for c in DYADIC_COLUMNS
        )
        scratch.execute(f"CREATE TABLE dyads ({columns})")
        batch: list[tuple[Any, ...]] = []
        for row in rows:
            batch.append(tuple(row[c] for c in DYADIC_COLUMNS))
            if len(batch) >= 1000:
                insert_rows(scratch, "dyads", DYADIC_COLUMNS, batch)
                batch.clear()
        insert_rows(scratch, "dyads", DYADIC_COLUMNS, batch)
        return int(scalar(scratch, "COPY dyads TO ? (FORMAT parquet)", [path]))
