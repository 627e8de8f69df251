"""The actor lexicon: look up states, organisations, groups and persons by surface form."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from khaldun.knowledge.loading import load_files
from khaldun.knowledge.model import Entry, Place, Resolution, Sector
from khaldun.knowledge.normalize import clean_surface, head_word, is_acronym, normalize_name, phrase_key, plural

# Demonyms ending like this take a regular "-s" plural: "Iranians", "Iraqis",
# "New Zealanders", "Cypriots".  Others ("Chinese", "Swiss", "French") do not.
_PLURAL_DEMONYM_ENDINGS = ("an", "i", "er", "ot", "ite")
#: Surface forms whose candidates a Knowledge remembers (the memo is emptied when full).
_MEMO_SIZE = 65_536


def load_knowledge(extra: Iterable[str | Path] = ()) -> Knowledge:
    """Load the bundled knowledge files plus the user files in *extra*.

    User files are our YAML format (see :mod:`khaldun.knowledge.loading`) or
    PETRARCH/Phoenix actor and agent dictionaries (see
    :mod:`khaldun.knowledge.phoenix`).  User entries with the key or name of a
    bundled entry extend or override it.  Nothing is cached: call once and
    keep the returned object.

    Raises :class:`~khaldun.knowledge.model.KnowledgeError` for a malformed file.
    """
    loaded = load_files(extra)
    return Knowledge(loaded.entries.values(), loaded.sectors.values(), loaded.uncountable, loaded.places)


class Knowledge:
    """Indexes over the loaded entries and sector phrases.

    Attributes:
        entries: every entry, in load order.
        sectors: PLOVER sector code -> :class:`Sector`.
        role_phrases: lowercased role phrase (lemma and plural forms) -> sector
            codes, primary first; ordered longest phrase first.
        places: place names that must not be read as the country they contain.
    """

    entries: list[Entry]
    sectors: dict[str, Sector]
    role_phrases: dict[str, list[str]]
    places: list[Place]

    def __init__(
        self,
        entries: Iterable[Entry],
        sectors: Iterable[Sector] = (),
        uncountable: Iterable[str] = (),
        places: Iterable[Place] = (),
    ) -> None:
        self.entries = list(entries)
        self.sectors = {sector.code: sector for sector in sectors}
        self.places = list(places)
        self.role_phrases = _role_phrases(self.sectors.values(), set(uncountable))
        self._by_key = {entry.key: entry for entry in self.entries}
        self._by_country: dict[str, Entry] = {}
        self._names: dict[str, list[Entry]] = {}
        self._acronyms: dict[str, list[Entry]] = {}
        self._demonyms: dict[str, list[Entry]] = {}
        self._metonyms: dict[str, list[tuple[Entry, str]]] = {}
        for entry in self.entries:
            self._index(entry)
        # surface form -> its candidates: the indexes above never change once built
        self._found: dict[str, tuple[Entry, ...]] = {}
        # the same for demonyms, metonyms and role phrases (bounded like ``_found``)
        self._demonyms_of: dict[str, tuple[Entry, ...]] = {}
        self._metonyms_of: dict[str, tuple[tuple[Entry, str], ...]] = {}
        self._sectors_of: dict[str, tuple[str, ...]] = {}

    def _index(self, entry: Entry) -> None:
        for alias in entry.aliases:
            form = clean_surface(alias)
            if is_acronym(form):
                _add(self._acronyms, form, entry)
            else:
                _add(self._names, normalize_name(form), entry)
        if entry.kind == "state" and entry.country:
            self._by_country.setdefault(entry.country, entry)
        for demonym in demonym_forms(entry.demonyms):
            _add(self._demonyms, normalize_name(demonym), entry)
        for metonym in entry.metonyms:
            _add(self._metonyms, normalize_name(metonym.text), (entry, metonym.sector))

    def get(self, key: str) -> Entry | None:
        """The entry with this key (the ``id`` of its entity patterns)."""
        return self._by_key.get(key)

    def candidates(self, text: str) -> list[Entry]:
        """Every entry one of whose aliases normalises like *text*.

        All-capital forms ("US", "IS", "WHO") are compared case-sensitively
        first, so that "us" or "who" find nothing; an all-capital headline
        form ("IRAN") falls back to the case-insensitive index.
        """
        return list(self._candidates(text))

    def _candidates(self, text: str) -> tuple[Entry, ...]:
        found = self._found.get(text)
        if found is None:
            form = clean_surface(text)
            if not form:
                found = ()
            elif is_acronym(form) and form in self._acronyms:
                found = tuple(self._acronyms[form])
            else:
                found = tuple(self._names.get(normalize_name(form), ()))
            _remember(self._found, text, found)
        return found

    def lookup(self, text: str) -> Entry | None:
        """The one entry *text* names, or None when unknown or ambiguous.

        Case, diacritics, curly apostrophes, hyphens, a leading "the", a
        possessive "'s" and the Arabic article "al-" do not matter.
        """
        found = self._candidates(text)
        return found[0] if len(found) == 1 else None

    def country(self, iso3: str) -> Entry | None:
        """The state entry for an ISO3 code (any case)."""
        return self._by_country.get(iso3.upper())

    def demonym_candidates(self, word: str) -> list[Entry]:
        """Every state *word* is a demonym of ("Congolese" -> both Congos)."""
        return list(self._demonyms_for(word))

    def _demonyms_for(self, word: str) -> tuple[Entry, ...]:
        found = self._demonyms_of.get(word)
        if found is None:
            found = _remember(self._demonyms_of, word, tuple(self._demonyms.get(normalize_name(word), ())))
        return found

    def demonym(self, word: str) -> Entry | None:
        """The state of a demonym, singular or plural ("Syrian", "Iranians"); None if ambiguous."""
        found = self._demonyms_for(word)
        return found[0] if len(found) == 1 else None

    def metonym(self, text: str) -> tuple[Entry, str] | None:
        """(state, sector) for a capital or seat of power: "the Kremlin" -> (Russia, "GOV")."""
        found = self._metonyms_of.get(text)
        if found is None:
            found = _remember(self._metonyms_of, text, tuple(self._metonyms.get(normalize_name(text), ())))
        return found[0] if len(found) == 1 else None

    def resolve(self, text: str) -> Resolution | None:
        """Try :meth:`lookup`, then :meth:`metonym`, then :meth:`demonym`."""
        entry = self.lookup(text)
        if entry is not None:
            return Resolution(entry, tuple(entry.sectors), "alias")
        seat = self.metonym(text)
        if seat is not None:
            return Resolution(seat[0], (seat[1],), "metonym")
        entry = self.demonym(text)
        if entry is not None:
            return Resolution(entry, (), "demonym")
        return None

    def sector_of(self, phrase: str) -> list[str]:
        """Sector codes a role phrase signals, primary first ("defence minister" -> GOV, MIL)."""
        found = self._sectors_of.get(phrase)
        if found is None:
            found = _remember(self._sectors_of, phrase, tuple(self.role_phrases.get(phrase_key(phrase), ())))
        return list(found)

    def entity_patterns(self) -> list[dict[str, Any]]:
        """spaCy EntityRuler patterns for every entry (see :mod:`khaldun.knowledge.patterns`)."""
        from khaldun.knowledge.patterns import build_patterns

        return build_patterns(self)

    def __len__(self) -> int:
        return len(self.entries)

    def __repr__(self) -> str:
        return f"Knowledge({len(self.entries)} entries, {len(self.role_phrases)} role phrases)"


def demonym_forms(demonyms: Iterable[str]) -> list[str]:
    """Demonyms with their regular plurals: ["Syrian"] -> ["Syrian", "Syrians"]."""
    forms: dict[str, None] = {}
    for demonym in demonyms:
        forms[demonym] = None
        if demonym.lower().endswith(_PLURAL_DEMONYM_ENDINGS):
            forms[demonym + "s"] = None
    return list(forms)


def _role_phrases(sectors: Iterable[Sector], uncountable: set[str]) -> dict[str, list[str]]:
    """Map each phrase and its plural to its sectors, in sector order, longest phrase first."""
    phrases: dict[str, list[str]] = {}
    for sector in sectors:
        for phrase in sector.phrases:
            key = phrase_key(phrase)
            forms = [key]
            head = head_word(key)
            if head not in uncountable and not (head.endswith("s") and not head.endswith("ss")):
                forms.append(plural(key))
            for form in forms:
                codes = phrases.setdefault(form, [])
                if sector.code not in codes:
                    codes.append(sector.code)
    ordered = sorted(phrases, key=lambda p: (-p.count(" "), -len(p), p))
    return {phrase: phrases[phrase] for phrase in ordered}


def _remember(memo: dict[str, Any], key: str, value: Any) -> Any:
    """Store *value* under *key* in a bounded memo (emptied when full); returns *value*."""
    if len(memo) >= _MEMO_SIZE:
        memo.clear()
    memo[key] = value
    return value


def _add(index: dict[str, list[Any]], key: str, value: Any) -> None:
    """Append *value* under *key* unless that very entry (or entry, sector pair) is there."""
    if not key:
        return
    bucket = index.setdefault(key, [])
    entry, extra = value if isinstance(value, tuple) else (value, None)
    for held in bucket:
        held_entry, held_extra = held if isinstance(held, tuple) else (held, None)
        if held_entry is entry and held_extra == extra:
            return
    bucket.append(value)
