"""Where events happened: toponyms resolved offline, datelines, and each event's place.

* :func:`resolve_toponym` picks, among the gazetteer's candidates for a name, the
  one an editor most likely meant: the name itself over a spelling variant and a
  place's own name over an alternate one, a place in a country the document talks
  about, a first-level region over a small namesake town ("Wyoming"), a place near
  the other places the document names (``PlaceClues.near``), a place inside the
  qualifier written after it ("Paris, Texas"), a more populous place.
* :func:`dateline` reads the place a story was filed from ("QAMISHLI, Syria (AP) -").
* :func:`locate_event` gives an event the place of its own clause ("airstrikes on
  positions in Idlib and Hama provinces" -> Idlib Governorate, with Hama named in
  the note), else the document's dateline place, else ``None``: never just any
  place the article mentions.  :func:`locate` returns just the place.

:class:`PlaceContext` resolves a document's names in two passes: each name alone,
then again with the places of the other names that were unambiguous
(:func:`sure_candidate`) as clues.  A resolution costs a dictionary lookup and a
few dozen comparisons per candidate; with a :class:`CandidateMemo`, what a name's
candidates score before the document's context (:class:`NameProfile`) is worked out
once per process, and a known name met with new clues costs a few sums per candidate.
"""

from __future__ import annotations

import bisect
import functools
import math
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rapidfuzz import fuzz
from spacy.tokens import Doc, Span, Token  # at run time: a compiled build reads them

from khaldun.events.modality import clause_tokens
from khaldun.nlp.view import DocView, token_index
from khaldun.records import Location
from khaldun.timeplace.gazetteer import REGION_WORDS, Candidate, Gazetteer, Place, distance_km
from khaldun.timeplace.toponyms import name_key, skeleton, without_articles

if TYPE_CHECKING:
    from khaldun.knowledge import Knowledge

__all__ = ["CandidateMemo", "EventPlace", "NameProfile", "PlaceClues", "PlaceContext", "best_candidate", "dateline", "default_gazetteer", "document_context", "locate", "locate_event", "needs_clues",
           "place_spans", "resolve_toponym", "sure_candidate", "to_location"]

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_MISLABELLED = frozenset({"LANGUAGE", "PRODUCT", "WORK_OF_ART"})  # labels the small model gives towns
# Scoring of candidates: log10 of the population, plus these.
CONTEXT_BOOST = 1.5  # the place is in a country the document names (less than Paris over Paris, Texas)
VARIANT_PENALTY = 3.0  # matched by a spelling variant, not by one of its names
COUNTRY_BONUS = 0.5  # "Georgia", "Mexico": the country over a namesake
CURATED_POPULATION = 5_000_000  # places of our data file carry no population: rank them as large towns
ALTERNATE_PENALTY = 1.5  # matched by an alternate name, not the place's main name ("Venice" is not Dayton)
CURATED_ALTERNATE_PENALTY = 0.5  # an alias of our data file: meant, but below a namesake's own name
MIN_ALTERNATE_POPULATION = 10_000  # a smaller town is found by its own name only
SURE_MARGIN = 1.0  # a first-pass place is a clue for the others when no far namesake scores this close
REGION_POPULATION = 300_000  # a first-level region ranks at least as a town this size ("Wyoming" the state)
# A place near the other places the document names wins: up to this bonus within NEAR_KM of one,
# falling (with the log of the distance) to nothing at FAR_KM.
PROXIMITY_BONUS = 1.5
NEAR_KM, FAR_KM = 50.0, 1000.0
_FAR_DEGREES = FAR_KM / 111.0 + 0.5  # degrees of latitude surely farther than FAR_KM (111.19 km each)
# "Paris, Texas": a place inside the qualifier named after it (a country; a region, within QUALIFIER_KM).
QUALIFIER_BONUS = 4.0
QUALIFIER_KM = 800.0
MIN_VARIANT_LENGTH = 4  # short skeletons ("aha") meet too many places
MIN_VARIANT_SIMILARITY = 60  # rapidfuzz ratio of a variant to the place's name: "Strait" is no "Street"
MIN_SHORTENED_POPULATION = 50_000  # "northern X": X a sizeable town, a region or a country

OBJECT_RANK = 30  # an object place ranks after prepositional ones
_PARTY_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "dative", "attr", "agent", "poss"})
# Prepositions that place an event, best first: "in Idlib" over "to Moscow".
_LOCATIVE = {p: 0 for p in "in at near outside inside around across throughout within".split()}
_LOCATIVE |= {p: 1 for p in "on into onto off along over".split()}
_LOCATIVE |= {p: 2 for p in "to toward towards".split()}
# Nouns through whose "of" a place still places the event: "the outskirts of Aleppo".
_PLACE_NOUNS = frozenset(
    "city town village capital province governorate region district area areas outskirts suburb suburbs "
    "countryside centre center heart part parts north south east west northeast northwest southeast southwest "
    "coast border borders port neighbourhood neighborhood streets camp island islands peninsula valley "
    "mountains desert country state county oblast municipality vicinity edge edges".split())
# Nouns of quantity through whose "of" the place still counts: "a number of positions in Idlib".
_QUANTITY_NOUNS = frozenset(
    "number numbers dozens hundreds thousands scores series string wave waves spate couple handful lot lots "
    "row rows group groups set sets range variety host array majority most some many several all each one two "
    "three four five".split())
# Words after a name that make it a region: "Idlib province", "the Hama countryside".
_REGION_SUFFIXES = {w: w for w in REGION_WORDS} | {"countryside": "province"}
_DIRECTIONS = frozenset(
    "north south east west northern southern eastern western central northeastern northwestern southeastern "
    "southwestern northeast northwest southeast southwest greater downtown rural upper lower occupied".split())
# Common nouns of place names: a name with one is matched by its spelling only ("Strait" is not "Street").
_GENERIC_WORDS = frozenset(
    "strait straits street road avenue square gulf sea ocean river lake bay coast island islands cape mount "
    "mountain mountains hill hills valley park bridge port harbour harbor airport base palace hall tower "
    "city town village state county district province region north south east west new old saint st "
    "fort lake canal desert field fields point beach".split())
# "the Republic of Armenia" -> "Armenia" (official names the gazetteer lacks).
_STATE_PREFIX = re.compile(
    r"^(?:(?:Islamic |Federal |Democratic |People's |Socialist |Arab |United )*(?:Republic|Kingdom|State|"
    r"Commonwealth|Emirate|Principality|Sultanate|Federation|Grand Duchy) of (?:the )?)", re.IGNORECASE)
_LEADING = re.compile(r"^(?:the\s+)", re.IGNORECASE)
_POSSESSIVE = re.compile(r"['’]s?$")


@functools.cache
def default_gazetteer() -> Gazetteer:
    """One gazetteer per process for callers that do not pass their own."""
    return Gazetteer()


# --- resolving one name ---------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class PlaceClues:
    """What a document tells about where a name is, besides its countries.

    ``near``: points of the other places it names (see :data:`PROXIMITY_BONUS`);
    ``within``: the place written after the name ("Paris, Texas"; "Springfield, Ill.").
    """

    near: tuple[tuple[float, float], ...] = ()
    within: Location | None = None


def _proximity(lat: float, lon: float, near: Iterable[tuple[float, float]]) -> float:
    """:data:`PROXIMITY_BONUS` scaled by the distance to the nearest of ``near``.

    A point more than :data:`_FAR_DEGREES` of latitude away is at least :data:`FAR_KM` off
    (a great circle is never shorter than its meridian part) and is not measured."""
    d = min((distance_km(lat, lon, la, lo) for la, lo in near if abs(la - lat) < _FAR_DEGREES), default=math.inf)
    if d >= FAR_KM:
        return 0.0
    if d <= NEAR_KM:
        return PROXIMITY_BONUS
    return PROXIMITY_BONUS * math.log(FAR_KM / d) / math.log(FAR_KM / NEAR_KM)


def _inside(place: Place, within: Location) -> float:
    """How surely ``place`` lies inside ``within`` (1 for its country; a region by distance)."""
    if place.country is None or place.country != within.country:
        return 0.0
    if within.precision == "country":
        return 1.0
    if within.lat is None or within.lon is None:
        return 0.0
    return max(0.0, 1.0 - distance_km(place.lat, place.lon, within.lat, within.lon) / QUALIFIER_KM)


def _base_score(c: Candidate, key: str) -> float:
    """The part of :func:`_score` that depends on the candidate and the name only."""
    place = c.place
    population = place.population or (CURATED_POPULATION if place.curated else 0)
    if place.kind == "region" and place.country is not None:
        population = max(population, REGION_POPULATION)
    score = math.log10(population + 100)
    if not c.exact:
        score -= VARIANT_PENALTY
    elif not c.region_word and key not in _main_keys(place.name):
        # "Garden City" is also a name of Singapore; our own aliases ("Atlantic") are meant
        score -= CURATED_ALTERNATE_PENALTY if place.curated else ALTERNATE_PENALTY
    return score


def _with_context(score: float, place: Place, countries: Iterable[str], clues: PlaceClues,
                  upper: bool = False) -> float:
    """``score`` plus what the document says: its countries, the country bonus, proximity and qualifier.

    ``upper``: an upper bound that measures no distance, the proximity and qualifier bonuses at
    their most (the same sums in the same order, each term at least as large)."""
    if place.country is not None and place.country in countries:
        score += CONTEXT_BOOST
    if place.kind == "country":
        score += COUNTRY_BONUS
    elif clues.near and place.country is not None:
        score += PROXIMITY_BONUS if upper else _proximity(place.lat, place.lon, clues.near)
    if clues.within is not None and place.kind != "country":
        score += QUALIFIER_BONUS if upper else QUALIFIER_BONUS * _inside(place, clues.within)
    return score


def _score(c: Candidate, countries: Iterable[str], key: str, clues: PlaceClues = PlaceClues()) -> float:
    return _with_context(_base_score(c, key), c.place, countries, clues)


@functools.lru_cache(maxsize=65536)
def _main_keys(name: str) -> frozenset[str]:
    """Keys under which a place's main name counts as its own: "New York City" is "New York",
    "Washington, D.C." is "Washington", "Saint Petersburg" is "St Petersburg"."""
    base = name.split(",")[0]
    keys = {name_key(name), name_key(base)}
    keys |= {k[:-5] for k in keys if k.endswith(" city") and len(k) > 5}
    keys |= {without_articles(k) for k in keys}
    keys |= {re.sub(r"\bsaint\b", "st", k) for k in keys} | {re.sub(r"\bst\b", "saint", k) for k in keys}
    return frozenset(keys)


def _clean(name: str) -> str:
    """'the Kremlin's' -> 'Kremlin': no leading article, no possessive."""
    return _POSSESSIVE.sub("", _LEADING.sub("", " ".join(name.split())))


def _shorter_forms(text: str) -> Iterator[str]:
    """Fallbacks for a name the gazetteer lacks: 'northern Idlib' -> 'Idlib', 'Aleppo city' -> 'Aleppo'."""
    m = _STATE_PREFIX.match(text)
    if m and m.end() < len(text):
        yield text[m.end():]
    words = text.split(" ")
    while len(words) > 1 and words[0].lower() in _DIRECTIONS:
        words.pop(0)
        yield " ".join(words)
    if len(words) > 1 and words[-1].lower() in _PLACE_NOUNS - REGION_WORDS:
        yield " ".join(words[:-1])


class NameProfile:
    """What :func:`best_candidate` knows of a name before the document's countries and clues:
    its candidates, which of them its own (or an allowed alternate) name finds, each
    candidate's score before the context, and its shorter forms.  Built once per name and
    kept by a :class:`CandidateMemo`; a spelling variant's likeness is measured when first
    asked for."""

    __slots__ = ("text", "key", "candidates", "exact_ok", "base", "variants_ok", "short_ok", "_similar",
                 "_forms", "_exact", "_variants", "_short", "_short_in", "_rivals", "_most", "_like_in")

    def __init__(self, text: str, gazetteer: Gazetteer) -> None:
        self.text = text
        self.key = key = name_key(text)
        self.candidates: tuple[Candidate, ...] = tuple(gazetteer.candidates(text)) if key else ()
        self.exact_ok = tuple(c.exact and _alternate_ok(c, key) for c in self.candidates)
        self.base = tuple(_base_score(c, key) for c in self.candidates)
        self.variants_ok = len(skeleton(text)) >= MIN_VARIANT_LENGTH and not _GENERIC_WORDS.intersection(key.split())
        # found as a shorter form whatever the countries ("Aleppo" of "northern Aleppo"), else
        # only in a named country (None: not by its exact name at all)
        self.short_ok = tuple(None if not c.exact else (
            c.place.kind != "city" or c.place.curated or c.place.population >= MIN_SHORTENED_POPULATION)
            for c in self.candidates)
        self._similar: dict[int, bool] = {}
        self._forms: tuple[str, ...] | None = None
        # the same answers by index, so that a call reads only the candidates of the named countries
        self._exact = tuple(i for i, ok in enumerate(self.exact_ok) if ok)
        self._variants = self._by_country(i for i, ok in enumerate(self.exact_ok) if not ok)
        self._short = tuple(i for i, ok in enumerate(self.short_ok) if ok)
        self._short_in = self._by_country(i for i, ok in enumerate(self.short_ok) if ok is False)
        self._rivals: tuple[tuple[float, int], ...] | None = None
        self._most: tuple[float, ...] | None = None
        self._like_in: dict[str, tuple[int, ...]] = {}  # country -> its variants that look like the name

    def similar(self, i: int) -> bool:
        """:func:`_similar` of the name and candidate ``i``'s place (once)."""
        found = self._similar.get(i)
        if found is None:
            found = self._similar[i] = _similar(self.key, self.candidates[i].place.name)
        return found

    def forms(self) -> tuple[str, ...]:
        """:func:`_shorter_forms` of the name (once)."""
        if self._forms is None:
            self._forms = tuple(_shorter_forms(self.text))
        return self._forms

    def _by_country(self, indices: Iterable[int]) -> dict[str, tuple[int, ...]]:
        """``indices`` of candidates grouped by their place's country (in index order)."""
        groups: dict[str, list[int]] = {}
        for i in indices:
            country = self.candidates[i].place.country
            if country is not None:
                groups.setdefault(country, []).append(i)
        return {c: tuple(group) for c, group in groups.items()}

    def found(self, countries: frozenset[str]) -> list[int]:
        """Indices of the candidates the name may mean, given the document's ``countries``
        (its own names', and spelling variants' in those countries that look like it)."""
        if not self.variants_ok or not countries or not self._variants:
            return list(self._exact)
        extra = [i for c in countries if c in self._variants for i in self._alike(c)]
        return sorted((*self._exact, *extra)) if extra else list(self._exact)

    def own_found(self) -> bool:
        """Whether its own names find a candidate whatever the countries (its shorter forms are then never read)."""
        return bool(self._exact)

    def _alike(self, country: str) -> tuple[int, ...]:
        """The spelling variants in ``country`` that look like the name (:meth:`similar`), once per country."""
        found = self._like_in.get(country)
        if found is None:
            found = self._like_in[country] = tuple(i for i in self._variants[country] if self.similar(i))
        return found

    def found_shortened(self, countries: frozenset[str]) -> list[int]:
        """Indices of the candidates found when this name is a shorter form of the one written."""
        extra = [i for c in countries for i in self._short_in.get(c, ())] if self._short_in else None
        return sorted((*self._short, *extra)) if extra else list(self._short)

    def most(self) -> tuple[float, ...]:
        """Each candidate's :meth:`bound` at its most, whatever the context: every bonus at its
        largest, added in :func:`_with_context`'s order (so never below the bound, rounding included)."""
        if self._most is None:
            self._most = tuple(((b + CONTEXT_BOOST) + max(COUNTRY_BONUS, PROXIMITY_BONUS)) + QUALIFIER_BONUS
                               + _BOUND_SLACK for b in self.base)
        return self._most

    def rivals(self) -> tuple[tuple[float, int], ...]:
        """The candidates found by an exact name as (the most their :meth:`bound` can be, index),
        highest first: :func:`sure_candidate` stops at the first too low to come close."""
        if self._rivals is None:
            most = self.most()
            self._rivals = tuple(sorted(((most[i], i) for i, c in enumerate(self.candidates) if c.exact),
                                        key=lambda r: (-r[0], r[1])))
        return self._rivals

    def score(self, i: int, countries: frozenset[str], clues: PlaceClues) -> float:
        """:func:`_score` of candidate ``i`` (the same sums in the same order)."""
        return _with_context(self.base[i], self.candidates[i].place, countries, clues)

    def bound(self, i: int, countries: frozenset[str], clues: PlaceClues) -> float:
        """An upper bound of :meth:`score` that measures no distance."""
        return _with_context(self.base[i], self.candidates[i].place, countries, clues, upper=True) + _BOUND_SLACK

    def best_of(self, found: list[int], countries: frozenset[str], clues: PlaceClues) -> int:
        """``max(found, key=score)`` (the first of the best), scoring in full only the candidates
        whose :meth:`bound` can beat the best so far: a namesake far from every clue costs no distances."""
        most = self.most()
        best, top = found[0], self.score(found[0], countries, clues)
        for i in found[1:]:
            if most[i] <= top or self.bound(i, countries, clues) <= top:
                continue
            score = self.score(i, countries, clues)
            if score > top:
                best, top = i, score
        return best


# added to an upper bound so that rounding never makes it smaller than the score it bounds
_BOUND_SLACK = 1e-9


def _profile(text: str, gazetteer: Gazetteer, memo: CandidateMemo | None) -> NameProfile:
    if memo is not None and memo.gazetteer is gazetteer:
        return memo.profile(text)
    return NameProfile(text, gazetteer)


def _choices(name: str, countries: frozenset[str], gaz: Gazetteer,
             memo: CandidateMemo | None) -> tuple[NameProfile, NameProfile, list[int]]:
    """The candidates :func:`best_candidate` chooses among, before any clue: (the name's profile,
    the profile of the form that found them, their indices; none found: empty)."""
    written = chosen = _profile(_clean(name), gaz, memo)
    found = written.found(countries)
    if not found:
        for form in written.forms():
            chosen = _profile(form, gaz, memo)
            found = chosen.found_shortened(countries)
            if found:
                break
    return written, chosen, found


def _best(name: str, countries: frozenset[str], gaz: Gazetteer, clues: PlaceClues,
          memo: CandidateMemo | None) -> tuple[NameProfile, NameProfile, int] | None:
    """:func:`best_candidate` as (the name's profile, the profile of the form that found it, its index)."""
    written, chosen, found = _choices(name, countries, gaz, memo)
    if not found:
        return None
    if len(found) == 1:
        return written, chosen, found[0]
    return written, chosen, chosen.best_of(found, countries, clues)


def needs_clues(name: str, countries: Iterable[str] = (), gazetteer: Gazetteer | None = None,
                memo: CandidateMemo | None = None) -> bool:
    """Whether :func:`best_candidate`'s answer for ``name`` may depend on its :class:`PlaceClues`:
    only when it chooses among two candidates or more (one, or none, is the answer whatever the clues)."""
    gaz = gazetteer if gazetteer is not None else default_gazetteer()
    return len(_choices(name, frozenset(countries), gaz, memo)[2]) > 1


def best_candidate(name: str, countries: Iterable[str] = (), gazetteer: Gazetteer | None = None,
                   clues: PlaceClues = PlaceClues(), memo: CandidateMemo | None = None) -> Candidate | None:
    """The candidate :func:`resolve_toponym` chooses, with how it matched.

    A spelling variant is trusted only for places in one of ``countries`` ("Deir Ezzor"
    in a story about Syria), and only when it still looks like the place's name.
    A name the gazetteer lacks may still be a direction or a place noun away from one
    ("northern Idlib", "Aleppo city"), found by its exact name.  ``memo`` keeps what is
    known of a name before its context (:class:`NameProfile`) across calls.
    """
    gaz = gazetteer if gazetteer is not None else default_gazetteer()
    found = _best(name, frozenset(countries), gaz, clues, memo)
    return None if found is None else found[1].candidates[found[2]]


def sure_candidate(name: str, countries: Iterable[str] = (), gazetteer: Gazetteer | None = None,
                   clues: PlaceClues = PlaceClues(), memo: CandidateMemo | None = None) -> Candidate | None:
    """:func:`best_candidate` when no namesake far from it comes close ("Seattle", "Hawaii"),
    else ``None`` ("Parkland": a town in Florida and one in Washington)."""
    gaz = gazetteer if gazetteer is not None else default_gazetteer()
    countries = frozenset(countries)
    found = _best(name, countries, gaz, clues, memo)
    if found is None:
        return None
    written, chosen, index = found
    best = chosen.candidates[index]
    # scored as the name written, even when a shorter form found it
    top = written.score(index, countries, clues) if chosen is written else \
        _score(best, countries, written.key, clues)
    place = best.place
    cands = written.candidates
    for most, i in written.rivals():
        if top - most >= SURE_MARGIN:  # no bound of this one or of the ones after it comes close
            break
        c = cands[i]
        if c.place is not place and c.place != place and \
                top - written.bound(i, countries, clues) < SURE_MARGIN and \
                top - written.score(i, countries, clues) < SURE_MARGIN and \
                distance_km(c.place.lat, c.place.lon, place.lat, place.lon) > NEAR_KM:
            return None
    return best


def _alternate_ok(c: Candidate, key: str) -> bool:
    """A village's alternate names are often local nicknames ("Western" for Cuba City):
    an alternate name counts for curated places, regions and towns of some size."""
    place = c.place
    return (place.curated or place.kind != "city" or c.region_word or place.population >= MIN_ALTERNATE_POPULATION
            or key in _main_keys(place.name))


def _similar(key: str, name: str) -> bool:
    """A spelling variant still looks like the place's name ("Deir Ezzor" ~ "Deir ez-Zor")."""
    return fuzz.ratio(without_articles(key), without_articles(name_key(name))) >= MIN_VARIANT_SIMILARITY


def resolve_toponym(name: str, context_countries: Iterable[str] = (),
                    gazetteer: Gazetteer | None = None, *, knowledge: Knowledge | None = None,
                    clues: PlaceClues = PlaceClues(), memo: CandidateMemo | None = None) -> Location | None:
    """The place ``name`` most likely refers to, given the countries a document talks about.

    With ``knowledge``, a demonym stands for its country ("Syrian" -> Syria), as in
    "Syrian towns".

    >>> resolve_toponym("Deir Ezzor", ["SYR"]).name
    'Deir ez-Zor'
    """
    gaz = gazetteer if gazetteer is not None else default_gazetteer()
    if knowledge is not None:
        entry = knowledge.demonym(_clean(name))
        if entry is not None and entry.kind == "state" and entry.country:
            country = gaz.country(entry.country)
            if country is not None:
                return to_location(Candidate(country, exact=True))
    if memo is not None:
        found = memo.best(name, frozenset(context_countries), gaz, clues)
    else:
        found = best_candidate(name, context_countries, gaz, clues)
    return None if found is None else to_location(found)


class CandidateMemo:
    """:func:`best_candidate` and :func:`sure_candidate` answers kept across documents.

    Both are pure functions of the name, the context countries, the clues and the
    gazetteer, and news names the same few hundred places again and again, so a coder
    keeps one memo for all its documents (cleared when it holds ``size`` answers).
    Candidates are immutable, so sharing them changes nothing.  It also keeps each name's
    :class:`NameProfile` (its candidates and their scores before the context): a name's
    answer with new clues, as in every new document, then costs a few sums per candidate.
    """

    def __init__(self, gazetteer: Gazetteer, size: int = 65_536) -> None:
        self.gazetteer = gazetteer
        self.size = size
        self._found: dict[tuple, Candidate | None] = {}
        self._profiles: dict[str, NameProfile] = {}
        self._relevant: dict[str, frozenset[str]] = {}  # name -> the countries its answers may read

    def relevant(self, name: str) -> frozenset[str]:
        """The countries of the candidates of ``name`` and of its shorter forms: the only ones whose
        presence among a document's countries :func:`best_candidate` and :func:`sure_candidate` read."""
        found = self._relevant.get(name)
        if found is None:
            if len(self._relevant) >= self.size:
                self._relevant.clear()
            written = self.profile(_clean(name))
            # the shorter forms are read only when the name's own candidates give nothing
            profiles = (written,) if written.own_found() else (written, *map(self.profile, written.forms()))
            found = self._relevant[name] = frozenset(
                c.place.country for p in profiles for c in p.candidates if c.place.country is not None)
        return found

    def profile(self, text: str) -> NameProfile:
        """The :class:`NameProfile` of a cleaned name (kept; cleared when it holds ``size``)."""
        found = self._profiles.get(text)
        if found is None:
            if len(self._profiles) >= self.size:
                self._profiles.clear()
            found = self._profiles[text] = NameProfile(text, self.gazetteer)
        return found

    def best(self, name: str, countries: frozenset[str], gazetteer: Gazetteer,
             clues: PlaceClues = PlaceClues()) -> Candidate | None:
        return self._answer(best_candidate, name, countries, gazetteer, clues)

    def sure(self, name: str, countries: frozenset[str], gazetteer: Gazetteer,
             clues: PlaceClues = PlaceClues()) -> Candidate | None:
        return self._answer(sure_candidate, name, countries, gazetteer, clues)

    def _answer(self, find, name: str, countries: frozenset[str], gazetteer: Gazetteer,
                clues: PlaceClues) -> Candidate | None:
        if gazetteer is not self.gazetteer:
            return find(name, countries, gazetteer, clues)
        within = clues.within
        # the same answer for any countries that agree on those of the name's candidates: a name met
        # again in a document about other countries is known already
        countries = countries & self.relevant(name)
        key = (find.__name__, name, countries, clues.near, None if within is None else (
            within.name, within.country, within.lat, within.lon, within.precision, within.geonameid))
        if key in self._found:
            return self._found[key]
        if len(self._found) >= self.size:
            self._found.clear()
        found = self._found[key] = find(name, countries, gazetteer, clues, self)
        return found


def to_location(candidate: Candidate) -> Location:
    p = candidate.place
    return Location(name=p.name, country=p.country, lat=round(p.lat, 5), lon=round(p.lon, 5),
                    precision=p.kind, geonameid=p.geonameid)


# --- datelines ------------------------------------------------------------------------------------
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_DATELINE = re.compile(rf"""
    ^[ \t]*(?P<place>[A-Z][A-Za-z'’.\-]*(?:[ ][A-Z][A-Za-z'’.\-]*){{0,3}})   # QAMISHLI / Deir ez-Zor
    (?:,[ ](?P<where>[A-Z][A-Za-z.\-]*(?:[ ][A-Z][A-Za-z.\-]*){{0,3}}))?    # , Syria
    (?:,?[ ](?P<date>{_MONTH}[ ]\d{{1,2}}(?:,[ ]\d{{4}})?))?                   # , Oct 8
    [ ]*(?P<agency>\([A-Za-z .&/-]{{2,40}}\))?                               # (Reuters)
    [ ]*(?:--|[-–—])[ ]                                                      # -
    """, re.MULTILINE | re.VERBOSE)
_DATELINE_HEAD = 800  # characters of the text a dateline may be in


def dateline(text: str, gazetteer: Gazetteer | None = None, memo: CandidateMemo | None = None) -> Location | None:
    """The place of a dateline at the start of a story: "QAMISHLI, Syria (AP) —", "SANAA —".

    A place in capitals may stand alone; one in title case needs a country, a date or an
    agency beside it ("Qamishli, Syria –"), so that a byline or a caption is not read as one.
    The place must be one of the gazetteer's names, not a spelling variant.  ``memo``: as for
    :func:`best_candidate`.
    """
    gaz = gazetteer if gazetteer is not None else default_gazetteer()
    for m in _DATELINE.finditer(text[:_DATELINE_HEAD]):
        place, where = m["place"], m["where"]
        letters = [c for c in place if c.isalpha()]
        if not (all(c.isupper() for c in letters) or where or m["date"] or m["agency"]):
            continue
        countries: set[str] = set()
        if where:
            code = gaz.country_named(where)
            if code is None:
                region = best_candidate(where, (), gaz, memo=memo)
                code = region.place.country if region is not None and region.exact else None
            if code is None:
                continue
            countries.add(code)
        found = best_candidate(place.title() if place.isupper() else place, countries, gaz, memo=memo)
        if found is not None and found.exact and (not countries or found.place.country in countries):
            return to_location(found)
    return None


# --- a document's context ---------------------------------------------------------------------------
@dataclass
class PlaceContext:
    """What one document tells about places: the countries it names, its dateline, the
    toponyms it names (``names``) and the qualifiers written after some ("Paris, Texas").

    ``countries`` maps each country to the name keys that named it, so that a name is not
    its own evidence ("Georgia" does not make Georgia the context of "Georgia").  A name
    is resolved twice: first alone, then with the first-pass places of the document's
    other names as :class:`PlaceClues` (a place near them wins).
    """

    countries: dict[str, set[str]] = field(default_factory=dict)
    dateline: Location | None = None
    knowledge: Knowledge | None = field(default=None, repr=False)
    names: list[str] = field(default_factory=list)
    qualifiers: dict[str, str] = field(default_factory=dict)  # name key -> the place written after it
    memo: CandidateMemo | None = field(default=None, repr=False)  # answers shared across documents
    _first: dict[str, Place | None] | None = field(default=None, repr=False)
    _resolved: dict[str, Location | None] = field(default_factory=dict, repr=False)
    _ents: Sequence[Span] | None = field(default=None, repr=False)  # the document's entities
    _ent_starts: list[int] = field(default_factory=list, repr=False)
    view: DocView | None = field(default=None, repr=False)  # the document's parse read once
    _clauses: dict[int, frozenset[int]] = field(default_factory=dict, repr=False)
    _besides: dict[str, frozenset[str]] = field(default_factory=dict, repr=False)
    _first_keys: list[tuple[str, tuple[float, float]]] | None = field(default=None, repr=False)
    _entities: dict[tuple[int, int], tuple[int, str]] = field(default_factory=dict, repr=False)
    _keys: dict[str, str] = field(default_factory=dict, repr=False)  # name -> name_key(name)
    _places_in: dict[tuple[int, int, int], list[Span]] = field(default_factory=dict, repr=False)  # per sentence
    _named: tuple[frozenset[str], dict[str, set[str]]] | None = field(default=None, repr=False)

    def key(self, name: str) -> str:
        """:func:`name_key` of ``name``, once per name and document."""
        found = self._keys.get(name)
        if found is None:
            found = self._keys[name] = name_key(name)
        return found

    def clause(self, head: Token | int, view: DocView | None = None) -> frozenset[int]:
        """Indices of the clause headed by ``head`` (:func:`clause_tokens`), once per head; ``head``
        is a token, or its index in ``view`` (by default the context's own view)."""
        i = token_index(head)
        found = self._clauses.get(i)
        if found is None:
            if view is None and self.view is not None and (isinstance(head, int) or self.view.doc is head.doc):
                view = self.view
            if view is not None:
                found = frozenset(view.clause(i))
            elif isinstance(head, int):
                raise ValueError("a token index needs the document's view")
            else:
                found = frozenset(t.i for t in clause_tokens(head))
            self._clauses[i] = found
        return found

    def entity(self, ent: Span, view: DocView) -> tuple[int, str]:
        """The root index of toponym ``ent`` and its name with a region word (:func:`_with_region_word`),
        once per entity."""
        key = (ent.start, ent.end)
        found = self._entities.get(key)
        if found is None:
            root = ent.root.i
            found = self._entities[key] = (root, _with_region_word(view, ent.start, ent.end, root))
        return found

    def sentence_places(self, sent: Span, gazetteer: Gazetteer) -> list[Span]:
        """The toponyms of ``sent`` (``sent.ents`` that are places), from the document's
        entities read once by :func:`document_context` instead of a scan of the whole
        document per event."""
        if self._ents is None or not self._ents or self._ents[0].doc is not sent.doc:
            return [e for e in sent.ents if _is_place(e, gazetteer)]
        key = (sent.start, sent.end, id(gazetteer))
        found = self._places_in.get(key)
        if found is None:
            within = []
            # Span.ents: from the first entity starting inside the span, up to one ending past it
            for ent in self._ents[bisect.bisect_left(self._ent_starts, sent.start):]:
                if ent.end > sent.end:
                    break
                within.append(ent)
            found = self._places_in[key] = [e for e in within if _is_place(e, gazetteer)]
        return list(found)

    def countries_besides(self, name: str) -> frozenset[str]:
        """The countries some name other than ``name`` named (remembered per name; ``countries``
        is read once, on the first call)."""
        found = self._besides.get(name)
        if found is None:
            if self._named is None:
                # every named country, and the countries named by one key only, by that key
                alone: dict[str, set[str]] = {}
                for c, keys in self.countries.items():
                    if len(keys) == 1:
                        alone.setdefault(next(iter(keys)), set()).add(c)
                self._named = (frozenset(c for c, keys in self.countries.items() if keys), alone)
            named, alone = self._named
            only = alone.get(self.key(name))
            found = self._besides[name] = named - only if only else named
        return found

    def _alone(self, name: str, gazetteer: Gazetteer) -> Location | None:
        return resolve_toponym(name, self.countries_besides(name), gazetteer, knowledge=self.knowledge,
                               memo=self.memo)

    def clues(self, name: str, gazetteer: Gazetteer) -> PlaceClues:
        """Where the document's other places are, and the qualifier written after ``name``."""
        if self._first is None:
            self._first = {}
            for other in self.names:
                if other not in self._first:
                    besides = self.countries_besides(other)
                    sure = (self.memo.sure(other, besides, gazetteer) if self.memo is not None
                            else sure_candidate(other, besides, gazetteer))
                    self._first[other] = None if sure is None else sure.place
        if self._first_keys is None:  # the first-pass places that may be clues, by name key, at
            # their points as :func:`to_location` rounds them
            self._first_keys = [(self.key(_clean(other)), (round(place.lat, 5), round(place.lon, 5)))
                                for other, place in self._first.items()
                                if place is not None and place.country is not None and place.kind != "country"]
        key = self.key(_clean(name))
        near = {point for other_key, point in self._first_keys if other_key != key}
        qualifier = self.qualifiers.get(key)
        within = self._alone(qualifier, gazetteer) if qualifier else None
        if within is not None and within.precision == "city":
            within = None
        return PlaceClues(near=tuple(sorted(near)), within=within)  # type: ignore[arg-type]

    def resolve(self, name: str, gazetteer: Gazetteer) -> Location | None:
        """:func:`resolve_toponym` in this document's context (memoised per document).

        The clues (and with them the first pass over every name of the document) are worked
        out only for a name they may decide (:func:`needs_clues`): the same answer, at less cost."""
        if name not in self._resolved:
            countries = self.countries_besides(name)
            memo = self.memo if self.memo is not None and self.memo.gazetteer is gazetteer else None
            clues = (self.clues(name, gazetteer) if needs_clues(name, countries, gazetteer, memo)
                     else PlaceClues())
            self._resolved[name] = resolve_toponym(name, countries, gazetteer, knowledge=self.knowledge,
                                                   clues=clues, memo=self.memo)
        return self._resolved[name]


def document_context(doc: Doc, gazetteer: Gazetteer | None = None,
                     knowledge: Knowledge | None = None, memo: CandidateMemo | None = None,
                     view: DocView | None = None) -> PlaceContext:
    """Countries the document names (and demonyms, with ``knowledge``), its dateline, its
    toponyms and their qualifiers.  ``memo`` shares place answers across documents;
    ``view`` (the document's :class:`~khaldun.nlp.view.DocView`) saves reading the parse again."""
    gaz = gazetteer if gazetteer is not None else default_gazetteer()
    head = _text_head(doc, _DATELINE_HEAD, view)
    context = PlaceContext(dateline=dateline(head, gaz, memo), knowledge=knowledge, memo=memo, view=view)
    if context.dateline is not None and context.dateline.country:
        context.countries.setdefault(context.dateline.country, set()).add("\x00dateline")
    if context.dateline is not None:
        context.names.append(context.dateline.name)
    ents = view.ents if view is not None else doc.ents
    labels = view.ent_labels if view is not None else [ent.label_ for ent in ents]
    texts = ([view.span_text(ent.start, ent.end) for ent in ents] if view is not None
             else [ent.text for ent in ents])
    context._ents, context._ent_starts = ents, [ent.start for ent in ents]
    starts = {ent.start: ent for ent, label, text in zip(ents, labels, texts) if _is_place(ent, gaz, label, text)}
    codes: dict[tuple[str, str], str | None] = {}  # (label, text) -> the country it names
    for ent, label, text in zip(ents, labels, texts):
        code = None
        if label in PLACE_LABELS or (label == "NORP" and knowledge is not None):
            found = codes.get((label, text), "")
            if found == "":
                if label in PLACE_LABELS:
                    found = gaz.country_named(text)
                else:
                    entry = knowledge.demonym(text)  # type: ignore[union-attr]
                    found = entry.country if entry is not None and entry.kind == "state" else None
                codes[(label, text)] = found
            code = found
        if code is not None:
            context.countries.setdefault(code, set()).add(context.key(text))
        if ent.start in starts:
            context.names.append(text)
            qualifier = _qualifier(ent, starts, view)
            if qualifier:
                context.qualifiers[context.key(_clean(text))] = qualifier
    return context


def _text_head(doc: Doc, size: int, view: DocView | None = None) -> str:
    """The document's text up to at least character ``size`` (all of it when shorter): building
    ``doc.text`` joins every token, where a dateline needs only the first few hundred characters."""
    if view is not None:  # the whole text is at hand: cut it before the first token at ``size``
        stop = bisect.bisect_left(view.starts, size)
        return view.text[:view.starts[stop]] if stop < len(view) else view.text
    stop = 0
    for token in doc:
        if token.idx >= size:
            break
        stop = token.i + 1
    return doc[:stop].text_with_ws if stop < len(doc) else doc.text


def _qualifier(ent: Span, starts: dict[int, Span], view: DocView | None = None) -> str | None:
    """The place written after a toponym and a comma: "Paris, Texas", "Springfield, Ill."
    (``view``: the document's view, read instead of its tokens)."""
    doc, end = ent.doc, ent.end
    if end + 1 >= len(doc) or (view.words[end] if view is not None else doc[end].text) != ",":
        return None
    after = starts.get(end + 1)
    if after is not None:
        return view.span_text(after.start, after.end) if view is not None else after.text
    token = doc[end + 1]
    if token.is_title and token.text.endswith(".") and len(token.text) <= 6:  # "Ill.", "Calif."
        return token.text
    return None


# --- an event's place ----------------------------------------------------------------------------------
def place_spans(doc: Doc, gazetteer: Gazetteer | None = None) -> list[Span]:
    """The document's toponyms: entities labelled GPE, LOC or FAC (after khaldun's fix-up),
    and, with a gazetteer, towns the model mislabels LANGUAGE, PRODUCT or WORK_OF_ART
    ("the outskirts of Aleppo" tagged LANGUAGE)."""
    return [ent for ent in doc.ents if _is_place(ent, gazetteer)]


def _is_place(ent: Span, gazetteer: Gazetteer | None, label: str | None = None, text: str | None = None) -> bool:
    """Whether ``ent`` is a toponym (see :func:`place_spans`); ``label`` and ``text``, when given,
    are its ``label_`` and ``text``, already read."""
    if label is None:
        label = ent.label_
    if label in PLACE_LABELS:
        return True
    return (gazetteer is not None and label in _MISLABELLED and not ent.ent_id_
            and (ent.text if text is None else text) in gazetteer)


def _with_region_word(view: DocView, start: int, end: int, root: int) -> str:
    """'Idlib' followed by 'province' reads 'Idlib province' (the region, not the town).

    So does a name that modifies a region word further on ("Idlib and Hama provinces":
    both Idlib and Hama), and "the Hama countryside" reads as the province.  The name is
    tokens ``start`` to ``end`` of ``view``, ``root`` its root.
    """
    text, lower, dep, heads = view.span_text(start, end), view.lower, view.dep, view.heads
    if end < len(view) and lower[end] in _REGION_SUFFIXES:
        return text + " " + _REGION_SUFFIXES[lower[end]]
    while dep[root] == "conj" and heads[root] != root:
        root = heads[root]
    head = heads[root]
    if dep[root] in {"compound", "nmod", "amod"} and head >= end and lower[head] in _REGION_SUFFIXES:
        return text + " " + _REGION_SUFFIXES[lower[head]]
    return text


def _placing(view: DocView, ent: Span, root: int, stop: int) -> int | None:
    """How well the entity (whose root is token ``root``) places the event whose clause head
    is token ``stop`` (lower is better).

    The entity must hang from the clause through a locative preposition ("in", "near",
    "on" ...), possibly through a place noun and "of" ("the outskirts of Aleppo"), or
    modify the trigger noun itself ("the Sanaa funeral strike").  A town or region that
    is the object ("recaptured Palmyra", "the city of Kirkuk was retaken") places the
    event too, after any prepositional place (see :data:`OBJECT_RANK`); subjects are the
    event's parties, not its place, and so are names our lexicons know as actors
    ("backed Damascus").
    """
    dep, heads, lower, label = view.dep, view.heads, view.lower, view.ent_label
    tok, hops, rank = root, 0, None
    while tok != stop and hops < 12:
        head, d = heads[tok], dep[tok]
        if head == tok:
            return None
        if d == "pobj" and dep[head] in {"prep", "agent"}:
            lemma = lower[head]
            if lemma in _LOCATIVE:
                rank = _LOCATIVE[lemma] * 10 + hops if rank is None else rank
            elif lemma != "of" or lower[heads[head]] not in _PLACE_NOUNS | _QUANTITY_NOUNS:
                return None  # "after weeks of fighting in Syria", "the mayor of Aleppo"
        elif d in {"dobj", "nsubjpass"} and head == stop and rank is None:
            return None if ent.ent_id_ else OBJECT_RANK + hops
        elif d == "conj" and label[head] in PLACE_LABELS and label[tok] in PLACE_LABELS:
            tok = head  # "in Idlib and Hama": Hama places the event as Idlib does
            continue
        elif d in _PARTY_DEPS and rank is None:
            return None
        elif head == stop and d in {"compound", "amod", "nmod"} and view.pos[stop] in {"NOUN", "PROPN"}:
            return 5 + hops if rank is None else rank
        tok, hops = head, hops + 1
    return rank


def _heads(view: DocView, trigger: int) -> Iterator[int]:
    """The trigger, then the verb a nominal trigger hangs from ("carried out airstrikes in ...")."""
    yield trigger
    pos, dep, heads = view.pos, view.dep, view.heads
    if pos[trigger] in {"NOUN", "PROPN"}:
        head = heads[trigger]
        while dep[head] == "prep" and heads[head] != head:
            head = heads[head]
        if head != trigger and pos[head] in {"VERB", "AUX"}:
            yield head


@dataclass(frozen=True, slots=True)
class EventPlace:
    """Where an event happened and how that was found.

    ``how`` is "clause" (a place of the event's own clause), "site" (the country of a site the
    clause names by an adjective: "a Syrian air base") or "dateline";
    ``others`` are the other places named alongside the chosen one ("in Idlib and
    Hama": Idlib chosen, Hama the other), in text order.
    """

    location: Location
    how: str
    others: tuple[str, ...] = ()

    def note(self) -> str:
        """The provenance note: "place: Idlib Governorate (clause; first of 2: Idlib, Hama)"."""
        if not self.others:
            return f"place: {self.location.name} ({self.how})"
        names = ", ".join((self.location.name, *self.others))
        return f"place: {self.location.name} ({self.how}; the most specific, else first, of {1 + len(self.others)}: " \
               f"{names})"


_SPECIFIC = {"city": 0, "region": 1, "country": 2}


def locate_event(doc: Doc, trigger: Token | int, gazetteer: Gazetteer | None = None,
                 context: PlaceContext | None = None) -> EventPlace | None:
    """Where the event of ``trigger`` (a token or its index) happened, with how it was found.

    The best-placed toponyms of the event's own clause (see :func:`_placing`), resolved
    in the document's context; among places placed equally well ("in Idlib and Hama
    provinces") the most specific (a town over a region over a country), else the first;
    else the document's dateline place; else ``None``.  ``context`` (from
    :func:`document_context`) saves recomputing it for every event.
    """
    gaz = gazetteer if gazetteer is not None else default_gazetteer()
    if context is None:
        context = document_context(doc, gaz)
    if context.view is None:
        context.view = DocView(doc)  # read once for all the document's events
    view = context.view if context.view.doc is doc else DocView(doc)
    t = token_index(trigger)
    ents = context.sentence_places(view.sents[view.sent_of[t]], gaz)
    if ents:
        for head in _heads(view, t):
            clause = context.clause(head, view)
            ranked = []
            for ent in ents:
                root, name = context.entity(ent, view)
                if root not in clause:
                    continue
                rank = _placing(view, ent, root, head)
                if rank is not None:
                    ranked.append((rank, ent.start, name))
            best: list[tuple[int, Location]] = []
            for rank, _, name in sorted(ranked, key=lambda r: r[:2]):
                if best and rank > best[0][0]:
                    break
                found = context.resolve(name, gaz)
                if found is not None and (rank < OBJECT_RANK or found.precision != "country"):
                    if all(found.name != other.name for _, other in best):
                        best.append((rank, found))
            if best:
                chosen = min(best, key=lambda b: _SPECIFIC.get(b[1].precision or "", 3))[1]
                others = tuple(loc.name for _, loc in best if loc is not chosen)
                return EventPlace(chosen, "clause", others)
    site = _site_country(view, t, context, gaz)
    if site is not None and (context.dateline is None or context.dateline.country != site.country):
        return EventPlace(site, "site")
    if context.dateline is not None:
        return EventPlace(context.dateline, "dateline")
    return None


# Nouns of a site whose country an adjective names: "pounded a Syrian air base", "shelled Turkish
# border posts".  An embassy is not one: "the US embassy in Baghdad" stands in Iraq.
_SITE_NOUNS = _PLACE_NOUNS | frozenset(
    "base airbase airfield airport facility facilities territory soil airspace waters positions position "
    "post posts outpost outposts checkpoint checkpoints".split())


def _site_country(view: DocView, trigger: int, context: PlaceContext, gazetteer: Gazetteer) -> Location | None:
    """The country of a site the event's clause acts on or in, named by an adjective or a
    country name before the site noun ("a Syrian air base", "Iraqi territory"), as a
    country-level place; ``None`` when there is none or two countries disagree."""
    found: set[str] = set()
    lemma_lower, pos, dep = view.lemma_lower, view.pos, view.dep
    for head in _heads(view, trigger):
        for tok in view.subtree(head):
            if lemma_lower[tok] not in _SITE_NOUNS or pos[tok] not in {"NOUN", "PROPN"}:
                continue
            if not _site_of(view, tok, head):
                continue
            for child in view.children(tok):
                if dep[child] in {"amod", "compound", "nmod"}:
                    code = _country_word(view, child, context, gazetteer)
                    if code is not None:
                        found.add(code)
        if found:
            break
    if len(found) != 1:
        return None
    place = gazetteer.country(found.pop())
    if place is None:
        return None
    return Location(name=place.name, country=place.country, lat=round(place.lat, 5), lon=round(place.lon, 5),
                    precision="country", geonameid=place.geonameid)


def _site_of(view: DocView, tok: int, head: int) -> bool:
    """Whether token ``tok`` is the object of token ``head`` or hangs from it by a locative
    preposition ("on", "at", "in" ...), possibly through "of" ("the outskirts of a Syrian town")."""
    dep, heads, lower = view.dep, view.heads, view.lower
    for _ in range(6):
        if dep[tok] in {"dobj", "nsubjpass"} and heads[tok] == head:
            return True
        if dep[tok] == "pobj" and dep[heads[tok]] == "prep":
            prep = heads[tok]
            if lower[prep] in _LOCATIVE or lower[prep] in {"on", "against", "into"}:
                return heads[prep] == head
            if lower[prep] == "of" and view.pos[heads[prep]] in {"NOUN", "PROPN"}:
                tok = heads[prep]
                continue
        return False
    return False


def _country_word(view: DocView, tok: int, context: PlaceContext, gazetteer: Gazetteer) -> str | None:
    text = view.words[tok]
    if context.knowledge is not None:
        entry = context.knowledge.demonym(text)
        if entry is not None and entry.kind == "state" and entry.country:
            return entry.country
    if view.ent_label[tok] in PLACE_LABELS:
        return gazetteer.country_named(text)
    return None


def locate(doc: Doc, trigger: Token | int, gazetteer: Gazetteer | None = None,
           context: PlaceContext | None = None) -> Location | None:
    """Where the event of ``trigger`` happened: :func:`locate_event`'s place, or ``None``."""
    found = locate_event(doc, trigger, gazetteer, context)
    return None if found is None else found.location
