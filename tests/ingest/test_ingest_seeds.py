"""The real scraped seed articles in ../shared: debris gone, story sentences all kept.

Nothing from the seeds is copied here: expected sentences are computed from
the raw files at test time.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from khaldun.ingest import iter_documents
from khaldun.records import Document

SEEDS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus" / "seeds"
DEBRIS_MARKERS = ("string(", "Subscribe", "Leave a comment", "[wpResize]")
_SENTENCE_SPLIT = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"”’]))\s+(?=[\"“‘A-Z])")
_PROSE_LINE = re.compile(r"[.!?][\"”’]*$")


def _seed_files() -> list[Path]:
    if not SEEDS.is_dir():
        pytest.skip("../shared/corpus/seeds is not available")
    files = sorted(SEEDS.glob("*.txt"))
    if not files:
        pytest.skip("no seed articles in ../shared/corpus/seeds")
    return files


def _story_sentences(raw: str) -> list[str]:
    """Sentences over 60 characters from the prose lines of a raw article."""
    sentences = []
    for line in raw.splitlines():
        line = " ".join(line.split())
        if line.startswith("string(") or not _PROSE_LINE.search(line):
            continue
        sentences.extend(s for s in _SENTENCE_SPLIT.split(line) if len(s) > 60)
    return sentences


@pytest.fixture(scope="module")
def seeds() -> dict[str, tuple[str, Document]]:
    files = _seed_files()
    documents = list(iter_documents(files))
    assert all(isinstance(doc, Document) for doc in documents), documents
    return {
        path.name[:3]: (path.read_text(encoding="utf-8"), doc)
        for path, doc in zip(files, documents, strict=True)
    }


def test_no_debris_markers_remain(seeds: dict[str, tuple[str, Document]]) -> None:
    for name, (_, doc) in seeds.items():
        for marker in DEBRIS_MARKERS:
            assert marker not in doc.text, (name, marker)
        assert not re.search(r"=\s*$", doc.text, re.MULTILINE), name  # captcha sums
        assert "\n\n\n" not in doc.text and doc.text == doc.text.strip(), name


def test_every_long_story_sentence_survives(seeds: dict[str, tuple[str, Document]]) -> None:
    for name, (raw, doc) in seeds.items():
        sentences = _story_sentences(raw)
        assert len(sentences) >= 8, name  # the check really looks at the story
        for sentence in sentences:
            assert sentence in doc.text, (name, sentence)


def test_seed_publication_dates(seeds: dict[str, tuple[str, Document]]) -> None:
    assert seeds["001"][1].published == "2016-03-29"
    assert seeds["002"][1].published == "2022-10-07"
    for name in ("001", "002"):
        assert seeds[name][1].published_source == "text-header"


def test_seed_headline_is_first_paragraph_once(seeds: dict[str, tuple[str, Document]]) -> None:
    raw, doc = seeds["001"]
    headline = raw.splitlines()[0].strip()
    assert doc.title == headline
    assert doc.text.startswith(headline + "\n\n")
    assert doc.text.count(headline) == 1
