"""Independent sources: reports linked by copied text count once."""

from __future__ import annotations

from khaldun.reuse import find_links, fingerprint, independent_sources, source_groups
from khaldun.reuse.links import make_link


def _span(text: str, sentence: str, doc_id: str) -> tuple[str, int, int]:
    start = text.index(sentence)
    return doc_id, start, start + len(sentence)


def test_reports_inside_a_copied_passage_are_one_source(articles):
    links = find_links(fingerprint(i, articles[i]) for i in ("wire", "analysis", "protest"))
    counterpart = "His Azerbaijani counterpart said the deal did not settle the wider dispute"
    wire_report = _span(articles["wire"], counterpart, "wire")
    analysis_report = _span(articles["analysis"], counterpart, "analysis")
    assert independent_sources([wire_report, analysis_report], links) == 1
    # the analysis's own reporting on the same event is independent of the wire
    own = _span(articles["analysis"], "Analysts said the presence of monitors was the real concession", "analysis")
    eu = _span(articles["wire"], "The European Union welcomed the announcement", "wire")
    assert independent_sources([eu, own], links) == 2
    # ... unless the same document also carries a copied report: same document, one source
    assert independent_sources([wire_report, analysis_report, own], links) == 1


def test_report_outside_the_linked_span_stays_independent(articles):
    links = find_links(fingerprint(i, articles[i]) for i in ("wire", "analysis"))
    in_wire = _span(articles["wire"], "His Azerbaijani counterpart said the deal", "wire")
    elsewhere = _span(articles["analysis"], "A senior Western diplomat who followed the talks", "analysis")
    groups = source_groups([in_wire, elsewhere], links)
    assert groups == [[elsewhere], [in_wire]]


def test_near_duplicate_documents_are_one_source_wherever_the_reports_are(articles):
    links = find_links(fingerprint(i, articles[i]) for i in ("wire", "wire-republished"))
    headline = _span(articles["wire"], "Ministers agree to reopen border crossing", "wire")
    last = _span(articles["wire-republished"], "Hauliers' associations in both countries", "wire-republished")
    assert independent_sources([headline, last], links) == 1


def test_counts_without_links_and_with_repeated_reports():
    reports = [("d1", 0, 50), ("d2", 10, 90), ("d1", 0, 50), ("d1", 200, 260), ("d3", 5, 40)]
    assert independent_sources(reports, []) == 3
    assert independent_sources([], []) == 0
    groups = source_groups(reports, [])
    assert groups[0] == [("d1", 0, 50), ("d1", 200, 260)]


def test_passage_links_join_only_reports_on_both_sides_and_chain_transitively():
    link_ab = make_link("b", "a", "passage", 0.9, (100, 300), (0, 180))  # b[100:300] ~ a[0:180]
    link_bc = make_link("b", "c", "passage", 0.8, (500, 700), (40, 260))
    assert (link_ab.doc_a, link_ab.a_start, link_ab.b_start) == ("a", 0, 100)
    links = [link_ab, link_bc]
    a, b1, b2, c = ("a", 20, 120), ("b", 150, 250), ("b", 520, 600), ("c", 60, 200)
    assert independent_sources([a, b1], links) == 1
    assert independent_sources([a, c], links) == 2
    assert independent_sources([a, b1, b2, c], links) == 1  # a~b1, b1 and b2 same doc, b2~c
    assert independent_sources([("a", 400, 500), b1], links) == 2  # a's report outside the link
