"""The same quote reported by several documents becomes one group.

:func:`group_quotes` takes ``(quote, canonical_speaker_id)`` pairs (the id is
None when the speaker is unknown) and groups quotes that

- have the same speaker, or one side's speaker is unknown, and
- say the same words: equal normalised text, one text contained in the other
  (at least :data:`MIN_CONTAINED_WORDS` words), or, for texts of at least
  :data:`MIN_FUZZY_WORDS` words sharing at least half the shorter one's
  three-word shingles, a rapidfuzz similarity of at least
  :data:`MIN_SIMILARITY` (wire copy edited slightly by each outlet).

The result does not depend on the order of the input: quotes are visited in a
fixed order (longest text first), each joining the first group whose first
quote shares one of its :func:`lookup_keys` (normalised text, shingles) and
which holds a member saying the same words, the speakers agreeing.  Two
quotes saying the same words always share a key, and a quote only ever joins
a group through such a member: so the groups of a set of quotes closed under
"says the same words" are the same alone as within any
larger set, which lets the store regroup only what new quotes reach.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import chain

from rapidfuzz import fuzz

from khaldun.records import ActorRef, Quote

__all__ = ["MIN_CONTAINED_WORDS", "MIN_FUZZY_WORDS", "MIN_SIMILARITY", "QuoteGroup", "QuoteTexts",
           "group_quotes", "hashed_keys", "key_hash", "lookup_keys", "normalize_quote", "same_words"]

MIN_CONTAINED_WORDS = 4
MIN_FUZZY_WORDS = 8
MIN_SIMILARITY = 88.0
_SHINGLE = 3
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'", "`": "'"})
_NON_WORD = re.compile(r"[^\w\s']+")
_SPACE = re.compile(r"\s+")


def normalize_quote(text: str) -> str:
    """Lowercase words only: "“We will win,” he" and "we will win he" compare equal."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).lower()
    text = _NON_WORD.sub(" ", text).replace("'", "")
    return _SPACE.sub(" ", text).strip()


@dataclass(slots=True)
class QuoteGroup:
    """One quote and every report of it."""

    quote_id: str  # stable: speaker id + normalised text of the longest report
    text: str  # the longest text reported
    speaker: ActorRef | None
    speaker_id: str | None  # canonical speaker id, None when no report knows it
    cue: str | None  # the most frequent cue among the reports
    direct: bool  # at least one report quotes the words themselves
    kind: str  # kind of the longest report: "direct" | "partial" | "indirect"
    members: list[Quote] = field(default_factory=list)  # sorted by (doc_id, start)

    @property
    def reports(self) -> int:
        return len(self.members)

    @property
    def documents(self) -> int:
        return len({q.doc_id for q in self.members})


@dataclass(slots=True)
class _Item:
    quote: Quote
    speaker_id: str | None
    norm: str
    words: int
    keys: frozenset[str]  # lookup keys
    padded: str  # " norm ": one text inside another is a substring of these


class QuoteTexts:
    """Quote texts normalised once each: their words, lookup keys, and the same-words test.

    A memo owned by its caller (one grouping, one closure search) and dropped
    with it: the same text reported by many documents is normalised once.
    """

    __slots__ = ("_seen",)

    def __init__(self) -> None:
        self._seen: dict[str, tuple[_Item, list[str]]] = {}

    def _entry(self, text: str) -> tuple[_Item, list[str]]:
        entry = self._seen.get(text)
        if entry is None:
            norm = normalize_quote(text)
            keys = _keys(norm)
            item = _Item(None, None, norm, len(norm.split()), frozenset(keys), f" {norm} ")  # type: ignore[arg-type]
            entry = (item, keys)
            self._seen[text] = entry
        return entry

    def item(self, quote: Quote, speaker_id: str | None) -> _Item:
        """The quote as the grouping visits it."""
        text = self._entry(quote.text)[0]
        return _Item(quote, speaker_id, text.norm, text.words, text.keys, text.padded)

    def keys(self, text: str) -> list[str]:
        """What :func:`lookup_keys` gives for ``text``."""
        return list(self._entry(text)[1])

    def same(self, a: str, b: str) -> bool:
        """What :func:`same_words` says of two texts."""
        return _same_words(self._entry(a)[0], self._entry(b)[0])


@dataclass(slots=True)
class _Draft:
    items: list[_Item]
    speaker_id: str | None
    distinct: dict[str, _Item] = field(default_factory=dict)  # one member per normalised text

    def add(self, item: _Item) -> None:
        self.items.append(item)
        self.distinct.setdefault(item.norm, item)


def group_quotes(items: Iterable[tuple[Quote, str | None]],
                 texts: QuoteTexts | None = None) -> list[QuoteGroup]:
    """Group the same quote across documents; groups sorted by quote_id.

    ``texts`` may pass the caller's :class:`QuoteTexts` (texts it has normalised already).
    """
    texts = texts if texts is not None else QuoteTexts()
    pool = [texts.item(quote, speaker_id) for quote, speaker_id in items]
    # a fixed order: longest first, then known speakers, then by document and place
    pool.sort(key=lambda it: (-it.words, it.speaker_id is None, it.speaker_id or "", it.norm,
                              it.quote.doc_id, it.quote.start, it.quote.end, it.quote.quote_id))
    drafts: list[_Draft] = []
    founded = _Founders()
    for item in pool:
        target = _find_group(item, drafts, founded)
        if target is None:
            target = len(drafts)
            drafts.append(_Draft(items=[], speaker_id=item.speaker_id))
            founded.add(target, item.keys, item.speaker_id)
        draft = drafts[target]
        draft.add(item)
        before = draft.speaker_id
        draft.speaker_id = draft.speaker_id or item.speaker_id
        if draft.speaker_id != before:  # found among this speaker's groups from now on
            founded.add(target, draft.items[0].keys, draft.speaker_id, speaker_only=True)
    groups = [_finish(d) for d in drafts]
    groups.sort(key=lambda g: (g.quote_id, g.members[0].doc_id, g.members[0].start))
    return groups


class _Founders:
    """Lookup key -> the groups whose first quote has it, in creation order; also by the
    group's speaker, so a quote with a known speaker skips the groups of other speakers."""

    __slots__ = ("_all", "_by_speaker")

    def __init__(self) -> None:
        self._all: dict[str, list[int]] = {}
        self._by_speaker: dict[tuple[str, str | None], list[int]] = {}

    def add(self, group: int, keys: Iterable[str], speaker_id: str | None, *, speaker_only: bool = False) -> None:
        """Record a new group's keys (``speaker_only``: a group that now has a speaker, under it).

        A group that gains a speaker stays listed as having none: the caller
        checks the speakers of the groups it is given.
        """
        for key in keys:
            if not speaker_only:
                self._all.setdefault(key, []).append(group)
            self._by_speaker.setdefault((key, speaker_id), []).append(group)

    def candidates(self, keys: Iterable[str], speaker_id: str | None) -> list[tuple[int, int]]:
        """The groups whose first quote shares a key, in creation order, each with how many
        keys it shares (at least: a group can be counted twice for a key); with a speaker,
        only groups that had no speaker or had this one (a superset of those that agree)."""
        if speaker_id is None:
            every = self._all
            lists = [every[key] for key in keys if key in every]
        else:
            by = self._by_speaker
            lists = [found for found in [by.get((key, speaker_id)) for key in keys]
                     + [by.get((key, None)) for key in keys] if found]
        return sorted(Counter(chain.from_iterable(lists)).items())


def _find_group(item: _Item, drafts: list[_Draft], founded: _Founders) -> int | None:
    """The first group (in creation order) whose first quote shares a lookup key with the
    item, with a member saying the same words, its speaker agreeing; None when none.

    Two different texts saying the same words share keys enough that twice their number
    reaches the smaller key count less one (see :func:`_same_words`): a group whose only
    text is its first quote's, sharing fewer keys with the item, is passed over unread.
    """
    for n, shared in founded.candidates(item.keys, item.speaker_id):
        draft = drafts[n]
        if not _speakers_agree(item.speaker_id, draft.speaker_id):
            continue
        # members with equal texts answer alike: a reprinted quote is compared once
        if item.norm in draft.distinct:
            return n
        if len(draft.distinct) == 1 and 2 * shared < min(len(item.keys), len(draft.items[0].keys)) - 1:
            continue
        if any(_same_words(item, other) for other in draft.distinct.values()):
            return n
    return None


def _speakers_agree(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a == b


def same_words(a: str, b: str) -> bool:
    """Whether two quote texts say the same words (the module's rules)."""
    return QuoteTexts().same(a, b)


def _same_words(a: _Item, b: _Item) -> bool:
    if a.norm == b.norm:
        return True
    short, long_ = (a, b) if a.words <= b.words else (b, a)
    if short.words >= MIN_CONTAINED_WORDS and short.padded in long_.padded:
        return True  # (the short one's shingles are all the long one's)
    if short.words < MIN_FUZZY_WORDS:
        return False
    # fuzz.ratio is at most 200 * shorter / (both lengths): texts too unequal in length fail
    # without counting shared shingles (most pairs a grouping meets)
    chars_a, chars_b = len(a.norm), len(b.norm)
    if 200 * min(chars_a, chars_b) < MIN_SIMILARITY * (chars_a + chars_b) - 1e-6:
        return False
    # lightly edited copy keeps most word sequences: at least half the shorter text's shingles
    shared = len(a.keys & b.keys)
    return 2 * shared >= min(len(a.keys), len(b.keys)) - 1 and fuzz.ratio(a.norm, b.norm) >= MIN_SIMILARITY


def lookup_keys(text: str) -> list[str]:
    """What a quote is looked up by: its normalised text and its word shingles.  A quote
    only joins a group through a member sharing one of these keys with it."""
    return _keys(normalize_quote(text))


def key_hash(key: str) -> int:
    """A stable signed 64-bit hash of a lookup key (what a store indexes quotes by)."""
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest(), "big", signed=True)


def hashed_keys(text: str) -> list[int]:
    """:func:`key_hash` of each of :func:`lookup_keys` (a pure function of the text: run it
    where the quote was found)."""
    return [key_hash(key) for key in lookup_keys(text)]


def _keys(norm: str) -> list[str]:
    return [f"N:{norm}", *(f"S:{' '.join(sh)}" for sh in dict.fromkeys(_shingles(norm)))]


def _shingles(norm: str) -> list[tuple[str, ...]]:
    words = norm.split()
    if len(words) < _SHINGLE:
        return []
    return [tuple(words[i:i + _SHINGLE]) for i in range(len(words) - _SHINGLE + 1)]


def _finish(draft: _Draft) -> QuoteGroup:
    items = sorted(draft.items, key=lambda it: (it.quote.doc_id, it.quote.start, it.quote.end))
    longest = min(items, key=lambda it: (-it.words, it.quote.kind == "indirect", it.quote.doc_id,
                                         it.quote.start))
    with_speaker = [it for it in items if it.quote.speaker is not None
                    and (draft.speaker_id is None or it.speaker_id == draft.speaker_id)]
    speaker = (with_speaker[0].quote.speaker if with_speaker else None)
    cues = Counter(it.quote.cue for it in items if it.quote.cue)
    cue = min(cues, key=lambda c: (-cues[c], c)) if cues else None
    key = f"{draft.speaker_id or ''}|{longest.norm}"
    return QuoteGroup(
        quote_id=hashlib.sha256(key.encode("utf-8")).hexdigest()[:16],
        text=longest.quote.text, speaker=speaker, speaker_id=draft.speaker_id, cue=cue,
        direct=any(it.quote.kind != "indirect" for it in items), kind=longest.quote.kind,
        members=[it.quote for it in items])
