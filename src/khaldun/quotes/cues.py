"""The cue lexicon: which words introduce reported speech.

The words are data, in ``knowledge/data/quote_cues.yaml`` (its header
documents the format); users can add their own files in the same format::

    cues = load_cues(["my_cues.yaml"])
    cues.allows("say", "indirect")   # True
    cues.allows("call", "indirect")  # False: "call" only governs quoted fragments
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

__all__ = ["USES", "CueLexicon", "CueError", "load_cues"]

BUNDLED_NAME = "quote_cues.yaml"
USES = frozenset({"direct", "indirect", "partial"})
_LIST_KEYS = ("quote_verbs", "phrases", "nouns", "scare_markers", "not_speakers", "person_titles",
              "generic_titles")


class CueError(ValueError):
    """A cue file is malformed."""


@dataclass(frozen=True, slots=True)
class CueLexicon:
    """Speech cues, read-only once loaded."""

    verbs: Mapping[str, frozenset[str]]  # lemma -> uses ("direct", "indirect", "partial")
    quote_verbs: frozenset[str]  # "quote", "cite": the object is the speaker
    phrases: tuple[str, ...]  # "according to"
    nouns: frozenset[str]  # "statement", "message"
    scare_markers: tuple[str, ...]  # "so-called", "dubbed"
    not_speakers: frozenset[str]  # "report", "statement": sources that are not actors
    person_titles: frozenset[str] = frozenset()  # "president", "general": roles held by one person
    generic_titles: frozenset[str] = frozenset()  # titles that go with others: "general", "commander"

    def allows(self, lemma: str, use: str) -> bool:
        """Whether the verb ``lemma`` can be a cue of kind ``use``."""
        return use in self.verbs.get(lemma.lower(), frozenset())

    def is_verb(self, lemma: str) -> bool:
        return lemma.lower() in self.verbs


def load_cues(extra: Iterable[str | Path] = ()) -> CueLexicon:
    """The bundled cue lexicon, extended by the files in ``extra`` (in order)."""
    bundled = resources.files("khaldun.knowledge").joinpath("data", BUNDLED_NAME)
    sources: list[tuple[str, Any]] = [(BUNDLED_NAME, yaml.safe_load(bundled.read_text("utf-8")))]
    for path in extra:
        sources.append((str(path), yaml.safe_load(Path(path).read_text("utf-8"))))
    verbs: dict[str, set[str]] = {}
    lists: dict[str, list[str]] = {key: [] for key in _LIST_KEYS}
    for name, data in sources:
        if not isinstance(data, dict):
            raise CueError(f"{name}: expected a mapping at the top level")
        for lemma, uses in (data.get("verbs") or {}).items():
            uses = [uses] if isinstance(uses, str) else uses
            if not isinstance(uses, list) or not set(uses) <= USES:
                raise CueError(f"{name}: verb {lemma!r}: uses must be a list drawn from {sorted(USES)}")
            verbs.setdefault(str(lemma).lower(), set()).update(uses)
        for key in _LIST_KEYS:
            values = data.get(key) or []
            if not isinstance(values, list):
                raise CueError(f"{name}: {key} must be a list")
            lists[key].extend(str(v).lower() for v in values if str(v).lower() not in lists[key])
    return CueLexicon(
        verbs=MappingProxyType({k: frozenset(v) for k, v in verbs.items()}),
        quote_verbs=frozenset(lists["quote_verbs"]),
        # longest first, so "so called" is tried before shorter markers
        phrases=tuple(sorted(lists["phrases"], key=len, reverse=True)),
        nouns=frozenset(lists["nouns"]),
        scare_markers=tuple(sorted(lists["scare_markers"], key=len, reverse=True)),
        not_speakers=frozenset(lists["not_speakers"]),
        person_titles=frozenset(lists["person_titles"]),
        generic_titles=frozenset(lists["generic_titles"]),
    )
