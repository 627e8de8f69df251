"""The bundled example corpus has the shape the project promises: formats, lengths, debris, our own text."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from itertools import combinations
from pathlib import Path
from typing import Any

MIN_WORDS, MAX_WORDS = 250, 600
JSONL_FIELDS = {"id", "url", "title", "outlet", "published", "text"}

Texts = Callable[[Path], dict[str | None, str]]


def _articles(files: list[Path], texts_of: Texts) -> dict[str, str]:
    """Every article of the corpus by a readable key (JSONL records count one each)."""
    out: dict[str, str] = {}
    for path in files:
        for record, text in texts_of(path).items():
            out[f"{path.name}#{record}" if record else path.name] = text
    return out


def _paragraphs(text: str) -> list[str]:
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", text) if p.strip()]


def test_file_names_and_formats(example_files: list[Path]) -> None:
    names = [p.name for p in example_files]
    assert all(re.fullmatch(r"\d{2}_[a-z0-9_]+\.(txt|html|jsonl)", n) for n in names), names
    suffixes = [p.suffix for p in example_files]
    assert suffixes.count(".html") == 1
    assert suffixes.count(".jsonl") == 1
    assert suffixes.count(".txt") > len(example_files) / 2


def test_at_least_ten_articles_of_realistic_length(example_files: list[Path], texts_of: Texts) -> None:
    articles = _articles(example_files, texts_of)
    assert len(articles) >= 10
    lengths = {key: len(text.split()) for key, text in articles.items()}
    wrong = {key: n for key, n in lengths.items() if not MIN_WORDS <= n <= MAX_WORDS}
    assert not wrong, wrong


def test_jsonl_holds_two_complete_records(example_files: list[Path]) -> None:
    (path,) = [p for p in example_files if p.suffix == ".jsonl"]
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(records) == 2
    assert len({r["id"] for r in records}) == 2
    for record in records:
        assert set(record) == JSONL_FIELDS
        dt.date.fromisoformat(record["published"])
        assert record["url"].startswith("https://") and record["title"] and record["outlet"]


def test_html_is_a_full_page(example_files: list[Path]) -> None:
    (path,) = [p for p in example_files if p.suffix == ".html"]
    page = path.read_text(encoding="utf-8")
    assert re.search(r"<head>.*<title>[^<]+</title>.*</head>", page, re.S)
    meta = re.search(r'<meta property="article:published_time" content="([^"]+)"', page)
    assert meta and dt.datetime.fromisoformat(meta.group(1))
    for tag in ("<nav", "<footer", "<form", "<script"):
        assert tag in page, tag


def test_txt_articles_open_with_a_headline(example_files: list[Path]) -> None:
    for path in (p for p in example_files if p.suffix == ".txt"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.strip() and len(first.split()) <= 20 and not first.endswith("."), path.name


def test_crawler_debris_is_varied(example_files: list[Path]) -> None:
    raw = "\n".join(p.read_text(encoding="utf-8") for p in example_files)
    patterns = {
        "share widget": r"Share this:?",
        "subscribe": r"› Subscribe",
        "comment form": r"Please enter your name here",
        "captcha": r"^\d+ [+−-] \d+ =$",
        "php dump": r'string\(\d+\) "\[\{',
        "related list": r"^(Related|More Articles)",
        "source line": r"^Source: \w",
        "photo caption": r"(?i)^photo",
    }
    missing = [kind for kind, pattern in patterns.items() if not re.search(pattern, raw, re.M)]
    assert not missing, missing


def test_php_dump_lengths_match_their_payload(example_files: list[Path]) -> None:
    for path in example_files:
        for size, payload in re.findall(r'string\((\d+)\) "(.*)"', path.read_text(encoding="utf-8")):
            assert int(size) == len(payload.encode("utf-8")), path.name


def test_one_article_reuses_a_paragraph_of_another(example_files: list[Path], texts_of: Texts) -> None:
    articles = _articles(example_files, texts_of)
    shared = [
        (a, b)
        for (a, ta), (b, tb) in combinations(articles.items(), 2)
        if {p for p in _paragraphs(ta) if len(p.split()) >= 30} & set(_paragraphs(tb))
    ]
    assert shared, "expected a wire paragraph copied word for word between two articles"


def test_two_pairs_of_articles_tell_the_same_event(gold_examples: dict[str, list[dict[str, Any]]]) -> None:
    def signature(event: dict[str, Any]) -> tuple[Any, ...]:
        return (event["type"], tuple(sorted(event["actor"])), str(event["date"]))

    pairs = [
        (a, b)
        for (a, ea), (b, eb) in combinations(gold_examples.items(), 2)
        if {signature(e) for e in ea if e["date"]} & {signature(e) for e in eb if e["date"]}
    ]
    assert len(pairs) >= 2, pairs


def test_readme_lists_every_file(example_files: list[Path]) -> None:
    readme = (example_files[0].parent / "README.md").read_text(encoding="utf-8")
    assert "written by the khaldun authors" in readme
    missing = [p.name for p in example_files if f"`{p.name}`" not in readme]
    assert not missing, missing


def _ngrams(text: str, n: int) -> set[tuple[str, ...]]:
    """Lower-cased word n-grams, line by line, so that separate lines of page furniture never join."""
    grams: set[tuple[str, ...]] = set()
    for line in text.splitlines():
        words = re.findall(r"\w+", line.lower())
        grams.update(tuple(words[i : i + n]) for i in range(len(words) - n + 1))
    return grams


def test_no_sentence_is_copied_from_the_seed_articles(
    example_files: list[Path], texts_of: Texts, seeds_dir: Path
) -> None:
    """The seeds are third-party text: no run of 8 words from them may appear in our articles."""
    seed_grams = set().union(*(_ngrams(p.read_text(encoding="utf-8"), 8) for p in seeds_dir.glob("*.txt")))
    copied = {
        key: sorted(" ".join(g) for g in _ngrams(text, 8) & seed_grams)
        for key, text in _articles(example_files, texts_of).items()
    }
    assert not any(copied.values()), {k: v for k, v in copied.items() if v}
