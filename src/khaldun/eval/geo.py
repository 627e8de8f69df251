"""Geoparsing scores on GeoWebNews (Gritta et al. 2019), read from its XML release.

The file is ``<articles><article file=..><title/><link/><text/><toponyms><toponym>``
with, per toponym, ``extractedName``, ``type`` (Literal, Metonymic, Demonym,
Non_Toponym, ...), character ``start``/``end`` in the article text and, for the
toponyms that have a place on the map, ``latitude``/``longitude`` (and often a
``geonamesID``).

Gold toponyms are those with coordinates: the ones a geoparser is expected to
find and put on the map (demonyms, languages, homonyms and non-toponyms carry
none).  Two measures:

- end to end: khaldun's toponyms (GPE/LOC/FAC entities after its entity fix-up)
  against the gold spans -- precision, recall, F1 (spans overlapping one to one;
  also with exact boundaries) -- and the share of all gold toponyms that khaldun
  finds *and* puts within 161 km (100 miles) of the gold point;
- resolution of the gold spans (the usual toponym-resolution setting): each gold
  name resolved in its document's context; share within 161 km, mean and median
  error.
"""

from __future__ import annotations

import statistics
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from khaldun.timeplace.gazetteer import distance_km
from khaldun.timeplace.places import document_context, place_spans

if TYPE_CHECKING:
    from khaldun.pipeline import Resources
    from khaldun.records import Location

WITHIN_KM = 161.0  # 100 miles: the customary "accuracy at 161 km"


@dataclass(frozen=True, slots=True)
class GoldToponym:
    start: int
    end: int
    name: str
    type: str
    lat: float
    lon: float
    geonameid: int | None


@dataclass(frozen=True, slots=True)
class GoldArticle:
    file: str
    text: str
    toponyms: tuple[GoldToponym, ...]


def read_gwn(path: str | Path) -> list[GoldArticle]:
    """Articles and their gold toponyms with coordinates."""
    root = ET.parse(path).getroot()
    articles = []
    for art in root.iter("article"):
        text = art.findtext("text") or ""
        gold = []
        for top in art.iter("toponym"):
            lat, lon = (top.findtext(k) for k in ("latitude", "longitude"))
            if not lat or not lon:
                continue
            gid = (top.findtext("geonamesID") or "").strip()
            gold.append(GoldToponym(
                start=int(top.findtext("start") or 0), end=int(top.findtext("end") or 0),
                name=(top.findtext("extractedName") or "").strip(), type=(top.findtext("type") or "").strip(),
                lat=float(lat), lon=float(lon), geonameid=int(gid) if gid.isdigit() else None))
        articles.append(GoldArticle(file=art.get("file", str(len(articles))), text=text,
                                    toponyms=tuple(sorted(gold, key=lambda g: g.start))))
    return articles


def _match(gold: list[tuple[int, int]], found: list[tuple[int, int]], exact: bool) -> dict[int, int]:
    """Gold index -> found index, one to one, by exact or overlapping spans (in text order)."""
    pairs: dict[int, int] = {}
    taken: set[int] = set()
    for g, (gs, ge) in enumerate(gold):
        for f, (fs, fe) in enumerate(found):
            if f in taken:
                continue
            if (fs, fe) == (gs, ge) if exact else fs < ge and gs < fe:
                pairs[g] = f
                taken.add(f)
                break
    return pairs


def _prf(hits: int, found: int, gold: int) -> tuple[float, float, float]:
    p = hits / found if found else 0.0
    r = hits / gold if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _errors_summary(errors: list[float | None], total: int, prefix: str) -> dict[str, float | int]:
    known = [e for e in errors if e is not None]
    return {
        f"{prefix}within_161km": round(sum(e <= WITHIN_KM for e in known) / total, 4) if total else 0.0,
        f"{prefix}resolved": len(known),
        f"{prefix}mean_error_km": round(statistics.fmean(known), 1) if known else 0.0,
        f"{prefix}median_error_km": round(statistics.median(known), 1) if known else 0.0,
    }


def _error(loc: Location | None, gold: GoldToponym) -> float | None:
    if loc is None or loc.lat is None or loc.lon is None:
        return None
    return distance_km(loc.lat, loc.lon, gold.lat, gold.lon)


def evaluate(path: str | Path, resources: Resources | None = None, *, limit: int | None = None,
             batch_size: int = 16) -> dict[str, float | int]:
    """Score khaldun on a GeoWebNews XML file (``limit``: the first N articles only).

    ``resources`` are the loaded pipeline (``Resources.load()`` when not given).
    Returns precision, recall and F1 of toponym recognition (overlap and exact),
    the share of gold toponyms found and resolved within 161 km, and the same
    share, mean and median error with the gold spans given.
    """
    if resources is None:
        from khaldun.pipeline import Resources

        resources = Resources.load()
    articles = read_gwn(path)[:limit]
    gaz = resources.places
    n_gold = n_found = hits = exact_hits = 0
    e2e: list[float | None] = []
    matched: list[float | None] = []
    oracle: list[float | None] = []
    texts = (a.text for a in articles)
    for art, doc in zip(articles, resources.nlp.pipe(texts, batch_size=batch_size)):
        context = document_context(doc, gaz, resources.knowledge)
        spans = place_spans(doc, gaz)
        found = [(s.start_char, s.end_char) for s in spans]
        gold = [(g.start, g.end) for g in art.toponyms]
        pairs = _match(gold, found, exact=False)
        n_gold, n_found, hits = n_gold + len(gold), n_found + len(found), hits + len(pairs)
        exact_hits += len(_match(gold, found, exact=True))
        for g, top in enumerate(art.toponyms):
            oracle.append(_error(context.resolve(top.name, gaz), top))
            if g in pairs:
                err = _error(context.resolve(spans[pairs[g]].text, gaz), top)
                matched.append(err)
                e2e.append(err)
            else:
                e2e.append(None)
    p, r, f = _prf(hits, n_found, n_gold)
    ep, er, ef = _prf(exact_hits, n_found, n_gold)
    result: dict[str, float | int] = {
        "articles": len(articles), "gold_toponyms": n_gold, "found_toponyms": n_found,
        "precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
        "exact_precision": round(ep, 4), "exact_recall": round(er, 4), "exact_f1": round(ef, 4),
    }
    result |= _errors_summary(e2e, n_gold, "")
    result["matched_within_161km"] = _errors_summary(matched, len(matched), "m_")["m_within_161km"]
    result |= _errors_summary(oracle, n_gold, "gold_spans_")
    return result


def format_table(result: dict[str, float | int], rows: Iterable[str] | None = None) -> str:
    """The result as a two-column text table."""
    keys = list(rows) if rows is not None else list(result)
    width = max(len(k) for k in keys)
    return "\n".join(f"{k:<{width}}  {result[k]}" for k in keys)
