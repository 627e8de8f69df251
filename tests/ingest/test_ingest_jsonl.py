"""JSONL input: one article a line, streamed; each bad line is one problem."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from khaldun.ingest import iter_documents
from khaldun.records import Document, IngestProblem

STORY = (
    "Ethiopia and Egypt resumed talks on the Grand Ethiopian Renaissance Dam in Cairo on Sunday, "
    "the Egyptian foreign ministry said.\n"
    "Sudan sent an observer delegation to the meeting."
)
HEADLINE = "Ethiopia and Egypt Resume Dam Talks"


def _line(record: Any) -> str:
    return json.dumps(record, ensure_ascii=False)


def _write_jsonl(path: Path, lines: list[str | bytes]) -> Path:
    data = b"".join((x if isinstance(x, bytes) else x.encode("utf-8")) + b"\n" for x in lines)
    path.write_bytes(data)
    return path


def test_records_become_documents_with_their_metadata(tmp_path: Path) -> None:
    record = {
        "id": "nile-42",
        "url": "https://example.org/nile",
        "title": HEADLINE,
        "outlet": "Example Wire",
        "published": "2021-04-04T09:30:00+02:00",
        "text": STORY,
    }
    path = _write_jsonl(tmp_path / "batch.jsonl", [_line(record), _line({"id": 7, "text": STORY})])
    first, second = iter_documents([path])
    assert isinstance(first, Document) and isinstance(second, Document)
    assert first.path == str(path) and first.line == 1 and first.source_format == "jsonl"
    assert first.external_id == "nile-42" and second.external_id == "7"
    assert first.url == "https://example.org/nile" and first.outlet == "Example Wire"
    assert first.title == HEADLINE and first.title_source == "jsonl"
    assert first.text.startswith(HEADLINE + "\n\n")  # the headline carries events too
    assert first.published == "2021-04-04" and first.published_source == "jsonl"
    assert second.line == 2 and second.title is None and second.published is None
    assert second.text == STORY.replace("\n", "\n\n")


def test_record_title_already_heading_the_text_is_not_repeated(tmp_path: Path) -> None:
    record = {"title": HEADLINE, "text": f"{HEADLINE}\n{STORY}"}
    (doc,) = iter_documents([_write_jsonl(tmp_path / "a.jsonl", [_line(record)])])
    assert isinstance(doc, Document)
    assert doc.text.count(HEADLINE) == 1


def test_unparseable_published_is_none_without_a_problem(tmp_path: Path) -> None:
    record = {"published": "sometime last spring", "text": STORY}
    (doc,) = iter_documents([_write_jsonl(tmp_path / "a.jsonl", [_line(record)])])
    assert isinstance(doc, Document)
    assert doc.published is None and doc.published_source is None


def test_html_record_goes_through_the_html_path(tmp_path: Path) -> None:
    html = (
        "<html><head><title>Dam Talks</title>"
        '<meta property="article:published_time" content="2021-04-04">'
        "</head><body><nav><a href='/'>Home</a> | <a href='/africa'>Africa</a></nav>"
        f"<article><h1>{HEADLINE}</h1>"
        + "".join(f"<p>{p}</p>" for p in STORY.split("\n"))
        + "<p>Share this: Facebook | Twitter</p></article></body></html>"
    )
    record = {"id": "h1", "html": html, "outlet": "Nile Daily"}
    (doc,) = iter_documents([_write_jsonl(tmp_path / "pages.jsonl", [_line(record)])])
    assert isinstance(doc, Document)
    assert doc.source_format == "jsonl"
    assert doc.published == "2021-04-04" and doc.published_source == "html-meta"
    assert doc.outlet == "Nile Daily"
    assert doc.text.split("\n\n")[1:] == STORY.split("\n")
    assert "Home" not in doc.text and "Share" not in doc.text


@pytest.mark.parametrize(
    ("bad_line", "words"),
    [
        ("{not json", "invalid JSON"),
        ("[1, 2, 3]", "not a JSON object (got list)"),
        ('"just a string"', "not a JSON object (got str)"),
        (_line({"id": "x", "title": HEADLINE}), "no 'text' or 'html'"),
        (_line({"text": 42}), "field 'text' must be a string, got int"),
        (_line({"text": STORY, "title": ["a"]}), "field 'title' must be a string, got list"),
        (_line({"text": STORY, "id": True}), "field 'id' must be a string or integer"),
        (_line({"text": STORY, "published": 20210404}), "field 'published' must be a string"),
        (_line({"text": "   "}), "empty 'text'"),
        (_line({"text": "Leave a comment\nSubscribe"}), "no text left after cleaning"),
        (_line({"html": "<html><body></body></html>"}), "no main text"),
        (b'{"text": "caf\xe9 talks"}', "invalid UTF-8"),
        (b'{"text": "a\x00b"}', "NUL"),
    ],
)
def test_one_bad_line_among_good_ones(tmp_path: Path, bad_line: str | bytes, words: str) -> None:
    good = _line({"text": STORY})
    path = _write_jsonl(tmp_path / "mixed.jsonl", [good, bad_line, good])
    items = list(iter_documents([path]))
    assert [type(item).__name__ for item in items] == ["Document", "IngestProblem", "Document"]
    problem = items[1]
    assert isinstance(problem, IngestProblem)
    assert problem.path == str(path) and problem.line == 2
    assert words in problem.reason
    assert str(problem).startswith(f"{path}:2: ")
    assert [item.line for item in items] == [1, 2, 3]


def test_blank_lines_are_skipped_but_counted(tmp_path: Path) -> None:
    good = _line({"text": STORY})
    items = list(iter_documents([_write_jsonl(tmp_path / "a.jsonl", [good, "", "   ", good])]))
    assert [item.line for item in items] == [1, 4]


def test_empty_jsonl_file_is_a_problem(tmp_path: Path) -> None:
    path = tmp_path / "none.jsonl"
    path.write_bytes(b"")
    (problem,) = iter_documents([path])
    assert isinstance(problem, IngestProblem) and "empty" in problem.reason


def test_line_over_max_bytes_is_skipped_and_reading_goes_on(tmp_path: Path) -> None:
    huge = _line({"text": "The council met again. " * 200_000})  # about 4.6 MB on one line
    good = _line({"id": "after", "text": STORY})
    path = _write_jsonl(tmp_path / "big.jsonl", [good, huge, good])
    items = list(iter_documents([path], max_bytes=1_000_000))
    assert [type(item).__name__ for item in items] == ["Document", "IngestProblem", "Document"]
    assert items[1].line == 2 and "max_bytes" in items[1].reason
    assert items[2].external_id == "after" and items[2].line == 3


def test_jsonl_is_streamed_line_by_line(tmp_path: Path) -> None:
    path = _write_jsonl(tmp_path / "stream.jsonl", [_line({"id": "one", "text": STORY})])
    items = iter_documents([path])
    first = next(items)
    assert isinstance(first, Document) and first.external_id == "one"
    with path.open("a", encoding="utf-8") as stream:  # written after reading began
        stream.write(_line({"id": "two", "text": STORY}) + "\n")
    second = next(items)
    assert isinstance(second, Document) and second.external_id == "two" and second.line == 2
    assert list(items) == []


def test_same_text_same_doc_id_across_formats(tmp_path: Path) -> None:
    txt = tmp_path / "story.txt"
    txt.write_text(STORY, encoding="utf-8")
    path = _write_jsonl(tmp_path / "story.jsonl", [_line({"text": STORY})])
    (from_txt,) = iter_documents([txt])
    (from_jsonl,) = iter_documents([path])
    assert from_txt.doc_id == from_jsonl.doc_id
