"""Reading .txt and .html files and directories into Documents or IngestProblems."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from khaldun.ingest import doc_id_for, iter_documents
from khaldun.records import Document, IngestProblem

HEADLINE = "Qatar Hosts New Round of Sudan Ceasefire Talks"
BODY = [
    "Delegations from the Sudanese army and the Rapid Support Forces arrived in Doha on Saturday "
    "for a new round of talks on a ceasefire, Qatari officials said.",
    "“Both sides have agreed to discuss humanitarian corridors first,” a mediator told reporters.",
    "The previous round collapsed in May after fighting resumed in Khartoum.",
]
ARTICLE = "\n\n".join([HEADLINE, "Posted on 12 June 2023", *BODY, "Leave a comment"])


def _write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def _only(items: list[Document | IngestProblem]) -> Document | IngestProblem:
    assert len(items) == 1, items
    return items[0]


def _document(path: Path | str) -> Document:
    item = _only(list(iter_documents([path])))
    assert isinstance(item, Document), item
    return item


def _problem(path: Path | str, **kwargs: int) -> IngestProblem:
    item = _only(list(iter_documents([path], **kwargs)))
    assert isinstance(item, IngestProblem), item
    assert item.path == str(path)
    return item


# --- txt ---------------------------------------------------------------------------


def test_txt_file_becomes_a_clean_document(tmp_path: Path) -> None:
    path = _write(tmp_path / "sudan.txt", ARTICLE)
    doc = _document(path)
    assert doc.path == str(path)
    assert doc.source_format == "txt"
    assert doc.title == HEADLINE and doc.title_source == "first-line"
    assert doc.published == "2023-06-12" and doc.published_source == "text-header"
    assert doc.text == "\n\n".join([HEADLINE, *BODY])
    assert doc.removed == ["comment-form", "date-header"]
    assert doc.doc_id == hashlib.sha256(doc.text.encode("utf-8")).hexdigest()[:16]
    assert doc.line is None and doc.external_id is None


def test_path_is_kept_as_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _write(tmp_path / "in" / "a.txt", ARTICLE)
    monkeypatch.chdir(tmp_path)
    assert _document("in/a.txt").path == "in/a.txt"
    assert _document(Path("in") / "a.txt").path == os.path.join("in", "a.txt")


def test_txt_without_date_has_no_published(tmp_path: Path) -> None:
    doc = _document(_write(tmp_path / "nodate.txt", "\n".join([HEADLINE, *BODY])))
    assert doc.published is None and doc.published_source is None


def test_doc_id_depends_only_on_cleaned_text(tmp_path: Path) -> None:
    plain = _write(tmp_path / "a" / "plain.txt", "\n".join([HEADLINE, *BODY]))
    noisy = _write(
        tmp_path / "b" / "noisy.txt",
        "\n\n".join([HEADLINE, HEADLINE, "Friday, June 16, 2023", *BODY, "Subscribe", "3 + 4 ="]),
    )
    one, two = _document(plain), _document(noisy)
    assert one.text == two.text
    assert one.doc_id == two.doc_id == doc_id_for(one.text)
    assert _document(plain).doc_id == one.doc_id  # stable across runs
    changed = _write(tmp_path / "c.txt", "\n".join([HEADLINE, *BODY[:2]]))
    assert _document(changed).doc_id != one.doc_id


def test_crlf_and_bom_are_handled(tmp_path: Path) -> None:
    raw = ("\ufeff" + "\n".join([HEADLINE, *BODY])).replace("\n", "\r\n")
    doc = _document(_write(tmp_path / "win.txt", raw.encode("utf-8")))
    assert doc.text == "\n\n".join([HEADLINE, *BODY])


# --- html --------------------------------------------------------------------------

_PAGE = """<!DOCTYPE html>
<html><head><meta charset="{charset}"><title>{headline} - Gulf Wire</title>
<meta property="og:title" content="{headline}">
<meta property="og:site_name" content="Gulf Wire">
{date_meta}
</head><body>
<nav><a href="/">Home</a> | <a href="/world">World</a> | <a href="/sport">Sport</a></nav>
<article>{h1}
{paragraphs}
<p>Subscribe</p>
</article>
<footer>Copyright 2024 Gulf Wire. All rights reserved.</footer>
</body></html>
"""


def _page(
    *, date_meta: str = "", h1: bool = True, charset: str = "utf-8", body: list[str] = BODY
) -> str:
    return _PAGE.format(
        charset=charset,
        headline=HEADLINE,
        date_meta=date_meta,
        h1=f"<h1>{HEADLINE}</h1>" if h1 else "",
        paragraphs="\n".join(f"<p>{p}</p>" for p in body),
    )


def test_html_main_text_title_date_and_outlet(tmp_path: Path) -> None:
    meta = '<meta property="article:published_time" content="2023-06-12T08:15:00+00:00">'
    doc = _document(_write(tmp_path / "page.html", _page(date_meta=meta)))
    assert doc.source_format == "html"
    assert doc.title == HEADLINE and doc.title_source == "html"
    assert doc.published == "2023-06-12" and doc.published_source == "html-meta"
    assert doc.outlet == "Gulf Wire"
    assert doc.text == "\n\n".join([HEADLINE, *BODY])
    assert "Home" not in doc.text and "Copyright" not in doc.text and "Subscribe" not in doc.text


def test_html_without_date_metadata_has_no_date(tmp_path: Path) -> None:
    doc = _document(_write(tmp_path / "page.htm", _page()))
    assert doc.source_format == "html"
    assert doc.published is None  # not the copyright year, not today


def test_html_title_missing_from_body_becomes_first_paragraph(tmp_path: Path) -> None:
    doc = _document(_write(tmp_path / "page.html", _page(h1=False)))
    assert doc.text.split("\n\n")[0] == HEADLINE
    assert doc.text.count(HEADLINE) == 1


def test_html_in_declared_legacy_charset(tmp_path: Path) -> None:
    body = ["Le ministre a déclaré que les négociations reprendraient à Doha la semaine prochaine."]
    data = _page(charset="iso-8859-1", body=body).encode("latin-1")
    doc = _document(_write(tmp_path / "fr.html", data))
    assert body[0] in doc.text


def test_html_without_main_text_is_a_problem(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "empty.html", "<html><head><title>x</title></head><body></body></html>"
    )
    assert "no main text" in _problem(path).reason


# --- bad inputs --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("nul.txt", b"PNG\x00\x00\x01binary\x00data", "NUL"),
        ("noise.txt", bytes(range(128, 256)) * 40, "binary"),
        ("latin.txt", "Le ministre a déclaré la trêve.".encode("latin-1"), "invalid UTF-8"),
        ("wide.txt", "Talks resumed in Doha.".encode("utf-16"), "UTF-16"),
        ("empty.txt", b"", "empty"),
        ("blank.txt", b" \n\t\n  \n", "whitespace"),
        ("debris.txt", "Leave a comment\n\nSubscribe\n\n7 − 2 =\n".encode(), "no text left"),
        ("page.pdf", b"%PDF-1.4", "unsupported file type .pdf"),
        ("README", b"plain words", "unsupported file type"),
    ],
)
def test_bad_file_yields_one_problem(tmp_path: Path, name: str, content: bytes, words: str) -> None:
    problem = _problem(_write(tmp_path / name, content))
    assert words in problem.reason
    assert problem.line is None
    assert str(problem).startswith(str(tmp_path / name))


def test_invalid_utf8_reports_the_offset(tmp_path: Path) -> None:
    raw = b"The envoy said talks would resume. " + b"\xe9t\xe9" + b" More text follows."
    problem = _problem(_write(tmp_path / "bad.txt", raw))
    assert "offset 35" in problem.reason and "0xe9" in problem.reason


def test_file_over_max_bytes(tmp_path: Path) -> None:
    path = _write(tmp_path / "big.txt", ARTICLE)
    problem = _problem(path, max_bytes=100)
    assert "max_bytes" in problem.reason
    assert isinstance(_only(list(iter_documents([path], max_bytes=10_000))), Document)


def test_missing_path_is_a_problem(tmp_path: Path) -> None:
    problem = _problem(tmp_path / "nowhere.txt")
    assert "no such file" in problem.reason


def test_problems_do_not_stop_the_run(tmp_path: Path) -> None:
    good = _write(tmp_path / "good.txt", ARTICLE)
    bad = _write(tmp_path / "bad.txt", b"\x00\x01")
    items = list(iter_documents([bad, tmp_path / "missing.txt", good, tmp_path / "x.doc"]))
    kinds = [type(item).__name__ for item in items]
    assert kinds == ["IngestProblem", "IngestProblem", "Document", "IngestProblem"]


# --- directories -------------------------------------------------------------------


def test_directory_walk_is_recursive_sorted_and_skips_hidden(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    for rel in ["b.txt", "a/2.txt", "a/10.txt", "c/d/e.txt", ".hidden/x.txt", "a/.draft.txt"]:
        _write(root / rel, ARTICLE.replace("Doha", rel))
    _write(root / "notes.md", "# notes")
    items = list(iter_documents([root]))
    assert [item.path for item in items] == [
        str(root / "a" / "10.txt"),
        str(root / "a" / "2.txt"),
        str(root / "b.txt"),
        str(root / "c" / "d" / "e.txt"),
        str(root / "notes.md"),
    ]
    assert all(isinstance(item, Document) for item in items[:4])
    assert isinstance(items[4], IngestProblem) and "unsupported" in items[4].reason


def test_explicit_hidden_file_is_read(tmp_path: Path) -> None:
    assert isinstance(_document(_write(tmp_path / ".draft.txt", ARTICLE)), Document)


def test_iteration_is_lazy(tmp_path: Path) -> None:
    first = _write(tmp_path / "first.txt", ARTICLE)
    asked: list[str] = []

    def paths() -> Iterator[Path]:
        asked.append("first")
        yield first
        asked.append("second")
        raise AssertionError("the second path must not be needed yet")

    items = iter_documents(paths())
    assert asked == []
    assert isinstance(next(items), Document)
    assert asked == ["first"]


def test_a_single_path_string_is_one_path(tmp_path: Path) -> None:
    path = _write(tmp_path / "one.txt", ARTICLE)
    (doc,) = iter_documents(str(path))
    assert isinstance(doc, Document) and doc.path == str(path)


def test_broken_symlink_in_a_directory_is_a_problem(tmp_path: Path) -> None:
    _write(tmp_path / "a.txt", ARTICLE)
    (tmp_path / "b.txt").symlink_to(tmp_path / "gone.txt")
    items = list(iter_documents([tmp_path]))
    assert isinstance(items[0], Document)
    assert isinstance(items[1], IngestProblem) and "broken symbolic link" in items[1].reason


def test_max_bytes_must_be_positive(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="max_bytes"):
        next(iter_documents([tmp_path], max_bytes=0))
