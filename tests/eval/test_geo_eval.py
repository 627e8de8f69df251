"""The GeoWebNews adapter: on a tiny file in its format (our own text), and on the real file."""

from __future__ import annotations

from pathlib import Path

import pytest

from khaldun.eval.geo import evaluate, format_table, read_gwn

# Two articles in GeoWebNews' XML format, text written by us.  Offsets index the <text>.
_FIRST = "Turkish jets struck villages near Afrin on Sunday. Officials in Ankara said the operation would go on."
_SECOND = "The council met in Geneva. A spokesman in Nowhereville declined to comment."


def _toponym(text: str, name: str, kind: str, lat: float | None = None, lon: float | None = None) -> str:
    start = text.index(name)
    coords = (f"<geonamesID /><latitude>{lat}</latitude><longitude>{lon}</longitude>"
              if lat is not None else "")
    return (f"<toponym><extractedName>{name}</extractedName><normalisedName /><type>{kind}</type>"
            f"<modifierType /><nonLocational>No</nonLocational><start>{start}</start>"
            f"<end>{start + len(name)}</end>{coords}</toponym>")


def _article(n: int, text: str, toponyms: list[str]) -> str:
    return (f'<article file="{n}"><title>t{n}</title><link>http://example.org/{n}</link>'
            f"<text>{text}</text><toponyms>{''.join(toponyms)}</toponyms></article>")


@pytest.fixture()
def tiny_gwn(tmp_path: Path) -> Path:
    xml = ('<?xml version="1.0" ?><articles>'
           + _article(0, _FIRST, [_toponym(_FIRST, "Turkish", "Demonym"),
                                  _toponym(_FIRST, "Afrin", "Literal", 36.51, 36.87),
                                  _toponym(_FIRST, "Ankara", "Metonymic", 39.92, 32.85)])
           + _article(1, _SECOND, [_toponym(_SECOND, "Geneva", "Literal", 46.2, 6.15),
                                   _toponym(_SECOND, "Nowhereville", "Literal", 10.0, 10.0)])
           + "</articles>")
    path = tmp_path / "tiny.xml"
    path.write_text(xml, encoding="utf-8")
    return path


def test_reader_keeps_toponyms_with_coordinates(tiny_gwn):
    articles = read_gwn(tiny_gwn)
    assert [a.file for a in articles] == ["0", "1"]
    names = [t.name for t in articles[0].toponyms]
    assert names == ["Afrin", "Ankara"]  # the demonym has no coordinates: not a gold toponym
    afrin = articles[0].toponyms[0]
    assert articles[0].text[afrin.start:afrin.end] == "Afrin" and (afrin.lat, afrin.lon) == (36.51, 36.87)


def test_scores_on_a_tiny_file(tiny_gwn, resources):
    result = evaluate(tiny_gwn, resources)
    assert result["articles"] == 2 and result["gold_toponyms"] == 4
    # Afrin, Ankara and Geneva are found and put on the map; the invented town is in no gazetteer
    assert result["gold_spans_within_161km"] == 0.75
    assert result["gold_spans_resolved"] == 3
    assert result["gold_spans_median_error_km"] < 30
    assert 0.5 <= result["recall"] <= 1.0
    assert result["within_161km"] <= result["recall"]
    assert "gold_toponyms" in format_table(result)


def test_scores_on_geowebnews(shared, resources):
    """The first 20 articles of the real file: sane ranges, not a benchmark (see bench/geo.py)."""
    path = shared / "eval" / "geo" / "GWN.xml"
    if not path.is_file():
        pytest.skip("GWN.xml is absent")
    result = evaluate(path, resources, limit=20)
    assert result["articles"] == 20 and result["gold_toponyms"] > 200
    assert 0.6 <= result["precision"] <= 1.0
    assert 0.4 <= result["recall"] <= 1.0
    assert 0.5 <= result["gold_spans_within_161km"] <= 1.0
    assert 0.3 <= result["within_161km"] <= result["recall"]
    assert result["median_error_km"] < 50
