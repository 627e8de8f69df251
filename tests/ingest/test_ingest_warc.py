"""WARC archives: HTML/text response records become Documents; the rest is skipped or reported."""

from __future__ import annotations

import gzip
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from khaldun.ingest import doc_id_for, iter_documents
from khaldun.records import Document, IngestProblem

HEADLINE = "Floods Cut Off Marsabit as Bridges Collapse"
BODY = [
    "Heavy rain washed away two bridges near Marsabit on Tuesday, cutting the town off from "
    "Nairobi, county officials said.",
    "The Kenya Red Cross said it had moved 300 families to higher ground and was flying in food.",
]
CRAWLED = "2024-05-09T06:12:44Z"


def _page(headline: str = HEADLINE, *, date_meta: str = "", site: str | None = None) -> bytes:
    site_meta = f'<meta property="og:site_name" content="{site}">' if site else ""
    paragraphs = "".join(f"<p>{p}</p>" for p in BODY)
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{headline}</title>"
        f"{site_meta}{date_meta}</head><body><nav><a href='/'>Home</a> | <a href='/news'>News</a>"
        f"</nav><article><h1>{headline}</h1>{paragraphs}</article></body></html>"
    ).encode("utf-8")


@dataclass
class Rec:
    """One record to write: a response unless ``kind`` says otherwise."""

    url: str
    body: bytes
    content_type: str | None = "text/html; charset=utf-8"
    status: str = "200 OK"
    kind: str = "response"
    extra_http: tuple[tuple[str, str], ...] = ()


def _warc(path: Path, records: list[Rec], *, gz: bool = True) -> Path:
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=gz)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "khaldun-test"}))
        for rec in records:
            warc_headers = {"WARC-Date": CRAWLED}
            http = None
            if rec.kind == "response":
                headers = [("Content-Type", rec.content_type)] if rec.content_type else []
                headers += rec.extra_http
                http = StatusAndHeaders(rec.status, headers, protocol="HTTP/1.1")
            elif rec.content_type:
                warc_headers["Content-Type"] = rec.content_type
            record = writer.create_warc_record(
                rec.url,
                rec.kind,
                payload=BytesIO(rec.body),
                http_headers=http,
                warc_headers_dict=warc_headers,
            )
            writer.write_record(record)
    return path


def _split(items: list[Document | IngestProblem]) -> tuple[list[Document], list[IngestProblem]]:
    docs = [i for i in items if isinstance(i, Document)]
    problems = [i for i in items if isinstance(i, IngestProblem)]
    return docs, problems


MIXED = [
    Rec("https://www.riftherald.example/2024/floods", _page(site="Rift Herald")),
    Rec("https://www.riftherald.example/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(200), "image/png"),
    Rec("https://www.riftherald.example/old", b"", status="301 Moved Permanently"),
    Rec("https://www.riftherald.example/gone", _page("Page Not Found"), status="404 Not Found"),
    Rec("https://news.example.org/wire.txt", ("\n".join([HEADLINE, *BODY])).encode(), "text/plain"),
]


@pytest.mark.parametrize("gz", [True, False])
def test_html_and_text_responses_become_documents(tmp_path: Path, gz: bool) -> None:
    path = _warc(tmp_path / ("crawl.warc.gz" if gz else "crawl.warc"), MIXED, gz=gz)
    html_doc, text_doc = iter_documents([path])  # image, redirect and 404 skipped silently
    assert isinstance(html_doc, Document) and isinstance(text_doc, Document)
    assert html_doc.path == str(path) and html_doc.source_format == "warc"
    assert html_doc.line == 2 and text_doc.line == 6  # record numbers; record 1 is warcinfo
    assert html_doc.url == "https://www.riftherald.example/2024/floods"
    assert html_doc.outlet == "Rift Herald"  # the page's own site name first
    assert text_doc.outlet == "news.example.org"  # else the host
    assert html_doc.title == HEADLINE and html_doc.title_source == "html"
    assert html_doc.text == "\n\n".join([HEADLINE, *BODY])
    assert "Home" not in html_doc.text
    assert html_doc.doc_id == doc_id_for(html_doc.text)
    assert html_doc.external_id and html_doc.external_id.startswith("<urn:uuid:")
    assert html_doc.published == "2024-05-09" and html_doc.published_source == "warc-date"


def test_page_dates_win_over_the_crawl_date(tmp_path: Path) -> None:
    meta = '<meta property="article:published_time" content="2024-05-07T18:00:00+03:00">'
    dated_text = "\n".join([HEADLINE, "Posted on 6 May 2024", *BODY]).encode()
    path = _warc(
        tmp_path / "dated.warc.gz",
        [
            Rec("https://riftherald.example/a", _page(date_meta=meta)),
            Rec("https://riftherald.example/b.txt", dated_text, "text/plain"),
        ],
    )
    from_meta, from_text = iter_documents([path])
    assert isinstance(from_meta, Document) and isinstance(from_text, Document)
    assert (from_meta.published, from_meta.published_source) == ("2024-05-07", "html-meta")
    assert (from_text.published, from_text.published_source) == ("2024-05-06", "text-header")
    assert from_meta.outlet == "riftherald.example"


def test_same_page_as_html_file_and_warc_record_has_the_same_id(tmp_path: Path) -> None:
    html = tmp_path / "page.html"
    html.write_bytes(_page())
    path = _warc(tmp_path / "one.warc.gz", [Rec("https://riftherald.example/a", _page())])
    (from_file,) = iter_documents([html])
    (from_warc,) = iter_documents([path])
    assert isinstance(from_file, Document) and isinstance(from_warc, Document)
    assert from_warc.doc_id == from_file.doc_id


def test_warc_with_only_non_html_records_is_one_problem(tmp_path: Path) -> None:
    path = _warc(
        tmp_path / "assets.warc.gz",
        [
            Rec("https://riftherald.example/site.css", b"body { color: black }", "text/css"),
            Rec("https://riftherald.example/report.pdf", b"%PDF-1.7\n...", "application/pdf"),
        ],
    )
    (problem,) = iter_documents([path])
    assert isinstance(problem, IngestProblem) and problem.path == str(path)
    assert problem.reason == "no HTML or text pages among 3 records"


def test_bad_page_records_are_reported_and_reading_goes_on(tmp_path: Path) -> None:
    path = _warc(
        tmp_path / "bad-pages.warc.gz",
        [
            Rec("https://riftherald.example/empty", b""),
            Rec("https://riftherald.example/nav", b"<html><head><title>x</title></head></html>"),
            Rec("https://riftherald.example/latin", "Le ministre a déclaré".encode("utf-16")),
            Rec("https://riftherald.example/big", _page() * 50),
            Rec("https://riftherald.example/ok", _page()),
        ],
    )
    docs, problems = _split(list(iter_documents([path], max_bytes=20_000)))
    assert [d.line for d in docs] == [6]
    assert [(p.line, p.path) for p in problems] == [(n, str(path)) for n in (2, 3, 4, 5)]
    reasons = [p.reason for p in problems]
    assert reasons[0] == "record 2: empty page"
    assert reasons[1] == "record 3: no main text found in the HTML"
    assert "UTF-16" in reasons[2]
    assert reasons[3] == "record 5: payload is over max_bytes (20000)"


def test_resource_records_and_untyped_html_are_read(tmp_path: Path) -> None:
    path = _warc(
        tmp_path / "mixed-kinds.warc",
        [
            Rec("https://riftherald.example/a", _page(), content_type="text/html", kind="resource"),
            Rec("https://riftherald.example/b", _page("Marsabit Airlift Begins"), None),
            Rec("https://riftherald.example/c", b"\x00\x01\x02 opaque", content_type=None),
        ],
        gz=False,
    )
    docs, problems = _split(list(iter_documents([path])))
    assert problems == []
    assert [d.title for d in docs] == [HEADLINE, "Marsabit Airlift Begins"]


def test_gzip_content_encoding_is_decoded(tmp_path: Path) -> None:
    encoded = Rec(
        "https://riftherald.example/gz",
        gzip.compress(_page()),
        extra_http=(("Content-Encoding", "gzip"),),
    )
    (doc,) = iter_documents([_warc(tmp_path / "enc.warc.gz", [encoded])])
    assert isinstance(doc, Document) and doc.title == HEADLINE


def test_unsupported_content_encoding_is_a_problem(tmp_path: Path) -> None:
    encoding = (("Content-Encoding", "compress"),)
    packed = Rec("https://riftherald.example/z", b"\x1f\x9d opaque", extra_http=encoding)
    (problem,) = iter_documents([_warc(tmp_path / "z.warc.gz", [packed])])
    assert isinstance(problem, IngestProblem)
    assert problem.reason == "record 2: unsupported Content-Encoding 'compress'"


def _many_pages(n: int) -> list[Rec]:
    return [
        Rec(f"https://riftherald.example/{i}", _page(f"{HEADLINE} Update {i}")) for i in range(n)
    ]


@pytest.mark.parametrize("gz", [True, False])
def test_truncated_warc_yields_pages_before_the_cut_then_one_problem(
    tmp_path: Path, gz: bool
) -> None:
    whole = _warc(tmp_path / ("w.warc.gz" if gz else "w.warc"), _many_pages(6), gz=gz).read_bytes()
    cut = tmp_path / ("cut.warc.gz" if gz else "cut.warc")
    cut.write_bytes(whole[: len(whole) * 2 // 3])
    docs, problems = _split(list(iter_documents([cut])))
    assert 2 <= len(docs) < 6
    assert [d.line for d in docs] == list(range(2, len(docs) + 2))
    (problem,) = problems
    assert problem.path == str(cut) and "truncated" in problem.reason
    assert problem.line == len(docs) + 2  # the record being read when the file ended


def test_corrupt_warc_is_one_problem_and_the_run_goes_on(tmp_path: Path) -> None:
    whole = _warc(tmp_path / "w.warc.gz", _many_pages(6)).read_bytes()
    data = bytearray(whole)
    middle = len(data) // 2
    for at in range(middle, middle + 64):
        data[at] ^= 0x5A
    (tmp_path / "a-corrupt.warc.gz").write_bytes(bytes(data))
    (tmp_path / "b-garbage.warc").write_bytes(b"this is not an archive\n\nat all\n")
    (tmp_path / "c-plain.warc.gz").write_bytes(b"WARC/1.0\r\n")  # not gzip'd
    items = list(iter_documents([tmp_path]))
    problems = {Path(p.path).name: p for p in items if isinstance(p, IngestProblem)}
    assert set(problems) == {"a-corrupt.warc.gz", "b-garbage.warc", "c-plain.warc.gz"}
    assert problems["a-corrupt.warc.gz"].reason.startswith("corrupt gzip data")
    assert problems["b-garbage.warc"].reason.startswith("not a readable WARC")
    assert problems["c-plain.warc.gz"].reason.startswith("not a gzip file")
    docs = [Path(d.path).name for d in items if isinstance(d, Document)]
    assert 1 <= docs.count("a-corrupt.warc.gz") < 6
    assert docs.count("w.warc.gz") == 6


def test_empty_warc_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.warc"
    path.write_bytes(b"")
    (problem,) = iter_documents([path])
    assert isinstance(problem, IngestProblem) and problem.reason == "empty WARC file"
