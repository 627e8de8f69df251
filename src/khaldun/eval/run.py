"""Dispatch ``khaldun eval`` to the adapter for a gold file."""

from __future__ import annotations

import json
import re
from pathlib import Path

from khaldun.pipeline import Resources


def detect_format(path: Path) -> str | None:
    """Tell a gold file's format from its name and first bytes."""
    head = path.read_text(encoding="utf-8", errors="replace")[:4000]
    if path.suffix.lower() == ".xml":
        if "<Validation" in head or "<Sentences" in head:
            return "petrarch"
        if "<articles" in head:
            return "geo"
    if path.suffix.lower() == ".tsv":
        return "conflibert"
    lines = [line for line in head.splitlines()[:-1] if line.strip()][:20]
    if lines and all(re.fullmatch(r"\S+ (O|[BI]-[A-Z]+)", line) for line in lines):
        return "roles"
    if head.lstrip().startswith("["):
        try:
            records = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError:
            return None
        if isinstance(records, list) and any(isinstance(r, dict) and "event" in r for r in records):
            return "plover"
    return None


def run_eval(kind: str, path: Path, *, limit: int | None = None) -> dict:
    if kind == "geo":
        from khaldun.eval import geo

        return geo.evaluate(path, limit=limit) if limit else geo.evaluate(path)
    if kind == "petrarch":
        from khaldun.eval import petrarch

        return petrarch.evaluate(path, petrarch.load_resources(path), limit)
    if kind == "plover":
        from khaldun.eval import plover

        return plover.evaluate(path, Resources.load(), limit)
    if kind == "roles":
        from khaldun.eval import roles

        return roles.evaluate(path, Resources.load(), limit)
    if kind == "conflibert":
        from khaldun.eval import conflibert

        return conflibert.evaluate(path, Resources.load(), limit)
    raise ValueError(f"unknown gold format {kind!r}")
