"""A lazy, deterministic walk over the files under a directory.

Directories are listed one at a time with :func:`os.scandir` and their
entries sorted by name (code-point order), depth first.
Only the names of the directories on the current path are held (one sorted
list each), never a list of all files: a directory of hundreds of thousands of
files costs one list of its names, and nothing is read until asked for.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field

from khaldun.records import IngestProblem

__all__ = ["walk_files"]


@dataclass(slots=True)
class _Listing:
    """One directory's visible entries, sorted, and which of them are directories."""

    directory: str
    names: list[str]
    subdirs: set[str] = field(default_factory=set)
    links: set[str] = field(default_factory=set)
    position: int = 0


def _list(directory: str) -> _Listing | IngestProblem:
    names: list[str] = []
    subdirs: set[str] = set()
    links: set[str] = set()
    try:
        with os.scandir(directory) as scan:
            for entry in scan:
                name = entry.name
                if name.startswith("."):
                    continue
                names.append(name)
                if entry.is_symlink():
                    links.add(name)
                elif entry.is_dir(follow_symlinks=False):
                    subdirs.add(name)
    except OSError as error:
        return IngestProblem(
            path=directory, reason=f"cannot list directory: {error.strerror or error}"
        )
    names.sort()
    return _Listing(directory, names, subdirs, links)


def walk_files(directory: str) -> Iterator[str | IngestProblem]:
    """Paths of the files under ``directory``, depth first, sorted by name, lazily.

    Hidden entries (names starting with ".") are skipped; symbolic links to
    directories are not followed (a link to a file, or a broken link, is
    yielded as a file, for the reader to open or report).  A directory that
    cannot be listed yields one :class:`IngestProblem`.
    """
    first = _list(directory)
    if isinstance(first, IngestProblem):
        yield first
        return
    stack = [first]
    while stack:
        listing = stack[-1]
        if listing.position >= len(listing.names):
            stack.pop()
            continue
        name = listing.names[listing.position]
        listing.position += 1
        path = os.path.join(listing.directory, name)
        if name in listing.subdirs:
            below = _list(path)
            if isinstance(below, IngestProblem):
                yield below
            else:
                stack.append(below)
        elif not (name in listing.links and os.path.isdir(path)):
            yield path
