"""Which modules the optional compiled build compiles (read by setup.py), and which this process runs compiled.

A compiled build (``KHALDUN_COMPILE=1``, see setup.py and docs/scaling.md) turns the modules
that run per token of every document, and the inner loops of the cross-document steps, into C
extensions with mypyc; the Python source stays the reference and gives the same results.
Imports only the standard library, so setup.py can read it before khaldun's dependencies are
installed.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import os
import sys
import warnings
from collections.abc import Sequence
from importlib.machinery import ModuleSpec
from pathlib import Path

#: The modules on ``code_parsed``'s per-token path, in the order a document meets them.
DOCUMENT_MODULES = (
    "khaldun.nlp.view",
    "khaldun.actors.variants",
    "khaldun.actors.mentions",
    "khaldun.actors.build",
    "khaldun.events.modality",
    "khaldun.events.arguments",
    "khaldun.timeplace.places",
    "khaldun.events.coder",
    "khaldun.quotes.speaker",
    "khaldun.quotes.finder",
)

#: The inner loops of the cross-document steps that run in this process after the workers:
#: grouping quotes, merging events, passage links between documents, counting independent sources.
CROSS_MODULES = (
    "khaldun.quotes.group",
    "khaldun.merge.dates",
    "khaldun.merge.events",
    "khaldun.reuse.passages",
    "khaldun.reuse.sources",
)

#: One C extension each (setup.py); the modules of a group call each other natively.
GROUPS = {"document": DOCUMENT_MODULES, "cross": CROSS_MODULES}

#: Every module the compiled build compiles.
MODULES = DOCUMENT_MODULES + CROSS_MODULES


def compiled_modules() -> list[str]:
    """The modules of :data:`MODULES` this process loaded from a compiled extension."""
    suffixes = tuple(importlib.machinery.EXTENSION_SUFFIXES)
    return [name for name in MODULES
            if str(getattr(importlib.import_module(name), "__file__", "") or "").endswith(suffixes)]


class _SourceWhenStale(importlib.abc.MetaPathFinder):
    """Load every module of :data:`MODULES` from its ``.py`` instead of its compiled extension when
    any extension is older than its source (edited since ``scripts/setup.sh`` built it; checked in
    a source checkout only, where file times mean that), or always with ``KHALDUN_PLAIN=1``.

    Compiled modules call each other natively, so it is all of them or none; a warning says
    why a stale checkout runs slower.
    """

    def __init__(self, root: Path, *, check_times: bool, plain: bool) -> None:
        self.root, self.check_times, self.plain = root, check_times, plain
        self._use_source: bool | None = None

    def source(self, name: str) -> Path:
        return self.root.joinpath(*name.split(".")).with_suffix(".py")

    def find_spec(self, name: str, path: Sequence[str] | None, target: object = None) -> ModuleSpec | None:
        if name not in MODULES or not self._wanted():
            return None
        source = self.source(name)
        return importlib.util.spec_from_file_location(name, source) if source.exists() else None

    def _wanted(self) -> bool:
        if self._use_source is None:
            stale = [name for name in MODULES if self.check_times and self._stale(name)]
            if stale:
                warnings.warn(f"compiled {', '.join(stale)} older than the source: running every module of the "
                              "compiled build as plain Python (re-run scripts/setup.sh to compile again)",
                              RuntimeWarning, stacklevel=2)
            self._use_source = self.plain or bool(stale)
        return self._use_source

    def _stale(self, name: str) -> bool:
        source = self.source(name)
        built = [p for suffix in importlib.machinery.EXTENSION_SUFFIXES if (p := source.with_suffix(suffix)).exists()]
        return bool(built) and source.exists() and source.stat().st_mtime > built[0].stat().st_mtime


def guard_stale_build() -> None:
    """Install :class:`_SourceWhenStale` (once), before any of :data:`MODULES` loads: called by
    ``khaldun/__init__.py``.  A source checkout is ``src/khaldun`` beside a ``setup.py``."""
    if any(isinstance(f, _SourceWhenStale) for f in sys.meta_path):
        return
    package = Path(__file__).resolve().parent
    checkout = package.parent.name == "src" and (package.parent.parent / "setup.py").exists()
    plain = os.environ.get("KHALDUN_PLAIN", "") == "1"
    if checkout or plain:
        sys.meta_path.insert(0, _SourceWhenStale(package.parent, check_times=checkout, plain=plain))
