"""Shared fixtures for the gold-standard tests: where the corpora are and how to read an article's text."""

from __future__ import annotations

import json
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO_ROOT = Path(__file__).resolve().parents[2]
GOLD_DIR = Path(__file__).resolve().parent
EXAMPLES_DIR = REPO_ROOT / "src" / "khaldun" / "examples"
SHARED_DIR = REPO_ROOT / ".." / "shared"
SEEDS_DIR = SHARED_DIR / "corpus" / "seeds"

ARTICLE_SUFFIXES = (".txt", ".html", ".jsonl")


class _VisibleText(HTMLParser):
    """Collect the text a reader would see, leaving out scripts and styles."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip_depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._skip_depth:
            self._skip_depth -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip_depth:
            self.parts.append(data)


def visible_text(html: str) -> str:
    """Return the visible text of an HTML page (entities decoded, scripts dropped)."""
    parser = _VisibleText()
    parser.feed(html)
    parser.close()
    return " ".join(" ".join(parser.parts).split())


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """Return the records of a JSONL file, skipping blank lines."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def article_texts(path: Path) -> dict[str | None, str]:
    """Return the text(s) of one article file, keyed by JSONL record id (``None`` for other formats)."""
    if path.suffix == ".jsonl":
        return {rec["id"]: f"{rec['title']}\n\n{rec['text']}" for rec in read_jsonl(path)}
    raw = path.read_text(encoding="utf-8")
    return {None: visible_text(raw) if path.suffix == ".html" else raw}


def load_gold(name: str) -> dict[str, list[dict[str, Any]]]:
    """Parse one gold file of this folder."""
    with (GOLD_DIR / name).open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@pytest.fixture(scope="session")
def example_files() -> list[Path]:
    """The article files of the bundled example corpus."""
    return sorted(p for p in EXAMPLES_DIR.iterdir() if p.suffix in ARTICLE_SUFFIXES)


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    """The third-party seed articles; skips the test when ../shared is not beside the checkout."""
    if not SEEDS_DIR.is_dir():
        pytest.skip("../shared/corpus/seeds is not available")
    return SEEDS_DIR


@pytest.fixture(scope="session")
def texts_of() -> Callable[[Path], dict[str | None, str]]:
    """Give tests the article reader: path -> {record id or None: text}."""
    return article_texts


@pytest.fixture(scope="session")
def gold_examples() -> dict[str, list[dict[str, Any]]]:
    """The parsed gold events of the example corpus."""
    return load_gold("examples.yaml")


@pytest.fixture(scope="session")
def gold_seeds() -> dict[str, list[dict[str, Any]]]:
    """The parsed gold events of the seed articles."""
    return load_gold("seeds.yaml")
