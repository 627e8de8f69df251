"""Shared fixtures for the knowledge tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from khaldun.knowledge import Knowledge, load_knowledge


@pytest.fixture(scope="session")
def kb() -> Knowledge:
    """The bundled knowledge, loaded once (tests must not modify it)."""
    return load_knowledge()


@pytest.fixture()
def write_yaml(tmp_path: Path):
    """Write a user knowledge file and return its path."""

    def write(text: str, name: str = "user.yaml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write
