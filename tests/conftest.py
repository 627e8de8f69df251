"""Shared fixtures: the loaded pipeline (once per test session) and paths."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def resources():
    """spaCy pipeline + lexicons, loaded once: the same object `khaldun run` uses."""
    from khaldun.pipeline import Resources

    return Resources.load()


@pytest.fixture(scope="session")
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is absent")
    return SHARED


@pytest.fixture()
def code_text(resources):
    """Code one text as a document published on ``published``."""
    from khaldun.ingest import doc_id_for
    from khaldun.pipeline import code_document
    from khaldun.records import Document

    def _code(text: str, published: str | None = "2016-03-29", path: str = "test.txt"):
        doc = Document(doc_id=doc_id_for(text), path=path, text=text, published=published)
        return code_document(doc, resources)

    return _code
